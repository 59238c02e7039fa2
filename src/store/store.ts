import type { Article } from '../types.js';

/** Filters every article listing and search takes. */
export interface ArticleFilter {
  /** Outlet name, exact and case-insensitive. */
  outlet?: string;
  /** Published on or after this date (ISO 8601, compared in UTC). */
  since?: string;
  /** Published before the end of this date (ISO 8601, compared in UTC). */
  until?: string;
}

/** One line of an article listing. */
export interface ArticleSummary {
  id: string;
  outlet: string | null;
  published: string | null;
  title: string | null;
}

/** A search hit: the article, its BM25 score (higher is better) and a snippet with highlighted ranges. */
export interface SearchHit extends ArticleSummary {
  score: number;
  snippet: string;
  /** `[start, end)` ranges of matched terms inside `snippet`. */
  highlights: Array<[number, number]>;
}

/** What writing one article came to. */
export type PutResult = 'new' | 'present';

/** Counts over the whole dossier. */
export interface StoreStats {
  articles: number;
  sources: number;
  outlets: number;
}

/**
 * The one interface every backend (SQLite now, PostgreSQL later) implements.
 * Writes are batched: one call, one transaction, all or nothing.
 */
export interface Store {
  /** Stores a batch of articles in one transaction. An article already stored gains the new sources only. */
  putArticles(articles: readonly Article[]): Promise<PutResult[]>;
  getArticle(id: string): Promise<Article | null>;
  /** Articles newest first (undated last), then by id. */
  listArticles(filter: ArticleFilter, limit: number, offset?: number): Promise<ArticleSummary[]>;
  /** BM25-ranked full-text search over title and body. */
  search(query: string, filter: ArticleFilter, limit: number): Promise<SearchHit[]>;
  stats(): Promise<StoreStats>;
  close(): Promise<void>;
}

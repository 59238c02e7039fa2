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

/** One page of a cursor listing: the rows and the cursor of the next page (null on the last page). */
export interface ArticlePage {
  items: ArticleSummary[];
  /** Opaque; pass it back as `after` to read on. Stays valid while articles are added. */
  next: string | null;
}

/** An outlet and how much of the dossier it carried (every source counts, not only the first one read). */
export interface OutletCount {
  name: string;
  /** Distinct articles this outlet carried. */
  articles: number;
  /** Sources naming this outlet (a page saved twice counts twice). */
  sources: number;
  /** Earliest and latest publication instant (UTC ISO) of its articles, null when none is dated. */
  first: string | null;
  last: string | null;
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
  /**
   * Articles in the order of `listArticles`, read page by page with a keyset
   * cursor: stable while articles are added, and as fast on page 1,000 as on page 1.
   * Throws `DOSSIER_E_PARAM` when `after` is not a cursor this store gave.
   */
  listArticlesPage(filter: ArticleFilter, limit: number, after?: string): Promise<ArticlePage>;
  /** BM25-ranked full-text search over title and body. */
  search(query: string, filter: ArticleFilter, limit: number): Promise<SearchHit[]>;
  /** How many articles of each outlet match a search (the outlet facet), most first. */
  searchOutlets(query: string, filter: ArticleFilter): Promise<Array<{ name: string; hits: number }>>;
  /** Every outlet named by a source, with its counts, most articles first. */
  listOutlets(): Promise<OutletCount[]>;
  stats(): Promise<StoreStats>;
  close(): Promise<void>;
}

import type { Chain } from '../resolve/article.js';
import type { Analysis, Article, ArticleSource, EntityType, OutletAlias, QuoteKind } from '../types.js';

/** Filters every listing takes: articles, searches, stories and quotes. */
export interface ListFilter {
  /** Outlet name or any of its spellings (`outlet_aliases`), case-insensitive. */
  outlet?: string;
  /** Published on or after this date (ISO 8601, compared in UTC). */
  since?: string;
  /** Published before the end of this date (ISO 8601, compared in UTC). */
  until?: string;
}

/** Filters the article listing, the search and the quote listing take. */
export interface ArticleFilter extends ListFilter {
  /** Language code as stored (`en`), exact and case-insensitive. */
  language?: string;
  /** Only articles naming this entity (its key). */
  entity?: string;
  /** Only articles of this story (its id). */
  story?: string;
}

/** One line of an article listing. */
export interface ArticleSummary {
  id: string;
  outlet: string | null;
  published: string | null;
  title: string | null;
}

/**
 * Matches a search reads at most: when more match, hits are the newest matches (storage order) instead of the
 * best by BM25, and facets count the newest `FACET_SAMPLE` (`SearchFacets.sampled`).
 */
export const SEARCH_SAMPLE = 1000;
/** Matches the facets of a sampled search count: the newest this many (a broad query's facets are a sample). */
export const FACET_SAMPLE = 200;

/** A search hit: the article, its BM25 score (higher is better) and a snippet with highlighted ranges. */
export interface SearchHit extends ArticleSummary {
  /** Null when more than `SEARCH_SAMPLE` articles match: hits are then the newest, not ranked. */
  score: number | null;
  snippet: string;
  /** `[start, end)` ranges of matched terms inside `snippet`. */
  highlights: Array<[number, number]>;
}

/** The facets of a search: over every match, or over the newest `SEARCH_SAMPLE` when more match. */
export interface SearchFacets {
  /** Matching articles: all of them, or `SEARCH_SAMPLE` when `sampled` (more match). */
  matched: number;
  /** Matches the facets count: `matched`, or the newest `FACET_SAMPLE` (storage order) when `sampled`. */
  counted: number;
  /** More than `SEARCH_SAMPLE` articles match: the counts are those of the newest `FACET_SAMPLE`. */
  sampled: boolean;
  /** Matches per outlet (every source counts), most first, with the outlet filter left out. */
  outlets: Array<{ name: string; hits: number }>;
  /** Dated matches per day (`YYYY-MM-DD`, UTC), by day. */
  days: Array<{ day: string; hits: number }>;
  /** Entities named in the newest 200 of the matches counted, by how many of them name each (15 at most). */
  entities: Array<{ key: string; type: EntityType; name: string; hits: number }>;
}

/** A page of search results: the hits (as `Store.search` gives them) and the facets, from one walk of the matches. */
export interface SearchPage extends SearchFacets {
  hits: SearchHit[];
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

/** Filters of a story listing; dates select stories whose date range overlaps them. */
export interface StoryFilter extends ListFilter {
  /** Only stories holding an article that matches this full-text query. */
  q?: string;
  /** Only the story holding this article (id or unique prefix). */
  article?: string;
  /** Only stories with at least this many articles. @default 1 */
  minArticles?: number;
}

/** One line of a story listing. */
export interface StorySummary {
  /** Story id: the id of its first article (canonical order), so it is stable while that article stays first. */
  id: string;
  /** Its top terms, joined: a label until summaries exist. */
  label: string;
  terms: string[];
  /** Earliest and latest publication instant (UTC ISO) of its articles, null when none is dated. */
  first: string | null;
  last: string | null;
  /** Distinct articles. */
  articles: number;
  /** Outlets that carried any of its articles (every source counts), sorted. */
  outlets: string[];
  /** Near-duplicate groups with a member in this story. */
  duplicateGroups: number;
}

/** One carrying of an article in a story: one line per source, so a wire story republished verbatim shows each outlet. */
export interface StoryArticle {
  id: string;
  source: string;
  outlet: string | null;
  /** Date as this source stated it (else the article's). */
  published: string | null;
  title: string | null;
}

/** A member of a stored duplicate group. */
export interface DuplicateMember {
  id: string;
  outlet: string | null;
  published: string | null;
  title: string | null;
}

/** Near-duplicates: the first published member and who copied it. */
export interface StoredDuplicateGroup {
  /** Members by date (undated last), then id; the first is the original. */
  members: DuplicateMember[];
  /** Id of the first published member; null when the first member is undated, so who was first is unknown. */
  first: string | null;
  /** Outlets, other than the first member's, that carried a copy (verbatim carriers of any member included), sorted; empty when `first` is null. */
  copiedBy: string[];
}

/** A story with its articles (by outlet, then date) and its duplicate groups. */
export interface StoryDetail extends StorySummary {
  items: StoryArticle[];
  duplicates: StoredDuplicateGroup[];
  /** The entities most of its articles name (from stored analyses), most articles first. */
  entities: Array<{ key: string; type: EntityType; name: string; articles: number }>;
}

/** What one link run computed: replaces every earlier result, or, with `delta`, what it changed. */
export interface LinkWrite {
  /** Version of the link stage and its options; a change means the corpus is linked again. */
  version: string;
  stories: Array<{ id: string; label: string; terms: string[]; articles: readonly string[] }>;
  /** Near-duplicate groups, members in the order `describeGroup` gives (first published first). */
  duplicates: Array<{ members: readonly string[] }>;
  /** Statements grouped across articles that say the same thing (two or more articles each). */
  claims?: Array<{
    id: string;
    text: string;
    first: { articleId: string; published: string | null };
    outlets: string[];
    speakers: string[];
    statements: ClaimStatement[];
  }>;
  /** Seconds the run took, kept for `dossier link` reports. */
  seconds: number;
  /**
   * The link stage's saved state (opaque bytes) for the next run to continue from: the part a run rewrites
   * (`snapshot`) and pieces appended to its log (`log`). Absent `snapshot` clears both.
   */
  snapshot?: Uint8Array;
  log?: LinkLogWrite;
  /**
   * When present, only what the run changed: `stories` and `claims` are written (replacing any stored one
   * of the same id), the stories and claims whose ids are listed here are deleted, and every other stored
   * story and claim stays. Duplicate groups are replaced whole either way.
   */
  delta?: { stories: readonly string[]; claims: readonly string[] };
}

/** One piece of the link stage's state log (opaque bytes), under a part name the link stage chooses. */
export interface LinkLogChunk {
  part: string;
  /** The latest instant (ms) the piece is needed for; null: as long as the log lasts. */
  until: number | null;
  data: Uint8Array;
}

/** What a link run does to the state log: pieces appended after dropping the log (`reset`) or old pieces. */
export interface LinkLogWrite {
  /** Drop every stored piece first (the run appends its whole state). */
  reset?: boolean;
  append: readonly LinkLogChunk[];
  /** Drop the pieces of `part` needed until before `before` (ms). */
  prune?: { part: string; before: number };
  /** Drop every piece of these parts first (a part the run writes anew, one piece, while the rest is appended). */
  drop?: readonly string[];
}

/** One statement of a claim: where it is, who said it (null for the article's own text), when and in which outlet. */
export interface ClaimStatement {
  article: string;
  start: number;
  end: number;
  text: string;
  kind: 'quote' | 'text';
  speaker: string | null;
  published: string | null;
  outlet: string | null;
}

/** A claim as listed: its first statement's text, who carried it and since when. */
export interface ClaimSummary {
  id: string;
  text: string;
  /** The earliest dated statement's article and date. */
  first: { article: string; published: string | null };
  articles: number;
  outlets: string[];
  speakers: string[];
}

/** A claim with every statement, earliest first. */
export interface ClaimDetail extends ClaimSummary {
  statements: ClaimStatement[];
}

/** Whether the stored stories cover the stored articles. */
export interface LinkState {
  /** Version of the last run, null when the dossier was never linked. */
  version: string | null;
  /** Articles covered by the last run. */
  linked: number;
  /** Articles stored now. */
  articles: number;
  /** When the last run ended (UTC ISO). */
  linkedAt: string | null;
  /** Stories stored, those of two or more articles, and near-duplicate groups. */
  stories: number;
  multiStories: number;
  duplicateGroups: number;
}

/** What the link stage reads of an article: its id and what each of its sources said of it. */
export interface LinkSourceRow {
  id: string;
  sources: Array<Pick<ArticleSource, 'source' | 'outlet' | 'title' | 'published'>>;
}

/** An article the analyze stage has yet to (re)analyse: no analysis, or one of another version. */
export interface PendingAnalysis {
  /** Storage order, for reading on: pass the last one as `after`. */
  seq: number;
  id: string;
  body: string;
  /** The article's published date as stated (ISO 8601), the reference for relative dates. */
  published: string | null;
}

/** Whether the stored analyses are those of the current analyze stage. */
export interface AnalysisState {
  articles: number;
  /** Articles whose analysis has the given version. */
  current: number;
  /** Articles with an analysis of another version. */
  stale: number;
}

/** Which entities to list. */
export interface EntityFilter {
  /** One entity type. */
  type?: EntityType;
  /** Names containing this text (case and diacritics folded). */
  q?: string;
}

/** One entity of the dossier: every named mention whose folded name and type agree. */
export interface EntitySummary {
  /** `TYPE:folded name`, stable across runs. */
  key: string;
  type: EntityType;
  /** The spelling shown (the one with diacritics, else the longest). */
  name: string;
  mentions: number;
  articles: number;
}

/** An entity with its spellings, where it appears and what it said. */
export interface EntityDetail extends EntitySummary {
  aliases: Array<{ text: string; mentions: number }>;
  /** Roles the articles give it (`Turkish Foreign Minister`), with the first and last article date, most articles first. */
  roles: Array<{ role: string; first: string | null; last: string | null; articles: number }>;
  /** Articles and mentions per outlet (the article's own outlet), most articles first. */
  outlets: Array<{ name: string; articles: number; mentions: number }>;
  /** Mentions per month (`YYYY-MM`, by publication date; undated articles left out) and the article's outlet. */
  months: Array<{ month: string; outlet: string | null; mentions: number }>;
  /** Latest articles mentioning it. */
  recent: ArticleSummary[];
  /** Quotes attributed to it, latest first. */
  quotes: StoredQuote[];
  /** Entities mentioned in the same articles, most shared articles first (ties: most articles, then key). */
  related: Array<EntitySummary & { shared: number }>;
}

/** Which quotes to list. */
export interface QuoteFilter extends ArticleFilter {
  /** A speaker: an entity key, or a name matched after folding (an entity's name or a quote's speaker text). */
  speaker?: string;
  /** Only quotes of this article (id or unique prefix). */
  article?: string;
  kind?: QuoteKind;
}

/** A quote as the quote views show it: the analysis's quote with its article and speaker entity. */
export interface StoredQuote {
  article: { id: string; outlet: string | null; published: string | null; title: string | null };
  kind: QuoteKind;
  text: string;
  cue: string | null;
  speaker: { name: string | null; entity: string | null; mention: string | null; via: string };
  addressee: string | null;
  channel: string | null;
  /** When the statement was made: the time expression of its attribution (`said on Tuesday`), else the article's publication date (ISO). */
  date: string | null;
  /** Where `date` comes from: `text` (the attribution says it) or `published` (the article's date). */
  dateFrom: 'text' | 'published';
  start: number;
  end: number;
}

/** Entities named together: the nodes (most articles first) and how many articles name each pair. */
export interface CoMentionGraph {
  nodes: EntitySummary[];
  edges: Array<{ source: string; target: string; articles: number }>;
}

/**
 * The co-mention network around one entity: it and the entities named beside it in most articles (nodes, with
 * their totals), and for each pair of them the articles naming both.
 */
export interface EntityGraph extends CoMentionGraph {
  key: string;
  /** The articles naming the entity. */
  articles: number;
}

/** One article's analysis to store. */
export interface AnalysisWrite {
  id: string;
  analysis: Analysis;
  /** The version `pendingAnalyses` compares with. @default analysis.version */
  version?: string;
  /** The article's entity chains (resolve stage): their names make the mentions' entities. */
  chains?: readonly Chain[];
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
  /**
   * Full-text search over title and body: the best `limit` by BM25, or, when more than `SEARCH_SAMPLE` articles
   * match, the newest `limit` in storage order (score null), so that a broad query costs no more than a narrow one.
   */
  search(query: string, filter: ArticleFilter, limit: number): Promise<SearchHit[]>;
  /**
   * The first `limit` hits of a search (as `search` gives them) with its outlet, day and entity facets (see
   * `SearchFacets`): what the search page shows, from one walk of the matches instead of one for each.
   */
  searchPage(query: string, filter: ArticleFilter, limit: number): Promise<SearchPage>;
  /** Every outlet named by a source, with its counts, most articles first. */
  listOutlets(): Promise<OutletCount[]>;
  /**
   * The outlets of `listOutlets` by name (case-insensitive), without their counts: what a caller that needs only the
   * names reads (ingest's outlet learning after every run), one index seek per outlet. Spellings that differ only in
   * case are one outlet, under one of them.
   */
  listOutletNames(): Promise<string[]>;
  /** Every spelling stored as another outlet's (`rt.com` → `RT`), by spelling. */
  listOutletAliases(): Promise<OutletAlias[]>;
  /**
   * Stores each spelling as the outlet it names, in one transaction: what is stored under the spelling (articles,
   * sources, stories' and claims' outlets, entity totals) and the spellings that named it move to that outlet,
   * which keeps no alias of its own. Articles stored later under a spelling are stored under its outlet.
   */
  putOutletAliases(aliases: readonly OutletAlias[]): Promise<void>;
  stats(): Promise<StoreStats>;
  /** Every article's id and sources, in storage order (for the link stage, which picks its own order). */
  listLinkSources(): AsyncIterable<LinkSourceRow>;
  /** Bodies of the given articles (ids not stored are left out). */
  getBodies(ids: readonly string[]): Promise<Map<string, string>>;
  /** Replaces every story and duplicate group in one transaction and records the run. */
  putLinks(result: LinkWrite): Promise<void>;
  linkState(): Promise<LinkState>;
  /** The saved state the last link run stored with its result, or null. */
  getLinkSnapshot(): Promise<Uint8Array | null>;
  /** The pieces of one part of the link state log, in the order they were appended. */
  getLinkLog(part: string): Promise<Uint8Array[]>;
  /** Stories, most articles first, then latest first, then by id. */
  listStories(filter: StoryFilter, limit: number, offset?: number): Promise<StorySummary[]>;
  /** One story (id or a unique prefix) with its articles and duplicate groups. */
  getStory(id: string): Promise<StoryDetail | null>;
  /** Articles without an analysis of `version`, in storage order after `after` (a `seq`). */
  pendingAnalyses(version: string, limit: number, after?: number): Promise<PendingAnalysis[]>;
  /** Stores analyses (replacing earlier ones of the same articles) in one transaction; unknown ids are skipped. */
  putAnalyses(items: readonly AnalysisWrite[]): Promise<void>;
  /** The stored analysis of an article (id or unique prefix), whatever its version. */
  getAnalysis(id: string): Promise<Analysis | null>;
  /** The stored analyses of articles by exact id, in the order asked; ids without one are left out. */
  getAnalyses(ids: readonly string[]): Promise<Map<string, Analysis>>;
  analysisState(version: string): Promise<AnalysisState>;
  /** Entities, most articles first, then most mentions, then by key. */
  listEntities(filter: EntityFilter, limit: number, offset?: number): Promise<EntitySummary[]>;
  /** One entity by key, else by name (folded; the entity with most articles wins). */
  getEntity(keyOrName: string): Promise<EntityDetail | null>;
  /**
   * The co-mention network of the entities named in the given articles (all when null): the `maxEntities`
   * entities with most articles, and for each pair the articles naming both.
   */
  coMentions(articleIds: readonly string[] | null, maxEntities: number): Promise<CoMentionGraph>;
  /**
   * The co-mention network around the entity with this key: it and the `maxEntities - 1` entities named beside it
   * in most articles; null when no article names it.
   */
  entityGraph(key: string, maxEntities: number): Promise<EntityGraph | null>;
  /** Claims, most articles first; `entity` keeps those whose text or speakers name it. */
  listClaims(filter: { entity?: string }, limit: number, offset?: number): Promise<ClaimSummary[]>;
  /** One claim (id or a unique prefix of it) with its statements. */
  getClaim(id: string): Promise<ClaimDetail | null>;
  /** Quotes, latest article first, then in body order. */
  listQuotes(filter: QuoteFilter, limit: number, offset?: number): Promise<StoredQuote[]>;
  close(): Promise<void>;
}

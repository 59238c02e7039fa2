/**
 * The one place the UI talks to the server. Every answer is JSON; corpus text
 * in it is rendered as text nodes only (see `Highlighted`), never as HTML.
 */

export interface ArticleSummary {
  id: string;
  outlet: string | null;
  published: string | null;
  title: string | null;
}

export interface SearchHit extends ArticleSummary {
  /** BM25; null when the search was sampled (hits newest first). */
  score: number | null;
  snippet: string;
  highlights: Array<[number, number]>;
}

export interface SearchResult {
  query: string;
  /** Matching articles: all of them, or the most the server reads for one search when `sampled` (more match). */
  matched: number;
  /** Matches the facets count: all of them, or the newest few (a sample) when `sampled`. */
  counted: number;
  /** More matched than the server reads for one search: hits are the newest, facets count the newest `counted`. */
  sampled: boolean;
  order: 'relevance' | 'newest';
  hits: SearchHit[];
  outlets: Array<{ name: string; hits: number }>;
  /** Dated matches per day (UTC). */
  days: Array<{ day: string; hits: number }>;
  /** Entities named in the newest 200 matches counted, by how many of them name each. */
  entities: Array<{ key: string; type: string; name: string; hits: number }>;
}

export interface ArticlePage {
  items: ArticleSummary[];
  next: string | null;
}

export interface ArticleSource {
  source: string;
  url: string | null;
  charset: string | null;
  outlet: string | null;
  title: string | null;
  published: string | null;
}

export interface Article {
  id: string;
  title: string | null;
  outlet: string | null;
  published: string | null;
  authors: string[];
  language: string | null;
  canonicalUrl: string | null;
  section: string | null;
  tags: string[];
  body: string;
  removed: Array<{ text: string; reason: string }>;
  sources: ArticleSource[];
}

export interface Outlet {
  name: string;
  articles: number;
  sources: number;
  first: string | null;
  last: string | null;
}

export interface Stats {
  articles: number;
  sources: number;
  outlets: number;
  ingest: boolean;
  maxLimit: number;
}

/** An error answer from the API, or a network failure. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const TOKEN_KEY = 'dossier.token';

/** The bearer token the analyst typed in, kept for this tab only. */
export function getToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(token: string | null): void {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

/** GETs an API path with query parameters (empty values left out). */
export async function apiGet<T>(path: string, params: Record<string, string | undefined> = {}): Promise<T> {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) query.set(key, value);
  const url = query.size ? `${path}?${query}` : path;
  const token = getToken();
  let response: Response;
  try {
    response = await fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  } catch {
    throw new ApiError(0, 'NETWORK', 'the dossier server does not answer');
  }
  const body = (await response.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
  if (!response.ok) {
    throw new ApiError(response.status, body?.error?.code ?? 'HTTP', body?.error?.message ?? response.statusText);
  }
  return body as T;
}

export interface StorySummary {
  id: string;
  label: string;
  terms: string[];
  first: string | null;
  last: string | null;
  articles: number;
  outlets: string[];
  duplicateGroups: number;
}

export interface StoryList {
  items: StorySummary[];
  /** Articles arrived since the stories were computed. */
  stale: boolean;
}

export interface DuplicateMember {
  id: string;
  outlet: string | null;
  published: string | null;
  title: string | null;
}

export interface Story extends StorySummary {
  /** One entry per source of each article, by outlet then date. */
  items: Array<DuplicateMember & { source: string }>;
  duplicates: Array<{ first: string | null; copiedBy: string[]; members: DuplicateMember[] }>;
  entities: Array<{ key: string; type: string; name: string; articles: number }>;
}

export type EntityType = 'PERSON' | 'ORG' | 'LOC' | 'NORP' | 'PRODUCT' | 'EVENT';

export interface EntitySummary {
  key: string;
  type: EntityType;
  name: string;
  mentions: number;
  articles: number;
}

export interface Quote {
  article: ArticleSummary;
  kind: 'direct' | 'indirect' | 'mixed';
  text: string;
  cue: string | null;
  speaker: { name: string | null; entity: string | null; mention: string | null; via: string };
  addressee: string | null;
  channel: string | null;
  date: string | null;
  start: number;
  end: number;
}

export interface Entity extends EntitySummary {
  aliases: Array<{ text: string; mentions: number }>;
  roles: Array<{ role: string; first: string | null; last: string | null; articles: number }>;
  outlets: Array<{ name: string; articles: number; mentions: number }>;
  months: Array<{ month: string; outlet: string | null; mentions: number }>;
  recent: ArticleSummary[];
  quotes: Quote[];
  related: Array<EntitySummary & { shared: number }>;
}

export interface Span {
  start: number;
  end: number;
}

/** An article's stored analysis: standoff spans into its body. */
export interface Annotations {
  version: string;
  sentences: Span[];
  entities: Array<Span & { type: string; text: string }>;
  times: Array<Span & { type: string; text: string; value: string; granularity: string }>;
  amounts: Array<Span & { type: string; text: string; value: number; currency?: string; unit?: string }>;
  quotes: Array<
    Span & {
      kind: string;
      parts: Span[];
      cue: (Span & { text: string }) | null;
      speaker: { mention: (Span & { text: string }) | null; resolved: (Span & { text: string }) | null };
    }
  >;
}

/** Where a fact, term or voice was found: a sentence of an article. */
export interface Evidence {
  article: string;
  start: number;
  end: number;
}

/** `GET /api/stories/:id/compare` (docs/COMPARE.md). */
export interface Comparison {
  story: string;
  label: string;
  outlets: string[];
  facts: Array<{
    id: string;
    kind: 'statement' | 'quote' | 'amount' | 'entity';
    label: string;
    outlets: string[];
    cells: Record<string, { state: 'carried' | 'different' | 'absent'; note?: string; evidence: Evidence[] }>;
  }>;
  byOutlet: Array<{
    outlet: string;
    articles: string[];
    omissions: string[];
    exclusives: string[];
    framing: Array<{ term: string; z: number; count: number; evidence: Evidence[] }>;
    voices: Array<{
      speaker: string;
      type: string;
      country: string | null;
      quotes: number;
      direct: number;
      paraphrased: number;
      share: number;
      evidence: Evidence[];
    }>;
    tone: { mean: number; sentences: number } | null;
    /** Sentences the informational-bias model puts at or above its threshold (candidates, not findings). */
    biasCandidates: Array<Evidence & { probability: number }>;
  }>;
  referents: Array<{
    key: string;
    /** `name`: the names of one entity; `group`: the plural nouns outlets use for one group. */
    kind: 'name' | 'group';
    labels: Record<string, Array<{ label: string; count: number; evidence: Evidence[] }>>;
  }>;
  timing: {
    order: Array<{ outlet: string; article: string; published: string | null; hoursAfterFirst: number | null }>;
  };
  toneMethod: string;
}

export interface Citation {
  articleId: string;
  outlet: string | null;
  published: string | null;
  start: number;
  end: number;
}

/** `GET /api/stories/:id/timeline`. */
export interface StoryTimeline {
  story: string;
  summary: Array<{ text: string; citations: Citation[] }>;
  events: Array<{ date: string; granularity: string; text: string; citations: Citation[] }>;
}

export interface ClaimSummary {
  id: string;
  text: string;
  first: { article: string; published: string | null };
  articles: number;
  outlets: string[];
  speakers: string[];
}

export interface Claim extends ClaimSummary {
  statements: Array<{
    article: string;
    start: number;
    end: number;
    text: string;
    kind: string;
    speaker: string | null;
    published: string | null;
    outlet: string | null;
  }>;
}

/**
 * The co-mention network around an entity (`GET /api/entities/:key/graph`): it, then the entities named beside it in
 * most articles (with their totals), and for each pair the articles naming both.
 */
export interface EntityGraph {
  key: string;
  /** The articles naming the entity. */
  articles: number;
  nodes: EntitySummary[];
  edges: Array<{ source: string; target: string; articles: number }>;
}

/** A count across stories with the first sentences behind it. */
export interface Tally {
  name: string;
  count: number;
  stories: number;
  evidence: Array<{ article: string; start: number; end: number; story: string }>;
}

/** An outlet's coverage over the largest stories it shares (`GET /api/outlets/:name/profile`). */
export interface OutletProfile {
  outlet: string;
  stories: string[];
  voices: Tally[];
  framing: Tally[];
  labels: Tally[];
  exclusives: number;
  omissions: number;
  first: number;
  medianHoursAfterFirst: number | null;
  tone: number | null;
}

/** Two outlets over the stories both covered (`GET /api/outlets/:name/vs/:other`). */
export interface OutletVersus {
  a: OutletProfile;
  b: OutletProfile;
  facts: { both: number; onlyA: number; onlyB: number; different: number };
  labels: Array<{ story: string; key: string; a: string[]; b: string[] }>;
}

import { normalizeDate } from './extract/dates.js';
import { CLUSTER_DEFAULTS, StoryClusterer } from './link/cluster.js';
import { CLAIM_DEFAULTS, groupClaims, type Statement, statementsOf } from './link/claims.js';
import { DEDUP_DEFAULTS, DuplicateDetector, type LinkDoc } from './link/dedup.js';
import { fnv1a, terms } from './link/text.js';
import type { LinkSourceRow, LinkState, LinkWrite, Store } from './store/store.js';

/**
 * Connects the link stage to the store: reads the stored articles, runs
 * near-duplicate detection and story clustering over them, and writes the
 * stories and duplicate groups back in one transaction.
 *
 * The link stage's promise (the same set of articles gives the same stories
 * whatever the arrival order) holds only when articles reach it in one
 * canonical order. So a run always feeds the whole stored corpus in that
 * order (published instant, then id; undated last), built from a choice that
 * depends on the set alone: the date, outlet and title of an article are
 * those of its earliest-dated source (then the smallest source name), not of
 * whichever source happened to be ingested first. The clusterer's state is
 * not persisted yet, so "incremental" means: a run with nothing new to link
 * does nothing; a run with new articles recomputes the corpus (docs/LINK.md).
 */

/** Terms shown as a story's label. */
const LABEL_TERMS = 4;
/** Bodies read from the store per round trip. */
const BODY_BATCH = 500;
/** Words of the lead that count toward the label (the title counts double). */
const LABEL_LEAD_WORDS = 120;

/**
 * Version of what a run stores: the link modules' options and this file's
 * choices. A change means every dossier is linked again on its next ingest.
 */
export const LINK_VERSION = `link-1:${fingerprint(JSON.stringify({ c: { ...CLUSTER_DEFAULTS, evidence: CLUSTER_DEFAULTS.evidence.map((e) => [e.name, e.weight, e.indexed]) }, d: DEDUP_DEFAULTS, k: CLAIM_DEFAULTS, l: [LABEL_TERMS, LABEL_LEAD_WORDS] }))}`;

/** Options of one link run. */
export interface LinkRunOptions {
  /** Link even when the stored stories already cover every stored article. @default false */
  force?: boolean;
}

/** What a link run came to. */
export interface LinkRunSummary {
  /** False when nothing had changed since the last run, so nothing was computed. */
  ran: boolean;
  articles: number;
  stories: number;
  /** Stories of two or more articles. */
  multiStories: number;
  duplicateGroups: number;
  /** Claims carried by two or more articles (0 when nothing was computed). */
  claims?: number;
  seconds: number;
}

/** Whether the stored stories are out of date: articles arrived since, or the link stage changed. */
export function isStale(state: LinkState): boolean {
  return state.version !== LINK_VERSION || state.linked !== state.articles;
}

/** One article as the link run orders it. */
interface Planned {
  id: string;
  title: string;
  outlet: string | null;
  published: number | null;
}

/**
 * Links the stored corpus when it changed since the last run (or always with
 * `force`) and stores the result. Deterministic: the result is a function of
 * the stored articles and their sources.
 */
export async function linkStore(store: Store, options: LinkRunOptions = {}): Promise<LinkRunSummary> {
  const started = performance.now();
  const state = await store.linkState();
  if (!options.force && !isStale(state)) {
    return {
      ran: false,
      articles: state.articles,
      stories: state.stories,
      multiStories: state.multiStories,
      duplicateGroups: state.duplicateGroups,
      seconds: (performance.now() - started) / 1000,
    };
  }

  const plan: Planned[] = [];
  for await (const row of store.listLinkSources()) plan.push(canonicalSource(row));
  plan.sort(canonicalOrder);

  const dedup = new DuplicateDetector();
  const clusterer = new StoryClusterer();
  /** Per article: its label terms (title twice, then the lead). */
  const labelTerms = new Map<string, string[]>();
  const df = new Map<string, number>();
  const statements: Statement[] = [];
  for (let at = 0; at < plan.length; at += BODY_BATCH) {
    const chunk = plan.slice(at, at + BODY_BATCH);
    const bodies = await store.getBodies(chunk.map((p) => p.id));
    for (const p of chunk) {
      const doc: LinkDoc = { ...p, body: bodies.get(p.id) ?? '' };
      dedup.add(doc);
      clusterer.add(doc);
      const t = terms(p.title);
      const list = [...t, ...t, ...terms(doc.body.slice(0, LABEL_LEAD_WORDS * 8)).slice(0, LABEL_LEAD_WORDS)];
      labelTerms.set(p.id, list);
      for (const term of new Set(list)) df.set(term, (df.get(term) ?? 0) + 1);
      // the claims' statements, read with the body (their story is known once clustering is done)
      const analysis = await store.getAnalysis(p.id);
      if (analysis) {
        const published = p.published === null ? null : new Date(p.published).toISOString();
        statements.push(...statementsOf({ id: p.id, body: doc.body, outlet: p.outlet, published }, analysis));
      }
    }
  }
  clusterer.flush();

  const stories = clusterer.results().map((s) => {
    const top = label(s.articles, labelTerms, df, plan.length);
    return { id: s.id, label: top.join(' · ') || '(no terms)', terms: top, articles: s.articles };
  });
  const duplicates = dedup.groups().map((g) => ({ members: g.members.map((m) => m.id) }));
  const claims = findClaims(statements, stories);
  const seconds = (performance.now() - started) / 1000;
  await store.putLinks({ version: LINK_VERSION, stories, duplicates, claims, seconds });
  return {
    ran: true,
    articles: plan.length,
    stories: stories.length,
    multiStories: stories.filter((s) => s.articles.length > 1).length,
    duplicateGroups: duplicates.length,
    claims: claims.length,
    seconds,
  };
}

/**
 * Claims: the statements (quotes and the clauses around them) of every
 * analysed article, grouped when they say the same thing; only claims carried
 * by two or more articles are kept. Articles not analysed yet have none.
 */
function findClaims(
  statements: Statement[],
  stories: ReadonlyArray<{ id: string; articles: readonly string[] }>,
): NonNullable<LinkWrite['claims']> {
  const storyOf = new Map<string, string>();
  for (const s of stories) for (const a of s.articles) storyOf.set(a, s.id);
  for (const st of statements) st.story = storyOf.get(st.articleId) ?? null;
  return groupClaims(statements)
    .filter((c) => c.articles.length >= 2)
    .map((c) => ({
      id: c.id,
      text: c.text,
      first: c.first,
      outlets: c.outlets,
      speakers: c.speakers,
      statements: c.statements.map((st) => ({
        article: st.articleId,
        start: st.start,
        end: st.end,
        text: st.text,
        kind: st.kind,
        speaker: st.speaker,
        published: st.published,
        outlet: st.outlet,
      })),
    }));
}

/**
 * The source that speaks for an article in the link stage: the earliest
 * dated one, then the smallest source name. A function of the set of
 * sources, so the order they were ingested in does not matter.
 */
export function canonicalSource(row: LinkSourceRow): Planned {
  let best: { source: string; outlet: string | null; title: string | null; ms: number | null } | null = null;
  for (const s of row.sources) {
    const ms = msOf(s.published);
    const candidate = { source: s.source, outlet: s.outlet, title: s.title, ms };
    if (!best || earlier(candidate, best)) best = candidate;
  }
  return { id: row.id, title: best?.title ?? '', outlet: best?.outlet ?? null, published: best?.ms ?? null };
}

function earlier(a: { source: string; ms: number | null }, b: { source: string; ms: number | null }): boolean {
  const ta = a.ms ?? Number.POSITIVE_INFINITY;
  const tb = b.ms ?? Number.POSITIVE_INFINITY;
  return ta !== tb ? ta < tb : a.source < b.source;
}

function msOf(published: string | null): number | null {
  if (!published) return null;
  const utc = normalizeDate(published)?.utc;
  const ms = utc ? Date.parse(utc) : Number.NaN;
  return Number.isNaN(ms) ? null : ms;
}

/** The clusterer's own canonical order: published instant, then id; undated last. */
function canonicalOrder(a: Planned, b: Planned): number {
  const ta = a.published ?? Number.POSITIVE_INFINITY;
  const tb = b.published ?? Number.POSITIVE_INFINITY;
  if (ta !== tb) return ta - tb;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * A story's top terms: how many of its articles use a term (in the title it
 * counts twice) times the term's IDF over the corpus; ties by the term.
 */
function label(
  ids: readonly string[],
  labelTerms: Map<string, string[]>,
  df: Map<string, number>,
  n: number,
): string[] {
  const score = new Map<string, number>();
  for (const id of ids) {
    const counts = new Map<string, number>();
    for (const t of labelTerms.get(id) ?? []) counts.set(t, (counts.get(t) ?? 0) + 1);
    for (const [t, c] of counts) score.set(t, (score.get(t) ?? 0) + Math.min(c, 3));
  }
  return [...score]
    .map(([t, s]) => [t, s * Math.log(1 + n / (df.get(t) ?? 1))] as const)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, LABEL_TERMS)
    .map(([t]) => t);
}

/** A short fingerprint of the options. */
function fingerprint(text: string): string {
  return fnv1a(text).toString(16).padStart(8, '0');
}

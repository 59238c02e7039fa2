/**
 * A story's timeline, label and extractive summary, from its articles and
 * their analyses. Pure functions: the same articles (in any order) give the
 * same result; every line cites the article spans it comes from.
 *
 * - Timeline: sentences whose time expressions resolve to a day, a month or
 *   a season, one event per date and statement; the same event told by
 *   several outlets (their sentences match as claims do) is one entry citing
 *   each of them. Ordered by the start of the date's range, finer dates first.
 * - Label: the terms most of the story's articles use in their title and
 *   lead (title counting double), weighted by an IDF the caller may give.
 * - Summary: every sentence of the story is a candidate; sentences that say
 *   the same thing across outlets are grouped first (claim matching), so the
 *   summary never repeats itself; groups are scored by how central their
 *   words are to the story, how many outlets carry them and how early in an
 *   article they come; the best are shown in the order the story told them.
 */
import type { Analysis, Span, TimeGranularity } from '../types.js';
import type { ClaimOptions, Statement } from './claims.js';
import { backgroundIdf } from './idf.js';
import { groupClaims } from './statement-set.js';
import { terms } from './text.js';

/** One article of a story, as these functions read it. */
export interface StoryArticle {
  id: string;
  title: string;
  body: string;
  outlet: string | null;
  /** Published date (ISO 8601) or null. */
  published: string | null;
  analysis: Analysis;
}

/** Where a line comes from: one span of one article. */
export interface Citation extends Span {
  articleId: string;
  outlet: string | null;
  published: string | null;
}

/** One dated event of a story. */
export interface TimelineEvent {
  /** The time expression's value (`2020-02-28`, `2020-02`, `2022-SP`). */
  date: string;
  granularity: TimeGranularity;
  /** Days covered, `start` inclusive, `end` exclusive. */
  range: { start: string; end: string };
  /** The sentence of the first citation. */
  text: string;
  /** Every article sentence telling it, earliest article first. */
  citations: Citation[];
}

/** One line of a summary. */
export interface SummarySentence {
  text: string;
  citations: Citation[];
}

/** A story's label and summary. */
export interface StorySummary {
  label: string;
  terms: string[];
  sentences: SummarySentence[];
}

/** Options of timelines and summaries; every field has a default. */
export interface TimelineOptions {
  /** Granularities that make a sentence an event. @default day, month, season */
  granularities: readonly TimeGranularity[];
  /** Sentences in a summary. @default 5 */
  summarySentences: number;
  /** Terms in a label. @default 4 */
  labelTerms: number;
  /** Words of the lead read for the label (the title counts double). @default 120 */
  labelLeadWords: number;
  /** Sentences shorter or longer than this (characters) are not summary candidates. @default [40, 400] */
  summaryLength: readonly [number, number];
  /** IDF of a label term. @default the background IDF (`idf.ts`), the weights the stored labels use */
  idf: ((term: string) => number) | null;
  /** How statements are matched across outlets (see `ClaimOptions`). @default the claim defaults */
  matching: Partial<ClaimOptions>;
}

/** The defaults, frozen. */
export const TIMELINE_DEFAULTS: Readonly<TimelineOptions> = Object.freeze({
  granularities: Object.freeze(['day', 'month', 'season'] as TimeGranularity[]),
  summarySentences: 5,
  labelTerms: 4,
  labelLeadWords: 120,
  summaryLength: Object.freeze([40, 400] as [number, number]),
  idf: null,
  matching: Object.freeze({}),
});

/** Validates options once and returns them frozen. */
export function timelineOptions(partial: Partial<TimelineOptions> = {}): Readonly<TimelineOptions> {
  const o = { ...TIMELINE_DEFAULTS, ...partial };
  for (const k of ['summarySentences', 'labelTerms', 'labelLeadWords'] as const)
    if (!Number.isInteger(o[k]) || o[k] < 1) throw new RangeError(`timeline option ${k} must be a positive integer`);
  if (!(o.summaryLength[0] >= 0 && o.summaryLength[1] > o.summaryLength[0]))
    throw new RangeError('timeline option summaryLength must be [min, max] with min < max');
  return Object.freeze(o);
}

/** Order of granularities at one range start: finer first. */
const GRANULARITY_RANK: Readonly<Record<TimeGranularity, number>> = Object.freeze({
  time: 0,
  day: 1,
  week: 2,
  month: 3,
  season: 4,
  year: 5,
});

/** Relaxed matching for sentences of one date: the shared date already says they are about one event. */
const SAME_DATE_MATCHING: Partial<ClaimOptions> = Object.freeze({
  overlap: 0.45,
  cosine: 0.35,
  minShared: 2,
  minFeatures: 2,
});

/** Articles in canonical order: published (undated last), then id. */
function ordered(articles: readonly StoryArticle[]): StoryArticle[] {
  const t = (a: StoryArticle) => {
    const v = a.published ? Date.parse(a.published) : Number.NaN;
    return Number.isNaN(v) ? Number.POSITIVE_INFINITY : v;
  };
  return [...articles].sort((a, b) => t(a) - t(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Sentences of an analysis that lie inside the body. */
function sentencesOf(a: StoryArticle): Span[] {
  const n = a.body.length;
  return (a.analysis?.sentences ?? []).filter((s) => s.start >= 0 && s.end <= n && s.start < s.end);
}

/** A sentence as a statement for matching. */
function sentenceStatement(a: StoryArticle, s: Span): Statement {
  return {
    articleId: a.id,
    start: s.start,
    end: s.end,
    text: a.body.slice(s.start, s.end),
    kind: 'text',
    speaker: null,
    published: a.published,
    outlet: a.outlet,
    story: null,
    names: (a.analysis.entities ?? [])
      .filter((e) => e.start >= s.start && e.end <= s.end && e.type !== 'DATE' && e.type !== 'TIME')
      .map((e) => e.text),
    numbers: (a.analysis.amounts ?? []).filter((m) => m.start >= s.start && m.end <= s.end).map((m) => m.value),
  };
}

const cite = (s: Statement): Citation => ({
  articleId: s.articleId,
  outlet: s.outlet,
  published: s.published,
  start: s.start,
  end: s.end,
});

/** A story's dated events, ordered; see the module comment. Never throws on odd analyses. */
export function storyTimeline(
  articles: readonly StoryArticle[],
  options: Partial<TimelineOptions> = {},
): TimelineEvent[] {
  const o = timelineOptions(options);
  const wanted = new Set(o.granularities);
  /** Statements by date value, with the expression's granularity and range. */
  const byDate = new Map<
    string,
    { granularity: TimeGranularity; range: { start: string; end: string }; st: Statement[] }
  >();
  for (const a of ordered(articles)) {
    const sentences = sentencesOf(a);
    const seen = new Set<string>();
    for (const t of a.analysis?.times ?? []) {
      if (!wanted.has(t.granularity) || !t.range?.start || !t.range?.end) continue;
      const s = sentences.find((x) => x.start <= t.start && t.end <= x.end);
      if (!s) continue;
      const key = `${t.value}\u0000${s.start}`;
      if (seen.has(key)) continue; // one sentence, one entry per date
      seen.add(key);
      let slot = byDate.get(t.value);
      if (!slot) {
        slot = { granularity: t.granularity, range: { start: t.range.start, end: t.range.end }, st: [] };
        byDate.set(t.value, slot);
      }
      slot.st.push(sentenceStatement(a, s));
    }
  }
  const events: TimelineEvent[] = [];
  for (const [date, slot] of byDate) {
    const groups = groupClaims(slot.st, { ...o.matching, ...SAME_DATE_MATCHING, minArticles: 1 });
    const grouped = new Set(groups.flatMap((g) => g.statements));
    const all = [...groups.map((g) => g.statements), ...slot.st.filter((s) => !grouped.has(s)).map((s) => [s])];
    for (const members of all) {
      events.push({
        date,
        granularity: slot.granularity,
        range: slot.range,
        text: (members[0] as Statement).text,
        citations: members.map(cite),
      });
    }
  }
  const rank = (e: TimelineEvent) => GRANULARITY_RANK[e.granularity] ?? 9;
  const firstCite = (e: TimelineEvent) => e.citations[0] as Citation;
  const when = (c: Citation) => (c.published ? Date.parse(c.published) : Number.NaN);
  return events.sort((a, b) => {
    if (a.range.start !== b.range.start) return a.range.start < b.range.start ? -1 : 1;
    if (rank(a) !== rank(b)) return rank(a) - rank(b);
    const ca = firstCite(a);
    const cb = firstCite(b);
    const ta = when(ca);
    const tb = when(cb);
    if (ta !== tb && !(Number.isNaN(ta) && Number.isNaN(tb)))
      return Number.isNaN(ta) ? 1 : Number.isNaN(tb) ? -1 : ta - tb;
    if (ca.articleId !== cb.articleId) return ca.articleId < cb.articleId ? -1 : 1;
    return ca.start - cb.start;
  });
}

/** Label terms of a story: the terms its articles share, weighted by `idf` (the background IDF by default). */
export function storyLabel(articles: readonly StoryArticle[], options: Partial<TimelineOptions> = {}): string[] {
  const o = timelineOptions(options);
  const counts = new Map<string, number>();
  for (const a of articles) {
    const title = terms(a.title ?? '');
    const lead = terms((a.body ?? '').slice(0, o.labelLeadWords * 8)).slice(0, o.labelLeadWords);
    const score = new Map<string, number>();
    for (const t of lead) score.set(t, 1);
    for (const t of title) score.set(t, 2); // a title term counts double
    for (const [t, s] of score) counts.set(t, (counts.get(t) ?? 0) + s);
  }
  const idf = o.idf ?? backgroundIdf().labels.weight;
  const weight = (t: string, c: number) => c * idf(t);
  return [...counts]
    .map(([t, c]) => [t, weight(t, c)] as const)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, o.labelTerms)
    .map(([t]) => t);
}

/** Position bonus of a sentence: the lead says what the story is. */
const LEAD_BONUS = 0.5;
/** Bonus for each further outlet that carries a sentence's content. */
const OUTLET_BONUS = 0.25;

/** A story's label and extractive summary; see the module comment. Never throws on odd analyses. */
export function storySummary(articles: readonly StoryArticle[], options: Partial<TimelineOptions> = {}): StorySummary {
  const o = timelineOptions(options);
  const label = storyLabel(articles, o);
  const arts = ordered(articles);
  // how many articles use each term: a sentence made of such terms is central to the story
  const articleTerms = new Map<string, number>();
  const candidates: Statement[] = [];
  const position = new Map<Statement, number>();
  for (const a of arts) {
    for (const t of new Set(terms(a.body ?? ''))) articleTerms.set(t, (articleTerms.get(t) ?? 0) + 1);
    sentencesOf(a).forEach((s, i) => {
      const len = s.end - s.start;
      if (len < o.summaryLength[0] || len > o.summaryLength[1]) return;
      const st = sentenceStatement(a, s);
      candidates.push(st);
      position.set(st, i);
    });
  }
  const n = Math.max(1, arts.length);
  const centrality = (s: Statement) => {
    const ts = [...new Set(terms(s.text))];
    if (ts.length < 4) return 0;
    let sum = 0;
    for (const t of ts) sum += (articleTerms.get(t) ?? 0) / n;
    return sum / Math.sqrt(ts.length);
  };
  const groups = groupClaims(candidates, { ...o.matching, minArticles: 1 });
  const scored = groups
    .map((g) => {
      let best = g.statements[0] as Statement;
      let bestScore = -1;
      for (const s of g.statements) {
        const sc = centrality(s) + LEAD_BONUS / (1 + (position.get(s) ?? 0));
        if (sc > bestScore) {
          best = s;
          bestScore = sc;
        }
      }
      return { g, best, score: bestScore + OUTLET_BONUS * (g.outlets.length - 1) };
    })
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score || (a.g.id < b.g.id ? -1 : a.g.id > b.g.id ? 1 : 0))
    .slice(0, o.summarySentences);
  // shown in the order the story told them: earliest citation, then offset
  const artRank = new Map(arts.map((a, i) => [a.id, i]));
  const key = (s: Statement) => [artRank.get(s.articleId) ?? 0, s.start] as const;
  scored.sort((a, b) => {
    const [ra, sa] = key(a.g.statements[0] as Statement);
    const [rb, sb] = key(b.g.statements[0] as Statement);
    return ra - rb || sa - sb;
  });
  return {
    label: label.join(' · '),
    terms: label,
    sentences: scored.map(({ g, best }) => ({
      text: best.text,
      citations: [best, ...g.statements.filter((s) => s !== best)].map(cite),
    })),
  };
}

/**
 * Claims: statements that say the same thing, grouped across articles,
 * stories and years.
 *
 * A statement is a piece of one sentence: the part a quote covers (with its
 * speaker) or a clause of the text around quotes (no speaker). Each becomes a
 * set of features: stemmed content words with paraphrase classes folded
 * (`Moscow` → `russia`, `agreement` → `deal`), numbers normalised
 * (`$2.5-billion` and `$2.5 billion` meet), and the word each negation
 * (`not`, `cannot`, `refused` ...) denies. Two statements match when their
 * shared features, weighted by a background IDF that does not move with the
 * corpus (`idf.ts`), cover enough of both, neither denies a word the other
 * states, they do not disagree on numbers, and share a name when both carry names. A claim is a connected
 * component of matching pairs (`StatementSet` in `statement-set.ts`, which
 * also finds the candidate pairs and continues from a saved state).
 */
import type { Analysis, Span } from '../types.js';
import { stem, words } from './text.js';

/** Where a statement comes from. */
export type StatementKind = 'quote' | 'text';

/** One statement: a span of one article, ready to be grouped. */
export interface Statement {
  articleId: string;
  /** `[start, end)` into the article body. */
  start: number;
  end: number;
  text: string;
  kind: StatementKind;
  /** The speaker as resolved in the article, or as written; null for text. */
  speaker: string | null;
  /** Published date (ISO 8601) of the article, or null. */
  published: string | null;
  outlet: string | null;
  /** The story the article belongs to, when known. */
  story: string | null;
  /** Names inside the span (entity mentions from the analyze stage), as written. */
  names: string[];
  /** Numbers inside the span (amounts from the analyze stage), scale applied. */
  numbers: number[];
}

/** A group of statements saying the same thing. */
export interface Claim {
  /** Stable name: `articleId:start` of its first statement in canonical order. */
  id: string;
  /** The text of that first statement. */
  text: string;
  /** Members, earliest first (undated last), then by article id and offset. */
  statements: Statement[];
  /** The earliest dated statement's date and article (the first statement's when none is dated). */
  first: { articleId: string; published: string | null };
  /** Distinct article ids, sorted. */
  articles: string[];
  /** Distinct outlets that carried it, sorted. */
  outlets: string[];
  /** Distinct speakers, sorted. */
  speakers: string[];
  /** Distinct stories, sorted. */
  stories: string[];
}

/** Options of claim grouping; every field has a default. */
export interface ClaimOptions {
  /** Shared IDF weight over the smaller statement's weight at or above which two statements may match. @default 0.55 */
  overlap: number;
  /** Shared weight over the geometric mean of both weights at or above which they may match. @default 0.45 */
  cosine: number;
  /** Content features (words, numbers) two statements must share. @default 3 */
  minShared: number;
  /** Statements with fewer content features are not grouped (`he said`, `the talks were detailed`). @default 4 */
  minFeatures: number;
  /** Heaviest (rarest in the background) features of a statement it is indexed under. @default 8 */
  queryFeatures: number;
  /** Statements a feature may index; more makes it too common to propose pairs (saturated). @default 200 */
  postingCap: number;
  /** Claims with fewer distinct articles are not reported (1 reports every statement). @default 2 */
  minArticles: number;
  /**
   * Both thresholds are lowered by this much when the statements share an
   * amount of at least 1,000 (`$2.5 billion`): a specific figure rarely
   * recurs by chance, so it stands in for a shared word or two. @default 0.1
   */
  amountRelief: number;
  /** Share of cross pairs that must match on their own before two groups of a component merge. @default 0.5 */
  linkage: number;
}

/** The defaults, frozen. */
export const CLAIM_DEFAULTS: Readonly<ClaimOptions> = Object.freeze({
  overlap: 0.55,
  cosine: 0.47,
  minShared: 3,
  minFeatures: 4,
  queryFeatures: 8,
  postingCap: 200,
  minArticles: 2,
  linkage: 0.5,
  amountRelief: 0.1,
});

/** Validates options once and returns them frozen. */
export function claimOptions(partial: Partial<ClaimOptions> = {}): Readonly<ClaimOptions> {
  const o = { ...CLAIM_DEFAULTS, ...partial };
  for (const k of ['minShared', 'minFeatures', 'queryFeatures', 'postingCap', 'minArticles'] as const)
    if (!Number.isInteger(o[k]) || o[k] < 1) throw new RangeError(`claim option ${k} must be a positive integer`);
  if (!(o.amountRelief >= 0 && o.amountRelief < Math.min(o.overlap, o.cosine)))
    throw new RangeError('claim option amountRelief must be at least 0 and below both thresholds');
  for (const k of ['overlap', 'cosine', 'linkage'] as const)
    if (!(o[k] > 0 && o[k] <= 1)) throw new RangeError(`claim option ${k} must be in (0, 1]`);
  return Object.freeze(o);
}

/**
 * Paraphrase classes: words news text uses interchangeably for one thing.
 * Each entry maps a stemmed word to the class it stands for.
 */
const PARAPHRASE: ReadonlyMap<string, string> = new Map(
  (
    [
      // capitals and seats of government stand for their countries (metonymy)
      ['washington', 'us'],
      ['america', 'us'],
      ['pentagon', 'us'],
      ['moscow', 'russia'],
      ['kremlin', 'russia'],
      ['russian', 'russia'],
      ['ankara', 'turkey'],
      ['turkish', 'turkey'],
      ['beijing', 'china'],
      ['chinese', 'china'],
      ['kyiv', 'ukraine'],
      ['kiev', 'ukraine'],
      ['ukrainian', 'ukraine'],
      ['tehran', 'iran'],
      ['iranian', 'iran'],
      ['damascus', 'syria'],
      ['syrian', 'syria'],
      ['london', 'uk'],
      ['britain', 'uk'],
      ['british', 'uk'],
      ['brussels', 'eu'],
      // an agreement between parties
      ['agreement', 'deal'],
      ['contract', 'deal'],
      ['accord', 'deal'],
      // acquiring something
      ['buy', 'purchase'],
      ['bought', 'purchase'],
      ['acquire', 'purchase'],
      ['acquisition', 'purchase'],
      ['sold', 'sell'],
      ['supply', 'sell'],
      // fitting into another system
      ['compatible', 'integrate'],
      ['interoperable', 'integrate'],
      // weapons systems
      ['defence', 'defense'],
      ['weapons', 'weapon'],
      ['arms', 'weapon'],
    ] as const
  ).map(([w, c]) => [stem(w), stem(c)]),
);

/** Negations: each denies the next content word (`NEGATED_PREFIX`); not content themselves. */
const NEGATION = new Set(
  'not no never cannot nothing none neither nor without refuse refused refuses refusing deny denied denies reject rejected rejects fail failed fails unable'.split(
    ' ',
  ),
);
/** Contracted negation: `won't`, `can't`, `didn't`. */
const NEGATED = /n['’]t$/;

/** Words that carry no claim content: function words, reporting verbs, time words, hedges. */
const FILLER = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being below between both ' +
    'but by can could did do does doing down during each few for from further had has have having he her here hers him ' +
    'his how i if in into is it its itself just me more most my of off on once only or other our ours out over own same ' +
    'she should so some such than that the their theirs them then there these they this those through to too under until ' +
    'up very was we were what when where which while who whom why will with would you your yours us mr ms mrs ' +
    'said says say saying told tell tells telling added adding claimed claims claim stated stating insisted noted ' +
    'according reported reportedly announced believes believe thinks think fears feared warned suggested ' +
    'monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow week weeks day days month months ' +
    'year years january february march april may june july august september october november december ' +
    'thousand million billion trillion amount total some about around nearly almost ' +
    'recently earlier later now previous current currently repeatedly already still even well another many much'
  ).split(' '),
);

/** Number words and scales, for numbers written without the analyze stage. */
const SCALE: Readonly<Record<string, number>> = Object.freeze({
  thousand: 1e3,
  million: 1e6,
  billion: 1e9,
  trillion: 1e12,
  bn: 1e9,
  mn: 1e6,
});
/** A number with an optional scale word: `2.5 billion`, `$2.5-billion`, `1,500`, `40%`. */
const NUMBER = /(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:[\s-]*(thousand|million|billion|trillion|bn|mn)\b)?/giu;
/** Digits glued to letters are names of things (`S-400`, `F-35`), not amounts. */
const DESIGNATION = /[\p{L}]-?$/u;

/** Normalised numbers of a text: scale applied, designations and bare years skipped. */
export function numbersIn(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(NUMBER)) {
    const at = m.index ?? 0;
    if (DESIGNATION.test(text.slice(Math.max(0, at - 2), at))) continue;
    const v = Number((m[1] as string).replace(/,/g, '')) * (m[2] ? (SCALE[m[2].toLowerCase()] ?? 1) : 1);
    if (!m[2] && v >= 1900 && v <= 2100 && Number.isInteger(v)) continue; // a year dates the claim, it is not its content
    if (Number.isFinite(v)) out.push(v);
  }
  return out;
}

/** A designation (`s-400`, `f-35`), its plural (`s-400s`) folded. */
const DESIGNATION_WORD = /^([a-z]+-?\d+)s?$/;

/** Prefix of a negated term's feature: `!sell` for `did not sell`, `refused to sell`. */
export const NEGATED_PREFIX = '!';

/** Features of one statement: content features (sorted, distinct, negated terms marked), names and numbers. */
export interface StatementFeatures {
  /**
   * Stemmed content words (paraphrase classes folded), `#number` features and, for the first content word
   * after each negation, the word again with `NEGATED_PREFIX` (it weighs nothing: it says what is denied);
   * sorted, distinct.
   */
  content: string[];
  /** Content features that come from names, sorted. */
  names: string[];
  /** Numbers, sorted, distinct. */
  numbers: number[];
}

/** A content word after stemming and folding, or null when it carries no content. */
export function contentTerm(raw: string): string | null {
  const w = raw.replace(/['’]s$/, '');
  const designation = DESIGNATION_WORD.exec(w);
  if (designation) return designation[1] as string;
  if (w.length < 2 || FILLER.has(w) || /^\d/.test(w)) return null;
  const s = stem(w);
  return PARAPHRASE.get(s) ?? PARAPHRASE.get(w) ?? s;
}

/** Country names as news abbreviates them, each to the word a paraphrase class folds (`U.S.` and `US` to `America`). */
const COUNTRY_FORMS =
  /\b(?:(U\.S\.(?:A\.)?|USA\b|US\b|United States(?: of America)?\b)|(U\.K\.|UK\b|United Kingdom\b|Great Britain\b)|E\.U\.|European Union\b)/gu;

/**
 * The lower-case words of a statement as claims read them: country abbreviations written out (`US` is not the
 * pronoun `us`, `U.S.` is not two letters), and compounds split at hyphens (`Trump-backed`, `catch-and-release`)
 * unless a designation (`S-400`, `COVID-19`).
 */
export function claimWords(text: string): string[] {
  const out: string[] = [];
  const t = text.replace(COUNTRY_FORMS, (_, us?: string, uk?: string) => (us ? 'America' : uk ? 'Britain' : 'EU'));
  for (const w of words(t))
    if (w.includes('-') && !DESIGNATION_WORD.test(w)) out.push(...w.split('-'));
    else out.push(w);
  return out;
}

/** Turns a statement's text (and the names and numbers the analyze stage found in it) into features. */
export function statementFeatures(
  text: string,
  names: readonly string[] = [],
  numbers?: readonly number[],
): StatementFeatures {
  const content = new Set<string>();
  let scope = false;
  for (const raw of claimWords(text)) {
    if (NEGATION.has(raw) || NEGATED.test(raw)) {
      scope = true;
      continue;
    }
    const t = contentTerm(raw);
    if (!t) continue;
    content.add(t);
    if (scope) content.add(NEGATED_PREFIX + t);
    scope = false;
  }
  const nums = [...new Set(numbers && numbers.length ? numbers : numbersIn(text))].sort((a, b) => a - b);
  for (const n of nums) content.add(`#${n}`);
  const nameTerms = new Set<string>();
  for (const name of names)
    for (const raw of words(name)) {
      const t = contentTerm(raw);
      if (t && content.has(t)) nameTerms.add(t);
    }
  return { content: [...content].sort(), names: [...nameTerms].sort(), numbers: nums };
}

/** Clause boundaries inside the text around quotes: a claim is rarely a whole compound sentence. */
const CLAUSE_BREAK =
  /;|\s[–—]\s|,\s(?=(?:and|but|while|whereas|having|which|who|as)\s)|\s(?:and|but)\s(?=(?:has|have|had|is|was|said|says|will|would)\s)|\sthat\s/gu;

/** Pieces of `[start, end)` of `body` not covered by any of `covered`, split into clauses. */
function clauses(body: string, start: number, end: number, covered: readonly Span[]): Span[] {
  const free: Span[] = [];
  let at = start;
  for (const c of covered) {
    if (c.end <= at || c.start >= end) continue;
    if (c.start > at) free.push({ start: at, end: c.start });
    at = Math.max(at, c.end);
  }
  if (at < end) free.push({ start: at, end });
  const out: Span[] = [];
  for (const f of free) {
    const text = body.slice(f.start, f.end);
    let from = 0;
    for (const m of text.matchAll(CLAUSE_BREAK)) {
      const i = m.index ?? 0;
      out.push({ start: f.start + from, end: f.start + i });
      from = i + m[0].length;
    }
    out.push({ start: f.start + from, end: f.end });
  }
  return out.map((s) => trim(body, s)).filter((s) => s.end - s.start >= 12);
}

/** Shrinks a span past surrounding spaces and punctuation. */
function trim(body: string, s: Span): Span {
  let { start, end } = s;
  while (start < end && /[\s,.;:“”"'‘’–—-]/u.test(body[start] as string)) start++;
  while (end > start && /[\s,;:“”"'‘’–—-]/u.test(body[end - 1] as string)) end--;
  return { start, end };
}

/** What `statementsOf` needs of an article besides its analysis. */
export interface ClaimArticle {
  id: string;
  body: string;
  outlet: string | null;
  /** ISO 8601 date or instant, or null. */
  published: string | null;
  story?: string | null;
}

/**
 * The statements of one article: every quote piece inside a sentence (with
 * its speaker), then the clauses of the text around quotes. Never throws:
 * spans outside the body are skipped.
 */
export function statementsOf(article: ClaimArticle, analysis: Analysis): Statement[] {
  const body = article.body;
  const out: Statement[] = [];
  const sentences = analysis.sentences.filter((s) => s.start >= 0 && s.end <= body.length && s.start < s.end);
  const pieces: Array<Span & { speaker: string | null }> = [];
  /** Cues of quotes: a clause holding one frames a quote (`the minister told reporters`), it is not a claim. */
  const cues: Span[] = [];
  for (const q of analysis.quotes ?? []) {
    if (q.cue) cues.push(q.cue);
    const speaker = q.speaker.resolved?.text ?? q.speaker.mention?.text ?? null;
    for (const p of q.parts) {
      if (!(p.start >= 0 && p.end <= body.length && p.start < p.end)) continue;
      for (const s of sentences) {
        const start = Math.max(p.start, s.start);
        const end = Math.min(p.end, s.end);
        if (end - start >= 12) pieces.push({ ...trim(body, { start, end }), speaker });
      }
    }
  }
  pieces.sort((a, b) => a.start - b.start || a.end - b.end);
  const make = (s: Span, kind: StatementKind, speaker: string | null): Statement => ({
    articleId: article.id,
    start: s.start,
    end: s.end,
    text: body.slice(s.start, s.end),
    kind,
    speaker,
    published: article.published,
    outlet: article.outlet,
    story: article.story ?? null,
    names: analysis.entities
      .filter((e) => e.start >= s.start && e.end <= s.end && e.type !== 'DATE' && e.type !== 'TIME')
      .map((e) => e.text),
    numbers: analysis.amounts.filter((a) => a.start >= s.start && a.end <= s.end).map((a) => a.value),
  });
  let last = -1;
  for (const p of pieces) {
    if (p.start < last) continue; // overlapping quote parts: keep the first
    out.push(make(p, 'quote', p.speaker));
    last = p.end;
  }
  for (const s of sentences)
    for (const c of clauses(body, s.start, s.end, pieces))
      if (!cues.some((q) => q.start < c.end && c.start < q.end)) out.push(make(c, 'text', null));
  return out.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** What a `StatementSet` keeps of a statement besides its features: no text. */
export type StatementRef = Omit<Statement, 'text' | 'names' | 'numbers' | 'story'>;

/** A claim's description from its statements (canonical order): first, articles, outlets, speakers. */
export function describeClaim<S extends StatementRef>(
  sts: readonly S[],
): Pick<Claim, 'id' | 'first' | 'articles' | 'outlets' | 'speakers'> {
  const head = sts[0] as S;
  const dated = sts.find((s) => s.published !== null) ?? head;
  return {
    id: `${head.articleId}:${head.start}`,
    first: { articleId: dated.articleId, published: dated.published },
    articles: [...new Set(sts.map((s) => s.articleId))].sort(),
    outlets: distinct(sts.map((s) => s.outlet)),
    speakers: distinct(sts.map((s) => s.speaker)),
  };
}

/** Distinct non-empty values, sorted. */
export function distinct(xs: ReadonlyArray<string | null>): string[] {
  return [...new Set(xs.filter((x): x is string => x !== null && x !== ''))].sort();
}

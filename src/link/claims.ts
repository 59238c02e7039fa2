/**
 * Claims: statements that say the same thing, grouped across articles,
 * stories and years.
 *
 * A statement is a piece of one sentence: the part a quote covers (with its
 * speaker) or a clause of the text around quotes (no speaker). Each becomes a
 * set of features: stemmed content words with paraphrase classes folded
 * (`Moscow` → `russia`, `agreement` → `deal`), numbers normalised
 * (`$2.5-billion` and `$2.5 billion` meet), and one polarity flag (`not`,
 * `cannot`, `refused` ...). Two statements are one claim when their shared
 * features, weighted by IDF over the statement set, cover enough of both,
 * they agree on polarity, do not disagree on numbers, and share a name when
 * both carry names.
 *
 * Candidate pairs come from an inverted index over each statement's rarest
 * features; features carried by more than `postingCap` statements are not
 * indexed (they would pair everything with everything), so the cost per
 * statement does not grow with the corpus. Grouping is a pure function of
 * the statement set: statements are sorted canonically, IDF is taken over
 * the whole set, and pairs are merged best first with ties broken by ids.
 */
import type { Analysis, Span } from '../types.js';
import { ownString } from '../own-string.js';
import { fnv1a, stem, words } from './text.js';
import { type NumberList, floatList, intList, roomFor } from './typed.js';

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
  /** Rarest features of a statement looked up in the index. @default 8 */
  queryFeatures: number;
  /** Statements a feature may index; more makes it too common to propose pairs. @default 200 */
  postingCap: number;
  /** Claims with fewer distinct articles are not reported (1 reports every statement). @default 2 */
  minArticles: number;
  /**
   * Both thresholds are lowered by this much when the statements share an
   * amount of at least 1,000 (`$2.5 billion`): a specific figure rarely
   * recurs by chance, so it stands in for a shared word or two. @default 0.1
   */
  amountRelief: number;
  /** Share of cross pairs that must match on their own before two groups merge. @default 0.5 */
  linkage: number;
}

/** The defaults, frozen. */
export const CLAIM_DEFAULTS: Readonly<ClaimOptions> = Object.freeze({
  overlap: 0.55,
  cosine: 0.45,
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

/** Words that turn a statement's polarity (folded into one feature, not content). */
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

/** Features of one statement: content features (sorted, distinct), polarity and names. */
export interface StatementFeatures {
  /** Stemmed content words (paraphrase classes folded) and `#number` features, sorted, distinct. */
  content: string[];
  /** Whether a negation is present. */
  negated: boolean;
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

/** Turns a statement's text (and the names and numbers the analyze stage found in it) into features. */
export function statementFeatures(
  text: string,
  names: readonly string[] = [],
  numbers?: readonly number[],
): StatementFeatures {
  const content = new Set<string>();
  let negated = false;
  for (const raw of words(text)) {
    if (NEGATION.has(raw) || NEGATED.test(raw)) {
      negated = true;
      continue;
    }
    const t = contentTerm(raw);
    if (t) content.add(t);
  }
  const nums = [...new Set(numbers && numbers.length ? numbers : numbersIn(text))].sort((a, b) => a - b);
  for (const n of nums) content.add(`#${n}`);
  const nameTerms = new Set<string>();
  for (const name of names)
    for (const raw of words(name)) {
      const t = contentTerm(raw);
      if (t && content.has(t)) nameTerms.add(t);
    }
  return { content: [...content].sort(), negated, names: [...nameTerms].sort(), numbers: nums };
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

/** Canonical order: published (undated last), article id, start. */
function canonical(a: Statement, b: Statement): number {
  const ta = a.published ? Date.parse(a.published) : Number.NaN;
  const tb = b.published ? Date.parse(b.published) : Number.NaN;
  const da = Number.isNaN(ta) ? Number.POSITIVE_INFINITY : ta;
  const db = Number.isNaN(tb) ? Number.POSITIVE_INFINITY : tb;
  if (da !== db) return da - db;
  if (a.articleId !== b.articleId) return a.articleId < b.articleId ? -1 : 1;
  return a.start - b.start || a.end - b.end;
}

/** Weight multiplier of a number feature: a specific amount rarely recurs by chance. */
const NUMBER_BOOST = 3;

/** A similarity between two statements' features, and whether it meets the options. */
export interface Match {
  score: number;
  overlap: number;
  cosine: number;
  shared: number;
  ok: boolean;
}

/** What a `StatementSet` keeps of a statement besides its features: no text. */
export type StatementRef = Omit<Statement, 'text' | 'names' | 'numbers' | 'story'>;

/** A `StatementSet` as plain data (`v8.serialize` keeps it), to continue in a later run. */
export interface StatementSetState {
  features: string[];
  speakers: string[];
  articles: Array<{ id: string; published: string | null; outlet: string | null }>;
  columns: Record<(typeof INT_COLUMNS)[number], Int32Array>;
  nums: Float64Array;
}

const INT_COLUMNS = [
  'feat',
  'featAt',
  'nameFeat',
  'nameAt',
  'numAt',
  'flags',
  'article',
  'start',
  'end',
  'speaker',
] as const;

/**
 * Statements ready to be grouped, held compactly: each statement's feature
 * ids (interned once), name ids and numbers live in flat typed arrays beside
 * its article (one entry per article), span, kind and speaker; its text is
 * dropped once its features are taken. About 40 bytes a statement plus 4 a
 * feature, so the statements of a 100,000-article dossier (a few million)
 * take tens of megabytes. Statements may be added in any order (an article's
 * statements together); grouping works in canonical order (published,
 * undated last; article id; span), so the claims are a function of the set.
 */
export class StatementSet {
  private readonly featureIds = new Map<string, number>();
  private readonly features: string[] = [];
  private boosted = new Uint8Array(1024);
  /** Per feature id: a hash of its text, the order-free tie-break between equally rare features. */
  private hashes = new Uint32Array(1024);
  private readonly feat: NumberList<Int32Array>;
  private readonly featAt: NumberList<Int32Array>;
  private readonly nameFeat: NumberList<Int32Array>;
  private readonly nameAt: NumberList<Int32Array>;
  private readonly nums: NumberList<Float64Array>;
  private readonly numAt: NumberList<Int32Array>;
  private readonly flags: NumberList<Int32Array>;
  private readonly article: NumberList<Int32Array>;
  private readonly start: NumberList<Int32Array>;
  private readonly end: NumberList<Int32Array>;
  private readonly speaker: NumberList<Int32Array>;
  private readonly speakers: string[] = [];
  private readonly speakerIds = new Map<string, number>();
  private readonly articles: Array<{ id: string; published: string | null; outlet: string | null }> = [];
  private readonly articleIds = new Map<string, number>();

  constructor(state?: StatementSetState) {
    const c = state?.columns;
    this.feat = intList(c?.feat);
    this.featAt = intList(c?.featAt);
    this.nameFeat = intList(c?.nameFeat);
    this.nameAt = intList(c?.nameAt);
    this.nums = floatList(state?.nums);
    this.numAt = intList(c?.numAt);
    this.flags = intList(c?.flags);
    this.article = intList(c?.article);
    this.start = intList(c?.start);
    this.end = intList(c?.end);
    this.speaker = intList(c?.speaker);
    if (!state) {
      this.featAt.push(0);
      this.nameAt.push(0);
      this.numAt.push(0);
      return;
    }
    for (const f of state.features) this.intern(f);
    for (const sp of state.speakers) this.speakerOf(sp);
    for (const a of state.articles) this.articleOf(a);
  }

  /** The set as plain data; `new StatementSet(state)` continues it. */
  state(): StatementSetState {
    const columns = Object.fromEntries(INT_COLUMNS.map((k) => [k, this[k].trimmed()])) as StatementSetState['columns'];
    return {
      features: this.features,
      speakers: this.speakers,
      articles: this.articles,
      columns,
      nums: this.nums.trimmed(),
    };
  }

  get size(): number {
    return this.article.length;
  }

  /** Adds one statement. */
  add(s: Statement): void {
    const f = statementFeatures(s.text, s.names, s.numbers);
    for (const id of Int32Array.from(f.content, (t) => this.intern(t)).sort()) this.feat.push(id);
    this.featAt.push(this.feat.length);
    for (const id of Int32Array.from(f.names, (t) => this.intern(t)).sort()) this.nameFeat.push(id);
    this.nameAt.push(this.nameFeat.length);
    for (const x of f.numbers) this.nums.push(x);
    this.numAt.push(this.nums.length);
    this.flags.push((f.negated ? 1 : 0) | (s.kind === 'quote' ? 2 : 0));
    this.article.push(this.articleOf({ id: s.articleId, published: s.published, outlet: s.outlet }));
    this.start.push(s.start);
    this.end.push(s.end);
    this.speaker.push(s.speaker === null ? -1 : this.speakerOf(s.speaker));
  }

  private articleOf(a: { id: string; published: string | null; outlet: string | null }): number {
    let k = this.articleIds.get(a.id);
    if (k === undefined) {
      k = this.articles.length;
      this.articleIds.set(a.id, k);
      this.articles.push(a);
    }
    return k;
  }

  private speakerOf(speaker: string): number {
    let sp = this.speakerIds.get(speaker);
    if (sp === undefined) {
      sp = this.speakers.length;
      const name = ownString(speaker);
      this.speakerIds.set(name, sp);
      this.speakers.push(name);
    }
    return sp;
  }

  /** Positions of the statements in canonical order: published (undated last), article id, span. */
  private canonicalOrder(): Int32Array {
    const ms = this.articles.map((a) => {
      const t = a.published ? Date.parse(a.published) : Number.NaN;
      return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t;
    });
    const byArticle = Int32Array.from(this.articles, (_, k) => k).sort(
      (x, y) =>
        (ms[x] as number) - (ms[y] as number) ||
        ((this.articles[x] as { id: string }).id < (this.articles[y] as { id: string }).id ? -1 : 1),
    );
    const articleRank = new Int32Array(this.articles.length);
    byArticle.forEach((k, r) => (articleRank[k] = r));
    const art = this.article.data;
    const st = this.start.data;
    const en = this.end.data;
    return Int32Array.from({ length: this.size }, (_, i) => i).sort(
      (x, y) =>
        (articleRank[art[x] as number] as number) - (articleRank[art[y] as number] as number) ||
        (st[x] as number) - (st[y] as number) ||
        (en[x] as number) - (en[y] as number) ||
        x - y,
    );
  }

  /** Statement `i` without its text. */
  ref(i: number): StatementRef {
    const a = this.articles[this.article.data[i] as number] as {
      id: string;
      published: string | null;
      outlet: string | null;
    };
    const sp = this.speaker.data[i] as number;
    return {
      articleId: a.id,
      start: this.start.data[i] as number,
      end: this.end.data[i] as number,
      kind: (this.flags.data[i] as number) & 2 ? 'quote' : 'text',
      speaker: sp < 0 ? null : (this.speakers[sp] as string),
      published: a.published,
      outlet: a.outlet,
    };
  }

  private intern(t: string): number {
    let id = this.featureIds.get(t);
    if (id !== undefined) return id;
    id = this.featureIds.size;
    const own = ownString(t);
    this.featureIds.set(own, id);
    this.features.push(own);
    this.boosted = roomFor(this.boosted, id);
    this.hashes = roomFor(this.hashes, id);
    this.boosted[id] = t.startsWith('#') ? 1 : 0;
    this.hashes[id] = fnv1a(t);
    return id;
  }

  /**
   * Groups the statements: IDF over the set; candidate pairs through an
   * inverted index over each statement's `queryFeatures` rarest features
   * (features of more than `postingCap` statements left out; two shared
   * before a pair is scored); pairs merged best first, ties by position.
   * Returns each claim's members (positions as added, in canonical order),
   * claims in canonical order of their first statement, only those of
   * `minArticles` articles.
   */
  group(options: Partial<ClaimOptions> = {}): number[][] {
    const o = claimOptions(options);
    const n = this.size;
    const feat = this.feat.data;
    const at = this.featAt.data;
    const df = new Int32Array(this.featureIds.size);
    for (let k = 0; k < this.feat.length; k++) df[feat[k] as number] = (df[feat[k] as number] as number) + 1;
    const weight = new Float64Array(df.length);
    for (let id = 0; id < weight.length; id++)
      weight[id] = (this.boosted[id] ? NUMBER_BOOST : 1) * Math.log(1 + (n + 1) / ((df[id] as number) + 0.5));
    const total = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let t = 0;
      for (let k = at[i] as number; k < (at[i + 1] as number); k++) t += weight[feat[k] as number] as number;
      total[i] = t;
    }
    // from here on statements are named by rank r (canonical order); `pos[r]` is where r is stored
    const pos = this.canonicalOrder();
    const p = (r: number) => pos[r] as number;
    const eligible = (i: number) => (at[i + 1] as number) - (at[i] as number) >= o.minFeatures;
    const matchOk = (r: number, q: number) => this.match(p(r), p(q), weight, total, o);
    const rarer = (x: number, y: number) =>
      (df[x] as number) - (df[y] as number) ||
      (this.hashes[x] as number) - (this.hashes[y] as number) ||
      ((this.features[x] as string) < (this.features[y] as string) ? -1 : 1);

    // each eligible statement's rarest indexed features, then postings (both flat)
    const rarest = intList();
    const rarestAt = new Int32Array(n + 1);
    for (let r = 0; r < n; r++) {
      const i = p(r);
      if (eligible(i)) {
        const ids = feat
          .slice(at[i] as number, at[i + 1] as number)
          .filter((id) => (df[id] as number) > 1 && (df[id] as number) <= o.postingCap)
          .sort(rarer)
          .slice(0, o.queryFeatures);
        for (const id of ids) rarest.push(id);
      }
      rarestAt[r + 1] = rarest.length;
    }
    const postAt = new Int32Array(df.length + 1);
    for (let k = 0; k < rarest.length; k++) {
      const slot = (rarest.data[k] as number) + 1;
      postAt[slot] = (postAt[slot] as number) + 1;
    }
    for (let id = 0; id < df.length; id++) postAt[id + 1] = (postAt[id + 1] as number) + (postAt[id] as number);
    const fill = postAt.slice(0, df.length);
    const post = new Int32Array(rarest.length);
    for (let r = 0; r < n; r++)
      for (let k = rarestAt[r] as number; k < (rarestAt[r + 1] as number); k++) {
        const id = rarest.data[k] as number;
        post[fill[id] as number] = r;
        fill[id] = (fill[id] as number) + 1;
      }

    const pr = intList();
    const pq = intList();
    const ps = floatList();
    const votes = new Map<number, number>();
    for (let r = 0; r < n; r++) {
      votes.clear();
      for (let k = rarestAt[r] as number; k < (rarestAt[r + 1] as number); k++) {
        const id = rarest.data[k] as number;
        for (let x = postAt[id] as number; x < (postAt[id + 1] as number); x++) {
          const q = post[x] as number;
          if (q > r) votes.set(q, (votes.get(q) ?? 0) + 1);
        }
      }
      // two shared rare features before a pair is scored in full
      for (const [q, v] of votes) {
        if (v < 2 || this.article.data[p(r)] === this.article.data[p(q)]) continue;
        const m = matchOk(r, q);
        if (m.ok) {
          pr.push(r);
          pq.push(q);
          ps.push(m.score);
        }
      }
    }
    const order = Int32Array.from({ length: pr.length }, (_, k) => k).sort(
      (a, b) =>
        (ps.data[b] as number) - (ps.data[a] as number) ||
        (pr.data[a] as number) - (pr.data[b] as number) ||
        (pq.data[a] as number) - (pq.data[b] as number),
    );
    const parent = Int32Array.from({ length: n }, (_, r) => r);
    /** Members of each group of two or more, by its root; a statement alone is its own group. */
    const members = new Map<number, number[]>();
    const membersOf = (r: number): number[] => members.get(r) ?? [r];
    const root = (x: number): number => {
      let r = x;
      while (parent[r] !== r) r = parent[r] as number;
      return r;
    };
    /** At least `linkage` of the cross pairs (up to 8 a side) match on their own: one bridging pair does not chain two claims. */
    const linked = (a: readonly number[], b: readonly number[]): boolean => {
      if (a.length === 1 && b.length === 1) return true;
      let ok = 0;
      let tried = 0;
      for (const x of a.slice(0, 8))
        for (const y of b.slice(0, 8)) {
          if (matchOk(x, y).ok) ok++;
          tried++;
        }
      return ok >= o.linkage * tried;
    };
    for (const k of order) {
      const a = root(pr.data[k] as number);
      const b = root(pq.data[k] as number);
      if (a === b || !linked(membersOf(a), membersOf(b))) continue;
      const [keep, drop] = a < b ? [a, b] : [b, a];
      parent[drop] = keep;
      members.set(keep, [...membersOf(keep), ...membersOf(drop)]);
      members.delete(drop);
    }
    const groups: number[][] = [];
    for (let r = 0; r < n; r++) {
      const m = membersOf(r);
      if (parent[r] !== r || m.length < o.minArticles) continue;
      if (new Set(m.map((q) => this.article.data[p(q)])).size < o.minArticles) continue;
      groups.push(m.sort((x, y) => x - y).map(p));
    }
    return groups;
  }

  /**
   * Scores statements `i` and `j`. Names: when both carry names, at least one
   * must be shared; numbers: when both carry numbers, at least one must be shared.
   */
  private match(i: number, j: number, weight: Float64Array, total: Float64Array, o: Readonly<ClaimOptions>): Match {
    const feat = this.feat.data;
    const at = this.featAt.data;
    const names = this.nameFeat.data;
    const nameAt = this.nameAt.data;
    const nums = this.nums.data;
    const numAt = this.numAt.data;
    const hasName = (s: number, x: number) => {
      for (let k = nameAt[s] as number; k < (nameAt[s + 1] as number); k++) if (names[k] === x) return true;
      return false;
    };
    const hasNumber = (s: number, x: number) => {
      for (let k = numAt[s] as number; k < (numAt[s + 1] as number); k++) if (nums[k] === x) return true;
      return false;
    };
    let a = at[i] as number;
    let b = at[j] as number;
    let shared = 0;
    let count = 0;
    let sharedName = false;
    while (a < (at[i + 1] as number) && b < (at[j + 1] as number)) {
      const x = feat[a] as number;
      const y = feat[b] as number;
      if (x === y) {
        shared += weight[x] as number;
        count++;
        if (!sharedName && hasName(i, x) && hasName(j, x)) sharedName = true;
        a++;
        b++;
      } else if (x < y) a++;
      else b++;
    }
    const ti = total[i] as number;
    const tj = total[j] as number;
    const overlap = shared / (Math.min(ti, tj) || 1);
    const cosine = shared / (Math.sqrt(ti * tj) || 1);
    const iNums = (numAt[i + 1] as number) > (numAt[i] as number);
    const jNums = (numAt[j + 1] as number) > (numAt[j] as number);
    let relief = 0;
    let sharedNumber = false;
    if (iNums && jNums)
      for (let k = numAt[i] as number; k < (numAt[i + 1] as number); k++) {
        const x = nums[k] as number;
        if (!hasNumber(j, x)) continue;
        sharedNumber = true;
        if (x >= 1000) relief = o.amountRelief;
      }
    const iNames = (nameAt[i + 1] as number) > (nameAt[i] as number);
    const jNames = (nameAt[j + 1] as number) > (nameAt[j] as number);
    const ok =
      count >= o.minShared &&
      overlap >= o.overlap - relief &&
      cosine >= o.cosine - relief &&
      ((this.flags.data[i] as number) & 1) === ((this.flags.data[j] as number) & 1) &&
      (!iNames || !jNames || sharedName) &&
      (!iNums || !jNums || sharedNumber);
    return { score: (overlap + cosine) / 2, overlap, cosine, shared: count, ok };
  }
}

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

/**
 * Groups statements into claims. A pure function of the statement set (the
 * order they come in does not matter); never throws on odd statements.
 */
export function groupClaims(statements: readonly Statement[], options: Partial<ClaimOptions> = {}): Claim[] {
  const items = [...statements].filter((s) => s.end > s.start && typeof s.text === 'string').sort(canonical);
  const set = new StatementSet();
  for (const s of items) set.add(s);
  return set.group(options).map((m) => {
    const sts = m.map((k) => items[k] as Statement);
    return {
      ...describeClaim(sts),
      text: (sts[0] as Statement).text,
      statements: sts,
      stories: distinct(sts.map((s) => s.story)),
    };
  });
}

function distinct(xs: ReadonlyArray<string | null>): string[] {
  return [...new Set(xs.filter((x): x is string => x !== null && x !== ''))].sort();
}

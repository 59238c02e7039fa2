/**
 * The trained boundary model of the quote layer: where a quote's content and
 * its speaker mention start and end. The rules in `quotes.ts` find each quote
 * and a first guess of its spans; this model re-decides each of the four
 * edges (content start, content end, source start, source end) among the
 * token boundaries near the guess, with an averaged ranking perceptron: every
 * candidate edge gets a score from its features (the words either side, the
 * distance from the rule's guess, what lies between — a comma, a sentence
 * end, a cue word —, quotation marks, the pattern that found the quote), and
 * the best one wins. The rule's own guess is always a candidate, so the model
 * learns when to keep it.
 *
 * A candidate never makes a span overlap another span of any quote (PolNeAR:
 * each token belongs to at most one attribution) nor run past its paragraph.
 * The model file (`models/quote-bounds.json`, from `npm run train:quotes`)
 * holds feature names and weights only, never spans of the corpus it was
 * trained on. Without the file the rules' spans stand.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Quote, Span } from '../types.js';
import { CUES } from './quote-lexicon.js';
import { FeatureSpace, VOCAB_MAX } from './perceptron.js';
import { findMarkSpans, paragraphs } from './quote-marks.js';
import { ScoreTable } from './quote-weights.js';
import { KIND, type Tokens } from './tokenize.js';
import { modelCandidates } from '../model-files.js';

/** The four edges the model decides. */
export const EDGES = ['cs', 'ce', 'ss', 'se'] as const;
/** `cs`/`ce`: content start/end; `ss`/`se`: source (speaker mention) start/end. */
export type Edge = (typeof EDGES)[number];

/** How far from the rule's guess an edge may move, in tokens, by edge. Reason: 98 % of the gold edges of overlapping spans in PolNeAR train lie this close. */
export const EDGE_WINDOW: Readonly<Record<Edge, number>> = { cs: 12, ce: 16, ss: 8, se: 4 };

/** The file format of the boundary model. */
export interface BoundsModelFile {
  format: typeof BOUNDS_FORMAT;
  /** Model version, part of the analyze stage version. */
  version: string;
  /** What it was trained on, and its scores (the model card is `models/README.md`). */
  trainedOn: string;
  /** How far from the rule's guess an edge may move when scoring, in tokens, by edge (training reads `EDGE_WINDOW`); chosen by cross-validation on train. */
  windows: Record<Edge, number>;
  /** Whether a direct quote's content edge on its quotation mark stays there when scoring; chosen by cross-validation on train. */
  markStays: boolean;
  /** The words and other values the features name (`FeatureSpace`). */
  vocab: string[];
  /** Feature numbers (`featureKey`) and their weights, flat: `[key, weight, key, weight, ...]` (averaged ranking perceptron). */
  weights: number[];
}

/** The format the boundary model file is written in. */
export const BOUNDS_FORMAT = 'dossier-quote-bounds@2';

/** A loaded boundary model. */
export interface BoundsModel {
  version: string;
  space: FeatureSpace;
  /** Weights by feature. */
  weights: ScoreTable;
  /** See `BoundsModelFile`. */
  windows: Readonly<Record<Edge, number>>;
  markStays: boolean;
}

/** What scoring the edges needs of a model. */
export type BoundsScoring = Pick<BoundsModel, 'weights' | 'windows' | 'markStays'>;

/** The token columns the features read. */
export interface BoundsContext {
  t: Tokens;
  low: readonly string[];
  raw: readonly string[];
  /** 1 where the token is inside a quotation-mark span. */
  quoted: Uint8Array;
  /** Paragraph index of each token. */
  para: Int32Array;
  /** Sentence index of each token. */
  sent: Int32Array;
}

/** One edge of one quote to decide: the rule's token boundary, the candidates (rule's first), and their features. */
export interface EdgeChoice {
  edge: Edge;
  /** Index of the quote part (content edges) or -1 (source edges). */
  part: number;
  rule: number;
  candidates: number[];
  /** Per candidate, its features as flat pairs `[high, low, ...]` (`featureKey = high * VOCAB_MAX + low`); empty when scored at once. */
  feats: number[][];
  /** The best candidate (the rule's guess on a tie) when `edgeChoices` was given the weights (the features are then not kept), else -1. */
  best: number;
  /** A direct quote's content edge on its quotation mark (see `markStays`). */
  onMark: boolean;
}

/** Prepositions a content start never follows when scoring (their object would be cut from its preposition). */
const DANGLING_PREPOSITIONS: ReadonlySet<string> = new Set([
  'for',
  'of',
  'about',
  'with',
  'by',
  'from',
  'on',
  'in',
  'at',
]);

const PUNCT_CLASS = new Map([
  ['“', 'Q'],
  ['”', 'Q'],
  ['"', 'Q'],
  ['‘', 'Q'],
  ['’', 'Q'],
  ["'", 'Q'],
  ['«', 'Q'],
  ['»', 'Q'],
  ['—', 'D'],
  ['–', 'D'],
  ['-', 'D'],
]);
const SENTENCE_PUNCT = new Set(['.', '!', '?', ';']);

/** What the quote layer has already computed for the body (recomputed when absent). */
export interface BoundsInputs {
  raw: readonly string[];
  low: readonly string[];
  marks: readonly Span[];
  paras: readonly Span[];
  /** 1 for a token inside a quotation mark span of `marks`, as made here. */
  quoted: Uint8Array;
  /** Each token's sentence. */
  sent: Int32Array;
}

/** The context of a body. */
export function boundsContext(body: string, t: Tokens, have: Partial<BoundsInputs> = {}): BoundsContext {
  const n = t.length;
  let r = have.raw;
  let l = have.low;
  if (!r || !l) {
    const rr: string[] = new Array(n);
    const ll: string[] = new Array(n);
    for (let i = 0; i < n; i++) {
      rr[i] = body.slice(t.starts[i], t.ends[i]);
      ll[i] = rr[i]!.toLowerCase();
    }
    r = rr;
    l = ll;
  }
  const paras = have.paras ?? paragraphs(body);
  const marks = have.marks ?? findMarkSpans(body, paras);
  const para = new Int32Array(n);
  let sent = have.sent;
  if (!sent) {
    sent = new Int32Array(n);
    for (let s = 0; s < t.sentences; s++) for (let i = t.sentStarts[s]!; i < t.sentEnds[s]!; i++) sent[i] = s;
  }
  let quoted = have.quoted;
  const mark = !quoted;
  if (!quoted) quoted = new Uint8Array(n);
  let m = 0;
  let p = 0;
  for (let i = 0; i < n; i++) {
    const s = t.starts[i]!;
    if (mark) {
      while (m < marks.length && marks[m]!.end <= s) m++;
      if (m < marks.length && marks[m]!.start <= s) quoted[i] = 1;
    }
    while (p < paras.length - 1 && paras[p]!.end <= s) p++;
    para[i] = p;
  }
  return { t, low: l, raw: r, quoted, para, sent };
}

/** The feature templates, per edge (the template number is `edge * TEMPLATES.length + index`). */
export const TEMPLATES = [
  'd', // signed distance from the rule's guess, bucketed
  'l', // word left of the boundary
  'r', // word right of it
  'lr', // both
  'l2', // two words left
  'r2', // two words right
  'sh', // shapes either side
  'sh3', // shapes of two left and one right
  'q', // inside quotation marks, either side
  'x', // what lies between the guess and the candidate: comma, sentence end, mark, cue word; and the direction
  'ss', // the boundary starts a sentence
  'cue', // signed distance to the cue, bucketed
  'via', // the pattern that found the quote, with the distance
  'rule', // the rule's own guess, with the pattern
] as const;
const T = Object.fromEntries(TEMPLATES.map((name, k) => [name, k])) as Record<(typeof TEMPLATES)[number], number>;

/** A feature number from its template and values. */
export const featureKey = (edge: number, tpl: number, a: number, b = 0): number =>
  ((edge * TEMPLATES.length + tpl) * VOCAB_MAX + a) * VOCAB_MAX + b;

/** A feature's template and values back from its number. */
export function featureParts(key: number): { edge: number; tpl: number; a: number; b: number } {
  const b = key % VOCAB_MAX;
  const rest = (key - b) / VOCAB_MAX;
  const a = rest % VOCAB_MAX;
  const et = (rest - a) / VOCAB_MAX;
  return { edge: Math.floor(et / TEMPLATES.length), tpl: et % TEMPLATES.length, a, b };
}

/** A signed distance in a few buckets (a small integer). */
const bucket = (d: number): number => {
  const a = Math.abs(d);
  const b = a <= 3 ? a : a <= 6 ? 4 : a <= 10 ? 5 : 6;
  return d < 0 ? 16 + b : b;
};

/** A word's shape: `Cap`, `low`, a punctuation class or the mark itself. */
function shape(c: BoundsContext, i: number): string {
  if (i < 0 || i >= c.t.length) return 'none';
  const k = c.t.kinds[i];
  if (k === KIND.word) return c.raw[i]![0] !== c.low[i]![0] ? 'Cap' : 'low';
  if (k === KIND.number) return 'num';
  return PUNCT_CLASS.get(c.raw[i]!) ?? c.raw[i]!;
}

/** Per-token ids of a body in a feature space, computed on first use. */
export class TokenIds {
  private readonly word: Int32Array;
  private readonly shp: Int32Array;
  private readonly shp2: Int32Array;
  /** `words`: the tokens' word ids in `space` when computed beforehand (`quote-words.ts`), else each is looked up on first use. */
  constructor(
    private readonly c: BoundsContext,
    readonly space: FeatureSpace,
    words?: Int32Array,
  ) {
    this.word = words ?? new Int32Array(c.t.length).fill(-1);
    this.shp = new Int32Array(c.t.length).fill(-1);
    this.shp2 = new Int32Array(c.t.length).fill(-1);
    this.crossed = new Int8Array(c.t.length).fill(-1);
    this.before = space.id('<s>');
    this.after = space.id('</s>');
    this.none = space.id('none');
    this.cap = space.id('Cap');
    this.lower = space.id('low');
    this.num = space.id('num');
  }
  private readonly before: number;
  private readonly after: number;
  private readonly none: number;
  /** The ids of the shapes of words and numbers (`shape`), which most tokens have: no look-up by string. */
  private readonly cap: number;
  private readonly lower: number;
  private readonly num: number;
  private readonly crossed: Int8Array;
  /** The `crossClass` bits of token i (a token is crossed by the walks of both edges of a span). */
  x(i: number): number {
    if (this.crossed[i] === -1) this.crossed[i] = crossClass(this.c, i);
    return this.crossed[i]!;
  }
  /** The word id of token i (`<s>`/`</s>` outside the body). */
  w(i: number): number {
    if (i < 0) return this.before;
    if (i >= this.c.t.length) return this.after;
    if (this.word[i] === -1) this.word[i] = this.space.id(this.c.low[i]!);
    return this.word[i]!;
  }
  /** The shape id of token i. */
  s(i: number): number {
    if (i < 0 || i >= this.c.t.length) return this.none;
    if (this.shp[i] === -1) {
      const k = this.c.t.kinds[i];
      if (k === KIND.word) this.shp[i] = this.c.raw[i]![0] !== this.c.low[i]![0] ? this.cap : this.lower;
      else this.shp[i] = k === KIND.number ? this.num : this.space.id(shape(this.c, i));
    }
    return this.shp[i]!;
  }
  /** The id of the shapes of tokens i-1 and i together. */
  s2(i: number): number {
    if (i < 0 || i >= this.c.t.length) return this.space.id(`${shape(this.c, i - 1)} ${shape(this.c, i)}`);
    if (this.shp2[i] === -1) {
      // two known shapes name their pair exactly: looked up by number, no string built
      const a = this.s(i - 1);
      const b = this.s(i);
      let pairs = shapePairs.get(this.space);
      if (!pairs) shapePairs.set(this.space, (pairs = new Map()));
      const key = a * VOCAB_MAX + b;
      let id = a && b ? pairs.get(key) : undefined;
      if (id === undefined) {
        id = this.space.id(`${shape(this.c, i - 1)} ${shape(this.c, i)}`);
        if (a && b) pairs.set(key, id);
      }
      this.shp2[i] = id;
    }
    return this.shp2[i]!;
  }
}

/** Per feature space, the id of a pair of shapes by their two ids. */
const shapePairs = new WeakMap<FeatureSpace, Map<number, number>>();

/** What a token is for the `x` feature: 1 comma, 2 sentence end, 4 quotation mark, 8 cue word, 0 else. */
function crossClass(c: BoundsContext, i: number): number {
  const w = c.low[i]!;
  // a word or a number opens with a letter or a digit: no mark
  if (c.t.kinds[i] === KIND.word || c.t.kinds[i] === KIND.number) return CUES.has(w) ? 8 : 0;
  if (w === ',') return 1;
  if (SENTENCE_PUNCT.has(w)) return 2;
  if (PUNCT_CLASS.get(w) === 'Q') return 4;
  return CUES.has(w) ? 8 : 0;
}

/**
 * The features of a candidate boundary `b` (between tokens b-1 and b) for an edge whose rule
 * guess is `rule`; `crossed`: the `crossClass` bits of the tokens between the two. Written as flat
 * pairs `[high, low, ...]` into `into` (at most `MAX_EDGE_FEATURES` pairs); returns how many numbers.
 */
function edgeFeatures(
  c: BoundsContext,
  ids: TokenIds,
  edge: number,
  b: number,
  rule: number,
  cue: Span | null,
  via: number,
  crossed: number,
  into: Int32Array,
): number {
  const n = c.t.length;
  const l1 = ids.w(b - 1);
  const l2 = ids.w(b - 2);
  const r1 = ids.w(b);
  const r2 = ids.w(b + 1);
  const d = bucket(b - rule);
  const x = crossed | (b < rule ? 16 : b > rule ? 32 : 0);
  const sentStart = b < n && c.t.sentStarts[c.sent[b]!] === b ? 1 : 0;
  const cueDist = cue ? bucket(b < cue.start ? b - cue.start : b - cue.end) : 64;
  const e = edge * TEMPLATES.length;
  const f = into;
  let m = 0;
  const k = (tpl: number, a: number, v = 0) => {
    f[m++] = (e + tpl) * VOCAB_MAX + a;
    f[m++] = v;
  };
  k(T.d, d);
  k(T.l, l1);
  k(T.r, r1);
  k(T.lr, l1, r1);
  k(T.l2, l2, l1);
  k(T.r2, r1, r2);
  k(T.sh, ids.s(b - 1), ids.s(b));
  k(T.sh3, ids.s2(b - 1), ids.s(b));
  k(T.q, (b > 0 ? c.quoted[b - 1]! : 0) * 2 + (b < n ? c.quoted[b]! : 0));
  k(T.x, x);
  k(T.ss, sentStart);
  k(T.cue, cueDist);
  k(T.via, via, d);
  if (b === rule) k(T.rule, via);
  if (m > into.length) throw new Error(`quote boundary features: ${m / 2} pairs, more than one per template`);
  return m;
}

/** Most feature pairs of one candidate (`edgeFeatures`): one per template. */
const MAX_EDGE_FEATURES = TEMPLATES.length;
/** A feature buffer reused while scoring (the features of a scored candidate are not kept). */
const scratch = new Int32Array(2 * MAX_EDGE_FEATURES);

/** The quote's speaker mention is written next to its own cue (not taken over from an earlier quote). */
const writtenMention = (q: Quote): boolean =>
  q.speaker.mention !== null &&
  q.cue !== null &&
  !q.speaker.via.startsWith('participle') &&
  !q.speaker.via.startsWith('continuation');

/** Token index of the first token starting at or after `pos`. */
function tokenAt(t: Tokens, pos: number): number {
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (t.starts[mid]! < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
/** Token boundary after the last token ending at or before `pos`. */
function tokenEndAt(t: Tokens, pos: number): number {
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (t.ends[mid]! <= pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A quote's spans as token ranges `[start, end)`. */
const toTok = (t: Tokens, s: Span): Span => ({ start: tokenAt(t, s.start), end: tokenEndAt(t, s.end) });

/** The widest window of any edge (a model's scoring windows are no wider). */
const WALK_MAX = Math.max(...Object.values(EDGE_WINDOW));
/** Boundaries found by the walk of one edge, each way, and the `crossClass` bits up to each (reused). */
const walkBefore = new Int32Array(WALK_MAX);
const walkAfter = new Int32Array(WALK_MAX);
const crossedBefore = new Int32Array(WALK_MAX);
const crossedAfter = new Int32Array(WALK_MAX);

/**
 * The edges of quote `qi` to decide, with their candidates and features.
 * `taken` marks the tokens of every span of every quote (the caller builds it with `takenTokens`).
 */
export function edgeChoices(
  c: BoundsContext,
  ids: TokenIds,
  quotes: readonly Quote[],
  qi: number,
  taken: Int32Array,
  scoring: BoundsScoring | null = null,
): EdgeChoice[] {
  const weights = scoring?.weights ?? null;
  const q = quotes[qi]!;
  const via = ids.space.id(q.via);
  const t = c.t;
  const out: EdgeChoice[] = [];
  const cue = q.cue ? toTok(t, q.cue) : null;
  const own = q.parts.map((p) => toTok(t, p));
  if (writtenMention(q)) own.push(toTok(t, q.speaker.mention!));
  const add = (edge: Edge, part: number, tokSpan: Span) => {
    const start = edge === 'cs' || edge === 'ss';
    const rule = start ? tokSpan.start : tokSpan.end;
    const w = (scoring ? scoring.windows : EDGE_WINDOW)[edge];
    const anchor = start ? tokSpan.end - 1 : tokSpan.start; // the token the span keeps
    if (anchor < 0 || anchor >= t.length) return;
    // a direct quote's content edge on its quotation mark: when scoring, it may stay there (`markStays`)
    const mark = edge === 'cs' ? rule : edge === 'ce' ? rule - 1 : -1;
    const onMark = q.kind === 'direct' && mark >= 0 && c.quoted[mark] === 1 && PUNCT_CLASS.get(c.raw[mark]!) === 'Q';
    if (onMark && scoring?.markStays) return;
    // outward from the guess, each way: the walk stops once the span would pass its other end, or
    // reach another quote's span or the cue (all stay so further out); each candidate is kept with
    // the crossClass bits between it and the guess
    let nBefore = 0;
    let nAfter = 0;
    for (let step = -1; step <= 1; step += 2) {
      let crossed = 0;
      for (let k = 1; k <= w; k++) {
        const b = rule + step * k;
        if (b < 0 || b > t.length) break;
        const a0 = start ? b : tokSpan.start;
        const a1 = start ? tokSpan.end : b;
        if (a1 <= a0) break;
        const tok = step < 0 ? b : b - 1; // the token this step crosses
        // it holds a span of another quote, or this quote's cue
        if ((taken[tok] !== -1 && taken[tok] !== qi) || (cue && tok < cue.end && cue.start <= tok)) break;
        crossed |= ids.x(tok);
        // a span over several paragraphs may lose its first or last ones, never reach into new ones
        if (c.para[a0] !== c.para[anchor] || c.para[a1 - 1] !== c.para[anchor]) continue;
        if (holdsOther(own, a0, a1, tokSpan)) continue;
        // scoring: a content never opens right after a preposition left outside it (`dismissed America's
        // request for [them to cancel ...]`): the preposition's object is the content's first words
        if (
          scoring &&
          edge === 'cs' &&
          b > 0 &&
          DANGLING_PREPOSITIONS.has(c.low[b - 1]!) &&
          !(cue && b - 1 < cue.end && b - 1 >= cue.start)
        )
          continue;
        if (step < 0) {
          walkBefore[nBefore] = b;
          crossedBefore[nBefore++] = crossed;
        } else {
          walkAfter[nAfter] = b;
          crossedAfter[nAfter++] = crossed;
        }
      }
    }
    // the candidates: the guess first, then in boundary order
    const candidates = [rule];
    const crossedOf = [0];
    for (let j = nBefore - 1; j >= 0; j--) {
      candidates.push(walkBefore[j]!);
      crossedOf.push(crossedBefore[j]!);
    }
    for (let j = 0; j < nAfter; j++) {
      candidates.push(walkAfter[j]!);
      crossedOf.push(crossedAfter[j]!);
    }
    const e = EDGES.indexOf(edge);
    const features = (k: number, into: Int32Array) =>
      edgeFeatures(c, ids, e, candidates[k]!, rule, cue, via, crossedOf[k]!, into);
    if (weights) {
      // the best candidate, the guess on a tie
      let best = rule;
      let bestScore = weights.score(scratch, features(0, scratch));
      for (let k = 1; k < candidates.length; k++) {
        const score = weights.score(scratch, features(k, scratch));
        if (score > bestScore) {
          best = candidates[k]!;
          bestScore = score;
        }
      }
      out.push({ edge, part, rule, candidates, feats: [], best, onMark });
    } else {
      const feats = candidates.map((_, k) => Array.from(scratch.subarray(0, features(k, scratch))));
      out.push({ edge, part, rule, candidates, feats, best: -1, onMark });
    }
  };
  q.parts.forEach((p, k) => {
    const s = toTok(t, p);
    if (s.end <= s.start) return;
    add('cs', k, s);
    add('ce', k, s);
  });
  const m = q.speaker.mention;
  if (m && writtenMention(q)) {
    const s = toTok(t, m);
    if (s.end > s.start) {
      add('ss', -1, s);
      add('se', -1, s);
    }
  }
  return out;
}

/** Whether a span of `own` other than `skip` overlaps tokens `[a, b)`. */
function holdsOther(own: readonly Span[], a: number, b: number, skip: Span): boolean {
  for (const s of own) if (!(s.start === skip.start && s.end === skip.end) && s.start < b && a < s.end) return true;
  return false;
}

/** Per token, the index of the quote one of whose spans (content, cue, written speaker) holds it, else -1. */
export function takenTokens(t: Tokens, quotes: readonly Quote[]): Int32Array {
  const taken = new Int32Array(t.length).fill(-1);
  quotes.forEach((q, qi) => {
    const spans: Span[] = [...q.parts];
    if (q.cue) spans.push(q.cue);
    if (writtenMention(q)) spans.push(q.speaker.mention!);
    for (const s of spans) {
      const r = toTok(t, s);
      for (let i = r.start; i < r.end; i++) if (taken[i] === -1) taken[i] = qi;
    }
  });
  return taken;
}

/** The score of a feature list. */
export const edgeScore = (weights: ScoreTable, feats: readonly number[]): number => weights.score(feats, feats.length);

/** The best candidate of a choice (the rule's guess on a tie). */
export function bestCandidate(weights: BoundsModel['weights'], ch: EdgeChoice): number {
  if (ch.best >= 0) return ch.best;
  let best = 0;
  let bestScore = edgeScore(weights, ch.feats[0]!);
  for (let k = 1; k < ch.candidates.length; k++) {
    const s = edgeScore(weights, ch.feats[k]!);
    if (s > bestScore) {
      best = k;
      bestScore = s;
    }
  }
  return ch.candidates[best]!;
}

/**
 * The quotes with their edges re-decided by the model, in place of the rules' guesses.
 * Each quote's edges are chosen against the rule spans of all quotes; the text fields follow.
 * `words`: the tokens' word ids in the model's space, when computed beforehand (`quote-words.ts`).
 */
export function refineQuotes(
  body: string,
  c: BoundsContext,
  quotes: Quote[],
  model: BoundsModel,
  words?: Int32Array,
): Quote[] {
  const t = c.t;
  const taken = takenTokens(t, quotes);
  const ids = new TokenIds(c, model.space, words);
  const choices = quotes.map((_, qi) => edgeChoices(c, ids, quotes, qi, taken, model));
  return quotes.map((q, qi) => {
    const parts = q.parts.map((p) => ({ ...p }));
    let mention = q.speaker.mention ? { ...q.speaker.mention } : null;
    for (const ch of choices[qi]!) {
      const b = bestCandidate(model.weights, ch);
      if (b === ch.rule) continue;
      if (ch.edge === 'cs') parts[ch.part]!.start = t.starts[b]!;
      else if (ch.edge === 'ce') parts[ch.part]!.end = t.ends[b - 1]!;
      else if (mention && ch.edge === 'ss') mention.start = t.starts[b]!;
      else if (mention) mention.end = t.ends[b - 1]!;
    }
    if (mention && mention.end <= mention.start) mention = q.speaker.mention;
    for (let k = 0; k < parts.length; k++) if (parts[k]!.end <= parts[k]!.start) parts[k] = { ...q.parts[k]! };
    if (mention) mention.text = body.slice(mention.start, mention.end);
    return {
      ...q,
      parts,
      start: parts[0]!.start,
      end: parts[parts.length - 1]!.end,
      text: parts.map((p) => body.slice(p.start, p.end)).join(' … '),
      speaker: { ...q.speaker, mention },
    };
  });
}

/** A loaded model from its file. */
export function boundsModelFrom(file: BoundsModelFile): BoundsModel {
  // the walk's buffers hold `WALK_MAX` boundaries each way, the widest training window
  for (const e of EDGES) {
    const w = file.windows[e];
    if (!(Number.isInteger(w) && w >= 0 && w <= WALK_MAX))
      throw new Error(`boundary model ${file.version}: window ${e} ${String(w)} is not within 0..${WALK_MAX}`);
  }
  const weights = new ScoreTable(file.weights, EDGES.length * TEMPLATES.length);
  return {
    version: file.version,
    space: new FeatureSpace(file.vocab),
    weights,
    windows: { ...file.windows },
    markStays: file.markStays,
  };
}

/** A boundary model file read from `path`; a file of another format is refused with its path and the fix. */
export function readBoundsModel(path: string): BoundsModel {
  const file = JSON.parse(readFileSync(path, 'utf8')) as BoundsModelFile;
  if (file.format !== BOUNDS_FORMAT)
    throw new Error(
      `${path}: format ${String(file.format)}, expected ${BOUNDS_FORMAT} (rebuild it: npm run train:quotes)`,
    );
  return boundsModelFrom(file);
}

/** Where the model file is, from the source tree (tests) or from dist/. */
const CANDIDATE_PATHS = modelCandidates('quote-bounds.json');

let cached: BoundsModel | null | undefined;

/** The shipped boundary model, loaded on first use; null when none is shipped (the rules' spans stand). */
export function loadBoundsModel(): BoundsModel | null {
  if (cached === undefined) {
    const path = CANDIDATE_PATHS.find((p) => existsSync(p));
    cached = path ? readBoundsModel(path) : null;
  }
  return cached;
}

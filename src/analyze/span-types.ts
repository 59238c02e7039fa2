/**
 * The NER's second stage: each name the tagger found is typed again from
 * features of the whole span, which the token-by-token tagger cannot see at
 * once: its head word and the head's clusters, its words, the words before it
 * (`in`, `at the`), the gazetteer category of the whole span, the type the
 * tagger gave it, and the types the tagger gave the other mentions ending on
 * the same word in the document (the votes of `recognizeDocument`). A class
 * `''` (no name) lets it drop a span, when the model file says it may
 * (`SpanTyper.drop`, chosen by cross-validation in `npm run train:ner`).
 * A multiclass averaged perceptron over hashed features, weights in a
 * `SpanTable`; trained on out-of-fold tagger output
 * (`scripts/span-trainer.ts`).
 */
import { brownPrefix, type Lexicon, MARK_B, MARK_L, MARK_U, mix, type SentenceView } from './ner-model.js';

/** The classes: no name, then the tagger's types. */
export const SPAN_CLASSES = ['', 'PERSON', 'ORG', 'LOC', 'PRODUCT', 'EVENT'] as const;
export const N_SPAN_CLASSES = SPAN_CLASSES.length;

/** The file's weights have three decimals: the table keeps them as integers of thousandths, exactly. */
const SCALE = 1000;
/** Largest weight a 16-bit thousandth holds. */
const MAX_WEIGHT = 32767 / SCALE;

/**
 * The span typer's weights: open addressing with each feature's key and its
 * six weights (16-bit integers of thousandths) side by side in one 16-byte
 * slot, so a lookup touches one cache line and the table is half the size of
 * 32-bit floats (the tagger's `WeightTable` keeps rows apart, which costs a
 * second miss per feature: the typer runs between sentences, when its table is
 * out of cache). Scores are in thousandths.
 */
export class SpanTable {
  /** Per slot: the feature hash (0 = empty) in `keys[slot * 4]`, its weights in `weights[slot * 8 + 2 ...]`. */
  private readonly keys: Int32Array;
  private readonly weights: Int16Array;
  private readonly mask: number;
  readonly size: number;

  /** From the file's sparse rows: feature hash in decimal -> `[class, weight, ...]`. */
  constructor(rows: Record<string, number[]>) {
    const entries = Object.entries(rows);
    let slots = 16;
    while (slots * 0.5 < entries.length) slots *= 2;
    const buffer = new ArrayBuffer(slots * 16);
    this.keys = new Int32Array(buffer);
    this.weights = new Int16Array(buffer);
    this.mask = slots - 1;
    this.size = entries.length;
    for (const [f, row] of entries) {
      const h = Number(f);
      if (!h || row.length > 2 * N_SPAN_CLASSES)
        throw new Error(`span typer feature ${f}: not a non-zero hash with at most ${N_SPAN_CLASSES} weights`);
      let slot = h & this.mask;
      while (this.keys[slot * 4] !== 0) slot = (slot + 1) & this.mask;
      this.keys[slot * 4] = h;
      for (let j = 0; j < row.length; j += 2) {
        if (Math.abs(row[j + 1]!) > MAX_WEIGHT)
          throw new Error(`span typer feature ${f}: weight ${row[j + 1]} past ±${MAX_WEIGHT}`);
        this.weights[slot * 8 + 2 + row[j]!] = Math.round(row[j + 1]! * SCALE);
      }
    }
  }

  /** Adds feature `h`'s weights, in thousandths, into `into[0 ... N_SPAN_CLASSES)`. */
  add(h: number, into: Float64Array): void {
    const keys = this.keys;
    let slot = h & this.mask;
    for (;;) {
      const key = keys[slot * 4]!;
      if (key === h) break;
      if (key === 0) return;
      slot = (slot + 1) & this.mask;
    }
    const w = this.weights;
    const at = slot * 8 + 2;
    for (let c = 0; c < N_SPAN_CLASSES; c++) into[c] = into[c]! + w[at + c]!;
  }
}

/** A trained span typer. */
export interface SpanTyper {
  weights: SpanTable;
  /** Whether class `''` may drop a span (else the best type wins). */
  drop: boolean;
}

/** Feature templates (after the tagger's, which stop below 100); the numbers are part of the model format. */
const S = {
  bias: 200,
  tagger: 201,
  length: 202,
  head: 203,
  headCluster: 204,
  headBrown: 205, // + index into HEAD_BROWN
  first: 209,
  word: 210,
  before: 211,
  beforePair: 212,
  after: 213,
  spanGaz: 214,
  headGaz: 215,
  vote: 216,
  voteShare: 217,
  mentions: 218,
  taggerHeadCluster: 219,
  headShape: 220,
  initial: 221,
  taggerBefore: 222,
} as const;

const HEAD_BROWN = [4, 6, 10] as const;
/** Most words of a span that add a word feature. */
const MAX_WORDS = 6;
/** At most how many features `spanFeatures` writes. */
export const MAX_SPAN_FEATURES = 24 + MAX_WORDS;

const classOf = (type: string) => Math.max(0, SPAN_CLASSES.indexOf(type as (typeof SPAN_CLASSES)[number]));

/** The gazetteer category (1-based) of exactly the span's words, 0 when no one phrase covers it. */
function spanGazetteer(view: SentenceView, start: number, end: number): number {
  const gaz = view.gaz;
  const first = gaz[start] as number;
  if (!first) return 0;
  if (end - start === 1) return (first & 7) === MARK_U ? first >> 3 : 0;
  const last = gaz[end - 1] as number;
  return (first & 7) === MARK_B && (last & 7) === MARK_L && first >> 3 === last >> 3 ? first >> 3 : 0;
}

/**
 * Writes the features of span `[start, end)` of a sentence, typed `type` by
 * the tagger, into `out`; `votes` are the document's votes for its head word
 * (type -> weight, this span's included). Returns how many.
 */
export function spanFeatures(
  view: SentenceView,
  start: number,
  end: number,
  type: string,
  votes: ReadonlyMap<string, number> | undefined,
  lexicon: Lexicon,
  out: Int32Array,
): number {
  const infos = view.infos;
  const head = infos[end - 1]!;
  const before = start > 0 ? infos[start - 1]! : view.bos;
  const before2 = start > 1 ? infos[start - 2]! : view.bos;
  const after = end < infos.length ? infos[end]! : view.eos;
  const tagger = classOf(type);
  const brown = lexicon.get(head.lowerH)?.brown ?? 0;
  let k = 0;
  out[k++] = mix(S.bias, 1);
  out[k++] = mix(S.tagger, tagger);
  out[k++] = mix(S.length, Math.min(end - start, 4));
  out[k++] = mix(S.head, head.lowerH);
  out[k++] = mix(S.headCluster, head.clusterH);
  for (let p = 0; p < HEAD_BROWN.length; p++) out[k++] = mix(S.headBrown + p, brownPrefix(brown, HEAD_BROWN[p]!));
  out[k++] = mix(S.headShape, head.shapeH);
  out[k++] = mix(S.headGaz, head.gazCat);
  out[k++] = mix(S.spanGaz, spanGazetteer(view, start, end));
  out[k++] = mix(S.taggerHeadCluster, mix(tagger, head.clusterH));
  if (end - start > 1) out[k++] = mix(S.first, infos[start]!.lowerH);
  for (let i = start; i < end && i - start < MAX_WORDS; i++) out[k++] = mix(S.word, infos[i]!.lowerH);
  out[k++] = mix(S.before, before.lowerH);
  out[k++] = mix(S.beforePair, mix(before2.lowerH, before.lowerH));
  out[k++] = mix(S.taggerBefore, mix(tagger, before.lowerH));
  out[k++] = mix(S.after, after.lowerH);
  out[k++] = mix(S.initial, start === 0 || before.restart ? 1 : 2);
  if (votes) {
    let total = 0;
    let best = '';
    let bestCount = 0;
    for (const [t, count] of votes) {
      total += count;
      if (count > bestCount) {
        best = t;
        bestCount = count;
      }
    }
    const own = (votes.get(type) ?? 0) / total;
    out[k++] = mix(S.vote, classOf(best));
    out[k++] = mix(S.voteShare, tagger * 4 + (own >= 1 ? 3 : own >= 0.67 ? 2 : own >= 0.34 ? 1 : 0));
    out[k++] = mix(S.mentions, Math.min(total, 6));
  }
  return k;
}

const SCORES = new Float64Array(N_SPAN_CLASSES);

/** The best class (`SPAN_CLASSES` index) of a span's features; without `drop`, the best type. */
export function bestSpanClass(table: SpanTable, feats: Int32Array, n: number, drop: boolean): number {
  SCORES.fill(0);
  for (let k = 0; k < n; k++) table.add(feats[k]!, SCORES);
  let best = drop ? 0 : 1;
  for (let c = best + 1; c < N_SPAN_CLASSES; c++) if (SCORES[c]! > SCORES[best]!) best = c;
  return best;
}

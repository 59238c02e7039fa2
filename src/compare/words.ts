/**
 * The word model of the informational-bias candidates (`bias.ts`): a sentence's
 * lower-case words and their Brown clusters (`models/word-clusters.json`, bit
 * prefixes of 4, 6 and 10) as hashed features, and an L2 logistic regression
 * over them. The model keeps bucket numbers and weights only, no text: a
 * bucket is a hash of a word or of a cluster, not the word. Its score (the
 * weighted sum over √features) is the `lexical` feature of the stumps.
 */
import { brownPrefix, hashString, type Lexicon, lexiconFrom, mix } from '../analyze/ner-model.js';
import { loadClusters } from '../analyze/model.js';
import { mulberry32 } from '../random.js';

/** Hash buckets of the word features. */
export const WORD_BUCKETS = 1 << 18;
/** Brown bit-string prefixes a word adds (Ratinov & Roth 2009). */
const BROWN_PREFIXES = [4, 6, 10] as const;
const WORD = 2;
const BROWN = 10;

/** The word weights as stored: bucket numbers ascending, their weights alongside. */
export interface WordWeights {
  /** The version of the word-cluster file whose clusters the buckets hold. */
  clusters: string;
  buckets: number[];
  weights: number[];
}

/** Settings of the word model's fit (AdaGrad over a fixed shuffle of the rows). */
export interface WordFitOptions {
  /** Passes over the rows. @default 8 */
  wordEpochs: number;
  /** AdaGrad step. @default 0.1 */
  wordRate: number;
  /** L2 penalty on each weight, per step. @default 0.0001 */
  wordL2: number;
}

let shipped: { version: string; lexicon: Lexicon } | null = null;

/** The shipped word clusters, read once. */
function clusters(): { version: string; lexicon: Lexicon } {
  if (!shipped) {
    const file = loadClusters();
    shipped = { version: file.version, lexicon: lexiconFrom(file) };
  }
  return shipped;
}

/** The version of the word-cluster file the features read. */
export const clustersVersion = (): string => clusters().version;

/** The distinct feature buckets of a sentence's lower-case words: each word and its Brown cluster prefixes. */
export function wordFeatures(words: readonly string[]): number[] {
  const { lexicon } = clusters();
  const out = new Set<number>();
  const bucket = (h: number) => out.add(h & (WORD_BUCKETS - 1));
  for (const w of words) {
    const h = hashString(w);
    bucket(mix(WORD, h));
    const brown = lexicon.get(h)?.brown ?? 0;
    if (brown) for (const k of BROWN_PREFIXES) bucket(mix(BROWN + k, brownPrefix(brown, k)));
  }
  return [...out].sort((a, b) => a - b);
}

/** The score of a sentence's features: the sum of their weights over the square root of their number. */
export function wordScore(weights: ReadonlyMap<number, number>, features: readonly number[]): number {
  let sum = 0;
  for (const f of features) sum += weights.get(f) ?? 0;
  return sum / Math.sqrt(Math.max(1, features.length));
}

/**
 * Fits the word weights: logistic regression, each feature worth 1/√(the
 * sentence's features), AdaGrad over the rows in one fixed shuffled order
 * (seeded: deterministic), an intercept left out of the weights (the stumps
 * place the score). Weights under 0.0005 are dropped, the rest rounded to 3 decimals.
 */
export function fitWordWeights(
  rows: ReadonlyArray<{ features: readonly number[]; gold: boolean }>,
  o: WordFitOptions,
): Map<number, number> {
  const w = new Map<number, number>();
  const g2 = new Map<number, number>();
  let bias = 0;
  let biasG2 = 1e-8;
  const order = rows.map((_, i) => i);
  const random = mulberry32(20261123);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  for (let e = 0; e < o.wordEpochs; e++) {
    for (const i of order) {
      const r = rows[i] as { features: readonly number[]; gold: boolean };
      const x = 1 / Math.sqrt(Math.max(1, r.features.length));
      let s = bias;
      for (const f of r.features) s += (w.get(f) ?? 0) * x;
      const err = 1 / (1 + Math.exp(-s)) - (r.gold ? 1 : 0);
      for (const f of r.features) {
        const wf = w.get(f) ?? 0;
        const g = err * x + o.wordL2 * wf;
        const acc = (g2.get(f) ?? 1e-8) + g * g;
        g2.set(f, acc);
        w.set(f, wf - (o.wordRate * g) / Math.sqrt(acc));
      }
      biasG2 += err * err;
      bias -= (o.wordRate * err) / Math.sqrt(biasG2);
    }
  }
  const out = new Map<number, number>();
  for (const f of [...w.keys()].sort((a, b) => a - b)) {
    const v = Math.round((w.get(f) as number) * 1000) / 1000;
    if (Math.abs(v) >= 0.0005) out.set(f, v);
  }
  return out;
}

/** The weights as stored in a model file. */
export function storedWeights(weights: ReadonlyMap<number, number>): WordWeights {
  return { clusters: clustersVersion(), buckets: [...weights.keys()], weights: [...weights.values()] };
}

/**
 * Fits an informational-bias model (`bias.ts`) on labelled sentences:
 * a word model (`words.ts`: logistic regression over hashed words and their
 * Brown clusters), then gradient-boosted stumps (logistic loss) over the
 * features with the word score cross-fitted (each event's sentences scored by
 * a word model fitted without that event, so the stumps on `lexical` weigh an
 * honest score), then a threshold. A stump is a step function of one
 * feature, so the model stays additive: each feature's effect can be read
 * alone, but it may bend (a middle length, an extreme exclusivity). Deterministic:
 * no randomness, folds by the sorted event ids, ties to the first feature and cut.
 */
import {
  BIAS_FEATURES,
  BIAS_FORMAT,
  type BiasModel,
  type BiasRow,
  type BiasStumps,
  type Stump,
  stumpProbability,
} from './bias.js';
import { fitWordWeights, storedWeights, type WordFitOptions, wordScore } from './words.js';

/** A sentence's features with its label and its event (sentences of one event are never split across folds). */
export interface LabelledRow {
  row: BiasRow;
  gold: boolean;
  event: string;
}

/** Settings of the fit; the defaults are the shipped model's, chosen by event-level cross-validation on BASIL dev. */
export interface BiasFitOptions extends WordFitOptions {
  /** Folds (by event) of the cross-fitted word score. @default 5 */
  folds: number;
  /** Boosting rounds: one stump each. @default 200 */
  stumps: number;
  /** Shrinkage: each stump's step is multiplied by it. @default 0.1 */
  rate: number;
  /** Candidate cuts per feature: its quantiles over the training rows. @default 16 */
  bins: number;
  /** Fewest training rows on each side of a cut. @default 20 */
  minLeaf: number;
  /** L2 penalty on each side's step (added to the summed Hessian). @default 1 */
  l2: number;
  /** Share of training sentences at or above the threshold. @default 0.4 */
  positiveShare: number;
}

export const BIAS_FIT_DEFAULTS: Readonly<BiasFitOptions> = Object.freeze({
  wordEpochs: 8,
  wordRate: 0.1,
  wordL2: 0.0001,
  folds: 5,
  stumps: 200,
  rate: 0.1,
  bins: 16,
  minLeaf: 20,
  l2: 1,
  positiveShare: 0.4,
});

const LEXICAL = BIAS_FEATURES.indexOf('lexical');

/** The word weights fitted on labelled rows (`words.ts`). */
export function fitWords(rows: readonly LabelledRow[], o: WordFitOptions): Map<number, number> {
  return fitWordWeights(
    rows.map((r) => ({ features: r.row.wordFeatures, gold: r.gold })),
    o,
  );
}

/** Candidate cuts of one feature: its distinct quantiles at 1/bins, 2/bins, ... over the rows. */
function cutsOf(values: readonly number[], bins: number): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const cuts: number[] = [];
  for (let b = 1; b < bins; b++) {
    const q = sorted[Math.floor((b * sorted.length) / bins)] as number;
    if (q > (sorted[0] as number) && q !== cuts[cuts.length - 1]) cuts.push(q);
  }
  return cuts;
}

/**
 * Gradient boosting of stumps under the logistic loss (Newton steps, as in
 * XGBoost's second-order split gain): each round picks the feature and cut that
 * most lower the loss, and adds `rate` times its two steps.
 */
export function fitStumps(
  xs: readonly number[][],
  ys: readonly boolean[],
  o: Pick<BiasFitOptions, 'stumps' | 'rate' | 'bins' | 'minLeaf' | 'l2'>,
): BiasStumps {
  const n = xs.length;
  const d = BIAS_FEATURES.length;
  const positives = ys.filter(Boolean).length;
  const base = Math.log((positives + 0.5) / (n - positives + 0.5));
  const cuts = Array.from({ length: d }, (_, j) =>
    cutsOf(
      xs.map((x) => x[j] ?? 0),
      o.bins,
    ),
  );
  // bin of each row per feature: how many cuts lie at or below its value
  const bin = Array.from({ length: d }, (_, j) => {
    const c = cuts[j] as number[];
    return Int32Array.from(xs, (x) => {
      let k = 0;
      while (k < c.length && (x[j] ?? 0) >= (c[k] as number)) k++;
      return k;
    });
  });
  const f = new Float64Array(n).fill(base);
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  const stumps: Stump[] = [];
  for (let round = 0; round < o.stumps; round++) {
    let G = 0;
    let H = 0;
    for (let i = 0; i < n; i++) {
      const p = 1 / (1 + Math.exp(-(f[i] as number)));
      g[i] = p - (ys[i] ? 1 : 0);
      h[i] = p * (1 - p);
      G += g[i] as number;
      H += h[i] as number;
    }
    let best: { gain: number; j: number; k: number; gl: number; hl: number } | null = null;
    for (let j = 0; j < d; j++) {
      const c = cuts[j] as number[];
      const gs = new Float64Array(c.length + 1);
      const hs = new Float64Array(c.length + 1);
      const ns = new Int32Array(c.length + 1);
      const b = bin[j] as Int32Array;
      for (let i = 0; i < n; i++) {
        const k = b[i] as number;
        gs[k] = (gs[k] as number) + (g[i] as number);
        hs[k] = (hs[k] as number) + (h[i] as number);
        ns[k] = (ns[k] as number) + 1;
      }
      let gl = 0;
      let hl = 0;
      let nl = 0;
      for (let k = 0; k < c.length; k++) {
        gl += gs[k] as number;
        hl += hs[k] as number;
        nl += ns[k] as number;
        if (nl < o.minLeaf || n - nl < o.minLeaf) continue;
        const gain = (gl * gl) / (hl + o.l2) + (G - gl) ** 2 / (H - hl + o.l2) - (G * G) / (H + o.l2);
        if (!best || gain > best.gain) best = { gain, j, k, gl, hl };
      }
    }
    if (!best || best.gain <= 1e-12) break;
    const below = round6((-o.rate * best.gl) / (best.hl + o.l2));
    const above = round6((-o.rate * (G - best.gl)) / (H - best.hl + o.l2));
    const stump: Stump = [best.j, cuts[best.j]?.[best.k] as number, below, above];
    stumps.push(stump);
    const b = bin[best.j] as Int32Array;
    for (let i = 0; i < n; i++) f[i] = (f[i] as number) + ((b[i] as number) <= best.k ? below : above);
  }
  return { base: round6(base), stumps };
}

const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

/** Fold of each event: its position among the sorted event ids, modulo `folds`. */
export function eventFolds(events: Iterable<string>, folds: number): Map<string, number> {
  return new Map([...new Set(events)].sort().map((e, i) => [e, i % folds]));
}

/** The rows' feature vectors with `lexical` cross-fitted: each event's rows scored by word weights fitted on the other folds' events. */
export function crossFittedFeatures(
  rows: readonly LabelledRow[],
  o: Pick<BiasFitOptions, 'folds' | keyof WordFitOptions>,
): number[][] {
  const fold = eventFolds(
    rows.map((r) => r.event),
    o.folds,
  );
  const xs = rows.map((r) => r.row.x.slice());
  for (let k = 0; k < o.folds; k++) {
    const words = fitWords(
      rows.filter((r) => fold.get(r.event) !== k),
      o,
    );
    rows.forEach((r, i) => {
      if (fold.get(r.event) === k) (xs[i] as number[])[LEXICAL] = wordScore(words, r.row.wordFeatures);
    });
  }
  return xs;
}

/** The probability at or above which `share` of the given probabilities lie. */
export function thresholdAt(probs: readonly number[], share: number): number {
  const sorted = [...probs].sort((a, b) => b - a);
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? 0.5;
}

/** Fits the whole model on labelled rows. */
export function fitBiasModel(
  rows: readonly LabelledRow[],
  options: Partial<BiasFitOptions> = {},
  meta: { version: string; trainedOn: string } = { version: 'unversioned', trainedOn: 'unstated' },
): BiasModel {
  const o = { ...BIAS_FIT_DEFAULTS, ...options };
  const xs = crossFittedFeatures(rows, o);
  const fitted = fitStumps(
    xs,
    rows.map((r) => r.gold),
    o,
  );
  const threshold = thresholdAt(
    xs.map((x) => stumpProbability(fitted, x)),
    o.positiveShare,
  );
  return {
    format: BIAS_FORMAT,
    version: meta.version,
    trainedOn: meta.trainedOn,
    features: BIAS_FEATURES,
    words: storedWeights(fitWords(rows, o)),
    ...fitted,
    threshold: round6(threshold),
  };
}

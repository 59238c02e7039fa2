/**
 * Fits an informational-bias model (`bias.ts`) on labelled sentences:
 * a word log-odds lexicon, then logistic regression over the features with
 * the lexical score cross-fitted (each event's sentences scored by a lexicon
 * learnt without that event, so the weight of `lexical` is the weight of an
 * honest score), then a threshold. Deterministic: no randomness, folds by the
 * sorted event ids.
 */
import { BIAS_FEATURES, type BiasModel, type BiasRow, lexicalScore, logistic } from './bias.js';

/** A sentence's features with its label and its event (sentences of one event are never split across folds). */
export interface LabelledRow {
  row: BiasRow;
  gold: boolean;
  event: string;
}

/** Settings of the fit; the defaults are the shipped model's, chosen by event-level cross-validation on BASIL dev. */
export interface BiasFitOptions {
  /** A word enters the lexicon when it occurs in this many training events at least. @default 3 */
  minEvents: number;
  /** Pseudo-count pulling each word's odds to the base rate. @default 40 */
  alpha: number;
  /** Folds (by event) of the cross-fitted lexical score. @default 5 */
  folds: number;
  /** Gradient steps (AdaGrad, full batch). @default 300 */
  steps: number;
  /** Step size. @default 0.5 */
  rate: number;
  /** L2 penalty, per training row. @default 1 */
  l2: number;
  /** Share of training sentences at or above the threshold. @default 0.4 */
  positiveShare: number;
}

export const BIAS_FIT_DEFAULTS: Readonly<BiasFitOptions> = Object.freeze({
  minEvents: 3,
  alpha: 40,
  folds: 5,
  steps: 300,
  rate: 0.5,
  l2: 1,
  positiveShare: 0.4,
});

const LEXICAL = BIAS_FEATURES.indexOf('lexical');
const round3 = (v: number) => Math.round(v * 1000) / 1000;

/** Word -> smoothed log-odds of a positive sentence, relative to the base rate; words in fewer than `minEvents` events left out. */
export function fitLexicon(
  rows: readonly LabelledRow[],
  o: Pick<BiasFitOptions, 'minEvents' | 'alpha'>,
): Map<string, number> {
  const pos = new Map<string, number>();
  const neg = new Map<string, number>();
  const events = new Map<string, Set<string>>();
  let positives = 0;
  for (const r of rows) {
    if (r.gold) positives++;
    for (const w of r.row.words) {
      const m = r.gold ? pos : neg;
      m.set(w, (m.get(w) ?? 0) + 1);
      const e = events.get(w) ?? new Set<string>();
      e.add(r.event);
      events.set(w, e);
    }
  }
  const prior = positives / Math.max(1, rows.length);
  const out = new Map<string, number>();
  if (prior <= 0 || prior >= 1) return out;
  const base = Math.log(prior / (1 - prior));
  for (const w of [...events.keys()].sort()) {
    if ((events.get(w)?.size ?? 0) < o.minEvents) continue;
    const lo = Math.log(((pos.get(w) ?? 0) + o.alpha * prior) / ((neg.get(w) ?? 0) + o.alpha * (1 - prior))) - base;
    if (Math.abs(lo) >= 0.0005) out.set(w, round3(lo));
  }
  return out;
}

/** Logistic regression over standardised features, L2, AdaGrad on the full batch. Weights: one per feature, bias last. */
export function fitLogistic(
  xs: readonly number[][],
  ys: readonly boolean[],
  o: Pick<BiasFitOptions, 'steps' | 'rate' | 'l2'>,
) {
  const n = Math.max(1, xs.length);
  const d = BIAS_FEATURES.length;
  const mean = Array.from({ length: d }, (_, j) => xs.reduce((a, x) => a + (x[j] ?? 0), 0) / n);
  const std = Array.from(
    { length: d },
    (_, j) => Math.sqrt(xs.reduce((a, x) => a + ((x[j] ?? 0) - (mean[j] ?? 0)) ** 2, 0) / n) || 1,
  );
  const z = xs.map((x) => x.map((v, j) => (v - (mean[j] ?? 0)) / (std[j] ?? 1)));
  const w = new Float64Array(d + 1);
  const g2 = new Float64Array(d + 1).fill(1e-8);
  const grad = new Float64Array(d + 1);
  for (let step = 0; step < o.steps; step++) {
    grad.fill(0);
    z.forEach((x, i) => {
      let s = w[d] as number;
      for (let j = 0; j < d; j++) s += (w[j] as number) * (x[j] as number);
      const err = 1 / (1 + Math.exp(-s)) - (ys[i] ? 1 : 0);
      for (let j = 0; j < d; j++) grad[j] = (grad[j] as number) + err * (x[j] as number);
      grad[d] = (grad[d] as number) + err;
    });
    for (let j = 0; j <= d; j++) {
      const g = (grad[j] as number) / n + (j < d ? (o.l2 * (w[j] as number)) / n : 0);
      g2[j] = (g2[j] as number) + g * g;
      w[j] = (w[j] as number) - (o.rate * g) / Math.sqrt(g2[j] as number);
    }
  }
  return { mean: mean.map(round6), std: std.map(round6), weights: [...w].map(round6) };
}

const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

/** Fold of each event: its position among the sorted event ids, modulo `folds`. */
export function eventFolds(events: Iterable<string>, folds: number): Map<string, number> {
  return new Map([...new Set(events)].sort().map((e, i) => [e, i % folds]));
}

/** Fits the whole model on labelled rows. */
export function fitBiasModel(
  rows: readonly LabelledRow[],
  options: Partial<BiasFitOptions> = {},
  meta: { version: string; trainedOn: string } = { version: 'unversioned', trainedOn: 'unstated' },
): BiasModel {
  const o = { ...BIAS_FIT_DEFAULTS, ...options };
  const fold = eventFolds(
    rows.map((r) => r.event),
    o.folds,
  );
  const xs = rows.map((r) => r.row.x.slice());
  for (let k = 0; k < o.folds; k++) {
    const words = fitLexicon(
      rows.filter((r) => fold.get(r.event) !== k),
      o,
    );
    rows.forEach((r, i) => {
      if (fold.get(r.event) === k) (xs[i] as number[])[LEXICAL] = lexicalScore(words, r.row);
    });
  }
  const fitted = fitLogistic(
    xs,
    rows.map((r) => r.gold),
    o,
  );
  const probs = xs.map((x) => logistic(fitted, x)).sort((a, b) => b - a);
  const threshold = probs[Math.min(probs.length - 1, Math.floor(o.positiveShare * probs.length))] ?? 0.5;
  return {
    format: 'dossier-compare-bias@1',
    version: meta.version,
    trainedOn: meta.trainedOn,
    features: BIAS_FEATURES,
    words: Object.fromEntries(fitLexicon(rows, o)),
    ...fitted,
    threshold: round6(threshold),
  };
}

/**
 * Scoring arithmetic for the link stage.
 *
 * Pair scores (dedup): precision = found pairs that are gold / found pairs,
 * recall = gold pairs found / gold pairs; pairs are unordered.
 *
 * Clustering scores, from the contingency counts n_ij (items in predicted
 * cluster i and gold class j), a_i = Σ_j n_ij, b_j = Σ_i n_ij, N items:
 * - pairwise: an item pair is predicted together when both are in one
 *   predicted cluster, truly together when in one gold class;
 *   P = Σ C(n_ij,2) / Σ C(a_i,2), R = Σ C(n_ij,2) / Σ C(b_j,2).
 * - BCubed (Bagga & Baldwin 1998; Amigó et al. 2009): per item, precision is
 *   the share of its predicted cluster (itself included) in its gold class,
 *   recall the share of its gold class in its predicted cluster; averaged
 *   over items: P = (1/N) Σ n_ij² / a_i, R = (1/N) Σ n_ij² / b_j.
 * F1 is the harmonic mean of the averaged P and R. An empty denominator
 * (no predicted pairs) counts as precision 1.
 */

/** Precision/recall/F1 of a set of found pairs against gold pairs. */
export interface PairScores {
  precision: number;
  recall: number;
  f1: number;
  predicted: number;
  gold: number;
  correct: number;
}

const key = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);

/** Scores unordered pairs; duplicates in either list count once. */
export function pairScores(
  found: ReadonlyArray<readonly [string, string]>,
  gold: ReadonlyArray<readonly [string, string]>,
): PairScores {
  const g = new Set(gold.map(([a, b]) => key(a, b)));
  const f = new Set(found.map(([a, b]) => key(a, b)));
  let correct = 0;
  for (const k of f) if (g.has(k)) correct++;
  const precision = f.size ? correct / f.size : 1;
  const recall = g.size ? correct / g.size : 1;
  return { precision, recall, f1: harmonic(precision, recall), predicted: f.size, gold: g.size, correct };
}

/** Precision, recall and F1. */
export interface PRF {
  precision: number;
  recall: number;
  f1: number;
}

/** Pairwise and BCubed scores of one clustering. */
export interface ClusterScores {
  items: number;
  predictedClusters: number;
  goldClusters: number;
  pairwise: PRF;
  bcubed: PRF;
}

function harmonic(p: number, r: number): number {
  return p + r > 0 ? (2 * p * r) / (p + r) : 0;
}

const pairs = (n: number) => (n * (n - 1)) / 2;

/** Scores predicted cluster labels against gold labels, item by item (same length, same order). */
export function clusterScores(predicted: readonly string[], gold: readonly string[]): ClusterScores {
  if (predicted.length !== gold.length) throw new RangeError('predicted and gold labels differ in length');
  const n = predicted.length;
  const cell = new Map<string, number>();
  const a = new Map<string, number>();
  const b = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const p = predicted[i] as string;
    const g = gold[i] as string;
    const k = `${p}\u0000${g}`;
    cell.set(k, (cell.get(k) ?? 0) + 1);
    a.set(p, (a.get(p) ?? 0) + 1);
    b.set(g, (b.get(g) ?? 0) + 1);
  }
  let together = 0;
  let bp = 0;
  let br = 0;
  for (const [k, nij] of cell) {
    const [p, g] = k.split('\u0000') as [string, string];
    together += pairs(nij);
    bp += (nij * nij) / (a.get(p) as number);
    br += (nij * nij) / (b.get(g) as number);
  }
  let predPairs = 0;
  for (const v of a.values()) predPairs += pairs(v);
  let goldPairs = 0;
  for (const v of b.values()) goldPairs += pairs(v);
  const pp = predPairs ? together / predPairs : 1;
  const pr = goldPairs ? together / goldPairs : 1;
  const bcp = n ? bp / n : 1;
  const bcr = n ? br / n : 1;
  return {
    items: n,
    predictedClusters: a.size,
    goldClusters: b.size,
    pairwise: { precision: pp, recall: pr, f1: harmonic(pp, pr) },
    bcubed: { precision: bcp, recall: bcr, f1: harmonic(bcp, bcr) },
  };
}

import { describe, expect, it } from 'vitest';
import { agglomerate, type Group } from './agglomerate.js';
import { added, dot, type Sparse } from './sparse.js';

/** A unit vector over feature ids 0..n-1 from raw weights. */
function unit(weights: readonly number[]): Sparse {
  const norm = Math.hypot(...weights);
  const ids: number[] = [];
  const ws: number[] = [];
  weights.forEach((w, i) => {
    if (w) {
      ids.push(i);
      ws.push(w / norm);
    }
  });
  return { ids: Int32Array.from(ids), ws: Float64Array.from(ws), sumsq: 1 };
}

const node = (weights: readonly number[]): Group => ({ sums: [unit(weights)], n: 1, first: null, last: null });

const groupAverage = {
  score: (a: Group, b: Group) => dot(a.sums[0] as Sparse, b.sums[0] as Sparse) / (a.n * b.n),
  merge: (a: Group, b: Group): Group => ({
    sums: [added(a.sums[0] as Sparse, b.sums[0] as Sparse, 100)],
    n: a.n + b.n,
    first: null,
    last: null,
  }),
};

describe('agglomerate', () => {
  it('does not chain: C resembles B but not A, so it stays out of the A+B group', () => {
    // A·B = 0.8, B·C = 0.6, A·C = 0: after A+B merge, mean(A·C, B·C) = 0.3 < 0.5
    const a = node([1, 0, 0]);
    const b = node([0.8, 0.6, 0]);
    const c = node([0, 1, 0]);
    const root = agglomerate(
      [a, b, c],
      [
        [0, 1],
        [1, 2],
        [0, 2],
      ],
      { threshold: 0.5, ...groupAverage },
    );
    expect([...root]).toEqual([0, 0, 2]);
  });

  it('merges the best pair first, whatever order the pairs are listed in', () => {
    // B·C ≈ 0.996 beats A·B ≈ 0.939 (both above 0.93); once B+C exist, A's mean to them (≈ 0.923) is below
    const nodes = [node([1, 0.5, 0]), node([1, 1, 0.2]), node([0.9, 1, 0.3])];
    const pairs: Array<[number, number]> = [
      [0, 1],
      [1, 2],
      [0, 2],
    ];
    const o = { threshold: 0.93, ...groupAverage };
    const forward = agglomerate(nodes, pairs, o);
    const backward = agglomerate(nodes, [...pairs].reverse(), o);
    expect([...forward]).toEqual([...backward]);
    expect([...forward]).toEqual([0, 1, 1]);
  });

  it('lets a node still alone join its best neighbour at the lower bar, but not two groups merge under the main one', () => {
    // A·B ≈ 0.81 merge at 0.5; C·A = C·B ≈ 0.47: C stays alone and joins A+B at the lone bar 0.3;
    // D·E = 0.36 (two groups of one that are strays) pair up at 0.3 too; without the lone bar C, D and E stay alone
    const a = node([1, 0.48, 0, 0]);
    const b = node([1, 0, 0.48, 0]);
    const c = node([0.3, 0.5, 0.5, 0.7]);
    const d = node([0, 0, 0, 1, 0]);
    const e = node([0, 0, 0, 0.36, 0.93]);
    const pairs: Array<[number, number]> = [
      [0, 1],
      [0, 2],
      [1, 2],
      [3, 4],
    ];
    const strict = agglomerate([a, b, c, d, e], pairs, { threshold: 0.5, ...groupAverage });
    expect([...strict]).toEqual([0, 0, 2, 3, 4]);
    const lone = agglomerate([a, b, c, d, e], pairs, {
      threshold: 0.5,
      strayThreshold: 0.3,
      stray: () => true,
      ...groupAverage,
    });
    expect([...lone]).toEqual([0, 0, 0, 3, 3]);
    // only nodes the caller calls strays may join at the lower bar
    const none = agglomerate([a, b, c, d, e], pairs, {
      threshold: 0.5,
      strayThreshold: 0.3,
      stray: () => false,
      ...groupAverage,
    });
    expect([...none]).toEqual([...strict]);
  });

  it('lets a stray join a clear best under the lone bar (ratio test), not the best of several alike or of a handful', () => {
    // X·A = 0.25 (under the lone bar 0.3); X·O = `others` each, on axes of their own (O·O = 0, A·O small)
    const axis = (k: number, x: number, dims: number) =>
      Array.from({ length: dims }, (_, d) => (d === 0 ? x : d === k ? Math.sqrt(1 - x * x) : 0));
    const run = (others: readonly number[], alternatives: number, evidence = groupAverage.score) => {
      const dims = others.length + 2;
      const nodes = [
        node(axis(-1, 1, dims)),
        node(axis(1, 0.25, dims)),
        ...others.map((x, k) => node(axis(k + 2, x, dims))),
      ];
      const pairs = nodes.slice(1).map((_, k) => [0, k + 1] as [number, number]);
      const root = agglomerate(nodes, pairs, {
        threshold: 0.5,
        floor: 0.12, // the others score under it: only the ratio test reads them
        strayThreshold: 0.3,
        strayRatio: 1.5,
        strayFloor: 0.2,
        strayAlternatives: alternatives,
        stray: () => true,
        ...groupAverage,
        evidence,
      });
      return root[1] === root[0];
    };
    const nine = Array.from({ length: 9 }, (_, k) => 0.05 + 0.005 * k); // second best 0.09: 0.25 ≥ 1.5 × 0.09
    expect(run(nine, 8)).toBe(true);
    expect(run([...nine.slice(1), 0.2], 8)).toBe(false); // second best 0.2: 0.25 < 1.5 × 0.2
    expect(run(nine, 10)).toBe(false); // nine candidates beside the best, ten needed
    expect(run(nine.slice(0, 3), 8)).toBe(false); // a handful
    // the test reads the evidence it is given (words without time evidence), not the score
    expect(run(nine, 8, (a, b) => groupAverage.score(a, b) / 2)).toBe(false); // best 0.125 under the floor
  });

  it('never compares nodes that no pair connects', () => {
    const root = agglomerate([node([1, 0]), node([1, 0])], [], { threshold: 0.1, ...groupAverage });
    expect([...root]).toEqual([0, 1]);
  });
});

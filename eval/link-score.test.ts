import { describe, expect, it } from 'vitest';
import { clusterScores, pairScores } from './link-score.js';

describe('clusterScores', () => {
  it('is perfect when the clusters equal the classes, whatever the labels', () => {
    const s = clusterScores(['x', 'x', 'y'], ['a', 'a', 'b']);
    expect(s.pairwise).toEqual({ precision: 1, recall: 1, f1: 1 });
    expect(s.bcubed).toEqual({ precision: 1, recall: 1, f1: 1 });
  });

  it('matches a hand-computed case', () => {
    // gold {1,2,3}{4,5}; predicted {1,2}{3,4,5}
    const s = clusterScores(['p', 'p', 'q', 'q', 'q'], ['a', 'a', 'a', 'b', 'b']);
    // pairs: predicted 1+3 = 4, gold 3+1 = 4, together: (1,2) and (4,5) = 2
    expect(s.pairwise.precision).toBeCloseTo(0.5);
    expect(s.pairwise.recall).toBeCloseTo(0.5);
    // BCubed precision per item: 1, 1, 1/3, 2/3, 2/3 -> 11/15
    expect(s.bcubed.precision).toBeCloseTo(11 / 15);
    // BCubed recall per item: 2/3, 2/3, 1/3, 1, 1 -> 11/15
    expect(s.bcubed.recall).toBeCloseTo(11 / 15);
    expect(s.bcubed.f1).toBeCloseTo(11 / 15);
  });

  it('scores all singletons as precision 1 and low recall', () => {
    const s = clusterScores(['1', '2', '3', '4'], ['a', 'a', 'b', 'b']);
    expect(s.pairwise.precision).toBe(1);
    expect(s.pairwise.recall).toBe(0);
    expect(s.bcubed.precision).toBe(1);
    expect(s.bcubed.recall).toBeCloseTo(0.5);
  });

  it('refuses labels of different lengths', () => {
    expect(() => clusterScores(['a'], [])).toThrow(RangeError);
  });
});

describe('pairScores', () => {
  it('counts unordered pairs once', () => {
    const s = pairScores(
      [
        ['a', 'b'],
        ['b', 'a'],
        ['c', 'd'],
      ],
      [
        ['b', 'a'],
        ['e', 'f'],
      ],
    );
    expect(s.predicted).toBe(2);
    expect(s.correct).toBe(1);
    expect(s.precision).toBeCloseTo(0.5);
    expect(s.recall).toBeCloseTo(0.5);
  });
});

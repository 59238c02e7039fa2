import { describe, expect, it } from 'vitest';
import { claimPairs, jaccardPairs } from './claims.js';
import type { GoldDoc } from './link-data.js';

const doc = (id: string, story: string, title: string): GoldDoc => ({
  id,
  story,
  outlet: null,
  title,
  paragraphs: [`${title}. Something else happened later in the day.`],
  published: null,
});

const docs = [
  doc('a', 's1', 'Turkey refuses to drop Russian S-400 missile deal despite US sanctions'),
  doc('b', 's1', 'Ankara will not abandon S-400 deal with Moscow despite American sanctions'),
  doc('c', 's2', 'Weekly jobless claims fall to lowest level since the pandemic began'),
  doc('d', 's2', 'Weekly jobless claims fall to lowest level since the pandemic began'),
  doc('e', 's3', 'Supreme Court hears arguments on Mississippi abortion law'),
];

describe('claims scorer', () => {
  it('pairs paraphrased headlines that plain word overlap misses', () => {
    expect(claimPairs(docs, 'headline')).toEqual(expect.arrayContaining([['a', 'b']]));
    expect(jaccardPairs(docs, 'headline', 0.5)).not.toContainEqual(['a', 'b']);
  });

  it('pairs identical headlines in both methods and nothing across stories', () => {
    for (const pairs of [claimPairs(docs, 'headline'), jaccardPairs(docs, 'headline', 1)]) {
      expect(pairs).toContainEqual(['c', 'd']);
      expect(pairs.some(([x, y]) => x === 'e' || y === 'e')).toBe(false);
    }
  });
});

import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clusterOurs, crossValidate, partlyUndated } from './clustering.js';
import { type GoldDoc, loadBasil } from './link-data.js';

const BASIL = new URL('../../shared/data/basil/', import.meta.url).pathname;

describe.runIf(existsSync(BASIL))('eval clustering on BASIL DEV', () => {
  const docs = loadBasil(BASIL);

  it('undates about a third of the articles and leaves the rest as they were', () => {
    const undated = partlyUndated(docs);
    const dropped = undated.filter((d, i) => d.published === null && docs[i]?.published !== null).length;
    expect(dropped).toBeGreaterThan(docs.length / 5);
    expect(dropped).toBeLessThan(docs.length / 2);
    undated.forEach((d, i) => {
      if (d.published !== null) expect(d).toEqual(docs[i]);
    });
  });

  it('labels the same documents the same way whatever their order', () => {
    const labels = clusterOurs(docs);
    const reversed = clusterOurs([...docs].reverse()).reverse();
    const groups = (ls: string[]) => docs.map((_, i) => ls.map((l, j) => (l === ls[i] ? j : -1)).filter((j) => j >= 0));
    expect(groups(reversed)).toEqual(groups(labels));
  });

  it('chooses the bars on the other folds and scores the one left out', () => {
    // two folds of 25 events each; bars no pair reaches lose to the defaults on both
    const stories = [...new Set(docs.map((d) => d.story))].sort();
    const fold = (k: number): GoldDoc[] => docs.filter((d) => stories.indexOf(d.story) % 2 === k);
    const cv = crossValidate(
      [fold(0), fold(1)],
      [
        { threshold: 0.3, strayThreshold: 0.2, strayRatio: 1.2, batchFeatures: 20 },
        { threshold: 5, strayThreshold: 5, strayRatio: 0, batchFeatures: 12 },
      ],
    );
    expect(cv.folds.map((f) => f.threshold)).toEqual([0.3, 0.3]);
    expect(cv.mean).toBeGreaterThan(0.95);
    const never = cv.sweep.find((s) => s.threshold === 5);
    expect(never?.mean).toBeLessThan(0.6);
  });
});

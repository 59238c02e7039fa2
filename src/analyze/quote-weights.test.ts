import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EDGES, TEMPLATES } from './quote-bounds.js';
import { CUE_TEMPLATES } from './quote-model.js';
import { VOCAB_MAX, weightTableFrom } from './perceptron.js';
import { ScoreTable } from './quote-weights.js';

const file = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../models/${name}`, import.meta.url), 'utf8')) as { weights: number[] };

describe('ScoreTable', () => {
  it('reads every weight of both shipped models as the hash table does, and 0 for unseen features', () => {
    const cases = [
      { flat: file('quote-cues.json').weights, templates: CUE_TEMPLATES.length },
      { flat: file('quote-bounds.json').weights, templates: EDGES.length * TEMPLATES.length },
    ];
    for (const { flat, templates } of cases) {
      const scores = new ScoreTable(flat, templates);
      const table = weightTableFrom(flat);
      let seen = 0;
      const wrong: string[] = [];
      for (let k = 0; k < flat.length; k += 2) {
        const low = flat[k]! % VOCAB_MAX;
        const high = (flat[k]! - low) / VOCAB_MAX;
        // the feature, and unseen values of its template (past a flat array's width or height)
        for (const [h, l] of [
          [high, low],
          [high, low + 1],
          [high + 1, low],
          [high, low + 40],
          [high + 7000, low],
        ] as const) {
          if (scores.get(h, l) !== table.get(h, l)) wrong.push(`${h}/${l}`);
          seen++;
        }
      }
      expect(wrong).toEqual([]);
      expect(seen).toBeGreaterThan(1000);
    }
  });
  it('reads weights no cell of thousandths holds (finer, or beyond 32.767) exactly, from the hash table', () => {
    const key = (tpl: number, a: number, b: number) => (tpl * VOCAB_MAX + a) * VOCAB_MAX + b;
    const flat = [key(0, 3, 1), 0.0005, key(0, 4, 0), 1.25, key(1, 2, 0), 40.5, key(2, 7, 1), -2.375];
    const scores = new ScoreTable(flat, 3);
    for (let k = 0; k < flat.length; k += 2) {
      const low = flat[k]! % VOCAB_MAX;
      expect(scores.get((flat[k]! - low) / VOCAB_MAX, low)).toBe(flat[k + 1]);
    }
    // the sum in order, an unnamed cell (template 2, value 7 with 0) adding nothing
    expect(scores.score([0 * VOCAB_MAX + 4, 0, 2 * VOCAB_MAX + 7, 0, 2 * VOCAB_MAX + 7, 1], 6)).toBe(1.25 - 2.375);
  });
  it('says which feature names a template the model does not have', () => {
    expect(() => new ScoreTable([5 * VOCAB_MAX * VOCAB_MAX, 1], 3)).toThrow(/template 5 of 3/);
  });
});

import { describe, expect, it } from 'vitest';
import {
  BIAS_FEATURES,
  type BiasFeature,
  type BiasRow,
  biasProbability,
  shippedBiasModel,
  stumpProbability,
} from './bias.js';
import { BIAS_FIT_DEFAULTS, fitBiasModel, fitStumps, fitWords, type LabelledRow } from './bias-fit.js';
import { clustersVersion, WORD_BUCKETS, wordFeatures, wordScore } from './words.js';
import type { SentenceRecord } from './prepare.js';

const at = (f: BiasFeature) => BIAS_FEATURES.indexOf(f);

/** A labelled row: `direct` agrees with the label in two rows of three; the words say it through `slammed`. */
function row(event: string, gold: boolean, direct: number, words: string[]): LabelledRow {
  const x = BIAS_FEATURES.map(() => 0.5);
  x[at('direct')] = direct;
  const r: BiasRow = { sentence: {} as SentenceRecord, x, wordFeatures: wordFeatures(words) };
  return { row: r, gold, event };
}

function rows(): LabelledRow[] {
  const out: LabelledRow[] = [];
  for (const event of ['e1', 'e2', 'e3', 'e4', 'e5', 'e6']) {
    for (let i = 0; i < 10; i++) {
      const gold = i < 3;
      const words = gold ? ['slammed', 'the', `${event}only`] : ['the', 'said', 'constructor'];
      out.push(row(event, gold, gold === i % 3 < 2 ? 1 : 0, words));
    }
  }
  return out;
}

describe('bias model fit', () => {
  it('learns word weights over hashed words and their clusters, no text kept', () => {
    const words = fitWords(rows(), BIAS_FIT_DEFAULTS);
    const score = (ws: string[]) => wordScore(words, wordFeatures(ws));
    expect(score(['slammed'])).toBeGreaterThan(0.3);
    expect(score(['said'])).toBeLessThan(-0.3);
    expect(score(['slammed', 'the', 'e9only'])).toBeGreaterThan(score(['the', 'said', 'constructor']));
    // a word and its Brown clusters are buckets, each in range
    const slammed = wordFeatures(['slammed']);
    expect(slammed.length).toBeGreaterThan(1);
    expect(slammed.every((b) => Number.isInteger(b) && b >= 0 && b < WORD_BUCKETS)).toBe(true);
    expect(wordFeatures(['slammed', 'slammed'])).toEqual(slammed);
    expect(fitWords(rows(), BIAS_FIT_DEFAULTS)).toEqual(words);
  });

  it('weighs a predictive feature and the lexical score up, and is deterministic', () => {
    const data = rows();
    const m = fitBiasModel(data, { minLeaf: 5 });
    // the stumps on the lexical score say more words of positive sentences, more likely
    const lexical = m.stumps.filter(([j]) => j === at('lexical'));
    expect(lexical.length).toBeGreaterThan(0);
    for (const [, , below, above] of lexical) expect(above).toBeGreaterThan(below);
    expect(m.features).toEqual(BIAS_FEATURES);
    expect(JSON.stringify(fitBiasModel(data, { minLeaf: 5 }))).toBe(JSON.stringify(m));
    const yes = data.filter((r) => r.gold).map((r) => biasProbability(m, r.row));
    const no = data.filter((r) => !r.gold).map((r) => biasProbability(m, r.row));
    expect(Math.min(...yes)).toBeGreaterThan(Math.max(...no));
    // the model file holds buckets and weights, no word
    expect(JSON.stringify(m.words)).not.toMatch(/slammed|said|constructor/);
    expect(m.words.buckets).toHaveLength(m.words.weights.length);
    expect(no.every(Number.isFinite)).toBe(true);
  });

  it('boosted stumps learn a bend a single weight cannot: a middle band of a feature is the likely one', () => {
    const length = at('length');
    const xs: number[][] = [];
    const ys: boolean[] = [];
    for (let i = 0; i < 300; i++) {
      const x = BIAS_FEATURES.map(() => 0);
      x[length] = i / 300;
      xs.push(x);
      ys.push(i >= 100 && i < 200 ? i % 3 !== 0 : i % 5 === 0);
    }
    const m = fitStumps(xs, ys, { stumps: 100, rate: 0.1, bins: 16, minLeaf: 20, l2: 1 });
    const p = (v: number) => stumpProbability(m, xs[Math.round(v * 300)] as number[]);
    expect(p(0.5)).toBeGreaterThan(0.5);
    expect(p(0.1)).toBeLessThan(0.35);
    expect(p(0.9)).toBeLessThan(0.35);
    expect(m.stumps.every(([j]) => j === length)).toBe(true);
    expect(fitStumps(xs, ys, { stumps: 100, rate: 0.1, bins: 16, minLeaf: 20, l2: 1 })).toEqual(m);
  });

  it('ships a model over the current features', () => {
    const m = shippedBiasModel();
    expect(m.format).toBe('dossier-compare-bias@4');
    // read with the clusters it was trained on
    expect(m.words.clusters).toBe(clustersVersion());
    expect(m.stumps.length).toBeGreaterThan(10);
    for (const [j, cut, below, above] of m.stumps) {
      expect(BIAS_FEATURES[j]).toBeDefined();
      expect([cut, below, above].every(Number.isFinite)).toBe(true);
    }
    expect(m.threshold).toBeGreaterThan(0);
    expect(m.threshold).toBeLessThan(1);
  });
});

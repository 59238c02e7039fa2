import { describe, expect, it } from 'vitest';
import { BIAS_FEATURES, type BiasFeature, type BiasRow, biasProbability, shippedBiasModel } from './bias.js';
import { fitBiasModel, fitLexicon, type LabelledRow } from './bias-fit.js';
import type { SentenceRecord } from './prepare.js';

const at = (f: BiasFeature) => BIAS_FEATURES.indexOf(f);

/** A labelled row: `direct` agrees with the label in two rows of three; the words say it through `slammed`. */
function row(event: string, gold: boolean, direct: number, words: string[]): LabelledRow {
  const x = BIAS_FEATURES.map(() => 0.5);
  x[at('direct')] = direct;
  const r: BiasRow = { sentence: {} as SentenceRecord, x, words };
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
  it('learns word log-odds from words seen in enough events only', () => {
    const words = fitLexicon(rows(), { minEvents: 3, alpha: 2 });
    expect(words.get('slammed')).toBeGreaterThan(1);
    expect(words.get('said')).toBeLessThan(0);
    expect(words.has('e1only')).toBe(false);
  });

  it('weighs a predictive feature and the lexical score up, and is deterministic', () => {
    const data = rows();
    const m = fitBiasModel(data);
    expect(m.weights[at('lexical')]).toBeGreaterThan(0.3);
    expect(m.features).toEqual(BIAS_FEATURES);
    expect(JSON.stringify(fitBiasModel(data))).toBe(JSON.stringify(m));
    const yes = data.filter((r) => r.gold).map((r) => biasProbability(m, r.row));
    const no = data.filter((r) => !r.gold).map((r) => biasProbability(m, r.row));
    expect(Math.min(...yes)).toBeGreaterThan(Math.max(...no));
    // `constructor` is a word like any other, not the object's property
    expect(m.words.constructor).toBeLessThan(0);
    expect(no.every(Number.isFinite)).toBe(true);
  });

  it('ships a model over the current features', () => {
    const m = shippedBiasModel();
    expect(m.format).toBe('dossier-compare-bias@1');
    expect(m.weights).toHaveLength(BIAS_FEATURES.length + 1);
    expect(m.threshold).toBeGreaterThan(0);
    expect(m.threshold).toBeLessThan(1);
  });
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIAS_FEATURES, type BiasFeature } from '../src/compare/index.js';
import {
  basilBackground,
  evalCompare,
  rankingAuc,
  readBasil,
  score,
  sentenceRows,
  shuffledFolds,
  topKByArticle,
} from './compare.js';
import { eventFolds } from '../src/compare/bias-fit.js';
import { wordFeatures } from '../src/compare/words.js';

/** A BASIL-shaped folder written by the test: two events, three outlets each, one held-out event not listed as dev. */
const dir = mkdtempSync(join(tmpdir(), 'dossier-basil-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const EVENTS = ['aaa', 'bbb', 'zzz'];
const OUTLETS = ['fox', 'NYT', 'hpo'];
function writeEvent(event: string) {
  mkdirSync(join(dir, 'articles', '2019'), { recursive: true });
  mkdirSync(join(dir, 'annotations', '2019'), { recursive: true });
  OUTLETS.forEach((source, n) => {
    const paragraphs = [
      [
        'The council voted on Monday to close the old bridge.',
        `Emoji 🚧 first, then the words the ${source} outlet chose.`,
      ],
      [`Only ${source} quoted the mayor, who said "this is a disgrace".`],
    ];
    const uuid = `${event}-${n}`;
    writeFileSync(
      join(dir, 'articles', '2019', `${event}_${n + 1}.json`),
      JSON.stringify({
        uuid,
        source,
        title: 't',
        date: '2019-05-01',
        'triplet-uuid': event,
        'body-paragraphs': paragraphs,
      }),
    );
    // code-point offsets: the emoji is one code point but two UTF-16 units
    const words = `the ${source} outlet chose`;
    const s1 = Array.from(paragraphs[0]?.[1] as string);
    const at = s1.join('').indexOf(words);
    const start = Array.from(s1.join('').slice(0, at)).length;
    writeFileSync(
      join(dir, 'annotations', '2019', `${event}_${n + 1}_ann.json`),
      JSON.stringify({
        uuid,
        'triplet-uuid': event,
        'phrase-level-annotations': [
          { bias: 'inf', start, end: start + Array.from(words).length, txt: words },
          { bias: 'lex', start: 0, end: 3, txt: 'The' },
        ],
      }),
    );
  });
}
EVENTS.forEach(writeEvent);
writeFileSync(join(dir, 'dev_triplet_ids.txt'), 'aaa\nbbb\n');

describe('BASIL reader', () => {
  it('reads only the dev events and marks the sentence holding an informational span by code-point offsets', () => {
    const triplets = readBasil(dir);
    expect(triplets.map((t) => t.id)).toEqual(['aaa', 'bbb']);
    const a = triplets[0]?.articles.find((x) => x.outlet === 'nyt');
    expect(a?.gold).toEqual([false, true, false]);
    const s = a?.sentences[1];
    expect(a?.body.slice(s?.start, s?.end)).toBe('Emoji 🚧 first, then the words the NYT outlet chose.');
    expect(a?.body).toContain('\n\nOnly NYT');
    expect(basilBackground(triplets).documents).toBe(6);
  });
});

describe('scores', () => {
  it('computes precision, recall and F1 of the positive class', () => {
    const s = score('x', [true, true, false, false], [true, false, true, false]);
    expect([s.precision, s.recall, s.f1, s.predicted]).toEqual([0.5, 0.5, 0.5, 2]);
    expect(score('none', [true], [false]).f1).toBe(0);
  });

  it('measures a ranking by AUC, ties counted half', () => {
    expect(rankingAuc([true, false, true, false], [0.9, 0.1, 0.8, 0.2])).toBe(1);
    expect(rankingAuc([true, false, true, false], [0.1, 0.9, 0.2, 0.8])).toBe(0);
    // one positive above one negative, level with the other: (1 + 0.5) / 2
    expect(rankingAuc([true, false, false], [0.5, 0.5, 0.1])).toBe(0.75);
    expect(rankingAuc([true, true], [0.1, 0.2])).toBe(0.5);
  });

  it("takes each article's best sentences, as many as it has positives, for the ceiling of a ranking", () => {
    const rows = [
      { article: 'a', gold: true },
      { article: 'a', gold: false },
      { article: 'a', gold: false },
      { article: 'b', gold: false },
      { article: 'b', gold: false },
    ];
    // article a has one positive: its best-scored sentence is taken, right or wrong; b has none: nothing
    expect(topKByArticle(rows, [0.2, 0.9, 0.1, 0.99, 0.98])).toEqual([false, true, false, false, false]);
    expect(topKByArticle(rows, [0.9, 0.2, 0.1, 0.99, 0.98])).toEqual([true, false, false, false, false]);
  });

  it('deals shuffled events into folds of equal size, the same for a seed and another for another seed', () => {
    const events = Array.from({ length: 50 }, (_, i) => `e${String(i).padStart(2, '0')}`);
    const one = shuffledFolds(events, 5, 1);
    expect([...one.keys()].sort()).toEqual(events);
    for (let k = 0; k < 5; k++) expect([...one.values()].filter((f) => f === k)).toHaveLength(10);
    // the order the events are given in does not matter; the seed does
    expect(shuffledFolds([...events].reverse(), 5, 1)).toEqual(one);
    const differs = (a: Map<string, number>, b: Map<string, number>) => events.filter((e) => a.get(e) !== b.get(e));
    expect(differs(one, shuffledFolds(events, 5, 2)).length).toBeGreaterThan(25);
    expect(differs(one, eventFolds(events, 5)).length).toBeGreaterThan(25);
  });

  it('gives every sentence one value per feature, with the other outlets as context', () => {
    const triplets = readBasil(dir);
    const rows = sentenceRows(triplets, basilBackground(triplets));
    expect(rows).toHaveLength(18);
    const exclusive = rows.find((r) => r.outlet === 'fox' && r.row.sentence.index === 2);
    const shared = rows.find((r) => r.outlet === 'fox' && r.row.sentence.index === 0);
    const x = (r: typeof shared, f: BiasFeature) => r?.row.x[BIAS_FEATURES.indexOf(f)];
    expect(x(shared, 'exclusivity')).toBeLessThan(0.1);
    expect(x(exclusive, 'direct')).toBe(1);
    expect(x(shared, 'first')).toBe(1);
    // its words as the word model's hashed buckets: `disgrace` and its clusters among them
    expect(exclusive?.row.wordFeatures).toEqual(expect.arrayContaining(wordFeatures(['disgrace'])));
  });

  it('runs end to end on the folder and reports ours beside the baselines and the published figures', () => {
    const r = evalCompare(dir);
    expect(r.ours.predicted).toBeGreaterThan(0);
    expect(r.shipped).toBeNull();
    expect(r.ablations).toHaveLength(3);
    expect(r.perFold.map((p) => p.f1.length)).toEqual([5, 5, 5]);
    expect(r.foldDiagnostics).toHaveLength(5);
    expect(r.reshuffled.map((x) => x.seed)).toEqual([1, 2, 3]);
    for (const x of r.reshuffled) expect(x.auc).toBeGreaterThanOrEqual(0);
    expect(Object.keys(r.foldDiagnostics[0]?.parts ?? {})).toEqual([
      'fox',
      'hpo',
      'nyt',
      'quote',
      'narration',
      'lead',
      'rest',
    ]);
    for (const d of r.foldDiagnostics) expect(d.auc).toBeGreaterThanOrEqual(0);
    expect(r.ceiling.predicted).toBe(r.positives);
    expect(r.breakdown.map((s) => s.name.trim())).toContain('outlet nyt');
    expect(r.sentences).toBe(18);
    expect(r.positives).toBe(6);
    expect(r.baselines[0]?.recall).toBe(1);
    // the two signals the issue asks about, each alone: exclusive sentences and framing terms
    const exclusive = r.baselines.find((b) => b.name.startsWith('signal alone: every exclusive'));
    expect(r.baselines.map((b) => b.name)).toContain('signal alone: every sentence holding a framing term (z >= 1.96)');
    // the three outlets state every sentence in near-identical words: none is exclusive
    expect(exclusive?.predicted).toBe(0);
    expect(exclusive?.f1).toBe(0);
    expect(r.baselines[0]?.precision).toBeCloseTo(6 / 18, 5);
    expect(r.published.map((p) => p.f1)).toContain(0.441);
  });
});

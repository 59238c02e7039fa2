import { describe, expect, it } from 'vitest';
import { documentCounts, documentPrecisionRecall, scoreCorpus, shingles, tokenize } from './extraction-score.js';

// Every expected number below was worked out by hand from the rule in
// ../shared/data/article-extraction/README.md.

describe('tokenize', () => {
  it('keeps maximal runs of letters, numbers and underscore, case kept', () => {
    expect(tokenize("Don't stop—2020's café_x!")).toEqual(['Don', 't', 'stop', '2020', 's', 'café_x']);
  });
  it('drops combining marks as separators', () => {
    expect(tokenize('cafe\u0301s')).toEqual(['cafe', 's']);
  });
  it('treats a missing body as empty', () => {
    expect(tokenize(null)).toEqual([]);
    expect(tokenize(undefined)).toEqual([]);
  });
});

describe('shingles', () => {
  it('makes 4-token windows as a multiset', () => {
    const bag = shingles(tokenize('a b c d a b c d'));
    // windows: abcd, bcda, cdab, dabc, abcd
    expect([...bag.values()].sort()).toEqual([1, 1, 1, 2]);
    expect(bag.size).toBe(4);
  });
  it('makes one shorter shingle for 1 to 3 tokens, none for 0', () => {
    expect(shingles(['x', 'y']).size).toBe(1);
    expect(shingles([]).size).toBe(0);
  });
});

describe('per-document counts', () => {
  it('a prediction missing the last token: TP 1, FN 1 -> P 1, R 0.5', () => {
    const c = documentCounts('a b c d e', 'a b c d');
    expect(c).toEqual({ tp: 0.5, fp: 0, fn: 0.5 });
    expect(documentPrecisionRecall(c)).toEqual({ precision: 1, recall: 0.5 });
  });
  it('counts repeated shingles: truth abcd x2 + 3 others, prediction abcd once -> R 1/5', () => {
    const { precision, recall } = documentPrecisionRecall(documentCounts('a b c d a b c d', 'a b c d'));
    expect(precision).toBe(1);
    expect(recall).toBeCloseTo(0.2, 12);
  });
  it('extra text: truth 1 shingle, prediction 3 shingles of which 1 right -> P 1/3, R 1', () => {
    const { precision, recall } = documentPrecisionRecall(documentCounts('a b c d', 'a b c d e f'));
    expect(precision).toBeCloseTo(1 / 3, 12);
    expect(recall).toBe(1);
  });
  it('an empty prediction does not count toward precision', () => {
    expect(documentPrecisionRecall(documentCounts('a b c d', ''))).toEqual({ precision: null, recall: 0 });
  });
});

describe('scoreCorpus', () => {
  it('takes plain means, then F1 of the means', () => {
    const truth = new Map([
      ['one', 'a b c d e'],
      ['two', 'a b c d'],
      ['three', 'Hello, world'],
    ]);
    const predictions = new Map([
      ['one', 'a b c d'], // P 1, R 0.5
      ['two', ''], // P not counted, R 0
      ['three', 'hello world'], // case kept: P 0, R 0
    ]);
    const s = scoreCorpus(truth, predictions);
    // precision mean over one and three: (1 + 0) / 2; recall mean over all three: (0.5 + 0 + 0) / 3
    expect(s.precision).toBeCloseTo(0.5, 12);
    expect(s.recall).toBeCloseTo(1 / 6, 12);
    // F1 = 2 * 0.5 * 1/6 / (0.5 + 1/6) = 0.25
    expect(s.f1).toBeCloseTo(0.25, 12);
    expect(s.accuracy).toBe(0);
  });
  it('exact match compares token lists, not punctuation or spacing', () => {
    const s = scoreCorpus(new Map([['x', 'One, two.\n\nThree!']]), new Map([['x', 'One two Three']]));
    expect(s).toMatchObject({ precision: 1, recall: 1, f1: 1, accuracy: 1 });
  });
  it('a missing id counts as an empty prediction', () => {
    const s = scoreCorpus(new Map([['x', 'a b c d']]), new Map());
    expect(s.recall).toBe(0);
    expect(s.precision).toBe(0);
  });
});

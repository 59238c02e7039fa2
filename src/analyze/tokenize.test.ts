import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tokenize, tokenText } from './tokenize.js';

const words = (text: string) => {
  const t = tokenize(text);
  return Array.from({ length: t.length }, (_, i) => tokenText(t, i));
};
const sentences = (text: string) => {
  const t = tokenize(text);
  return Array.from({ length: t.sentences }, (_, s) =>
    text.slice(t.starts[t.sentStarts[s] as number], t.ends[(t.sentEnds[s] as number) - 1]),
  );
};

describe('tokenize', () => {
  it('keeps abbreviations, initials, numbers and designations whole', () => {
    expect(
      words('The U.S. Army said on Feb. 24 that Gen. J. K. Smith (No. 5) bought 2,500 S-400s for $2.5-billion.'),
    ).toEqual([
      'The',
      'U.S.',
      'Army',
      'said',
      'on',
      'Feb.',
      '24',
      'that',
      'Gen.',
      'J.',
      'K.',
      'Smith',
      '(',
      'No.',
      '5',
      ')',
      'bought',
      '2,500',
      'S-400s',
      'for',
      '$',
      '2.5-billion',
      '.',
    ]);
    expect(words('F-35 jets')).toEqual(['F-35', 'jets']);
  });
  it('splits dashes, ellipses and the possessive', () => {
    expect(words('Turkey\u2019s plan -- or not\u2014maybe... yes')).toEqual([
      'Turkey',
      '\u2019s',
      'plan',
      '--',
      'or',
      'not',
      '\u2014',
      'maybe',
      '...',
      'yes',
    ]);
  });
  it('ends sentences after quotes and brackets, not after abbreviations', () => {
    expect(
      sentences('"They left." He said no. Mr. Lavrov met Gen. Smith. "Yes!" she said. Then (finally.) Done'),
    ).toEqual([
      '"They left."',
      'He said no.',
      'Mr. Lavrov met Gen. Smith.',
      '"Yes!" she said.',
      'Then (finally.)',
      'Done',
    ]);
  });
  it('ends a sentence on a dotted acronym before a sentence opener', () => {
    expect(sentences('He flew to the U.S. The talks began. Troops of the U.S. Army left.')).toEqual([
      'He flew to the U.S.',
      'The talks began.',
      'Troops of the U.S. Army left.',
    ]);
  });
  it('ends a sentence at a line break (titles, captions)', () => {
    expect(sentences('A headline without a period\n\nThe body starts here.')).toEqual([
      'A headline without a period',
      'The body starts here.',
    ]);
  });
  it('property: never throws; tokens are ordered, inside the text, and never blank', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        const t = tokenize(text);
        let last = 0;
        for (let i = 0; i < t.length; i++) {
          const s = t.starts[i] as number;
          const e = t.ends[i] as number;
          expect(s).toBeGreaterThanOrEqual(last);
          expect(e).toBeGreaterThan(s);
          expect(e).toBeLessThanOrEqual(text.length);
          expect(tokenText(t, i).trim()).not.toBe('');
          last = e;
        }
      }),
    );
  });
  it('is linear on hostile text: a 1 MB line without punctuation, quotes, emoji and mixed scripts', () => {
    const hostile = [
      'word '.repeat(200_000),
      '"'.repeat(10_000),
      'ALL CAPS NO STOP '.repeat(60_000),
      '\u{1F600}\u05E9\u05DC\u05D5\u05DD \u0645\u0631\u062D\u0628\u0627 '.repeat(40_000),
    ];
    for (const text of hostile) {
      const t0 = performance.now();
      const t = tokenize(text);
      expect(performance.now() - t0).toBeLessThan(2000);
      expect(t.length).toBeGreaterThan(0);
    }
  });
});

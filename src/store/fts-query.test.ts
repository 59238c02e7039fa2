import { describe, expect, it } from 'vitest';
import { toFtsQuery, toWebSearchQuery } from './fts-query.js';

describe('search queries', () => {
  it('reads words, phrases, OR and exclusions the same way for FTS5 and websearch_to_tsquery', () => {
    const input = 'ceasefire "Tarnel valley" OR Aldport -rumour';
    expect(toFtsQuery(input)).toBe('("ceasefire" "Tarnel valley" OR "Aldport") NOT "rumour"');
    expect(toWebSearchQuery(input)).toBe('"ceasefire" "Tarnel valley" or "Aldport" -"rumour"');
  });

  it('keeps only letters and digits, so no input is read as query syntax', () => {
    expect(toWebSearchQuery('S-400 & (Patriot) <-> !x')).toBe('"S 400" "Patriot" "x"');
    expect(toFtsQuery('NEAR(a b) *')).toBe('"NEAR a" "b"');
  });

  it('has nothing to search for in punctuation, or exclusions alone', () => {
    for (const input of ['', '  ', '*) (', '-alone', '-"two words"']) {
      expect(toFtsQuery(input)).toBeNull();
      expect(toWebSearchQuery(input)).toBeNull();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { brownClusters } from '../scripts/brown-clusters.js';
import { brownPrefix } from '../src/analyze/ner-model.js';

/** Sentences `determiner noun verb adverb` over four word classes, each word with its own frequency. */
function corpus(): { sentences: Int32Array[]; words: string[] } {
  const classes = [
    ['the', 'a'],
    ['cat', 'dog', 'cow', 'horse', 'goat', 'hen'],
    ['runs', 'sleeps', 'eats', 'sings', 'waits', 'jumps'],
    ['today', 'quickly', 'again'],
  ];
  const sentences: string[][] = [];
  // words of a class are picked unevenly (the square root of a spread), so the classes interleave by frequency
  for (let i = 0; i < 600; i++) {
    const pick = (c: string[], salt: number) =>
      c[Math.floor(Math.sqrt(((i * 7919 + salt * 104729) % 997) / 997) * c.length)] as string;
    sentences.push([
      pick(classes[0] as string[], 1),
      pick(classes[1] as string[], 2),
      pick(classes[2] as string[], 3),
      pick(classes[3] as string[], 4),
    ]);
  }
  const counts = new Map<string, number>();
  for (const s of sentences) for (const w of s) counts.set(w, (counts.get(w) ?? 0) + 1);
  const words = [...counts.keys()].sort(
    (a, b) => (counts.get(b) as number) - (counts.get(a) as number) || (a < b ? -1 : 1),
  );
  const id = new Map(words.map((w, k) => [w, k]));
  return { sentences: sentences.map((s) => Int32Array.from(s, (w) => id.get(w) as number)), words };
}

describe('Brown clusters', () => {
  const { sentences, words } = corpus();
  const classes = [
    ['the', 'a'],
    ['cat', 'dog', 'cow', 'horse', 'goat', 'hen'],
    ['runs', 'sleeps', 'eats', 'sings', 'waits', 'jumps'],
    ['today', 'quickly', 'again'],
  ];
  const prefixes = (paths: string[], c: string[], k: number) =>
    new Set(c.map((w) => paths[words.indexOf(w)]?.slice(0, k)));

  it('with every word in the window, split the four word classes at the first two bits', () => {
    const paths = brownClusters(sentences, words.length, words.length);
    for (const c of classes) expect(prefixes(paths, c, 2).size, c.join(' ')).toBe(1);
    expect(new Set(classes.map((c) => paths[words.indexOf(c[0] as string)]?.slice(0, 2))).size).toBe(4);
  });

  it('with a window smaller than the vocabulary, keep nouns together, verbs together, and apart; deterministic', () => {
    const paths = brownClusters(sentences, words.length, 4);
    const nouns = prefixes(paths, classes[1] as string[], 99);
    const verbs = prefixes(paths, classes[2] as string[], 99);
    expect(nouns.size).toBe(1);
    expect(verbs.size).toBe(1);
    expect([...nouns]).not.toEqual([...verbs]);
    expect(brownClusters(sentences, words.length, 4)).toEqual(paths);
  });

  it('read prefixes of a stored bit string (1 << length | bits)', () => {
    const stored = (1 << 6) | 0b101100;
    expect(brownPrefix(stored, 4)).toBe((1 << 4) | 0b1011);
    expect(brownPrefix(stored, 6)).toBe(stored);
    expect(brownPrefix(stored, 10)).toBe(stored);
    expect(brownPrefix(0, 4)).toBe(0);
  });
});

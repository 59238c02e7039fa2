import { deserialize, serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random.js';
import type { ClaimOptions, Statement } from './claims.js';
import { StatementSet, type StatementSetChunk, type StatementSetState } from './statement-set.js';

/** Made-up content words; low numbers are drawn far more often (so they saturate). */
const word = (n: number) => `term${String.fromCharCode(97 + (n % 26))}${String.fromCharCode(97 + Math.floor(n / 26))}`;

/** Statements of 60 articles over a skewed vocabulary of 80 words: many match, and common words saturate. */
function statements(): Statement[] {
  const rand = mulberry32(7);
  const out: Statement[] = [];
  for (let a = 0; a < 60; a++)
    for (let k = 0; k < 4; k++) {
      const text = Array.from({ length: 5 }, () => word(Math.floor(rand() ** 2 * 80))).join(' ');
      out.push({
        articleId: `a${String(a).padStart(3, '0')}`,
        start: k * 100,
        end: k * 100 + text.length,
        text,
        kind: 'text',
        speaker: null,
        published: new Date(Date.UTC(2024, 0, 1 + (a % 20))).toISOString(),
        outlet: `o${a % 7}`,
        story: null,
        names: [],
        numbers: [],
      });
    }
  return out;
}

/** Claims as sets of statement keys, comparable across sets filled in different orders. */
function keyed(set: StatementSet, groups: number[][]): string[] {
  return groups.map((g) => g.map((i) => `${set.ref(i).articleId}:${set.ref(i).start}`).join(' ')).sort();
}

function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const rand = mulberry32(seed);
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** Small cap and lenient thresholds, so features saturate and links are dropped again mid-stream. */
const OPTIONS: Partial<ClaimOptions> = { postingCap: 12, minFeatures: 3, minShared: 2, overlap: 0.5, cosine: 0.4 };

describe('StatementSet, continued from a saved state', () => {
  const all = statements();
  const whole = new StatementSet(OPTIONS);
  for (const s of all) whole.add(s);
  const expected = keyed(whole, whole.group());

  it('finds claims here, and saturates features (the case that drops links again)', () => {
    expect(expected.length).toBeGreaterThan(3);
    const loose = new StatementSet({ ...OPTIONS, postingCap: 10_000 });
    for (const s of all) loose.add(s);
    expect(keyed(loose, loose.group())).not.toEqual(expected);
  });

  it('gives the claims of one pass whatever the order and however the statements are split into runs', () => {
    for (const seed of [1, 2, 3]) {
      const order = shuffled(all, seed);
      let state: StatementSetState | null = null;
      for (const [from, to] of [
        [0, 50],
        [50, 170],
        [170, order.length],
      ] as const) {
        const set: StatementSet = state
          ? new StatementSet(OPTIONS, deserialize(serialize(state)) as StatementSetState)
          : new StatementSet(OPTIONS);
        const before = state ? keyed(set, set.group()) : [];
        for (const s of order.slice(from, to)) set.add(s);
        // what a run writes: the claims before, less those it touched, plus those it made
        const { removed, added } = set.changes();
        const gone = new Set(keyed(set, removed));
        const kept = before.filter((c) => !gone.has(c));
        expect(kept.length + removed.length).toBe(before.length);
        expect([...kept, ...keyed(set, added)].sort()).toEqual(keyed(set, set.group()));
        state = set.state();
      }
      const last = new StatementSet(OPTIONS, state as StatementSetState);
      expect(keyed(last, last.group())).toEqual(expected);
    }
  });

  it('continues from the chunks runs append (links made and dropped), written whole again at any run', () => {
    for (const [seed, wholeAt] of [
      [4, -1],
      [5, 2],
      [6, 3],
    ] as const) {
      const order = shuffled(all, seed);
      let chunks: StatementSetChunk[] = [];
      const cuts = [0, 30, 60, 120, 170, order.length];
      for (let k = 1; k < cuts.length; k++) {
        const set = StatementSet.restore(
          chunks.map((c) => deserialize(serialize(c)) as StatementSetChunk),
          OPTIONS,
        );
        const before = chunks.length ? keyed(set, set.group()) : [];
        for (const s of order.slice(cuts[k - 1], cuts[k])) set.add(s);
        const { removed, added } = set.changes();
        const gone = new Set(keyed(set, removed));
        expect([...before.filter((c) => !gone.has(c)), ...keyed(set, added)].sort()).toEqual(keyed(set, set.group()));
        chunks = k === wholeAt ? [set.chunk(true)] : [...chunks, set.chunk()];
      }
      // postingCap 12 saturates features as statements come: some runs dropped links earlier runs made
      expect(chunks.some((c) => c.dropA.length > 0)).toBe(true);
      const last = StatementSet.restore(chunks, OPTIONS);
      expect(keyed(last, last.group())).toEqual(expected);
    }
  });
});

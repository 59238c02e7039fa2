import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DuplicateDetector, describeGroup, dedupOptions, intersectionSize, type LinkDoc, shingleSet } from './dedup.js';

const SEEDS = new URL('../../../shared/seeds/', import.meta.url);
const seed = (name: string) => readFileSync(new URL(name, SEEDS), 'utf8');
const DAY = 86_400_000;

function doc(id: string, body: string, extra: Partial<LinkDoc> = {}): LinkDoc {
  const [title = '', ...rest] = body.split('\n');
  return { id, title, body: rest.join('\n'), outlet: null, published: Date.UTC(2020, 1, 18), ...extra };
}

describe('shingleSet and intersectionSize', () => {
  it('gives sorted unique hashes and counts the overlap', () => {
    const a = shingleSet('the cat sat on the mat the cat sat on the mat', 3);
    for (let i = 1; i < a.length; i++) expect(a[i]).toBeGreaterThan(a[i - 1] as number);
    // "the cat sat", "cat sat on", "sat on the", "on the mat", "the mat the", "mat the cat": 6 distinct
    expect(a.length).toBe(6);
    expect(intersectionSize(Uint32Array.of(1, 3, 5, 7), Uint32Array.of(2, 3, 7, 9))).toBe(2);
  });
  it('is case-insensitive and ignores punctuation', () => {
    expect([...shingleSet('Turkey, Russia and the S-400.', 2)]).toEqual([
      ...shingleSet('turkey russia AND the s-400', 2),
    ]);
  });
});

describe('DuplicateDetector', () => {
  const rt = seed('000_9c8fcb1de1a10844.txt');
  const memo = seed('001_6434d27c1471fe00.txt');

  it('finds an edited syndicated copy: new headline, cut tail, reordered paragraphs, furniture', () => {
    const paras = rt.split(/\n\s*\n/);
    const copy = [
      'Turkey says US offered Idlib intelligence',
      'Click to see full-size image',
      paras[2],
      paras[1],
      ...paras.slice(3, Math.ceil(paras.length * 0.7)),
      'Source: RT',
    ].join('\n\n');
    const d = new DuplicateDetector();
    expect(d.add(doc('rt', rt, { outlet: 'RT' }))).toEqual([]);
    const found = d.add(doc('copy', copy, { outlet: 'Copier', published: Date.UTC(2020, 1, 19) }));
    expect(found.map((m) => m.id)).toEqual(['rt']);
    expect(found[0]?.containment).toBeGreaterThan(0.6);
    const group = d.groupOf('copy');
    expect(group?.first).toBe('rt');
    expect(group?.copiedBy).toEqual(['Copier']);
  });

  it('does not pair two outlets writing up the same story (RT and Middle East Monitor on S-400, Feb 2020)', () => {
    const d = new DuplicateDetector();
    d.add(doc('rt', rt));
    expect(d.add(doc('memo', memo))).toEqual([]);
    expect(d.groups()).toEqual([]);
  });

  it('does not compare articles published further apart than the window', () => {
    const d = new DuplicateDetector({ windowDays: 7 });
    d.add(doc('a', rt));
    expect(d.add(doc('b', rt, { published: Date.UTC(2020, 1, 18) + 30 * DAY }))).toEqual([]);
  });

  it('finds the same pairs whatever the arrival order', () => {
    const paras = rt.split(/\n\s*\n/);
    const docs = [
      doc('a', rt, { published: 3 * DAY }),
      doc('b', ['x', ...paras.slice(1, 6)].join('\n\n'), { published: DAY }),
      doc('c', memo, { published: 2 * DAY }),
      doc('d', ['y', ...paras.slice(0, 8).reverse()].join('\n\n'), { published: 2 * DAY }),
    ];
    const run = (order: LinkDoc[]) => {
      const d = new DuplicateDetector();
      for (const x of order) d.add(x);
      return d.pairs.map(([a, b]) => `${a}-${b}`).sort();
    };
    const forward = run(docs);
    expect(forward.length).toBeGreaterThan(0);
    expect(run([...docs].reverse())).toEqual(forward);
    expect(run([docs[2], docs[0], docs[3], docs[1]] as LinkDoc[])).toEqual(forward);
  });

  it('names the first publisher by date, undated last', () => {
    const g = describeGroup([
      { id: 'z', outlet: 'C', published: null },
      { id: 'y', outlet: 'B', published: 5 },
      { id: 'x', outlet: 'A', published: 9 },
    ]);
    expect(g.first).toBe('y');
    expect(g.members.map((m) => m.id)).toEqual(['y', 'x', 'z']);
    expect(g.copiedBy).toEqual(['A', 'C']);
  });

  it('rejects bad options', () => {
    expect(() => dedupOptions({ bands: 0 })).toThrow(RangeError);
    expect(() => dedupOptions({ jaccard: 1.5 })).toThrow(RangeError);
  });

  it('ignores texts too short to tell a copy', () => {
    const d = new DuplicateDetector();
    d.add(doc('a', 'Short\nbreaking news here'));
    expect(d.add(doc('b', 'Short\nbreaking news here'))).toEqual([]);
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BOUNDS_FORMAT,
  type BoundsModelFile,
  boundsContext,
  boundsModelFrom,
  EDGES,
  edgeChoices,
  featureKey,
  featureParts,
  loadBoundsModel,
  readBoundsModel,
  refineQuotes,
  TEMPLATES,
  takenTokens,
  TokenIds,
} from './quote-bounds.js';
import { FeatureSpace, WeightTable } from './perceptron.js';
import { findQuotes } from './quotes.js';
import { tokenize } from './tokenize.js';

const BODY =
  'The senator, who leads the committee, said on Monday that the bill would pass easily. Critics disagreed.\n\n“It is a disaster,” Smith said.';

/** A model whose only weight moves the named edge `by` tokens from the rule's guess. */
function oneWeight(edge: (typeof EDGES)[number], by: number, window = 8, markStays = false) {
  const d = by < 0 ? 16 + Math.abs(by) : by; // the distance bucket, for |by| <= 3
  const key = featureKey(EDGES.indexOf(edge), TEMPLATES.indexOf('d'), d);
  return boundsModelFrom(modelFile([key, 5], window, markStays));
}

function modelFile(weights: number[], window: number, markStays: boolean): BoundsModelFile {
  return {
    format: BOUNDS_FORMAT,
    version: 'test',
    trainedOn: '',
    windows: { cs: window, ce: window, ss: window, se: window },
    markStays,
    vocab: [],
    weights,
  };
}

describe('the quote boundary model', () => {
  it('is shipped and re-decides edges: the rules keep their spans without it', () => {
    expect(loadBoundsModel()?.version).toMatch(/^quote-bounds-polnear-[0-9a-f]{10}$/);
    const body =
      'Turkey’s defense minister, Hulusi Akar, suggested in February that the country would be willing to talk.\n\nFormer Secretary of State and Democratic presidential frontrunner Hillary Clinton said Tuesday that she would win.';
    const t = tokenize(body);
    expect(findQuotes(body, t, { bounds: null }).map((q) => q.speaker.mention?.text)).toEqual([
      'Hulusi Akar',
      'Democratic presidential frontrunner Hillary Clinton',
    ]);
    // PolNeAR's source is the whole noun phrase, apposition and titles included, up to the cue
    expect(findQuotes(body, t).map((q) => q.speaker.mention?.text)).toEqual([
      'Turkey’s defense minister, Hulusi Akar,',
      'Former Secretary of State and Democratic presidential frontrunner Hillary Clinton',
    ]);
  });
  it('moves an edge where its weights say, and the text follows', () => {
    const t = tokenize(BODY);
    const rules = findQuotes(BODY, t, { bounds: null });
    const first = rules[0]!;
    expect(first.text).toBe('that the bill would pass easily');
    const moved = refineQuotes(BODY, boundsContext(BODY, t), rules, oneWeight('ce', 1));
    // one token further: the full stop
    expect(moved[0]!.text).toBe('that the bill would pass easily.');
    expect(moved[0]!.end).toBe(first.end + 1);
    const shrunk = refineQuotes(BODY, boundsContext(BODY, t), rules, oneWeight('cs', 1));
    expect(shrunk[0]!.text).toBe('the bill would pass easily');
    expect(shrunk[0]!.start).toBe(shrunk[0]!.parts[0]!.start);
  });
  it("moves an edge no further than the model file's window, and leaves a direct quote's mark edge when it says so", () => {
    const t = tokenize(BODY);
    const rules = findQuotes(BODY, t, { bounds: null });
    const c = boundsContext(BODY, t);
    expect(refineQuotes(BODY, c, rules, oneWeight('ce', 1, 0))[0]!.text).toBe('that the bill would pass easily');
    const direct = rules.findIndex((q) => q.kind === 'direct');
    expect(rules[direct]!.text).toBe('“It is a disaster,”');
    // the content's first token is its opening mark: with `markStays` the start stays there
    expect(refineQuotes(BODY, c, rules, oneWeight('cs', 1, 8, true))[direct]!.text).toBe('“It is a disaster,”');
    expect(refineQuotes(BODY, c, rules, oneWeight('cs', 1, 8, false))[direct]!.text).toBe('It is a disaster,”');
  });
  it('refuses a model file of another format, naming the file, and windows wider than the walk', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bounds-'));
    const path = join(dir, 'quote-bounds.json');
    writeFileSync(path, JSON.stringify({ ...modelFile([], 8, false), format: 'dossier-quote-bounds@1' }));
    expect(() => readBoundsModel(path)).toThrow(`${path}: format dossier-quote-bounds@1, expected ${BOUNDS_FORMAT}`);
    writeFileSync(path, JSON.stringify(modelFile([], 8, false)));
    expect(readBoundsModel(path).windows.ce).toBe(8);
    // a window wider than the walk holds
    writeFileSync(path, JSON.stringify(modelFile([], 40, false)));
    expect(() => readBoundsModel(path)).toThrow(/window cs 40 is not within 0\.\.16/);
  });
  it('never lets a span run into a cue, another quote or the next paragraph', () => {
    const t = tokenize(BODY);
    const rules = findQuotes(BODY, t, { bounds: null });
    const c = boundsContext(BODY, t);
    const ids = new TokenIds(c, new FeatureSpace());
    const taken = takenTokens(t, rules);
    rules.forEach((q, qi) => {
      for (const ch of edgeChoices(c, ids, rules, qi, taken)) {
        expect(ch.candidates[0]).toBe(ch.rule);
        for (const b of ch.candidates) {
          const lo = Math.min(b, ch.rule);
          const hi = Math.max(b, ch.rule);
          for (let i = lo; i < hi; i++) {
            expect([-1, qi]).toContain(taken[i]);
            if (q.cue) expect(t.starts[i]! >= q.cue.end || t.ends[i]! <= q.cue.start).toBe(true);
          }
          if (ch.edge === 'ce') expect(c.para[b - 1]).toBe(c.para[ch.rule - 1]);
        }
      }
    });
  });
  it('numbers features exactly: a key gives back its template and values', () => {
    const key = featureKey(3, TEMPLATES.indexOf('lr'), 123_456, 654_321);
    expect(featureParts(key)).toEqual({ edge: 3, tpl: TEMPLATES.indexOf('lr'), a: 123_456, b: 654_321 });
    expect(key).toBeLessThan(Number.MAX_SAFE_INTEGER);
    const table = new WeightTable([
      [7, 1, 0.5],
      [7, 2, -1],
      [8, 1, 2],
    ]);
    expect([table.get(7, 1), table.get(7, 2), table.get(8, 1), table.get(8, 2)]).toEqual([0.5, -1, 2, 0]);
    const space = new FeatureSpace(['said']);
    expect(space.id('said')).toBe(1);
    expect(space.id('unseen')).toBe(0);
    expect(new FeatureSpace([], true).id('unseen')).toBe(1);
  });
});

import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../analyze/index.js';
import { extract } from '../extract/index.js';
import { readInputs } from '../ingest/index.js';
import { ingestOptions } from '../ingest/options.js';
import type { Analysis } from '../types.js';
import { decodeAnalysis, encodeAnalysis } from './analysis-codec.js';

/** The seeds are read in place, never copied into the repository. */
const SEEDS = join(import.meta.dirname, '..', '..', '..', 'shared', 'seeds');
const EXAMPLES = join(import.meta.dirname, '..', '..', 'examples');

/** What a JSON column gave back before: the analysis as JSON, parsed again. */
const asStoredBefore = (a: Analysis): Analysis => JSON.parse(JSON.stringify(a)) as Analysis;

describe('stored analyses of the seeds and the demo corpus', () => {
  const docs: Array<{ source: string; body: string; analysis: Analysis }> = [];
  beforeAll(async () => {
    for await (const item of readInputs([SEEDS, EXAMPLES], ingestOptions({}))) {
      if ('code' in item) continue; // the demo corpus's deliberately broken files
      const x = extract(item);
      if (x.body)
        docs.push({ source: item.source, body: x.body, analysis: analyze(x.body, { published: x.published?.value }) });
    }
  }, 60_000);

  it('decode(encode(a)) is a, key order included, for every article', () => {
    expect(docs.length).toBeGreaterThan(25);
    for (const { source, body, analysis } of docs) {
      const back = decodeAnalysis(encodeAnalysis(analysis, body), body);
      expect(JSON.stringify(back), source).toBe(JSON.stringify(analysis));
      expect(back, source).toStrictEqual(asStoredBefore(analysis));
    }
  });

  it('stores the analyses in under 60 % of the bytes of the bodies, and an eighth of their JSON', () => {
    let encoded = 0;
    let json = 0;
    let bodies = 0;
    for (const { body, analysis } of docs) {
      encoded += encodeAnalysis(analysis, body).length;
      json += Buffer.byteLength(JSON.stringify(analysis));
      bodies += Buffer.byteLength(body);
    }
    // measured: 30.6 KB against 56.2 KB of bodies and 258.6 KB of JSON (27.7 KB before quotes carried their dates)
    expect(encoded / bodies).toBeLessThan(0.6);
    expect(encoded * 8).toBeLessThan(json);
  });
});

describe('analysis codec', () => {
  const body = 'Lavrov said the talks in Geneva would go on.';
  const analysis = (): Analysis => ({
    version: 'test@1',
    reference: { value: '2020-02-15', estimated: false },
    tokens: 9,
    sentences: [{ start: 0, end: 44 }],
    entities: [
      { start: 0, end: 6, type: 'PERSON', text: 'Lavrov', via: 'model' },
      { start: 24, end: 30, type: 'LOC', text: 'Geneva', via: 'model' },
    ],
    times: [],
    amounts: [],
  });
  const roundTrip = (a: Analysis) => decodeAnalysis(encodeAnalysis(a, body), body);

  it('keeps a text that is not the body between its offsets', () => {
    const a = analysis();
    (a.entities[0] as { text: string }).text = 'Sergei Lavrov';
    expect(roundTrip(a)).toStrictEqual(a);
  });

  it('keeps layers and fields it does not know, spans in them included', () => {
    const a = { ...analysis(), frames: [{ start: 7, end: 11, text: 'said', score: 0.5, extra: { start: 1, end: 2 } }] };
    expect(JSON.stringify(roundTrip(a))).toBe(JSON.stringify(a));
  });

  it('stores an analysis it cannot transform exactly as it is: fractional offsets, a text that is not a string, a Date', () => {
    const fractional = analysis();
    (fractional.sentences[0] as { end: number }).end = 43.5;
    expect(roundTrip(fractional)).toStrictEqual(fractional);
    const numeric = analysis() as unknown as { entities: Array<{ text: unknown }> };
    (numeric.entities[0] as { text: unknown }).text = 0;
    expect(roundTrip(numeric as unknown as Analysis)).toStrictEqual(numeric);
    const dated = { ...analysis(), made: new Date(Date.UTC(2020, 1, 15)) };
    expect(JSON.stringify(roundTrip(dated))).toBe(JSON.stringify(dated));
  });

  it('drops undefined fields as JSON did', () => {
    const a = analysis();
    a.amounts.push({ start: 0, end: 1, type: 'QUANTITY', text: 'L', value: 1, currency: undefined });
    expect(JSON.stringify(roundTrip(a))).toBe(JSON.stringify(a));
    expect('currency' in (roundTrip(a).amounts[0] as object)).toBe(false);
  });

  it('refuses bytes of an unknown format with a clear error', () => {
    const data = encodeAnalysis(analysis(), body);
    data[0] = 9;
    expect(() => decodeAnalysis(data, body)).toThrow(/stored analysis: unknown format 9/);
  });
});

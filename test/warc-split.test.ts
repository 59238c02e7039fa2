import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readInputs } from '../src/ingest/index.js';
import { ingestOptions } from '../src/ingest/options.js';
import { readWarcRange, splitWarc } from '../src/queue/warc-split.js';
import { articleText } from './helpers/corpus.js';
import { buildWarc } from './helpers/warc.js';

const OPTIONS = ingestOptions({ fetchLinks: false });

/** A WARC of `pages` article pages (a warcinfo, then a request and a response record each). */
async function writeWarc(pages: number, gzip: boolean): Promise<string> {
  const html = (i: number) =>
    `<html><head><title>Day ${i}</title></head><body><article><p>${articleText(`marker${i}`, 4)}</p></article></body></html>`;
  const bytes = await buildWarc(
    Array.from({ length: pages }, (_, i) => ({ url: `https://wire.example/${i}`, html: html(i) })),
    gzip,
  );
  const path = join(mkdtempSync(join(tmpdir(), 'dossier-warc-split-')), gzip ? 'crawl.warc.gz' : 'crawl.warc');
  writeFileSync(path, bytes);
  return path;
}

async function sources(records: AsyncIterable<{ source: string } | { code: string }>): Promise<string[]> {
  const out: string[] = [];
  for await (const r of records) out.push('code' in r ? `problem ${r.code}` : r.source);
  return out;
}

describe('WARC files split by record ranges', () => {
  for (const gzip of [true, false]) {
    it(`reads every record of a ${gzip ? 'gzipped' : 'plain'} WARC once, named as when read whole`, async () => {
      const path = await writeWarc(30, gzip);
      const size = statSync(path).size;
      const ranges = splitWarc(path, size, Math.ceil(size / 6), OPTIONS.maxStreamBytes);
      expect(ranges?.length).toBeGreaterThanOrEqual(5);
      // the ranges cover the file end to end, in order
      expect(ranges?.[0]?.start).toBe(0);
      expect(ranges?.at(-1)?.end).toBe(size);
      for (let i = 1; i < (ranges?.length ?? 0); i++) expect(ranges?.[i]?.start).toBe(ranges?.[i - 1]?.end);
      const parts: string[] = [];
      for (const range of ranges ?? []) parts.push(...(await sources(readWarcRange(path, range, OPTIONS))));
      const whole = await sources(readInputs([path], OPTIONS));
      expect(whole).toHaveLength(30);
      expect(parts).toEqual(whole);
    });
  }

  it('leaves a small file, a file that is not a WARC, and one gzip stream of every record whole', async () => {
    const path = await writeWarc(10, true);
    const size = statSync(path).size;
    expect(splitWarc(path, size, size, OPTIONS.maxStreamBytes)).toBeNull();
    const text = join(mkdtempSync(join(tmpdir(), 'dossier-warc-split-')), 'notes.warc');
    writeFileSync(text, 'not a WARC file\n'.repeat(1000));
    expect(splitWarc(text, statSync(text).size, 1000, OPTIONS.maxStreamBytes)).toBeNull();
    const plain = await writeWarc(10, false);
    const oneStream = `${plain}.gz`;
    writeFileSync(oneStream, gzipSync(readFileSync(plain)));
    expect(splitWarc(oneStream, statSync(oneStream).size, 1000, OPTIONS.maxStreamBytes)).toBeNull();
  });

  it('puts a corrupt tail in the last range, whose reader reports it after the records before it', async () => {
    const path = await writeWarc(20, true);
    const bytes = readFileSync(path);
    // the file cut in the middle of a member, as an interrupted download
    const cut = bytes.subarray(0, Math.floor(bytes.length * 0.8));
    writeFileSync(path, cut);
    const ranges = splitWarc(path, cut.length, Math.ceil(cut.length / 4), OPTIONS.maxStreamBytes) ?? [];
    expect(ranges.length).toBeGreaterThan(1);
    const parts: string[] = [];
    for (const range of ranges) parts.push(...(await sources(readWarcRange(path, range, OPTIONS))));
    expect(parts).toEqual(await sources(readInputs([path], OPTIONS)));
    expect(parts.at(-1)).toMatch(/^problem /);
  });
});

import { chmodSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HostileCase, makeHostileCorpus, SECRET_MARKER } from '../scripts/hostile.js';
import { visible } from '../src/cli/progress.js';
import { extract } from '../src/extract/index.js';
import type { RawRecord } from '../src/types.js';
import { type CliResult, runCli, tempDir } from './helpers/cli.js';

/** Wall-clock bound for ingesting the whole corpus: ~5 s here, with room for a loaded 2-core CI machine. */
const TIME_BOUND_MS = 90_000;
/** Markup and script that must never come out of the store. */
const ACTIVE = /<script|<img|<svg|<iframe|<style|\bon\w+\s*=|javascript:|expression\(|alert\(/i;

interface Stored {
  source: string;
  title: string | null;
  body: string;
  removed: string;
  meta: string;
  id: string;
}

let root: string;
let db: string;
let cases: HostileCase[];
let run: CliResult;
let ms: number;
let stored: Stored[];
let errorLines: string[];

beforeAll(async () => {
  const dir = tempDir('dossier-hostile-');
  root = join(dir, 'corpus');
  db = join(dir, 'd.db');
  cases = makeHostileCorpus(root);
  const started = performance.now();
  run = await runCli(['ingest', root, '--db', db, '--json', '--no-fetch', '--quiet']);
  ms = performance.now() - started;
  const conn = new Database(db, { readonly: true });
  stored = conn
    .prepare(
      `SELECT s.source, a.id, a.title, a.body, a.removed, a.meta FROM sources s JOIN articles a ON a.rowid = s.article_rowid`,
    )
    .all() as Stored[];
  conn.close();
  errorLines = run.stderr.split('\n').filter(Boolean);
}, 180_000);

afterAll(() => {
  // the corpus holds a 50 MB page: leave no such thing behind in the temp folder
  for (const path of ['fs/unreadable.txt', 'fs/denied-folder']) chmodSync(join(root, path), 0o755);
  rmSync(join(root, '..'), { recursive: true, force: true });
});

const full = (c: HostileCase) => join(root, c.path);
const storedFrom = (c: HostileCase) =>
  stored.filter(
    (s) => s.source === full(c) || s.source.startsWith(`${full(c)}#`) || s.source.startsWith(`${full(c)}/`),
  );
const linesFor = (c: HostileCase) =>
  errorLines.filter((l) => l.startsWith(`error: ${visible(full(c))}:`) || l.startsWith(`error: ${visible(full(c))}#`));

describe('a hostile corpus (npm run hostile) is ingested without crash, hang, leak or loss', () => {
  it('ends with exit status 2, within the time bound and under 1 GB of memory', () => {
    expect(run.status).toBe(2);
    expect(ms).toBeLessThan(TIME_BOUND_MS);
    const summary = JSON.parse(run.stdout);
    expect(summary.peakRssMB).toBeLessThan(1024);
    expect(summary.interrupted).toBe(false);
  });

  it('prints one line per problem, each naming a file and a code, and no stack trace', () => {
    expect(run.stderr).not.toMatch(/\n\s+at |unexpected error|please report/);
    // nothing from a file name or a message reaches the terminal as a control character
    expect(run.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    for (const line of errorLines) expect(line).toMatch(/^error: \/\S.*: .+ \[DOSSIER_E_[A-Z_]+\]$/);
  });

  it('names every bad file with its code and a reason', () => {
    const bad = cases.filter((c) => c.expect !== 'stored');
    expect(bad.length).toBeGreaterThanOrEqual(10);
    for (const c of bad) {
      const lines = linesFor(c);
      expect(lines, `${c.path} (${c.what}) should be named on stderr`).toHaveLength(1);
      expect(lines[0]).toContain(`[${c.code}]`);
      if (c.expect === 'refused') expect(storedFrom(c), `${c.path}: nothing stored`).toEqual([]);
      else expect(storedFrom(c).length, `${c.path}: records before the refusal kept`).toBeGreaterThan(0);
    }
  });

  it('stores every good file, and reports nothing else', () => {
    for (const c of cases.filter((x) => x.expect === 'stored')) {
      expect(storedFrom(c).length, `${c.path} (${c.what}) should be stored`).toBeGreaterThan(0);
      expect(linesFor(c), `${c.path} should not be reported`).toEqual([]);
    }
    const named = new Set(cases.filter((c) => c.expect !== 'stored').flatMap(linesFor));
    expect(errorLines.filter((l) => !named.has(l))).toEqual([]);
  });

  it('reads no file an entity points at and expands no entity', () => {
    for (const s of stored) {
      for (const text of [s.body, s.title ?? '', s.meta, s.removed]) {
        expect(text).not.toContain(SECRET_MARKER);
        expect(text).not.toMatch(/root:x?:0:0/);
        expect(text).not.toMatch(/(?:lol){20}/);
      }
    }
  });

  it('stores script, handlers, javascript: URLs and CSS as nothing at all, and shows none of it', async () => {
    const [page] = storedFrom(cases.find((c) => c.path === 'xss/active-content.html') as HostileCase);
    expect(page?.body).toContain('activecontent panel');
    for (const text of [page?.body, page?.title, page?.meta, page?.removed]) expect(text).not.toMatch(ACTIVE);
    const shown = await runCli(['show', page?.id as string, '--db', db]);
    const json = await runCli(['show', page?.id as string, '--db', db, '--json']);
    const hits = await runCli(['search', 'activecontent', '--db', db, '--json']);
    for (const out of [shown.stdout, json.stdout, hits.stdout]) expect(out).not.toMatch(ACTIVE);
  });

  it('keeps markup written as text in a text article as literal text, never as markup', async () => {
    const [doc] = storedFrom(cases.find((c) => c.path === 'xss/escaped-markup.txt') as HostileCase);
    expect(doc?.body).toContain('<script>alert("text")</script>');
    const json = JSON.parse((await runCli(['show', doc?.id as string, '--db', db, '--json'])).stdout);
    expect(json.body).toContain('<script>alert("text")</script>');
  });

  it('keeps right-to-left and mixed scripts, and decodes UTF-16 and a bogus <meta charset>', () => {
    const body = (path: string) => storedFrom(cases.find((c) => c.path === path) as HostileCase)[0]?.body ?? '';
    expect(body('text/rtl-mixed.html')).toContain('قال المتحدث باسم الوزارة');
    expect(body('text/rtl-mixed.html')).toContain('אמר הדובר');
    expect(body('text/rtl-mixed.html')).toContain('東京で会談');
    expect(body('text/utf16-bom.txt')).toContain('utfsixteen panel');
    expect(body('text/utf16be-bom.html')).toContain('utfsixteenbe panel');
    expect(body('text/bogus-charset.html')).toContain('boguscharset panel');
  });
});

/** Best of five timings of `fn`, in milliseconds. */
function time(fn: () => void): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    fn();
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

const record = (content: string, kind: 'text' | 'html'): RawRecord => ({ source: 'x', kind, content, rawHash: 'x' });

/**
 * The hostile shapes that are processed rather than refused must cost time in
 * proportion to their size: four times the input may take at most ~10 times
 * as long (a quadratic step would take 16 times, and far more at full size).
 */
describe('hostile shapes below the caps are extracted in linear time', () => {
  const para = 'Mediators met union leaders for a second day, officials said.\n\n';
  it.each([
    ['a line without punctuation', (n: number) => record(`${para}${'word '.repeat(n)}`, 'text'), 50_000],
    [
      'unbalanced quotation marks',
      (n: number) => record(`${para}${'"“'.repeat(n)} said ${'«a» '.repeat(n)}`, 'text'),
      5_000,
    ],
    [
      'nested elements',
      (n: number) =>
        record(`<html><body>${'<div>'.repeat(n)}<p>${para}</p>${'</div>'.repeat(n)}</body></html>`, 'html'),
      25_000,
    ],
    [
      'a huge <title>',
      (n: number) =>
        record(`<html><head><title>${'Long '.repeat(n)}</title></head><body><p>${para}</p></body></html>`, 'html'),
      20_000,
    ],
  ])('%s', (_name, make, n) => {
    const small = make(n);
    const large = make(n * 4);
    extract(small); // warm up
    const ratio =
      time(() => extract(large)) /
      Math.max(
        time(() => extract(small)),
        1,
      );
    expect(ratio).toBeLessThan(10);
  });
});

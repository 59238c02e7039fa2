import { execFileSync } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ingestOptions } from '../src/ingest/options.js';
import { ingest } from '../src/pipeline.js';
import { SqliteStore } from '../src/store/index.js';
import { ROOT, runCli, tempDir } from './helpers/cli.js';
import { articleText, writeCorpus } from './helpers/corpus.js';
import { buildWarc } from './helpers/warc.js';

/** Ingests a corpus into a fresh store and returns the summary with the problems keyed by file name. */
async function ingestCorpus(files: Record<string, string | Buffer>, opts = ingestOptions()) {
  const dir = tempDir();
  const root = writeCorpus(join(dir, 'in'), files);
  const store = new SqliteStore(join(dir, 'd.db'));
  const summary = await ingest([root], store, opts);
  const byFile = new Map(summary.problems.map((p) => [p.source.slice(root.length + 1), p]));
  return { summary, byFile, store, root, dir };
}

describe('each kind of bad input gets one clear problem and the run goes on', () => {
  it.each([
    ['empty.txt', '', 'DOSSIER_E_EMPTY'],
    ['blank.txt', ' \n\n\t \n', 'DOSSIER_E_EMPTY'],
    ['image.html', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), 'DOSSIER_E_BINARY'],
    ['random.bin', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), 'DOSSIER_E_BINARY'],
    ['truncated.txt.gz', gzipSync(Buffer.from(articleText('zulu'))).subarray(0, 60), 'DOSSIER_E_GZIP'],
    ['broken.json', '{"title": "x", "text": ', 'DOSSIER_E_JSON'],
    [
      'garbled.txt',
      Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from('00d800d800d800d800d800d800d800d8', 'hex').fill(0xd8, 1, 2),
      ]),
      'DOSSIER_E_DECODE',
    ],
  ])('%s -> %s', async (name, content, code) => {
    const { summary, byFile } = await ingestCorpus({ [name]: content, 'good.txt': articleText('good') });
    expect(summary.new).toBe(1);
    expect(summary.failed).toBe(1);
    const p = byFile.get(name);
    expect(p?.code).toBe(code);
    expect(p?.message).not.toMatch(/\n/);
  });

  it('refuses an article over the size cap and keeps the rest', async () => {
    const { summary, byFile } = await ingestCorpus(
      { 'big.txt': articleText('big', 40), 'small.txt': articleText('small', 1) },
      ingestOptions({ maxArticleBytes: 1024 }),
    );
    expect(summary).toMatchObject({ new: 1, failed: 1 });
    expect(byFile.get('big.txt')).toMatchObject({
      code: 'DOSSIER_E_TOO_LARGE',
      message: expect.stringContaining('1 KiB'),
    });
  });

  it('names the malformed JSON line and stores the good lines', async () => {
    const jsonl = [
      JSON.stringify({ text: articleText('one') }),
      '{"text": "unterminated',
      JSON.stringify({ text: articleText('three') }),
      '[1, 2]',
    ].join('\n');
    const { summary, byFile } = await ingestCorpus({ 'export.jsonl': jsonl });
    expect(summary).toMatchObject({ new: 2, failed: 2 });
    expect(byFile.get('export.jsonl#record=2')?.code).toBe('DOSSIER_E_JSON');
    expect(byFile.get('export.jsonl#record=4')).toMatchObject({
      code: 'DOSSIER_E_JSON',
      message: expect.stringContaining('not a JSON object'),
    });
  });

  it('names the malformed CSV row and stores the good rows', async () => {
    const csv = `title,text\nOne,"${articleText('one')}"\nTwo,"unclosed quote\n`;
    const rows = `title,text\nOne,"${articleText('one', 1)}"\nTwo,too,many,fields\nThree,"${articleText('three', 1)}"\n`;
    const { summary, byFile } = await ingestCorpus({ 'a.csv': csv, 'b.csv': rows });
    // a.csv: row 1 is stored before the unclosed quote ends the file; b.csv: rows 1 and 3
    expect(summary.new).toBe(3);
    expect(byFile.get('a.csv#record=2')?.code).toBe('DOSSIER_E_CSV');
    expect(byFile.get('b.csv#record=2')?.code).toBe('DOSSIER_E_CSV');
  });

  it('keeps the WARC records before a malformed one and names it', async () => {
    const good = await buildWarc([{ url: 'https://a.example/1', html: `<p>${articleText('warcone')}</p>` }]);
    const broken = Buffer.concat([
      good,
      Buffer.from('WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\n<html><p>cut'),
    ]);
    const { summary, byFile } = await ingestCorpus({ 'crawl.warc': broken });
    expect(summary.new).toBe(1);
    const p = [...byFile.entries()].find(([k]) => k.startsWith('crawl.warc'));
    expect(p?.[0]).toMatch(/^crawl\.warc#record=\d+$/);
    expect(p?.[1].code).toMatch(/DOSSIER_E_(WARC|NO_TEXT)/);
  });

  it('keeps the JSON lines before a gzip stream breaks off', async () => {
    const lines = Array.from({ length: 200 }, (_, i) => JSON.stringify({ text: articleText(`rec${i}x`, 2) })).join(
      '\n',
    );
    const gz = gzipSync(Buffer.from(lines));
    const { summary, byFile } = await ingestCorpus({ 'dump.jsonl.gz': gz.subarray(0, Math.floor(gz.length * 0.6)) });
    expect(summary.new).toBeGreaterThan(50);
    expect(summary.new).toBeLessThan(200);
    expect(byFile.get('dump.jsonl.gz')?.code).toBe('DOSSIER_E_GZIP');
  });

  it('refuses a decompression bomb by the output cap and by the ratio cap', async () => {
    const bomb = gzipSync(Buffer.from(`${' '.repeat(1023)}\n`.repeat(80 * 1024)));
    const capped = await ingestCorpus({ 'bomb.txt.gz': bomb }, ingestOptions({ maxStreamBytes: 1024 * 1024 }));
    expect(capped.byFile.get('bomb.txt.gz')?.code).toBe('DOSSIER_E_TOO_LARGE');
    // a valid first record, then 80 MiB of blank lines: only the ratio cap stops it
    const jsonlBomb = gzipSync(
      Buffer.from(`${JSON.stringify({ text: articleText('bomb') })}\n${`${' '.repeat(1023)}\n`.repeat(80 * 1024)}`),
    );
    const ratio = await ingestCorpus({ 'bomb.jsonl.gz': jsonlBomb });
    expect(ratio.byFile.get('bomb.jsonl.gz')).toMatchObject({
      code: 'DOSSIER_E_TOO_LARGE',
      message: expect.stringContaining('ratio'),
    });
  });

  it('skips FIFOs and dangling symlinks with a reason, never blocking', async () => {
    const dir = tempDir();
    const root = writeCorpus(join(dir, 'in'), { 'ok.txt': articleText('fine') });
    execFileSync('mkfifo', [join(root, 'pipe.txt')]);
    symlinkSync(join(root, 'missing.txt'), join(root, 'dangling.txt'));
    symlinkSync(root, join(root, 'loop'));
    const store = new SqliteStore(join(dir, 'd.db'));
    const summary = await ingest([root], store, ingestOptions());
    const codes = Object.fromEntries(summary.problems.map((p) => [p.source.slice(root.length + 1), p.code]));
    expect(codes).toEqual({
      'dangling.txt': 'DOSSIER_E_UNREADABLE',
      loop: 'DOSSIER_E_SKIPPED',
      'pipe.txt': 'DOSSIER_E_SKIPPED',
    });
    expect(summary.new).toBe(1);
    await store.close();
  });
});

describe('the CLI reports bad input on one line each, with exit statuses 0, 2 and 1', () => {
  it('exits 0 when everything was ingested, 2 when some inputs failed, and keeps what was stored', async () => {
    const dir = tempDir();
    const db = join(dir, 'd.db');
    const good = writeCorpus(join(dir, 'good'), { 'a.txt': articleText('first'), 'b.txt': articleText('second') });
    const ok = await runCli(['ingest', good, '--db', db]);
    expect(ok.status).toBe(0);
    const mixed = writeCorpus(join(dir, 'mixed'), {
      'c.txt': articleText('third'),
      'empty.txt': '',
      'x.jsonl': '{oops\n',
    });
    const bad = await runCli(['ingest', mixed, join(dir, 'no-such-file.txt'), '--db', db]);
    expect(bad.status).toBe(2);
    const errors = bad.stderr.trim().split('\n');
    expect(errors).toHaveLength(3);
    expect(errors.some((l) => l.includes('empty.txt') && l.includes('DOSSIER_E_EMPTY'))).toBe(true);
    expect(errors.some((l) => l.includes('x.jsonl#record=1') && l.includes('DOSSIER_E_JSON'))).toBe(true);
    expect(errors.some((l) => l.includes('no-such-file.txt') && l.includes('no such file'))).toBe(true);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    const list = await runCli(['articles', '--db', db, '--json']);
    expect(list.stdout.trim().split('\n')).toHaveLength(3);
  });

  it('exits 1 with one line on a fatal error', async () => {
    const dir = tempDir();
    const badSize = await runCli(['ingest', dir, '--db', join(dir, 'd.db'), '--max-article-size', 'huge']);
    expect(badSize.status).toBe(1);
    expect(badSize.stderr.trim().split('\n')).toHaveLength(1);
    expect(badSize.stderr).toContain('DOSSIER_E_OPTION');
    const noDb = await runCli(['articles', '--db', join(dir, 'missing.db')]);
    expect(noDb.status).toBe(1);
    expect(noDb.stderr).toContain('no dossier at');
    const badMap = await runCli(['ingest', dir, '--db', join(dir, 'd.db'), '--map', 'body']);
    expect(badMap.status).toBe(1);
    expect(badMap.stderr).toContain('expected field=name');
  });

  it('reads stdin with -', async () => {
    const dir = tempDir();
    const db = join(dir, 'd.db');
    const res = await runCli(['ingest', '-', '--db', db, '--json'], { stdin: articleText('piped') });
    expect(JSON.parse(res.stdout)).toMatchObject({ new: 1, failed: 0 });
    const hit = await runCli(['search', 'piped', '--db', db, '--json']);
    expect(JSON.parse(hit.stdout.trim())).toMatchObject({ title: expect.stringContaining('piped') });
  });

  it('reads hostile feeds (DOCTYPE with entity bombs and external entities) as feeds, expanding nothing', async () => {
    const dir = tempDir();
    const db = join(dir, 'd.db');
    const feeds = join(ROOT, 'test', 'fixtures', 'feeds');
    const res = await runCli([
      'ingest',
      join(feeds, 'xxe.xml'),
      join(feeds, 'billion-laughs.xml'),
      '--db',
      db,
      '--no-fetch',
      '--json',
    ]);
    const summary = JSON.parse(res.stdout);
    expect(summary.read).toBeGreaterThanOrEqual(2);
    const shown = await runCli(['search', 'item', '--db', db, '--json', '--limit', '50']);
    for (const hit of shown.stdout
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l))) {
      const article = JSON.parse((await runCli(['show', hit.id, '--db', db, '--json'])).stdout);
      expect(article.body).not.toContain('root:');
      expect(article.body.length).toBeLessThan(10_000);
      expect(article.sources[0].source).toMatch(/#item=\d+$/);
    }
  });

  it('does not touch a file it cannot open as a database', async () => {
    const dir = tempDir();
    const notDb = join(dir, 'notes.db');
    writeFileSync(notDb, 'these are my notes, not a database\n'.repeat(200));
    const res = await runCli(['ingest', writeCorpus(join(dir, 'in'), { 'a.txt': articleText('a') }), '--db', notDb]);
    expect(res.status).toBe(1);
    expect(res.stderr).toContain('DOSSIER_E_DB');
  });
});

describe('a dossier made by an older version', () => {
  it('is refused by the commands that only read, with the command that upgrades it, which then works', async () => {
    const dir = tempDir();
    const db = join(dir, 'old.db');
    const store = new SqliteStore(db);
    await ingest([writeCorpus(join(dir, 'in'), { 'a.txt': articleText('alpha') })], store, ingestOptions());
    await store.close();
    // as the previous version left it: the last migration not applied (it rebuilds what it makes, so it can run again)
    const raw = new Database(db);
    const version = raw.pragma('user_version', { simple: true }) as number;
    raw.pragma(`user_version = ${version - 1}`);
    raw.close();

    const refused = await runCli(['articles', '--db', db]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`older version; upgrade it with: dossier upgrade --db ${db}`);
    const upgraded = await runCli(['upgrade', '--db', db]);
    expect(upgraded.status).toBe(0);
    expect(upgraded.stdout).toMatch(/: up to date \(\d+\.\d s\)\n$/);
    const listed = await runCli(['articles', '--db', db, '--json']);
    expect(listed.status).toBe(0);
    expect(listed.stdout.trim().split('\n')).toHaveLength(1);
    expect((await runCli(['upgrade', '--db', join(dir, 'none.db')])).stderr).toMatch(/none\.db: no such dossier/);
  });
});

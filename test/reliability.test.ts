import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { BIN, type CliResult, runCli, tempDir } from './helpers/cli.js';
import { articleText, writeCorpus } from './helpers/corpus.js';
import { storedCount } from './helpers/db.js';

/** Text articles in a few folders plus one JSON Lines file, `n` in all, each distinct. */
function corpus(root: string, n: number, tag: string): string {
  const files: Record<string, string> = {};
  const lines = Math.floor(n / 5);
  for (let i = 0; i < n - lines; i++) files[`f${i % 9}/a${i}.txt`] = articleText(`${tag}${i}`, 2);
  files['bulk.jsonl'] = Array.from({ length: lines }, (_, i) =>
    JSON.stringify({ text: articleText(`${tag}bulk${i}`, 2) }),
  ).join('\n');
  return writeCorpus(root, files);
}

function checkDb(path: string) {
  const db = new Database(path, { readonly: true });
  try {
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    return {
      integrity: db.pragma('integrity_check', { simple: true }),
      articles: count('SELECT count(*) AS n FROM articles'),
      distinct: count('SELECT count(DISTINCT id) AS n FROM articles'),
      indexed: count("SELECT count(*) AS n FROM articles_fts WHERE articles_fts MATCH 'delegates'"),
      sources: count('SELECT count(*) AS n FROM sources'),
    };
  } finally {
    db.close();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('readers keep answering while a large ingest writes (WAL)', () => {
  it('dossier search, dossier serve and an in-process reader never see "database is locked"', async () => {
    const dir = tempDir();
    const root = corpus(join(dir, 'in'), 4000, 'reader');
    const db = join(dir, 'd.db');
    const child = spawn(process.execPath, [BIN, 'ingest', root, '--db', db, '--quiet', '--json', '--no-link'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let ingestErr = '';
    child.stderr.on('data', (d) => {
      ingestErr += d;
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    let running = true;
    void exited.then(() => {
      running = false;
    });
    while (running && storedCount(db) === 0) await sleep(20);

    // a reader in this process: many short queries, each must answer
    const queries: number[] = [];
    const readerErrors: string[] = [];
    const reading = (async () => {
      // a raw connection, so this test does not depend on the store code matching the built CLI's schema version
      const conn = new Database(db, { readonly: true, fileMustExist: true });
      conn.pragma('busy_timeout = 5000');
      const search = conn.prepare("SELECT count(*) AS n FROM articles_fts WHERE articles_fts MATCH 'delegates'");
      const stats = conn.prepare('SELECT count(*) AS n FROM articles');
      try {
        while (running) {
          try {
            queries.push((search.get() as { n: number }).n);
            stats.get();
          } catch (err) {
            readerErrors.push((err as Error).message);
          }
          await sleep(5);
        }
      } finally {
        conn.close();
      }
    })();
    // the HTTP API, as the web UI would call it
    const server = spawn(process.execPath, [BIN, 'serve', '--db', db, '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const serverExited = new Promise((resolve) => server.on('close', resolve));
    const url = await new Promise<string | null>((resolve) => {
      let out = '';
      server.stdout.on('data', (d) => {
        out += d;
        const m = / at (http:\/\/\S+?)\/?\s/.exec(out);
        if (m) resolve(m[1] as string);
      });
      void serverExited.then(() => resolve(null));
    });
    const answers: number[] = [];
    const asking = (async () => {
      while (running && url) {
        try {
          const res = await fetch(`${url}/api/search?q=delegates`);
          answers.push(res.status);
          await res.arrayBuffer();
        } catch {
          answers.push(0);
        }
        await sleep(20);
      }
    })();
    // the CLI, as an analyst would run it in another terminal
    const searches: CliResult[] = [];
    while (running) searches.push(await runCli(['search', 'delegates', '--db', db, '--json', '--limit', '3']));
    await reading;
    await asking;
    server.kill('SIGINT');
    await serverExited;
    expect(await exited).toBe(0);
    expect(ingestErr).toBe('');

    expect(readerErrors).toEqual([]);
    expect(queries.length).toBeGreaterThan(5);
    expect(queries.every((n) => n > 0)).toBe(true);
    expect(url).not.toBeNull();
    expect(answers.length).toBeGreaterThan(0);
    expect(answers.filter((status) => status !== 200)).toEqual([]);
    expect(searches.length).toBeGreaterThan(0);
    for (const s of searches) {
      expect(s.stderr).not.toMatch(/locked|busy/i);
      expect(s.status).toBe(0);
      expect(s.stdout.trim().split('\n')).toHaveLength(3);
    }
    expect(checkDb(db)).toMatchObject({ integrity: 'ok', articles: 4000, distinct: 4000, indexed: 4000 });
  }, 180_000);
});

/** Mounts a tmpfs of `size` at `dir` when this process may (root in a sandbox or CI container); false otherwise. */
function mountTmpfs(dir: string, size: string): boolean {
  try {
    mkdirSync(dir, { recursive: true });
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const canMount = (() => {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  const probe = join(tempDir(), 'probe');
  if (!mountTmpfs(probe, '1m')) return false;
  execFileSync('umount', [probe]);
  return true;
})();

describe('a full disk', () => {
  // needs mount rights (root); elsewhere the case is skipped, not faked
  it.skipIf(!canMount)(
    'gives one clear line and exit 1, keeps every committed batch whole, and a re-run with room completes',
    async () => {
      const dir = tempDir();
      const root = corpus(join(dir, 'in'), 2000, 'diskfull');
      const disk = join(dir, 'disk');
      expect(mountTmpfs(disk, '2m')).toBe(true);
      try {
        const db = join(disk, 'd.db');
        const full = await runCli(['ingest', root, '--db', db, '--json', '--quiet', '--no-link']);
        expect(full.status).toBe(1);
        const lines = full.stderr.trim().split('\n');
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(/^dossier: no space left on the disk holding the dossier .*\[DOSSIER_E_DISK_FULL\]$/);
        const summary = JSON.parse(full.stdout);
        expect(summary.new).toBeGreaterThan(0);
        expect(summary.new).toBeLessThan(2000);

        const state = checkDb(db);
        expect(state).toEqual({
          integrity: 'ok',
          articles: summary.new,
          distinct: summary.new,
          indexed: summary.new,
          sources: summary.new,
        });

        // still full: the same clear line, nothing broken
        const again = await runCli(['ingest', root, '--db', db, '--json', '--quiet', '--no-link']);
        expect(again.status).toBe(1);
        expect(again.stderr).toContain('DOSSIER_E_DISK_FULL');
        expect(checkDb(db).integrity).toBe('ok');

        execFileSync('mount', ['-o', 'remount,size=64m', disk]);
        const rerun = await runCli(['ingest', root, '--db', db, '--json', '--quiet', '--no-link']);
        expect(rerun.status).toBe(0);
        expect(JSON.parse(rerun.stdout)).toMatchObject({ present: summary.new, new: 2000 - summary.new, failed: 0 });
        expect(checkDb(db)).toEqual({ integrity: 'ok', articles: 2000, distinct: 2000, indexed: 2000, sources: 2000 });
      } finally {
        execFileSync('umount', ['-l', disk]);
      }
    },
    180_000,
  );
});

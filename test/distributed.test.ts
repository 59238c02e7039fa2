import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeStore } from '../src/analyzing.js';
import { ingestOptions } from '../src/ingest/options.js';
import { linkStore } from '../src/linking.js';
import { ingest } from '../src/pipeline.js';
import { PostgresStore } from '../src/store/postgres.js';
import { SqliteStore } from '../src/store/sqlite.js';
import { BIN, ROOT, runCli } from './helpers/cli.js';
import { articleText } from './helpers/corpus.js';
import { type TestPostgres, startPostgres } from './helpers/postgres.js';
import { snapshot } from './helpers/snapshot.js';

/** The demo corpus's files, by absolute path: queued jobs name files as every worker sees them. */
const EXAMPLES = join(ROOT, 'examples');
const FILES = readdirSync(EXAMPLES, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && e.parentPath !== EXAMPLES)
  .map((e) => join(e.parentPath, e.name))
  .sort();
/**
 * Inputs that carry an article another input carries too. Which input gives an article its title, outlet and
 * date is the one stored first, in one process as with many workers; with many, "first" is a race, so the
 * test queues these after the rest, as a later ingest would.
 */
const LATER = [
  'exports/valdara-today-export.json',
  'html/continental-wire_2027-03-03_tarnel-ceasefire-signed.html',
].map((f) => join(EXAMPLES, f));
const FIRST = FILES.filter((f) => !LATER.includes(f));

/** A `dossier worker` process and how it ended. */
function startWorker(url: string, args: string[] = []): { child: ChildProcess; exit: Promise<number | null> } {
  const child = spawn(
    process.execPath,
    [BIN, 'worker', '--db', url, '--quiet', ...args],
    {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
    300_000,
  );
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exit };
}

/** The same inputs in one SQLite process, as `dossier ingest` runs them, one ingest a round. */
async function reference(rounds: string[][]) {
  const store = new SqliteStore(join(mkdtempSync(join(tmpdir(), 'dossier-ref-')), 'd.db'));
  try {
    for (const inputs of rounds) await ingest(inputs, store, ingestOptions({ allowPrivate: false, fetchLinks: false }));
    await analyzeStore(store);
    await linkStore(store);
    return await snapshot(store, true);
  } finally {
    await store.close();
  }
}

/** Inputs of fifteen generated articles each, as JSON Lines files. */
function writeInputs(dir: string, files: number): string[] {
  return Array.from({ length: files }, (_, part) => {
    const records = Array.from({ length: 15 }, (_, k) => {
      const i = part * 15 + k;
      return JSON.stringify({
        url: `https://wire.example/story-${i}`,
        title: `Harbour talks, day ${i}`,
        outlet: i % 2 ? 'Continental Wire' : 'Valdara Today',
        published: `2027-03-${String((i % 28) + 1).padStart(2, '0')}`,
        text: `${articleText(`marker${i}`, 6)}\n\n"We will not give up the port," Minister Ana Kessler said on day ${i}.`,
      });
    });
    const path = join(dir, `wire-${part}.jsonl`);
    writeFileSync(path, `${records.join('\n')}\n`);
    return path;
  });
}

async function snapshotOf(url: string) {
  const store = new PostgresStore(url, { readonly: true });
  try {
    return await snapshot(store, true);
  } finally {
    await store.close();
  }
}

async function count(url: string, sql: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return Number((await client.query<{ n: string }>(sql)).rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}

let postgres: TestPostgres;
beforeAll(async () => {
  postgres = await startPostgres();
});
afterAll(async () => {
  await postgres?.stop();
});

describe('distributed workers on PostgreSQL', () => {
  it('three workers give the same dossier as one SQLite process', async () => {
    const url = await postgres.database();
    for (const round of [FIRST, LATER]) {
      const queued = await runCli(['ingest', ...round, '--db', url, '--no-fetch', '--json']);
      expect(queued.stderr).toBe('');
      expect(JSON.parse(queued.stdout).queued).toBe(round.length);
      const workers = [1, 2, 3].map(() => startWorker(url, ['--until-idle']));
      expect(await Promise.all(workers.map((w) => w.exit))).toEqual([0, 0, 0]);
    }

    const expected = await reference([FIRST, LATER]);
    const actual = await snapshotOf(url);
    expect(expected.stories.some((s) => s.articles > 1)).toBe(true);
    for (const key of Object.keys(expected) as Array<keyof typeof expected>) {
      expect({ [key]: actual[key] }).toEqual({ [key]: expected[key] });
    }
    // the read commands work on the PostgreSQL dossier as on a SQLite one
    const search = await runCli(['search', 'ceasefire', '--db', url, '--json', '--limit', '100']);
    expect(
      search.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).id)
        .sort(),
    ).toEqual(expected.searchHits);
    const stories = await runCli(['stories', '--db', url, '--json', '--limit', '1']);
    expect(JSON.parse(stories.stdout.trim()).id).toBe(expected.stories[0]?.id);
    // the broken inputs of the corpus are failed jobs with their reasons; everything else was done
    const status = await runCli(['status', '--db', url, '--json']);
    const s = JSON.parse(status.stdout);
    expect(s.ingest).toMatchObject({ created: 0, active: 0, retry: 0 });
    expect(s.failures.map((f: { input: string }) => f.input)).toEqual(
      expect.arrayContaining([expect.stringContaining(join('examples', 'broken'))]),
    );
  }, 300_000);

  it('retries the job of a worker killed mid-job elsewhere: nothing lost, nothing stored twice', async () => {
    const url = await postgres.database();
    const dir = mkdtempSync(join(tmpdir(), 'dossier-kill-'));
    // six inputs of fifteen articles: short jobs, so a 10 s job timeout is ample for a live worker
    const inputs = writeInputs(dir, 6);
    const poison = join(dir, 'poison.html');
    writeFileSync(poison, Buffer.from([0, 1, 2, 3, 0, 0, 255, 254, 0, 7]));

    const queued = await runCli(['ingest', ...inputs, poison, '--db', url, '--job-timeout', '10', '--json']);
    expect(JSON.parse(queued.stdout).queued).toBe(7);
    const doomed = startWorker(url);
    // kill it once its job stored the articles and some, not all, of their analyses
    for (let n = 0; ;) {
      n = await count(url, 'SELECT count(*) AS n FROM analyses').catch(() => 0);
      if (n > 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    doomed.child.kill('SIGKILL');
    await doomed.exit;
    expect(await count(url, 'SELECT count(*) AS n FROM analyses')).toBeLessThan(90);

    const rescuer = startWorker(url, ['--until-idle', '--supervise', '1']);
    expect(await rescuer.exit).toBe(0);
    expect(await count(url, 'SELECT count(*) AS n FROM articles')).toBe(90);
    expect(await count(url, 'SELECT count(*) AS n FROM sources')).toBe(90);
    expect(await count(url, 'SELECT count(*) AS n FROM analyses')).toBe(90);
    // entity totals were taken out and put back, not counted twice: the same as one SQLite process
    const expected = await reference([inputs]);
    const actual = await snapshotOf(url);
    for (const key of [
      'articles',
      'full',
      'analyses',
      'entities',
      'quotes',
      'coMentions',
      'stories',
      'claims',
    ] as const) {
      expect({ [key]: actual[key] }).toEqual({ [key]: expected[key] });
    }
    // the poison input is a failed job with its reason; the status says so and exits 2
    const status = await runCli(['status', '--db', url, '--json']);
    expect(status.status).toBe(2);
    const s = JSON.parse(status.stdout);
    expect(s.ingest).toMatchObject({ completed: 6, failed: 1, created: 0, active: 0, retry: 0 });
    expect(s.failures).toEqual([
      { input: poison, reason: expect.stringMatching(/DOSSIER_E_BINARY/), at: expect.any(String) },
    ]);
  }, 300_000);

  it('workers reconnect and finish when the database restarts mid-run', async () => {
    const url = await postgres.database();
    const inputs = writeInputs(mkdtempSync(join(tmpdir(), 'dossier-restart-')), 4);
    const queued = await runCli(['ingest', ...inputs, '--db', url, '--job-timeout', '10', '--json']);
    expect(JSON.parse(queued.stdout).queued).toBe(4);
    const worker = startWorker(url, ['--until-idle', '--supervise', '1']);
    while ((await count(url, 'SELECT count(*) AS n FROM analyses').catch(() => 0)) === 0) {
      await new Promise((r) => setTimeout(r, 50));
    }
    // an immediate stop, as a crash: every connection is cut mid-transaction
    await postgres.restart();
    expect(await worker.exit).toBe(0);
    expect(await count(url, 'SELECT count(*) AS n FROM articles')).toBe(60);
    expect(await count(url, 'SELECT count(*) AS n FROM sources')).toBe(60);
    expect(await count(url, 'SELECT count(*) AS n FROM analyses')).toBe(60);
    const s = JSON.parse((await runCli(['status', '--db', url, '--json'])).stdout);
    expect(s.ingest).toMatchObject({ completed: 4, failed: 0, created: 0, active: 0, retry: 0 });
  }, 300_000);

  it('refuses a queue command on a SQLite dossier, and standard input for the queue, each with a clear line', async () => {
    const worker = await runCli(['worker', '--db', './some.db']);
    expect(worker.status).toBe(1);
    expect(worker.stderr).toMatch(/dossier worker --db \.\/some\.db: the job queue lives in a PostgreSQL dossier/);
    const stdin = await runCli(['ingest', '-', '--db', await postgres.database()], { stdin: 'text' });
    expect(stdin.status).toBe(1);
    expect(stdin.stderr).toMatch(/standard input cannot be queued/);
  });
});

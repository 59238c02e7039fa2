import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { BIN, runCli, tempDir } from './helpers/cli.js';
import { articleText, writeCorpus } from './helpers/corpus.js';

const ARTICLES = 2000;

/** A corpus of distinct text articles in a few folders, plus one JSONL file. */
function corpus(root: string): string {
  const files: Record<string, string> = {};
  for (let i = 0; i < ARTICLES - 300; i++) files[`f${i % 7}/a${i}.txt`] = articleText(`crash${i}`, 2);
  files['bulk.jsonl'] = Array.from({ length: 300 }, (_, i) =>
    JSON.stringify({ text: articleText(`bulk${i}`, 2) }),
  ).join('\n');
  return writeCorpus(root, files);
}

/**
 * Starts `dossier ingest ROOT --db DB`, waits until the first batch is in the
 * database, then `ms` more, and kills it with `signal`; resolves to its exit
 * status and output.
 */
function ingestThenKill(root: string, db: string, signal: NodeJS.Signals, ms: number) {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }>((resolve) => {
    const child = spawn(process.execPath, [BIN, 'ingest', root, '--db', db, '--quiet', '--no-link'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    let timer: NodeJS.Timeout | undefined;
    const poll = setInterval(() => {
      if (storedCount(db) === 0) return;
      clearInterval(poll);
      timer = setTimeout(() => child.kill(signal), ms);
    }, 10);
    child.on('close', (code, sig) => {
      clearInterval(poll);
      clearTimeout(timer);
      resolve({ code, signal: sig, stdout });
    });
  });
}

/** Articles committed so far, 0 while the database does not exist yet. */
function storedCount(path: string): number {
  if (!existsSync(path)) return 0;
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM articles').get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    return 0; // not migrated yet
  }
}

function checkDb(path: string) {
  const db = new Database(path, { readonly: true });
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    const articles = db.prepare('SELECT count(*) AS n, count(DISTINCT id) AS d FROM articles').get() as {
      n: number;
      d: number;
    };
    const fts = db.prepare("SELECT count(*) AS n FROM articles_fts WHERE articles_fts MATCH 'delegates'").get() as {
      n: number;
    };
    const sources = db.prepare('SELECT count(*) AS n FROM sources').get() as { n: number };
    return { integrity, articles: articles.n, distinct: articles.d, indexed: fts.n, sources: sources.n };
  } finally {
    db.close();
  }
}

/** A small seeded PRNG (mulberry32): the kill moments differ from one another but not from run to run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Starts `dossier ingest ROOT --db DB` and kills it with SIGKILL `ms` after the spawn. */
function ingestKilledAfter(root: string, db: string, ms: number) {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, 'ingest', root, '--db', db, '--quiet', '--no-link'], {
      stdio: 'ignore',
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, ms: performance.now() - started });
    });
  });
}

/**
 * Kills of `dossier ingest`; a fresh database every few, so kills also land in creation and migration.
 * Runs use `--no-link`: this file is about ingest's batches; the link stage after it takes longer than the ingest.
 */
const KILLS = 20;
const FRESH_EVERY = 4;
/** Kill moments fall in this share of a clean run's time: the last quarter is mostly the final commit and exit. */
const KILL_WINDOW = 0.75;

describe('a crash or Ctrl-C mid-ingest leaves a consistent dossier, and re-running finishes the rest', () => {
  it(`survives kill -9 at ${KILLS} seeded random moments`, async () => {
    const dir = tempDir();
    const root = corpus(join(dir, 'in'));
    const db = join(dir, 'd.db');
    // one clean run sets the time scale of this machine: kills fall anywhere from spawn to its end
    const clean = await ingestKilledAfter(root, join(dir, 'clean.db'), 120_000);
    expect(clean.code).toBe(0);
    const random = seeded(20_240_310);
    const outcomes = { beforeAnyCommit: 0, midRun: 0, afterTheEnd: 0 };
    for (let i = 0; i < KILLS; i++) {
      if (i % FRESH_EVERY === 0) for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
      const run = await ingestKilledAfter(root, db, Math.round(random() * KILL_WINDOW * clean.ms));
      if (!existsSync(db)) {
        outcomes.beforeAnyCommit++;
        continue;
      }
      const state = checkDb(db);
      expect(state.integrity).toBe('ok');
      expect(state.articles).toBe(state.distinct);
      expect(state.indexed).toBe(state.articles);
      expect(state.sources).toBe(state.articles);
      if (run.signal === null) outcomes.afterTheEnd++;
      else if (state.articles === 0) outcomes.beforeAnyCommit++;
      else outcomes.midRun++;
    }
    // the seeded moments must have caught the process mid-run more often than not
    expect(outcomes.midRun).toBeGreaterThanOrEqual(KILLS / 4);
    const rerun = await runCli(['ingest', root, '--db', db, '--json', '--quiet', '--no-link']);
    expect(rerun.status).toBe(0);
    const summary = JSON.parse(rerun.stdout);
    expect(summary.new + summary.present).toBe(ARTICLES);
    const state = checkDb(db);
    expect(state).toEqual({
      integrity: 'ok',
      articles: ARTICLES,
      distinct: ARTICLES,
      indexed: ARTICLES,
      sources: ARTICLES,
    });
  }, 180_000);

  it('on Ctrl-C commits the current batch, prints the summary and exits 130', async () => {
    const dir = tempDir();
    const root = corpus(join(dir, 'in'));
    const db = join(dir, 'd.db');
    const run = await ingestThenKill(root, db, 'SIGINT', 100);
    if (run.code === 0) return expect(checkDb(db).articles).toBe(ARTICLES); // the machine outran the signal
    expect(run.code).toBe(130);
    expect(run.stdout).toMatch(/^interrupted in/m);
    const stored = Number(/new\s+([\d,]+)/.exec(run.stdout)?.[1]?.replace(/,/g, ''));
    expect(checkDb(db).articles).toBe(stored);
    const rerun = await runCli(['ingest', root, '--db', db, '--json', '--quiet', '--no-link']);
    expect(JSON.parse(rerun.stdout)).toMatchObject({ new: ARTICLES - stored, present: stored, failed: 0 });
  });
});

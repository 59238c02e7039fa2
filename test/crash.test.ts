import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { BIN, runCli, tempDir } from './helpers/cli.js';
import { mulberry32 } from '../src/random.js';
import { articleText, writeCorpus } from './helpers/corpus.js';
import { storedCount } from './helpers/db.js';

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
    const child = spawn(process.execPath, [BIN, 'ingest', root, '--db', db, '--quiet', '--no-analyze', '--no-link'], {
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

/**
 * Starts `dossier ingest ROOT --db DB` and kills it with SIGKILL `ms` after the spawn, or, with
 * `afterACommit`, `ms` after the first committed batch is visible.
 */
function ingestKilledAfter(root: string, db: string, ms: number, afterACommit = false) {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, 'ingest', root, '--db', db, '--quiet', '--no-analyze', '--no-link'], {
      stdio: 'ignore',
    });
    let timer: NodeJS.Timeout | undefined;
    // time-based moments also land in start-up and migration; progress-based ones land between commits
    const poll = afterACommit
      ? setInterval(() => {
          if (storedCount(db) === 0) return;
          clearInterval(poll);
          timer = setTimeout(() => child.kill('SIGKILL'), ms);
        }, 5)
      : undefined;
    if (!afterACommit) timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('close', (code, signal) => {
      clearInterval(poll);
      clearTimeout(timer);
      resolve({ code, signal, ms: performance.now() - started });
    });
  });
}

/**
 * Kills of `dossier ingest`; a fresh database every few, so kills also land in creation and migration.
 * Runs use `--no-analyze --no-link`: these kills are about ingest's batches; the stages after it take longer than
 * the ingest (the analyze pass has its own kills below).
 */
const KILLS = 20;
const FRESH_EVERY = 2;
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
    const random = mulberry32(20_240_310);
    const outcomes = { beforeAnyCommit: 0, midRun: 0, afterTheEnd: 0 };
    for (let i = 0; i < KILLS; i++) {
      if (i % FRESH_EVERY === 0) for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
      // kills on a fresh database wait for its first committed batch, then up to 60 ms more: on a loaded
      // machine, moments by the clock alone may all miss the run; kills on a resumed one go by the clock
      const run =
        i % FRESH_EVERY === 0
          ? await ingestKilledAfter(root, db, Math.round(random() * 60), true)
          : await ingestKilledAfter(root, db, Math.round(random() * KILL_WINDOW * clean.ms));
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
    const rerun = await runCli(['ingest', root, '--db', db, '--json', '--quiet', '--no-analyze', '--no-link']);
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
    const rerun = await runCli(['ingest', root, '--db', db, '--json', '--quiet', '--no-analyze', '--no-link']);
    expect(JSON.parse(rerun.stdout)).toMatchObject({ new: ARTICLES - stored, present: stored, failed: 0 });
  });
});

/** Runs `dossier analyze --pending` on DB and kills it with SIGKILL `ms` after its first analysis is committed. */
function analyzeKilledAfter(db: string, ms: number) {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    const child = spawn(process.execPath, [BIN, 'analyze', '--pending', '--db', db, '--quiet'], { stdio: 'ignore' });
    let timer: NodeJS.Timeout | undefined;
    const poll = setInterval(() => {
      if (analysisTotals(db).analyses === 0) return;
      clearInterval(poll);
      timer = setTimeout(() => child.kill('SIGKILL'), ms);
    }, 20);
    child.on('close', (code, signal) => {
      clearInterval(poll);
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
}

/** The analysis tables' counts, and the kept totals beside what they total. */
function analysisTotals(path: string) {
  if (!existsSync(path)) return { integrity: 'none', analyses: 0, mentions: 0, counted: 0, aliases: 0, months: 0 };
  const db = new Database(path, { readonly: true });
  try {
    const one = (sql: string) => (db.prepare(sql).get() as { n: number | null }).n ?? 0;
    return {
      integrity: db.pragma('integrity_check', { simple: true }) as string,
      analyses: one('SELECT count(*) AS n FROM analyses'),
      mentions: one('SELECT count(*) AS n FROM mentions'),
      counted: one('SELECT sum(mentions) AS n FROM entities'),
      aliases: one('SELECT sum(mentions) AS n FROM entity_aliases'),
      months: one('SELECT sum(mentions) AS n FROM entity_months'),
    };
  } catch {
    return { integrity: 'not yet migrated', analyses: 0, mentions: 0, counted: 0, aliases: 0, months: 0 };
  } finally {
    db.close();
  }
}

describe('a crash mid-analysis leaves whole batches and true totals, and the next run finishes the rest', () => {
  it('survives kill -9 at seeded moments of dossier analyze --pending', async () => {
    const dir = tempDir();
    const files: Record<string, string> = {};
    const people = ['Anna Keller', 'Jonas Brant', 'Maria Lopez', 'Oleg Petrov', 'Sara Lind'];
    const places = ['Turkey', 'Russia', 'Germany', 'France', 'Syria'];
    for (let i = 0; i < 600; i++) {
      const lead = `${people[i % 5]} met ${people[(i + 2) % 5]} in ${places[i % 5]} on Monday, the Foreign Ministry of ${places[(i + 1) % 5]} said.`;
      files[`a${i}.txt`] = `${articleText(`analyze${i}`, 2)}\n\n${lead}`;
    }
    const root = writeCorpus(join(dir, 'in'), files);
    const db = join(dir, 'd.db');
    const ingest = await runCli(['ingest', root, '--db', db, '--quiet', '--no-analyze', '--no-link']);
    expect(ingest.status, ingest.stderr).toBe(0);
    const random = mulberry32(20_261_123);
    let killed = 0;
    for (let i = 0; i < 3; i++) {
      const run = await analyzeKilledAfter(db, Math.round(random() * 400));
      if (run.signal === 'SIGKILL') killed++;
      const t = analysisTotals(db);
      expect(t.integrity).toBe('ok');
      // every kept total equals the mentions it totals: no batch is half counted
      expect(t.counted).toBe(t.mentions);
      expect(t.aliases).toBe(t.mentions);
      expect(t.months).toBe(t.mentions);
    }
    expect(killed).toBeGreaterThan(0);
    const before = analysisTotals(db).analyses;
    const rest = await runCli(['analyze', '--pending', '--db', db, '--json', '--quiet']);
    expect(rest.status, rest.stderr).toBe(0);
    expect(JSON.parse(rest.stdout)).toMatchObject({ analyzed: 600 - before, interrupted: false });
    const done = analysisTotals(db);
    expect(done).toMatchObject({ integrity: 'ok', analyses: 600 });
    expect(done.mentions).toBeGreaterThan(600);
    expect([done.counted, done.aliases, done.months]).toEqual([done.mentions, done.mentions, done.mentions]);
  }, 180_000);
});

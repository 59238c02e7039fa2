/**
 * `npm run bench:scale [-- --count N]`: the throughput of distributed workers on PostgreSQL beside the
 * SQLite single process, in one run on this machine. It writes N generated articles (default 2,000) as JSON
 * Lines files of 25, then times each to an analysed dossier (the work workers share) and to a linked one (the
 * link run once, at the end, as a team's batch ends):
 *   - one SQLite process: ingest -> analyze -> link, in process, as `dossier ingest` does;
 *   - PostgreSQL with 1 and with 2 `dossier worker` processes taking the queued files (a throwaway cluster);
 * and the queue's own cost per job: pg-boss jobs whose handler does nothing, sent, taken and completed.
 * The default is large enough that the serial part (worker start, the link run, the exit) is a fifth of a
 * 1-worker run, not half as at 400; the link run grows with the corpus too, so larger runs gain little.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { analyzeStore } from '../src/analyzing.js';
import { ingestOptions } from '../src/ingest/options.js';
import { linkStore } from '../src/linking.js';
import { ingest } from '../src/pipeline.js';
import { QUEUES, QUEUE_SCHEMA, enqueueInputs, openQueue } from '../src/queue/queue.js';
import { SqliteStore } from '../src/store/sqlite.js';
import { mulberry32 } from '../src/random.js';
import { startPostgres } from '../test/helpers/postgres.js';

/** The repository root, from dist/bench/scale.js. */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(ROOT, 'bin', 'dossier.js');
const PER_FILE = 25;
const NOOP_JOBS = 300;

const WORDS = (
  'government minister talks ceasefire border troops officials agreement port strike union missile defence ' +
  'system deal sanctions president ministry statement region refugees aid crossing village shelling observers ' +
  'mission parliament vote coalition budget inflation prices energy gas pipeline exports imports court ruling'
).split(' ');
const PEOPLE = ['Ana Kessler', 'Kerem Yildirim', 'Yuliya Markova', 'Tomas Brenner', 'Ilse Varga', 'Marek Dolan'];
const PLACES = ['Kessa', 'Velgrad', 'Aldport', 'Sorvik', 'Brezno', 'Tarnel'];
const OUTLETS = ['Continental Wire', 'Valdara Today', 'The Daily Klaxon', 'KTV World'];

function parseCount(argv: readonly string[]): number {
  const at = argv.indexOf('--count');
  const count = at >= 0 ? Number(argv[at + 1]) : 2000;
  if (!Number.isInteger(count) || count < PER_FILE) throw new Error(`--count must be a whole number >= ${PER_FILE}`);
  return count;
}

/** N articles of a few paragraphs, with names, places and a quote, as JSON Lines files of 25. */
function writeCorpus(dir: string, count: number): string[] {
  const random = mulberry32(7);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
  const sentence = () => {
    const words = Array.from({ length: 14 }, () => pick(WORDS));
    return `${pick(PEOPLE)} said in ${pick(PLACES)} that the ${words.join(' ')}.`;
  };
  const files: string[] = [];
  for (let f = 0; f * PER_FILE < count; f++) {
    const lines: string[] = [];
    for (let i = f * PER_FILE; i < Math.min(count, (f + 1) * PER_FILE); i++) {
      const paragraphs = Array.from({ length: 5 }, () => `${sentence()} ${sentence()} ${sentence()}`);
      paragraphs.push(`"We will not give up the ${pick(WORDS)}," ${pick(PEOPLE)} told reporters in ${pick(PLACES)}.`);
      lines.push(
        JSON.stringify({
          url: `https://news.example/${i}`,
          title: `${pick(PLACES)} ${pick(WORDS)} ${pick(WORDS)} (${i})`,
          outlet: pick(OUTLETS),
          published: `2027-03-${String((i % 28) + 1).padStart(2, '0')}`,
          text: paragraphs.join('\n\n'),
        }),
      );
    }
    const path = join(dir, `part-${String(f).padStart(4, '0')}.jsonl`);
    writeFileSync(path, `${lines.join('\n')}\n`);
    files.push(path);
  }
  return files;
}

/** Seconds to an analysed, then to a linked SQLite dossier in one process, and the file's size. */
async function timeSqlite(files: string[], dir: string): Promise<{ analysed: number; seconds: number; bytes: number }> {
  const started = performance.now();
  const path = join(dir, 'bench.db');
  const store = new SqliteStore(path);
  let analysed = 0;
  try {
    await ingest(files, store, ingestOptions({ fetchLinks: false }));
    await analyzeStore(store);
    analysed = (performance.now() - started) / 1000;
    await linkStore(store);
  } finally {
    await store.close();
  }
  return { analysed, seconds: (performance.now() - started) / 1000, bytes: statSync(path).size };
}

/**
 * One `dossier worker` process, in a session of its own (`detached`), as a worker started from its own shell or
 * machine is: Linux's autogroup scheduling gives each session one share of a busy machine's CPU, so workers
 * started in the bench's session would split one share between them.
 */
function runWorker(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'worker', '--db', url, '--until-idle', '--quiet'], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
      detached: true,
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`dossier worker exited ${code}`))));
  });
}

/**
 * Seconds of a run of workers: in all; from the workers' start to their first job (process start, queue
 * client); their ingest jobs' span (first taken to last done); from the last ingest job done to the last
 * link run's start (the wait for a run to be due and taken); that link run; and from its end to the exit.
 */
interface WorkerTimes {
  seconds: number;
  start: number;
  ingest: number;
  linkWait: number;
  link: number;
  exit: number;
}

async function timeWorkers(url: string, files: string[], workers: number): Promise<WorkerTimes> {
  const boss = await openQueue(url);
  try {
    await enqueueInputs(boss, files, ingestOptions({ fetchLinks: false }));
  } finally {
    await boss.stop({ graceful: false, close: true, wait: true });
  }
  const startedAt = Date.now() / 1000;
  const started = performance.now();
  await Promise.all(Array.from({ length: workers }, () => runWorker(url)));
  const seconds = (performance.now() - started) / 1000;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // epochs of the ingest jobs' first start and last end, and of the last link run that linked
    const { rows } = await client.query<{ first: number; last: number; linkStart: number; linkEnd: number }>(
      `SELECT (SELECT extract(epoch FROM min(started_on)) FROM ${QUEUE_SCHEMA}.job WHERE name = $1)::float8 AS first,
              (SELECT extract(epoch FROM max(completed_on)) FROM ${QUEUE_SCHEMA}.job WHERE name = $1)::float8 AS last,
              l.s::float8 AS "linkStart", l.e::float8 AS "linkEnd"
       FROM (SELECT extract(epoch FROM started_on) AS s, extract(epoch FROM completed_on) AS e FROM ${QUEUE_SCHEMA}.job
             WHERE name = $2 AND state = 'completed' AND output->>'skipped' IS NULL ORDER BY completed_on DESC LIMIT 1) l`,
      [QUEUES.ingest, QUEUES.link],
    );
    const t = rows[0];
    if (!t) throw new Error('no link run completed');
    return {
      seconds,
      start: t.first - startedAt,
      ingest: t.last - t.first,
      linkWait: t.linkStart - t.last,
      link: t.linkEnd - t.linkStart,
      exit: startedAt + seconds - t.linkEnd,
    };
  } finally {
    await client.end();
  }
}

/**
 * Milliseconds per job of the queue alone: each job sent, fetched and completed in turn (the database work
 * pg-boss does per job; a polling worker adds its interval, 0.5 s, whenever the queue was empty).
 */
async function queueOverhead(url: string): Promise<number> {
  const boss = await openQueue(url);
  try {
    await boss.createQueue('bench-noop', { name: 'bench-noop' });
    const started = performance.now();
    for (let i = 0; i < NOOP_JOBS; i++) {
      await boss.send('bench-noop', { i });
      const [job] = await boss.fetch('bench-noop');
      if (!job) throw new Error('the job just sent was not fetched');
      await boss.complete('bench-noop', job.id);
    }
    return (performance.now() - started) / NOOP_JOBS;
  } finally {
    await boss.stop({ graceful: false, close: true, wait: true });
  }
}

/** Tables shown by name in the size line; the rest are summed. */
const TABLES_SHOWN = 5;

/**
 * The database's size on disk, its article count (0 in a database without a dossier) and the bytes of its
 * public tables, largest first (each with its indexes and TOAST).
 */
async function databaseSize(
  url: string,
): Promise<{ bytes: number; articles: number; tables: Array<{ name: string; bytes: number }> }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const size = await client.query<{ bytes: string; dossier: boolean }>(
      "SELECT pg_database_size(current_database()) AS bytes, to_regclass('articles') IS NOT NULL AS dossier",
    );
    const { bytes, dossier } = size.rows[0] ?? { bytes: '0', dossier: false };
    const articles = dossier ? (await client.query<{ n: string }>('SELECT count(*) AS n FROM articles')).rows[0]?.n : 0;
    const tables = await client.query<{ name: string; bytes: string }>(
      `SELECT tablename AS name, pg_total_relation_size(format('%I', tablename)) AS bytes FROM pg_tables
       WHERE schemaname = 'public' ORDER BY 2 DESC, 1`,
    );
    return {
      bytes: Number(bytes),
      articles: Number(articles),
      tables: tables.rows.map((t) => ({ name: t.name, bytes: Number(t.bytes) })),
    };
  } finally {
    await client.end();
  }
}

/** KB an article of the largest tables, by name, and of the others together. */
function tableLine(tables: ReadonlyArray<{ name: string; bytes: number }>, articles: number): string {
  const kb = (bytes: number) => (bytes / articles / 1024).toFixed(1);
  const rest = tables.slice(TABLES_SHOWN).reduce((sum, t) => sum + t.bytes, 0);
  return [...tables.slice(0, TABLES_SHOWN).map((t) => `${t.name} ${kb(t.bytes)}`), `others ${kb(rest)}`].join(', ');
}

async function main(): Promise<void> {
  const count = parseCount(process.argv.slice(2));
  const load = loadavg()[0] ?? 0;
  const dir = mkdtempSync(join(tmpdir(), 'dossier-scale-'));
  const postgres = await startPostgres();
  try {
    const files = writeCorpus(dir, count);
    const sqlite = await timeSqlite(files, dir);
    const oneUrl = await postgres.database();
    const one = await timeWorkers(oneUrl, files, 1);
    const size = await databaseSize(oneUrl);
    // an empty database is PostgreSQL's catalog: what the articles cost is the difference
    const empty = await databaseSize(await postgres.database());
    const two = await timeWorkers(await postgres.database(), files, 2);
    const overhead = await queueOverhead(await postgres.database());
    const rate = (seconds: number) => `${Math.round(count / seconds)} articles/s`;
    const x = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
    const cell = (seconds: number, vs: string) => `${`${seconds.toFixed(1)} s  ${rate(seconds)}`.padEnd(22)} ${vs}`;
    const phases = (t: WorkerTimes) =>
      `start ${t.start.toFixed(1)} s, ingest jobs ${t.ingest.toFixed(1)} s, link due and taken ${t.linkWait.toFixed(1)} s, ` +
      `link run ${t.link.toFixed(1)} s, exit ${t.exit.toFixed(1)} s`;
    // Amdahl: only the ingest jobs run in parallel; the rest of a 1-worker run is serial
    const serial = one.seconds - one.ingest;
    const bound = one.seconds / (one.ingest / 2 + serial);
    process.stdout.write(
      [
        `${count} articles in ${files.length} files, wall clock (${process.env.CI ? 'CI' : 'this machine'}, 2 cores, load average ${load.toFixed(1)} at the start)`,
        `  ingest + analyze (the parallel part; for workers, their ingest jobs from first taken to last done)`,
        `    SQLite, one process      ${cell(sqlite.analysed, '')}`,
        `    PostgreSQL, 1 worker     ${cell(one.ingest, `(${x(sqlite.analysed, one.ingest)} SQLite)`)}`,
        `    PostgreSQL, 2 workers    ${cell(two.ingest, `(${x(one.ingest, two.ingest)} 1 worker)`)}`,
        `  to a linked dossier (one link run, at the end; for workers, from their start to their exit)`,
        `    SQLite, one process      ${cell(sqlite.seconds, `(link ${(sqlite.seconds - sqlite.analysed).toFixed(1)} s)`)}`,
        `    PostgreSQL, 1 worker     ${cell(one.seconds, `(${x(sqlite.seconds, one.seconds)} SQLite)`)}`,
        `    PostgreSQL, 2 workers    ${cell(two.seconds, `(${x(one.seconds, two.seconds)} 1 worker; ${bound.toFixed(2)}x at most with ${serial.toFixed(1)} s serial)`)}`,
        `    1 worker:  ${phases(one)}`,
        `    2 workers: ${phases(two)}`,
        `  PostgreSQL database        ${Math.round((size.bytes - empty.bytes) / size.articles / 1024)} KB an article (${((size.bytes - empty.bytes) / 2 ** 20).toFixed(1)} MB for ${size.articles} over an empty database, indexes and queue included)`,
        `    by table (KB an article, indexes included): ${tableLine(size.tables, size.articles)}`,
        `  SQLite database            ${Math.round(sqlite.bytes / count / 1024)} KB an article`,
        `  queue overhead (pg-boss)   ${overhead.toFixed(1)} ms a job (send + fetch + complete, ${NOOP_JOBS} jobs): ` +
          `${((overhead / ((one.ingest * 1000) / files.length)) * 100).toFixed(1)}% of a 1-worker ingest job of ${PER_FILE} articles`,
      ]
        .map((line) => line.trimEnd())
        .join('\n') + '\n',
    );
  } finally {
    await postgres.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

/**
 * `npm run bench:ingest [-- --count N] [-- --no-analyze]`: generates N
 * articles (as text files and as one JSONL file), stores each with
 * `dossier ingest --no-analyze --no-link` into a fresh dossier, and, in the
 * same run, bulk-inserts the same rows with raw better-sqlite3 into the same
 * schema (the floor we cannot beat). Prints articles/s and peak RSS for each,
 * and the ratios. Then the analyze pass `dossier ingest` runs next
 * (`analyzeStore`) over the JSONL dossier, with the share of it spent writing
 * to the store, and where the dossier's bytes went, per article and table.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { analyzeStore } from '../src/analyzing.js';
import { migrate } from '../src/store/migrations.js';
import { SqliteStore } from '../src/store/sqlite.js';
import { mulberry32 } from '../src/random.js';
import { dbSizes, sizesTable } from './db-sizes.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(ROOT, 'bin', 'dossier.js');

const WORDS = (
  'government minister said talks ceasefire border troops officials agreement port strike union ' +
  'missile defence system deal sanctions president foreign ministry statement region refugees aid ' +
  'crossing village shelling observers mission parliament vote coalition budget inflation prices ' +
  'energy gas pipeline exports imports court ruling opposition protest police capital city council ' +
  'election campaign spokesman agency reported week month earlier later officials confirmed denied ' +
  'military operation airbase battery delivery contract billion million percent people displaced'
).split(' ');
const NAMES =
  'Velmora Kestovia Valdara Tarnel Brezno Aldport Sorvik Kalvik Orhun Corvenna Dragunov Markova Celik'.split(' ');

interface Generated {
  title: string;
  body: string;
  outlet: string;
  published: string;
}

function article(i: number, rand: () => number): Generated {
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)] as T;
  const sentence = () => {
    const n = 12 + Math.floor(rand() * 14);
    const words = Array.from({ length: n }, () => (rand() < 0.08 ? pick(NAMES) : pick(WORDS)));
    const first = words[0] as string;
    words[0] = first.charAt(0).toUpperCase() + first.slice(1);
    return `${words.join(' ')}.`;
  };
  const paragraphs = Array.from({ length: 5 + Math.floor(rand() * 6) }, () =>
    Array.from({ length: 2 + Math.floor(rand() * 3) }, sentence).join(' '),
  );
  const title = `${pick(NAMES)} ${pick(WORDS)} ${pick(WORDS)} as ${pick(NAMES)} ${pick(WORDS)} ${i}`;
  const day = 1 + (i % 28);
  return {
    title,
    body: paragraphs.join('\n\n'),
    outlet: `Outlet ${i % 40}`,
    published: `2024-03-${String(day).padStart(2, '0')}T10:00:00Z`,
  };
}

interface Measured {
  name: string;
  articles: number;
  /** Wall time of the whole command. */
  seconds: number;
  /** CPU time of the process: steadier than wall time on a shared machine. */
  cpuSeconds: number;
  peakRssMB: number;
}

/** Runs `dossier ingest` in a child process and reads its JSON summary. */
function runDossier(name: string, input: string, db: string): Measured {
  const started = performance.now();
  const res = spawnSync(
    process.execPath,
    [BIN, 'ingest', input, '--db', db, '--json', '--quiet', '--no-analyze', '--no-link'],
    {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const seconds = (performance.now() - started) / 1000;
  if (res.status !== 0) throw new Error(`${name}: dossier ingest exited ${res.status}: ${res.stderr.slice(0, 500)}`);
  const summary = JSON.parse(res.stdout.trim().split('\n').pop() as string);
  return { name, articles: summary.new, seconds, cpuSeconds: summary.cpuSeconds, peakRssMB: summary.peakRssMB };
}

/** The floor: the same rows into the same schema (FTS triggers included) with raw better-sqlite3, in a child. */
function runRaw(jsonl: string, db: string): Measured {
  const started = performance.now();
  const res = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--raw', jsonl, db], { encoding: 'utf8' });
  const seconds = (performance.now() - started) / 1000;
  if (res.status !== 0) throw new Error(`raw insert failed: ${res.stderr.slice(0, 500)}`);
  const out = JSON.parse(res.stdout);
  return {
    name: 'raw better-sqlite3 (floor)',
    articles: out.articles,
    seconds,
    cpuSeconds: out.cpuSeconds,
    peakRssMB: out.peakRssMB,
  };
}

interface AnalyzeMeasured {
  articles: number;
  seconds: number;
  cpuSeconds: number;
  /** Wall seconds inside `putAnalyses`: the store's share of the pass. */
  storeSeconds: number;
  peakRssMB: number;
}

/** The analyze pass over a stored dossier, in a child (for its own CPU time and peak RSS). */
function runAnalyze(db: string): AnalyzeMeasured {
  const res = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--analyze', db], { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`analyze pass failed: ${res.stderr.slice(0, 500)}`);
  return JSON.parse(res.stdout) as AnalyzeMeasured;
}

async function analyzePass(path: string): Promise<void> {
  const store = new SqliteStore(path);
  let storeMs = 0;
  const putAnalyses = store.putAnalyses.bind(store);
  store.putAnalyses = async (items) => {
    const t = performance.now();
    await putAnalyses(items);
    storeMs += performance.now() - t;
  };
  const summary = await analyzeStore(store);
  await store.close();
  const usage = process.resourceUsage();
  const out: AnalyzeMeasured = {
    articles: summary.analyzed,
    seconds: summary.seconds,
    cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
    storeSeconds: storeMs / 1000,
    peakRssMB: Math.round(usage.maxRSS / 1024),
  };
  process.stdout.write(JSON.stringify(out));
}

function rawInsert(jsonl: string, path: string): void {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  migrate(db);
  const insert = db.prepare(
    `INSERT INTO articles (id, title, outlet, published, published_utc, body, pipeline)
     VALUES (?, ?, ?, ?, ?, ?, 'raw')`,
  );
  const source = db.prepare('INSERT INTO sources (article_rowid, source, raw_hash, outlet) VALUES (?, ?, ?, ?)');
  const lines = readFileSync(jsonl, 'utf8').split('\n');
  let batch: Generated[] = [];
  let count = 0;
  const flush = db.transaction((rows: Generated[]) => {
    for (const r of rows) {
      const id = createHash('sha256').update(r.body).digest('hex').slice(0, 16);
      const info = insert.run(id, r.title, r.outlet, r.published, r.published, r.body);
      source.run(info.lastInsertRowid, jsonl, id, r.outlet);
    }
  });
  for (const line of lines) {
    if (!line) continue;
    batch.push(JSON.parse(line));
    if (batch.length === 500) {
      flush(batch);
      count += batch.length;
      batch = [];
    }
  }
  flush(batch);
  count += batch.length;
  db.close();
  const usage = process.resourceUsage();
  const cpuSeconds = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
  process.stdout.write(JSON.stringify({ articles: count, cpuSeconds, peakRssMB: Math.round(usage.maxRSS / 1024) }));
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === '--raw') {
    rawInsert(argv[1] as string, argv[2] as string);
    return;
  }
  if (argv[0] === '--analyze') {
    await analyzePass(argv[1] as string);
    return;
  }
  const analyze = !argv.includes('--no-analyze');
  const countAt = argv.indexOf('--count');
  const count = countAt >= 0 ? Number(argv[countAt + 1]) : 100_000;
  const dir = mkdtempSync(join(tmpdir(), 'dossier-bench-ingest-'));
  try {
    const rand = mulberry32(42);
    const textDir = join(dir, 'text');
    const jsonl = join(dir, 'articles.jsonl');
    const lines: string[] = [];
    let bytes = 0;
    for (let i = 0; i < count; i++) {
      const a = article(i, rand);
      const folder = join(textDir, String(i % 100));
      if (i < 100) mkdirSync(folder, { recursive: true });
      const text = `${a.title}\n\n${a.body}\n\nSource: ${a.outlet}\n`;
      bytes += text.length;
      writeFileSync(join(folder, `${i}.txt`), text);
      lines.push(JSON.stringify(a));
    }
    writeFileSync(jsonl, `${lines.join('\n')}\n`);
    lines.length = 0;
    process.stdout.write(
      `generated ${count.toLocaleString('en')} articles (${(bytes / 1e6).toFixed(0)} MB of text) in ${dir}\n\n`,
    );

    const results = [
      runDossier('dossier ingest, text files', textDir, join(dir, 'text.db')),
      runDossier('dossier ingest, JSONL', jsonl, join(dir, 'jsonl.db')),
      runRaw(jsonl, join(dir, 'raw.db')),
    ];
    const floor = results[2] as Measured;
    const floorCpuRate = floor.articles / floor.cpuSeconds;
    process.stdout.write(
      '| run | articles | wall s | articles/s (wall) | CPU s | articles per CPU second | peak RSS MB | share of floor (CPU) |\n|---|---|---|---|---|---|---|---|\n',
    );
    for (const r of results) {
      const cpuRate = r.articles / r.cpuSeconds;
      process.stdout.write(
        `| ${r.name} | ${r.articles.toLocaleString('en')} | ${r.seconds.toFixed(1)} | ${Math.round(r.articles / r.seconds).toLocaleString('en')} | ${r.cpuSeconds.toFixed(1)} | ${Math.round(cpuRate).toLocaleString('en')} | ${r.peakRssMB} | ${(cpuRate / floorCpuRate).toFixed(2)} |\n`,
      );
    }
    process.stdout.write(
      '\nWall seconds cover the whole command (process start, walk, read, extract, store). The pipeline is single-threaded, so articles per CPU second is the one-core rate, and it is steadier than wall time on a shared machine.\n',
    );
    if (!analyze) return;
    const a = runAnalyze(join(dir, 'jsonl.db'));
    process.stdout.write(
      `\nanalyze pass over the JSONL dossier (analyse, resolve, store): ${a.articles.toLocaleString('en')} articles in ${a.seconds.toFixed(1)} s wall, ${a.cpuSeconds.toFixed(1)} CPU s: ${Math.round(a.articles / a.cpuSeconds).toLocaleString('en')} articles per CPU second; store writes ${a.storeSeconds.toFixed(1)} s (${Math.round((100 * a.storeSeconds) / a.seconds)} % of the pass); peak RSS ${a.peakRssMB} MB\n\n`,
    );
    process.stdout.write(sizesTable(dbSizes(join(dir, 'jsonl.db'))));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main(process.argv.slice(2)).catch((err) => {
  console.error(`bench:ingest: ${(err as Error).message}`);
  process.exit(1);
});

/**
 * `node dist/bench/soak-probe.js --db PATH [--batches N] [--size N] [--first N] [--pragma SQL]...`:
 * where the time of one soak batch goes in a given database. It ingests
 * `--batches` batches of `--size` generated articles (numbered from `--first`,
 * so they are new to a database the soak made) and runs the analyze pass
 * after each, as the soak does, and prints per article: the time of each
 * phase (store the articles, the analysis state, the pending look-up, the
 * analysis itself, store the analyses), the bytes each phase read past
 * SQLite's page cache (`rchar` of /proc/self/io: page-cache reads of the
 * file) and the statements that took the most time. The first batch warms
 * the caches and is not counted. It writes to the database: probe a copy.
 */
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { analyzeStore } from '../src/analyzing.js';
import { ingestOptions } from '../src/ingest/options.js';
import { ingest } from '../src/pipeline.js';
import { SqliteStore } from '../src/store/index.js';
import type { Store } from '../src/store/store.js';
import { generated } from './soak-corpus.js';

interface ProbeArgs {
  db: string;
  batches: number;
  size: number;
  first: number;
  pragmas: string[];
}

function parseArgs(argv: readonly string[]): ProbeArgs {
  const args: ProbeArgs = { db: '', batches: 3, size: 500, first: 5_000_001, pragmas: [] };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const whole = () => Number(value().replace(/[_,]/g, ''));
    if (flag === '--db') args.db = value();
    else if (flag === '--batches') args.batches = whole();
    else if (flag === '--size') args.size = whole();
    else if (flag === '--first') args.first = whole();
    else if (flag === '--pragma') args.pragmas.push(value());
    else throw new Error(`unknown flag ${flag} (flags: --db PATH, --batches N, --size N, --first N, --pragma SQL)`);
  }
  if (!args.db) throw new Error('--db PATH is required (a copy: the probe writes to it)');
  for (const [name, n] of [
    ['--batches', args.batches],
    ['--size', args.size],
    ['--first', args.first],
  ] as const)
    if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive whole number`);
  return args;
}

/** Bytes this process has read through read(2) so far: SQLite's reads of pages it did not hold. */
const readBytes = () => Number(/rchar: (\d+)/.exec(readFileSync('/proc/self/io', 'utf8'))?.[1] ?? 0);

interface Tally {
  ms: number;
  bytes: number;
  calls: number;
}
const tally = (map: Map<string, Tally>, key: string, ms: number, bytes: number) => {
  const t = map.get(key) ?? { ms: 0, bytes: 0, calls: 0 };
  t.ms += ms;
  t.bytes += bytes;
  t.calls++;
  map.set(key, t);
};

const statements = new Map<string, Tally>();
const phases = new Map<string, Tally>();
let counting = false;

/** Times every statement the store prepares, by its SQL's first words. */
function timeStatements(): void {
  const prepare = Database.prototype.prepare;
  Database.prototype.prepare = function (this: Database.Database, sql: string) {
    const st = prepare.call(this, sql) as unknown as Record<string, (...a: unknown[]) => unknown>;
    const name = sql.replace(/\s+/g, ' ').trim().slice(0, 90);
    for (const method of ['run', 'get', 'all']) {
      const call = st[method] as (...a: unknown[]) => unknown;
      st[method] = function (this: unknown, ...a: unknown[]) {
        const t = performance.now();
        const b = counting ? readBytes() : 0;
        try {
          return call.apply(this, a);
        } finally {
          if (counting) tally(statements, name, performance.now() - t, readBytes() - b);
        }
      };
    }
    return st as never;
  } as typeof prepare;
}

/** Times each transaction's begin and commit (its whole time less its body's), as the statement `COMMIT`. */
function timeCommits(): void {
  const transaction = Database.prototype.transaction;
  Database.prototype.transaction = function (this: Database.Database, fn: (...a: unknown[]) => unknown) {
    let body = 0;
    const tx = transaction.call(this, (...a: unknown[]) => {
      const t = performance.now();
      try {
        return fn(...a);
      } finally {
        body = performance.now() - t;
      }
    }) as (...a: unknown[]) => unknown;
    return ((...a: unknown[]) => {
      const t = performance.now();
      try {
        return tx(...a);
      } finally {
        if (counting) tally(statements, 'BEGIN and COMMIT (with any checkpoint)', performance.now() - t - body, 0);
      }
    }) as never;
  } as typeof transaction;
}

/** `fn` timed into `phases` under `name`. */
async function phase<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const t = performance.now();
  const b = readBytes();
  try {
    return await fn();
  } finally {
    if (counting) tally(phases, name, performance.now() - t, readBytes() - b);
  }
}

/** The store with each method the soak's batch calls timed; the analysis is the rest of `analyzeStore`. */
function timed(store: Store): Store {
  return Object.assign(Object.create(store) as Store, {
    putArticles: (a: Parameters<Store['putArticles']>[0]) => phase('store articles', () => store.putArticles(a)),
    analysisState: (v: string) => phase('analysis state', () => store.analysisState(v)),
    pendingAnalyses: (v: string, n: number, after?: number) =>
      phase('pending look-up', () => store.pendingAnalyses(v, n, after)),
    putAnalyses: (w: Parameters<Store['putAnalyses']>[0]) => phase('store analyses', () => store.putAnalyses(w)),
  });
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  timeStatements();
  timeCommits();
  const base = new SqliteStore(args.db);
  const raw = (base as unknown as { db: Database.Database }).db;
  for (const p of args.pragmas) raw.pragma(p);
  const store = timed(base);
  const articles = raw.prepare('SELECT max(rowid) AS n FROM articles').get() as { n: number | null };
  console.log(
    `probe: ${args.db}, ${(articles.n ?? 0).toLocaleString('en')} articles; ${args.batches} batches of ${args.size} after one warm-up${args.pragmas.length ? `; pragmas: ${args.pragmas.join(', ')}` : ''}`,
  );
  let total = 0;
  for (let b = 0; b <= args.batches; b++) {
    counting = b > 0;
    const t = performance.now();
    const first = args.first + b * args.size;
    await ingest(['-'], store, ingestOptions(), { stdin: generated(args.size, first), batchSize: args.size });
    await phase('analyze pass', () => analyzeStore(store));
    if (counting) total += performance.now() - t;
  }
  await base.close();
  const n = args.batches * args.size;
  const analyzePass = phases.get('analyze pass') as Tally;
  const inPass = ['analysis state', 'pending look-up', 'store analyses'].reduce(
    (sum, k) => sum + (phases.get(k)?.ms ?? 0),
    0,
  );
  phases.set('analysis (CPU)', { ms: analyzePass.ms - inPass, bytes: 0, calls: args.batches });
  phases.delete('analyze pass');
  const kb = (bytes: number) => (bytes / n / 1024).toFixed(1);
  console.log(`batch total: ${(total / n).toFixed(2)} ms/article\n`);
  console.log('phase                 ms/article   KB read/article');
  for (const [name, t] of phases)
    console.log(`${name.padEnd(20)} ${(t.ms / n).toFixed(3).padStart(11)}   ${kb(t.bytes).padStart(15)}`);
  console.log('\nstatements by time     ms/article   KB read/article   calls/article');
  const top = [...statements].sort((x, y) => y[1].ms - x[1].ms).slice(0, 14);
  for (const [sql, t] of top)
    console.log(
      `${(t.ms / n).toFixed(3).padStart(8)}   ${kb(t.bytes).padStart(8)}   ${(t.calls / n).toFixed(2).padStart(6)}   ${sql}`,
    );
}

main().catch((err) => {
  console.error(`bench:soak-probe: ${(err as Error).message}`);
  process.exit(1);
});

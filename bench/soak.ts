/**
 * `npm run bench:soak [-- --count N] [-- --every N] [-- --no-analyze] [-- --db PATH]`:
 * ingests N generated articles (default 1,000,000) through the pipeline the
 * CLI runs — JSON Lines read from a stream, sniffed, decoded, extracted,
 * stored in batches in SQLite — and, after each stored batch, the analyze
 * pass `dossier ingest` runs (`analyzeStore`: analyse, resolve, store the
 * analyses, mentions, quotes and entity totals). Every `--every` articles (default 100,000) it prints the rate of
 * that stretch and the memory at its end: both must stay flat over the run
 * (caches have fixed bounds; nothing keeps a reference per article).
 *
 * The articles are generated as they are read, from a seeded generator, so
 * the input costs no disk and no memory; the database does grow (about 8 KB
 * an article with the analyses, 3 KB without) and is deleted at the end
 * unless `--db` names one. At the end it prints where the bytes went, per
 * article and table.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeStore } from '../src/analyzing.js';
import { ingestOptions } from '../src/ingest/options.js';
import { ingest } from '../src/pipeline.js';
import { SqliteStore } from '../src/store/index.js';
import type { Store } from '../src/store/store.js';
import type { Article } from '../src/types.js';
import { dbSizes, sizesTable } from './db-sizes.js';
import { generated } from './soak-corpus.js';

interface SoakArgs {
  count: number;
  every: number;
  analyze: boolean;
  db: string | null;
}

function parseArgs(argv: readonly string[]): SoakArgs {
  const args: SoakArgs = { count: 1_000_000, every: 0, analyze: true, db: null };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === '--count') args.count = Number(value().replace(/[_,]/g, ''));
    else if (flag === '--every') args.every = Number(value().replace(/[_,]/g, ''));
    else if (flag === '--db') args.db = value();
    else if (flag === '--no-analyze') args.analyze = false;
    else throw new Error(`unknown flag ${flag} (flags: --count N, --every N, --db PATH, --no-analyze)`);
  }
  if (!Number.isInteger(args.count) || args.count <= 0) throw new Error('--count must be a positive whole number');
  args.every ||= Math.min(100_000, Math.max(1, Math.ceil(args.count / 10)));
  return args;
}

/** A store that runs the analyze pass over what each batch stored, as `dossier ingest` does over what it stored. */
function analyzing(store: Store, stats: { ms: number; tokens: number }): Store {
  return Object.assign(Object.create(store) as Store, {
    putArticles: async (articles: readonly Article[]) => {
      const results = await store.putArticles(articles);
      const t = performance.now();
      stats.tokens += (await analyzeStore(store)).tokens;
      stats.ms += performance.now() - t;
      return results;
    },
  });
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const fmt = (n: number) => Math.round(n).toLocaleString('en');

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const dir = args.db ? null : mkdtempSync(join(tmpdir(), 'dossier-soak-'));
  const dbPath = args.db ?? join(dir as string, 'soak.db');
  const base = new SqliteStore(dbPath);
  const analysis = { ms: 0, tokens: 0 };
  const store = args.analyze ? analyzing(base, analysis) : base;
  console.log(
    `soak: ${fmt(args.count)} generated articles, JSON Lines stream -> sniff -> decode -> extract${args.analyze ? ' -> analyze' : ''} -> SQLite (${dbPath})`,
  );
  console.log('   articles   articles/s (stretch)   RSS MB   heap MB   analyze ms/article   db MB');
  const started = performance.now();
  let mark = started;
  let next = args.every;
  let analyzeMark = 0;
  const rows: Array<{ at: number; rate: number; rss: number }> = [];
  const report = (at: number) => {
    const now = performance.now();
    const stretch = at - (rows.at(-1)?.at ?? 0);
    const rate = (stretch / (now - mark)) * 1000;
    const rss = mb(process.memoryUsage.rss());
    const heap = mb(process.memoryUsage().heapUsed);
    const perArticle = (analysis.ms - analyzeMark) / stretch;
    let dbMb = 0;
    try {
      dbMb = mb(statSync(dbPath).size + statSync(`${dbPath}-wal`).size);
    } catch {
      dbMb = mb(statSync(dbPath).size);
    }
    rows.push({ at, rate, rss });
    console.log(
      `${fmt(at).padStart(11)}   ${fmt(rate).padStart(19)}   ${String(rss).padStart(6)}   ${String(heap).padStart(7)}   ${(args.analyze ? perArticle.toFixed(2) : '-').padStart(18)}   ${String(dbMb).padStart(5)}`,
    );
    mark = now;
    analyzeMark = analysis.ms;
  };
  const summary = await ingest(['-'], store, ingestOptions(), {
    stdin: generated(args.count),
    onProgress: (s) => {
      const done = s.new + s.present + s.failed;
      if (done >= next) {
        report(done);
        next += args.every;
      }
    },
  });
  const done = summary.new + summary.present + summary.failed;
  if ((rows.at(-1)?.at ?? 0) < done) report(done);
  await base.close();
  const seconds = (performance.now() - started) / 1000;
  const rates = rows.map((r) => r.rate);
  const rss = rows.map((r) => r.rss);
  console.log(
    `done: ${fmt(summary.new)} new, ${fmt(summary.present)} present, ${fmt(summary.failed)} failed in ${seconds.toFixed(1)} s (${fmt(done / seconds)} articles/s overall)`,
  );
  if (rows.length > 1) {
    const later = rows.slice(1);
    console.log(
      `flatness: articles/s first stretch ${fmt(rates[0] as number)}, later stretches ${fmt(Math.min(...later.map((r) => r.rate)))}–${fmt(Math.max(...later.map((r) => r.rate)))}; RSS ${rss[0]} MB after the first stretch, ${Math.max(...rss)} MB at most, ${rss.at(-1)} MB at the end`,
    );
  }
  if (summary.failed)
    console.log(
      `problems: ${summary.problems
        .slice(0, 3)
        .map((p) => `${p.source}: ${p.message}`)
        .join('; ')}`,
    );
  console.log(`\n${sizesTable(dbSizes(dbPath))}`);
  if (dir) rmSync(dir, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(`bench:soak: ${(err as Error).message}`);
  process.exit(1);
});

/**
 * `npm run bench:soak [-- --count N] [-- --first N] [-- --every N] [-- --link-every N] [-- --no-analyze] [-- --no-link] [-- --db PATH]`:
 * ingests N generated articles (default 1,000,000) through the pipeline the
 * CLI runs — JSON Lines read from a stream, sniffed, decoded, extracted,
 * stored in batches in SQLite — and, after each stored batch, the analyze
 * pass `dossier ingest` runs (`analyzeStore`: analyse, resolve, store the
 * analyses, mentions, quotes and entity totals); and every `--link-every` articles (default: each stretch) the
 * link stage `dossier ingest` runs after an ingest (`linkStore`: stories, duplicates, claims, continuing its
 * saved state). Every `--every` articles (default 100,000) it prints the rate of that stretch (link runs
 * included), the link run's seconds, and the memory at its end: both must stay flat over the run (caches have
 * fixed bounds; nothing keeps a reference per article). Each link run prints its wall and CPU seconds, the most
 * heap it held and the process's peak RSS (the link state lives mostly in typed arrays, outside the heap).
 *
 * `--first` numbers the generated articles from N, so a run continues a database an earlier run made (`--db`)
 * with new articles. The articles are generated as they are read, from a seeded generator, so
 * the input costs no disk and no memory; the database does grow (about 8 KB
 * an article with the analyses, 3 KB without) and is deleted at the end
 * unless `--db` names one. At the end it prints where the bytes went, per
 * article and table.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeStore } from '../src/analyzing.js';
import { linkStore } from '../src/linking.js';
import { ingestOptions } from '../src/ingest/options.js';
import { ingest } from '../src/pipeline.js';
import { SqliteStore } from '../src/store/index.js';
import type { Store } from '../src/store/store.js';
import type { Article } from '../src/types.js';
import { dbSizes, sizesTable } from './db-sizes.js';
import { peakRssMb, resetPeakRss } from './peak-rss.js';
import { generated } from './soak-corpus.js';

interface SoakArgs {
  count: number;
  first: number;
  every: number;
  analyze: boolean;
  link: boolean;
  linkEvery: number;
  db: string | null;
}

function parseArgs(argv: readonly string[]): SoakArgs {
  const args: SoakArgs = { count: 1_000_000, first: 1, every: 0, analyze: true, link: true, linkEvery: 0, db: null };
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
    else if (flag === '--first') args.first = Number(value().replace(/[_,]/g, ''));
    else if (flag === '--link-every') args.linkEvery = Number(value().replace(/[_,]/g, ''));
    else if (flag === '--no-analyze') args.analyze = false;
    else if (flag === '--no-link') args.link = false;
    else
      throw new Error(
        `unknown flag ${flag} (flags: --count N, --first N, --every N, --link-every N, --db PATH, --no-analyze, --no-link)`,
      );
  }
  if (!Number.isInteger(args.count) || args.count <= 0) throw new Error('--count must be a positive whole number');
  if (!Number.isInteger(args.first) || args.first <= 0) throw new Error('--first must be a positive whole number');
  args.every ||= Math.min(100_000, Math.max(1, Math.ceil(args.count / 10)));
  args.linkEvery ||= args.every;
  if (!Number.isInteger(args.linkEvery) || args.linkEvery <= 0)
    throw new Error('--link-every must be a positive whole number');
  return args;
}

/** Time spent in the stages that follow the store, summed over the run. */
interface StageStats {
  analyzeMs: number;
  tokens: number;
  linkMs: number;
  links: number;
  stored: number;
  /** Per link run: CPU seconds, the most heap it held (sampled every 100 ms and at its end) and the process's peak RSS. */
  runs: LinkRun[];
}

interface LinkRun {
  at: number;
  wallS: number;
  cpuS: number;
  heapMb: number;
  maxRssMb: number;
  /** Peak RSS during the run itself (Linux; null elsewhere). */
  runRssMb: number | null;
  /** Whether the run continued the saved state (`up to date`: nothing to do), and how many articles' bodies it read. */
  incremental: boolean | 'up to date';
  read: number;
  claims: number;
}

/**
 * A store that runs, after each stored batch, the analyze pass over what it stored, as `dossier ingest` does,
 * and every `linkEvery` articles the link stage `dossier ingest` runs at its end.
 */
function staged(store: Store, args: SoakArgs, stats: StageStats): Store {
  let nextLink = args.linkEvery;
  return Object.assign(Object.create(store) as Store, {
    putArticles: async (articles: readonly Article[]) => {
      const results = await store.putArticles(articles);
      stats.stored += articles.length;
      if (args.analyze) {
        const t = performance.now();
        stats.tokens += (await analyzeStore(store)).tokens;
        stats.analyzeMs += performance.now() - t;
      }
      if (args.link && stats.stored >= nextLink) {
        await link(store, stats);
        while (nextLink <= stats.stored) nextLink += args.linkEvery;
      }
      return results;
    },
  });
}

async function link(store: Store, stats: StageStats): Promise<void> {
  const t = performance.now();
  const cpu = process.cpuUsage();
  let heap = process.memoryUsage().heapUsed;
  const sample = setInterval(() => (heap = Math.max(heap, process.memoryUsage().heapUsed)), 100);
  const runPeak = resetPeakRss();
  let summary: Awaited<ReturnType<typeof linkStore>>;
  try {
    summary = await linkStore(store);
  } finally {
    clearInterval(sample);
  }
  heap = Math.max(heap, process.memoryUsage().heapUsed);
  const used = process.cpuUsage(cpu);
  const wall = performance.now() - t;
  stats.linkMs += wall;
  stats.links++;
  const run: LinkRun = {
    at: stats.stored,
    wallS: wall / 1000,
    cpuS: (used.user + used.system) / 1e6,
    heapMb: mb(heap),
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    runRssMb: runPeak ? peakRssMb() : null,
    incremental: summary.ran ? summary.incremental === true : 'up to date',
    read: summary.read ?? 0,
    claims: summary.claims ?? 0,
  };
  stats.runs.push(run);
  console.log(
    `  link run at ${fmt(run.at)}: ${run.wallS.toFixed(1)} s wall, ${run.cpuS.toFixed(1)} s CPU, heap up to ${run.heapMb} MB, peak RSS ${run.runRssMb === null ? '' : `${run.runRssMb} MB in the run, `}${run.maxRssMb} MB since the start, ${run.incremental === 'up to date' ? 'up to date' : run.incremental ? 'continued' : 'whole corpus'}, ${fmt(run.read)} articles read, ${fmt(run.claims)} claims`,
  );
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const fmt = (n: number) => Math.round(n).toLocaleString('en');

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const dir = args.db ? null : mkdtempSync(join(tmpdir(), 'dossier-soak-'));
  const dbPath = args.db ?? join(dir as string, 'soak.db');
  const base = new SqliteStore(dbPath);
  const stats: StageStats = { analyzeMs: 0, tokens: 0, linkMs: 0, links: 0, stored: 0, runs: [] };
  const store = staged(base, args, stats);
  console.log(
    `soak: ${fmt(args.count)} generated articles, JSON Lines stream -> sniff -> decode -> extract -> SQLite${args.analyze ? ' -> analyze' : ''}${args.link ? ` -> link every ${fmt(args.linkEvery)}` : ''} (${dbPath})`,
  );
  console.log('   articles   articles/s (stretch)   RSS MB   heap MB   analyze ms/article   link s   db MB');
  const started = performance.now();
  let mark = started;
  let next = args.every;
  let analyzeMark = 0;
  let linkMark = 0;
  const rows: Array<{ at: number; rate: number; rss: number }> = [];
  const report = (at: number) => {
    const now = performance.now();
    const stretch = at - (rows.at(-1)?.at ?? 0);
    const rate = (stretch / (now - mark)) * 1000;
    const rss = mb(process.memoryUsage.rss());
    const heap = mb(process.memoryUsage().heapUsed);
    const perArticle = (stats.analyzeMs - analyzeMark) / stretch;
    const linkS = (stats.linkMs - linkMark) / 1000;
    let dbMb = 0;
    try {
      dbMb = mb(statSync(dbPath).size + statSync(`${dbPath}-wal`).size);
    } catch {
      dbMb = mb(statSync(dbPath).size);
    }
    rows.push({ at, rate, rss });
    console.log(
      `${fmt(at).padStart(11)}   ${fmt(rate).padStart(19)}   ${String(rss).padStart(6)}   ${String(heap).padStart(7)}   ${(args.analyze ? perArticle.toFixed(2) : '-').padStart(18)}   ${(args.link ? linkS.toFixed(1) : '-').padStart(6)}   ${String(dbMb).padStart(5)}`,
    );
    mark = now;
    analyzeMark = stats.analyzeMs;
    linkMark = stats.linkMs;
  };
  const summary = await ingest(['-'], store, ingestOptions(), {
    stdin: generated(args.count, args.first),
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
  if (args.link) {
    // as `dossier ingest` ends: link what the last runs did not
    const before = stats.linkMs;
    await link(base, stats);
    console.log(`last link run: ${((stats.linkMs - before) / 1000).toFixed(1)} s (${stats.links} link runs in all)`);
  }
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

/**
 * `node dist/bench/link-store.js --db PATH [--force]`: the link pass over a
 * stored dossier (what `dossier link` runs), with its memory. Samples the
 * process every second (RSS, V8 heap in use) and reports the peaks, CPU
 * seconds, articles per CPU second and the heap limit the run had. Writes to
 * the database: run it on a copy.
 */
import { getHeapStatistics } from 'node:v8';
import { linkStore } from '../src/linking.js';
import { openStore } from '../src/store/index.js';

function arg(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

const db = arg('--db');
if (!db) {
  console.error('bench/link-store: --db PATH is required (a copy: the run writes it)');
  process.exit(2);
}
const store = await openStore(db);
let peakRss = 0;
let peakHeap = 0;
const sample = () => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
};
const timer = setInterval(sample, 1000);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const summary = await linkStore(store, { force: process.argv.includes('--force') });
sample();
clearInterval(timer);
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
await store.close();
const mb = (b: number) => `${Math.round(b / 1e6)} MB`;
console.log(
  JSON.stringify({
    articles: summary.articles,
    incremental: summary.incremental ?? false,
    stories: summary.stories,
    claims: summary.claims,
    wallSeconds: Number(((performance.now() - t0) / 1000).toFixed(1)),
    cpuSeconds: Number(cpuSeconds.toFixed(1)),
    articlesPerCpuSecond: Math.round(summary.articles / cpuSeconds),
    peakRss: mb(peakRss),
    peakHeapUsed: mb(peakHeap),
    heapLimit: mb(getHeapStatistics().heap_size_limit),
  }),
);

import type { IngestOptions } from '../ingest/options.js';
import { walk } from '../ingest/walk.js';
import { ingest } from '../pipeline.js';
import type { Store } from '../store/store.js';
import type { IngestSummary } from '../types.js';
import { CODES, DossierError } from '../errors.js';
import { EXIT, exitForSummary, isDiskFull } from './exit.js';
import { periodicCollector } from './heap.js';
import { Progress } from './progress.js';

/** Articles between two full garbage collections (see `periodicCollector`). */
const COLLECT_EVERY = 4000;

/**
 * `dossier ingest`: runs the pipeline with a progress display, stops cleanly
 * on Ctrl-C (the current batch is committed, the summary printed, exit 130),
 * and prints the summary.
 */
export async function runIngest(
  inputs: readonly string[],
  store: Store,
  opts: Readonly<IngestOptions>,
  display: { json?: boolean; quiet?: boolean; link?: boolean; analyze?: boolean },
): Promise<number> {
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
    process.stderr.write('\ninterrupted: finishing the current batch (Ctrl-C again to quit at once)\n');
  };
  process.on('SIGINT', onSigint);
  let summary: IngestSummary;
  // the sizes only feed the bar's ETA: a quiet run shows none, so it does not walk the inputs twice
  const { sizes, total } = display.quiet ? { sizes: new Map<string, number>(), total: 0 } : await measureInputs(inputs);
  const progress = new Progress(process.stderr, sizes, total, display.quiet);
  // the running totals, kept for the summary of a run the disk cuts short
  let running: Readonly<IngestSummary> | null = null;
  // failures by code, counted as they happen (the summary keeps only the first problems)
  const byCode = new Map<string, number>();
  const collect = periodicCollector(COLLECT_EVERY);
  try {
    summary = await ingest(inputs, store, opts, {
      signal: controller.signal,
      onProgress: (s, o) => {
        running = s;
        collect();
        if (o.status === 'failed') byCode.set(o.problem.code, (byCode.get(o.problem.code) ?? 0) + 1);
        progress.update(s, o);
      },
    });
  } catch (err) {
    if (!isDiskFull(err)) throw err;
    // every committed batch is whole and kept; the batch being written is rolled back and read again next time
    progress.finish();
    const done: IngestSummary = running ?? emptySummary();
    printSummary({ ...done, interrupted: true }, byCode, Boolean(display.json));
    throw new DossierError(
      'E_DISK_FULL',
      `${CODES.E_DISK_FULL} after ${done.new.toLocaleString('en')} new articles were stored; free space (or give --db a path on another disk) and run the same command again: what is stored is kept and skipped`,
      { cause: err },
    );
  } finally {
    progress.finish();
  }
  try {
    printSummary(summary, byCode, Boolean(display.json));
    let status = exitForSummary(summary);
    if (display.analyze !== false && !summary.interrupted) {
      // the analyzer and linker are loaded only by the runs that use them: `--no-analyze --no-link` starts faster
      const { analyzeAfterIngest } = await import('./analyze-run.js');
      status = await analyzeAfterIngest(store, display, controller.signal, status);
      // an interrupted analysis leaves the rest to the next run, and stories to be linked then
      if (controller.signal.aborted) return EXIT.interrupted;
    }
    if (display.link === false) return status;
    const { linkAfterIngest } = await import('./stories.js');
    return await linkAfterIngest(store, summary, display, status);
  } finally {
    process.off('SIGINT', onSigint);
  }
}

function emptySummary(): IngestSummary {
  return { read: 0, new: 0, present: 0, failed: 0, problems: [], seconds: 0, interrupted: true };
}

/** Sizes of the local files to read, for the ETA. URLs and stdin count as unknown. */
async function measureInputs(inputs: readonly string[]): Promise<{ sizes: Map<string, number>; total: number }> {
  const sizes = new Map<string, number>();
  let total = 0;
  for (const input of inputs) {
    if (input === '-' || /^https?:\/\//i.test(input)) continue;
    for (const found of walk(input)) {
      if ('size' in found) {
        sizes.set(found.path, found.size);
        total += found.size;
      }
    }
  }
  return { sizes, total };
}

function printSummary(s: IngestSummary, byCode: ReadonlyMap<string, number>, json: boolean): void {
  const usage = process.resourceUsage();
  const rss = Math.round(usage.maxRSS / 1024);
  // CPU seconds of this process: on a shared machine, a rate per CPU second is steadier than one per wall second
  const cpuSeconds = round((usage.userCPUTime + usage.systemCPUTime) / 1e6);
  if (json) {
    process.stdout.write(
      `${JSON.stringify({ read: s.read, new: s.new, present: s.present, failed: s.failed, seconds: round(s.seconds), cpuSeconds, interrupted: s.interrupted, peakRssMB: rss, problems: s.problems })}\n`,
    );
    return;
  }
  const rate = s.seconds > 0 ? Math.round(s.read / s.seconds) : 0;
  const lines = [
    `${s.interrupted ? 'interrupted' : 'done'} in ${round(s.seconds)}s (${rate.toLocaleString('en')} records/s, peak memory ${rss} MB)`,
    `  read     ${s.read.toLocaleString('en')}`,
    `  new      ${s.new.toLocaleString('en')}`,
    `  present  ${s.present.toLocaleString('en')} (already in the dossier)`,
    `  failed   ${s.failed.toLocaleString('en')}`,
  ];
  for (const [code, n] of [...byCode].sort((a, b) => b[1] - a[1])) lines.push(`    ${n} × ${code}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

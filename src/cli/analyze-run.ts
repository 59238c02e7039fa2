import { type AnalyzeRunSummary, analyzeStore } from '../analyzing.js';
import { messageOf } from '../errors.js';
import type { Store } from '../store/store.js';
import { EXIT, isDiskFull } from './exit.js';

const REDRAW_MS = 150;
const LOG_EVERY_MS = 5000;

/**
 * Runs the analyze stage over the stored articles that need it, with
 * progress on stderr (a line redrawn on a terminal, a log line every few
 * seconds otherwise), and prints one summary line unless `json`.
 */
export async function runAnalyzeStored(
  store: Store,
  display: { json?: boolean; quiet?: boolean },
  signal?: AbortSignal,
): Promise<AnalyzeRunSummary> {
  const started = performance.now();
  // the first log line comes a period after the stage starts, not at once in a process already older than a period
  let last = started;
  let drawn = false;
  const err = process.stderr;
  const summary = await analyzeStore(store, {
    signal,
    onProgress: (done, total) => {
      if (display.quiet) return;
      const now = performance.now();
      if (now - last < (err.isTTY ? REDRAW_MS : LOG_EVERY_MS)) return;
      last = now;
      const line = progressLine(done, total, (now - started) / 1000);
      if (err.isTTY) {
        err.write(`\r\x1b[K${line}`);
        drawn = true;
      } else err.write(`${line}\n`);
    },
  });
  if (drawn) err.write('\r\x1b[K');
  if (!display.json && summary.analyzed > 0) process.stdout.write(`${analyzeLine(summary)}\n`);
  return summary;
}

/**
 * Called by `dossier ingest` once its summary is printed. A failure here
 * loses nothing (the articles are committed; what was analysed stays) and
 * turns the exit status into "some failed"; a full disk is fatal as in ingest.
 */
export async function analyzeAfterIngest(
  store: Store,
  display: { json?: boolean; quiet?: boolean },
  signal: AbortSignal,
  status: number,
): Promise<number> {
  try {
    await runAnalyzeStored(store, display, signal);
    return status;
  } catch (err) {
    if (isDiskFull(err)) throw err;
    process.stderr.write(
      `error: analysis not finished: ${messageOf(err)}; the articles are stored, run: dossier analyze --pending [${(err as { code?: string }).code ?? 'DOSSIER_E_DB'}]\n`,
    );
    return status === EXIT.ok ? EXIT.someFailed : status;
  }
}

function progressLine(done: number, total: number, seconds: number): string {
  const rate = seconds > 0 ? done / seconds : 0;
  const left = rate > 0 ? Math.round((total - done) / rate) : null;
  const eta = left === null ? '' : `, about ${left >= 120 ? `${Math.round(left / 60)} min` : `${left} s`} left`;
  return `analyze: ${done.toLocaleString('en')}/${total.toLocaleString('en')} articles (${Math.round(rate)}/s${eta})`;
}

export function analyzeLine(s: AnalyzeRunSummary): string {
  const rate = s.seconds > 0 ? Math.round(s.tokens / s.seconds).toLocaleString('en') : '-';
  return `analyzed ${s.analyzed.toLocaleString('en')} articles${s.interrupted ? ' (interrupted)' : ''} in ${s.seconds.toFixed(2)}s (${s.tokens.toLocaleString('en')} tokens, ${rate} tokens/s, ${s.version})`;
}

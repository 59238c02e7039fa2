import type PgBoss from 'pg-boss';
import { analyze } from '../analyze/index.js';
import { storedAnalysisVersion } from '../analyzing.js';
import { isStale, linkStore } from '../linking.js';
import { ingest } from '../pipeline.js';
import { resolveArticle } from '../resolve/article.js';
import { PostgresStore } from '../store/postgres.js';
import type { AnalysisWrite } from '../store/store.js';
import { readWarcRange } from './warc-split.js';
import { type IngestJob, QUEUES, linkDue, openQueue, queueStatus, unfinishedIngestJobs } from './queue.js';

/**
 * A worker: takes ingest jobs (one input each), runs ingest -> extract -> analyze (with the in-article
 * resolve) on them, and asks for a link run whenever the ingest queue has drained since the last one. Link
 * runs go through their own queue, where at most one runs at a time (and the store's `putLinks` holds an advisory lock besides), so the corpus stages
 * see every committed article however many workers write. Everything a job writes is idempotent (articles
 * by content hash, sources by path, analyses replaced), so a job taken again after its worker died stores
 * nothing twice.
 */

/** Options of `runWorker`. */
export interface WorkerOptions {
  /** Jobs this process runs at once. @default 1 */
  concurrency?: number;
  /** Return once no job is waiting, retrying or running. @default false */
  untilIdle?: boolean;
  /** Seconds between checks for lost jobs. @default 60 */
  superviseSeconds?: number;
  /** Stops the worker: running jobs finish, no new one is taken. */
  signal?: AbortSignal;
  /** Called after each job. */
  onJob?: (event: { queue: string; input?: string; ok: boolean; detail: string }) => void;
}

/** Articles analysed and stored per transaction by an ingest job. */
const ANALYZE_BATCH = 50;
/** Seconds between polls for new jobs, and between idle checks. */
const POLL_SECONDS = 0.5;

/** What an ingest job did, kept as the job's output. */
export interface IngestJobResult {
  read: number;
  new: number;
  present: number;
  failed: number;
  analyzed: number;
}

/**
 * One ingest job: stores the input's articles, then analyses every article it named (new or already there,
 * so a retried job finishes the analyses its dead predecessor had not stored). An input that yields no
 * article at all throws its first problem, so it lands among the failed jobs with that reason.
 */
export async function runIngestJob(store: PostgresStore, job: IngestJob): Promise<IngestJobResult> {
  const ids = new Set<string>();
  const summary = await ingest([job.input], store, job.options, {
    records: job.range ? readWarcRange(job.input, job.range, job.options) : undefined,
    onProgress: (_s, outcome) => {
      if (outcome.status !== 'failed') ids.add(outcome.id);
    },
  });
  if (!ids.size && summary.problems.length) {
    const first = summary.problems[0];
    throw new Error(`${first?.code}: ${first?.message} (${first?.source})`);
  }
  const version = storedAnalysisVersion();
  const all = [...ids];
  for (let at = 0; at < all.length; at += ANALYZE_BATCH) {
    const writes: AnalysisWrite[] = [];
    for (const article of await store.analysisInputs(all.slice(at, at + ANALYZE_BATCH))) {
      const analysis = analyze(article.body, { published: article.published });
      writes.push({ id: article.id, analysis, version, chains: resolveArticle(article.body, analysis).chains });
    }
    await store.putAnalyses(writes);
  }
  return { read: summary.read, new: summary.new, present: summary.present, failed: summary.failed, analyzed: ids.size };
}

/** Runs a worker on a PostgreSQL dossier until stopped (or idle, with `untilIdle`). Resolves to the jobs done. */
export async function runWorker(url: string, options: WorkerOptions = {}): Promise<{ jobs: number; failed: number }> {
  const store = new PostgresStore(url);
  process.on('unhandledRejection', onLostDatabase);
  const boss = await openQueue(url, { superviseSeconds: options.superviseSeconds });
  const done = { jobs: 0, failed: 0 };
  const report = (queue: string, input: string | undefined, ok: boolean, detail: string) => {
    done.jobs++;
    if (!ok) done.failed++;
    options.onJob?.({ queue, input, ok, detail });
  };
  try {
    for (let i = 0; i < (options.concurrency ?? 1); i++) {
      await boss.work<IngestJob>(
        QUEUES.ingest,
        { batchSize: 1, pollingIntervalSeconds: POLL_SECONDS },
        async ([job]) => {
          if (!job) return null;
          try {
            const result = await runIngestJob(store, job.data);
            report(
              QUEUES.ingest,
              job.data.input,
              true,
              `${result.new} new, ${result.present} present, ${result.failed} failed`,
            );
            return result;
          } catch (err) {
            report(QUEUES.ingest, job.data.input, false, (err as Error).message);
            throw err;
          }
        },
      );
    }
    await boss.work(QUEUES.link, { batchSize: 1, pollingIntervalSeconds: POLL_SECONDS }, async () => {
      try {
        // ingest jobs came in since the run was asked for: it is asked for again once they are done
        if ((await unfinishedIngestJobs(boss)) > 0) return { skipped: true };
        // new articles: a run that may place only them (when they come after every linked one); no new article:
        // forced, since analyses may have landed after the run that linked their articles (claims read them)
        const result = await linkStore(store, { force: !isStale(await store.linkState()) });
        report(QUEUES.link, undefined, true, `${result.stories} stories, ${result.articles} articles`);
        return result;
      } catch (err) {
        report(QUEUES.link, undefined, false, (err as Error).message);
        throw err;
      }
    });
    await waitUntilDone(boss, options);
  } finally {
    await boss.stop({ graceful: true, wait: true, close: true, timeout: 60_000 });
    await store.close();
    process.off('unhandledRejection', onLostDatabase);
  }
  return done;
}

/** Network errors, and the server's "shutting down" / "cannot connect now" classes (57P, 08). */
const LOST_DATABASE = /^(?:E[A-Z]+|57P\d\d|08\d\d\d)$/;

/**
 * pg-boss 10 does not wait for its own "job done" and "job failed" writes, so a database that is away at that
 * instant rejects a promise nobody holds. The job then stays running until its time is up and is taken
 * again; the worker goes on. Any other unhandled rejection still ends the process.
 */
function onLostDatabase(reason: unknown): void {
  const code = (reason as { code?: unknown } | null)?.code;
  const message = reason instanceof Error ? reason.message : String(reason);
  if ((typeof code === 'string' && LOST_DATABASE.test(code)) || /Connection terminated/i.test(message)) {
    process.stderr.write(`worker: the database went away (${message}); its jobs will be taken again\n`);
    return;
  }
  throw reason;
}

/**
 * Asks for a link run whenever one is due (`linkDue`: the ingest queue drained since the last run), until the
 * abort signal, or, with `untilIdle`, until two checks in a row find nothing to do.
 */
async function waitUntilDone(boss: PgBoss, options: WorkerOptions): Promise<void> {
  let idleChecks = 0;
  while (!options.signal?.aborted) {
    await new Promise((resolve) => setTimeout(resolve, POLL_SECONDS * 1000));
    // every worker checks; the link queue keeps at most one run waiting however many ask
    const due = await linkDue(boss).catch(() => null);
    if (due) await boss.send(QUEUES.link, {}).catch(() => undefined);
    if (!options.untilIdle) continue;
    const status = due === false ? await queueStatus(boss).catch(() => null) : null;
    const busy = status
      ? [status.ingest, status.link].reduce((n, q) => n + q.created + q.retry + q.active, 0)
      : Number.POSITIVE_INFINITY;
    idleChecks = busy === 0 ? idleChecks + 1 : 0;
    if (idleChecks >= 2) return;
  }
}

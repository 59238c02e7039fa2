import { resolve } from 'node:path';
import PgBoss from 'pg-boss';
import { DossierError } from '../errors.js';
import type { IngestOptions } from '../ingest/options.js';
import { walk } from '../ingest/walk.js';
import { redact } from '../store/postgres-db.js';

/**
 * The durable job queue of a PostgreSQL dossier: pg-boss, in its own schema of the same database. An input
 * is one job; a job a worker took and did not finish (the worker died) is taken again once its time is up.
 */

/** The schema pg-boss keeps its tables in. */
export const QUEUE_SCHEMA = 'dossier_queue';

/** Queue names: per-input work, and the corpus stage that runs one at a time. */
export const QUEUES = { ingest: 'dossier-ingest', link: 'dossier-link' } as const;

/** What one ingest job holds: one input and the options to read it with. */
export interface IngestJob {
  /** An absolute file path (every worker must see it at that path) or an http(s) URL. */
  input: string;
  options: IngestOptions;
}

/** Options of enqueueing. */
export interface EnqueueOptions {
  /** Seconds a job may run before it counts as lost and is given to another worker. @default 900 */
  jobTimeoutSeconds?: number;
  /** Attempts after the first before a job lands among the failed ones. @default 2 */
  retries?: number;
}

export const ENQUEUE_DEFAULTS: Readonly<Required<EnqueueOptions>> = Object.freeze({
  jobTimeoutSeconds: 900,
  retries: 2,
});

/** Options of the queue client. */
export interface QueueClientOptions {
  /** Seconds between checks for lost jobs (one worker checks for all). @default 60 */
  superviseSeconds?: number;
}

/** Starts a pg-boss client on the dossier's database and makes its queues (both are no-ops once done). */
export async function openQueue(url: string, options: QueueClientOptions = {}): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: url,
    schema: QUEUE_SCHEMA,
    max: 4,
    maintenanceIntervalSeconds: options.superviseSeconds ?? 60,
    monitorStateIntervalSeconds: 3600,
  });
  // connection losses are retried by pg-boss's own loops; they are reported where a job fails
  boss.on('error', () => undefined);
  try {
    await boss.start();
    await boss.createQueue(QUEUES.ingest, { name: QUEUES.ingest, policy: 'standard' });
    // stately: at most one link job waits and one runs, so bursts of ingest jobs coalesce into few link runs
    await boss.createQueue(QUEUES.link, { name: QUEUES.link, policy: 'stately', retryLimit: 5, retryDelay: 1 });
  } catch (err) {
    await boss.stop({ graceful: false, wait: false }).catch(() => undefined);
    throw new DossierError('E_DB', `${redact(url)}: cannot start the job queue: ${(err as Error).message}`, {
      cause: err,
    });
  }
  return boss;
}

/**
 * Enqueues inputs as jobs, one per file (folders are walked here, so their files spread over the workers)
 * and one per URL. Standard input cannot be queued. Returns the number of jobs and the problems met walking.
 */
export async function enqueueInputs(
  boss: PgBoss,
  inputs: readonly string[],
  options: IngestOptions,
  enqueue: EnqueueOptions = {},
): Promise<{ jobs: number; problems: Array<{ source: string; message: string }> }> {
  const { jobTimeoutSeconds, retries } = { ...ENQUEUE_DEFAULTS, ...enqueue };
  const jobs: Array<{
    name: string;
    data: IngestJob;
    expireInSeconds: number;
    retryLimit: number;
    retryDelay: number;
  }> = [];
  const problems: Array<{ source: string; message: string }> = [];
  const add = (input: string) =>
    jobs.push({
      name: QUEUES.ingest,
      data: { input, options },
      expireInSeconds: jobTimeoutSeconds,
      retryLimit: retries,
      retryDelay: 1,
    });
  for (const input of inputs) {
    if (input === '-') {
      throw new DossierError('E_USAGE', 'ingest -: standard input cannot be queued; save it to a file first');
    }
    if (/^https?:\/\//i.test(input)) {
      add(input);
      continue;
    }
    for await (const found of walk(resolve(input))) {
      if ('code' in found) problems.push({ source: found.source, message: found.message });
      else add(found.path);
    }
  }
  for (let at = 0; at < jobs.length; at += 1000) await boss.insert(jobs.slice(at, at + 1000));
  return { jobs: jobs.length, problems };
}

/** Ingest jobs waiting to run (new, or failed once and waiting to be tried again). */
export async function waitingIngestJobs(boss: PgBoss): Promise<number> {
  const { rows } = await boss
    .getDb()
    .executeSql(
      `SELECT count(*)::int AS n FROM ${QUEUE_SCHEMA}.job WHERE name = $1 AND state IN ('created', 'retry')`,
      [QUEUES.ingest],
    );
  return (rows[0] as { n: number } | undefined)?.n ?? 0;
}

/** Counts of one queue's jobs by state. */
export interface QueueCounts {
  created: number;
  retry: number;
  active: number;
  completed: number;
  failed: number;
}

/** What `dossier status` shows. */
export interface QueueStatus {
  ingest: QueueCounts;
  link: QueueCounts;
  /** Ingest jobs completed in the last minute and the last ten minutes. */
  throughput: { lastMinute: number; lastTenMinutes: number };
  /** The latest failed jobs with their reasons. */
  failures: Array<{ input: string; reason: string; at: string }>;
}

/** Failed jobs listed by `queueStatus`. */
const FAILURES_SHOWN = 20;

/** Queue depth, throughput and failures, read straight from pg-boss's tables. */
export async function queueStatus(boss: PgBoss): Promise<QueueStatus> {
  const db = boss.getDb();
  const counts = await db.executeSql(
    `SELECT name, state::text AS state, count(*)::int AS n FROM ${QUEUE_SCHEMA}.job
     WHERE name = ANY($1) GROUP BY name, state`,
    [[QUEUES.ingest, QUEUES.link]],
  );
  const empty = (): QueueCounts => ({ created: 0, retry: 0, active: 0, completed: 0, failed: 0 });
  const status: QueueStatus = {
    ingest: empty(),
    link: empty(),
    throughput: { lastMinute: 0, lastTenMinutes: 0 },
    failures: [],
  };
  for (const row of counts.rows as Array<{ name: string; state: keyof QueueCounts; n: number }>) {
    const queue = row.name === QUEUES.ingest ? status.ingest : status.link;
    if (row.state in queue) queue[row.state] = row.n;
  }
  const done = await db.executeSql(
    `SELECT count(*) FILTER (WHERE completed_on > now() - interval '1 minute')::int AS m1,
            count(*) FILTER (WHERE completed_on > now() - interval '10 minutes')::int AS m10
     FROM ${QUEUE_SCHEMA}.job WHERE name = $1 AND state = 'completed'`,
    [QUEUES.ingest],
  );
  const rates = done.rows[0] as { m1: number; m10: number };
  status.throughput = { lastMinute: rates.m1, lastTenMinutes: rates.m10 };
  const failed = await db.executeSql(
    `SELECT data->>'input' AS input, coalesce(output->>'message', output::text) AS reason, completed_on AS at
     FROM ${QUEUE_SCHEMA}.job WHERE name = $1 AND state = 'failed' ORDER BY completed_on DESC LIMIT $2`,
    [QUEUES.ingest, FAILURES_SHOWN],
  );
  status.failures = (failed.rows as Array<{ input: string; reason: string; at: Date }>).map((r) => ({
    input: r.input,
    reason: r.reason,
    at: new Date(r.at).toISOString(),
  }));
  return status;
}

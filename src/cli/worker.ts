import { type Command, Option } from 'commander';
import { DossierError } from '../errors.js';
import type { IngestOptions } from '../ingest/options.js';
import type { EnqueueOptions } from '../queue/queue.js';
import { DEFAULT_DB, isPostgresUrl } from '../store/index.js';
import { EXIT } from './exit.js';
import { inert } from './format.js';
import { positiveInt } from './parse.js';

/** The `--db` of the queue commands: only a PostgreSQL dossier has a job queue. */
function queueDb(db: string, command: string): string {
  if (!isPostgresUrl(db)) {
    throw new DossierError(
      'E_OPTION',
      `dossier ${command} --db ${db}: the job queue lives in a PostgreSQL dossier; give --db postgres://…`,
    );
  }
  return db;
}

/** `dossier worker` and `dossier status`: the distributed workers of a PostgreSQL dossier. */
export function registerWorkerCommands(program: Command, setStatus: (status: number) => void): void {
  const dbOption = () =>
    new Option('--db <url>', 'dossier database (postgres:// URL)').env('DOSSIER_DB').default(DEFAULT_DB);

  program
    .command('worker')
    .description('take ingest jobs from a PostgreSQL dossier’s queue and run them (on any number of machines)')
    .addOption(dbOption())
    .option('--concurrency <n>', 'jobs this process runs at once', positiveInt, 1)
    .option('--until-idle', 'exit once no job is waiting, retrying or running')
    .option('--supervise <seconds>', 'seconds between checks for jobs whose worker died', positiveInt, 60)
    .option('-q, --quiet', 'print nothing per job')
    .action(async (o: { db: string; concurrency: number; untilIdle?: boolean; supervise: number; quiet?: boolean }) => {
      const url = queueDb(o.db, 'worker');
      const { runWorker } = await import('../queue/worker.js');
      const controller = new AbortController();
      // SIGTERM is how a service manager stops a worker: its normal end (exit 0); Ctrl-C exits 130 as elsewhere
      let interrupted = false;
      const stop = (signal: NodeJS.Signals) => {
        if (controller.signal.aborted) process.exit(EXIT.interrupted);
        process.stderr.write('stopping: finishing the running jobs (again to quit at once)\n');
        interrupted = signal === 'SIGINT';
        controller.abort();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      try {
        const done = await runWorker(url, {
          concurrency: o.concurrency,
          untilIdle: o.untilIdle,
          superviseSeconds: o.supervise,
          signal: controller.signal,
          onJob: o.quiet
            ? undefined
            : (e) =>
                process.stdout.write(
                  `${e.ok ? 'done' : 'FAILED'} ${e.queue === 'dossier-link' ? 'link' : inert(e.input ?? '')}: ${inert(e.detail)}\n`,
                ),
        });
        process.stdout.write(`worker: ${done.jobs} jobs, ${done.failed} failed\n`);
        setStatus(interrupted ? EXIT.interrupted : EXIT.ok);
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      }
    });

  program
    .command('status')
    .description('queue depth, throughput and failed jobs of a PostgreSQL dossier')
    .addOption(dbOption())
    .option('--json', 'print JSON')
    .action(async (o: { db: string; json?: boolean }) => {
      const url = queueDb(o.db, 'status');
      const { openQueue, queueStatus } = await import('../queue/queue.js');
      const boss = await openQueue(url);
      try {
        const s = await queueStatus(boss);
        if (o.json) {
          process.stdout.write(`${JSON.stringify(s)}\n`);
        } else {
          const line = (name: string, q: typeof s.ingest) =>
            `  ${name.padEnd(7)} waiting ${q.created + q.retry} (retrying ${q.retry})  running ${q.active}  done ${q.completed}  failed ${q.failed}`;
          const lines = [
            'jobs',
            line('ingest', s.ingest),
            line('link', s.link),
            `throughput  ${s.throughput.lastMinute} inputs in the last minute, ${s.throughput.lastTenMinutes} in the last ten`,
          ];
          if (s.failures.length) lines.push('failed inputs (latest first)');
          for (const f of s.failures) lines.push(`  ${f.at}  ${inert(f.input)}: ${inert(f.reason)}`);
          process.stdout.write(`${lines.join('\n')}\n`);
        }
        setStatus(s.failures.length ? EXIT.someFailed : EXIT.ok);
      } finally {
        await boss.stop({ graceful: false, close: true, wait: true });
      }
    });
}

/** `dossier ingest --db postgres://…`: queues the inputs for the workers instead of reading them here. */
export async function enqueueIngest(
  url: string,
  inputs: readonly string[],
  options: IngestOptions,
  enqueue: EnqueueOptions,
  json: boolean,
): Promise<number> {
  const { enqueueInputs, openQueue } = await import('../queue/queue.js');
  const boss = await openQueue(url);
  try {
    const { jobs, problems } = await enqueueInputs(boss, inputs, options, enqueue);
    if (json) process.stdout.write(`${JSON.stringify({ queued: jobs, problems })}\n`);
    else {
      for (const p of problems) process.stderr.write(`${inert(p.source)}: ${inert(p.message)}\n`);
      process.stdout.write(
        `queued ${jobs} jobs; workers take them: dossier worker --db URL (dossier status --db URL shows progress)\n`,
      );
    }
    return problems.length ? EXIT.someFailed : EXIT.ok;
  } finally {
    await boss.stop({ graceful: false, close: true, wait: true });
  }
}

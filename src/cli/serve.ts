import { existsSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { DossierError } from '../errors.js';
import type { RunningServer } from '../server/index.js';
// the options module is light; the server itself (Fastify and its plugins) is loaded when a command serves
import { SERVE_DEFAULTS, type ServeOptions } from '../server/options.js';
import { DEFAULT_DB, isPostgresUrl } from '../store/index.js';
import { EXIT } from './exit.js';

/** `dossier serve`: the HTTP API and web UI on a dossier, until Ctrl-C. */
export function registerServeCommand(program: Command, setStatus: (status: number) => void): void {
  program
    .command('serve')
    .description('serve the HTTP API and the web UI on a dossier (read-only unless --allow-ingest)')
    .addOption(
      new Option('--db <path>', 'dossier database (SQLite file, or postgres:// URL)')
        .env('DOSSIER_DB')
        .default(DEFAULT_DB),
    )
    .option('--host <address>', 'address to bind; anything but loopback needs --token', SERVE_DEFAULTS.host)
    .option('--port <n>', 'port to listen on (0 picks a free one)', String(SERVE_DEFAULTS.port))
    .addOption(new Option('--token <token>', 'require "Authorization: Bearer TOKEN" on the API').env('DOSSIER_TOKEN'))
    .option('--allow-ingest', 'accept POST /api/articles (JSON, HTML or text)')
    .option('--cors-origin <origin...>', 'allow the API to be called from these origins (no CORS otherwise)')
    .option('--log', 'log every request to stderr')
    .option(
      '--readers <n>',
      'reader threads answering reads of a SQLite dossier (0: the main thread)',
      String(SERVE_DEFAULTS.readers),
    )
    .action(async (o) => {
      setStatus(
        await runServe(o.db, {
          host: o.host,
          port: parsePort(o.port),
          token: o.token ?? null,
          allowIngest: Boolean(o.allowIngest),
          corsOrigins: o.corsOrigin ?? [],
          logRequests: Boolean(o.log),
          readers: parseReaders(o.readers),
        }),
      );
    });
}

/** Serves until SIGINT or SIGTERM; `onListening` is told the URL once the server answers. */
export async function runServe(
  db: string,
  options: Partial<ServeOptions>,
  onListening?: (server: RunningServer) => void,
): Promise<number> {
  if (!options.allowIngest && !isPostgresUrl(db) && !existsSync(db)) {
    throw new DossierError('E_DB', `no dossier at ${db}; create one with: dossier ingest PATH --db ${db}`);
  }
  const { startServer } = await import('../server/index.js');
  const server = await startServer(db, options);
  const mode = options.allowIngest ? 'ingest allowed' : 'read-only';
  // a PostgreSQL URL is shown without its password
  const shown = isPostgresUrl(db) ? (await import('../store/postgres-db.js')).redact(db) : db;
  process.stdout.write(`dossier: serving ${shown} (${mode}) at ${server.url}\n`);
  if (!server.app.hasRoute({ method: 'GET', url: '/' })) {
    process.stdout.write('dossier: the web UI is not built (run npm run build); the API answers under /api/\n');
  }
  if (options.token) process.stdout.write('dossier: the API wants the token; the UI asks for it once\n');
  process.stdout.write('Press Ctrl-C to stop.\n');
  onListening?.(server);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await server.close();
  return EXIT.ok;
}

function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65_535) {
    throw new DossierError('E_OPTION', `--port "${value}": expected a port number from 0 to 65535`);
  }
  return n;
}

function parseReaders(value: string): number {
  if (!/^\d+$/.test(value)) throw new DossierError('E_OPTION', `--readers "${value}": expected a whole number`);
  return Number(value);
}

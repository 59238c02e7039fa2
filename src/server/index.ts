import type { FastifyInstance } from 'fastify';
import { isPostgresUrl, openStore, type Store } from '../store/index.js';
import { buildApp } from './app.js';
import { type ServeOptions, serveOptions } from './options.js';
import { pooledStore, ReaderPool } from './reader-pool.js';

export { buildApp, ROUTE_PLUGINS } from './app.js';
export { HTTP_STATUS, toHttpError } from './http-errors.js';
export { isLoopback, SERVE_DEFAULTS, type ServeOptions, serveOptions } from './options.js';

/** A running server. */
export interface RunningServer {
  /** Where the UI and API answer, e.g. `http://127.0.0.1:5173/`. */
  url: string;
  app: FastifyInstance;
  /** Stops listening, then closes the store. */
  close(): Promise<void>;
}

/**
 * Opens the dossier at `db` (read-only unless ingest is allowed), builds the
 * server and listens. Options are validated first, so a server that would be
 * open to a network without a token never opens the store at all. The
 * reads of a SQLite dossier go to `options.readers` reader threads (opened
 * after the main store, which brings an old dossier's schema up to date when
 * ingest is allowed).
 */
export async function startServer(db: string, partial: Partial<ServeOptions> = {}): Promise<RunningServer> {
  const options = serveOptions(partial);
  let store: Store = await openStore(db, { readonly: !options.allowIngest });
  let app: FastifyInstance;
  try {
    if (options.readers > 0 && !isPostgresUrl(db))
      store = pooledStore(store, await ReaderPool.open(db, options.readers));
    app = await buildApp(store, options);
    await app.listen({ host: options.host, port: options.port });
  } catch (err) {
    await store.close();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}/`,
    app,
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}

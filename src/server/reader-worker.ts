/**
 * A reader thread of `dossier serve` (`reader-pool.ts`): its own read-only
 * connection to the SQLite dossier, answering one store read at a time.
 * Messages in: `{ id, method, args }`; out: `{ id, value }` or `{ id, error }`,
 * and `{ ready: true }` (or `{ ready: false, error }`) once the store is open.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { DossierError } from '../errors.js';
import { SqliteStore } from '../store/sqlite.js';
import { isPooledRead, type ReaderReply, type ReaderRequest, type WireError } from './reader-pool.js';

const port = parentPort;
if (!port) throw new Error('reader-worker.ts runs as a worker thread of the reader pool');

function wireError(err: unknown): WireError {
  const message = err instanceof Error ? err.message : String(err);
  return { code: err instanceof DossierError ? err.code : null, message };
}

let store: SqliteStore;
try {
  store = new SqliteStore((workerData as { path: string }).path, { readonly: true });
  port.postMessage({ ready: true });
} catch (err) {
  port.postMessage({ ready: false, error: wireError(err) });
  process.exit(1);
}

port.on('message', (request: ReaderRequest) => {
  const { id, method, args } = request;
  const answer = isPooledRead(method)
    ? (store[method] as (...a: unknown[]) => Promise<unknown>).apply(store, args)
    : Promise.reject(new DossierError('E_DB', `${method} is not a read the reader threads answer`));
  answer.then(
    (value) => port.postMessage({ id, value } satisfies ReaderReply),
    (err: unknown) => port.postMessage({ id, error: wireError(err) } satisfies ReaderReply),
  );
});

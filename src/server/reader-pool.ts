/**
 * Reader threads for `dossier serve` on a SQLite dossier. better-sqlite3 is
 * synchronous, so one connection answers one request at a time and a slow
 * read holds up every other. The pool runs `size` worker threads, each with
 * its own read-only connection (WAL: readers never wait for each other or for
 * the writer), and sends each store read to the thread with the fewest
 * waiting. Writes, and anything else, stay with the main thread's store.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DossierError, type ErrorCode } from '../errors.js';
import type { Store } from '../store/index.js';

/**
 * The store reads the reader threads answer: those that do real work (an index walk, a sort, a count over many
 * rows). Each takes and returns plain data (a structured clone). A read of one row or a kept answer (an article,
 * a listing page, the stats) stays on the main thread: on a busy machine the hop to a thread and back (about a
 * millisecond when every core is taken) would cost more than the read.
 */
const POOLED_READS = [
  'search',
  'searchPage',
  'getBodies',
  'listStories',
  'getStory',
  'getAnalysis',
  'getEntity',
  'coMentions',
  'entityGraph',
  'listClaims',
  'getClaim',
  'listQuotes',
] as const satisfies ReadonlyArray<keyof Store>;

export type PooledRead = (typeof POOLED_READS)[number];
const POOLED: ReadonlySet<string> = new Set(POOLED_READS);

export function isPooledRead(method: string): method is PooledRead {
  return POOLED.has(method);
}

/** An error as it crosses threads: its catalogue code (`DOSSIER_E_...`) survives, unlike on a cloned Error. */
export interface WireError {
  code: string | null;
  message: string;
}
export interface ReaderRequest {
  id: number;
  method: PooledRead;
  args: unknown[];
}
export type ReaderReply = { id: number; value: unknown } | { id: number; error: WireError };
type ReaderStart = { ready: true } | { ready: false; error: WireError };

function fromWire(error: WireError): Error {
  if (!error.code?.startsWith('DOSSIER_')) return new Error(error.message);
  return new DossierError(error.code.slice('DOSSIER_'.length) as ErrorCode, error.message);
}

/**
 * The compiled worker. Run from the TypeScript sources (vitest), the build's
 * copy is used: a worker thread runs JavaScript only (`npm run build` makes it).
 */
export function readerWorkerPath(): string {
  const compiled = import.meta.url.endsWith('.ts') ? '../../dist/src/server/reader-worker.js' : './reader-worker.js';
  return fileURLToPath(new URL(compiled, import.meta.url));
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

class Reader {
  readonly pending = new Map<number, Pending>();
  constructor(readonly worker: Worker) {}
}

export class ReaderPool {
  private nextId = 1;
  private closing = false;

  private constructor(
    private readonly path: string,
    private readonly readers: Reader[],
  ) {}

  /** Starts `size` reader threads on the SQLite file at `path`; rejects with the store's error when one cannot open it. */
  static async open(path: string, size: number): Promise<ReaderPool> {
    if (!Number.isInteger(size) || size < 1)
      throw new DossierError('E_OPTION', `--readers ${size}: expected 1 or more`);
    const script = readerWorkerPath();
    if (!existsSync(script)) throw new DossierError('E_USAGE', `${script} is missing: run npm run build`);
    const pool = new ReaderPool(path, []);
    const started = await Promise.allSettled(Array.from({ length: size }, () => pool.start(script)));
    const readers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    pool.readers.push(...readers);
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) {
      await pool.close();
      throw failed.reason;
    }
    return pool;
  }

  /** Starts one reader thread and waits until its store is open. */
  private start(script: string): Promise<Reader> {
    const worker = new Worker(script, { workerData: { path: this.path } });
    const reader = new Reader(worker);
    return new Promise((resolve, reject) => {
      worker.once('message', (start: ReaderStart) => {
        if (!start.ready) return reject(fromWire(start.error));
        worker.on('message', (reply: ReaderReply) => this.settle(reader, reply));
        worker.on('error', (err) => this.lost(reader, err));
        worker.on('exit', (code) => this.lost(reader, new Error(`a reader thread exited (${code})`)));
        resolve(reader);
      });
      worker.once('error', reject);
    });
  }

  private settle(reader: Reader, reply: ReaderReply): void {
    const waiting = reader.pending.get(reply.id);
    if (!waiting) return;
    reader.pending.delete(reply.id);
    if ('error' in reply) waiting.reject(fromWire(reply.error));
    else waiting.resolve(reply.value);
  }

  /** A thread that died fails what it was asked and is replaced, so one crash does not shrink the pool for good. */
  private lost(reader: Reader, err: Error): void {
    const at = this.readers.indexOf(reader);
    if (at < 0) return;
    this.readers.splice(at, 1);
    for (const waiting of reader.pending.values())
      waiting.reject(new DossierError('E_DB', `a reader thread failed: ${err.message}`));
    reader.pending.clear();
    if (this.closing) return;
    this.start(readerWorkerPath()).then(
      (fresh) => (this.closing ? void fresh.worker.terminate() : this.readers.push(fresh)),
      () => undefined,
    );
  }

  /** Runs a store read on the least busy thread. */
  call(method: PooledRead, args: unknown[]): Promise<unknown> {
    let reader = this.readers[0];
    for (const r of this.readers) if (reader && r.pending.size < reader.pending.size) reader = r;
    if (!reader || this.closing) return Promise.reject(new DossierError('E_DB', 'no reader thread is running'));
    const id = this.nextId++;
    const target = reader;
    return new Promise((resolve, reject) => {
      target.pending.set(id, { resolve, reject });
      target.worker.postMessage({ id, method, args } satisfies ReaderRequest);
    });
  }

  /** Threads running now. */
  get size(): number {
    return this.readers.length;
  }

  async close(): Promise<void> {
    this.closing = true;
    const readers = this.readers.splice(0);
    for (const r of readers)
      for (const waiting of r.pending.values()) waiting.reject(new DossierError('E_DB', 'the server is closing'));
    await Promise.all(readers.map((r) => r.worker.terminate()));
  }
}

/**
 * `store` with its reads answered by `pool`: the same Store to the routes,
 * whose writes (`--allow-ingest`) stay on this thread's connection. Closing it
 * stops the threads, then closes `store`.
 */
export function pooledStore(store: Store, pool: ReaderPool): Store {
  return new Proxy(store, {
    get(target, prop) {
      if (typeof prop === 'string' && isPooledRead(prop)) return (...args: unknown[]) => pool.call(prop, args);
      if (prop === 'close')
        return async () => {
          await pool.close();
          await target.close();
        };
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

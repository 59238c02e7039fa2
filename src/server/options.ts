import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ipaddr from 'ipaddr.js';
import { DossierError } from '../errors.js';

/** Options of `dossier serve`. Validated and frozen once by `serveOptions`. */
export interface ServeOptions {
  /** Address to bind. Anything but loopback requires `token`. @default '127.0.0.1' */
  host: string;
  /** TCP port; 0 picks a free one. @default 5173 */
  port: number;
  /** Bearer token every request must carry; required off loopback. @default null */
  token: string | null;
  /** Accept `POST /api/articles`; without it the server is read-only. @default false */
  allowIngest: boolean;
  /** Origins allowed to call the API from another site; empty means no CORS headers at all. @default [] */
  corsOrigins: readonly string[];
  /** Largest page of a listing or a search. @default 100 */
  maxLimit: number;
  /** Largest body `POST /api/articles` accepts, in bytes. @default 10 MiB */
  maxUploadBytes: number;
  /** Folder of the built web UI; null serves the API alone. @default the bundle beside the build (dist/web) */
  uiDir: string | null;
  /** Log every request to stderr (pino JSON lines). @default false */
  logRequests: boolean;
  /**
   * Reader threads answering reads of a SQLite dossier, each with its own connection; 0 answers them on the main
   * thread. A PostgreSQL dossier has its connection pool instead. @default the cores, at most 4
   */
  readers: number;
}

/** Where `npm run build` puts the UI bundle: `dist/web`, two folders up from `dist/src/server`. */
export const BUILT_UI_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web');

export const SERVE_DEFAULTS: Readonly<ServeOptions> = Object.freeze({
  host: '127.0.0.1',
  port: 5173,
  token: null,
  allowIngest: false,
  corsOrigins: Object.freeze([]) as readonly string[],
  maxLimit: 100,
  maxUploadBytes: 10 * 1024 * 1024,
  uiDir: existsSync(join(BUILT_UI_DIR, 'index.html')) ? BUILT_UI_DIR : null,
  logRequests: false,
  readers: Math.min(4, availableParallelism()),
});

/** More reader threads than this only add memory: each holds a connection and its page cache. */
const MAX_READERS = 64;

/** A token shorter than this is too easy to guess to guard a dossier on a network. */
const MIN_TOKEN_LENGTH = 16;

/** True for `localhost`, 127.0.0.0/8 and ::1 (also written as an IPv4-mapped address). */
export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (!ipaddr.isValid(host)) return false;
  const addr = ipaddr.process(host);
  return addr.range() === 'loopback';
}

/**
 * Merges, validates and freezes serve options. Throws `DOSSIER_E_OPTION`
 * when a value is wrong, and when the address is not loopback and no token
 * guards it: a dossier is never opened to a network by accident.
 */
export function serveOptions(partial: Partial<ServeOptions> = {}): Readonly<ServeOptions> {
  const opts = { ...SERVE_DEFAULTS, ...partial };
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65_535) {
    throw new DossierError('E_OPTION', `--port ${opts.port}: expected a port number from 0 to 65535`);
  }
  if (opts.host !== 'localhost' && !ipaddr.isValid(opts.host)) {
    throw new DossierError('E_OPTION', `--host ${opts.host}: expected an IP address such as 127.0.0.1 or ::1`);
  }
  if (opts.token !== null && opts.token.length < MIN_TOKEN_LENGTH) {
    throw new DossierError('E_OPTION', `--token: use at least ${MIN_TOKEN_LENGTH} characters`);
  }
  if (opts.token !== null && !/^[\x21-\x7e]+$/.test(opts.token)) {
    throw new DossierError('E_OPTION', '--token: use printable ASCII characters without spaces');
  }
  if (!isLoopback(opts.host) && opts.token === null) {
    throw new DossierError(
      'E_OPTION',
      `--host ${opts.host} is reachable from other machines: set --token or DOSSIER_TOKEN, or bind 127.0.0.1`,
    );
  }
  for (const origin of opts.corsOrigins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new DossierError('E_OPTION', `--cors-origin ${origin}: expected an origin such as https://example.org`);
    }
  }
  for (const key of ['maxLimit', 'maxUploadBytes'] as const) {
    if (!Number.isInteger(opts[key]) || opts[key] <= 0) {
      throw new DossierError('E_OPTION', `${key} must be a positive whole number, got ${opts[key]}`);
    }
  }
  if (!Number.isInteger(opts.readers) || opts.readers < 0 || opts.readers > MAX_READERS) {
    throw new DossierError('E_OPTION', `--readers ${opts.readers}: expected a whole number from 0 to ${MAX_READERS}`);
  }
  return Object.freeze({ ...opts, corsOrigins: Object.freeze([...opts.corsOrigins]) });
}

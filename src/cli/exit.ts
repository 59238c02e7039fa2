import { CODES, DossierError, fullCode } from '../errors.js';
import type { IngestSummary } from '../types.js';

/** Exit statuses, in one place. */
export const EXIT = {
  ok: 0,
  /** A fatal error: bad usage, unopenable database, a full disk. */
  fatal: 1,
  /** The run finished but some inputs failed. */
  someFailed: 2,
  /** Interrupted by Ctrl-C after committing the current batch (128 + SIGINT). */
  interrupted: 130,
} as const;

export function exitForSummary(summary: IngestSummary): number {
  if (summary.interrupted) return EXIT.interrupted;
  return summary.failed > 0 ? EXIT.someFailed : EXIT.ok;
}

/** Error codes (SQLite's, the system's) that mean the disk is full, on the error or on its cause. */
const DISK_FULL_CODES = new Set(['SQLITE_FULL', 'ENOSPC']);

/** Whether a thrown error, or the error it wraps, says the disk is full. */
export function isDiskFull(err: unknown): boolean {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; depth++) {
    if (typeof e.code === 'string' && DISK_FULL_CODES.has(e.code)) return true;
    e = e.cause as typeof e;
  }
  return false;
}

/** One line for a thrown error: coded errors say how to fix; anything else is a bug, reported as such. */
export function describeError(err: unknown): string {
  if (isDiskFull(err) && !(err instanceof DossierError && err.code === fullCode('E_DISK_FULL'))) {
    return `dossier: ${CODES.E_DISK_FULL}; free space (or give --db a path on another disk) and run the command again [${fullCode('E_DISK_FULL')}]`;
  }
  if (err instanceof DossierError) return `dossier: ${err.message} [${err.code}]`;
  const e = err as { code?: string; message?: string };
  if (e?.code === 'commander.unknownOption' || e?.code?.startsWith?.('commander.')) return e.message ?? String(err);
  return `dossier: unexpected error: ${e?.message ?? String(err)} (please report this)`;
}

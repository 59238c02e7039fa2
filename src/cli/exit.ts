import { DossierError } from '../errors.js';
import type { IngestSummary } from '../types.js';

/** Exit statuses, in one place. */
export const EXIT = {
  ok: 0,
  /** A fatal error: bad usage, unopenable database. */
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

/** One line for a thrown error: coded errors say how to fix; anything else is a bug, reported as such. */
export function describeError(err: unknown): string {
  if (err instanceof DossierError) return `dossier: ${err.message} [${err.code}]`;
  const e = err as { code?: string; message?: string };
  if (e?.code === 'commander.unknownOption' || e?.code?.startsWith?.('commander.')) return e.message ?? String(err);
  return `dossier: unexpected error: ${e?.message ?? String(err)} (please report this)`;
}

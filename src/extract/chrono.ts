/**
 * chrono-node, loaded on first use. Importing it costs about 0.2 CPU seconds
 * (some 270 modules, a dozen locales) at every start, while most dates are
 * ISO 8601 or a common English form read without it (`dates.ts`,
 * `text-meta.ts`): a run that never meets an unusual date never loads it.
 */
import { createRequire } from 'node:module';
import type * as Chrono from 'chrono-node';

let loaded: typeof Chrono | undefined;

/** The chrono-node module (its CommonJS build: the same code, loadable synchronously). */
export function chrono(): typeof Chrono {
  loaded ??= createRequire(import.meta.url)('chrono-node') as typeof Chrono;
  return loaded;
}

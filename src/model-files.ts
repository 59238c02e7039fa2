import { fileURLToPath } from 'node:url';

/**
 * Where a committed model file (`models/NAME`) may be: beside the source tree
 * (tests run `src/`) or two folders up from `dist/src` (the build).
 */
export function modelCandidates(file: string): string[] {
  return [`../models/${file}`, `../../models/${file}`].map((p) => fileURLToPath(new URL(p, import.meta.url)));
}

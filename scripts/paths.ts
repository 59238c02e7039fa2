import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root, seen from a built script (`dist/scripts/*.js`). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The shared datasets the training scripts read in place: `DOSSIER_DATA`, else `../shared/data` beside the repository. */
export const SHARED_DATA = process.env.DOSSIER_DATA ?? join(REPO_ROOT, '..', 'shared', 'data');

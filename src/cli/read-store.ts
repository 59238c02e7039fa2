import { existsSync } from 'node:fs';
import { DossierError } from '../errors.js';
import { openStore, type Store } from '../store/index.js';

/**
 * Opens the dossier at `path` read-only, lets `note` say on stderr what is out
 * of date in it (stories to link, articles to analyse), runs `work`, closes.
 */
export async function withReadStore(
  path: string,
  work: (store: Store) => Promise<number>,
  note?: (store: Store, path: string) => Promise<void>,
): Promise<number> {
  if (!/^postgres/i.test(path) && !existsSync(path)) {
    throw new DossierError('E_DB', `no dossier at ${path}; create one with: dossier ingest PATH --db ${path}`);
  }
  const store = await openStore(path, { readonly: true });
  try {
    await note?.(store, path);
    return await work(store);
  } finally {
    await store.close();
  }
}

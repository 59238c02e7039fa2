import { SqliteStore } from './sqlite.js';
import type { Store } from './store.js';

export { SqliteStore } from './sqlite.js';
export type {
  ArticleFilter,
  ListFilter,
  ArticlePage,
  ArticleSummary,
  OutletCount,
  PutResult,
  SearchHit,
  Store,
  StoreStats,
  StoryArticle,
  StoryDetail,
  StoryFilter,
  StorySummary,
  StoredDuplicateGroup,
} from './store.js';

/** The database used when neither `--db` nor `DOSSIER_DB` names one. */
export const DEFAULT_DB = './dossier.db';

/**
 * Opens the store a `--db` value or `DOSSIER_DB` names: a `postgres://` URL,
 * else a SQLite file path. The PostgreSQL backend (and `pg`) is imported only
 * when a URL names it, so a SQLite run never loads it. The PostgreSQL store
 * connects on first use.
 */
export async function openStore(location: string, options: { readonly?: boolean } = {}): Promise<Store> {
  if (isPostgresUrl(location)) {
    const { PostgresStore } = await import('./postgres.js');
    return new PostgresStore(location, options);
  }
  return new SqliteStore(location, options);
}

/** Whether a `--db` value names a PostgreSQL database. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(location);
}

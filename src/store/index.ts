import { DossierError } from '../errors.js';
import { SqliteStore } from './sqlite.js';
import type { Store } from './store.js';

export { SqliteStore } from './sqlite.js';
export type {
  ArticleFilter,
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

/** Opens the store a `--db` value or `DOSSIER_DB` names: a SQLite file path for now. */
export function openStore(location: string, options: { readonly?: boolean } = {}): Store {
  if (/^postgres(?:ql)?:\/\//i.test(location)) {
    throw new DossierError(
      'E_DB',
      `${location.replace(/\/\/[^@/]*@/, '//…@')}: the PostgreSQL store is not available in this version; use a SQLite file path`,
    );
  }
  return new SqliteStore(location, options);
}

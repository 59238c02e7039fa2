import { dateBound } from './sqlite-filter.js';
import type { Params } from './postgres-db.js';
import { pgOutletName } from './postgres-outlets.js';
import type { ArticleFilter } from './store.js';

/** The text search configuration of the PostgreSQL store (migration 1). */
export const TS_CONFIG = `'dossier'::regconfig`;

/** ASCII-only lower case: what SQLite's NOCASE folds, and what `lower()` does under the "C" collation. */
export function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (s) => s.toLowerCase());
}

/** SQL conditions for an article filter on the articles table under `alias` (the PostgreSQL `filterSql`). */
export function pgFilter(filter: ArticleFilter, alias: string, p: Params): string {
  const clauses: string[] = [];
  if (filter.outlet) {
    // an article belongs to every outlet that carried it, not only to the first one read
    // any spelling of the outlet names it (`rt.com` is `RT`)
    const outlet = pgOutletName(filter.outlet, p);
    clauses.push(
      `(lower(${alias}.outlet) = ${outlet} OR EXISTS (SELECT 1 FROM sources s WHERE lower(s.outlet) = ${outlet} AND s.article_rowid = ${alias}.rowid))`,
    );
  }
  if (filter.since) clauses.push(`${alias}.published_utc >= ${p.add(dateBound(filter.since, 'since'))}`);
  if (filter.until) clauses.push(`${alias}.published_utc < ${p.add(dateBound(filter.until, 'until'))}`);
  if (filter.language) clauses.push(`lower(${alias}.language) = ${p.add(asciiLower(filter.language))}`);
  if (filter.entity) {
    clauses.push(
      `${alias}.rowid IN (SELECT m.article_rowid FROM mentions m WHERE m.entity_rowid = (SELECT rowid FROM entities WHERE key = ${p.add(filter.entity)}))`,
    );
  }
  if (filter.story) {
    clauses.push(
      `${alias}.rowid IN (SELECT sa.article_rowid FROM story_articles sa WHERE sa.story_rowid = (SELECT rowid FROM stories WHERE id = ${p.add(filter.story)}))`,
    );
  }
  return clauses.join(' AND ');
}

import { DossierError } from '../errors.js';
import { normalizeDate } from '../extract/dates.js';
import { OUTLET_NAME_SQL, outletParams } from './sqlite-outlets.js';
import type { ArticleFilter } from './store.js';

/**
 * SQL conditions for an article filter on the articles table under `alias`. The entity and story conditions read
 * only the article's rowid: `rowid` names it when the query has it without the articles table (a full-text walk).
 */
export function filterSql(
  filter: ArticleFilter,
  alias: string,
  rowid = `${alias}.rowid`,
): { where: string; params: string[] } {
  const clauses: string[] = [];
  const params: string[] = [];
  if (filter.outlet) {
    // an article belongs to every outlet that carried it, not only to the first one read
    // any spelling of the outlet names it (`rt.com` is `RT`)
    clauses.push(
      `(${alias}.outlet = ${OUTLET_NAME_SQL} OR EXISTS (SELECT 1 FROM sources s WHERE s.outlet = ${OUTLET_NAME_SQL} AND s.article_rowid = ${alias}.rowid))`,
    );
    params.push(...outletParams(filter.outlet), ...outletParams(filter.outlet));
  }
  if (filter.since) {
    clauses.push(`${alias}.published_utc >= ?`);
    params.push(dateBound(filter.since, 'since'));
  }
  if (filter.until) {
    clauses.push(`${alias}.published_utc < ?`);
    params.push(dateBound(filter.until, 'until'));
  }
  if (filter.language) {
    clauses.push(`${alias}.language = ? COLLATE NOCASE`);
    params.push(filter.language);
  }
  // an entity's or a story's articles: each row is looked up in their index (one seek), and a walk of the full-text
  // index is kept to the span of rowids they hold (FTS5 seeks to a rowid range; two seeks give its ends)
  const kept = (table: string, key: string, value: string) => {
    const span = (fn: string) => `(SELECT ${fn}(k.article_rowid) FROM ${table} k WHERE k.${key} = ${value})`;
    clauses.push(
      `EXISTS (SELECT 1 FROM ${table} k WHERE k.${key} = ${value} AND k.article_rowid = ${rowid})`,
      `${rowid} >= ${span('min')}`,
      `${rowid} <= ${span('max')}`,
    );
  };
  if (filter.entity) {
    kept('mentions', 'entity_rowid', '(SELECT rowid FROM entities WHERE key = ?)');
    params.push(filter.entity, filter.entity, filter.entity);
  }
  if (filter.story) {
    kept('story_articles', 'story_rowid', '(SELECT rowid FROM stories WHERE id = ?)');
    params.push(filter.story, filter.story, filter.story);
  }
  return { where: clauses.join(' AND '), params };
}

/** `--since 2020-03-01` means from its first instant; `--until 2020-03-01` up to its last. */
export function dateBound(text: string, which: 'since' | 'until'): string {
  const date = normalizeDate(text);
  if (!date) throw new DossierError('E_OPTION', `--${which} "${text}": not a date (use YYYY-MM-DD)`);
  if (which === 'until' && /^\d{4}-\d{2}-\d{2}$/.test(date.iso)) {
    return new Date(Date.parse(date.utc) + 86_400_000).toISOString();
  }
  return which === 'until' ? new Date(Date.parse(date.utc) + 1).toISOString() : date.utc;
}

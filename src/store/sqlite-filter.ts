import { DossierError } from '../errors.js';
import { normalizeDate } from '../extract/dates.js';
import { OUTLET_NAME_SQL, outletParams } from './sqlite-outlets.js';
import type { ArticleFilter } from './store.js';

/** SQL conditions for an article filter on the articles table under `alias`. */
export function filterSql(filter: ArticleFilter, alias: string): { where: string; params: string[] } {
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

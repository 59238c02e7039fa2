import { asciiLower } from './postgres-filter.js';
import { dateBound } from './sqlite-filter.js';
import type { ArticleFilter } from './store.js';

/**
 * The full-text index of a SQLite dossier holds, beside each article's title and body, its filter terms (SQLite
 * migration 11, `searchTerms` there): `o<hex>0` for each outlet that carried it, `l<hex>0` for its language, and
 * `d20240301 m202403 y2024` for its publication day, month and year. A filtered search asks the index for the
 * filter's terms too, so the walk of its matches skips every article without them instead of reading each one's
 * row. Outlet and language terms are exact, and so are date terms for whole days; what terms cannot say (a bound
 * with a time of day, a range of too many terms, an entity, a story) is left to the SQL conditions (`filterSql`).
 */

/** More date terms than this (a span of many decades) and the date range is left to the SQL conditions alone. */
const MAX_DATE_TERMS = 120;
const DAY_MS = 86_400_000;
/** Any digit (of any script): a query word without one is never a filter term. */
const NUMBER = /\p{N}/u;

/** One term for a name: its bytes in hex after ASCII case folding (as SQLite's `hex(lower(x))`), then `0`. */
function nameTerm(prefix: 'o' | 'l', name: string): string {
  return `${prefix}${Buffer.from(asciiLower(name), 'utf8').toString('hex')}0`;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * The fewest year, month and day terms that cover every day from `first` to `last` (UTC days, both included,
 * as epoch milliseconds at midnight); null when more than `MAX_DATE_TERMS` would, or none (an empty range).
 */
export function dateTerms(first: number, last: number): string[] | null {
  const terms: string[] = [];
  for (let d = first; d <= last;) {
    const at = new Date(d);
    const y = at.getUTCFullYear();
    const m = at.getUTCMonth();
    const day = at.getUTCDate();
    if (m === 0 && day === 1 && Date.UTC(y, 11, 31) <= last) {
      terms.push(`y${pad(y, 4)}`);
      d = Date.UTC(y + 1, 0, 1);
    } else if (day === 1 && Date.UTC(y, m + 1, 0) <= last) {
      terms.push(`m${pad(y, 4)}${pad(m + 1, 2)}`);
      d = Date.UTC(y, m + 1, 1);
    } else {
      terms.push(`d${pad(y, 4)}${pad(m + 1, 2)}${pad(day, 2)}`);
      d += DAY_MS;
    }
    if (terms.length > MAX_DATE_TERMS) return null;
  }
  return terms.length ? terms : null;
}

/** Midnight (UTC) of the day holding the instant `iso`. */
function dayOf(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/**
 * The FTS5 expression of a search (the query over title and body only, and the filter's terms) and what is left of
 * the filter for SQL to check on each match. `dated` gives the first and last publication instant of the dossier,
 * for a date range open on one side.
 */
export function ftsMatch(
  fts: string,
  filter: ArticleFilter,
  dated: () => { first: string | null; last: string | null },
): { match: string; rest: ArticleFilter } {
  // every filter term holds a digit: a query without one cannot match in the terms column, and FTS5 walks its
  // matches faster without a column filter (it reads no position lists to check the columns)
  const parts = [NUMBER.test(fts) ? `{title body} : (${fts})` : `(${fts})`];
  const { outlet, language, since, until, ...rest } = filter;
  if (outlet) parts.push(`terms : ${nameTerm('o', outlet)}`);
  if (language) parts.push(`terms : ${nameTerm('l', language)}`);
  if (since || until) {
    const bounds = since && until ? { first: null, last: null } : dated();
    const from = since ? Date.parse(dateBound(since, 'since')) : Date.parse(bounds.first ?? '');
    // `until` is exclusive: its last day is the one holding the instant before it
    const to = until ? Date.parse(dateBound(until, 'until')) - 1 : Date.parse(bounds.last ?? '');
    const terms = Number.isNaN(from) || Number.isNaN(to) ? null : dateTerms(dayOf(from), dayOf(to));
    if (terms) parts.push(`terms : (${terms.join(' OR ')})`);
    // whole days are what the terms say; any other bound is checked on the row
    const wholeDays = terms !== null && (!since || from % DAY_MS === 0) && (!until || (to + 1) % DAY_MS === 0);
    if (!wholeDays) Object.assign(rest, since ? { since } : {}, until ? { until } : {});
  }
  return { match: parts.join(' AND '), rest };
}

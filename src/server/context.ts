import type { FastifyPluginAsync } from 'fastify';
import { DossierError } from '../errors.js';
import { normalizeDate } from '../extract/dates.js';
import type { ArticleFilter, Store } from '../store/index.js';
import type { ServeOptions } from './options.js';

/** What every route plugin is given: the store and the frozen options. No other state is shared. */
export interface RouteContext {
  store: Store;
  options: Readonly<ServeOptions>;
}

/** A group of routes about one concept (articles, search, outlets...). */
export type RoutePlugin = FastifyPluginAsync<RouteContext>;

/** The filter query parameters (`filterQuery`, `ARTICLE_FILTER_QUERY`). */
export type FilterQuery = Pick<ArticleFilter, 'outlet' | 'since' | 'until' | 'language' | 'entity' | 'story'>;

/** The filter query parameters as the store takes them; a date that parses by pattern but is no date is a 400. */
export function toFilter(query: FilterQuery): ArticleFilter {
  const filter: ArticleFilter = {};
  for (const key of ['outlet', 'language', 'entity', 'story'] as const) {
    const value = query[key];
    if (value !== undefined) filter[key] = value;
  }
  for (const key of ['since', 'until'] as const) {
    const value = query[key];
    if (value === undefined) continue;
    const date = normalizeDate(value);
    if (!date || Number.isNaN(Date.parse(date.utc))) {
      throw new DossierError('E_PARAM', `${key}: "${value}" is not a date (use YYYY-MM-DD)`);
    }
    filter[key] = value;
  }
  return filter;
}

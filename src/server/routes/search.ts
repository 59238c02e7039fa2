import type { RoutePlugin } from '../context.js';
import { type FilterQuery, toFilter } from '../context.js';
import { FACET_SAMPLE, SEARCH_SAMPLE } from '../../store/store.js';
import { ARTICLE_FILTER_QUERY, filterQuery, MAX_QUERY_LENGTH } from '../schemas.js';

interface SearchQuery extends FilterQuery {
  q: string;
  limit: number;
}

const COUNT = { type: 'integer', description: 'Matching articles' } as const;

/**
 * `GET /api/search?q=`: hits with snippets, and the outlet, day and entity facets. Broad queries (more than
 * `SEARCH_SAMPLE` matches) answer from the newest matches and say so (`sampled`), so they cost what a narrow one does.
 */
export const searchRoutes: RoutePlugin = async (app, { store, options }) => {
  app.get<{ Querystring: SearchQuery }>(
    '/api/search',
    {
      schema: {
        summary: 'Full-text search over titles and bodies',
        description:
          'Words and "phrases" must all match; OR between terms means either; a leading - excludes a term. ' +
          'Snippets are plain text; highlights are [start, end) ranges inside them.',
        tags: ['search'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['q'],
          properties: {
            q: { type: 'string', minLength: 1, maxLength: MAX_QUERY_LENGTH, description: 'The query' },
            ...filterQuery(options.maxLimit),
            ...ARTICLE_FILTER_QUERY,
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['query', 'matched', 'counted', 'sampled', 'order', 'hits', 'outlets', 'days', 'entities'],
            properties: {
              query: { type: 'string' },
              matched: {
                type: 'integer',
                description: `Matching articles: all of them, or ${SEARCH_SAMPLE} when sampled (more match)`,
              },
              counted: {
                type: 'integer',
                description: `Matching articles the facets count: all of them, or the newest ${FACET_SAMPLE} when sampled`,
              },
              sampled: {
                type: 'boolean',
                description: `More than ${SEARCH_SAMPLE} articles match: hits are the newest matches and the facets count the newest ${FACET_SAMPLE}`,
              },
              order: {
                type: 'string',
                enum: ['relevance', 'newest'],
                description: 'How hits are ordered: by BM25, or newest stored first when sampled',
              },
              hits: { type: 'array', items: { $ref: 'SearchHit#' } },
              outlets: {
                type: 'array',
                description: 'Matches per outlet, with the outlet filter left out (the facet)',
                items: {
                  type: 'object',
                  required: ['name', 'hits'],
                  properties: { name: { type: 'string' }, hits: COUNT },
                },
              },
              days: {
                type: 'array',
                description: 'Dated matches per day (UTC), by day: the date histogram',
                items: {
                  type: 'object',
                  required: ['day', 'hits'],
                  properties: { day: { type: 'string' }, hits: COUNT },
                },
              },
              entities: {
                type: 'array',
                description: 'Entities named in the newest 200 matches counted, by how many of them name each',
                items: {
                  type: 'object',
                  properties: {
                    key: { type: 'string' },
                    type: { type: 'string' },
                    name: { type: 'string' },
                    hits: COUNT,
                  },
                },
              },
            },
          },
        },
      },
    },
    async (request) => {
      const { q, limit, ...rest } = request.query;
      const filter = toFilter(rest);
      const page = await store.searchPage(q, filter, limit);
      return { query: q, ...page, order: page.sampled ? 'newest' : 'relevance' };
    },
  );
};

import type { RoutePlugin } from '../context.js';
import { toFilter } from '../context.js';
import { filterQuery, MAX_QUERY_LENGTH } from '../schemas.js';

interface SearchQuery {
  q: string;
  outlet?: string;
  since?: string;
  until?: string;
  limit: number;
}

/** Best-ranked hits the entity facet is counted over. */
const ENTITY_SAMPLE = 200;

/** `GET /api/search?q=`: BM25-ranked hits with snippets, and the outlet facet of the whole result. */
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
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['query', 'hits', 'outlets', 'entities'],
            properties: {
              query: { type: 'string' },
              hits: { type: 'array', items: { $ref: 'SearchHit#' } },
              outlets: {
                type: 'array',
                description: 'Matching articles per outlet, with the outlet filter left out (the facet)',
                items: {
                  type: 'object',
                  required: ['name', 'hits'],
                  properties: { name: { type: 'string' }, hits: { type: 'integer' } },
                },
              },
              entities: {
                type: 'array',
                description: `Entities named in the ${ENTITY_SAMPLE} best-ranked matching articles, by how many of them name each`,
                items: {
                  type: 'object',
                  properties: {
                    key: { type: 'string' },
                    type: { type: 'string' },
                    name: { type: 'string' },
                    hits: { type: 'integer' },
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
      const { outlet: _outlet, ...facetFilter } = filter;
      const [hits, outlets, entities] = await Promise.all([
        store.search(q, filter, limit),
        store.searchOutlets(q, facetFilter),
        store.searchEntities(q, filter, ENTITY_SAMPLE),
      ]);
      return { query: q, hits, outlets, entities };
    },
  );
};

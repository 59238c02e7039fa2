import type { RoutePlugin } from '../context.js';
import { notFound } from '../http-errors.js';
import { filterQuery, ID_PATTERN, nullableString } from '../schemas.js';

const claimProperties = {
  id: { type: 'string', description: '`articleId:offset` of its first statement' },
  text: { type: 'string' },
  first: { type: 'object', properties: { article: { type: 'string' }, published: nullableString } },
  articles: { type: 'integer' },
  outlets: { type: 'array', items: { type: 'string' } },
  speakers: { type: 'array', items: { type: 'string' } },
} as const;

const citation = {
  type: 'object',
  properties: {
    articleId: { type: 'string' },
    outlet: nullableString,
    published: nullableString,
    start: { type: 'integer' },
    end: { type: 'integer' },
  },
} as const;

/**
 * `GET /api/claims`, `/api/claims/:id` (statements the link pass grouped
 * across articles) and `GET /api/stories/:id/timeline` (a story's dated events
 * and summary, each line citing its sentences).
 */
export const claimRoutes: RoutePlugin = async (app, { store, options }) => {
  app.get<{ Querystring: { entity?: string; limit: number; offset: number } }>(
    '/api/claims',
    {
      schema: {
        summary: 'Claims: statements carried by two or more articles, most articles first',
        tags: ['claims'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            entity: { type: 'string', minLength: 1, maxLength: 200, description: 'Only claims naming this' },
            limit: filterQuery(options.maxLimit).limit,
            offset: { type: 'integer', minimum: 0, maximum: 100_000, default: 0 },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['items'],
            properties: { items: { type: 'array', items: { type: 'object', properties: claimProperties } } },
          },
        },
      },
    },
    async (request) => {
      const { entity, limit, offset } = request.query;
      return { items: await store.listClaims(entity ? { entity } : {}, limit, offset) };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/claims/:id',
    {
      schema: {
        summary: 'One claim with every statement (article, offsets, speaker, date, outlet)',
        tags: ['claims'],
        params: {
          type: 'object',
          required: ['id'],
          properties: { id: { type: 'string', minLength: 4, maxLength: 40, pattern: '^[0-9a-f]{4,16}(?::\\d+)?$' } },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              ...claimProperties,
              statements: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    article: { type: 'string' },
                    start: { type: 'integer' },
                    end: { type: 'integer' },
                    text: { type: 'string' },
                    kind: { type: 'string' },
                    speaker: nullableString,
                    published: nullableString,
                    outlet: nullableString,
                  },
                },
              },
            },
          },
        },
      },
    },
    async (request) => {
      const claim = await store.getClaim(request.params.id);
      if (!claim) throw notFound(`no claim ${request.params.id}`);
      return claim;
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/stories/:id/timeline',
    {
      schema: {
        summary:
          "A story's summary (sentences deduplicated across outlets) and dated events, each citing its sentences",
        tags: ['stories'],
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: ID_PATTERN } } },
        response: {
          200: {
            type: 'object',
            properties: {
              story: { type: 'string' },
              summary: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { text: { type: 'string' }, citations: { type: 'array', items: citation } },
                },
              },
              events: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    date: { type: 'string' },
                    granularity: { type: 'string' },
                    text: { type: 'string' },
                    citations: { type: 'array', items: citation },
                  },
                },
              },
            },
          },
        },
      },
    },
    async (request) => {
      const { loadStoryArticles } = await import('../../compare/load.js');
      const { storySummary, storyTimeline } = await import('../../link/timeline.js');
      const loaded = await loadStoryArticles(store, request.params.id);
      if (!loaded) throw notFound(`no story with id ${request.params.id}`);
      // one entry per article (compare loads one per article and outlet)
      const seen = new Set<string>();
      const articles = loaded.articles
        .filter((a) => !seen.has(a.id) && seen.add(a.id))
        .map((a) => ({ ...a, title: a.title ?? '' }));
      return {
        story: loaded.story.id,
        summary: storySummary(articles).sentences,
        events: storyTimeline(articles),
      };
    },
  );
};

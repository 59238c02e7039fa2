import type { RoutePlugin } from '../context.js';
import { type FilterQuery, toFilter } from '../context.js';
import { notFound } from '../http-errors.js';
import { ARTICLE_FILTER_QUERY, filterQuery, ID_PATTERN } from '../schemas.js';
import { articleView } from '../../article-view.js';

interface ListQuery extends FilterQuery {
  limit: number;
  cursor?: string;
}

/** `GET /api/articles` (newest first, cursor pages) and `GET /api/articles/:id`. */
export const articleRoutes: RoutePlugin = async (app, { store, options }) => {
  app.get<{ Querystring: ListQuery }>(
    '/api/articles',
    {
      schema: {
        summary: 'Articles newest first (undated last), a page at a time',
        tags: ['articles'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ...filterQuery(options.maxLimit),
            ...ARTICLE_FILTER_QUERY,
            cursor: { type: 'string', minLength: 1, maxLength: 200, description: 'The `next` of the previous page' },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['items', 'next'],
            properties: {
              items: { type: 'array', items: { $ref: 'ArticleSummary#' } },
              next: { type: ['string', 'null'], description: 'Pass as `cursor` for the next page; null on the last' },
            },
          },
        },
      },
    },
    async (request) => {
      const { limit, cursor, ...rest } = request.query;
      return store.listArticlesPage(toFilter(rest), limit, cursor);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/articles/:id',
    {
      schema: {
        summary: 'One article: metadata, clean body, removed parts and every source',
        tags: ['articles'],
        params: {
          type: 'object',
          required: ['id'],
          properties: { id: { type: 'string', pattern: ID_PATTERN, description: 'Article id or a unique prefix' } },
        },
        response: { 200: { $ref: 'Article#' } },
      },
    },
    async (request) => {
      const article = await store.getArticle(request.params.id);
      if (!article) throw notFound(`no article with id ${request.params.id}`);
      return articleView(article);
    },
  );
};

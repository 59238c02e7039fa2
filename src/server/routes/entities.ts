import type { EntityFilter, QuoteFilter } from '../../store/store.js';
import type { EntityType, QuoteKind } from '../../types.js';
import type { RoutePlugin } from '../context.js';
import { toFilter } from '../context.js';
import { notFound } from '../http-errors.js';
import { ARTICLE_FILTER_QUERY, filterQuery, ID_PATTERN, nullableString } from '../schemas.js';

const ENTITY_TYPES: readonly EntityType[] = ['PERSON', 'ORG', 'LOC', 'NORP', 'PRODUCT', 'EVENT'];
const QUOTE_KINDS: readonly QuoteKind[] = ['direct', 'indirect', 'mixed'];
const NAME = { type: 'string', minLength: 1, maxLength: 200 } as const;
/** Entities in that network, at most. */
const GRAPH_NODES = 60;

const entityProperties = {
  key: { type: 'string', description: '`TYPE:folded name`, stable across runs' },
  type: { type: 'string', enum: ENTITY_TYPES },
  name: { type: 'string', description: 'The spelling shown' },
  mentions: { type: 'integer' },
  articles: { type: 'integer' },
} as const;

const ENTITY_SUMMARY = {
  type: 'object',
  required: Object.keys(entityProperties),
  properties: entityProperties,
} as const;

const span = { type: 'object', properties: { start: { type: 'integer' }, end: { type: 'integer' } } } as const;

const QUOTE = {
  type: 'object',
  required: ['article', 'kind', 'text', 'cue', 'speaker', 'addressee', 'channel', 'date', 'dateFrom', 'start', 'end'],
  properties: {
    article: { $ref: 'ArticleSummary#' },
    kind: { type: 'string', enum: QUOTE_KINDS },
    text: { type: 'string', description: 'The content (pieces of a split quote joined by " … ")' },
    cue: nullableString,
    speaker: {
      type: 'object',
      properties: {
        name: { ...nullableString, description: 'The named mention the speaker resolves to, else the mention' },
        entity: { ...nullableString, description: 'Entity key of the speaker' },
        mention: { ...nullableString, description: 'How the speaker is named beside the cue (`the minister`, `he`)' },
        via: { type: 'string' },
      },
    },
    addressee: nullableString,
    channel: nullableString,
    date: {
      ...nullableString,
      description:
        'When it was said: the time expression of the attribution (`said on Tuesday`), else the article date',
    },
    dateFrom: { type: 'string', enum: ['text', 'published'], description: 'Where `date` comes from' },
    start: { type: 'integer', description: 'Offset of the content in the article body (UTF-16)' },
    end: { type: 'integer' },
  },
} as const;

/** Analyses hold many nested spans; the schema names the layers and lets their fields through as stored. */
const ANNOTATIONS = {
  type: 'object',
  required: ['version', 'sentences', 'entities', 'times', 'amounts', 'quotes'],
  properties: {
    version: { type: 'string', description: 'Analyze stage and model version' },
    reference: { type: 'object', additionalProperties: true },
    tokens: { type: 'integer' },
    sentences: { type: 'array', items: span },
    entities: { type: 'array', items: { type: 'object', additionalProperties: true } },
    times: { type: 'array', items: { type: 'object', additionalProperties: true } },
    amounts: { type: 'array', items: { type: 'object', additionalProperties: true } },
    quotes: { type: 'array', items: { type: 'object', additionalProperties: true } },
  },
} as const;

interface EntityQuery {
  type?: EntityType;
  q?: string;
  limit: number;
  offset: number;
}

interface QuoteQuery extends QuoteFilter {
  limit: number;
  offset: number;
}

/**
 * `GET /api/entities`, `/api/entities/:key`, `/api/quotes` and
 * `/api/articles/:id/annotations`: what the analyze stage stored.
 */
export const entityRoutes: RoutePlugin = async (app, { store, options }) => {
  const offset = { type: 'integer', minimum: 0, maximum: 100_000, default: 0, description: 'Skip this many' } as const;

  app.get<{ Querystring: EntityQuery }>(
    '/api/entities',
    {
      schema: {
        summary: 'Entities, most articles first',
        tags: ['entities'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            type: { type: 'string', enum: ENTITY_TYPES },
            q: { ...NAME, description: 'Names containing this text (case and accents ignored)' },
            limit: filterQuery(options.maxLimit).limit,
            offset,
          },
        },
        response: {
          200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: ENTITY_SUMMARY } } },
        },
      },
    },
    async (request) => {
      const { limit, offset: skip, type, q } = request.query;
      const filter: EntityFilter = {};
      if (type) filter.type = type;
      if (q) filter.q = q;
      return { items: await store.listEntities(filter, limit, skip) };
    },
  );

  app.get<{ Params: { key: string } }>(
    '/api/entities/:key',
    {
      schema: {
        summary: 'One entity: spellings, outlets, mentions by month and outlet, quotes by it, entities named beside it',
        tags: ['entities'],
        params: {
          type: 'object',
          required: ['key'],
          properties: { key: { ...NAME, description: 'An entity key, or a name (case and accents ignored)' } },
        },
        response: {
          200: {
            type: 'object',
            required: [
              ...Object.keys(entityProperties),
              'aliases',
              'roles',
              'outlets',
              'months',
              'recent',
              'quotes',
              'related',
            ],
            properties: {
              ...entityProperties,
              aliases: {
                type: 'array',
                items: { type: 'object', properties: { text: { type: 'string' }, mentions: { type: 'integer' } } },
              },
              roles: {
                type: 'array',
                description: 'Roles the articles give it, with the first and last date',
                items: {
                  type: 'object',
                  properties: {
                    role: { type: 'string' },
                    first: nullableString,
                    last: nullableString,
                    articles: { type: 'integer' },
                  },
                },
              },
              outlets: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    name: { type: 'string' },
                    articles: { type: 'integer' },
                    mentions: { type: 'integer' },
                  },
                },
              },
              months: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { month: { type: 'string' }, outlet: nullableString, mentions: { type: 'integer' } },
                },
              },
              recent: { type: 'array', items: { $ref: 'ArticleSummary#' } },
              quotes: { type: 'array', items: QUOTE },
              related: {
                type: 'array',
                items: { type: 'object', properties: { ...entityProperties, shared: { type: 'integer' } } },
              },
            },
          },
        },
      },
    },
    async (request) => {
      const entity = await store.getEntity(request.params.key);
      if (!entity) throw notFound(`no entity ${request.params.key}`);
      return entity;
    },
  );

  app.get<{ Params: { key: string }; Querystring: { nodes: number } }>(
    '/api/entities/:key/graph',
    {
      schema: {
        summary:
          'The co-mention network around an entity: it and the entities named beside it in most articles, and for each pair the articles naming both',
        tags: ['entities'],
        params: { type: 'object', required: ['key'], properties: { key: { ...NAME, description: 'An entity key' } } },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            nodes: { type: 'integer', minimum: 2, maximum: GRAPH_NODES, default: 30 },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['key', 'articles', 'nodes', 'edges'],
            properties: {
              key: { type: 'string' },
              articles: { type: 'integer', description: 'Articles naming the entity' },
              nodes: {
                type: 'array',
                items: ENTITY_SUMMARY,
                description: 'The entity, then those named beside it in most articles (with their totals)',
              },
              edges: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['source', 'target', 'articles'],
                  properties: { source: { type: 'string' }, target: { type: 'string' }, articles: { type: 'integer' } },
                },
              },
            },
          },
        },
      },
    },
    async (request) => {
      const graph = await store.entityGraph(request.params.key, request.query.nodes);
      if (!graph) throw notFound(`no entity ${request.params.key}`);
      return graph;
    },
  );

  app.get<{ Querystring: QuoteQuery }>(
    '/api/quotes',
    {
      schema: {
        summary: 'Quotes and reported speech with their speakers, latest first',
        tags: ['quotes'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ...filterQuery(options.maxLimit),
            ...ARTICLE_FILTER_QUERY,
            offset,
            speaker: { ...NAME, description: 'A speaker: a name, a surname or an entity key' },
            article: { type: 'string', pattern: ID_PATTERN, description: 'Only quotes of this article' },
            kind: { type: 'string', enum: QUOTE_KINDS },
          },
        },
        response: {
          200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: QUOTE } } },
        },
      },
    },
    async (request) => {
      const { limit, offset: skip, speaker, article, kind, ...rest } = request.query;
      const filter: QuoteFilter = { ...toFilter(rest) };
      if (speaker) filter.speaker = speaker;
      if (article) filter.article = article;
      if (kind) filter.kind = kind;
      return { items: await store.listQuotes(filter, limit, skip) };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/articles/:id/annotations',
    {
      schema: {
        summary: "An article's stored analysis: sentences, entities, time expressions, amounts and quotes as spans",
        tags: ['articles'],
        params: {
          type: 'object',
          required: ['id'],
          properties: { id: { type: 'string', pattern: ID_PATTERN, description: 'Article id or a unique prefix' } },
        },
        response: { 200: ANNOTATIONS },
      },
    },
    async (request) => {
      const analysis = await store.getAnalysis(request.params.id);
      if (!analysis) throw notFound(`no analysis of article ${request.params.id} (run: dossier analyze --pending)`);
      return { ...analysis, quotes: analysis.quotes ?? [] };
    },
  );
};

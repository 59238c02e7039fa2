import { isStale } from '../../linking.js';
import type { StoryFilter } from '../../store/index.js';
import type { RoutePlugin } from '../context.js';
import { toFilter } from '../context.js';
import { notFound } from '../http-errors.js';
import { filterQuery, ID_PATTERN, MAX_QUERY_LENGTH, nullableString } from '../schemas.js';

const storySummaryProperties = {
  id: { type: 'string', description: 'Story id: the id of its first article' },
  label: { type: 'string', description: 'Its top terms, joined' },
  terms: { type: 'array', items: { type: 'string' } },
  first: { ...nullableString, description: 'Earliest publication instant (UTC) of its articles' },
  last: { ...nullableString, description: 'Latest publication instant (UTC) of its articles' },
  articles: { type: 'integer', description: 'Distinct articles' },
  outlets: { type: 'array', items: { type: 'string' }, description: 'Outlets that carried any of its articles' },
  duplicateGroups: { type: 'integer', description: 'Near-duplicate groups with a member in the story' },
} as const;

const STORY_SUMMARY = {
  type: 'object',
  required: Object.keys(storySummaryProperties),
  properties: storySummaryProperties,
} as const;

const member = {
  type: 'object',
  required: ['id', 'outlet', 'published', 'title'],
  properties: { id: { type: 'string' }, outlet: nullableString, published: nullableString, title: nullableString },
} as const;

const STORY = {
  type: 'object',
  required: [...Object.keys(storySummaryProperties), 'items', 'duplicates', 'entities'],
  properties: {
    ...storySummaryProperties,
    entities: {
      type: 'array',
      description: 'The entities most of its articles name, most articles first',
      items: {
        type: 'object',
        properties: {
          key: { type: 'string' },
          type: { type: 'string' },
          name: { type: 'string' },
          articles: { type: 'integer' },
        },
      },
    },
    items: {
      type: 'array',
      description: 'One entry per source of each article, by outlet then date',
      items: {
        type: 'object',
        required: ['id', 'source', 'outlet', 'published', 'title'],
        properties: { ...member.properties, source: { type: 'string' } },
      },
    },
    duplicates: {
      type: 'array',
      description: 'Near-duplicate groups: who published first and who copied',
      items: {
        type: 'object',
        required: ['first', 'copiedBy', 'members'],
        properties: {
          first: { ...nullableString, description: 'The original; null when no member is dated' },
          copiedBy: { type: 'array', items: { type: 'string' } },
          members: { type: 'array', items: member },
        },
      },
    },
  },
} as const;

interface ListQuery {
  outlet?: string;
  since?: string;
  until?: string;
  limit: number;
  offset: number;
  q?: string;
  article?: string;
  min?: number;
}

/** `GET /api/stories` (most articles first, filters) and `GET /api/stories/:id`. */
export const storyRoutes: RoutePlugin = async (app, { store, options }) => {
  app.get<{ Querystring: ListQuery }>(
    '/api/stories',
    {
      schema: {
        summary: 'Stories, most articles first, then latest first',
        tags: ['stories'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ...filterQuery(options.maxLimit),
            offset: { type: 'integer', minimum: 0, maximum: 100_000, default: 0, description: 'Skip this many' },
            q: {
              type: 'string',
              minLength: 1,
              maxLength: MAX_QUERY_LENGTH,
              description: 'Only stories holding an article that matches this search',
            },
            article: { type: 'string', pattern: ID_PATTERN, description: 'Only the story holding this article' },
            min: { type: 'integer', minimum: 1, maximum: 100_000, description: 'At least this many articles' },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['items', 'stale'],
            properties: {
              items: { type: 'array', items: STORY_SUMMARY },
              stale: {
                type: 'boolean',
                description: 'True when articles arrived since the stories were computed (run dossier link)',
              },
            },
          },
        },
      },
    },
    async (request) => {
      const { limit, offset, q, article, min, ...rest } = request.query;
      const filter: StoryFilter = { ...toFilter(rest) };
      if (q !== undefined) filter.q = q;
      if (article !== undefined) filter.article = article;
      if (min !== undefined) filter.minArticles = min;
      const [items, state] = await Promise.all([store.listStories(filter, limit, offset), store.linkState()]);
      return { items, stale: state.articles > 0 && isStale(state) };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/stories/:id',
    {
      schema: {
        summary: 'One story: its articles by outlet and date, and its duplicate groups',
        tags: ['stories'],
        params: {
          type: 'object',
          required: ['id'],
          properties: { id: { type: 'string', pattern: ID_PATTERN, description: 'Story id or a unique prefix' } },
        },
        response: { 200: STORY },
      },
    },
    async (request) => {
      const story = await store.getStory(request.params.id);
      if (!story) throw notFound(`no story with id ${request.params.id}`);
      return story;
    },
  );
};

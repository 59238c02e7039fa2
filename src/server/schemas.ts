/**
 * JSON schemas shared by the routes. Each is added to the server once
 * (`addSchema`) and referenced as `{ $ref: 'Name#' }`, so the OpenAPI document
 * lists it once under components.
 */

/** An ISO 8601 date or date-time, as `since` and `until` take. */
export const ISO_DATE_PATTERN =
  '^\\d{4}-\\d{2}-\\d{2}(?:T\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?(?:Z|[+-]\\d{2}:?\\d{2})?)?$';

/** How many rows a listing returns when `limit` is not given. */
export const DEFAULT_LIMIT = 20;

/** Longest search query accepted, in characters. */
export const MAX_QUERY_LENGTH = 500;

export const nullableString = { type: ['string', 'null'] } as const;

/** An article or story id, or a unique prefix of one (at least 4 hex digits). */
export const ID_PATTERN = '^[0-9a-f]{4,16}$';

export const ARTICLE_SUMMARY = {
  $id: 'ArticleSummary',
  type: 'object',
  required: ['id', 'outlet', 'published', 'title'],
  properties: {
    id: { type: 'string', description: 'Article id: hash of the normalised body' },
    outlet: { ...nullableString, description: 'Outlet of the first source read' },
    published: { ...nullableString, description: 'Published date as stated (ISO 8601)' },
    title: nullableString,
  },
} as const;

export const SEARCH_HIT = {
  $id: 'SearchHit',
  type: 'object',
  required: ['id', 'outlet', 'published', 'title', 'score', 'snippet', 'highlights'],
  properties: {
    ...ARTICLE_SUMMARY.properties,
    score: {
      type: ['number', 'null'],
      description: 'BM25 score, higher is better; null when the search was sampled (hits newest first)',
    },
    snippet: { type: 'string', description: 'Plain text around the matches' },
    highlights: {
      type: 'array',
      description: '[start, end) ranges of matched terms inside the snippet, UTF-16 offsets',
      items: { type: 'array', items: { type: 'integer' }, minItems: 2, maxItems: 2 },
    },
  },
} as const;

export const ARTICLE_SOURCE = {
  $id: 'ArticleSource',
  type: 'object',
  required: ['source', 'url', 'rawHash', 'charset', 'outlet', 'title', 'published'],
  properties: {
    source: { type: 'string', description: 'Path, URL or record the article was read from' },
    url: nullableString,
    rawHash: { type: 'string' },
    charset: nullableString,
    outlet: { ...nullableString, description: 'The outlet this source names' },
    title: { ...nullableString, description: 'The headline this source gave' },
    published: { ...nullableString, description: 'The date this source gave' },
  },
} as const;

const found = {
  type: ['object', 'null'],
  properties: { value: { type: 'string' }, via: { type: 'string' }, confidence: { type: 'number' } },
} as const;

export const ARTICLE = {
  $id: 'Article',
  type: 'object',
  required: ['id', 'title', 'outlet', 'published', 'body', 'removed', 'sources'],
  properties: {
    id: { type: 'string' },
    title: nullableString,
    outlet: nullableString,
    published: nullableString,
    authors: { type: 'array', items: { type: 'string' } },
    language: nullableString,
    canonicalUrl: nullableString,
    modified: nullableString,
    section: nullableString,
    tags: { type: 'array', items: { type: 'string' } },
    body: { type: 'string', description: 'Clean text; paragraphs separated by a blank line' },
    removed: {
      type: 'array',
      description: 'Page furniture the extractor took out, each with a reason',
      items: {
        type: 'object',
        required: ['text', 'reason'],
        properties: { text: { type: 'string' }, reason: { type: 'string' } },
      },
    },
    sources: { type: 'array', items: { $ref: 'ArticleSource#' } },
    found: {
      type: 'object',
      description: 'Each metadata value with where it was found and how sure extraction is',
      properties: { title: found, outlet: found, published: found, modified: found, language: found, section: found },
    },
    pipeline: { type: 'string' },
  },
} as const;

export const OUTLET = {
  $id: 'Outlet',
  type: 'object',
  required: ['name', 'articles', 'sources', 'first', 'last'],
  properties: {
    name: { type: 'string' },
    articles: { type: 'integer', description: 'Distinct articles it carried' },
    sources: { type: 'integer' },
    first: { ...nullableString, description: 'Earliest publication instant (UTC)' },
    last: { ...nullableString, description: 'Latest publication instant (UTC)' },
  },
} as const;

/** Every shared schema, in the order they are added. */
export const SHARED_SCHEMAS = [ARTICLE_SUMMARY, SEARCH_HIT, ARTICLE_SOURCE, ARTICLE, OUTLET] as const;

/** The query parameters the article listing, the search and the quote listing take beside `filterQuery`'s. */
export const ARTICLE_FILTER_QUERY = {
  language: { type: 'string', minLength: 1, maxLength: 35, description: 'Only articles in this language (`en`)' },
  entity: { type: 'string', minLength: 1, maxLength: 300, description: 'Only articles naming this entity (its key)' },
  story: { type: 'string', pattern: ID_PATTERN, description: 'Only articles of this story (its id)' },
} as const;

/** The query parameters every listing and search takes; `maxLimit` caps `limit`. */
export function filterQuery(maxLimit: number) {
  return {
    outlet: { type: 'string', minLength: 1, maxLength: 200, description: 'Only articles this outlet carried' },
    since: { type: 'string', pattern: ISO_DATE_PATTERN, description: 'Published on or after (YYYY-MM-DD)' },
    until: { type: 'string', pattern: ISO_DATE_PATTERN, description: 'Published on or before (YYYY-MM-DD)' },
    limit: {
      type: 'integer',
      minimum: 1,
      maximum: maxLimit,
      default: DEFAULT_LIMIT,
      description: `At most this many (1 to ${maxLimit})`,
    },
  } as const;
}

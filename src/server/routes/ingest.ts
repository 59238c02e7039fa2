import { createHash } from 'node:crypto';
import { DossierError } from '../../errors.js';
import { ingestOptions, readOpened } from '../../ingest/index.js';
import { buildArticle } from '../../pipeline.js';
import type { Article, InputProblem } from '../../types.js';
import type { RoutePlugin } from '../context.js';
import { HTTP_STATUS } from '../http-errors.js';

/** The file name each media type is read as, so sniffing gets the same hint a file on disk gives. */
const NAME_BY_TYPE: Readonly<Record<string, string>> = Object.freeze({
  'application/json': 'upload.json',
  'application/x-ndjson': 'upload.jsonl',
  'application/jsonl': 'upload.jsonl',
  'text/html': 'upload.html',
  'application/xhtml+xml': 'upload.html',
  'text/plain': 'upload.txt',
  'text/csv': 'upload.csv',
});

const SOURCE_PATTERN = '^[^\\u0000-\\u001f]{1,300}$';

const outcomeSchema = {
  type: 'object',
  required: ['status', 'id', 'source'],
  properties: {
    status: { type: 'string', enum: ['new', 'present'] },
    id: { type: 'string' },
    source: { type: 'string' },
  },
} as const;

const problemSchema = {
  type: 'object',
  required: ['code', 'source', 'message'],
  properties: { code: { type: 'string' }, source: { type: 'string' }, message: { type: 'string' } },
} as const;

/**
 * `POST /api/articles`: one upload (JSON, JSON Lines, CSV, HTML or text) read
 * by the same readers and pipeline as `dossier ingest`. Refused with 403
 * before the body is read unless the server was started with `--allow-ingest`.
 */
export const ingestRoutes: RoutePlugin = async (app, { store, options }) => {
  const opts = ingestOptions({ allowPrivate: false, fetchLinks: false, maxArticleBytes: options.maxUploadBytes });
  // the body reaches the readers as bytes, exactly as a file would
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: options.maxUploadBytes }, (_req, body, done) =>
    done(null, body),
  );

  app.post<{ Querystring: { source?: string }; Body: Buffer }>(
    '/api/articles',
    {
      bodyLimit: options.maxUploadBytes,
      onRequest: async () => {
        if (!options.allowIngest) {
          throw new DossierError('E_READ_ONLY', 'this server is read-only; restart it with --allow-ingest');
        }
      },
      schema: {
        summary: 'Ingest an article (JSON, JSON Lines, CSV, HTML or text); only with --allow-ingest',
        tags: ['articles'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            source: { type: 'string', pattern: SOURCE_PATTERN, description: 'Name stored as the source' },
          },
        },
        response: {
          200: {
            description: 'Every article was already in the dossier',
            type: 'object',
            properties: {
              results: { type: 'array', items: outcomeSchema },
              problems: { type: 'array', items: problemSchema },
            },
          },
          201: {
            description: 'At least one article was new',
            type: 'object',
            properties: {
              results: { type: 'array', items: outcomeSchema },
              problems: { type: 'array', items: problemSchema },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const body = request.body;
      if (!Buffer.isBuffer(body) || body.length === 0) {
        throw new DossierError('E_PARAM', 'body: send the article as the request body');
      }
      const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
      const source = request.query.source ?? `api:upload-${hash}`;
      const articles: Article[] = [];
      const problems: InputProblem[] = [];
      for await (const item of readOpened({ source, chunks: bytesOf(body) }, NAME_BY_TYPE[type] ?? '', opts)) {
        const built = 'code' in item ? item : buildArticle(item);
        if ('code' in built) problems.push(built);
        else articles.push(built);
      }
      if (!articles.length) {
        const first = problems[0];
        const code = first?.code ?? 'DOSSIER_E_NO_TEXT';
        return reply
          .code(HTTP_STATUS[code] ?? 422)
          .send({ error: { code, message: first ? `${first.source}: ${first.message}` : 'no article found' } });
      }
      const written = await store.putArticles(articles);
      if (written.includes('new')) {
        // the analyze stage (and its model) loads with the first upload; it analyses what has no current analysis
        const { analyzeStore } = await import('../../analyzing.js');
        await analyzeStore(store);
      }
      const results = articles.map((a, i) => ({
        status: written[i],
        id: a.id,
        source: a.sources[0]?.source ?? source,
      }));
      return reply.code(written.includes('new') ? 201 : 200).send({ results, problems });
    },
  );
};

async function* bytesOf(body: Buffer): AsyncGenerator<Buffer> {
  yield body;
}

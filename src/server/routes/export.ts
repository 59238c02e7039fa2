import { Readable } from 'node:stream';
import { EXPORT_FORMATS, type ExportFormat, exportDossier, MEDIA_TYPES } from '../../export.js';
import { DossierError } from '../../errors.js';
import type { RoutePlugin } from '../context.js';
import { ID_PATTERN, MAX_QUERY_LENGTH } from '../schemas.js';

interface ExportQuery {
  format: ExportFormat;
  story?: string;
  q?: string;
}

/**
 * `GET /api/export`: the dossier, a story or a search as JSON Lines or CSV, or
 * the entity co-mention network as GraphML, streamed as `dossier export` writes it.
 */
export const exportRoutes: RoutePlugin = async (app, { store }) => {
  app.get<{ Querystring: ExportQuery }>(
    '/api/export',
    {
      schema: {
        summary: 'Export articles (JSON Lines, CSV) or the entity co-mention network (GraphML)',
        tags: ['export'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            format: { type: 'string', enum: EXPORT_FORMATS, default: 'jsonl' },
            story: { type: 'string', pattern: ID_PATTERN, description: "Only this story's articles" },
            q: {
              type: 'string',
              minLength: 1,
              maxLength: MAX_QUERY_LENGTH,
              description: 'Only the articles matching this search (the best 10,000)',
            },
          },
        },
      },
    },
    async (request, reply) => {
      const { format, story, q } = request.query;
      if (story && q) throw new DossierError('E_PARAM', 'story: give story or q, not both');
      const chunks = exportDossier(store, format, { story, q });
      // the first chunk is read before answering, so a missing story is a 404, not a broken stream
      const first = await chunks.next();
      const name = `dossier${story ? `-story-${story}` : q ? '-search' : ''}.${format}`;
      reply
        .type(MEDIA_TYPES[format])
        .header('Content-Disposition', `attachment; filename="${name}"`)
        .header('X-Content-Type-Options', 'nosniff');
      async function* all() {
        if (!first.done) yield first.value;
        yield* chunks;
      }
      return reply.send(Readable.from(all()));
    },
  );
};

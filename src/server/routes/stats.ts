import type { RoutePlugin } from '../context.js';

/** `GET /api/stats`: counts over the whole dossier, and what this server allows. */
export const statsRoutes: RoutePlugin = async (app, { store, options }) => {
  app.get(
    '/api/stats',
    {
      schema: {
        summary: 'Counts over the whole dossier',
        tags: ['dossier'],
        response: {
          200: {
            type: 'object',
            required: ['articles', 'sources', 'outlets', 'ingest', 'maxLimit'],
            properties: {
              articles: { type: 'integer' },
              sources: { type: 'integer' },
              outlets: { type: 'integer' },
              ingest: { type: 'boolean', description: 'Whether POST /api/articles is open' },
              maxLimit: { type: 'integer', description: 'The largest page a listing or search returns' },
            },
          },
        },
      },
    },
    async () => ({ ...(await store.stats()), ingest: options.allowIngest, maxLimit: options.maxLimit }),
  );
};

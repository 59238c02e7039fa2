import fastifyCors from '@fastify/cors';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Store } from '../store/index.js';
import { bearerAuth } from './auth.js';
import type { RoutePlugin } from './context.js';
import { ERROR_SCHEMA, errorHandler, notFound } from './http-errors.js';
import type { ServeOptions } from './options.js';
import { articleRoutes } from './routes/articles.js';
import { claimRoutes } from './routes/claims.js';
import { compareRoutes } from './routes/compare.js';
import { entityRoutes } from './routes/entities.js';
import { exportRoutes } from './routes/export.js';
import { ingestRoutes } from './routes/ingest.js';
import { outletRoutes } from './routes/outlets.js';
import { searchRoutes } from './routes/search.js';
import { statsRoutes } from './routes/stats.js';
import { storyRoutes } from './routes/stories.js';
import { SHARED_SCHEMAS } from './schemas.js';
import { uiRoutes } from './ui.js';

/**
 * The API's route groups, one concept each. A later stage (entities, quotes,
 * stories, claims) adds its plugin here; each gets the store and the options
 * and nothing else.
 */
export const ROUTE_PLUGINS: readonly RoutePlugin[] = Object.freeze([
  statsRoutes,
  outletRoutes,
  articleRoutes,
  searchRoutes,
  storyRoutes,
  entityRoutes,
  compareRoutes,
  exportRoutes,
  claimRoutes,
  ingestRoutes,
]);

/** Builds the server (not listening yet): API, OpenAPI document and, when built, the UI. */
export async function buildApp(store: Store, options: Readonly<ServeOptions>): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logRequests ? { level: 'info' } : false,
    // a client sending unknown parameters gets told, rather than silently ignored
    ajv: { customOptions: { removeAdditional: false, coerceTypes: true, useDefaults: true, allErrors: false } },
    routerOptions: { maxParamLength: 200, ignoreTrailingSlash: true },
    bodyLimit: 64 * 1024,
  });
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request) => {
    throw notFound(`no route ${request.method} ${request.url.split('?')[0]}`);
  });
  if (options.token) app.addHook('onRequest', bearerAuth(options.token));
  if (options.corsOrigins.length) await app.register(fastifyCors, { origin: [...options.corsOrigins] });

  // every API route documents the one error shape for its 4xx and 5xx answers
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || !route.schema || (route.schema as { hide?: boolean }).hide) return;
    route.schema.response = {
      ...(route.schema.response as object),
      '4xx': { $ref: 'Error#' },
      '5xx': { $ref: 'Error#' },
    };
  });
  await app.register(fastifySwagger, {
    // components named after the schema ids (Article, SearchHit...), not def-0, def-1
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => (json.$id as string | undefined) ?? `def-${i}` },
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'dossier API',
        version: '0.1.0',
        description:
          'Read a news dossier: articles, full-text search, outlets, stats. Errors answer { error: { code, message, param? } }.',
      },
      components: options.token ? { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } } : undefined,
      security: options.token ? [{ bearer: [] }] : undefined,
    },
  });
  app.addSchema(ERROR_SCHEMA);
  for (const schema of SHARED_SCHEMAS) app.addSchema(schema);

  for (const plugin of ROUTE_PLUGINS) await app.register(plugin, { store, options });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  if (options.uiDir) await app.register(uiRoutes(options.uiDir));
  return app;
}

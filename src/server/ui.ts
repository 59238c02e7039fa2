import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { PublicRouteConfig } from './auth.js';

/**
 * The paths the single-page UI answers with its shell; the UI reads the rest
 * of its state from the query string. Views added later (stories, entities)
 * add their path here.
 */
export const UI_PATHS: readonly string[] = Object.freeze([
  '/',
  '/search',
  '/articles/:id',
  '/outlets',
  '/outlets/:name',
  '/outlets/:name/vs/:other',
  '/stories',
  '/stories/:id',
  '/entities',
  '/entities/:key',
  '/quotes',
  '/claims',
]);

/**
 * What the browser may do with the UI's pages: run only our own bundle, load
 * nothing from elsewhere, no inline script or style, no plugins, no framing.
 * A second guard behind the UI's rule of never inserting corpus text as HTML.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** Headers sent with every UI file. */
function secureHeaders(reply: FastifyReply): void {
  reply.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  reply.header('X-Content-Type-Options', 'nosniff');
  reply.header('Referrer-Policy', 'no-referrer');
  reply.header('X-Frame-Options', 'DENY');
}

/**
 * Serves the built UI from `root`: `/assets/*` from the bundle's assets
 * folder only (the `send` library under @fastify/static refuses `..` and
 * dotfiles), and the shell at every UI path. Nothing else on disk is reachable.
 */
export function uiRoutes(root: string): FastifyPluginAsync {
  return async (app) => {
    const shell = readFileSync(join(root, 'index.html'));
    const config: PublicRouteConfig = { public: true };
    await app.register(fastifyStatic, { root: join(root, 'assets'), serve: false, dotfiles: 'deny', index: false });
    app.get<{ Params: { '*': string } }>(
      '/assets/*',
      { config, schema: { hide: true, params: { type: 'object', properties: { '*': { type: 'string' } } } } },
      (request, reply) => {
        secureHeaders(reply);
        reply.header('Cache-Control', 'public, max-age=31536000, immutable');
        return reply.sendFile(request.params['*']);
      },
    );
    for (const path of UI_PATHS) {
      app.get(path, { config, schema: { hide: true } }, (_request, reply) => {
        secureHeaders(reply);
        reply.header('Cache-Control', 'no-cache');
        return reply.type('text/html; charset=utf-8').send(shell);
      });
    }
  };
}

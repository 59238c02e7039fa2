import { createHash, timingSafeEqual } from 'node:crypto';
import type { onRequestHookHandler } from 'fastify';
import { DossierError } from '../errors.js';

/** Route config of the routes anyone may read: the UI bundle, which holds no corpus data. */
export interface PublicRouteConfig {
  public?: boolean;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Open without the bearer token (see `bearerAuth`). */
    public?: boolean;
  }
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * A hook that lets a request through only with `Authorization: Bearer TOKEN`.
 * The comparison takes the same time whatever the guess. The routes marked
 * `config: { public: true }` (the UI shell and its assets, which must load
 * before the analyst can type the token in) are open; everything else,
 * unknown paths included, is guarded. The decision rests on the route matched,
 * never on the raw URL, so an encoded path cannot slip past it.
 */
export function bearerAuth(token: string): onRequestHookHandler {
  const expected = digest(token);
  return async (request) => {
    if ((request.routeOptions.config as PublicRouteConfig | undefined)?.public === true) return;
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1] || !timingSafeEqual(digest(match[1]), expected)) {
      throw new DossierError('E_AUTH', 'send the server token as "Authorization: Bearer TOKEN"');
    }
  };
}

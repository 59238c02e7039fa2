import type { RoutePlugin } from '../context.js';

/** `GET /api/outlets`: every outlet a source names, most articles first. */
export const outletRoutes: RoutePlugin = async (app, { store }) => {
  app.get(
    '/api/outlets',
    {
      schema: {
        summary: 'Every outlet, with how many articles it carried',
        tags: ['outlets'],
        response: {
          200: {
            type: 'object',
            required: ['items'],
            properties: { items: { type: 'array', items: { $ref: 'Outlet#' } } },
          },
        },
      },
    },
    async () => ({ items: await store.listOutlets() }),
  );
};

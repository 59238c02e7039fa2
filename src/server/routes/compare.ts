import type { Comparison, TermCounts } from '../../compare/index.js';
import { DossierError } from '../../errors.js';
import type { RoutePlugin } from '../context.js';
import { ID_PATTERN } from '../schemas.js';
import { notFound } from '../http-errors.js';

/**
 * `GET /api/stories/:id/compare`: how each outlet covers one story (coverage
 * matrix, framing terms, labels for one referent, voices, timing, tone), every
 * cell, term and voice with the article ids and offsets of its sentences. The
 * compare stage loads with the first request; the framing prior (term counts
 * of the newest articles) is counted once and again only when articles arrive.
 */
export const compareRoutes: RoutePlugin = async (app, { store }) => {
  let prior: { articles: number; counts: TermCounts } | null = null;

  app.get<{ Params: { id: string }; Querystring: { outlets?: string } }>(
    '/api/stories/:id/compare',
    {
      schema: {
        summary: 'How each outlet covers a story: coverage matrix, framing terms, labels, voices, timing, tone',
        tags: ['stories'],
        params: {
          type: 'object',
          required: ['id'],
          properties: { id: { type: 'string', pattern: ID_PATTERN, description: 'Story id or a unique prefix' } },
        },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            outlets: {
              type: 'string',
              minLength: 1,
              maxLength: 1000,
              description: 'Only these outlets, comma-separated (case-insensitive)',
            },
          },
        },
        response: {
          200: {
            type: 'object',
            description:
              'See docs/COMPARE.md: outlets, facts (cells per outlet), byOutlet, referents, timing, toneMethod',
            required: ['story', 'label', 'outlets', 'facts', 'byOutlet', 'referents', 'timing', 'toneMethod'],
            additionalProperties: true,
          },
        },
      },
    },
    async (request) => {
      const { compareStory, corpusBackground, loadStoryArticles } = await import('../../compare/index.js');
      const outlets = (request.query.outlets ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const loaded = await loadStoryArticles(store, request.params.id, outlets);
      if (!loaded) throw notFound(`no story with id ${request.params.id}`);
      if (!loaded.articles.length) {
        throw new DossierError('E_PARAM', `outlets: none of ${outlets.join(', ')} carried story ${loaded.story.id}`);
      }
      const { articles } = await store.stats();
      if (!prior || prior.articles !== articles) prior = { articles, counts: await corpusBackground(store) };
      const comparison: Comparison = compareStory({
        articles: loaded.articles,
        duplicates: loaded.story.duplicates,
        background: prior.counts,
      });
      return { story: loaded.story.id, label: loaded.story.label, ...comparison };
    },
  );
};

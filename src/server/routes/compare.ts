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
      const comparison: Comparison = compareStory({
        articles: loaded.articles,
        duplicates: loaded.story.duplicates,
        background: await background(corpusBackground),
      });
      return { story: loaded.story.id, label: loaded.story.label, ...comparison };
    },
  );

  app.get<{ Params: { name: string }; Querystring: { stories: number } }>(
    '/api/outlets/:name/profile',
    {
      schema: {
        summary: "An outlet's coverage over the largest stories it shares with others",
        description: 'Voices, framing terms, labels, exclusives, omissions, timing and tone, as `dossier outlet`',
        tags: ['outlets'],
        params: { type: 'object', required: ['name'], properties: { name: OUTLET_NAME } },
        querystring: STORIES_QUERY,
        response: { 200: PROFILE },
      },
    },
    async (request) => {
      const { compareStoriesOf, corpusBackground, outletProfile } = await loadProfiles();
      const prior = await background(corpusBackground);
      const { outlet, comparisons } = await compareStoriesOf(
        store,
        request.params.name,
        null,
        request.query.stories,
        prior,
      );
      return outletProfile(outlet, comparisons);
    },
  );

  app.get<{ Params: { name: string; other: string }; Querystring: { stories: number } }>(
    '/api/outlets/:name/vs/:other',
    {
      schema: {
        summary: 'Two outlets side by side over the largest stories both covered',
        description:
          'Facts both, one or the other carried; labels they differ on; both profiles, as `dossier outlets --vs`',
        tags: ['outlets'],
        params: {
          type: 'object',
          required: ['name', 'other'],
          properties: { name: OUTLET_NAME, other: OUTLET_NAME },
        },
        querystring: STORIES_QUERY,
        response: {
          200: {
            type: 'object',
            required: ['a', 'b', 'facts', 'labels'],
            properties: {
              a: PROFILE,
              b: PROFILE,
              facts: {
                type: 'object',
                required: ['both', 'onlyA', 'onlyB', 'different'],
                properties: {
                  both: { type: 'integer' },
                  onlyA: { type: 'integer' },
                  onlyB: { type: 'integer' },
                  different: { type: 'integer' },
                },
              },
              labels: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['story', 'key', 'a', 'b'],
                  properties: {
                    story: { type: 'string' },
                    key: { type: 'string' },
                    a: { type: 'array', items: { type: 'string' } },
                    b: { type: 'array', items: { type: 'string' } },
                  },
                },
              },
            },
          },
        },
      },
    },
    async (request) => {
      const { name, other } = request.params;
      if (name.toLowerCase() === other.toLowerCase()) {
        throw new DossierError('E_PARAM', `other: compare ${name} with another outlet, not itself`);
      }
      const { compareStoriesOf, corpusBackground, versus } = await loadProfiles();
      const prior = await background(corpusBackground);
      const found = await compareStoriesOf(store, name, other, request.query.stories, prior);
      return versus(found.outlet, found.other ?? other, found.comparisons);
    },
  );

  /** The framing prior, counted once and again only when articles arrive. */
  async function background(count: (s: typeof store) => Promise<TermCounts>): Promise<TermCounts> {
    const { articles } = await store.stats();
    if (!prior || prior.articles !== articles) prior = { articles, counts: await count(store) };
    return prior.counts;
  }
};

/** The compare stage and the profile reductions, loaded with the first request that needs them. */
async function loadProfiles() {
  const [{ corpusBackground }, { compareStoriesOf }, { outletProfile, versus }] = await Promise.all([
    import('../../compare/index.js'),
    import('../../compare/outlets.js'),
    import('../../compare/profile.js'),
  ]);
  return { corpusBackground, compareStoriesOf, outletProfile, versus };
}

const OUTLET_NAME = {
  type: 'string',
  minLength: 1,
  maxLength: 200,
  description: 'Outlet name (case-insensitive)',
} as const;

/** Stories a profile compares, largest first: each is a full comparison, so the cap keeps an answer within seconds. */
const STORIES_QUERY = {
  type: 'object',
  additionalProperties: false,
  properties: { stories: { type: 'integer', minimum: 1, maximum: 50, default: 10 } },
} as const;

const TALLY = {
  type: 'object',
  required: ['name', 'count', 'stories', 'evidence'],
  properties: {
    name: { type: 'string' },
    count: { type: 'integer' },
    stories: { type: 'integer', description: 'Stories it counts in' },
    evidence: {
      type: 'array',
      description: 'The first sentences behind it: article id, [start, end) offsets into its body, story id',
      items: {
        type: 'object',
        required: ['article', 'start', 'end', 'story'],
        properties: {
          article: { type: 'string' },
          start: { type: 'integer' },
          end: { type: 'integer' },
          story: { type: 'string' },
        },
      },
    },
  },
} as const;

const PROFILE = {
  type: 'object',
  required: [
    'outlet',
    'stories',
    'voices',
    'framing',
    'labels',
    'exclusives',
    'omissions',
    'first',
    'medianHoursAfterFirst',
    'tone',
  ],
  properties: {
    outlet: { type: 'string' },
    stories: { type: 'array', items: { type: 'string' }, description: 'Ids of the stories compared' },
    voices: { type: 'array', items: TALLY },
    framing: { type: 'array', items: TALLY },
    labels: { type: 'array', items: TALLY },
    exclusives: { type: 'integer' },
    omissions: { type: 'integer' },
    first: { type: 'integer', description: 'Stories it reported first' },
    medianHoursAfterFirst: { type: ['number', 'null'] },
    tone: { type: ['number', 'null'], description: 'Mean lexicon-based tone (AFINN-165, per word)' },
  },
} as const;

import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeStore } from '../src/analyzing.js';
import { ingestOptions } from '../src/ingest/options.js';
import { linkStore } from '../src/linking.js';
import { ingest } from '../src/pipeline.js';
import { PostgresStore } from '../src/store/postgres.js';
import { SqliteStore } from '../src/store/sqlite.js';
import type { Store } from '../src/store/store.js';
import { ROOT } from './helpers/cli.js';
import { type TestPostgres, startPostgres } from './helpers/postgres.js';

/** The demo corpus: every folder of examples/, as `dossier demo` ingests it. */
const EXAMPLES = join(ROOT, 'examples');
const INPUTS = readdirSync(EXAMPLES, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => join(EXAMPLES, e.name))
  .sort();

/** Ingest, analyze and link, as `dossier ingest` does. */
async function build(store: Store): Promise<void> {
  const summary = await ingest(INPUTS, store, ingestOptions({ allowPrivate: false, fetchLinks: false }), {
    batchSize: 7,
  });
  expect(summary.new).toBeGreaterThan(10);
  await analyzeStore(store, { batchSize: 5 });
  await linkStore(store);
}

/** Everything the CLI and the server can read of a dossier, except search scores (each backend ranks its own way). */
async function snapshot(store: Store) {
  const articles = await store.listArticles({}, 10_000);
  const entities = await store.listEntities({}, 10_000);
  const stories = await store.listStories({}, 10_000);
  const claims = await store.listClaims({}, 10_000);
  const { linkedAt: _linkedAt, ...linkState } = await store.linkState();
  const hits = await store.search('ceasefire', {}, 1000);
  return {
    stats: await store.stats(),
    outlets: await store.listOutlets(),
    articles,
    full: await Promise.all(articles.map((a) => store.getArticle(a.id))),
    analyses: await Promise.all(articles.map((a) => store.getAnalysis(a.id))),
    entities,
    entityDetails: await Promise.all(entities.slice(0, 25).map((e) => store.getEntity(e.key))),
    quotes: await store.listQuotes({}, 10_000),
    coMentions: await store.coMentions(null, 30),
    stories,
    storyDetails: await Promise.all(stories.map((s) => store.getStory(s.id))),
    claims,
    claimDetails: await Promise.all(claims.map((c) => store.getClaim(c.id))),
    linkState,
    searchHits: hits.map((h) => h.id).sort(),
    searchOutlets: await store.searchOutlets('ceasefire', {}),
  };
}

let postgres: TestPostgres;
beforeAll(async () => {
  postgres = await startPostgres();
});
afterAll(async () => {
  await postgres?.stop();
});

describe('SQLite and PostgreSQL stores', () => {
  it('hold the same articles, entities, quotes, stories and claims after the same ingest', async () => {
    const sqlite = new SqliteStore(join(mkdtempSync(join(tmpdir(), 'dossier-equiv-')), 'd.db'));
    const pg = new PostgresStore(await postgres.database());
    try {
      await build(sqlite);
      await build(pg);
      const [expected, actual] = [await snapshot(sqlite), await snapshot(pg)];
      // the corpus exercises every part: stories of several articles, quotes with speakers, claims
      expect(expected.stories.some((s) => s.articles > 1)).toBe(true);
      expect(expected.quotes.some((q) => q.speaker.entity)).toBe(true);
      expect(expected.claims.length).toBeGreaterThan(0);
      expect(expected.searchHits.length).toBeGreaterThan(1);
      for (const key of Object.keys(expected) as Array<keyof typeof expected>) {
        expect({ [key]: actual[key] }).toEqual({ [key]: expected[key] });
      }
    } finally {
      await sqlite.close();
      await pg.close();
    }
  });
});

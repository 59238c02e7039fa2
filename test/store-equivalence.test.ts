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
import { snapshot } from './helpers/snapshot.js';

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

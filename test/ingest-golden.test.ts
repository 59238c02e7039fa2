/**
 * What ingest stores, row by row, for the demo corpus, the seeds and the
 * encoding fixtures: article ids, bodies, metadata and sources must not
 * change when the ingest path is made faster. Each stored row is kept as a
 * hash (no text of the corpora is copied here). After a deliberate change of
 * extraction output, rewrite the fixture with
 * `DOSSIER_UPDATE_GOLDEN=1 npx vitest run test/ingest-golden.test.ts` and say
 * why in the commit.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ingestOptions } from '../src/ingest/options.js';
import { ingest } from '../src/pipeline.js';
import { SqliteStore } from '../src/store/sqlite.js';
import { ROOT, SEEDS, tempDir } from './helpers/cli.js';

const FIXTURE = join(ROOT, 'test', 'fixtures', 'ingest-golden.json');

const INPUTS = [
  ...readdirSync(join(ROOT, 'examples'), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => join(ROOT, 'examples', e.name))
    .sort(),
  join(ROOT, 'test', 'fixtures', 'encodings', 'files'),
  SEEDS,
];

/** The columns ingest writes (not the times of writing, not row numbers). */
const ARTICLE_COLUMNS =
  'id, title, outlet, published, published_utc, language, canonical_url, authors, body, removed, meta, pipeline';
const SOURCE_COLUMNS = 'source, url, raw_hash, charset, outlet, title, published';

interface Golden {
  /** Per input or record: `SOURCE id ROW-HASH`, or `SOURCE CODE` for a problem, in source order. */
  rows: string[];
}

const hash = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
const shown = (source: string) => relative(ROOT, source);

async function storedRows(): Promise<Golden> {
  const path = join(tempDir(), 'golden.db');
  const store = new SqliteStore(path);
  const summary = await ingest(INPUTS, store, ingestOptions({ fetchLinks: false }), { batchSize: 7 });
  await store.close();
  const db = new Database(path, { readonly: true });
  const rows: string[] = summary.problems.map((p) => `${shown(p.source)} ${p.code}`);
  const articles = db.prepare(`SELECT rowid, ${ARTICLE_COLUMNS} FROM articles`).all() as Array<{
    rowid: number;
    id: string;
  }>;
  const sources = db.prepare(`SELECT ${SOURCE_COLUMNS} FROM sources WHERE article_rowid = ? ORDER BY source`);
  for (const { rowid, ...article } of articles) {
    for (const source of sources.all(rowid) as Array<{ source: string }>) {
      const row = { ...source, source: shown(source.source) };
      rows.push(`${row.source} ${article.id} ${hash([article, row])}`);
    }
  }
  db.close();
  return { rows: rows.sort() };
}

describe('stored rows of the demo corpus, the seeds and the encoding fixtures', () => {
  it('are the same as before', async () => {
    const got = await storedRows();
    if (process.env.DOSSIER_UPDATE_GOLDEN) writeFileSync(FIXTURE, `${JSON.stringify(got, null, 2)}\n`);
    const want = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Golden;
    expect(got.rows.length).toBeGreaterThan(40);
    expect(got.rows).toEqual(want.rows);
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestOptions } from '../ingest/index.js';
import { ingest } from '../pipeline.js';
import { SqliteStore, type Store } from '../store/index.js';
import { pooledStore, ReaderPool } from './reader-pool.js';
import { startServer } from './index.js';

const EXAMPLES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples');

// the reader threads run the build (dist/): `npm test` builds first
describe('reader threads', () => {
  let db: string;
  let direct: SqliteStore;
  let pooled: Store;
  let pool: ReaderPool;

  beforeAll(async () => {
    db = join(mkdtempSync(join(tmpdir(), 'dossier-readers-')), 'd.db');
    const writer = new SqliteStore(db);
    await ingest([join(EXAMPLES, 'text'), join(EXAMPLES, 'html')], writer, ingestOptions({ fetchLinks: false }));
    pool = await ReaderPool.open(db, 2);
    pooled = pooledStore(writer, pool);
    direct = new SqliteStore(db, { readonly: true });
  });
  afterAll(async () => {
    await pooled.close();
    await direct.close();
  });

  it('answers every read as the store on this thread does', async () => {
    expect(pool.size).toBe(2);
    const [first] = await direct.listArticles({}, 1);
    expect(first).toBeDefined();
    const id = first?.id ?? '';
    const reads: Array<(s: Store) => Promise<unknown>> = [
      (s) => s.stats(),
      (s) => s.listOutlets(),
      (s) => s.listArticles({}, 5),
      (s) => s.listArticlesPage({}, 3),
      (s) => s.getArticle(id),
      (s) => s.getArticle('ffffffffffffffff'),
      (s) => s.search('minister', {}, 5),
      (s) => s.searchPage('minister', {}, 5),
      (s) => s.searchPage('minister', { outlet: 'Outlet 1' }, 5),
      (s) => s.getBodies([id]),
      (s) => s.listEntities({}, 5),
      (s) => s.listStories({}, 5),
      (s) => s.listQuotes({}, 5),
    ];
    for (const read of reads) expect(await read(pooled)).toEqual(await read(direct));
    // a Map survives the crossing as a Map
    expect((await pooled.getBodies([id])).get(id)).toBe((await direct.getArticle(id))?.body);
  });

  it('spreads concurrent reads over the threads and answers each its own', async () => {
    const ids = (await direct.listArticles({}, 20)).map((a) => a.id);
    const answers = await Promise.all(ids.map((id) => pooled.getBodies([id])));
    expect(answers.map((bodies) => [...bodies.keys()])).toEqual(ids.map((id) => [id]));
  });

  it('keeps the error code of a failed read', async () => {
    await expect(pooled.listQuotes({ since: 'not a date' }, 5)).rejects.toMatchObject({
      name: 'DossierError',
      code: 'DOSSIER_E_OPTION',
    });
    // and goes on answering
    expect((await pooled.stats()).articles).toBeGreaterThan(0);
  });

  it('sees what the main thread writes', async () => {
    const before = (await pooled.stats()).articles;
    const file = join(mkdtempSync(join(tmpdir(), 'dossier-readers-new-')), 'new.txt');
    writeFileSync(
      file,
      'A fresh report\n\nThe harbour master said the ferry would sail again on Monday after repairs.',
    );
    await ingest([file], pooled, ingestOptions({ fetchLinks: false }));
    expect((await pooled.stats()).articles).toBe(before + 1);
  });

  it('refuses a file that is no dossier, naming it', async () => {
    const bad = join(mkdtempSync(join(tmpdir(), 'dossier-readers-bad-')), 'missing.db');
    await expect(ReaderPool.open(bad, 1)).rejects.toThrow(/missing\.db/);
    await expect(ReaderPool.open(db, 0)).rejects.toThrow(/--readers 0/);
  });

  it('serves over HTTP through the threads, and with none', async () => {
    for (const readers of [2, 0]) {
      const server = await startServer(db, { port: 0, uiDir: null, readers });
      try {
        const res = await fetch(`${server.url}api/stats`);
        expect(res.status).toBe(200);
        expect(((await res.json()) as { articles: number }).articles).toBe((await direct.stats()).articles);
        expect((await fetch(`${server.url}api/articles?since=nope`)).status).toBe(400);
      } finally {
        await server.close();
      }
    }
  });
});

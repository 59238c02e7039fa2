import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestOptions } from '../ingest/index.js';
import { ingest } from '../pipeline.js';
import { SqliteStore } from '../store/index.js';
import { buildApp, type RunningServer, serveOptions, startServer } from './index.js';

const EXAMPLES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples');
const TOKEN = 'a-test-token-long-enough';

/** A dossier of the demo corpus's text, HTML and export folders. */
async function demoDossier(): Promise<string> {
  const db = join(mkdtempSync(join(tmpdir(), 'dossier-server-')), 'demo.db');
  const store = new SqliteStore(db);
  await ingest(
    ['text', 'html', 'exports'].map((f) => join(EXAMPLES, f)),
    store,
    ingestOptions({ fetchLinks: false }),
  );
  await store.close();
  return db;
}

/** A UI folder with a secret beside it and one above it, for the path traversal tests. */
function fakeUi(): string {
  const root = mkdtempSync(join(tmpdir(), 'dossier-ui-'));
  const ui = join(root, 'web');
  mkdirSync(join(ui, 'assets'), { recursive: true });
  writeFileSync(join(ui, 'index.html'), '<!doctype html><title>shell</title>');
  writeFileSync(join(ui, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(ui, 'assets', '.hidden'), 'SECRET-DOTFILE');
  writeFileSync(join(ui, 'secret.txt'), 'SECRET-BESIDE');
  writeFileSync(join(root, 'secret.txt'), 'SECRET-ABOVE');
  return ui;
}

const json = (r: { body: string }) => JSON.parse(r.body);

describe('HTTP API (read-only)', () => {
  let db: string;
  let store: SqliteStore;
  let app: FastifyInstance;

  beforeAll(async () => {
    db = await demoDossier();
    store = new SqliteStore(db, { readonly: true });
    app = await buildApp(store, serveOptions({ uiDir: null, maxLimit: 50 }));
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it('answers stats', async () => {
    const r = await app.inject('/api/stats');
    expect(r.statusCode).toBe(200);
    expect(json(r)).toMatchObject({ ingest: false, maxLimit: 50 });
    expect(json(r).articles).toBeGreaterThan(15);
  });

  it('pages through every article with the cursor, in the listing order, without repeats', async () => {
    const all = await store.listArticles({}, 1000);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r = await app.inject({ url: '/api/articles', query: { limit: '4', ...(cursor ? { cursor } : {}) } });
      expect(r.statusCode).toBe(200);
      const page = json(r) as { items: Array<{ id: string }>; next: string | null };
      expect(page.items.length).toBeLessThanOrEqual(4);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.next;
      pages++;
    } while (cursor && pages < 100);
    expect(seen).toEqual(all.map((a) => a.id));
    expect(pages).toBe(Math.ceil(all.length / 4));
  });

  it('filters articles by outlet and dates', async () => {
    const r = await app.inject('/api/articles?outlet=ktv%20world&since=2027-03-10&until=2027-03-31&limit=50');
    expect(r.statusCode).toBe(200);
    const items = json(r).items as Array<{ outlet: string; published: string }>;
    expect(items.length).toBeGreaterThan(0);
    for (const a of items) expect(a.published >= '2027-03-10').toBe(true);
  });

  it.each([
    ['/api/articles?limit=51', 'limit'],
    ['/api/articles?limit=0', 'limit'],
    ['/api/articles?limit=ten', 'limit'],
    ['/api/articles?since=yesterday', 'since'],
    ['/api/articles?until=2027-02-30T99:00', 'until'],
    ['/api/articles?since=2027-13-45', 'since'],
    ['/api/articles?cursor=bm90LWEtY3Vyc29y', 'cursor'],
    ['/api/articles?sort=title', 'sort'],
    ['/api/articles/not-an-id', 'id'],
    ['/api/search', 'q'],
    ['/api/search?q=', 'q'],
    [`/api/search?q=${'a'.repeat(501)}`, 'q'],
    ['/api/search?q=ceasefire&limit=1000', 'limit'],
    ['/api/search?q=ceasefire&outlet=', 'outlet'],
    ['/api/search?q=ceasefire&story=not-a-story', 'story'],
    ['/api/search?q=ceasefire&entity=', 'entity'],
    [`/api/articles?language=${'x'.repeat(36)}`, 'language'],
    ['/api/quotes?story=zz', 'story'],
    ['/api/stories?entity=LOC:x', 'entity'],
  ])('answers 400 naming the parameter: %s', async (url, param) => {
    const r = await app.inject(url);
    expect(r.statusCode, r.body).toBe(400);
    const { error } = json(r);
    expect(error.code).toBe('DOSSIER_E_PARAM');
    expect(error.param).toBe(param);
    expect(error.message).toContain(param);
  });

  it('answers 404 with a code for an unknown article and an unknown route', async () => {
    const article = await app.inject('/api/articles/0123456789abcdef');
    expect(article.statusCode).toBe(404);
    expect(json(article).error.code).toBe('DOSSIER_E_NOT_FOUND');
    const route = await app.inject('/api/nothing-here');
    expect(route.statusCode).toBe(404);
    expect(json(route).error.code).toBe('DOSSIER_E_NOT_FOUND');
  });

  it('shows an article with its body, removed parts and every source', async () => {
    const [first] = await store.listArticles({}, 1);
    const r = await app.inject(`/api/articles/${first?.id.slice(0, 8)}`);
    expect(r.statusCode).toBe(200);
    const a = json(r);
    expect(a.id).toBe(first?.id);
    expect(a.body.length).toBeGreaterThan(100);
    expect(Array.isArray(a.removed)).toBe(true);
    expect(a.sources[0]).toMatchObject({ outlet: expect.any(String), title: expect.any(String) });
    expect(a.found.title).toMatchObject({ value: a.title, via: expect.any(String) });
  });

  it('searches with snippets, highlight ranges and the outlet facet', async () => {
    const r = await app.inject('/api/search?q=ceasefire&limit=50');
    expect(r.statusCode).toBe(200);
    const { hits, outlets } = json(r) as {
      hits: Array<{ snippet: string; highlights: Array<[number, number]>; outlet: string; published: string | null }>;
      outlets: Array<{ name: string; hits: number }>;
    };
    expect(hits.length).toBeGreaterThan(5);
    for (const h of hits) {
      const [s, e] = h.highlights[0] ?? [0, 0];
      expect(h.snippet.slice(s, e).toLowerCase()).toBe('ceasefire');
    }
    expect(outlets.length).toBeGreaterThanOrEqual(5);
    // a small dossier: every match counted, hits ranked, and the date histogram adds up to the dated matches
    const { matched, counted, sampled, order, days } = json(r) as {
      matched: number;
      counted: number;
      sampled: boolean;
      order: string;
      days: Array<{ day: string; hits: number }>;
    };
    expect({ sampled, order }).toEqual({ sampled: false, order: 'relevance' });
    expect(matched).toBe(hits.length);
    expect(counted).toBe(matched);
    expect(days.reduce((s, d) => s + d.hits, 0)).toBe(hits.filter((h) => h.published).length);
    expect(days.map((d) => d.day)).toEqual(days.map((d) => d.day).sort());
    const one = outlets[0] as { name: string; hits: number };
    // the facet ignores the outlet filter, the hits obey it
    const filtered = json(await app.inject(`/api/search?q=ceasefire&limit=50&outlet=${encodeURIComponent(one.name)}`));
    expect(filtered.hits).toHaveLength(one.hits);
    expect(filtered.outlets).toEqual(outlets);
  });

  it('lists outlets with counts', async () => {
    const { items } = json(await app.inject('/api/outlets'));
    expect(items.map((o: { name: string }) => o.name)).toContain('Continental Wire');
    for (const o of items) expect(o.articles).toBeGreaterThan(0);
  });

  it('refuses POST /api/articles with 403 before reading the body, storing nothing', async () => {
    const before = await store.stats();
    const r = await app.inject({
      method: 'POST',
      url: '/api/articles',
      headers: { 'content-type': 'text/plain' },
      payload: 'A new article that must not be stored.\n\nIt has two paragraphs of text to be sure.',
    });
    expect(r.statusCode).toBe(403);
    expect(json(r).error.code).toBe('DOSSIER_E_READ_ONLY');
    expect(await store.stats()).toEqual(before);
  });

  it('publishes an OpenAPI document with a schema for every route', async () => {
    const doc = json(await app.inject('/api/openapi.json'));
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of ['/api/stats', '/api/outlets', '/api/articles', '/api/articles/{id}', '/api/search']) {
      expect(doc.paths[path]?.get, path).toBeDefined();
      expect(doc.paths[path].get.responses['200'], path).toBeDefined();
      expect(doc.paths[path].get.responses['4XX'] ?? doc.paths[path].get.responses['4xx'], path).toBeDefined();
    }
    expect(doc.paths['/api/articles'].post).toBeDefined();
    expect(doc.paths['/api/search'].get.parameters.map((p: { name: string }) => p.name)).toContain('q');
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['Article', 'SearchHit', 'Error']));
  });

  it('sends no CORS headers unless origins are configured', async () => {
    const r = await app.inject({ url: '/api/stats', headers: { origin: 'https://evil.example' } });
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
    const cors = await buildApp(store, serveOptions({ uiDir: null, corsOrigins: ['https://ok.example'] }));
    const ok = await cors.inject({ url: '/api/stats', headers: { origin: 'https://ok.example' } });
    expect(ok.headers['access-control-allow-origin']).toBe('https://ok.example');
    const other = await cors.inject({ url: '/api/stats', headers: { origin: 'https://evil.example' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    await cors.close();
  });
});

describe('POST /api/articles with --allow-ingest', () => {
  let store: SqliteStore;
  let app: FastifyInstance;

  beforeAll(async () => {
    store = new SqliteStore(join(mkdtempSync(join(tmpdir(), 'dossier-ingest-')), 'd.db'));
    app = await buildApp(store, serveOptions({ uiDir: null, allowIngest: true, maxUploadBytes: 64 * 1024 }));
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  const text =
    'Harbour workers end strike\n\nPORT SORVIK, March 9 - Dock workers voted on Monday to end a nine-day strike ' +
    'after the port authority agreed to a new shift pattern, union leaders said.\n\nThe vote was 412 to 97.';

  it('stores text through the ingest pipeline, then reports it present', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/articles?source=desk-1',
      payload: text,
      headers: { 'content-type': 'text/plain' },
    });
    expect(r.statusCode, r.body).toBe(201);
    const { results } = json(r);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ status: 'new', source: 'desk-1' });
    const again = await app.inject({
      method: 'POST',
      url: '/api/articles?source=desk-1',
      payload: text,
      headers: { 'content-type': 'text/plain' },
    });
    expect(again.statusCode).toBe(200);
    expect(json(again).results[0].status).toBe('present');
    const stored = json(await app.inject(`/api/articles/${results[0].id}`));
    expect(stored.body).toContain('nine-day strike');
    // an upload is analysed at once: its quotes are listed with the rest
    const notes = json(await app.inject(`/api/articles/${results[0].id}/annotations`));
    expect(
      notes.quotes.map((q: { speaker: { mention: { text: string } | null } }) => q.speaker.mention?.text),
    ).toContain('union leaders');
  });

  it('takes a JSON record with its stated fields', async () => {
    const record = { title: 'Given title', outlet: 'Posted Wire', published: '2027-03-20', text };
    const r = await app.inject({
      method: 'POST',
      url: '/api/articles',
      payload: JSON.stringify({ ...record, text: `${text} Extra.` }),
      headers: { 'content-type': 'application/json' },
    });
    expect(r.statusCode, r.body).toBe(201);
    const stored = json(await app.inject(`/api/articles/${json(r).results[0].id}`));
    expect(stored).toMatchObject({ title: 'Given title', outlet: 'Posted Wire', published: '2027-03-20' });
  });

  it('answers 422 with the pipeline code for input that holds no article', async () => {
    const binary = await app.inject({
      method: 'POST',
      url: '/api/articles',
      payload: Buffer.from([0, 1, 2, 3, 0, 0, 255, 254, 0, 7]),
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(binary.statusCode).toBe(422);
    expect(json(binary).error.code).toBe('DOSSIER_E_BINARY');
    const broken = await app.inject({
      method: 'POST',
      url: '/api/articles',
      payload: '{"title": "x", ',
      headers: { 'content-type': 'application/json' },
    });
    expect(broken.statusCode).toBe(422);
    expect(json(broken).error.code).toBe('DOSSIER_E_JSON');
  });

  it('answers 400 for an empty body and 413 past the size cap', async () => {
    const empty = await app.inject({
      method: 'POST',
      url: '/api/articles',
      payload: '',
      headers: { 'content-type': 'text/plain' },
    });
    expect(empty.statusCode).toBe(400);
    const big = await app.inject({
      method: 'POST',
      url: '/api/articles',
      payload: 'word '.repeat(20_000),
      headers: { 'content-type': 'text/plain' },
    });
    expect(big.statusCode).toBe(413);
    expect(json(big).error.code).toBe('DOSSIER_E_TOO_LARGE');
  });
});

describe('bind address and token', () => {
  it('binds 127.0.0.1 by default and refuses another address without a token', () => {
    expect(serveOptions().host).toBe('127.0.0.1');
    expect(() => serveOptions({ host: '0.0.0.0' })).toThrow(/--token or DOSSIER_TOKEN/);
    expect(() => serveOptions({ host: '192.168.1.10' })).toThrow(/--token/);
    expect(() => serveOptions({ host: '::' })).toThrow(/--token/);
    expect(() => serveOptions({ host: '0.0.0.0', token: 'short' })).toThrow(/at least 16/);
    expect(serveOptions({ host: '0.0.0.0', token: TOKEN }).token).toBe(TOKEN);
    expect(serveOptions({ host: '::1' }).host).toBe('::1');
    expect(serveOptions({ host: '127.0.0.2' }).host).toBe('127.0.0.2');
    expect(Object.isFrozen(serveOptions())).toBe(true);
  });

  it('does not start, nor open the dossier, on 0.0.0.0 without a token', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'dossier-refuse-')), 'never-created.db');
    await expect(startServer(db, { host: '0.0.0.0', port: 0, allowIngest: true })).rejects.toThrow(/--token/);
  });

  it('requires the bearer token on every API route, and leaves the UI shell open', async () => {
    const store = new SqliteStore(join(mkdtempSync(join(tmpdir(), 'dossier-token-')), 'd.db'));
    const app = await buildApp(store, serveOptions({ token: TOKEN, uiDir: fakeUi(), allowIngest: true }));
    const get = (url: string, authorization?: string) =>
      app.inject({ url, headers: authorization ? { authorization } : {} });
    for (const url of [
      '/api/stats',
      '/api/articles',
      '/api/search?q=x',
      '/api/openapi.json',
      '/api/nope',
      '/%61pi/stats',
    ]) {
      const none = await get(url);
      expect(none.statusCode, url).toBe(401);
      expect(json(none).error.code).toBe('DOSSIER_E_AUTH');
      expect((await get(url, 'Bearer wrong-token-of-some-length')).statusCode, url).toBe(401);
      expect((await get(url, `Basic ${TOKEN}`)).statusCode, url).toBe(401);
    }
    expect((await get('/api/stats', `Bearer ${TOKEN}`)).statusCode).toBe(200);
    const post = await app.inject({
      method: 'POST',
      url: '/api/articles',
      payload: 'x',
      headers: { 'content-type': 'text/plain' },
    });
    expect(post.statusCode).toBe(401);
    expect((await get('/')).statusCode).toBe(200);
    expect((await get('/assets/app.js')).statusCode).toBe(200);
    await app.close();
    await store.close();
  });
});

describe('UI files', () => {
  let server: RunningServer;
  const raw = (path: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const url = new URL(server.url);
      // a raw path, sent as written: no client-side normalisation of `..`
      const req = httpRequest({ host: url.hostname, port: url.port, path, method: 'GET' }, (res) => {
        let body = '';
        res.on('data', (d) => {
          body += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });

  beforeAll(async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'dossier-ui-db-')), 'd.db');
    new SqliteStore(db).close();
    server = await startServer(db, { port: 0, uiDir: fakeUi() });
  });
  afterAll(async () => {
    await server.close();
  });

  it('listens on 127.0.0.1 and serves the shell at UI paths with a strict CSP', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    for (const path of ['/', '/search?q=x', '/articles/0123456789abcdef', '/outlets']) {
      const r = await server.app.inject(path);
      expect(r.statusCode, path).toBe(200);
      expect(r.body).toContain('<title>shell</title>');
      expect(r.headers['content-security-policy']).toContain("script-src 'self'");
      expect(r.headers['content-security-policy']).not.toContain('unsafe-inline');
      expect(r.headers['x-content-type-options']).toBe('nosniff');
    }
    expect((await raw('/assets/app.js')).body).toBe('console.log(1)');
  });

  it.each([
    '/assets/../secret.txt',
    '/assets/../../secret.txt',
    '/assets/%2e%2e/secret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/assets/..%2fsecret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/assets/..%5c..%5csecret.txt',
    '/assets/....//secret.txt',
    '/assets/%252e%252e/secret.txt',
    '/assets/.hidden',
    '/assets/%2ehidden',
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/secret.txt',
    '/index.html/../secret.txt',
    '/assets//etc/passwd',
    '/assets/%2fetc%2fpasswd',
    '/assets/..%00/secret.txt',
  ])('never serves a file outside the UI assets: %s', async (path) => {
    const r = await raw(path);
    expect(r.body).not.toMatch(/SECRET|root:/);
    expect(r.status).toBeGreaterThanOrEqual(400);
  });
});

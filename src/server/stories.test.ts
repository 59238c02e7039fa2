import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestOptions } from '../ingest/index.js';
import { analyzeStore } from '../analyzing.js';
import { linkStore } from '../linking.js';
import { ingest } from '../pipeline.js';
import { SqliteStore } from '../store/index.js';
import { buildApp, serveOptions } from './index.js';

const EXAMPLES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples');
const json = (r: { body: string }) => JSON.parse(r.body);

interface Summary {
  id: string;
  label: string;
  articles: number;
  outlets: string[];
  duplicateGroups: number;
}

describe('story routes', () => {
  let store: SqliteStore;
  let app: FastifyInstance;

  beforeAll(async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'dossier-stories-api-')), 'demo.db');
    const writer = new SqliteStore(db);
    await ingest(
      ['text', 'html', 'exports'].map((f) => join(EXAMPLES, f)),
      writer,
      ingestOptions({ fetchLinks: false }),
    );
    await analyzeStore(writer);
    await linkStore(writer);
    await writer.close();
    store = new SqliteStore(db, { readonly: true });
    app = await buildApp(store, serveOptions({ uiDir: null, maxLimit: 50 }));
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it('lists stories, most articles first, and says they are up to date', async () => {
    const r = await app.inject('/api/stories?limit=50');
    expect(r.statusCode).toBe(200);
    const body = json(r) as { items: Summary[]; stale: boolean };
    expect(body.stale).toBe(false);
    const sizes = body.items.map((s) => s.articles);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    const total = sizes.reduce((a, b) => a + b, 0);
    expect(total).toBe((await store.stats()).articles);
    expect(body.items[0]?.label).toMatch(/\S · \S/);
  });

  it('filters by search, article, size, outlet and dates', async () => {
    const q = json(await app.inject('/api/stories?q=Halberd&limit=50')) as { items: Summary[] };
    expect(q.items.length).toBeGreaterThan(0);
    const story = q.items[0] as Summary;
    const detail = json(await app.inject(`/api/stories/${story.id}`));
    const articleId = detail.items[0].id as string;
    const byArticle = json(await app.inject(`/api/stories?article=${articleId.slice(0, 8)}`)) as { items: Summary[] };
    expect(byArticle.items.map((s) => s.id)).toEqual([story.id]);
    const big = json(await app.inject('/api/stories?min=2&limit=50')) as { items: Summary[] };
    for (const s of big.items) expect(s.articles).toBeGreaterThanOrEqual(2);
    const outlet = json(await app.inject('/api/stories?outlet=Valdara%20Today&limit=50')) as { items: Summary[] };
    for (const s of outlet.items) expect(s.outlets).toContain('Valdara Today');
    const none = json(await app.inject('/api/stories?since=2030-01-01')) as { items: Summary[] };
    expect(none.items).toEqual([]);
  });

  it('shows a story with its articles by outlet and its duplicate groups', async () => {
    const { items } = json(await app.inject('/api/stories?limit=50')) as { items: Summary[] };
    const withDup = items.find((s) => s.duplicateGroups > 0) as Summary;
    const r = await app.inject(`/api/stories/${withDup.id.slice(0, 6)}`);
    expect(r.statusCode).toBe(200);
    const story = json(r);
    expect(story.id).toBe(withDup.id);
    const outlets = story.items.map((i: { outlet: string }) => i.outlet);
    expect(outlets).toEqual([...outlets].sort((a: string, b: string) => a.localeCompare(b, 'en')));
    expect(story.duplicates.length).toBe(withDup.duplicateGroups);
    expect(story.duplicates[0].members.length).toBeGreaterThanOrEqual(2);
  });

  it('answers 404 for an unknown story and 400 naming a bad parameter', async () => {
    const missing = await app.inject('/api/stories/0123456789abcdef');
    expect(missing.statusCode).toBe(404);
    expect(json(missing).error.code).toBe('DOSSIER_E_NOT_FOUND');
    for (const [url, param] of [
      ['/api/stories?limit=51', 'limit'],
      ['/api/stories?min=0', 'min'],
      ['/api/stories?article=xyz', 'article'],
      ['/api/stories?since=yesterday', 'since'],
      ['/api/stories?colour=red', 'colour'],
      [`/api/stories?q=${'a'.repeat(501)}`, 'q'],
    ] as const) {
      const r = await app.inject(url);
      expect(r.statusCode, url).toBe(400);
      expect(json(r).error.param, url).toBe(param);
    }
    expect((await app.inject('/api/stories/<script>')).statusCode).toBe(400);
  });

  it('documents both routes in the OpenAPI document', async () => {
    const doc = json(await app.inject('/api/openapi.json'));
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/stories', '/api/stories/{id}']));
  });

  it("compares the outlets of a story, every cell citing sentences of the story's articles", async () => {
    const list = json(await app.inject('/api/stories?min=3&limit=1')) as { items: Summary[] };
    const story = list.items[0] as Summary;
    const r = await app.inject(`/api/stories/${story.id}/compare`);
    expect(r.statusCode, r.body).toBe(200);
    const c = json(r) as {
      story: string;
      outlets: string[];
      facts: Array<{
        kind: string;
        cells: Record<string, { state: string; evidence: Array<{ article: string; start: number; end: number }> }>;
      }>;
      byOutlet: Array<{ outlet: string; framing: unknown[]; voices: unknown[] }>;
      toneMethod: string;
    };
    expect(c.story).toBe(story.id);
    expect(c.outlets.length).toBeGreaterThanOrEqual(2);
    expect(c.facts.length).toBeGreaterThan(0);
    expect(c.toneMethod).toMatch(/lexicon/i);
    const detail = json(await app.inject(`/api/stories/${story.id}`)) as { items: Array<{ id: string }> };
    const ids = new Set(detail.items.map((i) => i.id));
    let cited = 0;
    for (const fact of c.facts) {
      for (const cell of Object.values(fact.cells)) {
        for (const e of cell.evidence) {
          expect(ids.has(e.article)).toBe(true);
          const body = (json(await app.inject(`/api/articles/${e.article}`)) as { body: string }).body;
          expect(e.end).toBeLessThanOrEqual(body.length);
          expect(body.slice(e.start, e.end).trim().length).toBeGreaterThan(0);
          cited++;
        }
      }
    }
    expect(cited).toBeGreaterThan(0);
    const one = json(
      await app.inject(`/api/stories/${story.id}/compare?outlets=${encodeURIComponent(c.outlets[0] ?? '')}`),
    );
    expect(one.outlets).toEqual([c.outlets[0]]);
    const none = await app.inject(`/api/stories/${story.id}/compare?outlets=Nobody%20Press`);
    expect(none.statusCode).toBe(400);
    expect((await app.inject('/api/stories/ffffffffffffffff/compare')).statusCode).toBe(404);
  });

  it('profiles an outlet over its shared stories and sets two side by side, as the CLI does', async () => {
    const r = await app.inject('/api/outlets/continental%20wire/profile');
    expect(r.statusCode).toBe(200);
    const p = json(r) as {
      outlet: string;
      stories: string[];
      voices: Array<{ name: string; evidence: Array<{ article: string; start: number; end: number; story: string }> }>;
    };
    expect(p.outlet).toBe('Continental Wire');
    expect(p.stories.length).toBeGreaterThan(0);
    expect(p.voices.length).toBeGreaterThan(0);
    for (const v of p.voices) for (const e of v.evidence) expect(p.stories).toContain(e.story);
    const vs = json(await app.inject('/api/outlets/Continental%20Wire/vs/The%20Daily%20Klaxon?stories=5')) as {
      a: { outlet: string; stories: string[] };
      b: { outlet: string; stories: string[] };
      facts: { both: number; onlyA: number; onlyB: number };
    };
    expect([vs.a.outlet, vs.b.outlet]).toEqual(['Continental Wire', 'The Daily Klaxon']);
    expect(vs.a.stories).toEqual(vs.b.stories);
    expect(vs.a.stories.length).toBeLessThanOrEqual(5);
    expect(vs.facts.both + vs.facts.onlyA + vs.facts.onlyB).toBeGreaterThan(0);
    expect((await app.inject('/api/outlets/Nobody%20Press/profile')).statusCode).toBe(404);
    const self = await app.inject('/api/outlets/Continental%20Wire/vs/continental%20wire');
    expect(self.statusCode).toBe(400);
    expect(json(self).error.param).toBe('other');
    expect((await app.inject('/api/outlets/Continental%20Wire/profile?stories=0')).statusCode).toBe(400);
  });
});

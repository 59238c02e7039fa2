import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeStore } from '../analyzing.js';
import { ingestOptions } from '../ingest/index.js';
import { linkStore } from '../linking.js';
import { ingest } from '../pipeline.js';
import { SqliteStore } from '../store/index.js';
import { buildApp, serveOptions } from './index.js';

const SEEDS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'seeds');
const json = (r: { body: string }) => JSON.parse(r.body);

describe('entity, quote and annotation routes', () => {
  let store: SqliteStore;
  let app: FastifyInstance;

  beforeAll(async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'dossier-entities-api-')), 'seeds.db');
    const writer = new SqliteStore(db);
    await ingest([SEEDS], writer, ingestOptions({ fetchLinks: false }));
    await analyzeStore(writer);
    await linkStore(writer);
    await writer.close();
    store = new SqliteStore(db, { readonly: true });
    app = await buildApp(store, serveOptions({ uiDir: null, maxLimit: 50 }));
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it('lists entities by type and finds one by a folded name', async () => {
    const list = json(await app.inject('/api/entities?type=PRODUCT&limit=50')) as {
      items: Array<{ name: string; type: string; key: string }>;
    };
    expect(list.items.map((e) => e.name)).toContain('S-400');
    expect(list.items.every((e) => e.type === 'PRODUCT')).toBe(true);
    const s400 = list.items.find((e) => e.name === 'S-400');
    const one = await app.inject(`/api/entities/${encodeURIComponent(s400?.key ?? '')}`);
    expect(one.statusCode).toBe(200);
    expect(json(one)).toMatchObject({ name: 'S-400', type: 'PRODUCT' });
    expect(json(one).recent.length).toBeGreaterThan(1);
    const byName = await app.inject(`/api/entities/${encodeURIComponent('MEVLUT ÇAVUŞOĞLU')}`);
    expect(json(byName)).toMatchObject({ name: 'Mevlut Cavusoglu' });
    expect((json(byName).roles as Array<{ role: string }>).map((r) => r.role)).toContain('Foreign Minister');
    expect((await app.inject('/api/entities/nobody%20here')).statusCode).toBe(404);
  });

  it("draws an entity's co-mention network from its latest articles", async () => {
    const e = json(await app.inject(`/api/entities/${encodeURIComponent('Mevlut Cavusoglu')}`)) as {
      key: string;
      articles: number;
      related: Array<{ key: string; shared: number }>;
    };
    const g = json(await app.inject(`/api/entities/${encodeURIComponent(e.key)}/graph?nodes=12`)) as {
      articles: number;
      nodes: Array<{ key: string; articles: number }>;
      edges: Array<{ source: string; target: string; articles: number }>;
    };
    expect(g.articles).toBe(Math.min(e.articles, 200));
    expect(g.nodes.length).toBeLessThanOrEqual(12);
    // the entity itself is in every article drawn from, so it is among the first nodes
    expect(g.nodes[0]?.articles).toBe(g.articles);
    expect(g.nodes.find((n) => n.key === e.key)?.articles).toBe(g.articles);
    const keys = new Set(g.nodes.map((n) => n.key));
    for (const edge of g.edges) expect(keys.has(edge.source) && keys.has(edge.target)).toBe(true);
    // an edge from the entity counts what the entity page calls shared articles
    const top = e.related[0];
    const edge = g.edges.find(
      (x) => [x.source, x.target].includes(e.key) && [x.source, x.target].includes(top?.key ?? ''),
    );
    if (top && keys.has(top.key)) expect(edge?.articles).toBe(top.shared);
    expect((await app.inject('/api/entities/PERSON%3Anobody/graph')).statusCode).toBe(404);
    expect((await app.inject(`/api/entities/${encodeURIComponent(e.key)}/graph?nodes=1`)).statusCode).toBe(400);
  });

  it('lists quotes by speaker and kind and names a bad parameter', async () => {
    const r = json(await app.inject('/api/quotes?speaker=Cavusoglu&kind=direct&limit=50')) as {
      items: Array<{ kind: string; text: string; speaker: { name: string; mention: string }; article: { id: string } }>;
    };
    expect(r.items.length).toBeGreaterThanOrEqual(2);
    expect(r.items.every((q) => q.kind === 'direct' && /Cavusoglu/.test(q.speaker.name))).toBe(true);
    expect(r.items.map((q) => q.speaker.mention)).toContain('the minister');
    const bad = await app.inject('/api/quotes?kind=shouted');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/kind/);
  });

  it("gives an article's annotations as spans into its body", async () => {
    const quotes = json(await app.inject('/api/quotes?limit=1')) as { items: Array<{ article: { id: string } }> };
    const id = quotes.items[0]?.article.id ?? '';
    const article = json(await app.inject(`/api/articles/${id}`)) as { body: string };
    const notes = json(await app.inject(`/api/articles/${id}/annotations`)) as {
      version: string;
      entities: Array<{ start: number; end: number; text: string }>;
      quotes: Array<{ start: number; end: number; speaker: { mention: { text: string } | null } }>;
      sentences: Array<{ start: number; end: number }>;
    };
    expect(notes.version).toMatch(/^analyze@/);
    expect(notes.sentences.length).toBeGreaterThan(3);
    expect(notes.entities.length).toBeGreaterThan(3);
    for (const e of notes.entities) expect(article.body.slice(e.start, e.end)).toBe(e.text);
    expect(notes.quotes.length).toBeGreaterThan(0);
    expect(notes.quotes[0]?.speaker).toBeDefined();
    expect((await app.inject('/api/articles/ffffffffffffffff/annotations')).statusCode).toBe(404);
  });

  it('exports the dossier, a search and the co-mention network, and names a bad parameter', async () => {
    const all = await app.inject('/api/export');
    expect(all.statusCode).toBe(200);
    expect(all.headers['content-type']).toMatch(/application\/x-ndjson/);
    expect(all.headers['content-disposition']).toBe('attachment; filename="dossier.jsonl"');
    expect(all.body.trim().split('\n')).toHaveLength((await store.stats()).articles);
    const csv = await app.inject('/api/export?format=csv&q=Idlib');
    const hits = json(await app.inject('/api/search?q=Idlib&limit=50')).hits as unknown[];
    expect(csv.body.trim().split('\r\n')[0]).toBe('id,outlet,published,title,url,language,authors,sources,body');
    expect(csv.headers['content-disposition']).toMatch(/dossier-search\.csv/);
    expect(hits.length).toBeGreaterThan(0);
    const graph = await app.inject('/api/export?format=graphml');
    expect(graph.body).toMatch(/<graphml[^>]*>[\s\S]*<node id="[^"]+">[\s\S]*<edge /);
    expect((await app.inject('/api/export?story=ffffffffffffffff')).statusCode).toBe(404);
    const bad = await app.inject('/api/export?format=xlsx');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/format/);
  });

  it('lists claims and shows one with statements pointing into their articles', async () => {
    const list = json(await app.inject('/api/claims?entity=NATO')) as {
      items: Array<{ id: string; articles: number; text: string }>;
    };
    const nato = list.items.find((c) => /NATO/.test(c.text));
    expect(nato?.articles).toBeGreaterThanOrEqual(3);
    const one = await app.inject(`/api/claims/${encodeURIComponent(nato?.id ?? '')}`);
    expect(one.statusCode).toBe(200);
    const claim = json(one) as { statements: Array<{ article: string; start: number; end: number; text: string }> };
    for (const st of claim.statements) {
      const body = (json(await app.inject(`/api/articles/${st.article}`)) as { body: string }).body;
      expect(body.slice(st.start, st.end)).toBe(st.text);
    }
    expect((await app.inject('/api/claims/ffff0000:1')).statusCode).toBe(404);
    expect((await app.inject('/api/claims/not-a-claim')).statusCode).toBe(400);
  });

  it("gives a story's summary and dated events, each citing sentences", async () => {
    const stories = json(await app.inject('/api/stories?limit=50')) as { items: Array<{ id: string }> };
    let events = 0;
    for (const s of stories.items) {
      const t = json(await app.inject(`/api/stories/${s.id}/timeline`)) as {
        summary: Array<{ text: string; citations: Array<{ articleId: string; start: number; end: number }> }>;
        events: Array<{ date: string; citations: Array<{ articleId: string; start: number; end: number }> }>;
      };
      expect(t.summary.length).toBeGreaterThan(0);
      for (const e of t.events) {
        expect(e.date).toMatch(/^\d{4}/);
        expect(e.citations.length).toBeGreaterThan(0);
      }
      events += t.events.length;
    }
    expect(events).toBeGreaterThan(0);
    expect((await app.inject('/api/stories/ffffffffffffffff/timeline')).statusCode).toBe(404);
  });

  it('gives the entity facet of a search over its best matches', async () => {
    const r = json(await app.inject('/api/search?q=Patriot&limit=50')) as {
      hits: Array<{ id: string }>;
      entities: Array<{ key: string; name: string; hits: number }>;
    };
    expect(r.hits.length).toBeGreaterThan(1);
    expect(r.entities.map((e) => e.name)).toContain('Mevlut Cavusoglu');
    const counts = r.entities.map((e) => e.hits);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(Math.max(...counts)).toBeLessThanOrEqual(r.hits.length);
    const none = json(await app.inject('/api/search?q=zzzzqqq&limit=50')) as { entities: unknown[] };
    expect(none.entities).toEqual([]);
  });
});

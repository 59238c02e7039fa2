import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../types.js';
import { SqliteStore } from './sqlite.js';
import { FACET_SAMPLE, SEARCH_SAMPLE } from './store.js';

const found = <T>(value: T) => ({ value, via: 'test', confidence: 1 });

function article(n: number, body: string, title = `Report ${n}`): Article {
  const id = n.toString(16).padStart(16, '0');
  const outlet = `Outlet ${n % 3}`;
  const published = `2024-03-${String(1 + (n % 5)).padStart(2, '0')}T08:00:00Z`;
  return {
    id,
    title: found(title),
    outlet: found(outlet),
    published: found(published),
    authors: [],
    language: null,
    canonicalUrl: null,
    modified: null,
    section: null,
    tags: [],
    body,
    removed: [],
    sources: [{ source: `${id}.txt`, url: null, rawHash: id, charset: 'utf-8', outlet, title: id, published }],
    pipeline: 'test',
  };
}

/** Every article says "ceasefire"; a few also name Sorvik (twice in the title of one). */
const COUNT = SEARCH_SAMPLE + 50;
const SORVIK = [3, 400, 777];

describe('search with a bounded cost', () => {
  let store: SqliteStore;
  beforeAll(async () => {
    store = new SqliteStore(join(mkdtempSync(join(tmpdir(), 'dossier-search-')), 'search.db'));
    const articles = Array.from({ length: COUNT }, (_, i) =>
      article(
        i,
        `Talks on a ceasefire went on in the capital, day ${i}.${SORVIK.includes(i) ? ' Sorvik observers came.' : ''}`,
        i === 400 ? 'Sorvik and Sorvik again' : undefined,
      ),
    );
    await store.putArticles(articles);
  });
  afterAll(() => store.close());

  it('ranks a narrow query by BM25 and counts every match exactly', async () => {
    const hits = await store.search('Sorvik', {}, 10);
    expect(hits.map((h) => h.id)).toHaveLength(3);
    // the title weighs four times the body: the article with Sorvik in its title comes first
    expect(hits[0]?.id).toBe((400).toString(16).padStart(16, '0'));
    for (const h of hits) expect(h.score).toBeGreaterThan(0);
    const facets = await store.searchFacets('Sorvik', {});
    expect(facets).toMatchObject({ matched: 3, counted: 3, sampled: false });
    expect(facets.outlets.reduce((s, o) => s + o.hits, 0)).toBe(3);
    expect(facets.days.reduce((s, d) => s + d.hits, 0)).toBe(3);
  });

  it(`answers a query matching more than ${SEARCH_SAMPLE} articles from the newest matches, and says so`, async () => {
    const hits = await store.search('ceasefire', {}, 20);
    expect(hits).toHaveLength(20);
    // newest stored first, unranked
    expect(hits.map((h) => h.id)).toEqual(
      Array.from({ length: 20 }, (_, i) => (COUNT - 1 - i).toString(16).padStart(16, '0')),
    );
    for (const h of hits) {
      expect(h.score).toBeNull();
      // the snippet is the body's, with the match highlighted
      expect(h.snippet).toContain('Talks on a ceasefire went on');
      expect(h.highlights.map(([start, end]) => h.snippet.slice(start, end))).toEqual(['ceasefire']);
    }
    // with a filter every match passes, the walk checks each article row: the same newest matches
    const filtered = await store.search('ceasefire', { since: '2024-03-01' }, 20);
    expect(filtered.map((h) => [h.id, h.snippet])).toEqual(hits.map((h) => [h.id, h.snippet]));
    const facets = await store.searchFacets('ceasefire', {});
    expect(facets).toMatchObject({ matched: SEARCH_SAMPLE, counted: FACET_SAMPLE, sampled: true });
    expect(facets.outlets.reduce((s, o) => s + o.hits, 0)).toBe(FACET_SAMPLE);
    expect(facets.days.map((d) => d.day)).toEqual([
      '2024-03-01',
      '2024-03-02',
      '2024-03-03',
      '2024-03-04',
      '2024-03-05',
    ]);
    expect(facets.days.reduce((s, d) => s + d.hits, 0)).toBe(FACET_SAMPLE);
    // an export asks for more than the sample: it gets the newest that many
    expect(await store.search('ceasefire', {}, COUNT + 10)).toHaveLength(COUNT);
  });

  it('counts the outlet facet without the outlet filter, and the rest with it', async () => {
    const all = await store.searchFacets('Sorvik', {});
    const one = await store.searchFacets('Sorvik', { outlet: 'Outlet 0' });
    expect(one.outlets).toEqual(all.outlets);
    // 3 % 3 = 0 and 777 % 3 = 0: two of the three are Outlet 0's
    expect(one.matched).toBe(2);
    expect(await store.search('Sorvik', { outlet: 'Outlet 0' }, 10)).toHaveLength(2);
  });
});

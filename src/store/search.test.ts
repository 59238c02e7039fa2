import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../types.js';
import { dateTerms } from './search-terms.js';
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
/** Words around the match in Outlet 0's articles of the 5th (n % 15 === 9), so that a snippet is a window of them. */
const BEFORE = 'Negotiators from both delegations met again behind closed doors for a long session of hard talks. ';
const AFTER =
  ' Observers said the shelling near the crossing had stopped and the aid convoys were waiting at the border.';
const hex = (n: number) => n.toString(16).padStart(16, '0');

describe('search with a bounded cost', () => {
  let store: SqliteStore;
  beforeAll(async () => {
    store = new SqliteStore(join(mkdtempSync(join(tmpdir(), 'dossier-search-')), 'search.db'));
    const articles = Array.from({ length: COUNT }, (_, i) =>
      article(
        i,
        `${i % 15 === 9 ? BEFORE : ''}Talks on a ceasefire went on in the capital, day ${i}.${SORVIK.includes(i) ? ' Sorvik observers came.' : ''}${i % 15 === 9 ? AFTER : ''}`,
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
    const facets = await store.searchPage('Sorvik', {}, 10);
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
    const facets = await store.searchPage('ceasefire', {}, 20);
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
    const all = await store.searchPage('Sorvik', {}, 10);
    const one = await store.searchPage('Sorvik', { outlet: 'Outlet 0' }, 10);
    expect(one.outlets).toEqual(all.outlets);
    // 3 % 3 = 0 and 777 % 3 = 0: two of the three are Outlet 0's
    expect(one.matched).toBe(2);
    expect(await store.search('Sorvik', { outlet: 'Outlet 0' }, 10)).toHaveLength(2);
  });

  it('walks only the matches carrying the filter terms, and finds the same newest matches a row check would', async () => {
    // article n is Outlet n % 3's, published on 2024-03-(1 + n % 5); over 1,000 passing: the newest 20, else all
    const want = (keep: (n: number) => boolean) => {
      const kept = Array.from({ length: COUNT }, (_, i) => COUNT - 1 - i).filter(keep);
      return (kept.length > SEARCH_SAMPLE ? kept.slice(0, 20) : kept).map((n) => n.toString(16).padStart(16, '0'));
    };
    const ids = async (filter: Parameters<SqliteStore['search']>[1]) => {
      const hits = await store.search('ceasefire', filter, SEARCH_SAMPLE);
      return hits.length > 20
        ? hits
            .map((h) => h.id)
            .sort()
            .reverse()
        : hits.map((h) => h.id).slice(0, 20);
    };
    expect(await ids({ outlet: 'outlet 2' })).toEqual(want((n) => n % 3 === 2));
    expect(await ids({ since: '2024-03-02', until: '2024-03-03' })).toEqual(want((n) => [1, 2].includes(n % 5)));
    expect(await ids({ since: '2024-03-02' })).toEqual(want((n) => n % 5 >= 1));
    expect(await ids({ until: '2024-03-01' })).toEqual(want((n) => n % 5 === 0));
    // a bound with a time of day: the day terms narrow, the row decides (articles here are published at 08:00)
    expect(await ids({ since: '2024-03-02T12:00:00Z' })).toEqual(want((n) => n % 5 >= 2));
    expect(await ids({ until: '2024-03-03T07:00:00Z' })).toEqual(want((n) => n % 5 < 2));
    expect(await ids({ outlet: 'Outlet 1', until: '2024-03-02' })).toEqual(want((n) => n % 3 === 1 && n % 5 < 2));
    expect(await ids({ outlet: 'Outlet 7' })).toEqual([]);
    const facets = await store.searchPage('ceasefire', { outlet: 'Outlet 0', since: '2024-03-05' }, 20);
    // 1,050 articles: 70 are n % 15 === 9 (Outlet 0 and the 5th), so every one is counted and ranked
    expect(facets).toMatchObject({ matched: 70, counted: 70, sampled: false });
  });

  it('gives on a search page the hits of the search, and the facets of the same matches', async () => {
    const filters = [{}, { outlet: 'Outlet 0' }, { since: '2024-03-02' }, { outlet: 'Outlet 0', since: '2024-03-05' }];
    for (const query of ['ceasefire', 'Sorvik', 'ceasefire -Sorvik'])
      for (const filter of filters) {
        const page = await store.searchPage(query, filter, 20);
        expect(page.hits).toEqual(await store.search(query, filter, 20));
        expect(page.counted).toBe(page.days.reduce((n, d) => n + d.hits, 0));
      }
  });

  it('never matches a query word in the filter terms, with a column filter only when a word holds a digit', async () => {
    const outletTerm = `o${Buffer.from('outlet 0').toString('hex')}0`;
    for (const word of ['y2024', 'm202403', 'd20240301', outletTerm]) {
      expect(await store.search(word, {}, 10)).toEqual([]);
      expect((await store.searchPage(`Sorvik ${word}`, { outlet: 'Outlet 0' }, 10)).matched).toBe(0);
      // excluded, it excludes nothing: no title or body holds it
      expect((await store.searchPage(`Sorvik -${word}`, {}, 10)).matched).toBe(3);
    }
    expect((await store.search('Sorvik OR y2024', {}, 10)).map((h) => h.id)).toEqual(
      (await store.search('Sorvik', {}, 10)).map((h) => h.id),
    );
  });

  it('makes the same snippet of an article whether its search is ranked or sampled', async () => {
    // every article matches "ceasefire": sampled, the newest first; Outlet 0 on the 5th: 70 matches, ranked
    const sampled = await store.search('ceasefire', {}, 40);
    const ranked = await store.search(
      'ceasefire',
      { outlet: 'Outlet 0', since: '2024-03-05', until: '2024-03-05' },
      100,
    );
    expect(sampled[0]?.score).toBeNull();
    expect(ranked[0]?.score).not.toBeNull();
    const both = sampled.filter((h) => ranked.some((r) => r.id === h.id));
    // of the newest 40, 1,044, 1,029 and 1,014 are Outlet 0's on the 5th (n % 15 === 9)
    expect(both.map((h) => h.id)).toEqual([hex(1044), hex(1029), hex(1014)]);
    for (const h of both) {
      const r = ranked.find((x) => x.id === h.id);
      expect([r?.snippet, r?.highlights]).toEqual([h.snippet, h.highlights]);
      // a window of the body around the match, not the whole body
      expect(h.snippet.startsWith('…') || h.snippet.endsWith('…')).toBe(true);
      expect(h.highlights.map(([a, b]) => h.snippet.slice(a, b))).toEqual(['ceasefire']);
    }
  });
});

describe('a search filtered by an outlet with more than the sample', () => {
  it('counts the outlet facet over the newest matches without the filter, as the unfiltered search does', async () => {
    const store = new SqliteStore(join(mkdtempSync(join(tmpdir(), 'dossier-search-')), 'outlet.db'));
    try {
      // 1,100 articles: every fourth is Outlet 1's, the rest Outlet 0's (about 825: sampled alone too with more)
      const articles = Array.from({ length: SEARCH_SAMPLE + 400 }, (_, i) => ({
        ...article(i, `Talks on a ceasefire went on, day ${i}.`),
        outlet: found(`Outlet ${i % 4 === 0 ? 1 : 0}`),
        sources: [{ ...article(i, '').sources[0]!, outlet: `Outlet ${i % 4 === 0 ? 1 : 0}` }],
      }));
      await store.putArticles(articles);
      const all = await store.searchPage('ceasefire', {}, 20);
      const zero = await store.searchPage('ceasefire', { outlet: 'outlet 0' }, 20);
      expect([all.sampled, zero.sampled]).toEqual([true, true]);
      expect(zero.outlets).toEqual(all.outlets);
      expect(all.outlets.reduce((n, o) => n + o.hits, 0)).toBe(FACET_SAMPLE);
      // the newest 20 of Outlet 0: article n is Outlet 0's unless n % 4 === 0
      const want = Array.from({ length: SEARCH_SAMPLE + 400 }, (_, i) => SEARCH_SAMPLE + 399 - i).filter((n) => n % 4);
      expect(zero.hits.map((h) => h.id)).toEqual(want.slice(0, 20).map(hex));
      expect(zero.days.reduce((n, d) => n + d.hits, 0)).toBe(FACET_SAMPLE);
    } finally {
      store.close();
    }
  });
});

describe('date terms', () => {
  const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
  it('cover every day of a range with the fewest year, month and day terms, and nothing else', () => {
    expect(dateTerms(day('2024-03-30'), day('2024-04-02'))).toEqual([
      'd20240330',
      'd20240331',
      'd20240401',
      'd20240402',
    ]);
    expect(dateTerms(day('2023-12-31'), day('2025-02-01'))).toEqual(['d20231231', 'y2024', 'm202501', 'd20250201']);
    expect(dateTerms(day('2024-02-01'), day('2024-02-29'))).toEqual(['m202402']);
    expect(dateTerms(day('2024-03-02'), day('2024-03-01'))).toBeNull();
    // too many terms (centuries of days would be years, but a day-by-day edge of decades is not): left to SQL
    expect(dateTerms(day('1800-01-02'), day('2024-01-01'))).toBeNull();
    // every day of random ranges is covered exactly once, and no day outside them
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let k = 0; k < 100; k++) {
      const first = day('2020-01-01') + Math.floor(rand() * 2000) * 86_400_000;
      const last = first + Math.floor(rand() * 900) * 86_400_000;
      const terms = new Set(dateTerms(first, last));
      const wrong: string[] = [];
      for (let d = day('2019-06-01'); d <= day('2028-12-31'); d += 86_400_000) {
        const iso = new Date(d).toISOString();
        const y = iso.slice(0, 4);
        const m = iso.slice(5, 7);
        const n = [`y${y}`, `m${y}${m}`, `d${y}${m}${iso.slice(8, 10)}`].filter((t) => terms.has(t)).length;
        if (n !== (d >= first && d <= last ? 1 : 0)) wrong.push(iso.slice(0, 10));
      }
      expect(wrong).toEqual([]);
    }
  });
});

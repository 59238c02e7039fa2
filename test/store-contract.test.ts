import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../src/analyze/index.js';
import { resolveArticle } from '../src/resolve/article.js';
import { decodeAnalysis } from '../src/store/analysis-codec.js';
import { PostgresStore } from '../src/store/postgres.js';
import { PG_MIGRATIONS } from '../src/store/postgres-migrations.js';
import { SqliteStore } from '../src/store/sqlite.js';
import type { AnalysisState, LinkLogWrite, Store } from '../src/store/store.js';
import type { Analysis, Article, EntityMention, Quote } from '../src/types.js';
import { type TestPostgres, startPostgres } from './helpers/postgres.js';

// One suite, run against every backend: the Store contract is what the CLI and the server rely on.

function article(
  id: string,
  outlet: string,
  published: string | null,
  title: string,
  body: string,
  source = `${id}.txt`,
): Article {
  const found = <T>(value: T) => ({ value, via: 'test', confidence: 1 });
  return {
    id,
    title: found(title),
    outlet: found(outlet),
    published: published ? found(published) : null,
    authors: [],
    language: null,
    canonicalUrl: null,
    modified: null,
    section: null,
    tags: ['t'],
    body,
    removed: [],
    sources: [{ source, url: null, rawHash: id, charset: 'utf-8', outlet, title, published }],
    pipeline: 'test',
  };
}

const BODY_A = 'Mevlüt Çavuşoğlu met Lavrov in Ankara. "We will not change course," Çavuşoğlu said of the ceasefire.';
const BODY_B = 'Mevlut Cavusoglu spoke in Ankara again. "Talks go on," Cavusoglu said, and Ankara agreed.';
const A = article(
  'aaaa000000000001',
  'Continental Wire',
  '2027-03-03T18:42:00Z',
  'Ceasefire signed in Aldport',
  BODY_A,
);
const B = article('bbbb000000000002', 'Valdara Today', '2027-03-03T20:15:00Z', 'A pause, not a peace', BODY_B);
const C = article(
  'cccc000000000003',
  'The Daily Klaxon',
  '2027-03-04',
  'Peace in our time?',
  'The ceasefire holds for now.',
);
const D = article(
  'dddd000000000004',
  'The Sorvik Courier',
  '2027-03-05T11:20:00Z',
  'Dockworkers strike',
  'Dockworkers walked out.',
);
const U = article('eeee000000000005', 'KTV World', null, 'Undated copy', 'An undated copy of the wire.');
const V = article('ffff000000000006', 'Frontline Truth', null, 'Another undated copy', 'Another undated copy.');
/** The wire story carried word for word by another outlet (one article, two sources), the outlet spelt in capitals. */
const A_COPY = article(
  A.id,
  'THE SORVIK COURIER',
  '2027-03-04',
  'Wire: ceasefire signed',
  BODY_A,
  'courier/ceasefire.txt',
);

const NAMES: Array<[string, EntityMention['type']]> = [
  ['Mevlüt Çavuşoğlu', 'PERSON'],
  ['Mevlut Cavusoglu', 'PERSON'],
  ['Lavrov', 'PERSON'],
  ['Ankara', 'LOC'],
];

function mentions(body: string, names: Array<[string, EntityMention['type']]>): EntityMention[] {
  const out: EntityMention[] = [];
  for (const [text, type] of names) {
    for (let at = body.indexOf(text); at >= 0; at = body.indexOf(text, at + 1))
      out.push({ start: at, end: at + text.length, type, text, via: 'test' });
  }
  return out.sort((a, b) => a.start - b.start);
}

function quote(body: string, content: string, speaker: string, mention = speaker): Quote {
  const start = body.indexOf(content);
  const at = body.indexOf(mention);
  return {
    start,
    end: start + content.length,
    kind: 'direct',
    parts: [{ start, end: start + content.length }],
    text: content,
    cue: { start: 0, end: 4, text: 'said' },
    speaker: {
      mention: { start: at, end: at + mention.length, text: mention, form: mention === speaker ? 'name' : 'role' },
      resolved: { start: at, end: at + mention.length, text: speaker, type: 'PERSON' },
      via: 'test',
    },
    addressee: null,
    channel: null,
    via: 'test',
  };
}

function analysis(version: string, entities: EntityMention[], quotes: Quote[] = []): Analysis {
  return {
    version,
    reference: { value: null, estimated: false },
    tokens: 10,
    sentences: [],
    entities,
    times: [],
    amounts: [],
    quotes,
  };
}

let postgres: TestPostgres;
beforeAll(async () => {
  postgres = await startPostgres();
});
afterAll(async () => {
  await postgres?.stop();
});

/** A backend's store, a reader of the same data, and its own SQL (`?` placeholders) for what no Store method does. */
interface Opened {
  store: Store;
  reader: () => Store;
  sql: (statement: string, ...params: unknown[]) => Promise<unknown[]>;
}

const BACKENDS: Array<{ name: string; open: () => Promise<Opened> }> = [
  {
    name: 'SQLite',
    open: async () => {
      const path = join(mkdtempSync(join(tmpdir(), 'dossier-contract-')), 'd.db');
      const sql = async (statement: string, ...params: unknown[]) => {
        const db = new Database(path);
        try {
          db.pragma('foreign_keys = ON');
          const prepared = db.prepare(statement);
          return prepared.reader ? prepared.all(...params) : (prepared.run(...params), []);
        } finally {
          db.close();
        }
      };
      return { store: new SqliteStore(path), reader: () => new SqliteStore(path, { readonly: true }), sql };
    },
  },
  {
    name: 'PostgreSQL',
    open: async () => {
      const url = await postgres.database();
      const sql = async (statement: string, ...params: unknown[]) => {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          let n = 0;
          return (
            await client.query(
              statement.replace(/\?/g, () => `$${++n}`),
              params,
            )
          ).rows;
        } finally {
          await client.end();
        }
      };
      return { store: new PostgresStore(url), reader: () => new PostgresStore(url, { readonly: true }), sql };
    },
  },
];

/** Drops what PostgreSQL migration 9 made (the kept analysis-state counts), for tests that run it again. */
const UNDO_COUNTS = `
  DROP TRIGGER article_count_in ON articles;
  DROP TRIGGER article_count_out ON articles;
  DROP TRIGGER analysis_count_in ON analyses;
  DROP TRIGGER analysis_count_out ON analyses;
  DROP TRIGGER analysis_count_moved ON analyses;
  DROP FUNCTION dossier_count_articles(), dossier_count_analyses(), dossier_count_slot();
  DROP TABLE article_counts, analysis_counts;`;

/** The analysis state counted from every article and analysis, by backend (parameters: the version, twice). */
const RECOUNT = {
  SQLite: `SELECT (SELECT count(*) FROM articles) AS articles,
    (SELECT count(*) FROM analyses n JOIN analysis_versions v ON v.rowid = n.version_rowid WHERE v.version = ?) AS current,
    (SELECT count(*) FROM analyses n JOIN analysis_versions v ON v.rowid = n.version_rowid WHERE v.version <> ?) AS stale`,
  PostgreSQL: `SELECT (SELECT count(*)::int FROM articles) AS articles,
    (SELECT count(*)::int FROM analyses WHERE version = ?) AS current,
    (SELECT count(*)::int FROM analyses WHERE version <> ?) AS stale`,
};

/**
 * The kept neighbour rows, and the same counted again from the mention rows (`entity other articles`, sorted):
 * they must always be equal.
 */
async function neighbourRows(sql: Opened['sql']): Promise<{ kept: string[]; counted: string[] }> {
  const kept = (await sql(
    'SELECT entity_rowid AS e, other_rowid AS o, articles AS n FROM entity_neighbours',
  )) as Array<{
    e: number;
    o: number;
    n: number;
  }>;
  const named = (await sql('SELECT DISTINCT article_rowid AS a, entity_rowid AS e FROM mentions')) as Array<{
    a: number;
    e: number;
  }>;
  const byArticle = new Map<number, number[]>();
  for (const { a, e } of named) byArticle.set(Number(a), [...(byArticle.get(Number(a)) ?? []), Number(e)]);
  const counts = new Map<string, number>();
  for (const entities of byArticle.values())
    for (const e of entities)
      for (const o of entities) if (e !== o) counts.set(`${e} ${o}`, (counts.get(`${e} ${o}`) ?? 0) + 1);
  return {
    kept: kept.map((r) => `${r.e} ${r.o} ${r.n}`).sort(),
    counted: [...counts].map(([pair, n]) => `${pair} ${n}`).sort(),
  };
}

/**
 * The kept entity totals, spellings, months and each article's entity list, and the same counted again from the
 * mention rows and their articles (as sorted strings, rows counting nothing left out): they must always be equal.
 */
async function totalRows(sql: Opened['sql']): Promise<Record<string, { kept: string[]; counted: string[] }>> {
  const named = (await sql(
    `SELECT m.article_rowid AS a, m.entity_rowid AS e, m.start AS s, m."end" AS x, m.text AS t,
            ar.published_utc AS utc, ar.outlet AS o, ar.body AS b
     FROM mentions m JOIN articles ar ON ar.rowid = m.article_rowid`,
  )) as Array<{
    a: number;
    e: number;
    s: number;
    x: number;
    t: string | null;
    utc: string | null;
    o: string | null;
    b: string;
  }>;
  const count = (map: Map<string, Set<number> | number>, key: string, article?: number) => {
    if (article === undefined) map.set(key, ((map.get(key) as number | undefined) ?? 0) + 1);
    else map.set(key, ((map.get(key) as Set<number> | undefined) ?? new Set()).add(article));
  };
  const mentions = new Map<string, number>();
  const articles = new Map<string, Set<number>>();
  const aliases = new Map<string, number>();
  const lists = new Map<string, Set<number>>();
  for (const m of named) {
    const [a, e] = [Number(m.a), Number(m.e)];
    const month = `${e} ${m.utc?.slice(0, 7) ?? ''} ${m.o ?? ''}`;
    count(mentions, `${e}`);
    count(articles as Map<string, Set<number>>, `${e}`, a);
    count(mentions, month);
    count(articles as Map<string, Set<number>>, month, a);
    count(aliases, `${e} ${m.t ?? m.b.slice(m.s, m.x)}`);
    count(lists as Map<string, Set<number>>, `${a}`, e);
  }
  const totals = (keys: Iterable<string>) => [...keys].map((k) => `${k} ${mentions.get(k)} ${articles.get(k)?.size}`);
  const rows = async (statement: string) =>
    ((await sql(statement)) as Array<Record<string, unknown>>).map((r) =>
      Object.values(r)
        .map((v) => (Array.isArray(v) ? JSON.stringify(v.map(Number)) : String(v)))
        .join(' '),
    );
  const sorted = (list: string[]) => list.sort();
  return {
    entities: {
      kept: sorted(await rows('SELECT rowid, mentions, articles FROM entities WHERE mentions <> 0 OR articles <> 0')),
      counted: sorted(totals([...articles.keys()].filter((k) => !k.includes(' ')))),
    },
    months: {
      kept: sorted(
        await rows(
          'SELECT entity_rowid, month, outlet, mentions, articles FROM entity_months WHERE mentions <> 0 OR articles <> 0',
        ),
      ),
      counted: sorted(totals([...articles.keys()].filter((k) => k.includes(' ')))),
    },
    aliases: {
      kept: sorted(await rows('SELECT entity_rowid, text, mentions FROM entity_aliases WHERE mentions <> 0')),
      counted: sorted([...aliases].map(([k, n]) => `${k} ${n}`)),
    },
    lists: {
      kept: sorted(
        (await rows('SELECT article_rowid, entities FROM article_entities')).map((r) => {
          const [a, list] = [r.slice(0, r.indexOf(' ')), r.slice(r.indexOf(' ') + 1)];
          return `${a} ${JSON.stringify((JSON.parse(list) as number[]).sort((x, y) => x - y))}`;
        }),
      ),
      counted: sorted([...lists].map(([a, es]) => `${a} ${JSON.stringify([...es].sort((x, y) => x - y))}`)),
    },
  };
}

describe.each(BACKENDS)('Store contract: $name', ({ name, open }) => {
  const opened: Store[] = [];
  const fresh = async () => {
    const { store, reader, sql } = await open();
    opened.push(store);
    return {
      store,
      sql,
      reader: () => {
        const r = reader();
        opened.push(r);
        return r;
      },
    };
  };
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
  });

  it('stores articles once, adds new sources, and reads them back by id or prefix', async () => {
    const { store } = await fresh();
    expect(await store.putArticles([A, B, A])).toEqual(['new', 'new', 'present']);
    expect(await store.putArticles([A_COPY])).toEqual(['present']);
    const got = await store.getArticle('aaaa');
    expect(got).toEqual({ ...A, sources: [...A.sources, ...A_COPY.sources] });
    expect(await store.getArticle('0000000000000000')).toBeNull();
    expect(await store.stats()).toEqual({ articles: 2, sources: 3, outlets: 3 });
    const outlets = await store.listOutlets();
    expect(outlets.map((o) => [o.name, o.articles, o.sources])).toEqual([
      ['Continental Wire', 1, 1],
      ['THE SORVIK COURIER', 1, 1],
      ['Valdara Today', 1, 1],
    ]);
    expect(outlets[0]).toMatchObject({ first: '2027-03-03T18:42:00.000Z', last: '2027-03-03T18:42:00.000Z' });
    // the names alone, by name whatever the case
    expect(await store.listOutletNames()).toEqual(['Continental Wire', 'THE SORVIK COURIER', 'Valdara Today']);
  });

  it('lists articles newest first, undated last, and pages through them with a keyset cursor', async () => {
    const { store } = await fresh();
    await store.putArticles([U, A, D, V, C, B]);
    const order = [D.id, C.id, B.id, A.id, U.id, V.id];
    expect((await store.listArticles({}, 10)).map((a) => a.id)).toEqual(order);
    expect((await store.listArticles({}, 2, 3)).map((a) => a.id)).toEqual(order.slice(3, 5));
    const seen: string[] = [];
    let after: string | undefined;
    do {
      const page = await store.listArticlesPage({}, 2, after);
      seen.push(...page.items.map((a) => a.id));
      after = page.next ?? undefined;
      // an article added while reading lands in its place without shifting the pages already read
      if (seen.length === 2)
        await store.putArticles([article('0000000000000007', 'Late', '2027-01-01', 'Old', 'Old news.')]);
    } while (after);
    expect(seen).toEqual([...order.slice(0, 4), '0000000000000007', ...order.slice(4)]);
    await expect(store.listArticlesPage({}, 2, 'not-a-cursor')).rejects.toThrow(/cursor/);
    // filters: outlet (any carrier, any case), dates
    await store.putArticles([A_COPY]);
    expect((await store.listArticles({ outlet: 'the sorvik courier' }, 10)).map((a) => a.id)).toEqual([D.id, A.id]);
    expect((await store.listArticles({ since: '2027-03-04', until: '2027-03-04' }, 10)).map((a) => a.id)).toEqual([
      C.id,
    ]);
    await expect(store.listArticles({ since: 'soon' }, 10)).rejects.toThrow(/--since "soon"/);
  });

  it('searches title and body, best first, with snippets, facets and filters', async () => {
    const { store } = await fresh();
    await store.putArticles([A, B, C, D, U, V]);
    const hits = await store.search('ceasefire', {}, 10);
    // the title match ranks above the body-only one
    expect(hits.map((h) => h.id)).toEqual([A.id, C.id]);
    expect(hits[0]?.score).toBeGreaterThan(hits[1]?.score ?? Infinity);
    for (const h of hits) {
      expect(h.highlights.length).toBeGreaterThan(0);
      for (const [s, e] of h.highlights) expect(h.snippet.slice(s, e).toLowerCase()).toBe('ceasefire');
    }
    // diacritics and stems fold; phrases, OR and exclusion; syntax characters are searched for, not read
    expect((await store.search('cavusoglu', {}, 10)).map((h) => h.id)).toEqual(expect.arrayContaining([A.id, B.id]));
    expect((await store.search('copies', {}, 10)).map((h) => h.id).sort()).toEqual([U.id, V.id]);
    expect((await store.search('"undated copy" -another', {}, 10)).map((h) => h.id)).toEqual([U.id]);
    expect((await store.search('dockworkers OR peace', {}, 10)).map((h) => h.id).sort()).toEqual([B.id, C.id, D.id]);
    expect(await store.search('*) NEAR(', {}, 10)).toEqual([]);
    expect(await store.search('   ', {}, 10)).toEqual([]);
    expect((await store.search('ceasefire', { outlet: 'the daily klaxon' }, 10)).map((h) => h.id)).toEqual([C.id]);
    // the search page: the same hits as the search, and the facets of the same matches
    const page = await store.searchPage('ceasefire', {}, 10);
    expect(page.hits).toEqual(hits);
    expect(page).toMatchObject({ matched: 2, counted: 2, sampled: false });
    expect(page.outlets).toEqual([
      { name: 'Continental Wire', hits: 1 },
      { name: 'The Daily Klaxon', hits: 1 },
    ]);
    expect((await store.searchPage('ceasefire', {}, 1)).hits).toEqual(hits.slice(0, 1));
    expect((await store.searchPage('ceasefire', { since: '2027-03-04' }, 10)).outlets).toEqual([
      { name: 'The Daily Klaxon', hits: 1 },
    ]);
    // filtered by outlet: its hits, and the outlet facet counted without the outlet filter
    const klaxon = await store.searchPage('ceasefire', { outlet: 'the daily klaxon' }, 10);
    expect(klaxon.hits.map((h) => h.id)).toEqual([C.id]);
    expect(klaxon).toMatchObject({ matched: 1, counted: 1, outlets: page.outlets });
    expect(klaxon.days.reduce((n, d) => n + d.hits, 0)).toBe(1);
    expect(await store.searchPage('*) NEAR(', {}, 10)).toEqual({
      matched: 0,
      counted: 0,
      sampled: false,
      outlets: [],
      days: [],
      entities: [],
      hits: [],
    });
    // a source from another outlet, stored later, puts its article under that outlet too (SQLite: its filter term)
    expect(await store.search('ceasefire', { outlet: 'the sorvik courier' }, 10)).toEqual([]);
    await store.putArticles([A_COPY]);
    expect((await store.search('ceasefire', { outlet: 'THE SORVIK COURIER' }, 10)).map((h) => h.id)).toEqual([A.id]);
    expect((await store.search('ceasefire', { outlet: 'continental wire' }, 10)).map((h) => h.id)).toEqual([A.id]);
    // date ranges open on either side, and one that ends before it starts
    expect((await store.search('ceasefire', { until: '2027-03-03' }, 10)).map((h) => h.id)).toEqual([A.id]);
    expect((await store.search('ceasefire', { since: '2027-03-04' }, 10)).map((h) => h.id)).toEqual([C.id]);
    expect(await store.search('ceasefire', { since: '2027-03-05', until: '2027-03-01' }, 10)).toEqual([]);
    // language, exact and case-insensitive (these articles state none)
    expect(await store.search('ceasefire', { language: 'en' }, 10)).toEqual([]);
    // the filter terms are never searched as words
    expect(await store.search('y2027', {}, 10)).toEqual([]);
  });

  it('keeps the link state log: pieces in order by part, pruned by instant, dropped by part, reset, cleared with the snapshot', async () => {
    const { store, reader } = await fresh();
    await store.putArticles([A]);
    const put = (log?: LinkLogWrite, snapshot = true) =>
      store.putLinks({
        version: 'v-log',
        seconds: 0,
        stories: [],
        duplicates: [],
        ...(snapshot ? { snapshot: Uint8Array.of(7) } : {}),
        ...(log ? { log } : {}),
      });
    const read = async (part: string) => (await reader().getLinkLog(part)).map((d) => [...d]);
    expect(await read('a')).toEqual([]);
    await put({
      append: [
        { part: 'a', until: null, data: Uint8Array.of(1) },
        { part: 'b', until: 10, data: Uint8Array.of(2) },
        { part: 'b', until: 20, data: Uint8Array.of(3, 255) },
      ],
    });
    await put({ append: [{ part: 'a', until: null, data: Uint8Array.of(4, 5) }], prune: { part: 'b', before: 15 } });
    expect(await read('a')).toEqual([[1], [4, 5]]);
    expect(await read('b')).toEqual([[3, 255]]);
    // a part written anew: its pieces go before the append, the other parts stay
    await put({ append: [{ part: 'c', until: null, data: Uint8Array.of(6) }] });
    await put({ drop: ['c'], append: [{ part: 'c', until: null, data: Uint8Array.of(8) }] });
    expect(await read('c')).toEqual([[8]]);
    expect(await read('a')).toEqual([[1], [4, 5]]);
    // a saved state without log pieces leaves the log as it is
    await put();
    expect(await read('a')).toEqual([[1], [4, 5]]);
    await put({ reset: true, append: [{ part: 'a', until: null, data: Uint8Array.of(9) }] });
    expect(await read('a')).toEqual([[9]]);
    expect(await read('b')).toEqual([]);
    // no saved state: the log described it, so it goes too
    await put(undefined, false);
    expect(await read('a')).toEqual([]);
    expect(await reader().getLinkSnapshot()).toBeNull();
  });

  it('stores stories and duplicate groups, lists and filters them, and replaces them whole', async () => {
    const { store, reader } = await fresh();
    await store.putArticles([A, B, C, D, U, V]);
    await store.putArticles([A_COPY]);
    expect((await store.linkState()).version).toBeNull();
    await store.putLinks({
      version: 'v-test',
      seconds: 0.1,
      stories: [
        { id: A.id, label: 'ceasefire', terms: ['ceasefire'], articles: [A.id, B.id, C.id, U.id, V.id] },
        { id: D.id, label: 'strike', terms: ['strike'], articles: [D.id] },
      ],
      duplicates: [{ members: [A.id, B.id] }, { members: [U.id, V.id] }],
      snapshot: new Uint8Array([0, 1, 2, 255]),
    });
    expect([...((await store.getLinkSnapshot()) ?? [])]).toEqual([0, 1, 2, 255]);
    expect(await store.linkState()).toMatchObject({
      version: 'v-test',
      linked: 6,
      articles: 6,
      stories: 2,
      multiStories: 1,
      duplicateGroups: 2,
    });
    const list = await store.listStories({}, 10);
    expect(list.map((s) => s.id)).toEqual([A.id, D.id]);
    // a story's articles, as a filter of the article listing and the search
    expect((await store.listArticles({ story: A.id }, 10)).map((a) => a.id).sort()).toEqual(
      [A.id, B.id, C.id, U.id, V.id].sort(),
    );
    expect((await store.search('ceasefire', { story: D.id }, 10)).map((h) => h.id)).toEqual([]);
    expect((await store.search('ceasefire', { story: A.id }, 10)).map((h) => h.id)).toEqual([A.id, C.id]);
    expect(await store.listArticles({ story: 'ffffffffffffffff' }, 10)).toEqual([]);
    expect(list[0]).toEqual({
      id: A.id,
      label: 'ceasefire',
      terms: ['ceasefire'],
      first: '2027-03-03T18:42:00.000Z',
      last: '2027-03-04T00:00:00.000Z',
      articles: 5,
      duplicateGroups: 2,
      outlets: [
        'Continental Wire',
        'Frontline Truth',
        'KTV World',
        'The Daily Klaxon',
        'THE SORVIK COURIER',
        'Valdara Today',
      ],
    });
    expect((await store.listStories({ outlet: 'the sorvik courier' }, 10)).map((s) => s.id)).toEqual([A.id, D.id]);
    expect((await store.listStories({ since: '2027-03-05' }, 10)).map((s) => s.id)).toEqual([D.id]);
    expect((await store.listStories({ until: '2027-03-04' }, 10)).map((s) => s.id)).toEqual([A.id]);
    expect((await store.listStories({ minArticles: 2 }, 10)).map((s) => s.id)).toEqual([A.id]);
    expect((await store.listStories({ article: 'dddd' }, 10)).map((s) => s.id)).toEqual([D.id]);
    expect((await store.listStories({ q: 'dockworkers' }, 10)).map((s) => s.id)).toEqual([D.id]);
    expect((await store.listStories({}, 1, 1)).map((s) => s.id)).toEqual([D.id]);

    const story = await store.getStory('aaaa');
    expect(story?.items.map((i) => [i.outlet, i.id])).toEqual([
      ['Continental Wire', A.id],
      ['Frontline Truth', V.id],
      ['KTV World', U.id],
      ['The Daily Klaxon', C.id],
      ['THE SORVIK COURIER', A.id],
      ['Valdara Today', B.id],
    ]);
    expect(story?.duplicates).toEqual([
      {
        first: A.id,
        copiedBy: ['THE SORVIK COURIER', 'Valdara Today'],
        members: [
          {
            id: A.id,
            outlet: 'Continental Wire',
            published: '2027-03-03T18:42:00Z',
            title: 'Ceasefire signed in Aldport',
          },
          { id: B.id, outlet: 'Valdara Today', published: '2027-03-03T20:15:00Z', title: 'A pause, not a peace' },
        ],
      },
      { first: null, copiedBy: [], members: expect.any(Array) },
    ]);
    expect(await store.getStory('0000')).toBeNull();

    // a result naming an unstored article is refused and the stored one kept
    await expect(
      store.putLinks({
        version: 'v2',
        seconds: 0,
        stories: [{ id: 'x', label: 'x', terms: [], articles: ['0123456789abcdef'] }],
        duplicates: [],
      }),
    ).rejects.toThrow(/not stored/);
    expect(await store.linkState()).toMatchObject({ version: 'v-test', stories: 2 });
    expect([...((await store.getLinkSnapshot()) ?? [])]).toEqual([0, 1, 2, 255]);

    await store.putLinks({
      version: 'v-test-2',
      seconds: 0.1,
      stories: [A, B, C, D, U, V].map((a) => ({ id: a.id, label: 'x', terms: ['x'], articles: [a.id] })),
      duplicates: [],
    });
    const r = reader();
    // a write without a saved state drops the earlier one (it described other stories)
    expect(await r.getLinkSnapshot()).toBeNull();
    expect((await r.listStories({}, 100)).length).toBe(6);
    expect(await r.linkState()).toMatchObject({ version: 'v-test-2', linked: 6, duplicateGroups: 0 });
    const rows = [];
    for await (const row of r.listLinkSources()) rows.push(row);
    expect(rows.map((row) => [row.id, row.sources.map((s) => s.source)])).toEqual([
      [A.id, [`${A.id}.txt`, 'courier/ceasefire.txt']],
      [B.id, [`${B.id}.txt`]],
      ...[C, D, U, V].map((a) => [a.id, [`${a.id}.txt`]]),
    ]);
    expect([...(await r.getBodies([B.id, 'nope', A.id]))]).toEqual([
      [B.id, BODY_B],
      [A.id, BODY_A],
    ]);
  });

  it('lists pending analyses in article order: missing ones and those of every other version, merged', async () => {
    const { store, sql } = await fresh();
    await store.putArticles([A, B, C, D]);
    await store.putAnalyses([
      { id: A.id, analysis: analysis('v1', []) },
      { id: C.id, analysis: analysis('v2', []) },
      { id: D.id, analysis: analysis('v3', []) },
    ]);
    const ids = async (version: string, limit: number, after?: number) =>
      (await store.pendingAnalyses(version, limit, after)).map((p) => p.id);
    expect(await ids('v2', 10)).toEqual([A.id, B.id, D.id]);
    expect(await ids('v2', 2)).toEqual([A.id, B.id]);
    const [a] = await store.pendingAnalyses('v2', 1);
    expect(await ids('v2', 10, a?.seq)).toEqual([B.id, D.id]);
    expect(await ids('v4', 10)).toEqual([A.id, B.id, C.id, D.id]);
    await store.putAnalyses([{ id: B.id, analysis: analysis('v2', []) }]);
    expect(await ids('v2', 10)).toEqual([A.id, D.id]);
    expect(await store.analysisState('v2')).toEqual({ articles: 4, current: 2, stale: 2 });
    // the kept list of unanalysed articles follows analyses and articles deleted by hand
    await sql(`DELETE FROM analyses WHERE article_rowid = (SELECT rowid FROM articles WHERE id = '${B.id}')`);
    expect(await ids('v2', 10)).toEqual([A.id, B.id, D.id]);
    await sql(`DELETE FROM articles WHERE id IN ('${A.id}', '${B.id}')`);
    expect(await ids('v2', 10)).toEqual([D.id]);
    expect(await ids('v3', 10)).toEqual([C.id]);
    expect(await store.analysisState('v2')).toEqual({ articles: 2, current: 1, stale: 1 });
  });

  it('keeps the analysis-state counts equal to a recount through inserts, analyses, re-analysis and deletes', async () => {
    const { store, sql } = await fresh();
    const recount = async (version: string) =>
      ((await sql(RECOUNT[name as keyof typeof RECOUNT], version, version)) as AnalysisState[])[0];
    const state = async (version: string) => {
      const kept = await store.analysisState(version);
      expect(kept).toEqual(await recount(version));
      return kept;
    };
    expect(await state('v1')).toEqual({ articles: 0, current: 0, stale: 0 });
    await store.putArticles([A, B, C, D]);
    await store.putArticles([A_COPY, B]); // already stored: no new article
    expect(await state('v1')).toEqual({ articles: 4, current: 0, stale: 0 });
    await store.putAnalyses([
      { id: A.id, analysis: analysis('v1', []) },
      { id: B.id, analysis: analysis('v1', []) },
      { id: C.id, analysis: analysis('v2', []) },
    ]);
    expect(await state('v1')).toEqual({ articles: 4, current: 2, stale: 1 });
    expect(await state('v3')).toEqual({ articles: 4, current: 0, stale: 3 });
    // re-analysis: B moves to v2, A is stored again at its own version
    await store.putAnalyses([
      { id: B.id, analysis: analysis('v2', []) },
      { id: A.id, analysis: analysis('v1', []) },
    ]);
    expect(await state('v1')).toEqual({ articles: 4, current: 1, stale: 2 });
    expect(await state('v2')).toEqual({ articles: 4, current: 2, stale: 1 });
    // by hand: an analysis deleted, an article deleted with its analysis
    await sql(`DELETE FROM analyses WHERE article_rowid = (SELECT rowid FROM articles WHERE id = '${C.id}')`);
    await sql(`DELETE FROM articles WHERE id = '${B.id}'`);
    expect(await state('v1')).toEqual({ articles: 3, current: 1, stale: 0 });
    await store.putArticles([B]);
    await store.putAnalyses([{ id: B.id, analysis: analysis('v1', []) }]);
    expect(await state('v1')).toEqual({ articles: 4, current: 2, stale: 0 });
  });

  it("stores a mention without its text when it is the body's, and takes the right spellings out of the totals", async () => {
    const { store, sql } = await fresh();
    // an emoji first: offsets count UTF-16 units
    const body = '🛰️ Mevlüt Çavuşoğlu met Lavrov in Ankara.';
    const E = article('eeee000000000021', 'KTV World', '2027-03-06', 'Satellite talks', body);
    await store.putArticles([E]);
    const at = body.indexOf('Lavrov');
    // a mention whose text is not the body's at its offsets keeps its text
    const named = mentions(body, NAMES).map((m) => (m.start === at ? { ...m, text: 'Sergei Lavrov' } : m));
    await store.putAnalyses([{ id: E.id, analysis: analysis('v1', named) }]);
    const rows = (await sql('SELECT start, text FROM mentions ORDER BY start')) as Array<{
      start: number;
      text: string | null;
    }>;
    expect(rows.map((r) => [Number(r.start), r.text])).toEqual([
      [body.indexOf('Mevlüt'), null],
      [at, 'Sergei Lavrov'],
      [body.indexOf('Ankara'), null],
    ]);
    expect((await store.getEntity('Sergei Lavrov'))?.aliases).toEqual([{ text: 'Sergei Lavrov', mentions: 1 }]);
    expect((await store.getEntity('mevlut cavusoglu'))?.aliases).toEqual([{ text: 'Mevlüt Çavuşoğlu', mentions: 1 }]);
    // analysed again without them: each spelling taken out is the one counted in
    await store.putAnalyses([{ id: E.id, analysis: analysis('v2', []) }]);
    expect(await store.listEntities({}, 10)).toEqual([]);
    expect(await sql('SELECT text, mentions FROM entity_aliases WHERE mentions <> 0')).toEqual([]);
  });

  it('stores analyses: pending work, entity totals over spellings, quotes, co-mentions and the search facet', async () => {
    const { store } = await fresh();
    await store.putArticles([A, B]);
    expect((await store.pendingAnalyses('v1', 10)).map((p) => p.id)).toEqual([A.id, B.id]);
    expect((await store.getAnalyses([A.id, B.id])).size).toBe(0);
    const first = await store.pendingAnalyses('v1', 1);
    expect(first[0]?.published).toBe('2027-03-03T18:42:00Z');
    expect((await store.pendingAnalyses('v1', 10, first[0]?.seq)).map((p) => p.id)).toEqual([B.id]);
    await store.putAnalyses([
      {
        id: A.id,
        analysis: analysis('v1', mentions(BODY_A, NAMES), [
          quote(BODY_A, '"We will not change course,"', 'Mevlüt Çavuşoğlu', 'Çavuşoğlu'),
        ]),
      },
      {
        id: B.id,
        analysis: analysis('v1', mentions(BODY_B, NAMES), [quote(BODY_B, '"Talks go on,"', 'Mevlut Cavusoglu')]),
      },
      { id: '9999999999999999', analysis: analysis('v1', []) },
    ]);
    expect(await store.pendingAnalyses('v1', 10)).toEqual([]);
    expect(await store.analysisState('v2')).toEqual({ articles: 2, current: 0, stale: 2 });
    expect((await store.getAnalysis('aaaa'))?.quotes?.[0]?.text).toBe('"We will not change course,"');
    // many by exact id, in the order asked; a prefix and an unknown id are left out
    const many = await store.getAnalyses([B.id, 'aaaa', 'nope', A.id]);
    expect([...many.keys()]).toEqual([B.id, A.id]);
    expect(many.get(A.id)).toEqual(await store.getAnalysis(A.id));
    expect(many.get(B.id)?.quotes?.[0]?.text).toBe('"Talks go on,"');
    expect(await store.listEntities({}, 10)).toEqual([
      { key: 'LOC:ankara', type: 'LOC', name: 'Ankara', mentions: 3, articles: 2 },
      { key: 'PERSON:mevlut cavusoglu', type: 'PERSON', name: 'Mevlüt Çavuşoğlu', mentions: 2, articles: 2 },
      { key: 'PERSON:lavrov', type: 'PERSON', name: 'Lavrov', mentions: 1, articles: 1 },
    ]);
    const entity = await store.getEntity('mevlut cavusoglu');
    expect(entity?.aliases).toEqual([
      { text: 'Mevlut Cavusoglu', mentions: 1 },
      { text: 'Mevlüt Çavuşoğlu', mentions: 1 },
    ]);
    expect(entity?.outlets.map((o) => o.name)).toEqual(['Continental Wire', 'Valdara Today']);
    expect(entity?.months).toEqual([
      { month: '2027-03', outlet: 'Continental Wire', mentions: 1 },
      { month: '2027-03', outlet: 'Valdara Today', mentions: 1 },
    ]);
    expect(entity?.recent.map((a) => a.id)).toEqual([B.id, A.id]);
    expect(entity?.quotes.map((q) => q.text)).toEqual(['"Talks go on,"', '"We will not change course,"']);
    expect(entity?.related.find((r) => r.name === 'Ankara')?.shared).toBe(2);
    expect((await store.getEntity('Lavrov'))?.key).toBe('PERSON:lavrov');
    // an entity's articles, as a filter of the article listing, the search and the quotes
    expect((await store.listArticles({ entity: 'PERSON:lavrov' }, 10)).map((a) => a.id)).toEqual([A.id]);
    expect((await store.listArticles({ entity: 'LOC:ankara' }, 10)).map((a) => a.id)).toEqual([B.id, A.id]);
    expect((await store.listArticles({ entity: 'PERSON:nobody' }, 10)).map((a) => a.id)).toEqual([]);
    expect((await store.search('ceasefire', { entity: 'PERSON:lavrov' }, 10)).map((h) => h.id)).toEqual([A.id]);
    expect((await store.listQuotes({ entity: 'PERSON:lavrov' }, 10)).map((q) => q.article.id)).toEqual([A.id]);
    expect(await store.getEntity('nobody at all')).toBeNull();

    const bySurname = await store.listQuotes({ speaker: 'Çavuşoğlu' }, 10);
    expect(bySurname.map((q) => q.article.id)).toEqual([B.id, A.id]);
    expect(bySurname[1]).toMatchObject({
      article: { id: A.id, outlet: 'Continental Wire' },
      speaker: { name: 'Mevlüt Çavuşoğlu', entity: 'PERSON:mevlut cavusoglu', mention: 'Çavuşoğlu' },
      start: BODY_A.indexOf('"We'),
    });
    expect(await store.listQuotes({ speaker: 'Lavrov' }, 10)).toEqual([]);
    expect((await store.listQuotes({ outlet: 'valdara today' }, 10)).map((q) => q.text)).toEqual(['"Talks go on,"']);
    expect((await store.listQuotes({ article: 'aaaa' }, 10)).map((q) => q.text)).toEqual([
      '"We will not change course,"',
    ]);

    const graph = await store.coMentions(null, 10);
    expect(graph.nodes.map((n) => n.key)).toEqual(['LOC:ankara', 'PERSON:mevlut cavusoglu', 'PERSON:lavrov']);
    expect(graph.edges).toContainEqual({ source: 'PERSON:mevlut cavusoglu', target: 'LOC:ankara', articles: 2 });
    expect((await store.coMentions([B.id], 10)).nodes.map((n) => n.key)).toEqual([
      'LOC:ankara',
      'PERSON:mevlut cavusoglu',
    ]);
    expect((await store.searchPage('ankara', {}, 10)).entities.map((e) => [e.key, e.hits])).toEqual([
      ['LOC:ankara', 2],
      ['PERSON:mevlut cavusoglu', 2],
      ['PERSON:lavrov', 1],
    ]);

    // the same article analysed again replaces its mentions instead of adding to them
    await store.putAnalyses([
      { id: B.id, analysis: analysis('v2', mentions(BODY_B, [['Ankara', 'LOC']]).slice(0, 1)) },
    ]);
    expect((await store.listEntities({ type: 'LOC' }, 10))[0]).toMatchObject({ articles: 2, mentions: 2 });
    expect((await store.listEntities({ q: 'cavusoglu' }, 10))[0]).toMatchObject({ articles: 1, mentions: 1 });
    expect(await store.analysisState('v2')).toEqual({ articles: 2, current: 1, stale: 1 });
  });

  it('keeps the entities named beside each entity right as articles are analysed again and deleted', async () => {
    const { store, sql } = await fresh();
    const CAVUSOGLU = 'PERSON:mevlut cavusoglu';
    await store.putArticles([A, B, C]);
    await store.putAnalyses([
      { id: A.id, analysis: analysis('v1', mentions(BODY_A, NAMES)) },
      { id: B.id, analysis: analysis('v1', mentions(BODY_B, NAMES)) },
    ]);
    const shared = async (key: string) =>
      ((await store.getEntity(key))?.related ?? []).map((r) => [r.key, r.shared, r.articles]);
    expect(await shared(CAVUSOGLU)).toEqual([
      ['LOC:ankara', 2, 2],
      ['PERSON:lavrov', 1, 1],
    ]);
    expect(await store.entityGraph(CAVUSOGLU, 30)).toEqual({
      key: CAVUSOGLU,
      articles: 2,
      nodes: [
        { key: CAVUSOGLU, type: 'PERSON', name: 'Mevlüt Çavuşoğlu', mentions: 2, articles: 2 },
        { key: 'LOC:ankara', type: 'LOC', name: 'Ankara', mentions: 3, articles: 2 },
        { key: 'PERSON:lavrov', type: 'PERSON', name: 'Lavrov', mentions: 1, articles: 1 },
      ],
      edges: [
        { source: CAVUSOGLU, target: 'LOC:ankara', articles: 2 },
        { source: CAVUSOGLU, target: 'PERSON:lavrov', articles: 1 },
        { source: 'PERSON:lavrov', target: 'LOC:ankara', articles: 1 },
      ],
    });
    // at most `maxEntities` nodes: the entity and its first neighbour
    expect((await store.entityGraph(CAVUSOGLU, 2))?.nodes.map((n) => n.key)).toEqual([CAVUSOGLU, 'LOC:ankara']);
    expect(await store.entityGraph('PERSON:nobody', 30)).toBeNull();
    expect(await neighbourRows(sql)).toMatchObject({ kept: expect.arrayContaining(['1 3 2']) });

    // analysed again: B names only Ankara now, C one name alone (no pair); ties go to the entity in most articles
    await store.putAnalyses([
      { id: B.id, analysis: analysis('v2', mentions(BODY_B, [['Ankara', 'LOC']])) },
      { id: C.id, analysis: analysis('v2', [{ start: 4, end: 13, type: 'PERSON', text: 'ceasefire', via: 'test' }]) },
    ]);
    expect(await shared(CAVUSOGLU)).toEqual([
      ['LOC:ankara', 1, 2],
      ['PERSON:lavrov', 1, 1],
    ]);
    // the one neighbour kept at a limit of one is the first of the tie
    expect((await store.entityGraph(CAVUSOGLU, 2))?.nodes.map((n) => n.key)).toEqual([CAVUSOGLU, 'LOC:ankara']);
    let rows = await neighbourRows(sql);
    expect(rows.kept).toEqual(rows.counted);
    expect(rows.kept.length).toBe(6);

    // deleted: A's pairs go with it, and a pair no article names any more leaves no row
    await sql('DELETE FROM articles WHERE id = ?', A.id);
    rows = await neighbourRows(sql);
    expect(rows.kept).toEqual(rows.counted);
    expect(rows.kept).toEqual([]);
    expect(await shared('LOC:ankara')).toEqual([]);
  });

  it('keeps entity totals, spellings, months and article entity lists equal to a recount after re-analysis and deletes', async () => {
    const { store, sql } = await fresh();
    await store.putArticles([A, B, U]);
    const recount = async () => {
      const rows = await totalRows(sql);
      for (const [name, { kept, counted }] of Object.entries(rows)) expect(kept, name).toEqual(counted);
      return rows;
    };
    await store.putAnalyses([
      { id: A.id, analysis: analysis('v1', mentions(BODY_A, NAMES)) },
      { id: B.id, analysis: analysis('v1', mentions(BODY_B, NAMES)) },
      { id: U.id, analysis: analysis('v1', mentions(U.body, [['wire', 'ORG']])) },
    ]);
    expect((await recount()).months.kept.length).toBe(6);
    // analysed again with fewer names, then deleted: the totals follow, whatever the month and outlet
    await store.putAnalyses([{ id: B.id, analysis: analysis('v2', mentions(BODY_B, [['Ankara', 'LOC']])) }]);
    await recount();
    await sql('DELETE FROM articles WHERE id = ?', A.id);
    expect((await recount()).entities.kept.length).toBe(2);
    expect((await store.getEntity('Lavrov'))?.articles ?? 0).toBe(0);
    expect((await store.getEntity('Ankara'))?.aliases).toEqual([{ text: 'Ankara', mentions: 2 }]);
    await sql('DELETE FROM articles WHERE id = ?', U.id);
    await sql('DELETE FROM articles WHERE id = ?', B.id);
    expect(await recount()).toMatchObject({ entities: { kept: [] }, months: { kept: [] }, lists: { kept: [] } });
    expect(await store.listEntities({}, 10)).toEqual([]);
  });

  it('stores outlet aliases: what a spelling named moves to its outlet, filters take any spelling, later articles join', async () => {
    const { store, reader } = await fresh();
    // Valdara Today's host, and a second spelling of it, before any alias is known
    const host = article('abab000000000007', 'valdaratoday.com', '2027-03-04T09:00:00Z', 'Host', BODY_B.slice(0, 40));
    await store.putArticles([A, B, C, host]);
    await store.putAnalyses([
      { id: B.id, analysis: analysis('v1', mentions(BODY_B, NAMES)) },
      { id: host.id, analysis: analysis('v1', mentions(host.body, NAMES)) },
    ]);
    await store.putLinks({
      version: 'v',
      seconds: 0,
      stories: [{ id: A.id, label: 'x', terms: [], articles: [A.id, B.id, C.id, host.id] }],
      duplicates: [],
      claims: [
        {
          id: 'c1aim0003',
          text: 'Talks go on',
          first: { articleId: B.id, published: null },
          outlets: ['valdaratoday.com', 'Valdara Today'],
          speakers: [],
          statements: [
            {
              article: host.id,
              start: 0,
              end: 5,
              text: 'Mevlu',
              kind: 'text',
              speaker: null,
              published: null,
              outlet: 'valdaratoday.com',
            },
          ],
        },
      ],
    });
    expect((await store.listOutlets()).map((o) => o.name)).toContain('valdaratoday.com');
    expect(await store.listOutletNames()).toContain('valdaratoday.com');

    await store.putOutletAliases([{ alias: 'www.ValdaraToday.com', outlet: 'Valdara Today', by: 'text' }]);
    expect(await store.listOutletAliases()).toEqual([
      { alias: 'valdaratoday.com', outlet: 'Valdara Today', by: 'text' },
    ]);
    const r = reader();
    expect((await r.listOutlets()).map((o) => [o.name, o.articles])).toEqual([
      ['Valdara Today', 2],
      ['Continental Wire', 1],
      ['The Daily Klaxon', 1],
    ]);
    for (const spelling of ['valdaratoday.com', 'WWW.valdaratoday.com', 'valdara today']) {
      expect((await r.listArticles({ outlet: spelling }, 10)).map((a) => [a.id, a.outlet])).toEqual([
        [host.id, 'Valdara Today'],
        [B.id, 'Valdara Today'],
      ]);
      // the search's outlet filter (index terms on SQLite) follows the renamed rows too
      expect((await r.search('Ankara', { outlet: spelling }, 10)).map((h) => h.id).sort()).toEqual(
        [host.id, B.id].sort(),
      );
    }
    expect((await r.listStories({ outlet: 'valdaratoday.com' }, 10)).map((s) => s.outlets)).toEqual([
      ['Continental Wire', 'The Daily Klaxon', 'Valdara Today'],
    ]);
    expect((await r.getStory(A.id))?.items.filter((i) => i.outlet === 'Valdara Today').length).toBe(2);
    const claim = await r.getClaim('c1aim0003');
    expect(claim?.outlets).toEqual(['Valdara Today']);
    expect(claim?.statements[0]?.outlet).toBe('Valdara Today');
    // entity totals of the two spellings are added up under the outlet's name
    expect((await r.getEntity('Ankara'))?.outlets).toEqual([{ name: 'Valdara Today', articles: 2, mentions: 3 }]);
    // an article read later under the spelling is stored under the outlet's name (its own text keeps the spelling)
    const later = article('acac000000000008', 'valdaratoday.com', '2027-03-06', 'Later', 'Later text.');
    await store.putArticles([later]);
    expect((await r.listArticles({ outlet: 'Valdara Today' }, 10)).map((a) => a.id)).toContain(later.id);
    expect((await store.getArticle(later.id))?.outlet?.value).toBe('valdaratoday.com');
    // the outlet itself becomes another's spelling: its spellings follow it, and it keeps no alias of its own
    await store.putOutletAliases([{ alias: 'Valdara Today', outlet: 'Valdara', by: 'user' }]);
    expect(await store.listOutletAliases()).toEqual([
      { alias: 'Valdara Today', outlet: 'Valdara', by: 'user' },
      { alias: 'valdaratoday.com', outlet: 'Valdara', by: 'text' },
    ]);
    expect((await r.listOutlets())[0]).toMatchObject({ name: 'Valdara', articles: 3 });
    // a renamed spelling is no outlet of its own any more
    expect(await r.listOutletNames()).toEqual(['Continental Wire', 'The Daily Klaxon', 'Valdara']);
    expect((await r.search('Ankara', { outlet: 'valdaratoday.com' }, 10)).map((h) => h.id).sort()).toEqual(
      [host.id, B.id].sort(),
    );
    expect(await r.search('Ankara', { outlet: 'Valdara Today' }, 10)).toHaveLength(2);
    await expect(store.putOutletAliases([{ alias: '', outlet: 'x', by: 'text' }])).rejects.toThrow(/outlet alias/);
  });

  it('stores claims with their statements and finds them by id prefix or entity', async () => {
    const { store } = await fresh();
    await store.putArticles([A, B, C]);
    const statement = (a: Article, text: string, speaker: string | null) => ({
      article: a.id,
      start: a.body.indexOf(text),
      end: a.body.indexOf(text) + text.length,
      text,
      kind: speaker ? ('quote' as const) : ('text' as const),
      speaker,
      published: a.published?.value ?? null,
      outlet: a.outlet?.value ?? null,
    });
    await store.putLinks({
      version: 'v',
      seconds: 0,
      stories: [{ id: A.id, label: 'x', terms: [], articles: [A.id, B.id, C.id] }],
      duplicates: [],
      claims: [
        {
          id: 'c1aim0001',
          text: 'The ceasefire holds',
          first: { articleId: C.id, published: '2027-03-04' },
          outlets: ['The Daily Klaxon', 'Continental Wire'],
          speakers: ['Mevlüt Çavuşoğlu'],
          statements: [
            statement(C, 'The ceasefire holds', null),
            statement(A, 'We will not change course', 'Mevlüt Çavuşoğlu'),
          ],
        },
        {
          id: 'c1aim0002',
          text: 'Talks go on',
          first: { articleId: B.id, published: null },
          outlets: ['Valdara Today'],
          speakers: [],
          statements: [
            statement(B, 'Talks go on', null),
            statement(B, 'Ankara agreed', null),
            statement(A, 'Ankara', null),
          ],
        },
      ],
    });
    expect((await store.listClaims({}, 10)).map((c) => [c.id, c.articles])).toEqual([
      ['c1aim0001', 2],
      ['c1aim0002', 2],
    ]);
    expect((await store.listClaims({}, 1, 1)).map((c) => c.id)).toEqual(['c1aim0002']);
    expect((await store.listClaims({ entity: 'CEASEFIRE' }, 10)).map((c) => c.id)).toEqual(['c1aim0001']);
    expect((await store.listClaims({ entity: 'mevlüt' }, 10)).map((c) => c.id)).toEqual(['c1aim0001']);
    const claim = await store.getClaim('c1aim0001');
    expect(claim).toMatchObject({
      id: 'c1aim0001',
      first: { article: C.id, published: '2027-03-04' },
      outlets: ['The Daily Klaxon', 'Continental Wire'],
      speakers: ['Mevlüt Çavuşoğlu'],
    });
    expect(claim?.statements.map((s) => [s.article, s.kind, s.speaker])).toEqual([
      [C.id, 'text', null],
      [A.id, 'quote', 'Mevlüt Çavuşoğlu'],
    ]);
    expect((await store.getClaim('c1aim0002'))?.statements).toHaveLength(3);
    expect((await store.getClaim('c1aim'))?.id).toBe('c1aim0001');
    expect(await store.getClaim('zzz')).toBeNull();

    // a delta write changes what it names and keeps the rest
    await store.putArticles([D]);
    await store.putLinks({
      version: 'v',
      seconds: 0,
      stories: [{ id: D.id, label: 'strike', terms: ['strike'], articles: [D.id] }],
      duplicates: [],
      claims: [
        {
          id: 'c1aim0003',
          text: 'The ceasefire holds',
          first: { articleId: C.id, published: '2027-03-04' },
          outlets: ['The Daily Klaxon'],
          speakers: [],
          statements: [statement(C, 'The ceasefire holds', null), statement(B, 'Talks go on', null)],
        },
      ],
      delta: { stories: [], claims: ['c1aim0002', 'not-stored'] },
    });
    expect((await store.listClaims({}, 10)).map((c) => c.id).sort()).toEqual(['c1aim0001', 'c1aim0003']);
    expect((await store.getClaim('c1aim0001'))?.statements).toHaveLength(2);
    expect((await store.listStories({}, 10)).map((s) => [s.id, s.articles, s.outlets])).toEqual([
      [A.id, 3, ['Continental Wire', 'The Daily Klaxon', 'Valdara Today']],
      [D.id, 1, [D.outlet?.value]],
    ]);
    expect(await store.linkState()).toMatchObject({ linked: 4, stories: 2 });
    // a story written again replaces the stored one of its id; one named in `delta.stories` goes
    await store.putLinks({
      version: 'v',
      seconds: 0,
      stories: [{ id: A.id, label: 'y', terms: ['y'], articles: [A.id, B.id, C.id, D.id] }],
      duplicates: [],
      delta: { stories: [D.id], claims: [] },
    });
    expect((await store.listStories({}, 10)).map((s) => [s.id, s.label, s.articles])).toEqual([[A.id, 'y', 4]]);
    expect((await store.listClaims({}, 10)).map((c) => c.id).sort()).toEqual(['c1aim0001', 'c1aim0003']);
  });
});

describe('PostgreSQL store', () => {
  it('migrates once when two processes open a new database at once, and a reader needs a migrated one', async () => {
    const url = await postgres.database();
    const empty = new PostgresStore(url, { readonly: true });
    await expect(empty.stats()).rejects.toThrow(/no dossier in this database/);
    await empty.close();
    const stores = [new PostgresStore(url), new PostgresStore(url), new PostgresStore(url)];
    const stats = await Promise.all(stores.map((s) => s.stats()));
    expect(stats).toEqual(stores.map(() => ({ articles: 0, sources: 0, outlets: 0 })));
    await Promise.all(stores.map((s) => s.close()));
  });

  it('re-encodes the JSON analyses of a dossier made before migration 2, compactly, and reads back the same ones', async () => {
    const url = await postgres.database();
    const analyses = [BODY_A, `${BODY_A} Lavrov said talks in Geneva would go on.`].map((body) => ({
      body,
      analysis: JSON.parse(JSON.stringify(analyze(body, { published: '2027-03-01' }))) as Analysis,
    }));
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      // the database as migration 1 left it, with analyses stored as JSON text
      await client.query(
        'CREATE TABLE schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
      );
      await client.query(PG_MIGRATIONS[0] as string);
      await client.query('INSERT INTO schema_migrations (version) VALUES (1)');
      for (const [i, { body, analysis }] of analyses.entries()) {
        await client.query(
          `WITH a AS (INSERT INTO articles (id, body, pipeline) VALUES ($1, $2, 'test') RETURNING rowid)
           INSERT INTO analyses (article_rowid, version, data) SELECT rowid, $3, $4 FROM a`,
          [`a${i}`, body, analysis.version, JSON.stringify(analysis)],
        );
      }
      const before = await client.query<{ n: number }>('SELECT sum(octet_length(data))::int AS n FROM analyses');
      const store = new PostgresStore(url);
      try {
        for (const [i, { analysis }] of analyses.entries()) expect(await store.getAnalysis(`a${i}`)).toEqual(analysis);
      } finally {
        await store.close();
      }
      const after = await client.query<{ n: number; type: string; version: number }>(
        `SELECT sum(octet_length(data))::int AS n, min(pg_typeof(data)::text) AS type,
                (SELECT max(version) FROM schema_migrations) AS version FROM analyses`,
      );
      expect(after.rows[0]).toMatchObject({ type: 'bytea', version: PG_MIGRATIONS.length });
      expect(after.rows[0]?.n).toBeLessThan((before.rows[0]?.n ?? 0) / 3);
    } finally {
      await client.end();
    }
  });

  it('rewrites the quotes of a dossier made before migration 4 compactly, and lists the same quotes', async () => {
    const url = await postgres.database();
    // an emoji before the quotes: offsets count UTF-16 units, as the analysis's do
    const bodies = [
      '🛰️ Mevlüt Çavuşoğlu met Sergei Lavrov in Ankara. "We will not change course," Çavuşoğlu told reporters on Monday. "The talks," he said, "will go on in Geneva."',
      'Lavrov said on Twitter that the ceasefire would hold. According to Lavrov, the deal is done.',
    ];
    const articles = [
      article('aaaa000000000011', 'Continental Wire', '2027-03-03T18:42:00Z', 'Talks', bodies[0] as string),
      article('bbbb000000000012', 'Valdara Today', null, 'Undated', bodies[1] as string),
    ];
    const writes = articles.map((a) => {
      const analysis = analyze(a.body, { published: a.published?.value });
      // a quote split around its attribution: its text (pieces joined) is not the body's text
      const split = quote(a.body, a.body.includes('"The talks,"') ? '"The talks,"' : 'the deal is done', 'Lavrov');
      analysis.quotes = [...(analysis.quotes ?? []), { ...split, text: `${split.text} … more` }];
      return { id: a.id, analysis, chains: resolveArticle(a.body, analysis).chains };
    });
    let store = new PostgresStore(url);
    await store.putArticles(articles);
    await store.putAnalyses(writes);
    const expected = await store.listQuotes({}, 100);
    const expectedEntity = (await store.getEntity('lavrov'))?.quotes;
    await store.close();
    expect(expected.length).toBeGreaterThan(4);
    expect(expected.some((q) => q.dateFrom === 'text')).toBe(true);

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      // the quotes table as migrations 1-3 wrote it: the text always, the article's date as text, a JSON copy of each
      const { rows } = await client.query<Record<string, unknown> & { data: Buffer; body: string }>(
        `SELECT q.rowid, q.article_rowid, q.position, q.start, q."end", q.kind, q.cue, q.speaker, q.speaker_entity_rowid,
                a.published_utc, a.body, n.data
         FROM quotes q JOIN articles a ON a.rowid = q.article_rowid JOIN analyses n ON n.article_rowid = a.rowid`,
      );
      await client.query(`
        DROP TABLE quotes;
        CREATE TABLE quotes (
          rowid bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
          article_rowid bigint NOT NULL REFERENCES articles (rowid) ON DELETE CASCADE,
          position integer NOT NULL, start integer NOT NULL, "end" integer NOT NULL, kind text COLLATE "C" NOT NULL,
          text text COLLATE "C" NOT NULL, cue text COLLATE "C", speaker text COLLATE "C",
          speaker_entity_rowid bigint REFERENCES entities (rowid), published_utc text COLLATE "C", data text NOT NULL,
          UNIQUE (article_rowid, position));
        CREATE INDEX quotes_speaker ON quotes (speaker_entity_rowid, published_utc);
        CREATE INDEX quotes_listing ON quotes (published_utc DESC NULLS LAST, article_rowid, position);
        -- the later migrations, run again on opening
        ${UNDO_COUNTS}
        DROP TABLE unanalysed;
        DROP TRIGGER unanalysed_article_in ON articles;
        DROP TRIGGER unanalysed_analysis_in ON analyses;
        DROP TRIGGER unanalysed_analysis_out ON analyses;
        DROP FUNCTION dossier_unanalysed_in(), dossier_analysed(), dossier_unanalysed_again();
        DROP TRIGGER articles_neighbours ON articles;
        DROP FUNCTION dossier_drop_neighbours();
        DROP TABLE entity_neighbours;
        DROP TRIGGER articles_totals ON articles;
        DROP FUNCTION dossier_drop_totals();
        DROP TABLE article_entities;
        DELETE FROM schema_migrations WHERE version > 3;`);
      for (const r of rows) {
        const q = decodeAnalysis(r.data, r.body).quotes?.[r.position as number] as Quote;
        await client.query(
          `INSERT INTO quotes (rowid, article_rowid, position, start, "end", kind, text, cue, speaker, speaker_entity_rowid, published_utc, data)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
          [r.rowid, r.article_rowid, r.position, r.start, r.end, r.kind, q.text, r.cue, r.speaker].concat([
            r.speaker_entity_rowid,
            r.published_utc,
            JSON.stringify(q),
          ]),
        );
      }
      const version = 'SELECT max(version) AS v FROM schema_migrations';
      expect((await client.query<{ v: number }>(version)).rows[0]?.v).toBe(3);

      store = new PostgresStore(url);
      try {
        expect(await store.listQuotes({}, 100)).toEqual(expected);
        expect((await store.getEntity('lavrov'))?.quotes).toEqual(expectedEntity);
        // new rows after the migrated ones: the identity goes on from the largest rowid
        const third = article('cccc000000000013', 'KTV World', '2027-03-05', 'Again', bodies[1] as string);
        await store.putArticles([third]);
        await store.putAnalyses([{ id: third.id, analysis: analyze(third.body, {}) }]);
        expect((await store.listQuotes({ article: third.id }, 100)).length).toBeGreaterThan(0);
      } finally {
        await store.close();
      }
      expect((await client.query<{ v: number }>(version)).rows[0]?.v).toBe(PG_MIGRATIONS.length);
      const columns = await client.query<{ c: string }>(
        "SELECT column_name AS c FROM information_schema.columns WHERE table_name = 'quotes' AND column_name IN ('data', 'published_utc')",
      );
      expect(columns.rows).toEqual([]);
      const kept = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM quotes WHERE text IS NOT NULL');
      expect(kept.rows[0]?.n).toBe(2);
    } finally {
      await client.end();
    }
  });

  it("lists the unanalysed articles of a dossier made before migration 7, and drops its mention rows' body texts", async () => {
    const url = await postgres.database();
    let store = new PostgresStore(url);
    await store.putArticles([A, B, C, D]);
    await store.putAnalyses([
      { id: A.id, analysis: analysis('v1', mentions(BODY_A, NAMES)) },
      { id: C.id, analysis: analysis('v2', []) },
    ]);
    const pending = await store.pendingAnalyses('v2', 10);
    const entity = await store.getEntity('mevlut cavusoglu');
    await store.close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      // as migrations 1-6 left it: no list of the unanalysed articles, every mention row with its text
      await client.query(`
        ${UNDO_COUNTS}
        DROP TABLE unanalysed;
        DROP TRIGGER unanalysed_article_in ON articles;
        DROP TRIGGER unanalysed_analysis_in ON analyses;
        DROP TRIGGER unanalysed_analysis_out ON analyses;
        DROP FUNCTION dossier_unanalysed_in(), dossier_analysed(), dossier_unanalysed_again();
        DELETE FROM schema_migrations WHERE version > 6;`);
      const rows = await client.query<{ a: number; s: number; e: number; body: string }>(
        'SELECT m.article_rowid AS a, m.start AS s, m."end" AS e, body FROM mentions m JOIN articles ON rowid = article_rowid',
      );
      for (const r of rows.rows)
        await client.query('UPDATE mentions SET text = $3 WHERE article_rowid = $1 AND start = $2', [
          r.a,
          r.s,
          r.body.slice(r.s, r.e),
        ]);
      expect((await client.query('SELECT 1 FROM mentions WHERE text IS NULL')).rows).toEqual([]);
      store = new PostgresStore(url);
      try {
        expect(await store.pendingAnalyses('v2', 10)).toEqual(pending);
        expect(await store.getEntity('mevlut cavusoglu')).toEqual(entity);
        // the unanalysed list goes on being kept after the migration
        await store.putAnalyses([{ id: B.id, analysis: analysis('v2', []) }]);
        expect((await store.pendingAnalyses('v2', 10)).map((p) => p.id)).toEqual([A.id, D.id]);
      } finally {
        await store.close();
      }
      const kept = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM mentions WHERE text IS NOT NULL');
      expect(kept.rows[0]?.n).toBe(0);
    } finally {
      await client.end();
    }
  });

  it('counts the articles and analyses of a dossier made before migration 9, and goes on counting them', async () => {
    const url = await postgres.database();
    let store = new PostgresStore(url);
    await store.putArticles([A, B, C, D]);
    await store.putAnalyses([
      { id: A.id, analysis: analysis('v1', []) },
      { id: B.id, analysis: analysis('v2', []) },
      { id: C.id, analysis: analysis('v2', []) },
    ]);
    await store.close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      // as migrations 1-7 left it, with rows the triggers never saw
      await client.query(`${UNDO_COUNTS} DELETE FROM schema_migrations WHERE version > 8;`);
      store = new PostgresStore(url);
      try {
        expect(await store.analysisState('v2')).toEqual({ articles: 4, current: 2, stale: 1 });
        await store.putAnalyses([{ id: D.id, analysis: analysis('v2', []) }]);
        expect(await store.analysisState('v2')).toEqual({ articles: 4, current: 3, stale: 1 });
      } finally {
        await store.close();
      }
    } finally {
      await client.end();
    }
  });

  it('keeps exact counts while several stores write at once, each connection adding to a slot of its own', async () => {
    const url = await postgres.database();
    const stores = [new PostgresStore(url), new PostgresStore(url), new PostgresStore(url)];
    try {
      await stores[0]?.stats(); // migrates once
      const body = (w: number, i: number) => `Article ${i} of writer ${w}. Mevlüt Çavuşoğlu met Lavrov in Ankara.`;
      await Promise.all(
        stores.map(async (store, w) => {
          for (let round = 0; round < 4; round++) {
            const batch = Array.from({ length: 5 }, (_, i) =>
              article(
                `w${w}r${round}i${i}`.padEnd(16, '0'),
                'KTV World',
                '2027-03-05',
                'Batch',
                body(w, round * 5 + i),
              ),
            );
            await store.putArticles(batch);
            // every other article analysed; the first again at another version
            const analysed = batch.filter((_, i) => i % 2 === 0);
            await store.putAnalyses(analysed.map((a) => ({ id: a.id, analysis: analysis('v1', []) })));
            await store.putAnalyses([{ id: analysed[0]?.id as string, analysis: analysis('v2', []) }]);
          }
        }),
      );
      expect(await stores[1]?.analysisState('v1')).toEqual({ articles: 60, current: 24, stale: 12 });
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const slots = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM article_counts');
        expect(slots.rows[0]?.n).toBeGreaterThan(1);
      } finally {
        await client.end();
      }
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it('names the database, without its password, when it cannot connect', async () => {
    const store = new PostgresStore('postgres://someone:secret@127.0.0.1:1/nowhere');
    const err = await store.stats().catch((e: unknown) => e as Error);
    expect(err).toMatchObject({ code: 'DOSSIER_E_DB' });
    expect((err as Error).message).toMatch(/^postgres:\/\/…@127\.0\.0\.1:1\/nowhere: /);
    expect((err as Error).message).not.toMatch(/secret/);
    await store.close();
  });
});

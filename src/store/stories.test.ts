import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Article } from '../types.js';
import { SQLITE_MIGRATIONS } from './migrations.js';
import { SqliteStore } from './sqlite.js';

function article(id: string, outlet: string, published: string | null, title: string, source = `${id}.txt`): Article {
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
    tags: [],
    body: `body of ${title}`,
    removed: [],
    sources: [{ source, url: null, rawHash: id, charset: 'utf-8', outlet, title, published }],
    pipeline: 'test',
  };
}

const A = article('aaaa000000000001', 'Continental Wire', '2027-03-03T18:42:00Z', 'Ceasefire signed in Aldport');
const B = article('bbbb000000000002', 'Valdara Today', '2027-03-03T20:15:00Z', 'A pause, not a peace');
const C = article('cccc000000000003', 'The Daily Klaxon', '2027-03-04', 'Peace in our time?');
const D = article('dddd000000000004', 'The Sorvik Courier', '2027-03-05T11:20:00Z', 'Dockworkers strike');
const U = article('eeee000000000005', 'KTV World', null, 'Undated copy');
const V = article('ffff000000000006', 'Frontline Truth', null, 'Another undated copy');

describe('SqliteStore stories', () => {
  const stores: SqliteStore[] = [];
  const open = (path = join(mkdtempSync(join(tmpdir(), 'dossier-stories-')), 'd.db'), readonly = false) => {
    const s = new SqliteStore(path, { readonly });
    stores.push(s);
    return { store: s, path };
  };
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
  });

  it('round-trips stories, membership, duplicate groups and the run state', async () => {
    const { store, path } = open();
    // the Sorvik Courier also carried the wire story word for word: one article, two sources
    await store.putArticles([A, B, C, D, U, V]);
    await store.putArticles([
      article(A.id, 'The Sorvik Courier', '2027-03-04', 'Wire: ceasefire signed', 'courier/ceasefire.txt'),
    ]);
    expect((await store.linkState()).version).toBeNull();
    await store.putLinks({
      version: 'v-test',
      seconds: 0.1,
      stories: [
        {
          id: A.id,
          label: 'ceasefire · aldport',
          terms: ['ceasefire', 'aldport'],
          articles: [A.id, B.id, C.id, U.id, V.id],
        },
        { id: D.id, label: 'strike', terms: ['strike'], articles: [D.id] },
      ],
      duplicates: [{ members: [A.id, B.id] }, { members: [U.id, V.id] }],
    });

    const state = await store.linkState();
    expect(state).toMatchObject({
      version: 'v-test',
      linked: 6,
      articles: 6,
      stories: 2,
      multiStories: 1,
      duplicateGroups: 2,
    });

    const list = await store.listStories({}, 10);
    expect(list.map((s) => s.id)).toEqual([A.id, D.id]);
    expect(list[0]).toMatchObject({
      label: 'ceasefire · aldport',
      terms: ['ceasefire', 'aldport'],
      first: '2027-03-03T18:42:00.000Z',
      last: '2027-03-04T00:00:00.000Z',
      articles: 5,
      duplicateGroups: 2,
    });
    expect(list[0]?.outlets).toEqual([
      'Continental Wire',
      'Frontline Truth',
      'KTV World',
      'The Daily Klaxon',
      'The Sorvik Courier',
      'Valdara Today',
    ]);

    // filters: outlet (any carrier), date overlap, size, the story of an article, full text
    expect((await store.listStories({ outlet: 'the sorvik courier' }, 10)).map((s) => s.id)).toEqual([A.id, D.id]);
    expect((await store.listStories({ outlet: 'Valdara Today' }, 10)).map((s) => s.id)).toEqual([A.id]);
    expect((await store.listStories({ since: '2027-03-05' }, 10)).map((s) => s.id)).toEqual([D.id]);
    expect((await store.listStories({ until: '2027-03-04' }, 10)).map((s) => s.id)).toEqual([A.id]);
    expect((await store.listStories({ minArticles: 2 }, 10)).map((s) => s.id)).toEqual([A.id]);
    expect((await store.listStories({ article: 'dddd' }, 10)).map((s) => s.id)).toEqual([D.id]);
    expect(await store.listStories({ article: '9999' }, 10)).toEqual([]);
    expect((await store.listStories({ q: 'dockworkers' }, 10)).map((s) => s.id)).toEqual([D.id]);
    expect((await store.listStories({}, 1, 1)).map((s) => s.id)).toEqual([D.id]);

    const story = await store.getStory('aaaa');
    expect(story?.id).toBe(A.id);
    // by outlet, then date; one line per source, so the verbatim copy shows under both outlets
    expect(story?.items.map((i) => [i.outlet, i.id])).toEqual([
      ['Continental Wire', A.id],
      ['Frontline Truth', V.id],
      ['KTV World', U.id],
      ['The Daily Klaxon', C.id],
      ['The Sorvik Courier', A.id],
      ['Valdara Today', B.id],
    ]);
    expect(story?.items.find((i) => i.outlet === 'The Sorvik Courier')).toMatchObject({
      source: 'courier/ceasefire.txt',
      published: '2027-03-04',
      title: 'Wire: ceasefire signed',
    });
    expect(story?.duplicates).toEqual([
      {
        first: A.id,
        copiedBy: ['The Sorvik Courier', 'Valdara Today'],
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
      // no dates: who was first is not known, and nobody is named a copier
      { first: null, copiedBy: [], members: expect.any(Array) },
    ]);
    expect(await store.getStory('0000')).toBeNull();

    // a second run replaces the first whole; a read-only store reads the same
    await store.putLinks({
      version: 'v-test-2',
      seconds: 0.1,
      stories: [A, B, C, D, U, V].map((a) => ({ id: a.id, label: 'x', terms: ['x'], articles: [a.id] })),
      duplicates: [],
    });
    const reader = open(path, true).store;
    expect((await reader.listStories({}, 100)).length).toBe(6);
    expect((await reader.getStory(A.id))?.duplicates).toEqual([]);
    expect(await reader.linkState()).toMatchObject({ version: 'v-test-2', linked: 6, duplicateGroups: 0 });
  });

  it('refuses a link result naming an article that is not stored, and keeps the previous result', async () => {
    const { store } = open();
    await store.putArticles([A]);
    await store.putLinks({
      version: 'v1',
      seconds: 0,
      stories: [{ id: A.id, label: 'a', terms: [], articles: [A.id] }],
      duplicates: [],
    });
    await expect(
      store.putLinks({
        version: 'v2',
        seconds: 0,
        stories: [{ id: 'x', label: 'x', terms: [], articles: ['0123456789abcdef'] }],
        duplicates: [],
      }),
    ).rejects.toThrow(/not stored/);
    expect(await store.linkState()).toMatchObject({ version: 'v1', stories: 1 });
  });

  it('lists the link inputs of every article with all of its sources', async () => {
    const { store } = open();
    await store.putArticles([A, B]);
    await store.putArticles([article(A.id, 'The Sorvik Courier', '2027-03-04', 'Wire copy', 'courier.txt')]);
    const rows = [];
    for await (const r of store.listLinkSources()) rows.push(r);
    expect(rows.map((r) => [r.id, r.sources.map((s) => s.source)])).toEqual([
      [A.id, [`${A.id}.txt`, 'courier.txt']],
      [B.id, [`${B.id}.txt`]],
    ]);
    expect([...(await store.getBodies([B.id, 'nope']))]).toEqual([[B.id, 'body of A pause, not a peace']]);
  });

  it('adds the story tables as a new migration after the earlier ones', () => {
    expect(SQLITE_MIGRATIONS.findIndex((m) => m.includes('CREATE TABLE stories'))).toBeGreaterThan(0);
  });
});

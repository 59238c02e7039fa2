import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadBasil } from '../eval/link-data.js';
import { linkStore } from './linking.js';
import { SqliteStore } from './store/sqlite.js';
import type { Store } from './store/store.js';
import type { Article } from './types.js';

const BASIL = new URL('../../shared/data/basil/', import.meta.url);

/** BASIL DEV as stored articles, in date order (ids are hex, as the store's are). */
function basilArticles(): Article[] {
  const found = <T>(value: T) => ({ value, via: 'test', confidence: 1 });
  return loadBasil(BASIL.pathname)
    .filter((d) => d.published !== null)
    .sort((a, b) => (a.published as number) - (b.published as number) || (a.id < b.id ? -1 : 1))
    .map((d, i) => {
      const id = (i + 1).toString(16).padStart(16, '0');
      const published = new Date(d.published as number).toISOString();
      return {
        id,
        title: found(d.title),
        outlet: found(d.outlet ?? 'unknown'),
        published: found(published),
        authors: [],
        language: null,
        canonicalUrl: null,
        modified: null,
        section: null,
        tags: [],
        body: d.paragraphs.join('\n\n'),
        removed: [],
        sources: [
          {
            source: `${d.id}.json`,
            url: null,
            rawHash: id,
            charset: 'utf-8',
            outlet: d.outlet,
            title: d.title,
            published,
          },
        ],
        pipeline: 'test',
      };
    });
}

/** Stories and duplicate groups as stored, in a comparable form. */
async function linked(store: Store): Promise<string> {
  const stories = await store.listStories({}, 10_000);
  const details = await Promise.all(stories.map((s) => store.getStory(s.id)));
  return JSON.stringify(
    details
      .map((d) => ({
        id: d?.id,
        label: d?.label,
        articles: [...new Set(d?.items.map((i) => i.id))].sort(),
        duplicates: d?.duplicates.map((g) => g.members.map((m) => m.id)),
      }))
      .sort((a, b) => ((a.id ?? '') < (b.id ?? '') ? -1 : 1)),
  );
}

describe('linkStore, incremental', () => {
  const stores: SqliteStore[] = [];
  const open = () => {
    const s = new SqliteStore(join(mkdtempSync(join(tmpdir(), 'dossier-linking-')), 'd.db'));
    stores.push(s);
    return s;
  };
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
  });
  const articles = basilArticles();

  it('places only the new articles when they come later, and stores what a run over everything stores', async () => {
    const whole = open();
    await whole.putArticles(articles);
    expect((await linkStore(whole)).incremental).toBe(false);

    const growing = open();
    await growing.putArticles(articles.slice(0, 100));
    expect((await linkStore(growing)).incremental).toBe(false);
    await growing.putArticles(articles.slice(100, 130));
    const second = await linkStore(growing);
    expect(second.incremental).toBe(true);
    await growing.putArticles(articles.slice(130));
    expect((await linkStore(growing)).incremental).toBe(true);
    expect(await linked(growing)).toBe(await linked(whole));
  });

  it('links the whole corpus again when an article arrives before those already linked', async () => {
    const whole = open();
    await whole.putArticles(articles);
    await linkStore(whole);

    const late = open();
    await late.putArticles(articles.slice(1));
    await linkStore(late);
    await late.putArticles(articles.slice(0, 1));
    expect((await linkStore(late)).incremental).toBe(false);
    expect(await linked(late)).toBe(await linked(whole));
  });

  it('links the whole corpus again when asked to (force), and when the saved state is from another version', async () => {
    const store = open();
    await store.putArticles(articles.slice(0, 60));
    await linkStore(store);
    await store.putArticles(articles.slice(60, 61));
    expect((await linkStore(store, { force: true })).incremental).toBe(false);
    const state = await store.linkState();
    await store.putLinks({
      version: 'other',
      stories: [],
      duplicates: [],
      seconds: 0,
      snapshot: new Uint8Array([1, 2, 3]),
    });
    await store.putArticles(articles.slice(61, 62));
    expect((await linkStore(store)).incremental).toBe(false);
    expect((await store.linkState()).stories).toBeGreaterThanOrEqual(state.stories);
  });
});

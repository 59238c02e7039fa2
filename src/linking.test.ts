import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serialize } from 'node:v8';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { loadBasil } from '../eval/link-data.js';
import { analyze } from './analyze/index.js';
import { storedAnalysisVersion } from './analyzing.js';
import { LINK_VERSION, dateInName, linkStore } from './linking.js';
import { resolveArticle } from './resolve/article.js';
import { SqliteStore } from './store/sqlite.js';
import type { AnalysisWrite, Store } from './store/store.js';
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

/** Claims as stored, with their statements, in a comparable form. */
async function claimsOf(store: Store): Promise<string> {
  const list = await store.listClaims({}, 100_000);
  const details = await Promise.all(list.map((c) => store.getClaim(c.id)));
  return JSON.stringify(details.sort((a, b) => ((a?.id ?? '') < (b?.id ?? '') ? -1 : 1)));
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
  /** An article's analysis as stored (all of them computed once, on first use). */
  let analyses: Map<string, AnalysisWrite> | undefined;
  const analysisOf = (a: Article): AnalysisWrite => {
    if (!analyses) {
      const version = storedAnalysisVersion();
      analyses = new Map(
        articles.map((b) => {
          const analysis = analyze(b.body, { published: b.published?.value ?? null });
          return [b.id, { id: b.id, analysis, version, chains: resolveArticle(b.body, analysis).chains }];
        }),
      );
    }
    return analyses.get(a.id)!;
  };
  /** Every article with its analysis, linked in one run: what continuing runs must end as. */
  const linkedAtOnce = async () => {
    const whole = open();
    await whole.putArticles(articles);
    await whole.putAnalyses(articles.map(analysisOf));
    await linkStore(whole);
    return whole;
  };

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

  it('continues labels and claims from the saved state, and reads old articles again only when one was analysed since', async () => {
    const analysed = (from: number, to: number) => articles.slice(from, to).map(analysisOf);
    const whole = open();
    await whole.putArticles(articles);
    await whole.putAnalyses(analysed(0, articles.length));
    const all = await linkStore(whole);
    expect(all.claims).toBeGreaterThan(0);

    const growing = open();
    await growing.putArticles(articles.slice(0, 100));
    await growing.putAnalyses(analysed(0, 80));
    await linkStore(growing);
    await growing.putArticles(articles.slice(100, 130));
    await growing.putAnalyses(analysed(100, 130));
    expect(await linkStore(growing)).toMatchObject({ incremental: true, read: 30 });
    // articles 80-99 were linked without an analysis: their statements are read now, with the new ones
    await growing.putArticles(articles.slice(130));
    await growing.putAnalyses([...analysed(80, 100), ...analysed(130, articles.length)]);
    expect(await linkStore(growing)).toMatchObject({
      incremental: true,
      read: articles.length - 130 + articles.length,
    });
    expect(await linked(growing)).toBe(await linked(whole));
    expect(await claimsOf(growing)).toBe(await claimsOf(whole));

    // every run continues: each writes only the stories and claims it changed, and the store ends the same
    const continued = open();
    let relabelled = 0;
    for (const [from, to] of [
      [0, 100],
      [100, 130],
      [130, articles.length],
    ] as const) {
      await continued.putArticles(articles.slice(from, to));
      await continued.putAnalyses(analysed(from, to));
      const run = await linkStore(continued);
      expect(run.read).toBe(to - from);
      relabelled += run.relabelled ?? 0;
      if (to === articles.length) expect(run.claims).toBe(all.claims);
    }
    // label terms are not kept between runs: stories new articles joined read their older articles again
    expect(relabelled).toBeGreaterThan(0);
    expect(await linked(continued)).toBe(await linked(whole));
    expect(await claimsOf(continued)).toBe(await claimsOf(whole));
  });

  it('continues through the saved log run after run, writes the log again whole every few runs, and ends as one run', async () => {
    const whole = await linkedAtOnce();

    const runs = open();
    const cuts = [0, 30, 45, 60, 75, 90, 105, 125, articles.length];
    const pieces: number[] = [];
    for (let k = 1; k < cuts.length; k++) {
      const slice = articles.slice(cuts[k - 1], cuts[k]);
      await runs.putArticles(slice);
      await runs.putAnalyses(slice.map(analysisOf));
      const run = await linkStore(runs, { logPieces: 3 });
      expect(run).toMatchObject({ incremental: k > 1, read: slice.length });
      pieces.push((await runs.getLinkLog('articles')).length);
    }
    // one piece a run, written again whole (one piece) once three were there
    expect(pieces).toEqual([1, 2, 3, 1, 2, 3, 1, 2]);
    // near-duplicate entries past the window leave the log (BASIL spans years; the window is four weeks)
    expect((await runs.getLinkLog('dedup')).length).toBeLessThan(cuts.length - 1);
    expect(await linked(runs)).toBe(await linked(whole));
    expect(await claimsOf(runs)).toBe(await claimsOf(whole));
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

  it('places late arrivals from the checkpoint before them, and stores what a run over everything stores', async () => {
    const whole = await linkedAtOnce();

    // the two reports of 2019-03-22 arrive after the one of 2019-03-25 was linked: later than the
    // checkpoint a week before it (2019-02-15), within the near-duplicate window
    const n = articles.length;
    const late = articles.slice(n - 3, n - 1);
    expect(late.map((a) => a.published?.value.slice(0, 10))).toEqual(['2019-03-22', '2019-03-22']);
    const runs = open();
    for (const slice of [articles.slice(0, 100), [...articles.slice(100, n - 3), ...articles.slice(n - 1)], late]) {
      await runs.putArticles(slice);
      await runs.putAnalyses(slice.map(analysisOf));
      const run = await linkStore(runs);
      if (slice === late) expect(run).toMatchObject({ incremental: true, replaced: 1, read: 3 });
    }
    expect(await linked(runs)).toBe(await linked(whole));
    expect(await claimsOf(runs)).toBe(await claimsOf(whole));

    // a checkpoint two months back (2018-08-21), kept through a run that wrote the log whole without moving it
    const next = open();
    const options = { lateDays: 60, logPieces: 1 };
    await next.putArticles(articles.slice(0, n - 3));
    await linkStore(next, options);
    await next.putArticles(articles.slice(n - 1));
    expect(await linkStore(next, options)).toMatchObject({ incremental: true, read: 1 });
    await next.putArticles(late);
    // the ten reports from 2019-01-18 on are placed again with the two late ones
    expect(await linkStore(next, options)).toMatchObject({ incremental: true, replaced: 10, read: 12 });
    expect(await linked(next)).toBe(await linked(whole));
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
    // a state it cannot read, or one saved whole in the format before the log: linked once, with a note
    for (const [snapshot, note] of [
      [new Uint8Array([1, 2, 3]), /could not be read/],
      [gzipSync(serialize({ version: LINK_VERSION, seen: new Map() })), /older format/],
    ] as const) {
      const next = (await store.linkState()).articles;
      await store.putLinks({ version: LINK_VERSION, stories: [], duplicates: [], seconds: 0, snapshot });
      await store.putArticles(articles.slice(next, next + 1));
      const run = await linkStore(store);
      expect(run.incremental).toBe(false);
      expect(run.note).toMatch(note);
      await store.putArticles(articles.slice(next + 1, next + 2));
      expect(await linkStore(store)).toMatchObject({ incremental: true, read: 1 });
    }
  });
});

describe('linkStore, undated articles', () => {
  const stores: SqliteStore[] = [];
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
  });
  const open = () => {
    const s = new SqliteStore(join(mkdtempSync(join(tmpdir(), 'dossier-linking-')), 'd.db'));
    stores.push(s);
    return s;
  };
  /** Article sets of the stored stories, sorted. */
  const sets = async (store: Store) =>
    (await Promise.all((await store.listStories({}, 10_000)).map((s) => store.getStory(s.id))))
      .map((d) => [...new Set(d?.items.map((i) => i.id))].sort().join(' '))
      .sort();

  it('dates an article whose content gives no date by its file name, so it links as its dated copy does', async () => {
    const dated = basilArticles();
    const whole = open();
    await whole.putArticles(dated);
    await linkStore(whole);

    // every fifth article loses its date, and keeps it only in the name its file was saved under
    const undated = dated.map((a, i) => {
      if (i % 5 !== 0) return a;
      const day = (a.published?.value ?? '').slice(0, 10);
      const source = { ...(a.sources[0] as Article['sources'][number]) };
      return {
        ...a,
        published: null,
        sources: [{ ...source, published: null, source: `saved/outlet_${day}_${i}.txt` }],
      };
    });
    expect(undated.filter((a) => a.published === null).length).toBe(30);
    const store = open();
    await store.putArticles(undated);
    await linkStore(store);
    expect(await sets(store)).toEqual(await sets(whole));
  });

  it('reads a date from a file name or URL path, and only a real one', () => {
    expect(dateInName('examples/text/ktv-world_2027-03-03_tarnel-ceasefire-signed.txt')).toBe(Date.UTC(2027, 2, 3));
    expect(dateInName('https://example.com/world/2020/02/17/s-400.html')).toBe(Date.UTC(2020, 1, 17));
    expect(dateInName('archive/2019-12-31/update_2020_01_02.txt')).toBe(Date.UTC(2020, 0, 2));
    expect(dateInName('notes_2027-02-30.txt')).toBeNull(); // no 30 February
    expect(dateInName('report-2027-13-01.txt')).toBeNull();
    expect(dateInName('id-12027-03-03.txt')).toBeNull(); // part of a longer number
    expect(dateInName('2027-03/03.txt')).toBeNull(); // separators must agree
    expect(dateInName('plain.txt')).toBeNull();
  });
});

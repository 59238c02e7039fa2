import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  describeInBrowser,
  launchBrowser,
  SCREENSHOTS,
  type ServedDossier,
  serveDossier,
  watchPage,
} from './helpers/browser.js';
import { runCli, tempDir } from './helpers/cli.js';

interface Hit {
  id: string;
  title: string;
  outlet: string;
}

/** `dossier serve` on the demo corpus, driven by Chromium as an analyst would. */
describeInBrowser('web UI on the demo dossier', () => {
  let served: ServedDossier;
  let browser: BrowserContext;
  let page: Page;
  let problems: string[];
  const api = async <T>(path: string): Promise<T> => (await fetch(new URL(path, served.url))).json() as Promise<T>;

  beforeAll(async () => {
    const db = join(tempDir('dossier-browser-'), 'demo.db');
    const demo = await runCli(['demo', '--db', db, '--no-serve']);
    expect(demo.status, demo.stderr).toBe(0);
    served = await serveDossier(db);
    browser = await launchBrowser();
    page = browser.pages()[0] ?? (await browser.newPage());
    problems = watchPage(page);
  });
  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  it('goes from a search to an article, with its content, furniture and sources', async () => {
    const stats = await api<{ articles: number; outlets: number }>('/api/stats');
    await page.goto(served.url);
    await expect.poll(() => page.textContent('.stats')).toContain(`${stats.articles} articles`);
    await page.getByRole('heading', { name: 'Newest articles' }).waitFor();

    // `/` jumps to the query box; Enter searches; the query lands in the URL
    await page.keyboard.press('/');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('q');
    await page.keyboard.type('ceasefire');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\?q=ceasefire$/);
    const expected = await api<{
      hits: Hit[];
      outlets: Array<{ name: string; hits: number }>;
    }>('/api/search?q=ceasefire&limit=50');
    await page.locator('.hit').first().waitFor();
    expect(await page.locator('.hit h3').allTextContents()).toEqual(expected.hits.map((h) => h.title));
    const facetEntities = await api<{ entities: Array<{ name: string }> }>('/api/search?q=ceasefire&limit=50');
    await expect
      .poll(() => page.locator('.facet-entities a').allTextContents())
      .toEqual(facetEntities.entities.map((e) => e.name));
    const marks = await page.locator('.hit mark').allTextContents();
    expect(marks.length).toBeGreaterThanOrEqual(expected.hits.length);
    for (const m of marks) expect(m.toLowerCase()).toBe('ceasefire');
    await page.screenshot({
      path: join(SCREENSHOTS, 'search.png'),
      fullPage: true,
    });

    // the outlet facet narrows the hits to the count it shows
    const facet = expected.outlets[0] as { name: string; hits: number };
    await page.locator('.facet > ul').getByRole('link', { name: facet.name }).click();
    await page.waitForURL(/outlet=/);
    await expect.poll(() => page.locator('.hit').count()).toBe(facet.hits);
    await page.goBack();
    await expect.poll(() => page.locator('.hit').count()).toBe(expected.hits.length);

    // open the first hit
    const first = expected.hits[0] as Hit;
    await page.locator('.hit h3 a').first().click();
    await page.waitForURL(new RegExp(`/articles/${first.id}$`));
    const article = await api<{
      title: string;
      body: string;
      removed: Array<{ text: string; reason: string }>;
      sources: Array<{ outlet: string; title: string }>;
    }>(`/api/articles/${first.id}`);
    await expect.poll(() => page.textContent('h1')).toBe(article.title);
    const firstParagraph = article.body.split(/\n\s*\n/)[0]?.trim() ?? '';
    expect(await page.locator('.body p').first().textContent()).toBe(firstParagraph);
    expect(await page.locator('.body p').count()).toBe(article.body.split(/\n\s*\n/).filter((p) => p.trim()).length);
    for (const s of article.sources) {
      const text = await page.locator('.sources').textContent();
      expect(text).toContain(s.outlet);
      expect(text).toContain(s.title);
    }
    expect(await page.locator('.removed-list').count()).toBe(0);
    if (article.removed.length) {
      await page.getByRole('link', { name: 'Show removed parts' }).click();
      await page.waitForURL(/removed=1/);
      await expect.poll(() => page.locator('.removed-list li').count()).toBe(article.removed.length);
      expect(await page.locator('.removed-list .reason').allTextContents()).toEqual(
        article.removed.map((r) => r.reason),
      );
    }
    await page.screenshot({
      path: join(SCREENSHOTS, 'article.png'),
      fullPage: true,
    });

    // back to the search: the query comes back from the URL
    await page.goBack();
    if (article.removed.length) await page.goBack();
    await page.waitForURL(/\/search\?q=ceasefire$/);
    expect(await page.inputValue('input[name=q]')).toBe('ceasefire');

    // outlets view
    await page.getByRole('navigation').getByRole('link', { name: 'Outlets' }).click();
    const outlets = await api<{ items: Array<{ name: string }> }>('/api/outlets');
    await expect.poll(() => page.locator('table.outlets tbody tr').count()).toBe(outlets.items.length);
    expect(outlets.items.length).toBe(stats.outlets);
    await page.screenshot({
      path: join(SCREENSHOTS, 'outlets.png'),
      fullPage: true,
    });

    expect(problems).toEqual([]);
  });

  it('opens a shared article URL with the furniture shown, and works from the keyboard alone', async () => {
    const { hits } = await api<{ hits: Hit[] }>('/api/search?q=ceasefire&limit=50');
    const withRemoved = await (async () => {
      for (const h of hits) {
        const a = await api<{ removed: unknown[] }>(`/api/articles/${h.id}`);
        if (a.removed.length) return { id: h.id, removed: a.removed.length };
      }
      return null;
    })();
    expect(withRemoved).not.toBeNull();
    await page.goto(new URL(`/articles/${withRemoved?.id}?removed=1`, served.url).href);
    await expect.poll(() => page.locator('.removed-list li').count()).toBe(withRemoved?.removed);

    // Tab from the top of a results page to the first hit, Enter opens it, focus lands on its heading
    await page.goto(new URL('/search?q=ceasefire', served.url).href);
    await page.locator('.hit').first().waitFor();
    let inHits = false;
    for (let i = 0; i < 60 && !inHits; i++) {
      await page.keyboard.press('Tab');
      inHits = await page.evaluate(() => Boolean(document.activeElement?.closest('.hits')));
    }
    expect(inHits).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/articles\/[0-9a-f]{16}$/);
    await page.locator('.body').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('view-heading');
    expect(problems).toEqual([]);
  });

  it('goes from a search to a story (articles by outlet, duplicate groups) to an article and back to its story', async () => {
    interface StorySummary {
      id: string;
      label: string;
      articles: number;
    }
    const facet = await api<{ items: StorySummary[] }>('/api/stories?q=ceasefire&limit=10');
    expect(facet.items.length).toBeGreaterThan(0);
    await page.goto(new URL('/search?q=ceasefire', served.url).href);
    await page.locator('.facet-stories li').first().waitFor();
    expect(await page.locator('.facet-stories li a').allTextContents()).toEqual(facet.items.map((s) => s.label));

    // the first story with a duplicate group
    const withDup = await (async () => {
      for (const s of facet.items) {
        const d = await api<{ duplicates: unknown[] }>(`/api/stories/${s.id}`);
        if (d.duplicates.length) return s;
      }
      return null;
    })();
    expect(withDup).not.toBeNull();
    const target = withDup as StorySummary;
    await page.locator('.facet-stories').getByRole('link', { name: target.label }).click();
    await page.waitForURL(new RegExp(`/stories/${target.id}$`));
    const story = await api<{
      label: string;
      outlets: string[];
      items: Array<{ id: string; outlet: string | null }>;
      duplicates: Array<{ members: Array<{ id: string; title: string | null }> }>;
    }>(`/api/stories/${target.id}`);
    await expect.poll(() => page.textContent('h1')).toBe(story.label);
    const outletHeadings = await page.locator('.outlet-group h3').allTextContents();
    expect(outletHeadings).toEqual([...new Set(story.items.map((i) => i.outlet ?? 'unknown outlet'))]);
    expect(await page.locator('.duplicate-group').count()).toBe(story.duplicates.length);
    const firstMember = story.duplicates[0]?.members[0];
    expect(await page.locator('.duplicate-group').first().textContent()).toContain(firstMember?.title ?? '');
    await page.screenshot({ path: join(SCREENSHOTS, 'story.png'), fullPage: true });

    // an article of the story, whose page links back to the story
    const article = story.items[0] as { id: string };
    await page.locator('.story-articles a').first().click();
    await page.waitForURL(new RegExp(`/articles/${article.id}$`));
    await page.locator('.in-story a').waitFor();
    expect(await page.locator('.in-story a').textContent()).toBe(story.label);
    await page.locator('.in-story a').click();
    await page.waitForURL(new RegExp(`/stories/${target.id}$`));

    // the stories list
    await page.getByRole('navigation').getByRole('link', { name: 'Stories' }).click();
    const big = await api<{ items: StorySummary[] }>('/api/stories?min=2&limit=100');
    await expect.poll(() => page.locator('.story-line').count()).toBe(big.items.length);
    expect(problems).toEqual([]);
  });

  it("goes from an article's annotated quotes to an entity page and to the quotes explorer", async () => {
    interface QuoteItem {
      article: { id: string };
      text: string;
      speaker: { name: string | null; entity: string | null };
    }
    const { items } = await api<{ items: QuoteItem[] }>('/api/quotes?limit=100');
    const attributed = items.find((q) => q.speaker.entity !== null);
    expect(attributed).toBeDefined();
    const quote = attributed as QuoteItem;
    await page.goto(new URL(`/articles/${quote.article.id}`, served.url).href);
    // quotes are drawn over the body, their speaker on hover; the list under the body names each speaker
    await page.locator('.body .an-quote').first().waitFor();
    const titles = await page.locator('.body .an-quote').evaluateAll((els) => els.map((e) => e.getAttribute('title')));
    expect(titles.some((t) => t?.includes(quote.speaker.name ?? '?'))).toBe(true);
    const inArticle = await api<{ items: QuoteItem[] }>(`/api/quotes?article=${quote.article.id}&limit=100`);
    await expect.poll(() => page.locator('.quotes .quote').count()).toBe(inArticle.items.length);
    await page.screenshot({ path: join(SCREENSHOTS, 'article-annotated.png'), fullPage: true });

    // the speaker's page: heading, quotes by the entity
    const entity = await api<{ name: string; quotes: unknown[] }>(
      `/api/entities/${encodeURIComponent(quote.speaker.entity ?? '')}`,
    );
    await page.locator('.quotes .quote .meta a').first().click();
    await page.waitForURL(/\/entities\//);
    await expect.poll(() => page.textContent('h1')).toBe(entity.name);
    await expect.poll(() => page.locator('.quotes .quote').count()).toBe(entity.quotes.length);
    await page.screenshot({ path: join(SCREENSHOTS, 'entity.png'), fullPage: true });

    // the quotes explorer, filtered by kind through the form; the filter lands in the URL
    await page.getByRole('navigation').getByRole('link', { name: 'Quotes' }).click();
    await expect.poll(() => page.locator('.quotes .quote').count()).toBe(items.length);
    await page.selectOption('select[name=kind]', 'direct');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/kind=direct/);
    const direct = await api<{ items: unknown[] }>('/api/quotes?kind=direct&limit=100');
    await expect.poll(() => page.locator('.quotes .quote').count()).toBe(direct.items.length);
    await page.screenshot({ path: join(SCREENSHOTS, 'quotes.png'), fullPage: true });

    // the entities list
    await page.getByRole('navigation').getByRole('link', { name: 'Entities' }).click();
    const entities = await api<{ items: unknown[] }>('/api/entities?limit=100');
    await expect.poll(() => page.locator('table.entities tbody tr').count()).toBe(entities.items.length);
    expect(problems).toEqual([]);
  });

  it("goes from a search to a story's coverage matrix to the sentence behind a cell", async () => {
    // a story of three or more articles from two or more outlets, among those the search's story facet lists
    const { items } = await api<{ items: Array<{ id: string; label: string; articles: number; outlets: string[] }> }>(
      '/api/stories?q=ceasefire&limit=10',
    );
    const story = items.find((s) => s.articles >= 3 && s.outlets.length >= 2);
    expect(story).toBeDefined();
    const id = story?.id ?? '';
    const c = await api<{ outlets: string[]; facts: unknown[] }>(`/api/stories/${id}/compare`);
    await page.goto(new URL('/search?q=ceasefire', served.url).href);
    await page.locator('.facet-stories li').first().waitFor();
    await page
      .locator('.facet-stories')
      .getByRole('link', { name: story?.label ?? '' })
      .first()
      .click();
    await page.waitForURL(new RegExp(`/stories/${id}$`));
    await page.locator('table.coverage').waitFor();
    const timeline = await api<{ summary: unknown[]; events: unknown[] }>(`/api/stories/${id}/timeline`);
    await expect.poll(() => page.locator('.summary-lines li').count()).toBe(timeline.summary.length);
    const detail = await api<{ entities: Array<{ name: string }> }>(`/api/stories/${id}`);
    expect(await page.locator('.story-entities a').allTextContents()).toEqual(detail.entities.map((e) => e.name));
    expect(await page.locator('.timeline-events li').count()).toBe(timeline.events.length);
    expect(await page.locator('table.coverage thead th').allTextContents()).toEqual(['Fact', ...c.outlets]);
    expect(await page.locator('table.coverage tbody tr').count()).toBe(Math.min(c.facts.length, 40));
    await page.screenshot({ path: join(SCREENSHOTS, 'story-compare.png'), fullPage: true });

    const cell = page.locator('table.coverage td.cell-carried a').first();
    const target = new URL((await cell.getAttribute('href')) ?? '', served.url);
    const [start, end] = (target.searchParams.get('cite') ?? '').split('-').map(Number);
    await cell.click();
    await page.waitForURL(/\/articles\/[0-9a-f]+\?cite=\d+-\d+$/);
    const article = await api<{ body: string }>(target.pathname.replace('/articles/', '/api/articles/'));
    // polled: the body is drawn first, then again with its annotations, cutting the cited sentence into more pieces
    await expect
      .poll(async () => (await page.locator('.an-cite').allTextContents()).join(''))
      .toBe(article.body.slice(start, end).replace(/\n\s*\n/g, ''));
    await page.screenshot({ path: join(SCREENSHOTS, 'article-cited.png') });
    expect(problems).toEqual([]);
  });

  it('lists claims, opens one and goes to a statement in its article', async () => {
    const { items } = await api<{ items: Array<{ id: string; text: string }> }>('/api/claims?limit=100');
    await page.goto(new URL('/claims', served.url).href);
    await expect.poll(() => page.locator('.claim').count()).toBe(items.length);
    expect(items.length).toBeGreaterThan(0);
    const first = items[0] as { id: string; text: string };
    const claim = await api<{ statements: Array<{ article: string; text: string }> }>(
      `/api/claims/${encodeURIComponent(first.id)}`,
    );
    await page.locator('.claim').first().getByRole('link', { name: 'statements' }).click();
    await expect.poll(() => page.locator('.statements li').count()).toBe(claim.statements.length);
    await page.screenshot({ path: join(SCREENSHOTS, 'claims.png'), fullPage: true });
    await page.locator('.statements li a').first().click();
    await page.waitForURL(/\/articles\/[0-9a-f]+\?cite=/);
    await page.locator('.an-cite').first().waitFor();
    expect((await page.locator('.an-cite').allTextContents()).join('')).toBe(claim.statements[0]?.text);
    expect(problems).toEqual([]);
  });
});

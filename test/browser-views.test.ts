import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, launchBrowser, type ServedDossier, serveDossier, watchPage } from './helpers/browser.js';
import { ROOT, runCli, tempDir } from './helpers/cli.js';

/** Screenshots of the chart, graph and outlet views, kept in the repository and shown in the README. */
const SHOTS = join(ROOT, 'docs', 'screenshots');

/** The charts (uPlot), the co-mention graph (cytoscape) and the outlet views, on the demo dossier in Chromium. */
describeInBrowser('charts, co-mention graph and outlet views on the demo dossier', () => {
  let served: ServedDossier;
  let browser: BrowserContext;
  let page: Page;
  let problems: string[];
  const api = async <T>(path: string): Promise<T> => (await fetch(new URL(path, served.url))).json() as Promise<T>;
  const open = (path: string) => page.goto(new URL(path, served.url).href);

  beforeAll(async () => {
    const db = join(tempDir('dossier-browser-views-'), 'demo.db');
    const demo = await runCli(['demo', '--db', db, '--no-serve']);
    expect(demo.status, demo.stderr).toBe(0);
    served = await serveDossier(db);
    browser = await launchBrowser();
    page = browser.pages()[0] ?? (await browser.newPage());
    problems = watchPage(page);
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  it('draws the date histogram of a search, with the same counts as a table', async () => {
    const result = await api<{ matched: number; days: Array<{ day: string; hits: number }> }>(
      '/api/search?q=ceasefire&limit=50',
    );
    await open('/search?q=ceasefire');
    const chart = page.locator('figure.chart').first();
    await chart.locator('canvas').first().waitFor();
    expect(await chart.locator('figcaption').textContent()).toMatch(/^Matching articles per (day|month)$/);
    // the table behind the chart adds up to the dated matches
    await chart.locator('summary').click();
    const cells = await chart.locator('.chart-data tbody td').allTextContents();
    const dated = result.days.reduce((s, d) => s + d.hits, 0);
    expect(cells.map(Number).reduce((s, n) => s + n, 0)).toBe(dated);
    // the canvas takes keyboard focus and is named
    await chart.locator('.chart-canvas').focus();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(/^Matching articles/);
    await page.screenshot({ path: join(SHOTS, 'search-histogram.png') });
    expect(problems).toEqual([]);
  });

  it("draws a story's timeline, a row of dots per outlet", async () => {
    const { items } = await api<{ items: Array<{ id: string; outlets: string[] }> }>('/api/stories?limit=1&min=2');
    const story = items[0] as { id: string; outlets: string[] };
    await open(`/stories/${story.id}`);
    const chart = page.locator('figure.chart').first();
    await chart.locator('canvas').first().waitFor();
    expect(await chart.locator('figcaption').textContent()).toMatch(/a row per outlet/);
    const columns = await chart.locator('thead th').allTextContents();
    expect(columns.slice(1).sort()).toEqual([...story.outlets].sort());
    await page.screenshot({ path: join(SHOTS, 'story-timeline.png') });
    expect(problems).toEqual([]);
  });

  it("draws an entity's mentions per outlet over time and its co-mention graph, readable on a phone", async () => {
    const { items } = await api<{ items: Array<{ key: string; name: string }> }>('/api/entities?limit=1');
    const entity = items[0] as { key: string; name: string };
    const graph = await api<{ nodes: Array<{ key: string }> }>(`/api/entities/${encodeURIComponent(entity.key)}/graph`);
    await open(`/entities/${encodeURIComponent(entity.key)}`);
    await expect.poll(() => page.textContent('h1')).toBe(entity.name);
    const months = page.locator('section[aria-labelledby=months-heading] figure.chart');
    await months.locator('canvas').first().waitFor();
    expect(await months.locator('figcaption').textContent()).toBe('Mentions per month, by outlet');
    // cytoscape draws the network on canvases inside the graph box, one node per entity of the API's answer
    const box = page.locator('.graph-canvas');
    await box.locator('canvas').first().waitFor();
    expect(graph.nodes.length).toBeGreaterThan(1);
    await expect.poll(() => box.getAttribute('aria-label')).toMatch(/Co-mention network/);
    // the neighbours are links too: the way in from the keyboard
    const related = page.locator('section[aria-labelledby=related-heading] li a');
    expect(await related.count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(SHOTS, 'entity-charts.png'), fullPage: true });

    await page.setViewportSize({ width: 390, height: 844 });
    await months.locator('canvas').first().waitFor();
    // nothing wider than the phone's screen
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(SHOTS, 'entity-phone.png') });
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(problems).toEqual([]);
  });

  it('goes from the outlets to a profile, to the sentence behind a voice, and to an outlet-versus-outlet view', async () => {
    const profile = await api<{ outlet: string; voices: Array<{ name: string }> }>(
      '/api/outlets/Continental%20Wire/profile',
    );
    await open('/outlets');
    await page.getByRole('link', { name: 'Continental Wire', exact: true }).click();
    await page.waitForURL(/\/outlets\/Continental%20Wire$/);
    await expect.poll(() => page.textContent('h1')).toBe('Continental Wire');
    const voices = page.locator('section.tally').filter({ hasText: 'Voices' }).locator('li');
    await expect.poll(() => voices.count()).toBe(profile.voices.length);
    expect(await voices.first().textContent()).toContain(profile.voices[0]?.name);
    await page.screenshot({ path: join(SHOTS, 'outlet-profile.png'), fullPage: true });

    // the versus view, chosen from the form; the pair lands in the URL
    await page.selectOption('select[name=other]', 'The Daily Klaxon');
    await page.getByRole('button', { name: 'Compare' }).click();
    await page.waitForURL(/\/outlets\/Continental%20Wire\/vs\/The%20Daily%20Klaxon$/);
    const v = await api<{ facts: { both: number } }>('/api/outlets/Continental%20Wire/vs/The%20Daily%20Klaxon');
    const both = page.locator('table.versus-facts tr').filter({ hasText: 'Carried by both' }).locator('td');
    await expect.poll(() => both.textContent()).toBe(String(v.facts.both));
    await expect
      .poll(() => page.locator('.versus h2').allTextContents())
      .toEqual(['Continental Wire', 'The Daily Klaxon']);
    await page.screenshot({ path: join(SHOTS, 'outlet-versus.png'), fullPage: true });

    // back on the profile, a voice's evidence opens its article at the sentence
    await page.goBack();
    await voices.first().locator('a').first().click();
    await page.waitForURL(/\/articles\/[0-9a-f]+\?cite=\d+-\d+/);
    await page.locator('.an-cite').first().waitFor();
    expect(problems).toEqual([]);
  });
});

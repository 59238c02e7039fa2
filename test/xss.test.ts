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
import { tempDir } from './helpers/cli.js';

/**
 * Hostile articles, ingested through POST /api/articles like any upload. Each
 * payload, if it ever ran, would set `window.__xss`, open a dialog, or fetch a
 * `/xss-probe/...` URL from our own server; the test watches for all three.
 * Every article holds the word "xsspayload" so one search finds them all.
 */
const RUN = "window.__xss='ran';alert(1)";
const PAYLOADS: ReadonlyArray<{ type: string; body: string }> = [
  {
    type: 'text/plain',
    body: [
      `<img src=/xss-probe/text-title onerror="${RUN}"> Hostile headline`,
      `The xsspayload report opens with <script>${RUN}</script> and goes on for a while so it reads like an article.`,
      `Read more at <a href="javascript:${RUN}">this link</a> and <iframe src="/xss-probe/text-iframe"></iframe> here.`,
      '<style>body{background:url(/xss-probe/text-css)}</style> <svg onload="window.__xss=1"><circle/></svg> end.',
    ].join('\n\n'),
  },
  {
    type: 'text/html',
    body: `<!doctype html><html><head><title>Payload &lt;img src=/xss-probe/html-title onerror=${RUN}&gt;</title>
      <meta property="og:site_name" content="&lt;script&gt;${RUN}&lt;/script&gt;Evil Outlet">
      <link rel="canonical" href="javascript:${RUN}">
      <style>*{background:url(/xss-probe/html-style)}</style></head><body><article>
      <h1>Payload &lt;img src=/xss-probe/html-h1 onerror=${RUN}&gt;</h1>
      <p>An xsspayload paragraph long enough to be kept as the body of this article by the extractor today.</p>
      <script>${RUN}</script>
      <p>Escaped markup in text: &lt;script&gt;${RUN}&lt;/script&gt; and &lt;img src=/xss-probe/html-text onerror=${RUN}&gt; stays text.</p>
      <p><img src="/xss-probe/html-img" onerror="${RUN}"> An image that must not load, and <a href="javascript:${RUN}">a link</a>.</p>
      <p style="background:url(/xss-probe/html-inline-css)">A styled paragraph with expression(alert(1)) in it.</p>
      </article></body></html>`,
  },
  {
    type: 'application/json',
    body: JSON.stringify({
      title: `"><svg onload="${RUN}"><img src=/xss-probe/json-title onerror="${RUN}">`,
      outlet: `<script>${RUN}</script>Evil Wire`,
      url: `javascript:${RUN}`,
      published: '2027-03-21',
      text: `The xsspayload record says </p><img src=/xss-probe/json-text onerror="${RUN}"><p> and also {{constructor.constructor('${RUN}')()}} in a template.\n\nA second paragraph with <b onmouseover="${RUN}">bold</b> and url(javascript:${RUN}).`,
    }),
  },
];

describeInBrowser('hostile article text in the web UI', () => {
  let served: ServedDossier;
  let browser: BrowserContext;
  let page: Page;
  let problems: string[];
  const probes: string[] = [];
  const ids: string[] = [];

  beforeAll(async () => {
    served = await serveDossier(join(tempDir('dossier-xss-'), 'xss.db'), ['--allow-ingest']);
    for (const p of PAYLOADS) {
      const r = await fetch(new URL('/api/articles', served.url), {
        method: 'POST',
        headers: { 'content-type': p.type },
        body: p.body,
      });
      expect(r.status, await r.clone().text()).toBe(201);
      ids.push(((await r.json()) as { results: Array<{ id: string }> }).results[0]?.id ?? '');
    }
    browser = await launchBrowser();
    page = browser.pages()[0] ?? (await browser.newPage());
    problems = watchPage(page);
    page.on('request', (r) => {
      if (r.url().includes('xss-probe') || r.url().startsWith('javascript:')) probes.push(r.url());
    });
  });
  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  /** Nothing ran, nothing was fetched, and the page holds no element or attribute the corpus could have made. */
  async function expectInert(where: string): Promise<void> {
    expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss), where).toBeUndefined();
    const dom = await page.evaluate(() => ({
      scripts: [...document.scripts].map((s) => s.getAttribute('src') ?? 'inline'),
      handlers: [...document.querySelectorAll('*')].flatMap((el) =>
        [...el.attributes].filter((a) => a.name.startsWith('on')).map((a) => `${el.tagName}[${a.name}]`),
      ),
      jsLinks: [...document.querySelectorAll('a')]
        .map((a) => a.getAttribute('href') ?? '')
        .filter((h) => !/^(\/|https?:|#)/.test(h)),
      injected: [
        ...document.querySelectorAll('main img, main svg, main iframe, main style, main object, main embed, main b'),
      ].length,
      // uPlot and cytoscape place their own elements through the CSSOM (which the CSP allows), never from corpus text
      styled: [...document.querySelectorAll('main [style]')].filter((el) => !el.closest('.chart-canvas, .graph-canvas'))
        .length,
    }));
    expect(
      dom.scripts.every((s) => s.startsWith('/assets/')),
      where,
    ).toBe(true);
    expect(dom, where).toMatchObject({
      handlers: [],
      jsLinks: [],
      injected: 0,
      styled: 0,
    });
    expect(probes, where).toEqual([]);
    expect(problems, where).toEqual([]);
  }

  it('shows every payload as text in search, article and outlet views, and runs none', async () => {
    await page.goto(new URL('/search?q=xsspayload', served.url).href);
    await expect.poll(() => page.locator('.hit').count()).toBe(PAYLOADS.length);
    await page.waitForTimeout(300);
    await expectInert('search');
    // the markup is visible as characters, not dropped and not parsed
    expect(await page.locator('main').textContent()).toContain('<img src=/xss-probe/text-title onerror=');
    await page.screenshot({
      path: join(SCREENSHOTS, 'xss-search.png'),
      fullPage: true,
    });

    for (const id of ids) {
      await page.goto(new URL(`/articles/${id}?removed=1`, served.url).href);
      await page.locator('.body').waitFor();
      await page.waitForTimeout(200);
      // fire the events inline handlers listen to on every element of the view: a handler, had one slipped in, runs now
      await page.evaluate(() => {
        for (const el of document.querySelectorAll('main *')) {
          for (const type of ['mouseover', 'focus', 'load', 'error']) el.dispatchEvent(new Event(type));
        }
      });
      await expectInert(`article ${id}`);
    }
    const text = await page.locator('main').textContent();
    expect(text).toContain('javascript:');
    await page.screenshot({
      path: join(SCREENSHOTS, 'xss-article.png'),
      fullPage: true,
    });

    await page.goto(new URL(`/articles/${ids[0]}`, served.url).href);
    await page.locator('.body').waitFor();
    expect(await page.locator('.body').textContent()).toContain('<script>');

    await page.goto(new URL('/outlets', served.url).href);
    await page.locator('table.outlets').waitFor();
    await expectInert('outlets');
    expect(await page.locator('table.outlets').textContent()).toContain('<script>');
  });
});

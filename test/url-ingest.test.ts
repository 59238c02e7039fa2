import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ingestOptions } from '../src/ingest/index.js';
import { clearRobotsCache } from '../src/ingest/robots.js';
import { ingest } from '../src/pipeline.js';
import { SqliteStore } from '../src/store/index.js';
import { runCli, tempDir } from './helpers/cli.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A local server; each route is a handler or `[content-type, body]`. Unknown paths answer 404. */
async function serve(routes: Record<string, Handler | [string, string]>) {
  const seen: string[] = [];
  let connections = 0;
  const server = createServer((req, res) => {
    seen.push(req.url ?? '/');
    const route = routes[req.url ?? '/'];
    if (typeof route === 'function') return route(req, res);
    if (route) {
      res.writeHead(200, { 'content-type': route[0] });
      return res.end(route[1]);
    }
    res.writeHead(404).end('not here');
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    seen,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const HTML = 'text/html; charset=utf-8';

/** A fictional article page, long enough for the extractor to keep its body. */
function page(title: string, paragraphs: readonly string[]): [string, string] {
  return [
    HTML,
    `<!doctype html><html><head><title>${title}</title><meta property="og:site_name" content="Saltmere Post"></head>
    <body><nav><a href="/">Home</a> | <a href="/sport">Sport</a></nav>
    <article><h1>${title}</h1>${paragraphs.map((p) => `<p>${p}</p>`).join('')}</article>
    <footer>© Saltmere Post</footer></body></html>`,
  ];
}

const FERRY = page('Ferry terminal approved', [
  'The Saltmere town council voted seven to two on Monday evening to approve a new ferry terminal on the north quay.',
  'Council leader Ivo Brandt said the terminal was the largest investment in the harbour for forty years.',
  'Construction is expected to start in the autumn and to take about two years, the council said in a statement.',
]);
const STORM = page('Fleet returns early', [
  'Skippers brought the Saltmere fishing fleet home a day early on Wednesday as a storm front approached the coast.',
  'The harbour master said the outer quay would stay closed to all traffic until Friday morning at the earliest.',
  'Forecasters expect gusts of up to ninety kilometres an hour along the coast overnight into Thursday.',
]);

const FEED = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>Saltmere Post: Harbour</title>
    <item>
      <title>Saltmere council approves ferry terminal</title>
      <link>/news/ferry</link>
      <pubDate>Tue, 12 Mar 2024 09:30:00 +0000</pubDate>
      <dc:creator>Marta Quillon</dc:creator>
      <description>Short teaser about the ferry.</description>
    </item>
    <item>
      <title>Fleet back early as storm builds</title>
      <link>/news/storm</link>
      <pubDate>Wed, 13 Mar 2024 06:15:00 +0000</pubDate>
      <description>Short teaser about the storm.</description>
    </item>
    <item>
      <title>Lighthouse keeper retires after 31 years</title>
      <link>/news/gone</link>
      <pubDate>Thu, 14 Mar 2024 11:00:00 +0000</pubDate>
      <description>&lt;p&gt;Oskar Lind, who kept the Saltmere lighthouse for thirty-one years, retired on Thursday with a party on the breakwater attended by half the town.&lt;/p&gt;</description>
    </item>
  </channel>
</rss>`;

let server: Awaited<ReturnType<typeof serve>> | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  clearRobotsCache();
});

describe('ingesting URLs through the CLI', () => {
  it('fetches a page and stores it as an article', async () => {
    server = await serve({ '/robots.txt': ['text/plain', 'User-agent: *\nDisallow: /admin/\n'], '/news/ferry': FERRY });
    const db = join(tempDir(), 'url.db');
    const run = await runCli(['ingest', `${server.base}/news/ferry`, '--allow-private', '--db', db, '--json', '-q']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ read: 1, new: 1, failed: 0 });
    expect(server.seen).toEqual(['/robots.txt', '/news/ferry']);
    const list = await runCli(['articles', '--db', db, '--json']);
    const [row] = list.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(row.title).toBe('Ferry terminal approved');
    const shown = JSON.parse((await runCli(['show', row.id, '--db', db, '--json'])).stdout);
    expect(shown.body).toContain('largest investment in the harbour');
    expect(shown.sources[0]).toMatchObject({ source: `${server.base}/news/ferry`, url: `${server.base}/news/ferry` });
  });

  it('refuses a loopback URL without --allow-private, without contacting it', async () => {
    server = await serve({ '/news/ferry': FERRY });
    const db = join(tempDir(), 'url.db');
    const run = await runCli(['ingest', `${server.base}/news/ferry`, '--db', db, '--json', '-q']);
    expect(run.status).toBe(2);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ read: 0, new: 0, failed: 1 });
    expect(summary.problems[0]).toMatchObject({
      code: 'DOSSIER_E_PRIVATE_ADDRESS',
      message: expect.stringContaining('127.0.0.1 (use --allow-private)'),
    });
    expect(server.connections()).toBe(0);
  });

  it('reads a feed URL with --no-fetch from the items alone', async () => {
    server = await serve({ '/feed.xml': ['application/rss+xml', FEED] });
    const db = join(tempDir(), 'url.db');
    const run = await runCli([
      'ingest',
      `${server.base}/feed.xml`,
      '--allow-private',
      '--no-fetch',
      '--db',
      db,
      '--json',
      '-q',
    ]);
    // items 1 and 2 carry only a teaser, which is still text; item 3 its full paragraph
    expect(JSON.parse(run.stdout)).toMatchObject({ read: 3, new: 3, failed: 0 });
    expect(server.seen).toEqual(['/robots.txt', '/feed.xml']);
  });
});

describe('ingesting a feed whose item links are fetched', () => {
  it('stores each linked page with the feed fields, and falls back to the item when its page fails', async () => {
    server = await serve({
      '/robots.txt': ['text/plain', 'User-agent: *\nAllow: /\n'],
      '/feed.xml': ['application/rss+xml; charset=utf-8', FEED],
      '/news/ferry': FERRY,
      '/news/storm': STORM,
    });
    const store = new SqliteStore(join(tempDir(), 'feed.db'));
    try {
      const feedUrl = `${server.base}/feed.xml`;
      const summary = await ingest([feedUrl], store, ingestOptions({ allowPrivate: true, timeoutMs: 5000 }));
      expect(summary).toMatchObject({ read: 3, new: 3, failed: 1 });
      expect(summary.problems).toEqual([
        { code: 'DOSSIER_E_FETCH', source: `${server.base}/news/gone`, message: 'fetch failed: HTTP 404' },
      ]);
      // robots.txt once for the origin, then the feed and each link
      expect(server.seen).toEqual(['/robots.txt', '/feed.xml', '/news/ferry', '/news/storm', '/news/gone']);

      const rows = await store.listArticles({}, 10);
      expect(rows.map((r) => r.title).sort()).toEqual([
        'Fleet back early as storm builds',
        'Lighthouse keeper retires after 31 years',
        'Saltmere council approves ferry terminal',
      ]);
      const byTitle = new Map(rows.map((r) => [r.title, r]));
      const ferry = await store.getArticle(byTitle.get('Saltmere council approves ferry terminal')?.id ?? '');
      // the page's body, not the feed's teaser; the feed's outlet, date and author
      expect(ferry?.body).toContain('Construction is expected to start in the autumn');
      expect(ferry?.body).not.toContain('Short teaser');
      expect(ferry?.outlet?.value).toBe('Saltmere Post: Harbour');
      expect(ferry?.published?.value).toMatch(/^2024-03-12T09:30/);
      expect(ferry?.authors).toEqual(['Marta Quillon']);
      expect(ferry?.sources[0]).toMatchObject({ source: `${feedUrl}#item=1`, url: `${server.base}/news/ferry` });
      const lighthouse = await store.getArticle(byTitle.get('Lighthouse keeper retires after 31 years')?.id ?? '');
      expect(lighthouse?.body).toContain('kept the Saltmere lighthouse for thirty-one years');
      expect(lighthouse?.sources[0]).toMatchObject({ source: `${feedUrl}#item=3`, url: `${server.base}/news/gone` });
    } finally {
      await store.close();
    }
  });

  it('does not fetch an item link that robots.txt disallows, and uses the item instead', async () => {
    server = await serve({
      '/robots.txt': ['text/plain', 'User-agent: *\nDisallow: /news/storm\n'],
      '/feed.xml': ['application/rss+xml', FEED],
      '/news/ferry': FERRY,
      '/news/storm': STORM,
    });
    const store = new SqliteStore(join(tempDir(), 'feed.db'));
    try {
      const summary = await ingest([`${server.base}/feed.xml`], store, ingestOptions({ allowPrivate: true }));
      expect(summary.problems.map((p) => [p.code, p.source])).toEqual([
        ['DOSSIER_E_ROBOTS', `${server.base}/news/storm`],
        ['DOSSIER_E_FETCH', `${server.base}/news/gone`],
      ]);
      expect(server.seen).not.toContain('/news/storm');
      expect(summary.new).toBe(3);
    } finally {
      await store.close();
    }
  });
});

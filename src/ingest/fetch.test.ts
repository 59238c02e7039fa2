import type { LookupAddress } from 'node:dns';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InputProblem, RawRecord } from '../types.js';
import { collect, InputFailure } from './bytes.js';
import { openUrl } from './fetch.js';
import { ForbiddenAddressError, forbiddenRange, guardedLookup, type Resolver } from './http.js';
import { ingestOptions, readInputs } from './index.js';
import { clearRobotsCache, robotsToken } from './robots.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A local server; each route is a handler or a body served as text/html. Unknown paths answer 404. */
async function serve(routes: Record<string, Handler | string>) {
  const seen: Array<{ path: string; userAgent: string | undefined }> = [];
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    seen.push({ path, userAgent: req.headers['user-agent'] });
    const route = routes[new URL(path, 'http://localhost').pathname];
    if (typeof route === 'function') return route(req, res);
    if (typeof route === 'string') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(route);
    }
    res.writeHead(404).end('not here');
  });
  // a TCP connection counts as contact even when no request line arrives
  let connections = 0;
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    port,
    seen,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const PAGE =
  '<html><head><title>Quay news</title></head><body><article><p>The quay reopened on Friday.</p></article></body></html>';

const opts = (extra: Partial<Parameters<typeof ingestOptions>[0]> = {}) =>
  ingestOptions({ allowPrivate: true, timeoutMs: 2000, ...extra });

/** The problem `openUrl` (or reading its body) failed with. */
async function failureOf(run: () => Promise<unknown>): Promise<InputProblem> {
  try {
    await run();
  } catch (err) {
    if (err instanceof InputFailure) return err.problem;
    throw err;
  }
  throw new Error('expected an InputFailure');
}

async function readAll(url: string, o: ReturnType<typeof opts>) {
  const out: Array<RawRecord | InputProblem> = [];
  for await (const item of readInputs([url], o)) out.push(item);
  return out;
}

let server: Awaited<ReturnType<typeof serve>>;
beforeEach(() => clearRobotsCache());
afterEach(async () => server?.close());

describe('openUrl', () => {
  it('fetches a page with our User-Agent, after asking robots.txt once per origin', async () => {
    server = await serve({ '/robots.txt': 'User-agent: *\nAllow: /\n', '/a': PAGE, '/b': PAGE });
    const o = opts();
    const opened = await openUrl(`${server.base}/a`, o);
    const body = await collect(opened.chunks, 1 << 20, opened.source);
    expect(body.toString()).toBe(PAGE);
    expect(opened).toMatchObject({ source: `${server.base}/a`, url: `${server.base}/a`, charsetHeader: 'utf-8' });
    await collect((await openUrl(`${server.base}/b`, o)).chunks, 1 << 20, 'b');
    expect(server.seen.map((s) => s.path)).toEqual(['/robots.txt', '/a', '/b']);
    expect(new Set(server.seen.map((s) => s.userAgent))).toEqual(new Set([o.userAgent]));
  });

  it('treats a missing robots.txt as allowing everything', async () => {
    server = await serve({ '/a': PAGE });
    const opened = await openUrl(`${server.base}/a`, opts());
    expect((await collect(opened.chunks, 1 << 20, 'a')).toString()).toContain('quay reopened');
  });

  it('refuses a path robots.txt disallows, without requesting it', async () => {
    server = await serve({ '/robots.txt': 'User-agent: *\nDisallow: /private/\n', '/private/x': PAGE });
    const p = await failureOf(() => openUrl(`${server.base}/private/x`, opts()));
    expect(p.code).toBe('DOSSIER_E_ROBOTS');
    expect(p.message).toContain('/private/x');
    expect(server.seen.map((s) => s.path)).toEqual(['/robots.txt']);
  });

  it('matches robots.txt groups by the product token of the User-Agent', async () => {
    server = await serve({
      '/robots.txt': 'User-agent: dossier\nDisallow: /\n\nUser-agent: *\nAllow: /\n',
      '/a': PAGE,
    });
    expect(robotsToken('dossier/0.1 (+https://x)')).toBe('dossier');
    expect((await failureOf(() => openUrl(`${server.base}/a`, opts()))).code).toBe('DOSSIER_E_ROBOTS');
    clearRobotsCache();
    const other = await openUrl(`${server.base}/a`, opts({ userAgent: 'otherbot/2.0' }));
    expect(other.url).toBe(`${server.base}/a`);
  });

  it('counts a robots.txt that answers 5xx as disallowing the site (RFC 9309)', async () => {
    server = await serve({ '/robots.txt': (_q, res) => res.writeHead(503).end(), '/a': PAGE });
    const p = await failureOf(() => openUrl(`${server.base}/a`, opts()));
    expect(p).toMatchObject({ code: 'DOSSIER_E_ROBOTS' });
    expect(p.message).toContain('HTTP 503');
  });

  it('follows a redirect and re-checks robots.txt at the new path', async () => {
    const redirect =
      (to: string): Handler =>
      (_q, res) =>
        res.writeHead(302, { location: to }).end();
    server = await serve({
      '/robots.txt': 'User-agent: *\nDisallow: /private/\n',
      '/moved': redirect('/a'),
      '/sneaky': redirect('/private/page'),
      '/private/page': PAGE,
      '/a': PAGE,
    });
    const opened = await openUrl(`${server.base}/moved`, opts());
    expect(opened).toMatchObject({ source: `${server.base}/moved`, url: `${server.base}/a` });
    await collect(opened.chunks, 1 << 20, 'a');
    const p = await failureOf(() => openUrl(`${server.base}/sneaky`, opts()));
    expect(p).toMatchObject({ code: 'DOSSIER_E_ROBOTS', source: `${server.base}/sneaky` });
    expect(server.seen.map((s) => s.path)).not.toContain('/private/page');
  });

  it('stops after 5 redirects and refuses a redirect to another scheme', async () => {
    let hops = 0;
    server = await serve({
      '/loop': (_q, res) => res.writeHead(301, { location: `/loop?${++hops}` }).end(),
      '/file': (_q, res) => res.writeHead(302, { location: 'file:///etc/passwd' }).end(),
    });
    const loop = await failureOf(() => openUrl(`${server.base}/loop`, opts()));
    expect(loop).toEqual({
      code: 'DOSSIER_E_FETCH',
      source: `${server.base}/loop`,
      message: 'fetch failed: more than 5 redirects',
    });
    // the first request and five redirects followed
    expect(server.seen.filter((s) => s.path.startsWith('/loop'))).toHaveLength(6);
    const file = await failureOf(() => openUrl(`${server.base}/file`, opts()));
    expect(file).toMatchObject({ code: 'DOSSIER_E_FETCH' });
    expect(file.message).toContain('redirect to unsupported scheme file:');
  });

  it('reports a non-2xx answer with its status', async () => {
    server = await serve({});
    const p = await failureOf(() => openUrl(`${server.base}/nope`, opts()));
    expect(p).toEqual({ code: 'DOSSIER_E_FETCH', source: `${server.base}/nope`, message: 'fetch failed: HTTP 404' });
  });

  it('refuses a body over the cap by its Content-Length, before reading it', async () => {
    server = await serve({
      '/big': (_q, res) => {
        res.writeHead(200, { 'content-type': 'text/html', 'content-length': '5000' });
        res.end('x'.repeat(5000));
      },
    });
    const p = await failureOf(() => openUrl(`${server.base}/big`, opts({ maxArticleBytes: 1000 })));
    expect(p.code).toBe('DOSSIER_E_TOO_LARGE');
    expect(p.message).toBe('input is larger than the size cap: Content-Length 5000 is more than 1000 B');
  });

  it('stops a streamed body without Content-Length once it passes the cap', async () => {
    let written = 0;
    server = await serve({
      '/stream': (_q, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' }); // chunked: no Content-Length
        const timer = setInterval(() => {
          written += 512;
          if (!res.write('y'.repeat(512)) || written > 1 << 20) clearInterval(timer);
        }, 1);
        res.on('close', () => clearInterval(timer));
      },
    });
    const opened = await openUrl(`${server.base}/stream`, opts({ maxArticleBytes: 4000 }));
    const p = await failureOf(() => collect(opened.chunks, Number.MAX_SAFE_INTEGER, 'stream'));
    expect(p).toMatchObject({ code: 'DOSSIER_E_TOO_LARGE', source: `${server.base}/stream` });
    expect(written).toBeLessThan(1 << 20);
  });

  it('times out on a server that never answers', async () => {
    server = await serve({ '/slow': (_q, _res) => {} });
    const started = Date.now();
    const p = await failureOf(() => openUrl(`${server.base}/slow`, opts({ timeoutMs: 300 })));
    expect(p).toEqual({
      code: 'DOSSIER_E_FETCH',
      source: `${server.base}/slow`,
      message: 'fetch failed: timed out after 300 ms',
    });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('times out on a robots.txt that never answers, and says so', async () => {
    server = await serve({ '/robots.txt': (_q, _res) => {}, '/a': PAGE });
    const p = await failureOf(() => openUrl(`${server.base}/a`, opts({ timeoutMs: 300 })));
    expect(p.message).toBe('fetch failed: robots.txt: timed out after 300 ms');
    expect(server.seen.map((s) => s.path)).toEqual(['/robots.txt']);
  });

  it('reads a gzip-encoded page and refuses an encoding it cannot read', async () => {
    server = await serve({
      '/gz': (_q, res) => {
        res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
        res.end(gzipSync(PAGE));
      },
      '/br': (_q, res) => {
        res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'br' });
        res.end(brotliCompressSync(PAGE));
      },
    });
    const [record] = await readAll(`${server.base}/gz`, opts());
    expect(record).toMatchObject({ kind: 'html', content: PAGE });
    const p = await failureOf(() => openUrl(`${server.base}/br`, opts()));
    expect(p.message).toBe('fetch failed: unsupported Content-Encoding "br"');
  });

  it('reads the charset from the Content-Type header', async () => {
    const text = 'Министр иностранных дел заявил во вторник, что переговоры продолжатся.';
    server = await serve({
      '/ru': (_q, res) => {
        res.writeHead(200, { 'content-type': 'text/plain; charset=windows-1251' });
        res.end(iconv.encode(text, 'windows-1251'));
      },
    });
    const [record] = await readAll(`${server.base}/ru`, opts());
    expect(record).toMatchObject({ kind: 'text', content: text, url: `${server.base}/ru` });
    expect((record as RawRecord).charset).toMatchObject({ value: 'windows-1251', via: 'http-header' });
  });
});

describe('the address guard', () => {
  const guarded = ingestOptions({ timeoutMs: 2000 });

  it.each([
    ['127.0.0.1', 'loopback'],
    ['[::1]', 'loopback'],
    ['[::ffff:127.0.0.1]', 'IPv4-mapped loopback'],
    ['10.1.2.3', 'private'],
    ['169.254.169.254', 'link-local (cloud metadata)'],
    ['0.0.0.0', 'unspecified'],
    ['[fe80::1]', 'IPv6 link-local'],
    ['[fd00::1]', 'IPv6 unique-local'],
    ['224.0.0.1', 'multicast'],
  ])('refuses %s (%s) without connecting', async (host) => {
    server = await serve({ '/robots.txt': 'User-agent: *\nAllow: /\n', '/a': PAGE });
    const url = `http://${host}:${server.port}/a`;
    const p = await failureOf(() => openUrl(url, guarded));
    expect(p.code).toBe('DOSSIER_E_PRIVATE_ADDRESS');
    expect(p.message).toMatch(
      /^refusing to fetch a private, loopback or link-local address: .+ \(use --allow-private\)$/,
    );
    expect(server.connections()).toBe(0);
  });

  it('checks the address a name resolves to when connecting (localhost)', async () => {
    server = await serve({ '/a': PAGE });
    const p = await failureOf(() => openUrl(`http://localhost:${server.port}/a`, guarded));
    expect(p.code).toBe('DOSSIER_E_PRIVATE_ADDRESS');
    expect(p.message).toContain('localhost resolves to');
    expect(server.connections()).toBe(0);
  });

  it('refuses a public-looking name that resolves to a private address (DNS rebinding)', async () => {
    server = await serve({ '/a': PAGE });
    const rebinding: Resolver = (_host, _o, cb) => cb(null, [{ address: '127.0.0.1', family: 4 }]);
    const p = await failureOf(() => openUrl(`http://news.example:${server.port}/a`, guarded, { resolve: rebinding }));
    expect(p).toMatchObject({ code: 'DOSSIER_E_PRIVATE_ADDRESS', source: `http://news.example:${server.port}/a` });
    expect(p.message).toContain('news.example resolves to 127.0.0.1');
    expect(server.connections()).toBe(0);
  });

  it('reaches the same host when private addresses are allowed', async () => {
    server = await serve({ '/a': PAGE });
    const opened = await openUrl(`http://localhost:${server.port}/a`, opts());
    expect((await collect(opened.chunks, 1 << 20, 'a')).toString()).toBe(PAGE);
  });

  it('judges every lookup on its own, so an answer that flips to private is caught', async () => {
    const answers: LookupAddress[][] = [
      [{ address: '93.184.216.34', family: 4 }],
      [{ address: '10.0.0.5', family: 4 }],
      [
        { address: '93.184.216.34', family: 4 },
        { address: '::ffff:192.168.1.1', family: 6 },
      ],
    ];
    const flipping: Resolver = (_h, _o, cb) => cb(null, answers.shift() ?? []);
    const lookup = guardedLookup(flipping);
    const ask = () =>
      new Promise<{ err: Error | null; address: unknown }>((resolve) =>
        lookup('flip.example', { all: false }, (err, address) => resolve({ err, address })),
      );
    expect(await ask()).toEqual({ err: null, address: '93.184.216.34' });
    const second = await ask();
    expect(second.err).toBeInstanceOf(ForbiddenAddressError);
    expect(second.err?.message).toBe('flip.example resolves to 10.0.0.5');
    expect((await ask()).err).toBeInstanceOf(ForbiddenAddressError);
  });

  it('classifies addresses by range', () => {
    expect(forbiddenRange('8.8.8.8')).toBeNull();
    expect(forbiddenRange('2606:4700::1111')).toBeNull();
    expect(forbiddenRange('::ffff:10.0.0.1')).toBe('private');
    expect(forbiddenRange('100.64.0.1')).toBe('carrierGradeNat');
    expect(forbiddenRange('not-an-ip')).toBe('invalid');
  });
});

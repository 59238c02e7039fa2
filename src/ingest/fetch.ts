import { type Dispatcher, request } from 'undici';
import { type ErrorCode, messageOf, problem } from '../errors.js';
import type { InputProblem } from '../types.js';
import { type Chunks, collect, formatBytes, GZIP_MAGIC, gunzip, InputFailure } from './bytes.js';
import type { OpenedInput } from './formats/reader.js';
import { charsetOfContentType } from './decode.js';
import {
  agentFor,
  ForbiddenAddressError,
  forbiddenRange,
  isIpLiteral,
  REDIRECT_STATUSES,
  type Resolver,
} from './http.js';
import type { IngestOptions } from './options.js';
import { ROBOTS_MAX_BYTES, type RobotsFile, robotsVerdict } from './robots.js';

/** Redirects followed at most for one fetch (RFC 9309 asks at least 5 for robots.txt; browsers allow 20). */
const MAX_REDIRECTS = 5;

/**
 * The whole fetch (robots.txt, redirects and the body) must end within this
 * many `timeoutMs`: each step has `timeoutMs`, and this stops a server that
 * drips a byte just often enough to never trip the idle timeout.
 */
const TOTAL_TIME_FACTOR = 4;

/** Largest gzip ratio accepted for robots.txt (robots.txt is small; gzip of text is about 3–10×). */
const ROBOTS_GZIP_RATIO = 100;

/** Schemes a URL input or a redirect may use. */
const FETCH_SCHEMES: ReadonlySet<string> = new Set(['http:', 'https:']);

/** What we ask for: pages and feeds first, anything textual after. */
const ACCEPT =
  'text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5';

/** Content-Encodings we read: gzip is undone by the reader like a `.gz` file, so its caps apply. */
const READABLE_ENCODINGS: ReadonlySet<string> = new Set(['', 'identity', 'gzip', 'x-gzip']);

/** undici error codes that mean a step ran out of time. */
const TIMEOUT_CODES: ReadonlySet<string> = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
]);

/** What a request is for: a page (or feed) the user wants, or the robots.txt that guards it. */
type Purpose = 'page' | 'robots';

/** Request headers by purpose, besides the User-Agent. */
const HEADERS: Readonly<Record<Purpose, Readonly<Record<string, string>>>> = {
  page: { accept: ACCEPT, 'accept-encoding': 'gzip' },
  robots: { accept: 'text/plain', 'accept-encoding': 'identity' },
};

/** Prefix of a problem's detail by purpose, so a robots.txt failure says so. */
const LABELS: Readonly<Record<Purpose, string>> = { page: '', robots: 'robots.txt: ' };

/** Test seams of `openUrl`; production code passes none. */
export interface FetchHooks {
  /** The resolver behind the address guard (a test simulates DNS rebinding with it). */
  resolve?: Resolver;
}

/**
 * Opens an http(s) URL as an input. Sends `opts.userAgent`; honours
 * robots.txt (fetched once per origin, see `robots.ts`); refuses loopback,
 * private, link-local and other non-public addresses unless
 * `opts.allowPrivate`, checked when the socket connects so DNS rebinding
 * cannot get round it; follows up to 5 redirects, checking each hop again;
 * stops a body past `opts.maxArticleBytes`, by `Content-Length` up front and
 * by counting while streaming. Throws `InputFailure` with `E_FETCH`,
 * `E_ROBOTS`, `E_PRIVATE_ADDRESS` or `E_TOO_LARGE`.
 */
export async function openUrl(
  url: string,
  opts: Readonly<IngestOptions>,
  hooks: FetchHooks = {},
): Promise<OpenedInput> {
  const ctx: FetchContext = {
    opts,
    hooks,
    source: url,
    signal: AbortSignal.timeout(opts.timeoutMs * TOTAL_TIME_FACTOR),
  };
  const reached = await follow(url, ctx, 'page');
  const { response } = reached;
  const cap = opts.maxArticleBytes;
  const fail = (code: ErrorCode, detail: string): never => {
    response.body.destroy();
    throw new InputFailure(problem(code, url, detail));
  };
  if (reached.tooManyRedirects) fail('E_FETCH', `more than ${MAX_REDIRECTS} redirects`);
  const status = response.statusCode;
  if (status < 200 || status >= 300) {
    const where = reached.url.href === new URL(url).href ? '' : ` at ${reached.url.href}`;
    fail('E_FETCH', `HTTP ${status}${where}`);
  }
  const length = Number(header(response.headers, 'content-length'));
  if (length > cap) fail('E_TOO_LARGE', `Content-Length ${length} is more than ${formatBytes(cap)}`);
  const encoding = (header(response.headers, 'content-encoding') ?? '').trim().toLowerCase();
  if (!READABLE_ENCODINGS.has(encoding)) fail('E_FETCH', `unsupported Content-Encoding "${encoding}"`);
  return {
    source: url,
    url: reached.url.href,
    chunks: cappedBody(response.body, cap, ctx),
    charsetHeader: charsetOfContentType(header(response.headers, 'content-type')),
  };
}

/** What one fetch carries through its hops. */
interface FetchContext {
  opts: Readonly<IngestOptions>;
  hooks: FetchHooks;
  /** The URL the user gave: every problem is reported against it. */
  source: string;
  /** Aborts the whole fetch at its deadline. */
  signal: AbortSignal;
}

/** The last response of a chain of redirects. */
interface Reached {
  response: Dispatcher.ResponseData;
  url: URL;
  /** The chain was cut at `MAX_REDIRECTS`; `response` is a redirect. */
  tooManyRedirects: boolean;
}

/** Requests a URL and follows its redirects, checking scheme, address and (for a page) robots.txt at each hop. */
async function follow(start: string, ctx: FetchContext, purpose: Purpose): Promise<Reached> {
  let target = parseTarget(start, undefined, ctx);
  for (let hop = 0; ; hop++) {
    checkLiteralAddress(target, ctx);
    if (purpose === 'page') await checkRobots(target, ctx);
    const response = await send(target, ctx, purpose);
    const location = header(response.headers, 'location');
    if (!REDIRECT_STATUSES.has(response.statusCode) || !location)
      return { response, url: target, tooManyRedirects: false };
    if (hop >= MAX_REDIRECTS) return { response, url: target, tooManyRedirects: true };
    await response.body.dump();
    target = parseTarget(location, target, ctx);
  }
}

function parseTarget(href: string, base: URL | undefined, ctx: FetchContext): URL {
  let target: URL;
  try {
    target = new URL(href, base);
  } catch {
    throw new InputFailure(problem('E_FETCH', ctx.source, `not a valid URL: ${href}`));
  }
  if (!FETCH_SCHEMES.has(target.protocol)) {
    const what = base ? `redirect to unsupported scheme ${target.protocol}` : `unsupported scheme ${target.protocol}`;
    throw new InputFailure(problem('E_FETCH', ctx.source, what));
  }
  target.hash = '';
  return target;
}

/** An IP literal connects without any lookup, so the connection-time guard never sees it: check it here. */
function checkLiteralAddress(target: URL, ctx: FetchContext): void {
  if (ctx.opts.allowPrivate || !isIpLiteral(target.hostname)) return;
  if (forbiddenRange(target.hostname) !== null) {
    throw new InputFailure(privateAddressProblem(ctx.source, target.hostname.replace(/^\[|\]$/g, '')));
  }
}

async function checkRobots(target: URL, ctx: FetchContext): Promise<void> {
  let verdict: Awaited<ReturnType<typeof robotsVerdict>>;
  try {
    verdict = await robotsVerdict(target, ctx.opts.userAgent, (robotsUrl) => loadRobots(robotsUrl, ctx));
  } catch (err) {
    // the cached failure was built for the first URL of this origin: report it against this one
    if (err instanceof InputFailure) throw new InputFailure({ ...err.problem, source: ctx.source });
    throw err;
  }
  if (!verdict.allowed) throw new InputFailure(problem('E_ROBOTS', ctx.source, verdict.reason));
}

/** Fetches robots.txt without a robots check of its own; its body is cut at `ROBOTS_MAX_BYTES`. */
async function loadRobots(robotsUrl: string, ctx: FetchContext): Promise<RobotsFile> {
  const { response, tooManyRedirects } = await follow(robotsUrl, ctx, 'robots');
  const status = response.statusCode;
  if (tooManyRedirects || status < 200 || status >= 300) {
    await response.body.dump();
    return { status, text: '' };
  }
  let bytes = await readUpTo(response.body, ROBOTS_MAX_BYTES, ctx);
  if (bytes.subarray(0, 2).equals(GZIP_MAGIC)) {
    // a server that gzips despite `identity`; a corrupt or oversized one reads as an empty file
    const once = bytes;
    const unzipped = gunzip(
      (async function* () {
        yield once;
      })(),
      ctx.source,
      ROBOTS_MAX_BYTES,
      ROBOTS_GZIP_RATIO,
    );
    bytes = await collect(unzipped, ROBOTS_MAX_BYTES, ctx.source).catch(() => Buffer.alloc(0));
  }
  return { status, text: bytes.toString('utf8') };
}

async function readUpTo(body: Dispatcher.ResponseData['body'], cap: number, ctx: FetchContext): Promise<Buffer> {
  const parts: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      parts.push(chunk);
      length += chunk.length;
      if (length >= cap) break;
    }
  } catch (err) {
    throw new InputFailure(fetchProblem(err, ctx, 'robots'));
  } finally {
    body.destroy();
  }
  return Buffer.concat(parts).subarray(0, cap);
}

async function send(target: URL, ctx: FetchContext, purpose: Purpose): Promise<Dispatcher.ResponseData> {
  const { opts } = ctx;
  let response: Dispatcher.ResponseData;
  try {
    response = await request(target, {
      method: 'GET',
      dispatcher: agentFor({ allowPrivate: opts.allowPrivate, timeoutMs: opts.timeoutMs, resolve: ctx.hooks.resolve }),
      headers: { 'user-agent': opts.userAgent, ...HEADERS[purpose] },
      headersTimeout: opts.timeoutMs,
      bodyTimeout: opts.timeoutMs,
      signal: ctx.signal,
    });
  } catch (err) {
    throw new InputFailure(fetchProblem(err, ctx, purpose));
  }
  // a body nobody reads (the reader gave up early) errors when it times out or is destroyed: never crash on that
  response.body.on('error', ignore);
  return response;
}

function ignore(): void {}

/** The body as chunks, failing with `E_TOO_LARGE` past `cap` bytes and with `E_FETCH` when the transfer breaks. */
async function* cappedBody(body: Dispatcher.ResponseData['body'], cap: number, ctx: FetchContext): Chunks {
  let length = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      length += chunk.length;
      if (length > cap) throw new InputFailure(problem('E_TOO_LARGE', ctx.source, `more than ${formatBytes(cap)}`));
      yield chunk;
    }
  } catch (err) {
    if (err instanceof InputFailure) throw err;
    throw new InputFailure(fetchProblem(err, ctx, 'page'));
  } finally {
    body.destroy();
  }
}

/** Turns whatever a request threw into one clear line. */
function fetchProblem(err: unknown, ctx: FetchContext, purpose: Purpose): InputProblem {
  const label = LABELS[purpose];
  const forbidden = causeChain(err).find((e): e is ForbiddenAddressError => e instanceof ForbiddenAddressError);
  if (forbidden) return privateAddressProblem(ctx.source, forbidden.message);
  const code = causeChain(err)
    .map((e) => (e as { code?: unknown }).code)
    .find((c) => typeof c === 'string');
  if (ctx.signal.aborted) {
    return problem(
      'E_FETCH',
      ctx.source,
      `${label}timed out after ${ctx.opts.timeoutMs * TOTAL_TIME_FACTOR} ms in all`,
    );
  }
  if (typeof code === 'string' && TIMEOUT_CODES.has(code)) {
    return problem('E_FETCH', ctx.source, `${label}timed out after ${ctx.opts.timeoutMs} ms`);
  }
  return problem('E_FETCH', ctx.source, `${label}${messageOf(err)}`);
}

function privateAddressProblem(source: string, what: string): InputProblem {
  return problem('E_PRIVATE_ADDRESS', source, `${what} (use --allow-private)`);
}

function causeChain(err: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e = err; e && chain.length < 8; e = (e as { cause?: unknown }).cause) chain.push(e);
  return chain;
}

function header(headers: Dispatcher.ResponseData['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

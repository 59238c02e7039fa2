import robotsParserModule from 'robots-parser';

/** The part of a parsed robots.txt we use. */
interface ParsedRobots {
  isAllowed(url: string, ua?: string): boolean | undefined;
  getMatchingLineNumber(url: string, ua?: string): number;
}

/** robots-parser is CommonJS whose typings declare a default export Node does not give an ES module: its `module.exports` is the function. */
const robotsParser = robotsParserModule as unknown as (url: string, text: string) => ParsedRobots;

/** A fetched robots.txt: the final HTTP status and the body text (empty when there was none). */
export interface RobotsFile {
  status: number;
  text: string;
}

/** Fetches `/robots.txt` of an origin (following redirects); throws when the site cannot be reached. */
export type RobotsLoader = (robotsUrl: string) => Promise<RobotsFile>;

/** Whether a URL may be fetched, and why not when it may not. */
export type RobotsVerdict = { allowed: true } | { allowed: false; reason: string };

/** A parsed robots.txt, or a verdict for every path of the origin. */
type OriginRules = { parsed: ParsedRobots } | { all: RobotsVerdict };

/**
 * How long a fetched robots.txt is trusted. RFC 9309 §2.4: crawlers should not
 * use a cached copy for more than 24 hours; within one CLI run this means once
 * per origin, and a long-running server refreshes daily.
 */
const ROBOTS_TTL_MS = 24 * 60 * 60 * 1000;

/** Origins remembered at most; the oldest is forgotten first so a crawl of many sites stays small. */
const ROBOTS_CACHE_SIZE = 10_000;

/** Bytes of robots.txt parsed. RFC 9309 §2.5: at least 500 KiB; a bigger file is cut there. */
export const ROBOTS_MAX_BYTES = 500 * 1024;

const cache = new Map<string, { at: number; rules: Promise<OriginRules> }>();

/**
 * Asks the origin's robots.txt whether `url` may be fetched by `userAgent`.
 * robots.txt is fetched once per origin and cached (see `ROBOTS_TTL_MS`). Per
 * RFC 9309 §2.3.1: a 4xx answer (404 included) or too many redirects means
 * everything is allowed, a 5xx answer means nothing is. A network failure is thrown by the loader.
 */
export async function robotsVerdict(url: URL, userAgent: string, load: RobotsLoader): Promise<RobotsVerdict> {
  const rules = await rulesFor(url.origin, load);
  if ('all' in rules) return rules.all;
  const allowed = rules.parsed.isAllowed(url.href, robotsToken(userAgent));
  if (allowed === false) {
    const line = rules.parsed.getMatchingLineNumber(url.href, robotsToken(userAgent));
    return { allowed: false, reason: `${url.pathname}${url.search} (robots.txt line ${line})` };
  }
  return { allowed: true };
}

/** Forgets every cached robots.txt (tests; a server between runs). */
export function clearRobotsCache(): void {
  cache.clear();
}

function rulesFor(origin: string, load: RobotsLoader): Promise<OriginRules> {
  const hit = cache.get(origin);
  if (hit && Date.now() - hit.at < ROBOTS_TTL_MS) return hit.rules;
  const robotsUrl = `${origin}/robots.txt`;
  const rules = load(robotsUrl).then((file) => interpret(robotsUrl, file));
  cache.delete(origin);
  cache.set(origin, { at: Date.now(), rules });
  if (cache.size > ROBOTS_CACHE_SIZE) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  return rules;
}

function interpret(robotsUrl: string, file: RobotsFile): OriginRules {
  if (file.status >= 500) {
    return {
      all: { allowed: false, reason: `robots.txt answered HTTP ${file.status}, so the site counts as disallowed` },
    };
  }
  // 4xx, and redirects past the limit (RFC 9309 §2.3.1.2), mean robots.txt is unavailable: all allowed
  if (file.status < 200 || file.status >= 300) return { all: { allowed: true } };
  return { parsed: robotsParser(robotsUrl, file.text) };
}

/**
 * The product token robots.txt groups are matched against: `dossier` of
 * `dossier/0.1 (+https://…)`.
 */
export function robotsToken(userAgent: string): string {
  return userAgent.trim().split(/[\s/]/)[0] || '*';
}

/**
 * The outlet an article's own text names when no source field gives it.
 *
 * Scraped pages keep furniture that names the site they came from: a
 * cross-promotion line (`Also on rt.com …`) promotes a headline of the same
 * site, a follow prompt (`Follow RT on Telegram`) names it, a byline may end
 * in `| Outlet`, the page's own address may be printed where a link was, and
 * a page may state its canonical address. The body is never read: a site
 * named in a sentence (`Reuters reported`, `told rt.com`) is a source the
 * article cites, not its outlet. Copyright lines are not read here: on the
 * article-extraction pages their holder is a parent company (`CBS
 * Interactive`, `NBC Universal`) or the syndicated source (`The New Arab` on
 * Al Bawaba), never the page's outlet (0 of 3); the text extractor reads a
 * copyright line closing a scraped text, where it is the site's own. Each
 * kind of evidence is a row of `EVIDENCE` with its confidence, below a `Source:` line's (0.8) and a page's `og:site_name`; the
 * strongest row that names an outlet wins, the first such part on a tie.
 */
import type { Extracted, Found, RemovedPart } from '../types.js';
import { isOutletLike, readByline } from './text-meta.js';

/** A site name as a host: `rt.com`, `www.middleeastmonitor.com` (bounded repeats: linear on hostile text). */
const HOST = /\b(?:https?:\/\/)?(?:www\.)?((?:[a-z0-9-]{1,63}\.){1,6}[a-z]{2,24})\b/gi;
/** `Also on rt.com`: a cross-promotion line names its own site first. */
const SELF_PROMOTION = /^also on\s+(?:https?:\/\/)?(?:www\.)?((?:[a-z0-9-]+\.)+[a-z]{2,})\b/i;
/** `Follow RT on Telegram`: the outlet asks to be followed (`us` names no one). */
const FOLLOW =
  /^follow\s+(.{1,40}?)\s+on\s+(?:twitter|facebook|telegram|instagram|youtube|tiktok|x|linkedin|vk|threads|bluesky|mastodon|whatsapp)\b/i;
/** Words a follow prompt uses that name no outlet. */
const NOT_A_NAME = /^(?:us|all rights reserved|the author|the authors|copyright|\d+)$/i;

/**
 * Hosts that are platforms, not outlets: a share link or embed names them on
 * any site's page (each with why it is never the page's own site).
 */
const PLATFORM_HOSTS: ReadonlySet<string> = new Set([
  'twitter.com', // share and follow links
  'x.com', // share and follow links
  't.co', // shortened links in embedded posts
  'facebook.com', // share and follow links
  'instagram.com', // embedded posts
  'youtube.com', // embedded video
  'youtu.be', // embedded video
  'linkedin.com', // share links
  'pinterest.com', // share links
  'reddit.com', // share links
  'whatsapp.com', // share links
  't.me', // Telegram channel links
  'telegram.me', // Telegram channel links
  'vk.com', // share links
  'google.com', // maps, news and consent links
  'apple.com', // app-store badges
  'wordpress.com', // blog platform credit
  'disqus.com', // comment widget
  'bit.ly', // shortened links
]);

/** How much of a furniture part is searched for hosts: a line that names a site is short; bounds time on hostile text. */
const MAX_HOST_SCAN = 4000;

/** Hosts written in furniture name the site only when this many parts of it do. */
const MIN_HOST_PARTS = 2;

/** One kind of evidence: what it reads and how much it is trusted. */
interface Evidence {
  via: string;
  confidence: number;
  /** The outlet this evidence names in the extraction, or null. */
  read: (x: Pick<Extracted, 'removed' | 'canonicalUrl'>) => string | null;
}

/** The evidence, strongest first; each reads only the furniture or the page's stated address. */
const EVIDENCE: readonly Evidence[] = Object.freeze([
  // the page says where it lives
  { via: 'url:canonical', confidence: 0.5, read: (x) => hostOf(x.canonicalUrl) },
  // a promotion of another headline of the same site
  { via: 'furniture:cross-promotion', confidence: 0.45, read: (x) => firstOf(x.removed, readPromotion) },
  // a byline that ends in `| Outlet` (the text extractor reads it already; HTML bylines too)
  { via: 'furniture:byline', confidence: 0.45, read: (x) => firstOf(x.removed, readBylineOutlet) },
  // the page's own address printed where a link was
  { via: 'furniture:address', confidence: 0.4, read: (x) => readAddress(x.removed) },
  // the site asks to be followed
  { via: 'furniture:follow-line', confidence: 0.4, read: (x) => firstOf(x.removed, readFollow) },
  // a host several furniture parts write out
  { via: 'furniture:host', confidence: 0.3, read: (x) => commonHost(x.removed) },
]);

/** The `via` of an outlet this module read (`url:canonical`, `furniture:…`). */
export const isOutletOfText = (via: string): boolean => EVIDENCE.some((e) => e.via === via);

/**
 * The outlet the extraction's furniture or stated address names, as a found
 * value below every stated source; null when nothing names one. A host is
 * given as written, without `www.` (`rt.com`): spelling it as an outlet name
 * (`RT`) needs other articles, which `src/compare` has.
 */
export function outletOfText(x: Pick<Extracted, 'removed' | 'canonicalUrl'>): Found<string> | null {
  for (const e of EVIDENCE) {
    const value = e.read(x);
    if (value) return { value, via: e.via, confidence: e.confidence };
  }
  return null;
}

function firstOf(removed: readonly RemovedPart[], read: (part: RemovedPart) => string | null): string | null {
  for (const part of removed) {
    const value = read(part);
    if (value) return value;
  }
  return null;
}

function readPromotion(part: RemovedPart): string | null {
  if (part.reason !== 'cross-promotion') return null;
  const host = SELF_PROMOTION.exec(part.text.trim())?.[1]?.toLowerCase();
  return host && !PLATFORM_HOSTS.has(host) ? host : null;
}

function readBylineOutlet(part: RemovedPart): string | null {
  if (part.reason !== 'byline') return null;
  return readByline(part.text.trim())?.outlet ?? null;
}

function readFollow(part: RemovedPart): string | null {
  const name = FOLLOW.exec(part.text.trim())?.[1]?.trim();
  return name && !NOT_A_NAME.test(name) && isOutletLike(name) ? name : null;
}

/** A bare address where a link was (`https://www.example.com/news/…`), naming the page itself when it is the only one. */
function readAddress(removed: readonly RemovedPart[]): string | null {
  const hosts = new Set<string>();
  for (const part of removed) {
    if (part.reason !== 'url') continue;
    const host = hostOf(part.text.trim().replace(/^www\./i, 'https://www.'));
    if (host && !PLATFORM_HOSTS.has(host)) hosts.add(host);
  }
  return hosts.size === 1 ? [...hosts][0]! : null;
}

/** The one host at least `MIN_HOST_PARTS` furniture parts write, more than any other; null on a tie. */
function commonHost(removed: readonly RemovedPart[]): string | null {
  const parts = new Map<string, number>();
  for (const part of removed) {
    const hosts = new Set<string>();
    for (const m of part.text.slice(0, MAX_HOST_SCAN).matchAll(HOST)) {
      const host = m[1]!.toLowerCase();
      if (!PLATFORM_HOSTS.has(host) && !isFileName(host)) hosts.add(host);
    }
    for (const h of hosts) parts.set(h, (parts.get(h) ?? 0) + 1);
  }
  const ranked = [...parts].sort((a, b) => b[1] - a[1]);
  const [best, second] = ranked;
  if (!best || best[1] < MIN_HOST_PARTS || (second && second[1] === best[1])) return null;
  return best[0];
}

/** `photo.jpg`, `index.html`: a file name, not a host. */
const FILE_SUFFIX = /\.(?:jpe?g|png|gif|webp|svg|html?|php|aspx?|js|css|pdf|mp[34])$/i;
const isFileName = (host: string) => FILE_SUFFIX.test(host);

function hostOf(url: string | null): string | null {
  if (!url) return null;
  try {
    const host = new URL(url).hostname.replace(/^www\./, '').toLowerCase();
    return host.includes('.') ? host : null;
  } catch {
    return null;
  }
}

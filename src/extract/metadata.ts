/**
 * Article metadata from an HTML page, each value with where it was found and
 * a confidence. Sources are tried in a fixed order of trust, stated in the
 * tables below: structured data the publisher wrote for machines (JSON-LD,
 * OpenGraph/article meta) first, then markup (`<time>`, `rel=author`, `<h1>`),
 * then visible text (date lines, bylines), then the URL.
 */
import type { AnyNode, Document, Element } from 'domhandler';
import { textContent } from 'domutils';
import type { Found } from '../types.js';
import { normalizeDate } from './dates.js';
import { primaryLanguage } from './language.js';

/** Everything metadata extraction finds on a page. */
export interface HtmlMetadata {
  title: Found<string> | null;
  published: Found<string> | null;
  modified: Found<string> | null;
  authors: Found<string[]> | null;
  outlet: Found<string> | null;
  canonicalUrl: Found<string> | null;
  /** The language the page declares (`<html lang>`, content-language, og:locale). */
  declaredLanguage: Found<string> | null;
  section: Found<string> | null;
  tags: Found<string[]> | null;
}

/** Meta names (lowercase) for each field, in order of trust, with the confidence of a hit. */
const META_SOURCES = {
  title: [
    ['og:title', 0.9],
    ['twitter:title', 0.85],
    ['dc.title', 0.8],
    ['parsely-title', 0.85],
    ['sailthru.title', 0.8],
  ],
  published: [
    ['article:published_time', 0.95],
    ['og:published_time', 0.9],
    ['article:published', 0.9],
    ['datepublished', 0.9],
    ['parsely-pub-date', 0.9],
    ['sailthru.date', 0.85],
    ['pubdate', 0.85],
    ['publish-date', 0.85],
    ['publish_date', 0.85],
    ['dcterms.created', 0.85],
    ['dc.date.issued', 0.85],
    ['dc.date', 0.8],
    ['date', 0.75],
  ],
  modified: [
    ['article:modified_time', 0.95],
    ['og:updated_time', 0.9],
    ['datemodified', 0.9],
    ['dcterms.modified', 0.85],
    ['last-modified', 0.8],
  ],
  outlet: [
    ['og:site_name', 0.95],
    ['application-name', 0.8],
  ],
  section: [
    ['article:section', 0.9],
    ['parsely-section', 0.85],
    ['section', 0.7],
  ],
  author: [
    ['author', 0.8],
    ['article:author', 0.85],
    ['parsely-author', 0.85],
    ['sailthru.author', 0.8],
    ['dc.creator', 0.8],
    ['byl', 0.75],
  ],
  tags: [
    ['article:tag', 0.9],
    ['news_keywords', 0.85],
    ['parsely-tags', 0.85],
    ['keywords', 0.6],
  ],
} as const satisfies Record<string, ReadonlyArray<readonly [string, number]>>;

/** JSON-LD types that describe an article. */
const ARTICLE_TYPE = /Article|Posting|Report|BlogPosting|NewsArticle|WebPage|CreativeWork/i;
/** Bylines and author values that name no person: staff credits, wire desks, placeholders. */
const NOT_A_PERSON =
  /^(?:by\s+)?(?:staff|staff writers?|staff reporters?|editorial (?:staff|board|team)|the editors|editors?|admin|administrator|webmaster|news desk|newsdesk|web desk|wire|wires|guest|contributor|anonymous|unknown|team|reporter|correspondent)$/i;
/** Words that introduce a byline. */
const BYLINE_PREFIX = /^(?:by|written by|posted by|words by|reported by|von|por|par|di|door|av)\s*:?\s+/i;
/** Separators between several authors in one string. */
const AUTHOR_SPLIT = /\s*[,;&|]\s*|\s+(?:and|And|AND|und|y|et|e)\s+/;
/** News agencies and wire services: organisations, never a person's byline. */
const AGENCY =
  /^(?:the )?(?:associated press|ap|reuters|afp|agence france-presse|pti|press trust of india|ians|ani|dpa|efe|ansa|xinhua|tass|ria novosti|interfax|anadolu agency|aa|upi|bloomberg|kyodo|yonhap|bernama|cnn wire|news service|wire service|agencies|news agencies)$/i;
/** Class/id words of byline elements. */
const BYLINE_CLASS = /(?:^|[\s_-])(?:byline|author|author-name|authorname|contributor|writer)(?:$|[\s_-])/i;
/** Class/id words of elements showing the date. */
const DATE_CLASS =
  /(?:^|[\s_-])(?:date|dateline|timestamp|published|pubdate|post-date|entry-date|publish-date|article-date|time)(?:$|[\s_-])/i;
/** Separators between a headline and a site name in `<title>`. */
const TITLE_SEPARATORS = [' | ', ' - ', ' – ', ' — ', ' :: ', ' · ', ' • ', ' / ', ': '];
/** A date in a URL path: /2019/11/18/ or /2019-11-18/. */
const URL_DATE = /\/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:\/|[-_]|$)/;
/** A date in a URL path with the month's name: /2019/nov/18/. */
const URL_DATE_MONTH_NAME =
  /\/((?:19|20)\d{2})\/(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\/(0?[1-9]|[12]\d|3[01])(?:\/|[-_]|$)/i;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
/** A visible date line: short, and mostly a date. */
const DATE_LINE_MAX = 80;
const SPACES = /\s+/g;

type Tagged = Element & { name: string };

function isElement(node: AnyNode): node is Tagged {
  return node.type === 'tag' || node.type === 'script' || node.type === 'style';
}

/** Elements of the page by tag name, gathered in one pass (only the tags metadata reads). */
interface PageIndex {
  html: Tagged | null;
  meta: Tagged[];
  links: Tagged[];
  ldScripts: Tagged[];
  titles: Tagged[];
  h1: Tagged[];
  times: Tagged[];
  bylines: Tagged[];
  dateLines: Tagged[];
  authorLinks: Tagged[];
}

function indexPage(doc: Document): PageIndex {
  const idx: PageIndex = {
    html: null,
    meta: [],
    links: [],
    ldScripts: [],
    titles: [],
    h1: [],
    times: [],
    bylines: [],
    dateLines: [],
    authorLinks: [],
  };
  // iterative: the tree may be hundreds of levels deep
  const stack: AnyNode[] = [...doc.children].reverse();
  while (stack.length) {
    const node = stack.pop() as AnyNode;
    if (!isElement(node)) continue;
    const a = node.attribs;
    switch (node.name) {
      case 'html':
        idx.html ??= node;
        break;
      case 'meta':
        idx.meta.push(node);
        break;
      case 'link':
        idx.links.push(node);
        break;
      case 'script':
        if ((a.type ?? '').toLowerCase().includes('ld+json')) idx.ldScripts.push(node);
        continue;
      case 'style':
        continue;
      case 'title':
        idx.titles.push(node);
        break;
      case 'h1':
        idx.h1.push(node);
        break;
      case 'time':
        idx.times.push(node);
        break;
      case 'a':
        if ((a.rel ?? '').toLowerCase().split(/\s+/).includes('author')) idx.authorLinks.push(node);
        break;
    }
    if (a.itemprop && /\b(?:author|datePublished|dateModified)\b/.test(a.itemprop)) idx.times.push(node);
    const words = `${a.class ?? ''} ${a.id ?? ''}`;
    if (words.length > 1) {
      const split = words.replace(/([a-z0-9])([A-Z])/g, '$1-$2');
      if (BYLINE_CLASS.test(split)) idx.bylines.push(node);
      if (DATE_CLASS.test(split)) idx.dateLines.push(node);
    }
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as AnyNode);
  }
  return idx;
}

/** Text of a subtree, a space between text nodes so `<b>NAME</b><i>Agency</i>` stays two words. */
function textOf(node: AnyNode): string {
  return textParts(node).join(' ').replace(SPACES, ' ').trim();
}

/** The text nodes of a subtree, each trimmed, empty ones left out. */
function textParts(node: AnyNode): string[] {
  const parts: string[] = [];
  const stack: AnyNode[] = [node];
  while (stack.length) {
    const n = stack.pop() as AnyNode;
    if (n.type === 'text') parts.push((n as { data: string }).data);
    else if (isElement(n) && n.name !== 'script' && n.name !== 'style') {
      for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i] as AnyNode);
    }
  }
  return parts.map((p) => p.replace(SPACES, ' ').trim()).filter(Boolean);
}

/** Meta tags by lowercase name/property/itemprop; every value kept in order. */
function readMeta(idx: PageIndex): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const el of idx.meta) {
    const a = el.attribs;
    const key = (a.property ?? a.name ?? a.itemprop ?? a['http-equiv'] ?? '').trim().toLowerCase();
    const content = (a.content ?? '').replace(SPACES, ' ').trim();
    if (!key || !content) continue;
    const list = out.get(key);
    if (list) list.push(content);
    else out.set(key, [content]);
  }
  return out;
}

/** The facts JSON-LD gives about the article. */
interface LdFacts {
  headline?: string;
  datePublished?: string;
  dateModified?: string;
  authors: string[];
  publisher?: string;
  section?: string;
  keywords: string[];
  url?: string;
  language?: string;
}

function asStrings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(asStrings);
  return [];
}

function nameOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && typeof (v as { name?: unknown }).name === 'string') {
    return (v as { name: string }).name;
  }
  return undefined;
}

function readJsonLd(idx: PageIndex): LdFacts {
  const facts: LdFacts = { authors: [], keywords: [] };
  for (const el of idx.ldScripts) {
    let data: unknown;
    try {
      data = JSON.parse(textContent(el));
    } catch {
      continue;
    }
    const queue: unknown[] = Array.isArray(data) ? [...data] : [data];
    const items: Array<Record<string, unknown>> = [];
    while (queue.length && items.length < 100) {
      const d = queue.shift();
      if (!d || typeof d !== 'object') continue;
      const rec = d as Record<string, unknown>;
      if (Array.isArray(rec['@graph'])) queue.push(...rec['@graph']);
      if (rec.mainEntity && typeof rec.mainEntity === 'object') queue.push(rec.mainEntity);
      items.push(rec);
    }
    // an Article beats a WebPage: sort the article types first
    items.sort((a, b) => rank(a) - rank(b));
    for (const item of items) {
      if (!ARTICLE_TYPE.test(asStrings(item['@type']).join(' '))) continue;
      facts.headline ??= asStrings(item.headline)[0] ?? asStrings(item.name)[0];
      facts.datePublished ??= asStrings(item.datePublished)[0] ?? asStrings(item.dateCreated)[0];
      facts.dateModified ??= asStrings(item.dateModified)[0];
      facts.publisher ??= nameOf(item.publisher) ?? nameOf(item.sourceOrganization);
      facts.section ??= asStrings(item.articleSection)[0];
      facts.url ??= asStrings(item.url)[0] ?? asStrings(item.mainEntityOfPage)[0];
      facts.language ??= asStrings(item.inLanguage)[0];
      if (facts.authors.length === 0) {
        const authors = Array.isArray(item.author) ? item.author : item.author ? [item.author] : [];
        for (const a of authors) {
          const type = a && typeof a === 'object' ? asStrings((a as Record<string, unknown>)['@type']).join(' ') : '';
          if (/Organization/i.test(type)) continue;
          const name = nameOf(a);
          if (name) facts.authors.push(name);
        }
      }
      if (facts.keywords.length === 0) {
        const kw = item.keywords;
        facts.keywords = typeof kw === 'string' ? kw.split(',') : asStrings(kw);
      }
    }
  }
  return facts;
}

function rank(item: Record<string, unknown>): number {
  const type = asStrings(item['@type']).join(' ');
  return /Article|Posting|Report/i.test(type) ? 0 : 1;
}

/** The character references JSON-LD and meta values sometimes carry still encoded. */
const ENTITY = /&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|(amp|quot|apos|lt|gt|nbsp));/gi;
const NAMED: Readonly<Record<string, string>> = { amp: '&', quot: '"', apos: "'", lt: '<', gt: '>', nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(ENTITY, (whole, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    const code = dec ? Number(dec) : hex ? Number.parseInt(hex, 16) : -1;
    if (code >= 0) return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    return NAMED[(name ?? '').toLowerCase()] ?? whole;
  });
}

function firstMeta(
  meta: Map<string, string[]>,
  sources: ReadonlyArray<readonly [string, number]>,
): Found<string> | null {
  for (const [name, confidence] of sources) {
    const v = meta.get(name)?.[0];
    if (v) return { value: v, via: `meta:${name}`, confidence };
  }
  return null;
}

/** Takes a site-name suffix or prefix off a headline (`Headline | Outlet`). */
export function stripSiteName(title: string, outlet?: string | null): string {
  const t = title.replace(SPACES, ' ').trim();
  const site = outlet ? norm(outlet) : '';
  for (const sep of TITLE_SEPARATORS) {
    const at = t.lastIndexOf(sep);
    if (at <= 0) continue;
    const head = t.slice(0, at).trim();
    const tail = t.slice(at + sep.length).trim();
    if (site && (norm(tail) === site || norm(tail).includes(site) || site.includes(norm(tail)))) return head;
    const first = t.indexOf(sep);
    const lead = t.slice(0, first).trim();
    if (site && norm(lead) === site) return t.slice(first + sep.length).trim();
    // without a known outlet: a short last part after a longer headline is a site name
    if (!site && sep !== ': ' && tail.split(' ').length <= 4 && head.split(' ').length >= 4) return head;
  }
  return t;
}

function norm(s: string): string {
  return s
    .toLowerCase()
    .replace(/^www\./, '')
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

function hostOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.replace(/^www\./, '') || null;
  } catch {
    return null;
  }
}

function resolveUrl(href: string, base: string | undefined): string | null {
  try {
    const u = new URL(href, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

function dateFound(text: string | undefined, via: string, confidence: number): Found<string> | null {
  if (!text) return null;
  const d = normalizeDate(text);
  return d ? { value: d.iso, via, confidence } : null;
}

/** Cleans author candidates: drops prefixes, staff credits, the outlet, URLs, e-mail addresses; splits lists. */
export function cleanAuthors(values: readonly string[], outlet?: string | null): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const site = outlet ? norm(outlet) : '';
  for (const raw of values) {
    const text = decodeEntities(raw).replace(SPACES, ' ').replace(BYLINE_PREFIX, '').trim();
    if (!text || /^https?:\/\//i.test(text)) continue;
    for (const part of text.split(AUTHOR_SPLIT)) {
      const name = part
        .replace(BYLINE_PREFIX, '')
        .replace(/\S+@\S+/g, '')
        .replace(/^[\s@:,-]+|[\s,:|-]+$/g, '')
        .trim();
      if (name.length < 3 || name.length > 60 || !/\p{L}/u.test(name)) continue;
      if (NOT_A_PERSON.test(name) || AGENCY.test(name) || /[()[\]{}<>:"=]/.test(name)) continue;
      // the outlet, or a desk of it ("CNN Business" at CNN)
      const n = norm(name);
      if (site && site.length >= 3 && (n.includes(site) || site.includes(n))) continue;
      // a byline with a date or many words is a sentence, not a name
      if (/\d/.test(name) || name.split(' ').length > 5) continue;
      const key = name.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(name);
    }
  }
  return out;
}

/** Reads every metadata field of a page. `url` is the page address when known. */
export function extractMetadata(doc: Document, url?: string): HtmlMetadata {
  const idx = indexPage(doc);
  const meta = readMeta(idx);
  const ld = readJsonLd(idx);

  // outlet first: the title and authors are cleaned against it
  const outletMeta = firstMeta(meta, META_SOURCES.outlet);
  const host = hostOf(url) ?? hostOf(meta.get('og:url')?.[0]);
  const outlet: Found<string> | null = outletMeta
    ? { ...outletMeta, value: outletMeta.value.replace(/^@/, '') }
    : ld.publisher
      ? { value: ld.publisher.trim(), via: 'json-ld:publisher', confidence: 0.9 }
      : host
        ? { value: host, via: 'url:host', confidence: 0.5 }
        : null;

  const title = pickTitle(idx, meta, ld, outlet?.value);

  const published =
    dateFound(ld.datePublished, 'json-ld:datePublished', 0.95) ??
    firstDate(meta, META_SOURCES.published) ??
    timeDate(idx, /datePublished/i) ??
    visibleDate(idx) ??
    urlDate(url);
  const modified =
    dateFound(ld.dateModified, 'json-ld:dateModified', 0.95) ??
    firstDate(meta, META_SOURCES.modified) ??
    timeDate(idx, /dateModified/i, true);

  const authors = pickAuthors(idx, meta, ld, outlet?.value);

  const canonicalHref = idx.links.find((l) => (l.attribs.rel ?? '').toLowerCase().split(/\s+/).includes('canonical'))
    ?.attribs.href;
  const canonical = canonicalHref ? resolveUrl(canonicalHref, url) : null;
  const ogUrl = meta.get('og:url')?.[0];
  const canonicalUrl: Found<string> | null = canonical
    ? { value: canonical, via: 'link:canonical', confidence: 0.95 }
    : ogUrl && resolveUrl(ogUrl, url)
      ? { value: resolveUrl(ogUrl, url) as string, via: 'meta:og:url', confidence: 0.85 }
      : url && resolveUrl(url, undefined)
        ? { value: resolveUrl(url, undefined) as string, via: 'input:url', confidence: 0.6 }
        : null;

  const htmlLang = primaryLanguage(idx.html?.attribs.lang ?? idx.html?.attribs['xml:lang']);
  const metaLang = primaryLanguage(meta.get('content-language')?.[0] ?? meta.get('language')?.[0]);
  const ldLang = primaryLanguage(ld.language);
  const ogLocale = primaryLanguage(meta.get('og:locale')?.[0]);
  const declaredLanguage: Found<string> | null = htmlLang
    ? { value: htmlLang, via: 'html:lang', confidence: 0.7 }
    : ldLang
      ? { value: ldLang, via: 'json-ld:inLanguage', confidence: 0.7 }
      : metaLang
        ? { value: metaLang, via: 'meta:content-language', confidence: 0.6 }
        : ogLocale
          ? { value: ogLocale, via: 'meta:og:locale', confidence: 0.6 }
          : null;

  const sectionMeta = firstMeta(meta, META_SOURCES.section);
  const section: Found<string> | null = ld.section
    ? { value: ld.section.trim(), via: 'json-ld:articleSection', confidence: 0.9 }
    : sectionMeta;

  const tags = pickTags(meta, ld);
  return { title, published, modified, authors, outlet, canonicalUrl, declaredLanguage, section, tags };
}

/** Longest title candidate considered; the longest real headlines are a few hundred characters. */
const MAX_TITLE_CHARS = 2000;

function pickTitle(idx: PageIndex, meta: Map<string, string[]>, ld: LdFacts, outlet?: string): Found<string> | null {
  const h1 = idx.h1.map(textOf).find((t) => t.length > 0);
  const fromMeta = firstMeta(meta, META_SOURCES.title);
  const candidates: Array<Found<string>> = [];
  if (ld.headline) candidates.push({ value: ld.headline, via: 'json-ld:headline', confidence: 0.9 });
  if (fromMeta) candidates.push(fromMeta);
  if (h1) candidates.push({ value: h1, via: 'html:h1', confidence: 0.75 });
  const docTitle = idx.titles[0] ? textOf(idx.titles[0]) : '';
  if (docTitle) candidates.push({ value: docTitle, via: 'html:title', confidence: 0.6 });
  for (const c of candidates) {
    // a "title" of thousands of characters is page junk (or an attack), not a headline
    if (c.value.length > MAX_TITLE_CHARS) continue;
    const value = stripSiteName(decodeEntities(c.value), outlet);
    if (!value || (outlet && norm(value) === norm(outlet))) continue;
    // a headline the h1 confirms is surer
    const confirmed = h1 && c.via !== 'html:h1' && norm(h1) === norm(value);
    return {
      value,
      via: value === decodeEntities(c.value).replace(SPACES, ' ').trim() ? c.via : `${c.via}:site-name-removed`,
      confidence: confirmed ? Math.max(c.confidence, 0.95) : c.confidence,
    };
  }
  return null;
}

function firstDate(
  meta: Map<string, string[]>,
  sources: ReadonlyArray<readonly [string, number]>,
): Found<string> | null {
  for (const [name, confidence] of sources) {
    for (const v of meta.get(name) ?? []) {
      const d = dateFound(v, `meta:${name}`, confidence);
      if (d) return d;
    }
  }
  return null;
}

/** A `<time datetime>` (or itemprop element) marked with the wanted property; else the first `<time>` when `strict` is off. */
function timeDate(idx: PageIndex, prop: RegExp, strict = false): Found<string> | null {
  for (const el of idx.times) {
    const a = el.attribs;
    if (!prop.test(a.itemprop ?? '') && !(prop.source.includes('Published') && a.pubdate !== undefined)) continue;
    const d = dateFound(a.datetime ?? a.content ?? textOf(el), `html:time[itemprop=${a.itemprop ?? 'pubdate'}]`, 0.85);
    if (d) return d;
  }
  if (strict) return null;
  for (const el of idx.times) {
    if (el.name !== 'time') continue;
    const d = dateFound(el.attribs.datetime ?? textOf(el), 'html:time', 0.7);
    if (d) return d;
  }
  return null;
}

/** A short visible line in a byline or date element that parses as a full date. */
function visibleDate(idx: PageIndex): Found<string> | null {
  for (const el of [...idx.dateLines, ...idx.bylines]) {
    const text = textOf(el);
    if (!text || text.length > DATE_LINE_MAX * 2) continue;
    const d = dateFound(text, 'text:date-line', 0.6);
    if (d) return d;
  }
  return null;
}

function urlDate(url: string | undefined): Found<string> | null {
  const m = url?.match(URL_DATE) ?? url?.match(URL_DATE_MONTH_NAME);
  if (!m) return null;
  const month = /^\d+$/.test(m[2] as string)
    ? (m[2] as string)
    : String(MONTHS.indexOf((m[2] as string).toLowerCase()) + 1);
  const iso = `${m[1]}-${month.padStart(2, '0')}-${(m[3] as string).padStart(2, '0')}`;
  return Number.isNaN(Date.parse(iso)) ? null : { value: iso, via: 'url:path', confidence: 0.5 };
}

function pickAuthors(
  idx: PageIndex,
  meta: Map<string, string[]>,
  ld: LdFacts,
  outlet?: string,
): Found<string[]> | null {
  const fromLd = cleanAuthors(ld.authors, outlet);
  if (fromLd.length) return { value: fromLd, via: 'json-ld:author', confidence: 0.9 };
  for (const [name, confidence] of META_SOURCES.author) {
    const values = (meta.get(name) ?? []).filter((v) => !/^https?:\/\//i.test(v));
    const found = cleanAuthors(values, outlet);
    if (found.length) return { value: found, via: `meta:${name}`, confidence };
  }
  const rel = cleanAuthors(idx.authorLinks.map(textOf), outlet);
  if (rel.length) return { value: rel, via: 'html:rel-author', confidence: 0.75 };
  for (const el of idx.bylines) {
    const text = textOf(el);
    if (!text || text.length > 120) continue;
    // each text node apart: a name and an agency in two elements are two candidates
    const found = cleanAuthors(textParts(el), outlet);
    if (found.length) return { value: found, via: 'text:byline', confidence: 0.6 };
  }
  return null;
}

function pickTags(meta: Map<string, string[]>, ld: LdFacts): Found<string[]> | null {
  const clean = (values: string[]) => [
    ...new Set(
      values
        .flatMap((v) => v.split(','))
        .map((v) => v.trim())
        .filter((v) => v.length > 0 && v.length < 80),
    ),
  ];
  for (const [name, confidence] of META_SOURCES.tags) {
    const values = clean(meta.get(name) ?? []);
    if (values.length) return { value: values, via: `meta:${name}`, confidence };
  }
  const fromLd = clean(ld.keywords);
  return fromLd.length ? { value: fromLd, via: 'json-ld:keywords', confidence: 0.8 } : null;
}

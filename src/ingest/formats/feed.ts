import { type Document, DomHandler, type Element, isTag } from 'domhandler';
import { getAttributeValue, getChildren, getInnerHTML, textContent } from 'domutils';
import { Parser, parseDocument } from 'htmlparser2';
import { problem } from '../../errors.js';
import type { Found, GivenFields, InputProblem, RawRecord } from '../../types.js';
import { collect, InputFailure } from '../bytes.js';
import { decode } from '../decode.js';
import { sha256 } from '../fields.js';
import type { IngestOptions } from '../options.js';
import type { FormatReader, OpenedInput } from './reader.js';

/**
 * RSS 2.0, RSS 1.0 (RDF) and Atom feeds. Each item becomes a record with
 * source `feed#item=N` (1-based) and the title, date, authors and outlet the
 * feed states as given fields. With `opts.fetchLinks` the page an item links
 * to is fetched and read; when that fails, or without `fetchLinks`, the
 * item's own content (HTML) is used.
 *
 * The XML is parsed by htmlparser2, which never reads a DTD: a custom entity
 * (`&lol9;`, an `<!ENTITY x SYSTEM "file:///…">`) stays literal text, so a
 * "billion laughs" feed cannot blow up and an external entity is never read.
 */
export const readFeed: FormatReader = async function* (input, opts) {
  const bytes = await collect(input.chunks, opts.maxArticleBytes, input.source);
  const parsed = parseFeed(bytes, input);
  if ('code' in parsed) {
    yield parsed;
    return;
  }
  if (parsed.items.length === 0) {
    yield problem('E_EMPTY', input.source, 'the feed has no items');
    return;
  }
  const linkOpts: Readonly<IngestOptions> = Object.freeze({ ...opts, fetchLinks: false });
  for (const [i, item] of parsed.items.entries()) {
    const source = `${input.source}#item=${i + 1}`;
    const given = { ...item.given, ...(parsed.outlet ? { outlet: parsed.outlet } : {}) };
    let read = false;
    if (opts.fetchLinks && item.link) {
      for await (const got of readLinkedPage(item.link, source, linkOpts)) {
        if ('code' in got) {
          yield got;
        } else {
          read = true;
          yield { ...got, given: { ...given, ...got.given } };
        }
      }
    }
    if (read) continue;
    if (item.content) {
      yield {
        source,
        ...(item.link ? { url: item.link } : {}),
        kind: item.content.kind,
        content: item.content.kind === 'html' ? asArticleHtml(item.content.text) : item.content.text,
        rawHash: sha256(item.content.text),
        charset: parsed.charset,
        given,
      };
    } else if (!(opts.fetchLinks && item.link)) {
      yield problem(
        'E_NO_TEXT',
        source,
        item.link ? 'item has no content (fetching links is off)' : 'item has no content and no link',
      );
    }
  }
};

/**
 * Fetches an item's page and reads it like any input. A linked page that is a
 * feed is read without fetching its own links (`linkOpts.fetchLinks` is
 * false), so feeds linking feeds cannot recurse.
 */
async function* readLinkedPage(
  link: string,
  itemSource: string,
  linkOpts: Readonly<IngestOptions>,
): AsyncGenerator<RawRecord | InputProblem> {
  let opened: OpenedInput;
  try {
    const { openUrl } = await import('../fetch.js');
    opened = await openUrl(link, linkOpts);
  } catch (err) {
    yield err instanceof InputFailure ? err.problem : problem('E_FETCH', link, String(err));
    return;
  }
  // imported when needed: index.ts imports this module to build its table of readers
  const { readOpened } = await import('../index.js');
  for await (const got of readOpened(opened, new URL(opened.url ?? link).pathname, linkOpts)) {
    if ('code' in got) yield got;
    else yield { ...got, source: `${itemSource}${got.source.slice(opened.source.length)}` };
  }
}

/** One feed item, read from the XML. */
export interface FeedItem {
  /** The item's page, absolute. */
  link?: string;
  /** The item's own content: HTML from `content:encoded`, `description` or Atom `content`/`summary`; text for Atom `type="text"`. */
  content?: { kind: 'text' | 'html'; text: string };
  given: GivenFields;
}

/** A parsed feed. */
export interface ParsedFeed {
  /** The feed's title, used as every item's outlet. */
  outlet?: string;
  items: FeedItem[];
  charset: Found<string>;
}

/** The root elements of the three dialects (compared in lower case). */
const FEED_ROOTS: ReadonlySet<string> = new Set(['rss', 'feed', 'rdf:rdf']);

/**
 * Child elements tried in order for each field; the first with text wins.
 * RSS 2.0 and RSS 1.0 items share one table, Atom entries have their own.
 */
const RSS_FIELDS = {
  // full article HTML (the content module) beats the teaser in description
  content: ['content:encoded', 'description'],
  title: ['title', 'dc:title'],
  // RSS 1.0 has only Dublin Core dates; many RSS 2.0 feeds add dc:date too
  published: ['pubdate', 'dc:date', 'dc:created'],
  // author is an e-mail address, often with the name in parentheses; dc:creator is a name
  authors: ['dc:creator', 'author'],
} as const;

const ATOM_FIELDS = {
  // content is the article, summary a teaser
  content: ['content', 'summary'],
  title: ['title'],
  // updated changes on every edit: only a fallback for the publication date
  published: ['published', 'issued', 'updated', 'modified'],
} as const;

/** Parses feed bytes into items, or the `E_FEED`/`E_DECODE` problem that stops it. */
export function parseFeed(
  bytes: Buffer,
  input: Pick<OpenedInput, 'source' | 'url' | 'charsetHeader'>,
): ParsedFeed | InputProblem {
  const declared = input.charsetHeader ? null : xmlDeclaredEncoding(bytes);
  const decoded = decode(bytes, { header: input.charsetHeader ?? declared });
  if (!decoded) return problem('E_DECODE', input.source);
  const charset =
    declared && decoded.charset.via === 'http-header'
      ? { ...decoded.charset, via: 'xml-declaration', confidence: 0.9 }
      : decoded.charset;
  const { doc, unclosed } = parseXml(decoded.text);
  const root = children(doc).find((el) => FEED_ROOTS.has(el.name.toLowerCase()));
  if (!root) return problem('E_FEED', input.source, 'no <rss>, <feed> or <rdf:RDF> root element');
  if (unclosed.has(root.name)) return problem('E_FEED', input.source, `<${root.name}> is never closed (truncated?)`);
  const base = input.url;
  const rootName = root.name.toLowerCase();
  if (rootName === 'feed') {
    return {
      ...outletOf(root),
      items: children(root, 'entry').map((entry) => atomEntry(entry, base)),
      charset,
    };
  }
  const channel = children(root, 'channel')[0];
  if (!channel) return problem('E_FEED', input.source, `<${root.name}> has no <channel>`);
  // RSS 2.0 nests items in the channel; RSS 1.0 puts them beside it
  const items = rootName === 'rss' ? children(channel, 'item') : children(root, 'item');
  return { ...outletOf(channel), items: items.map((item) => rssItem(item, base)), charset };
}

/** Parses XML, noting the elements the input never closed. */
function parseXml(text: string): { doc: Document; unclosed: Set<string> } {
  const unclosed = new Set<string>();
  const handler = new (class extends DomHandler {
    override onclosetag(name?: string, isImplied?: boolean): void {
      if (isImplied && name && FEED_ROOTS.has(name.toLowerCase())) unclosed.add(name);
      super.onclosetag();
    }
  })(null, { xmlMode: true });
  const parser = new Parser(handler, { xmlMode: true });
  parser.end(text);
  return { doc: handler.root, unclosed };
}

function rssItem(item: Element, base: string | undefined): FeedItem {
  const given: GivenFields = {};
  const title = firstText(item, RSS_FIELDS.title);
  if (title) given.title = plainText(title);
  const published = firstText(item, RSS_FIELDS.published);
  if (published) given.published = published;
  const authors = RSS_FIELDS.authors.flatMap((name) => children(item, name).map((el) => authorName(textOf(el))));
  const named = [...new Set(authors.filter((a) => a !== ''))];
  if (named.length) given.authors = named;
  const link = absolute(firstText(item, ['link']) ?? permalinkGuid(item), base);
  const html = firstText(item, RSS_FIELDS.content);
  return { ...(link ? { link } : {}), ...(html ? { content: { kind: 'html', text: html } } : {}), given };
}

function atomEntry(entry: Element, base: string | undefined): FeedItem {
  const given: GivenFields = {};
  const titleEl = firstChild(entry, ATOM_FIELDS.title);
  if (titleEl) {
    const title = atomText(titleEl);
    const text = title && (title.kind === 'html' ? plainText(title.text) : title.text.trim());
    if (text) given.title = text;
  }
  const published = firstText(entry, ATOM_FIELDS.published);
  if (published) given.published = published;
  const authors = children(entry, 'author')
    .map((a) => textOf(children(a, 'name')[0]))
    .filter((a) => a !== '');
  if (authors.length) given.authors = [...new Set(authors)];
  const link = absolute(atomLink(entry), getAttributeValue(entry, 'xml:base') ?? base);
  let content: FeedItem['content'];
  for (const name of ATOM_FIELDS.content) {
    const el = firstChild(entry, [name]);
    const text = el ? atomText(el) : null;
    if (text?.text.trim()) {
      content = text;
      break;
    }
  }
  return { ...(link ? { link } : {}), ...(content ? { content } : {}), given };
}

/** An Atom text construct: `type="text"` (default), `html` (escaped markup) or `xhtml` (inline markup in a div). */
function atomText(el: Element): { kind: 'text' | 'html'; text: string } | null {
  if (getAttributeValue(el, 'src')) return null; // out-of-line content: the link is the article
  const type = (getAttributeValue(el, 'type') ?? 'text').toLowerCase();
  if (type === 'xhtml') {
    const div = children(el).find((c) => c.name.toLowerCase().endsWith('div'));
    return { kind: 'html', text: getInnerHTML(div ?? el, { xmlMode: true }) };
  }
  if (type === 'html' || type === 'text/html') return { kind: 'html', text: textOf(el) };
  return { kind: 'text', text: textOf(el) };
}

/** The entry's page: `<link rel="alternate">`, or a link without `rel`, preferring HTML. */
function atomLink(entry: Element): string | undefined {
  const links = children(entry, 'link').filter((l) => (getAttributeValue(l, 'rel') ?? 'alternate') === 'alternate');
  const html = links.find((l) => /html/i.test(getAttributeValue(l, 'type') ?? 'text/html'));
  const chosen = html ?? links[0];
  return chosen ? getAttributeValue(chosen, 'href') : undefined;
}

/** A `<guid>` is the item's page when `isPermaLink` is absent or true (RSS 2.0 spec). */
function permalinkGuid(item: Element): string | undefined {
  const guid = children(item, 'guid')[0];
  if (!guid || getAttributeValue(guid, 'ispermalink') === 'false' || getAttributeValue(guid, 'isPermaLink') === 'false')
    return undefined;
  const text = textOf(guid);
  return /^https?:\/\//i.test(text) ? text : undefined;
}

function outletOf(el: Element): { outlet?: string } {
  const titleEl = children(el, 'title')[0];
  if (!titleEl) return {};
  const title = getAttributeValue(titleEl, 'type') === 'html' ? plainText(textOf(titleEl)) : textOf(titleEl);
  return title ? { outlet: title } : {};
}

/** RSS `author` is `mail@host (Name)` or `Name`; the name is what we keep. */
function authorName(text: string): string {
  const inParens = /\(([^)]+)\)\s*$/.exec(text)?.[1];
  if (inParens) return inParens.trim();
  return /^\S+@\S+$/.test(text) ? '' : text;
}

/** Block elements that show an item's HTML is already split into paragraphs. */
const PARAGRAPH_TAGS = /<(?:p|h[1-6]|li|blockquote|pre|article)\b/i;

/**
 * An item's HTML is a fragment that is all article: mark it as the
 * `<article>` so the extractor takes every paragraph as body, and give a
 * fragment of bare text and inline markup the paragraph it lacks.
 */
function asArticleHtml(fragment: string): string {
  return PARAGRAPH_TAGS.test(fragment) ? `<article>${fragment}</article>` : `<article><p>${fragment}</p></article>`;
}

/** An http(s) URL resolved against the feed's URL, or undefined. */
function absolute(href: string | undefined, base: string | undefined): string | undefined {
  if (!href) return undefined;
  try {
    const url = new URL(href.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** The text of HTML markup (a title given as escaped HTML). */
function plainText(html: string): string {
  if (!html.includes('<') && !html.includes('&')) return html.trim().replace(/\s+/g, ' ');
  return textContent(parseDocument(html)).replace(/\s+/g, ' ').trim();
}

function children(node: Document | Element, name?: string): Element[] {
  const lower = name?.toLowerCase();
  return getChildren(node).filter((c): c is Element => isTag(c) && (!lower || c.name.toLowerCase() === lower));
}

function firstChild(node: Element, names: readonly string[]): Element | undefined {
  for (const name of names) {
    const el = children(node, name)[0];
    if (el) return el;
  }
  return undefined;
}

function firstText(node: Element, names: readonly string[]): string | undefined {
  for (const name of names) {
    for (const el of children(node, name)) {
      const text = textOf(el);
      if (text) return text;
    }
  }
  return undefined;
}

function textOf(el: Element | undefined): string {
  return el ? textContent(el).trim().normalize('NFC') : '';
}

const XML_DECLARATION = /^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/;

/** The charset an XML declaration names (`<?xml version="1.0" encoding="windows-1251"?>`). */
export function xmlDeclaredEncoding(bytes: Buffer): string | null {
  return XML_DECLARATION.exec(bytes.subarray(0, 256).toString('latin1'))?.[1] ?? null;
}

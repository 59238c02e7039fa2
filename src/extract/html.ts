import type { AnyNode, Element } from 'domhandler';
import { getAttributeValue, getElementsByTagName, textContent } from 'domutils';
import { parseDocument } from 'htmlparser2';
import type { Extracted, Found } from '../types.js';
import { normalizeDate } from './dates.js';
import { extractContent } from './html-content.js';
import { limitDepth } from './html-depth.js';

/**
 * A plain main-text extraction: metadata from meta tags and JSON-LD; body from
 * the `<article>` element when there is one, else from the element holding
 * the most paragraph text. The extraction issue replaces this with a scored,
 * measured extractor.
 */
export function extractHtml(html: string, url?: string): Extracted {
  const doc = parseDocument(limitDepth(html, 400).html, { decodeEntities: true });
  const meta = readMeta(doc.children);
  const ld = readJsonLd(doc.children);
  const titleText = meta['og:title'] ?? ld.headline ?? textOf(getElementsByTagName('title', doc.children, true, 1)[0]);
  const content = extractContent(doc, { title: titleText });
  const blocks = content.blocks;
  const title: Found<string> | null = titleText
    ? {
        value: titleText,
        via: meta['og:title'] ? 'meta:og:title' : ld.headline ? 'json-ld:headline' : 'html:title',
        confidence: 0.8,
      }
    : null;
  const outletText = meta['og:site_name'] ?? ld.publisher ?? (url ? hostOf(url) : undefined);
  const outlet: Found<string> | null = outletText
    ? {
        value: outletText,
        via: meta['og:site_name'] ? 'meta:og:site_name' : ld.publisher ? 'json-ld:publisher' : 'url:host',
        confidence: meta['og:site_name'] || ld.publisher ? 0.9 : 0.5,
      }
    : null;
  const dateText = meta['article:published_time'] ?? ld.datePublished ?? meta.date ?? meta['dc.date'];
  const date = dateText ? normalizeDate(dateText) : null;
  const language = doc.children.find((n): n is Element => (n as Element).name === 'html');
  const lang = language ? getAttributeValue(language, 'lang') : undefined;
  const authors = ld.authors.length ? ld.authors : meta.author ? [meta.author] : [];
  return {
    title,
    outlet,
    published: date
      ? {
          value: date.iso,
          via: meta['article:published_time'] ? 'meta:article:published_time' : 'json-ld:datePublished',
          confidence: 0.9,
        }
      : null,
    authors,
    language: lang ? { value: lang.toLowerCase().split('-')[0] as string, via: 'html:lang', confidence: 0.7 } : null,
    canonicalUrl: meta['og:url'] ?? url ?? null,
    body: blocks.join('\n\n'),
    removed: content.removed,
  };
}

function readMeta(nodes: AnyNode[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const el of getElementsByTagName('meta', nodes, true)) {
    const key = (getAttributeValue(el, 'property') ?? getAttributeValue(el, 'name') ?? '').toLowerCase();
    const content = getAttributeValue(el, 'content')?.trim();
    if (key && content && !(key in out)) out[key] = content;
  }
  return out;
}

interface JsonLdFacts {
  headline?: string;
  datePublished?: string;
  publisher?: string;
  authors: string[];
}

function readJsonLd(nodes: AnyNode[]): JsonLdFacts {
  const facts: JsonLdFacts = { authors: [] };
  for (const el of getElementsByTagName('script', nodes, true)) {
    if (getAttributeValue(el, 'type') !== 'application/ld+json') continue;
    let data: unknown;
    try {
      data = JSON.parse(textContent(el));
    } catch {
      continue;
    }
    const items = (Array.isArray(data) ? data : [data]).flatMap((d) =>
      d && typeof d === 'object' && '@graph' in d ? (d as { '@graph': unknown[] })['@graph'] : [d],
    );
    for (const item of items as Array<Record<string, unknown>>) {
      if (!item || typeof item !== 'object' || !/Article|Posting|Report/.test(String(item['@type']))) continue;
      facts.headline ??= typeof item.headline === 'string' ? item.headline : undefined;
      facts.datePublished ??= typeof item.datePublished === 'string' ? item.datePublished : undefined;
      const publisher = item.publisher as { name?: unknown } | undefined;
      facts.publisher ??= typeof publisher?.name === 'string' ? publisher.name : undefined;
      const authors = Array.isArray(item.author) ? item.author : item.author ? [item.author] : [];
      for (const a of authors) {
        const name = typeof a === 'string' ? a : (a as { name?: unknown })?.name;
        if (typeof name === 'string' && name.trim()) facts.authors.push(name.trim());
      }
    }
  }
  return facts;
}

function textOf(node: AnyNode | undefined): string | undefined {
  if (!node) return undefined;
  const text = textContent(node).replace(/\s+/g, ' ').trim();
  return text || undefined;
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return undefined;
  }
}

/**
 * HTML pages to `Extracted`: a guarded parse (size cap, depth guard), then
 * metadata (`metadata.ts`) and main content (`html-content.ts`) from the same
 * htmlparser2/domhandler tree.
 */
import { parseDocument } from 'htmlparser2';
import type { Extracted, Found, RemovedPart } from '../types.js';
import { type ContentAttempt, extractContent } from './html-content.js';
import { limitDepth } from './html-depth.js';
import { extractMetadata } from './metadata.js';

/** Options of HTML extraction. */
export interface HtmlOptions {
  /** Characters of HTML read; the rest is cut off and reported in `removed`. @default 32_000_000 */
  maxChars: number;
  /** Element nesting beyond this depth is flattened (text kept) before parsing. @default 400 */
  maxDepth: number;
  /**
   * Start tags read; the page is cut before the next one and the cut reported
   * in `removed`. Each element costs hundreds of bytes parsed: 400,000 `<p>`s
   * in 10 MB took 750 MB. Real pages have a few thousand. @default 100_000
   */
  maxElements: number;
}

/** @internal the defaults of `HtmlOptions`. */
export const HTML_DEFAULTS: Readonly<HtmlOptions> = Object.freeze({
  maxChars: 32_000_000,
  maxDepth: 400,
  maxElements: 100_000,
});

/** Everything HTML extraction finds: the shared `Extracted` fields and what only pages carry. */
export interface HtmlExtraction extends Omit<Extracted, 'tags'> {
  /** Last modified date, as stated. */
  modified: Found<string> | null;
  /** The authors with where they were found. */
  authorsFound: Found<string[]> | null;
  section: Found<string> | null;
  tags: Found<string[]> | null;
  /** The language the page declares; `language` is left to detection in `extract`. */
  declaredLanguage: Found<string> | null;
  /** The fallback ladder's steps, as tried. */
  attempts: ContentAttempt[];
}

/** Extracts metadata and main content from one HTML page. Never throws on bad markup. */
export function extractHtml(html: string, url?: string, options: Partial<HtmlOptions> = {}): HtmlExtraction {
  const opts = { ...HTML_DEFAULTS, ...options };
  const removed: RemovedPart[] = [];
  let input = html;
  if (input.length > opts.maxChars) {
    removed.push({
      text: `${input.length - opts.maxChars} characters after the first ${opts.maxChars}`,
      reason: 'too-large',
    });
    input = input.slice(0, opts.maxChars);
  }
  const limited = limitDepth(input, opts.maxDepth);
  if (limited.removedTags > 0) {
    removed.push({ text: `${limited.removedTags} tags nested deeper than ${opts.maxDepth}`, reason: 'too-deep' });
  }
  // counted after flattening: tags removed for depth make no elements
  let page = limited.html;
  const cut = nthStartTag(page, opts.maxElements + 1);
  if (cut >= 0) {
    removed.push({
      text: `${page.length - cut} characters after the first ${opts.maxElements} tags`,
      reason: 'too-large',
    });
    page = page.slice(0, cut);
  }
  const doc = parseDocument(page, { decodeEntities: true });
  const meta = extractMetadata(doc, url);
  const content = extractContent(doc, { title: meta.title?.value });
  return {
    title: meta.title,
    outlet: meta.outlet,
    published: meta.published,
    authors: meta.authors?.value ?? [],
    language: meta.declaredLanguage,
    canonicalUrl: meta.canonicalUrl?.value ?? url ?? null,
    body: content.blocks.join('\n\n'),
    removed: [...removed, ...content.removed],
    modified: meta.modified,
    authorsFound: meta.authors,
    section: meta.section,
    tags: meta.tags,
    declaredLanguage: meta.declaredLanguage,
    attempts: content.attempts,
  };
}

/** Where the `n`-th start tag (`<` then a letter) begins, or -1 when there are fewer; linear. */
function nthStartTag(html: string, n: number): number {
  let seen = 0;
  for (let at = html.indexOf('<'); at !== -1; at = html.indexOf('<', at + 1)) {
    const c = html.charCodeAt(at + 1) | 0x20;
    if (c >= 0x61 && c <= 0x7a && ++seen === n) return at;
  }
  return -1;
}

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
}

/** @internal the defaults of `HtmlOptions`. */
export const HTML_DEFAULTS: Readonly<HtmlOptions> = Object.freeze({ maxChars: 32_000_000, maxDepth: 400 });

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
  const doc = parseDocument(limited.html, { decodeEntities: true });
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

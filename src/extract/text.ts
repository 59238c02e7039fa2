import type { Extracted, Found, RemovedPart } from '../types.js';
import { normalizeDate } from './dates.js';

/**
 * Extraction from scraped plain text: paragraphs, a title line when there is
 * one, a `Source:` line as the outlet, a date line as the published date.
 * Furniture removal here is deliberately basic (named rules below); the
 * extraction issue deepens it.
 */
export function extractText(content: string): Extracted {
  const removed: RemovedPart[] = [];
  let blocks = splitBlocks(content);
  let outlet: Found<string> | null = null;
  let published: Extracted['published'] = null;
  let title: Found<string> | null = null;

  const kept: string[] = [];
  for (const block of blocks) {
    const rule = LINE_RULES.find((r) => r.pattern.test(block));
    if (rule) {
      removed.push({ text: block, reason: rule.reason });
      const m = rule.pattern.exec(block);
      if (rule.reason === 'source-line' && m?.[1] && !outlet)
        outlet = { value: m[1].trim(), via: 'text:source-line', confidence: 0.8 };
      continue;
    }
    if (!published && block.length < 60) {
      const date = DATE_LINE.test(block) ? normalizeDate(block) : null;
      if (date) {
        published = { value: date.iso, via: 'text:date-line', confidence: 0.8 };
        removed.push({ text: block, reason: 'date-line' });
        continue;
      }
    }
    kept.push(block);
  }
  blocks = kept;

  const first = blocks[0];
  if (first !== undefined && blocks.length > 1 && looksLikeTitle(first)) {
    title = { value: first, via: 'text:first-line', confidence: 0.7 };
    blocks = blocks.slice(1);
    // scrapers often repeat the title (with other quote marks) as the next line
    while (blocks[0] !== undefined && sameText(blocks[0], first)) {
      removed.push({ text: blocks[0], reason: 'title-repeat' });
      blocks = blocks.slice(1);
    }
  }
  return {
    title,
    outlet,
    published,
    authors: [],
    language: null,
    canonicalUrl: null,
    body: blocks.join('\n\n'),
    removed,
  };
}

/** Paragraphs: blank-line separated when the text has blank lines, else one a line. */
export function splitBlocks(content: string): string[] {
  const text = content.replace(/\r\n?/g, '\n');
  const separator = /\n[ \t]*\n/.test(text) ? /\n[ \t]*\n+/ : /\n/;
  return text
    .split(separator)
    .map((b) =>
      b
        .replace(/[ \t]*\n[ \t]*/g, ' ')
        .replace(/[ \t\u00a0]+/g, ' ')
        .trim(),
    )
    .filter((b) => b !== '');
}

/** Whole lines that are page furniture, each with the reason recorded in `removed`. */
const LINE_RULES: ReadonlyArray<{ reason: string; pattern: RegExp }> = [
  { reason: 'source-line', pattern: /^Source:\s*(.{2,60})$/i },
  {
    reason: 'comment-prompt',
    pattern: /^(?:Please enter your (?:comment|name here)|Leave a (?:comment|reply)|Post a comment)\b.{0,40}$/i,
  },
  { reason: 'donation', pattern: /^[\d,.]+\s*[$€£]$|^[$€£]\s*[\d,.]+$/ },
  { reason: 'navigation', pattern: /^(?:clear|menu|home|skip to content|search)$/i },
  {
    reason: 'share-prompt',
    pattern: /^(?:Like this story\? Share it with a friend!|Share this article|Share on \w+)$/i,
  },
  { reason: 'support-prompt', pattern: /^Do you like this content\? Consider helping us!$/i },
  { reason: 'image-prompt', pattern: /^Click to see full-size image$/i },
];

/** A line that is only a date, optionally with a time: `February 17, 2020 at 3:45 pm`. */
const DATE_LINE =
  /^(?:\w+,?\s+)?(?:\d{1,2}\s+)?[A-Z][a-z]+\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}(?:\s*(?:at|,|-)?\s*\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)?$|^\d{4}-\d{2}-\d{2}(?:[T ][\d:]+)?$/i;

/** A title is one short line without a sentence-ending period. */
function looksLikeTitle(line: string): boolean {
  return line.length <= 250 && !/[.!]$/.test(line) && line.split(/\s+/).length >= 3;
}

function sameText(a: string, b: string): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
  return norm(a) === norm(b);
}

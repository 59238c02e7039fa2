/**
 * Scraped text to paragraphs. Scrapers flatten pages two ways: one paragraph
 * a line (with or without blank lines between), or hard-wrapped at a fixed
 * width with blank lines between paragraphs. A block of lines is unwrapped
 * only when it shows the wrapped shape; otherwise each line is a paragraph, so
 * short furniture lines never get glued to the body.
 */
import { LIST_ITEM } from './text-rules.js';
import { endsSentence } from './text-shape.js';

/** How a hard-wrapped block is recognised. */
const WRAP = Object.freeze({
  /** Narrower blocks are lists of short lines, not wrapped prose. */
  minWidth: 40,
  /** Wider lines were never wrapped. */
  maxWidth: 110,
  /** A line at least this share of the block's width was broken by the wrapper, not by the author. */
  fullRatio: 0.7,
  /** Fewer full-width lines than this are too little evidence of wrapping. */
  minFullLines: 2,
});

const NEWLINES = /\r\n?|[\u2028\u2029\v\f\u0085]/g;
/** Runs of spaces, tabs, no-break and other Unicode spaces inside a line. */
const SPACES = /[^\S\n]+/g;
/** Anything SPACES would change; most lines have none, and testing is cheaper than replacing. */
const ODD_SPACE = /[^\S \n]| {2}/;
/** Invisible characters that only get in the way of matching (BOM, zero-width space). */
const INVISIBLE = /[\ufeff\u200b]/g;
const LOWER_START = /^\p{Ll}/u;

/** Paragraphs of scraped text: each a trimmed line with single spaces, hard wrapping undone. */
export function splitBlocks(content: string): string[] {
  const lines = content.replace(NEWLINES, '\n').replace(INVISIBLE, '').split('\n');
  const blocks: string[][] = [];
  let block: string[] = [];
  for (const raw of lines) {
    const line = (ODD_SPACE.test(raw) ? raw.replace(SPACES, ' ') : raw).trim();
    if (line !== '') {
      block.push(line);
      continue;
    }
    if (block.length > 0) blocks.push(block);
    block = [];
  }
  if (block.length > 0) blocks.push(block);
  const width = wrapWidth(blocks);
  const out: string[] = [];
  for (const b of blocks) {
    if (width === 0 || b.length === 1) for (const line of b) out.push(line);
    else unwrapBlock(b, width, out);
  }
  return out;
}

/** Pushes the block's paragraphs to `out`, joining each full-width line to the next. */
function unwrapBlock(lines: string[], width: number, out: string[]): void {
  const full = width * WRAP.fullRatio;
  let current = lines[0]!;
  for (let i = 1; i < lines.length; i++) {
    const prev = lines[i - 1]!;
    const next = lines[i]!;
    if (prev.length >= full && !LIST_ITEM.test(next)) {
      // a word broken at the wrap keeps its hyphen and loses the space
      current += prev.endsWith('-') && LOWER_START.test(next) ? next : ` ${next}`;
    } else {
      out.push(current);
      current = next;
    }
  }
  out.push(current);
}

/**
 * The width the text was hard-wrapped at, or 0 when it was not: the widest
 * line is narrow, and most full-width lines (not last in their block) end
 * mid-sentence, so the line breaks are the wrapper's, not the author's.
 */
function wrapWidth(blocks: string[][]): number {
  let width = 0;
  for (const b of blocks) for (const line of b) if (line.length > width) width = line.length;
  if (width < WRAP.minWidth || width > WRAP.maxWidth) return 0;
  let full = 0;
  let open = 0;
  for (const b of blocks) {
    for (let i = 0; i < b.length - 1; i++) {
      const line = b[i]!;
      if (line.length < width * WRAP.fullRatio) continue;
      full++;
      if (!endsSentence(line)) open++;
    }
  }
  return full >= WRAP.minFullLines && open * 2 > full ? width : 0;
}

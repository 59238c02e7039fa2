/**
 * Quotation-mark spans of a body: one pass over the characters pairing
 * opening and closing marks (curly, straight, guillemets, single), paragraph
 * aware. A quote left open at the end of a paragraph continues when the next
 * paragraph opens with a mark (the newspaper convention for multi-paragraph
 * quotes) or when a later paragraph, within `BLOCK_PARAGRAPHS`, closes it
 * without opening (a block-quoted statement); otherwise it ends with its
 * paragraph. Linear in the body: each paragraph is looked ahead into by at
 * most `BLOCK_PARAGRAPHS` earlier ones.
 */
import type { Span } from '../types.js';

/** A pair of quotation marks: `start` is the opening mark, `end` is just past the closing mark. */
export interface MarkSpan extends Span {
  /** True when no closing mark was found and the span ends with its paragraph. */
  open: boolean;
}

/** How far a quote left open may run without opening marks before it is taken as ended. */
const BLOCK_PARAGRAPHS = 8;

/** Opening marks and the closing marks that end them. Reason: the marks news text uses. */
const PAIRS: ReadonlyMap<string, string> = new Map([
  ['“', '”'],
  ['„', '“”'],
  ['«', '»'],
  ['"', '"'],
  ['‘', '’'],
  ["'", "'"],
]);
/** Longest single-quoted span looked for: an unpaired apostrophe-like mark must not cost a scan to the paragraph end. */
const SINGLE_WINDOW = 300;
const CLOSERS = new Set(['”', '»']);
const SINGLE = new Set(['‘', "'", '’']);

/** Whether a character code may open a quotation (a key of `PAIRS`, or `'` doubled): the scan skips every other character by its code. */
const mayOpen = (c: number) => c === 34 || c === 39 || c === 0xab || c === 0x2018 || c === 0x201c || c === 0x201e;
/** Whether a character code may close a quotation (a closer in `PAIRS`). */
const mayClose = (c: number) => c === 34 || c === 39 || c === 0xbb || c === 0x2019 || c === 0x201c || c === 0x201d;

const isLetter = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);
const isSpace = (c: string | undefined) => c === undefined || /\s/.test(c);

/** Paragraphs as `[start, end)` ranges: lines with text (a blank line or a newline ends one). */
export function paragraphs(body: string): Span[] {
  const out: Span[] = [];
  let start = 0;
  for (let i = 0; i <= body.length; i++) {
    if (i === body.length || body.charCodeAt(i) === 10) {
      let s = start;
      let e = i;
      while (s < e && isSpace(body[s])) s++;
      while (e > s && isSpace(body[e - 1])) e--;
      if (e > s) out.push({ start: s, end: e });
      start = i + 1;
    }
  }
  return out;
}

/** An opening single quote: not an apostrophe inside or after a word. */
const opensSingle = (body: string, i: number) => !isLetter(body[i - 1]) && isLetter(body[i + 1]);
/** A closing single quote: after a word or punctuation, not followed by a letter (`Turks’ ` is ambiguous and taken as closing). */
const closesSingle = (body: string, i: number) => !isSpace(body[i - 1]) && !isLetter(body[i + 1]);

/** Finds quotation-mark spans in order. Never throws; linear time. */
export function findMarkSpans(body: string, paras: readonly Span[] = paragraphs(body)): MarkSpan[] {
  const out: MarkSpan[] = [];
  let p = 0;
  while (p < paras.length) {
    const para = paras[p] as Span;
    let i = para.start;
    let nextPara = p + 1;
    while (i < para.end) {
      if (!mayOpen(body.charCodeAt(i))) {
        i++;
        continue;
      }
      const c = body[i] as string;
      if (c === "'" && body[i + 1] === "'") {
        // a doubled apostrophe is a double quotation mark (wire and archive text: ''We need it,'' she said)
        const found = doubledSpan(body, paras, p, i);
        out.push({ start: i, end: found.end, open: found.open });
        i = found.end;
        if (found.para > p) {
          nextPara = found.para + 1;
          p = found.para;
          break;
        }
        continue;
      }
      const closers = PAIRS.get(c);
      if (closers === undefined || (SINGLE.has(c) && !opensSingle(body, i)) || (c === '"' && isLetter(body[i - 1]))) {
        i++;
        continue;
      }
      const start = i;
      let j = i + 1;
      let end = -1;
      const limit = SINGLE.has(c) ? Math.min(para.end, i + SINGLE_WINDOW) : para.end;
      for (; j < limit; j++) {
        if (!mayClose(body.charCodeAt(j))) continue;
        const d = body[j] as string;
        if (!closers.includes(d)) continue;
        if (SINGLE.has(d) && !closesSingle(body, j)) continue;
        end = j + 1;
        break;
      }
      if (end < 0 && !SINGLE.has(c)) {
        // open at the end of the paragraph: a continued or block quote?
        const found = continuation(body, paras, p, closers);
        if (found) {
          out.push({ start, end: found.end, open: false });
          nextPara = found.para + 1;
          i = para.end;
          p = found.para;
          break;
        }
      }
      if (end < 0) {
        if (SINGLE.has(c)) {
          i++;
          continue;
        }
        out.push({ start, end: para.end, open: true });
        i = para.end;
        break;
      }
      out.push({ start, end, open: false });
      i = end;
    }
    p = Math.max(p + 1, nextPara);
  }
  return out;
}

/**
 * A quotation opened by a doubled apostrophe at `i` in paragraph `p`: it ends
 * at the next doubled apostrophe of the paragraph; left open, it continues into
 * a following paragraph that opens with one again (the multi-paragraph
 * convention), else it ends with its paragraph.
 */
function doubledSpan(
  body: string,
  paras: readonly Span[],
  p: number,
  i: number,
): { end: number; open: boolean; para: number } {
  for (let q = p; q < paras.length && q <= p + BLOCK_PARAGRAPHS; q++) {
    const para = paras[q] as Span;
    const from = q === p ? i + 2 : para.start + (body.startsWith("''", para.start) ? 2 : 0);
    if (q > p && !body.startsWith("''", para.start)) break;
    for (let j = from; j + 1 < para.end; j++)
      if (body.charCodeAt(j) === 39 && body.charCodeAt(j + 1) === 39) return { end: j + 2, open: false, para: q };
  }
  return { end: (paras[p] as Span).end, open: true, para: p };
}

/**
 * Where a quote left open in paragraph `p` ends: in a later paragraph that
 * closes without opening, passing over paragraphs that open again (the
 * newspaper convention) or hold no mark at all (a block quote).
 */
function continuation(
  body: string,
  paras: readonly Span[],
  p: number,
  closers: string,
): { para: number; end: number } | null {
  for (let q = p + 1; q < paras.length && q <= p + BLOCK_PARAGRAPHS; q++) {
    const para = paras[q] as Span;
    let i = para.start;
    const opensAgain = PAIRS.has(body[i] as string) && !SINGLE.has(body[i] as string);
    if (opensAgain) i++;
    let closedAt = -1;
    let opened = false;
    for (; i < para.end; i++) {
      const code = body.charCodeAt(i);
      if (!mayOpen(code) && !mayClose(code)) continue;
      const d = body[i] as string;
      if (closers.includes(d) && (CLOSERS.has(d) || opensAgain)) {
        closedAt = i + 1;
        break;
      }
      if (PAIRS.has(d) && !SINGLE.has(d)) {
        opened = true;
        break;
      }
    }
    if (opened) return null;
    if (closedAt >= 0) {
      // the close must end the quote's text: what follows is attribution or nothing
      return { para: q, end: closedAt };
    }
    if (!opensAgain && !CLOSERS.has(closers[0] as string) && closers !== '“”') return null;
  }
  return null;
}

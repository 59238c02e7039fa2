/**
 * When each quote was said: the time expression of its attribution
 * (`Lavrov said on Tuesday that ...`, `..., Erdogan said Friday.`,
 * `In February, Akar suggested ...`), resolved against the article's date by
 * the time layer (`times.ts`); else the article's date, marked as such.
 *
 * A time expression belongs to a quote's attribution when it lies in the
 * sentence of the quote's cue, outside the quote's content (a date inside
 * the content is what the statement is about, not when it was made) and
 * outside quotation marks; the one nearest the cue wins. A quote without a
 * cue that continues the previous quote's speaker takes that quote's date.
 */
import type { Quote, QuoteDate, Span, TimeExpression } from '../types.js';
import type { Tokens } from './tokenize.js';

/** What the dating reads besides the quotes. */
export interface DateContext {
  t: Tokens;
  /** Time expressions of the body, in order. */
  times: readonly TimeExpression[];
  /** The article's reference date (published, else estimated), or null. */
  reference: string | null;
  /** True when a body offset lies inside a quotation. */
  quoted: (pos: number) => boolean;
}

/** The sentence span `[start, end)` in body offsets around offset `pos`. */
function sentenceAt(t: Tokens, pos: number): Span | null {
  let lo = 0;
  let hi = t.sentences;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (t.ends[t.sentEnds[mid]! - 1]! <= pos) lo = mid + 1;
    else hi = mid;
  }
  if (lo >= t.sentences) return null;
  return { start: t.starts[t.sentStarts[lo]!]!, end: t.ends[t.sentEnds[lo]! - 1]! };
}

/** The date of each quote, in the order given. */
export function dateQuotes(quotes: readonly Quote[], c: DateContext): QuoteDate[] {
  const published: QuoteDate = { value: c.reference, from: 'published', span: null };
  const out: QuoteDate[] = [];
  quotes.forEach((q, k) => {
    if (!q.cue) {
      const prev = out[k - 1];
      out.push(q.via === 'continuation' && prev ? prev : published);
      return;
    }
    const cue = q.cue;
    const sentence = sentenceAt(c.t, cue.start);
    let best: TimeExpression | null = null;
    let bestDistance = Infinity;
    if (sentence) {
      for (const x of c.times) {
        if (x.end <= sentence.start) continue;
        if (x.start >= sentence.end) break;
        if (q.parts.some((p) => x.start < p.end && p.start < x.end) || c.quoted(x.start)) continue;
        const distance = x.end <= cue.start ? cue.start - x.end : Math.max(0, x.start - cue.end);
        if (distance < bestDistance) [best, bestDistance] = [x, distance];
      }
    }
    out.push(
      best
        ? { value: best.value, from: 'text', span: { start: best.start, end: best.end, text: best.text } }
        : published,
    );
  });
  return out;
}

/**
 * Text helpers of the compare stage: the terms framing counts, the content
 * words sentence matching compares, and the sentence around an offset.
 * Pure functions; regexes and tables built once.
 */
import type { Span } from '../types.js';

/** Words: letters and digits, inner hyphens, apostrophes and decimal points kept (`S-400`, `Erdogan's`, `2.5`). */
const WORD = /[\p{L}\p{N}]+(?:[-'’.,][\p{L}\p{N}]+)*/gu;

/** Possessive endings: `Turkey's` and `Turkey’s` count as `turkey`. */
const POSSESSIVE = /['’]s$/;

/**
 * Function words and reporting verbs: they say nothing of how an outlet frames
 * a story (every outlet writes `the` and `said`), so framing and matching skip them.
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being below between both ' +
    'but by can could did do does doing down during each few for from further had has have having he her here hers him ' +
    'his how i if in into is it its itself just me more most my no nor not of off on once only or other our ours out ' +
    'over own same she should so some such than that the their theirs them then there these they this those through to ' +
    'too under until up very was we were what when where which while who whom why will with would you your yours ' +
    "said says say saying told tells according added adding mr ms mrs s t also its it’s it's there’s that’s " +
    'one two may might must shall us’s per via yet ago'
  ).split(' '),
);

/** One word of a text with its offsets. */
export interface Word extends Span {
  /** Lower-cased, possessive stripped. */
  norm: string;
  /** The word as written. */
  text: string;
}

/** The words of `text[start, end)` with body offsets. */
export function wordsIn(text: string, start = 0, end = text.length): Word[] {
  const out: Word[] = [];
  WORD.lastIndex = 0;
  const slice = text.slice(start, end);
  for (let m = WORD.exec(slice); m; m = WORD.exec(slice)) {
    const raw = m[0];
    out.push({ start: start + m.index, end: start + m.index + raw.length, text: raw, norm: normWord(raw) });
  }
  return out;
}

/** Lower case without a possessive ending. */
export function normWord(raw: string): string {
  return raw.toLowerCase().replace(POSSESSIVE, '');
}

/** A word worth counting as a framing term: not a function word, not a bare number, two letters at least. */
export function isContentWord(norm: string): boolean {
  return norm.length > 1 && !STOPWORDS.has(norm) && /\p{L}/u.test(norm);
}

/**
 * A light stem for matching paraphrases (`missiles`/`missile`, `offered`/`offers`):
 * strips one common inflection. Never shown; framing terms keep the words as written.
 */
export function stem(norm: string): string {
  if (norm.length > 5 && norm.endsWith('ing')) return norm.slice(0, -3);
  if (norm.length > 4 && norm.endsWith('ed')) return norm.slice(0, -2);
  if (norm.length > 4 && norm.endsWith('ies')) return `${norm.slice(0, -3)}y`;
  if (norm.length > 3 && norm.endsWith('s') && !norm.endsWith('ss')) return norm.slice(0, -1);
  return norm;
}

/**
 * Framing terms of a span: content unigrams and bigrams of adjacent content
 * words, each with the offset where it starts (bigrams never cross a function word).
 */
export function termsIn(text: string, start: number, end: number): Array<{ term: string; start: number }> {
  return termsOf(text, wordsIn(text, start, end));
}

/** `termsIn` over words already split from `text`. */
export function termsOf(text: string, words: readonly Word[]): Array<{ term: string; start: number }> {
  const out: Array<{ term: string; start: number }> = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as Word;
    if (!isContentWord(w.norm)) continue;
    out.push({ term: w.norm, start: w.start });
    const next = words[i + 1];
    // adjacent in the text: no punctuation between (a comma or full stop breaks the phrase)
    if (next && isContentWord(next.norm) && /^\s+$/.test(text.slice(w.end, next.start))) {
      out.push({ term: `${w.norm} ${next.norm}`, start: w.start });
    }
  }
  return out;
}

/** Stemmed content words of a span, as a set: what sentence matching compares. */
export function contentStems(text: string, start: number, end: number): Set<string> {
  return stemsOf(wordsIn(text, start, end));
}

/** `contentStems` over words already split. */
export function stemsOf(words: readonly Word[]): Set<string> {
  const out = new Set<string>();
  for (const w of words) if (isContentWord(w.norm) || /\d/.test(w.norm)) out.add(stem(w.norm));
  return out;
}

/** Index of the sentence holding `offset` (binary search over sorted sentences), -1 when none does. */
export function sentenceAt(sentences: readonly Span[], offset: number): number {
  let lo = 0;
  let hi = sentences.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = sentences[mid] as Span;
    if (offset < s.start) hi = mid - 1;
    else if (offset >= s.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/** Weighted Dice overlap of two sets: 2·Σ w(shared) / (Σ w(a) + Σ w(b)), 0 when either is empty. */
export function weightedDice(a: ReadonlySet<string>, b: ReadonlySet<string>, weight: (t: string) => number): number {
  let shared = 0;
  let wa = 0;
  let wb = 0;
  for (const t of a) {
    const w = weight(t);
    wa += w;
    if (b.has(t)) shared += w;
  }
  for (const t of b) wb += weight(t);
  return wa + wb === 0 ? 0 : (2 * shared) / (wa + wb);
}

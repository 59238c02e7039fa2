/**
 * Tokens and sentences of an article body, as columns of offsets (wink-nlp's
 * layout): `starts[i]`/`ends[i]` are UTF-16 offsets into the body, `end`
 * exclusive. One pass over the characters, no regex in the loop, so the time
 * is linear in the body whatever it holds.
 */

/** Kinds of token, stored in `Tokens.kinds`. */
export const KIND = { word: 0, number: 1, punct: 2, symbol: 3 } as const;

/** The token layer of one text. */
export interface Tokens {
  readonly text: string;
  readonly length: number;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** One of `KIND`. */
  readonly kinds: Uint8Array;
  /** Sentences as token index ranges: `sentStarts[s]` inclusive, `sentEnds[s]` exclusive. */
  readonly sentStarts: Int32Array;
  readonly sentEnds: Int32Array;
  readonly sentences: number;
}

/** The text of token `i`. */
export const tokenText = (t: Tokens, i: number): string => t.text.slice(t.starts[i], t.ends[i]);

/**
 * Abbreviations whose period belongs to the word and never ends a sentence
 * (titles before a name, month and unit abbreviations before a number).
 * Lower case, without the period.
 */
const ABBREVIATIONS_INSIDE = new Set([
  // titles and ranks: followed by a name
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'gen',
  'lt',
  'col',
  'maj',
  'capt',
  'cmdr',
  'adm',
  'sgt',
  'cpl',
  'pvt',
  'gov',
  'sen',
  'rep',
  'rev',
  'fr',
  'sr',
  'jr',
  'st',
  'mt',
  'ft',
  'pres',
  'supt',
  'insp',
  'hon',
  'amb',
  'messrs',
  'brig',
  // before a name or a phrase
  'ed',
  'est',
  'approx',
  'vs',
  'v',
  'cf',
  'ca',
  // months, before a day number
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  // company forms and common shortenings that sit mid-sentence
  'inc',
  'corp',
  'co',
  'ltd',
  'bros',
  'dept',
  'univ',
  'assn',
  'ave',
  'blvd',
  'rd',
  'etc',
  'al',
  'e.g',
  'i.e',
]);

/** Abbreviations only before a number (`No. 5`, `p. 12`): elsewhere `no.` is the word "no" ending a sentence. */
const ABBREVIATIONS_BEFORE_NUMBER = new Set(['no', 'nos', 'vol', 'art', 'fig', 'p', 'pp', 'sec', 'ch', 'op']);

/** Abbreviations that can end a sentence when a typical sentence opener follows (`the U.S. The ...`). */
const SENTENCE_OPENERS = new Set([
  'the',
  'a',
  'an',
  'he',
  'she',
  'it',
  'they',
  'we',
  'i',
  'this',
  'that',
  'these',
  'those',
  'but',
  'and',
  'in',
  'on',
  'at',
  'for',
  'his',
  'her',
  'their',
  'its',
  'our',
  'there',
  'however',
  'meanwhile',
  'after',
  'as',
  'if',
  'when',
  'while',
  'some',
  'many',
  'most',
  'according',
  'also',
  'since',
  'earlier',
  'later',
  'last',
  'so',
]);

/** Characters that are punctuation outside ASCII (typographic quotes, dashes, ellipsis, guillemets). */
const UNICODE_PUNCT = new Set([
  0x2018, 0x2019, 0x201a, 0x201b, 0x201c, 0x201d, 0x201e, 0x201f, 0x00ab, 0x00bb, 0x2039, 0x203a, 0x2010, 0x2011,
  0x2012, 0x2013, 0x2014, 0x2015, 0x2026, 0x2022, 0x00b7, 0x00a1, 0x00bf, 0x3001, 0x3002, 0xff0c, 0xff0e, 0x00a7,
  0x00b6, 0x2032, 0x2033,
]);
/** Currency and other symbols that stand alone as tokens. */
const SYMBOLS = new Set([0x24, 0x25, 0x26, 0x2b, 0x3d, 0x40, 0x23, 0xa3, 0xa5, 0x20ac, 0x20bd, 0x20ba, 0x20b9, 0xb0]);
/** Closing marks that stay with the sentence they follow: quotes and brackets. */
const CLOSERS = new Set([0x22, 0x27, 0x29, 0x5d, 0x7d, 0x2019, 0x201d, 0x00bb, 0x203a]);
const SENTENCE_END = new Set([0x2e, 0x21, 0x3f, 0x2026, 0x3002]);

const C_SPACE = 0;
const C_LETTER = 1;
const C_DIGIT = 2;
const C_PUNCT = 3;
const C_SYMBOL = 4;

function charClass(c: number): number {
  if (c < 128) {
    if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) return C_LETTER;
    if (c >= 48 && c <= 57) return C_DIGIT;
    if (c <= 32 || c === 127) return C_SPACE;
    return SYMBOLS.has(c) ? C_SYMBOL : C_PUNCT;
  }
  if (c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200b) || c === 0x2028 || c === 0x2029) return C_SPACE;
  if (c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff || c === 0x85) return C_SPACE;
  if (UNICODE_PUNCT.has(c)) return C_PUNCT;
  if (SYMBOLS.has(c)) return C_SYMBOL;
  // letters of every script, marks, emoji (both halves of a surrogate pair) stay inside words
  return C_LETTER;
}

const isAlnum = (k: number) => k === C_LETTER || k === C_DIGIT;
const isApostrophe = (c: number) => c === 0x27 || c === 0x2019;
const isHyphen = (c: number) => c === 0x2d || c === 0x2010 || c === 0x2011;

/** Splits text into tokens and sentences. Never throws; linear time. */
export function tokenize(text: string): Tokens {
  const n = text.length;
  let cap = Math.max(16, n >> 2);
  let starts = new Int32Array(cap);
  let ends = new Int32Array(cap);
  let kinds = new Uint8Array(cap);
  let count = 0;
  const push = (s: number, e: number, k: number) => {
    if (count === cap) {
      cap *= 2;
      const ns = new Int32Array(cap);
      ns.set(starts);
      starts = ns;
      const ne = new Int32Array(cap);
      ne.set(ends);
      ends = ne;
      const nk = new Uint8Array(cap);
      nk.set(kinds);
      kinds = nk;
    }
    starts[count] = s;
    ends[count] = e;
    kinds[count] = k;
    count++;
  };

  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    const k = charClass(c);
    if (k === C_SPACE) {
      i++;
      continue;
    }
    if (k === C_SYMBOL) {
      push(i, i + 1, KIND.symbol);
      i++;
      continue;
    }
    if (k === C_PUNCT) {
      // runs of the same mark are one token: "...", "--", "!!", "''"
      let j = i + 1;
      if (c === 0x2e || c === 0x2d || c === 0x21 || c === 0x3f) while (j < n && text.charCodeAt(j) === c) j++;
      push(i, j, KIND.punct);
      i = j;
      continue;
    }
    // a word or number: letters/digits joined by inner periods, hyphens, apostrophes, digit-group commas
    const start = i;
    let digits = 0;
    let letters = 0;
    let innerDots = 0;
    let possessive = -1;
    while (i < n) {
      const ch = text.charCodeAt(i);
      const kk = charClass(ch);
      if (kk === C_LETTER) {
        letters++;
        i++;
        continue;
      }
      if (kk === C_DIGIT) {
        digits++;
        i++;
        continue;
      }
      if (i + 1 >= n) break;
      const next = text.charCodeAt(i + 1);
      const nk = charClass(next);
      if (ch === 0x2e && isAlnum(nk)) {
        // only dots between letters make an acronym (U.S.); 2.5 is a decimal, and "2.5." ends a sentence
        if (nk === C_LETTER && charClass(text.charCodeAt(i - 1)) === C_LETTER) innerDots++;
        i++;
        continue;
      }
      if (isHyphen(ch) && isAlnum(nk)) {
        i++;
        continue;
      }
      if (ch === 0x2c && nk === C_DIGIT && digits > 0 && isDigitGroup(text, i + 1)) {
        i++;
        continue;
      }
      if (isApostrophe(ch) && nk === C_LETTER && letters > 0) {
        // the possessive 's is its own token (as in GUM and Penn Treebank); O'Brien and don't stay whole
        const after = i + 2 < n ? charClass(text.charCodeAt(i + 2)) : C_SPACE;
        if ((next === 0x73 || next === 0x53) && !isAlnum(after)) {
          possessive = i;
          break;
        }
        i++;
        continue;
      }
      break;
    }
    // a trailing period belongs to abbreviations, initials and dotted acronyms
    if (i < n && text.charCodeAt(i) === 0x2e && !(i + 1 < n && text.charCodeAt(i + 1) === 0x2e)) {
      const word = text.slice(start, i);
      const lower = word.toLowerCase();
      if (
        innerDots > 0 ||
        (letters === 1 && digits === 0 && !ABBREVIATIONS_BEFORE_NUMBER.has(lower)) ||
        ABBREVIATIONS_INSIDE.has(lower) ||
        (ABBREVIATIONS_BEFORE_NUMBER.has(lower) && digitFollows(text, i + 1))
      )
        i++;
    }
    push(start, i, letters === 0 && digits > 0 ? KIND.number : KIND.word);
    if (i === start) i++; // unreachable guard: never loop in place
    if (possessive === i) {
      push(i, i + 2, KIND.word);
      i += 2;
    }
  }

  const { sentStarts, sentEnds, sentences } = splitSentences(text, starts, ends, count);
  return {
    text,
    length: count,
    starts: starts.subarray(0, count),
    ends: ends.subarray(0, count),
    kinds: kinds.subarray(0, count),
    sentStarts,
    sentEnds,
    sentences,
  };
}

/** True when a digit follows after at most one space. */
function digitFollows(text: string, i: number): boolean {
  const c = text.charCodeAt(i) === 32 ? text.charCodeAt(i + 1) : text.charCodeAt(i);
  return c >= 48 && c <= 57;
}

/** True when three digits and then a non-digit start at `i` (`2,500` but not `2,50`). */
function isDigitGroup(text: string, i: number): boolean {
  for (let j = i; j < i + 3; j++) {
    const c = text.charCodeAt(j);
    if (!(c >= 48 && c <= 57)) return false;
  }
  const after = text.charCodeAt(i + 3);
  return !(after >= 48 && after <= 57);
}

function splitSentences(
  text: string,
  starts: Int32Array,
  ends: Int32Array,
  count: number,
): { sentStarts: Int32Array; sentEnds: Int32Array; sentences: number } {
  const bounds: number[] = [];
  let first = 0;
  for (let t = 0; t < count; t++) {
    const s = starts[t] as number;
    const e = ends[t] as number;
    if (t > first && hasNewline(text, ends[t - 1] as number, s)) {
      bounds.push(first, t);
      first = t;
    }
    const last = text.charCodeAt(e - 1);
    let boundary = false;
    if (SENTENCE_END.has(last)) {
      if (e - s === 1 || text.charCodeAt(s) === last) boundary = !startsLower(text, starts, ends, t + 1, count);
      else boundary = abbreviationEnds(text, starts, ends, t, count);
    }
    if (!boundary) continue;
    // closing quotes and brackets right after the end mark stay in this sentence
    let end = t + 1;
    while (end < count && (starts[end] as number) === (ends[end - 1] as number)) {
      const c = text.charCodeAt(starts[end] as number);
      if (!CLOSERS.has(c) && !SENTENCE_END.has(c)) break;
      end++;
    }
    bounds.push(first, end);
    first = end;
    t = end - 1;
  }
  if (first < count) bounds.push(first, count);
  const sentences = bounds.length / 2;
  const sentStarts = new Int32Array(sentences);
  const sentEnds = new Int32Array(sentences);
  for (let s = 0; s < sentences; s++) {
    sentStarts[s] = bounds[2 * s] as number;
    sentEnds[s] = bounds[2 * s + 1] as number;
  }
  return { sentStarts, sentEnds, sentences };
}

function hasNewline(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) return true;
  return false;
}

/** True when the next word, past closing quotes and brackets, starts in lower case (`"Yes!" she said`). */
function startsLower(text: string, starts: Int32Array, ends: Int32Array, t: number, count: number): boolean {
  while (
    t < count &&
    (ends[t] as number) - (starts[t] as number) === 1 &&
    CLOSERS.has(text.charCodeAt(starts[t] as number))
  )
    t++;
  if (t >= count) return false;
  const c = text.charCodeAt(starts[t] as number);
  return c >= 97 && c <= 122;
}

/** A word ending in a period (U.S., Gen., J.) ends the sentence only before a typical sentence opener. */
function abbreviationEnds(text: string, starts: Int32Array, ends: Int32Array, t: number, count: number): boolean {
  if (t + 1 >= count) return true;
  const word = text.slice(starts[t], (ends[t] as number) - 1).toLowerCase();
  if (ABBREVIATIONS_INSIDE.has(word) || ABBREVIATIONS_BEFORE_NUMBER.has(word)) return false;
  // initials (J. K. Rowling) never end a sentence
  if (word.length === 1) return false;
  const nextStart = starts[t + 1] as number;
  if (hasNewline(text, ends[t] as number, nextStart)) return true;
  const next = text.slice(nextStart, ends[t + 1]);
  const c = next.charCodeAt(0);
  if (!(c >= 65 && c <= 90)) return false;
  return SENTENCE_OPENERS.has(next.toLowerCase());
}

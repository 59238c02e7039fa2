/**
 * Shape features of one line of scraped text: does it read as a sentence, a
 * headline, a subheading? Pure functions of the line, no state; each runs in
 * time linear in the line.
 */
import { HEADLINE_VERB, STOPWORDS } from './text-rules.js';

const SENTENCE_END = /[.!?…。！？]$/;
const QUESTION_END = /[?!]$/;
const SOFT_END = /[,;:–—-]$/;
/** A stop between two sentences: `…in Idlib. The talks…` (two letters before it skip `U.S. Army`). */
const SENTENCE_BREAK = /[\p{Ll}\p{N}]{2}[.!?]["”’]?\s+["“‘]?\p{Lu}/u;
const STARTS_LIKE_HEADLINE = /^["“‘'«([]?[\p{Lu}\p{N}]/u;
const LETTER_WORD = /[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu;
const CAPITALISED = /^\p{Lu}/u;
const POSSESSIVE = /['’]s$/;

/**
 * How many whitespace-separated words the line has, counting no further than
 * `cap` (callers only ask "more than 30?", so long paragraphs stop early).
 */
export function wordCount(line: string, cap = Number.POSITIVE_INFINITY): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < line.length && n < cap; i++) {
    const space = isSpace(line.charCodeAt(i));
    if (!space && !inWord) n++;
    inWord = !space;
  }
  return n;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0 || (c >= 0x2000 && c <= 0x200a) || c === 0x3000;
}

/** Closing quotes, brackets and stray marks that may follow a sentence's last stop. */
const CLOSERS = new Set([...' \t"\'”’»)]*'].map((ch) => ch.charCodeAt(0)));

/** The line's last significant character, ignoring closing quotes and brackets. */
export function lastMark(line: string): string {
  let i = line.length - 1;
  while (i >= 0 && CLOSERS.has(line.charCodeAt(i))) i--;
  return i >= 0 ? line.charAt(i) : '';
}

/** The line ends as a sentence does (a stop, a question or exclamation mark, an ellipsis). */
export function endsSentence(line: string): boolean {
  return SENTENCE_END.test(lastMark(line));
}

/** The line holds a stop followed by another sentence. */
export function hasSentenceBreak(line: string): boolean {
  return SENTENCE_BREAK.test(line);
}

/**
 * A headline shape: 3–25 words, starting with a capital or number, no stop at
 * the end and no sentence break inside. `allowQuestion` admits a final ? or !
 * (titles may ask; related headlines in a body rarely do, and short body
 * questions must stay).
 */
export function isHeadlineShaped(line: string, allowQuestion = false): boolean {
  if (line.length < 8 || line.length > 220) return false;
  const words = wordCount(line, 26);
  if (words < 3 || words > 25) return false;
  if (!STARTS_LIKE_HEADLINE.test(line)) return false;
  const last = lastMark(line);
  if (SOFT_END.test(last)) return false;
  if (SENTENCE_END.test(last) && !(allowQuestion && QUESTION_END.test(last))) return false;
  return !hasSentenceBreak(line);
}

/**
 * A body paragraph: it ends as a sentence and has some length, or it is long
 * enough that it cannot be a headline whatever its punctuation.
 */
export function isBodyParagraph(line: string): boolean {
  const words = wordCount(line, 31);
  return (endsSentence(line) && words >= 6) || words > 30;
}

/** Share of the line's longer words (4+ letters) that start with a capital: Title Case headlines score high. */
export function titleCaseRatio(line: string): number {
  let long = 0;
  let caps = 0;
  for (const w of line.match(LETTER_WORD) ?? []) {
    if (w.length < 4) continue;
    long++;
    if (CAPITALISED.test(w)) caps++;
  }
  return long === 0 ? 0 : caps / long;
}

/** The line holds a headline verb or modal (`threatens`, `tells`, `must`, `will`). */
export function hasHeadlineVerb(line: string): boolean {
  return HEADLINE_VERB.test(line);
}

/**
 * A comparison key: letters and digits only, ASCII lower-cased (so `Won’t`
 * equals `Won't`, `–` equals `-`). A hand loop: this runs on many lines, and
 * `toLowerCase` plus a Unicode regex is several times slower.
 */
export function textKey(line: string): string {
  let out = '';
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c >= 65 && c <= 90) out += String.fromCharCode(c + 32);
    else if (isKeyChar(c)) out += line[i];
  }
  return out;
}

/**
 * A 32-bit hash of the comparison key of the line's first `limit` characters,
 * and how many key characters went into it; no string is built. Used to find
 * candidate repeats before comparing whole keys.
 */
export function openingHash(line: string, limit: number): { hash: number; length: number } {
  let hash = 0x811c9dc5;
  let length = 0;
  const end = Math.min(line.length, limit);
  for (let i = 0; i < end; i++) {
    let c = line.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    else if (!isKeyChar(c)) continue;
    hash = Math.imul(hash ^ c, 0x01000193);
    length++;
  }
  return { hash: hash >>> 0, length };
}

/** Letters and digits; outside ASCII, everything but spaces, punctuation and symbols of the common blocks. */
function isKeyChar(c: number): boolean {
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
  if (c <= 0xbf) return c === 0xaa || c === 0xb5 || c === 0xba;
  if (c === 0xd7 || c === 0xf7) return false;
  return (
    !(c >= 0x2000 && c <= 0x2bff) && !(c >= 0x3000 && c <= 0x303f) && !(c >= 0xfe30 && c <= 0xfe6f) && c !== 0xfeff
  );
}

/** The line's content words: lower case, 3+ characters, not stopwords, possessive `’s` dropped. */
export function contentWords(line: string): string[] {
  const out: string[] = [];
  for (const raw of line.toLowerCase().match(LETTER_WORD) ?? []) {
    const w = raw.replace(POSSESSIVE, '');
    if (w.length >= 3 && !STOPWORDS.has(w)) out.push(w);
  }
  return out;
}

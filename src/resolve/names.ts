/**
 * Name keys: one spelling-independent form of a name, so `Erdoğan` and
 * `Erdogan`, `Sergei Lavrov` and `Sergey Lavrov`, `Çavuşoğlu` and `Cavusoglu`
 * compare equal. A key is a list of folded words; honorifics, `al-` and
 * `Jr.` are dropped, a possessive `'s` is cut.
 */
import { HONORIFICS, NAME_PREFIXES, NAME_SUFFIXES } from './lexicon.js';

/** Letters NFKD does not decompose, with their Latin folding. */
const LETTER_FOLD: ReadonlyMap<string, string> = new Map([
  ['ı', 'i'],
  ['ø', 'o'],
  ['ß', 'ss'],
  ['đ', 'd'],
  ['ð', 'd'],
  ['ł', 'l'],
  ['æ', 'ae'],
  ['œ', 'oe'],
  ['þ', 'th'],
]);

/**
 * Transliteration variants folded to one spelling, applied in order to each
 * word. Reason: Russian, Ukrainian and Arabic names reach English through
 * several systems (`Sergei`/`Sergey`, `Zelensky`/`Zelenskyy`/`Zelenskiy`,
 * `Aleksei`/`Alexey`, `Mikhail`/`Mihail`, `Assad`/`Asad`).
 */
const TRANSLIT: ReadonlyArray<readonly [RegExp, string]> = [
  [/ks/g, 'x'],
  [/kh/g, 'h'],
  [/^ye/, 'e'],
  [/^yu/, 'iu'],
  [/^ya/, 'ia'],
  [/(?<=[aeiou])y(?=[aeiou])/g, 'i'],
  [/(?:yy|iy|ii|ij|yi|ei|ey)$/, 'i'],
  [/(?<=[^aeiou])y$/, 'i'],
  [/([bcdfghjklmnpqrstvwxz])\1/g, '$1'],
  [/ou/g, 'u'],
];

const WORD = /[\p{L}\p{N}][\p{L}\p{N}.’'-]*/gu;
const POSSESSIVE = /[’']s?$/;

/** Folds one word: case, diacritics, special letters, punctuation; no transliteration. */
export function foldWord(word: string): string {
  let s = word.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '');
  let out = '';
  for (const ch of s) out += LETTER_FOLD.get(ch) ?? ch;
  s = out.replace(POSSESSIVE, '').replace(/[.’']/g, '');
  return s;
}

/** A folded word with transliteration variants folded too. */
export function keyWord(word: string): string {
  let s = foldWord(word);
  for (const [re, to] of TRANSLIT) s = s.replace(re, to);
  return s;
}

/** The key words of a name, in order (honorifics, `al-`, `Jr.` dropped). */
export function nameKeyWords(name: string): string[] {
  const words: string[] = [];
  for (const m of name.matchAll(WORD)) {
    for (const part of m[0].split('-')) {
      const f = foldWord(part);
      if (!f || HONORIFICS.has(f) || NAME_SUFFIXES.has(f) || NAME_PREFIXES.has(f)) continue;
      words.push(keyWord(part));
    }
  }
  return words;
}

/** Keys already computed: a corpus repeats the same few thousand names. Cleared when full. */
const KEY_CACHE = new Map<string, string>();
const KEY_CACHE_SIZE = 100_000;

/** The key of a name: its key words joined by spaces (`Recep Tayyip Erdoğan` -> `recep taip erdogan`). */
export function nameKey(name: string): string {
  let key = KEY_CACHE.get(name);
  if (key === undefined) {
    key = nameKeyWords(name).join(' ');
    if (KEY_CACHE.size >= KEY_CACHE_SIZE) KEY_CACHE.clear();
    KEY_CACHE.set(name, key);
  }
  return key;
}

/** True when `short`'s key words appear in `long`'s in order, ending on the same last word (`Erdogan` in `Recep Tayyip Erdogan`). */
export function isShorterForm(short: readonly string[], long: readonly string[]): boolean {
  if (short.length === 0 || short.length >= long.length) return false;
  if (short[short.length - 1] !== long[long.length - 1]) return false;
  let j = 0;
  for (const w of long) if (j < short.length && w === short[j]) j++;
  return j === short.length;
}

/** Initials of a multi-word name (`North Atlantic Treaty Organization` -> `NATO`), skipping `of`/`the`/`and`. */
export function initials(name: string): string {
  let out = '';
  for (const m of name.matchAll(WORD)) {
    const w = m[0];
    if (/^(?:of|the|and|for|de|la|on)$/i.test(w)) continue;
    out += w[0]!.toUpperCase();
  }
  return out;
}

/**
 * The language detector: eld's algorithm (n-grams of UTF-8 bytes scored
 * against 60 languages; the `eld` package, Apache-2.0, Nito T.M.) over its
 * `extrasmall` tables, copied into `models/language.json` by
 * `npm run train:language`. Same answers as `eld.detect` (a test checks them
 * against the package), in typed arrays and a Map instead of eld's object of
 * objects: about twenty times faster, and a few MB of memory where loading
 * eld's module costs about 90 MB.
 */
import { existsSync, readFileSync } from 'node:fs';
import { modelCandidates } from '../model-files.js';

export const LANGUAGE_MODEL_FORMAT = 'dossier-language@1';

/** `models/language.json`. */
export interface LanguageModelFile {
  format: string;
  version: string;
  source: string;
  /** ISO 639-1 codes; a language is its index here. */
  languages: string[];
  /** eld's average top score of a right answer, per language (for `reliable`). */
  avgScore: number[];
  /** 256 characters: the stand-in for each byte in an n-gram key (ASCII bytes stand for themselves). */
  dictionary: string;
  /** The letters, as flat inclusive ranges of UTF-16 code units; anything else separates words. */
  letters: number[];
  /** The n-gram keys, joined by `GRAM_SEPARATOR`. */
  grams: string;
  /** Entries per n-gram, in the order of `grams`; its entries follow in `langs` and `scores`. */
  counts: number[];
  langs: number[];
  /** eld's scores, before its base score is added. */
  scores: number[];
}

/** Joins the n-gram keys in the model file (no key holds it). */
export const GRAM_SEPARATOR = '\n';

/** What eld's `detect` answers, the way `src/extract/language.ts` reads it. */
export interface EldResult {
  language: string;
  /** The best and the second-best scaled scores (0–1), as eld's `getScores()` orders them. */
  first: number;
  second: number;
  /** eld's `isReliable()`. */
  reliable: boolean;
}

/** eld subtracts this from every table score to keep its files small. */
const BASE_NGRAM_SCORE = 53;
/** eld's scale of the raw score per n-gram to 0–1. */
const SCALE = 25;
/** eld reads this many characters of the text. */
const MAX_CHARS = 1000;
/** Words are cut after the first space past this many bytes, and anything past the hard limit. */
const CUT_AFTER = 350;
const ENFORCE_CUT_AFTER = 380;
/** The longest n-gram key in the tables: a space, 4 bytes, a space. */
const MAX_GRAM_CHARS = 6;
/** The characters that may end a word, not a separator (`don't`). */
const APOSTROPHES = new Set([0x27, 0x60, 0x2019]);

interface Model {
  languages: readonly string[];
  avgScore: Float64Array;
  /** The code of the stand-in character of each byte (all below 256). */
  standIn: Uint8Array;
  /** 1 for a letter, per UTF-16 code unit (eld's class covers the BMP only). */
  isLetter: Uint8Array;
  /** Open-addressing table: n-gram number (`gramNumber`) -> 1 + its index in `ends`; 0 where empty. */
  keys: Float64Array;
  slots: Int32Array;
  /** The entries of n-gram i are `ends[i]` to `ends[i + 1]` in `langs` and `scores`. */
  ends: Uint32Array;
  langs: Uint8Array;
  /** Table score plus the base score, ready to add. */
  scores: Uint16Array;
}

const PATHS = modelCandidates('language.json');

let loaded: Model | undefined;

function model(): Model {
  if (loaded) return loaded;
  const path = PATHS.find((p) => existsSync(p));
  if (!path) throw new Error(`language model not found: looked for ${PATHS.join(', ')} (npm run train:language)`);
  const file = JSON.parse(readFileSync(path, 'utf8')) as LanguageModelFile;
  if (file.format !== LANGUAGE_MODEL_FORMAT)
    throw new Error(`${path}: format ${file.format}, expected ${LANGUAGE_MODEL_FORMAT} (npm run train:language)`);
  const grams = file.grams.split(GRAM_SEPARATOR);
  const size = 2 ** Math.ceil(Math.log2(grams.length * 2));
  const keys = new Float64Array(size);
  const slots = new Int32Array(size);
  const ends = new Uint32Array(grams.length + 1);
  grams.forEach((gram, i) => {
    if (gram.length > MAX_GRAM_CHARS || /[^\x01-\xff]/.test(gram))
      throw new Error(`${path}: n-gram ${JSON.stringify(gram)} is not 1 to ${MAX_GRAM_CHARS} characters below U+0100`);
    let key = 0;
    for (let c = 0; c < gram.length; c++) key = key * 256 + gram.charCodeAt(c);
    const at = findSlot(keys, size - 1, key);
    keys[at] = key;
    slots[at] = i + 1;
    ends[i + 1] = (ends[i] as number) + (file.counts[i] as number);
  });
  const standIn = new Uint8Array(256);
  for (let b = 0; b < 256; b++) {
    const code = b < 0x80 ? b : file.dictionary.charCodeAt(b);
    if (b >= 0x80 && !(code > 0 && code < 0x100))
      throw new Error(`${path}: the stand-in of byte ${b} is not below U+0100`);
    standIn[b] = code;
  }
  const isLetter = new Uint8Array(0x10000);
  for (let r = 0; r < file.letters.length; r += 2)
    isLetter.fill(1, file.letters[r], (file.letters[r + 1] as number) + 1);
  loaded = {
    languages: file.languages,
    avgScore: Float64Array.from(file.avgScore),
    standIn,
    isLetter,
    keys,
    slots,
    ends,
    langs: Uint8Array.from(file.langs),
    scores: Uint16Array.from(file.scores, (s) => s + BASE_NGRAM_SCORE),
  };
  return loaded;
}

/** eld's `detect(text)`; null where eld answers no language. */
export function detectEld(text: string): EldResult | null {
  const m = model();
  const { numbers, distinct } = byteNgrams(m, splitWords(m, text.substring(0, MAX_CHARS)).trim().toLowerCase());
  const raw =
    rawScores.length === m.languages.length ? rawScores.fill(0) : (rawScores = new Float64Array(m.languages.length));
  const mask = m.keys.length - 1;
  for (let g = 0; g < numbers.length; g++) {
    const key = numbers[g] as number;
    if (g > 0 && key === numbers[g - 1]) continue;
    const i = (m.slots[findSlot(m.keys, mask, key)] as number) - 1;
    if (i < 0) continue;
    for (let k = m.ends[i] as number, end = m.ends[i + 1] as number; k < end; k++) {
      const l = m.langs[k] as number;
      raw[l] = (raw[l] as number) + (m.scores[k] as number);
    }
  }
  let best = -1;
  let bestRaw = 0;
  for (let l = 0; l < raw.length; l++) {
    const v = raw[l] as number;
    if (v > 0 && v > bestRaw) {
      bestRaw = v;
      best = l;
    }
  }
  if (best < 0) return null;
  // eld's orderAndScale (scaled scores, best first, ties in language order), of which only the first two are read
  let top = -1;
  let topScore = 0;
  let next = -1;
  let nextScore = 0;
  for (let l = 0; l < raw.length; l++) {
    const v = raw[l] as number;
    if (v <= 0) continue;
    const perGram = v / distinct;
    const score = perGram / (perGram + SCALE);
    if (top < 0 || score > topScore) {
      next = top;
      nextScore = topScore;
      top = l;
      topScore = score;
    } else if (next < 0 || score > nextScore) {
      next = l;
      nextScore = score;
    }
  }
  // as eld's isReliable, which compares the best score with the runner-up's language number
  const nextValue = next < 0 ? 0 : next;
  const reliable =
    distinct >= 3 && !((m.avgScore[best] as number) * 0.75 > topScore || 0.01 > Math.abs(topScore - nextValue));
  return { language: m.languages[best] as string, first: topScore, second: next < 0 ? 0 : nextScore, reliable };
}

/**
 * eld's word splitter: each run of non-letters becomes one space, except
 * apostrophes ending the run, which stay (so `don't` stays one word).
 */
function splitWords(m: Model, text: string): string {
  let out = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    let j = i + 1;
    if (m.isLetter[text.charCodeAt(i)]) {
      while (j < n && m.isLetter[text.charCodeAt(j)]) j++;
      out += text.slice(i, j);
    } else {
      while (j < n && !m.isLetter[text.charCodeAt(j)]) j++;
      let e = j;
      while (e > i && APOSTROPHES.has(text.charCodeAt(e - 1))) e--;
      if (e > i) out += ' ';
      out += text.slice(e, j);
    }
    i = j;
  }
  return out;
}

/** The slot of `key` in an open-addressing table, or the empty slot where it would go. */
function findSlot(keys: Float64Array, mask: number, key: number): number {
  const lo = key % 0x1000000;
  const hi = (key - lo) / 0x1000000;
  let at = (Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi + 1, 0x85ebca6b)) & mask;
  for (;;) {
    const k = keys[at] as number;
    if (k === key || k === 0) return at;
    at = (at + 1) & mask;
  }
}

/** The raw score of each language for the text being detected: scratch space, reused. */
let rawScores = new Float64Array(0);
/** Stand-in codes of the words, their ends, and the n-gram numbers of a text: scratch space, reused. */
const codes = new Uint8Array(ENFORCE_CUT_AFTER + 8);
const wordEnds = new Int32Array(ENFORCE_CUT_AFTER + 8);
const gramNumbers = new Float64Array(2 * (ENFORCE_CUT_AFTER + 8));

/**
 * eld's strToUtf8Bytes and getByteNgrams over numbers: each word becomes the
 * stand-in characters of its UTF-8 bytes (cut near 350 bytes), and each
 * n-gram (4 bytes at a stride of 3, word starts and ends marked by a space)
 * the number of its characters in base 256, sorted. An n-gram longer than
 * `MAX_GRAM_CHARS` (only the tail of a word past 70 bytes) is in no table:
 * it only counts towards `distinct`.
 */
function byteNgrams(m: Model, str: string): { numbers: Float64Array; distinct: number } {
  const standIn = m.standIn;
  let n = 0;
  let words = 0;
  let bytes = 0;
  for (let i = 0; i < str.length; i++) {
    let c = str.charCodeAt(i);
    if (c < 0x80) {
      if (c === 32) {
        if (n > (words ? (wordEnds[words - 1] as number) : 0)) wordEnds[words++] = n;
        if (bytes > CUT_AFTER) break;
      } else {
        codes[n++] = c;
      }
      bytes++;
    } else if (c < 0x800) {
      codes[n++] = standIn[0xc0 | (c >> 6)] as number;
      codes[n++] = standIn[0x80 | (c & 0x3f)] as number;
      bytes += 2;
    } else if (c < 0xd800 || c >= 0xe000) {
      codes[n++] = standIn[0xe0 | (c >> 12)] as number;
      codes[n++] = standIn[0x80 | ((c >> 6) & 0x3f)] as number;
      codes[n++] = standIn[0x80 | (c & 0x3f)] as number;
      bytes += 3;
    } else {
      i++;
      c = 0x10000 + (((c & 0x3ff) << 10) | (str.charCodeAt(i) & 0x3ff));
      codes[n++] = standIn[0xf0 | (c >> 18)] as number;
      codes[n++] = standIn[0x80 | ((c >> 12) & 0x3f)] as number;
      codes[n++] = standIn[0x80 | ((c >> 6) & 0x3f)] as number;
      codes[n++] = standIn[0x80 | (c & 0x3f)] as number;
      bytes += 4;
    }
    if (bytes > ENFORCE_CUT_AFTER) break;
  }
  if (n > (words ? (wordEnds[words - 1] as number) : 0)) wordEnds[words++] = n;

  let count = 0;
  let long: Set<string> | null = null;
  for (let w = 0, start = 0; w < words; start = wordEnds[w++] as number) {
    const end = wordEnds[w] as number;
    const len = Math.min(end - start, 70);
    let j = 0;
    for (; j + 4 < len; j += 3) {
      let key = j === 0 ? 32 : 0;
      for (let k = start + j; k < start + j + 4; k++) key = key * 256 + (codes[k] as number);
      gramNumbers[count++] = key;
    }
    // the last n-gram runs to the end of the word, past 70 bytes too
    const from = start + (len !== 3 ? Math.max(len - 4, 0) : 0);
    if ((j === 0 ? 1 : 0) + end - from + 1 > MAX_GRAM_CHARS) {
      long ??= new Set();
      long.add(String.fromCharCode(...codes.subarray(from, end)));
      continue;
    }
    let key = j === 0 ? 32 : 0;
    for (let k = from; k < end; k++) key = key * 256 + (codes[k] as number);
    gramNumbers[count++] = key * 256 + 32;
  }
  const numbers = gramNumbers.subarray(0, count).sort();
  let distinct = long?.size ?? 0;
  for (let g = 0; g < count; g++) if (g === 0 || numbers[g] !== numbers[g - 1]) distinct++;
  return { numbers, distinct };
}

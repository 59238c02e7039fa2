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
import { fileURLToPath } from 'node:url';

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
/** The characters that may end a word, not a separator (`don't`). */
const APOSTROPHES = new Set([0x27, 0x60, 0x2019]);

interface Model {
  languages: readonly string[];
  avgScore: Float64Array;
  dictionary: readonly string[];
  /** 1 for a letter, per UTF-16 code unit (eld's class covers the BMP only). */
  isLetter: Uint8Array;
  /** n-gram key -> its first entry in `langs`/`scores`; entries end at `ends[i]`. */
  index: Map<string, number>;
  ends: Uint32Array;
  langs: Uint8Array;
  /** Table score plus the base score, ready to add. */
  scores: Uint16Array;
}

const PATHS = ['../../models/language.json', '../../../models/language.json'].map((p) =>
  fileURLToPath(new URL(p, import.meta.url)),
);

let loaded: Model | undefined;

function model(): Model {
  if (loaded) return loaded;
  const path = PATHS.find((p) => existsSync(p));
  if (!path) throw new Error(`language model not found: looked for ${PATHS.join(', ')} (npm run train:language)`);
  const file = JSON.parse(readFileSync(path, 'utf8')) as LanguageModelFile;
  if (file.format !== LANGUAGE_MODEL_FORMAT)
    throw new Error(`${path}: format ${file.format}, expected ${LANGUAGE_MODEL_FORMAT} (npm run train:language)`);
  const grams = file.grams.split(GRAM_SEPARATOR);
  const index = new Map<string, number>();
  const ends = new Uint32Array(grams.length + 1);
  grams.forEach((gram, i) => {
    index.set(gram, i);
    ends[i + 1] = (ends[i] as number) + (file.counts[i] as number);
  });
  const isLetter = new Uint8Array(0x10000);
  for (let r = 0; r < file.letters.length; r += 2)
    isLetter.fill(1, file.letters[r], (file.letters[r + 1] as number) + 1);
  loaded = {
    languages: file.languages,
    avgScore: Float64Array.from(file.avgScore),
    dictionary: [...file.dictionary],
    isLetter,
    index,
    ends,
    langs: Uint8Array.from(file.langs),
    scores: Uint16Array.from(file.scores, (s) => s + BASE_NGRAM_SCORE),
  };
  return loaded;
}

/** eld's `detect(text)`; null where eld answers no language. */
export function detectEld(text: string): EldResult | null {
  const m = model();
  const words = utf8Words(m, splitWords(m, text.substring(0, MAX_CHARS)).trim().toLowerCase());
  const grams = byteNgrams(words);
  const raw = new Float64Array(m.languages.length);
  for (const gram of grams) {
    const i = m.index.get(gram);
    if (i === undefined) continue;
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
  // eld's orderAndScale: scaled scores, best first, ties in language order
  const ranked: [number, number][] = [];
  for (let l = 0; l < raw.length; l++) {
    const v = raw[l] as number;
    if (v <= 0) continue;
    const perGram = v / grams.size;
    ranked.push([l, perGram / (perGram + SCALE)]);
  }
  ranked.sort((a, b) => b[1] - a[1]);
  const [top, next] = ranked as [[number, number], [number, number] | undefined];
  // as eld's isReliable, which compares the best score with the runner-up's language number
  const nextValue = next ? next[0] : 0;
  const reliable =
    grams.size >= 3 && !((m.avgScore[best] as number) * 0.75 > top[1] || 0.01 > Math.abs(top[1] - nextValue));
  return { language: m.languages[best] as string, first: top[1], second: next ? next[1] : 0, reliable };
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

/** eld's strToUtf8Bytes: the words as strings of byte stand-ins, cut near 350 bytes. */
function utf8Words(m: Model, str: string): string[] {
  const dict = m.dictionary;
  const words: string[] = [];
  let encoded = '';
  let bytes = 0;
  for (let i = 0; i < str.length; i++) {
    let c = str.charCodeAt(i);
    if (c < 0x80) {
      if (c === 32) {
        if (encoded !== '') {
          words.push(encoded);
          encoded = '';
        }
        if (bytes > CUT_AFTER) break;
      } else {
        encoded += str[i];
      }
      bytes++;
    } else if (c < 0x800) {
      encoded += (dict[0xc0 | (c >> 6)] as string) + dict[0x80 | (c & 0x3f)];
      bytes += 2;
    } else if (c < 0xd800 || c >= 0xe000) {
      encoded += (dict[0xe0 | (c >> 12)] as string) + dict[0x80 | ((c >> 6) & 0x3f)] + dict[0x80 | (c & 0x3f)];
      bytes += 3;
    } else {
      i++;
      c = 0x10000 + (((c & 0x3ff) << 10) | (str.charCodeAt(i) & 0x3ff));
      encoded +=
        (dict[0xf0 | (c >> 18)] as string) +
        dict[0x80 | ((c >> 12) & 0x3f)] +
        dict[0x80 | ((c >> 6) & 0x3f)] +
        dict[0x80 | (c & 0x3f)];
      bytes += 4;
    }
    if (bytes > ENFORCE_CUT_AFTER) break;
  }
  if (encoded !== '') words.push(encoded);
  return words;
}

/** eld's getByteNgrams: 4-byte n-grams at a stride of 3, word starts and ends marked by a space. */
function byteNgrams(words: readonly string[]): Set<string> {
  const grams = new Set<string>();
  for (const word of words) {
    const len = Math.min(word.length, 70);
    let j = 0;
    for (; j + 4 < len; j += 3) grams.add((j === 0 ? ' ' : '') + word.substring(j, j + 4));
    grams.add(`${j === 0 ? ' ' : ''}${word.substring(len !== 3 ? len - 4 : 0)} `);
  }
  return grams;
}

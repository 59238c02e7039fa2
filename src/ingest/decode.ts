import { isAscii, isUtf8 } from 'node:buffer';
import chardet from 'chardet';
import iconv from 'iconv-lite';
import type { Found } from '../types.js';
import { utf16Order } from './sniff.js';

/** The `charset` parameter of a `Content-Type` header value, or null. */
export function charsetOfContentType(contentType: string | null | undefined): string | null {
  if (!contentType) return null;
  const m = /charset\s*=\s*"?([\w.:-]+)"?/i.exec(contentType);
  return m?.[1] ?? null;
}

/** Decoded text and how its charset was chosen. */
export interface Decoded {
  text: string;
  charset: Found<string>;
}

/** Where a charset may be declared, besides the bytes themselves. */
export interface CharsetHints {
  /** The `charset` parameter of an HTTP `Content-Type` header. */
  header?: string | null;
  /** Look for `<meta charset>` / `http-equiv` in the first bytes (HTML pages). */
  html?: boolean;
  /**
   * The charset already detected once for the whole stream these bytes are a
   * piece of (a JSON Lines record, a CSV row): used instead of detecting again
   * from a piece too short to tell.
   */
  stream?: string | null;
}

/**
 * Decodes bytes to NFC-normalised text. The charset is chosen by a ladder, the
 * first rung that answers wins: byte order mark, HTTP header, HTML `<meta>`,
 * valid UTF-8 (the fast path: no detection), BOM-less UTF-16, the charset
 * detected for the stream, statistical detection checked by how plausible the
 * decoded text is. A declared charset that iconv does not know is skipped, not
 * trusted. Returns null when no rung can decode the bytes.
 */
export function decode(bytes: Buffer, hints: CharsetHints = {}): Decoded | null {
  const bom = bomCharset(bytes);
  if (bom) return finish(iconv.decode(bytes, bom), bom, 'bom', 1);
  const declared: Array<[string | null | undefined, string, number]> = [
    [hints.header, 'http-header', 0.95],
    [hints.html ? metaCharset(bytes) : null, 'html-meta', 0.9],
  ];
  for (const [name, via, confidence] of declared) {
    const charset = name ? canonicalCharset(name) : null;
    if (!charset) continue;
    // a page declaring a single-byte charset that is really valid non-ASCII UTF-8 was mislabelled
    if (charset !== 'utf-8' && hasNonAscii(bytes) && isUtf8(bytes))
      return finish(bytes.toString('utf8'), 'utf-8', 'utf8-valid', 0.9);
    return finish(iconv.decode(bytes, charset), charset, via, confidence);
  }
  // UTF-16 without a BOM is valid UTF-8 full of NULs, so it is looked for first (only when there is a NUL)
  const utf16 = bytes.includes(0) ? utf16Order(bytes) : null;
  if (utf16) return finish(iconv.decode(bytes, utf16), utf16, 'detected', 0.8);
  // ASCII is valid UTF-8 whose text is NFC already: decoded byte for byte, with no normalising pass
  if (isAscii(bytes)) return finish(bytes.toString('latin1'), 'utf-8', 'utf8-valid', 0.8, true);
  if (isUtf8(bytes)) return finish(bytes.toString('utf8'), 'utf-8', 'utf8-valid', 0.99);
  const stream = hints.stream ? canonicalCharset(hints.stream) : null;
  if (stream) return finish(iconv.decode(bytes, stream), stream, 'detected', 0.8);
  const detected = detectCharset(bytes);
  return detected
    ? finish(iconv.decode(bytes, detected.charset), detected.charset, 'detected', detected.confidence)
    : null;
}

/**
 * The charset to decode every piece of a stream with (JSON Lines records, CSV
 * rows), detected once from its head; null when the head is UTF-8, so each
 * piece keeps the UTF-8 fast path. The head is cut at its last line end so a
 * character split by the cut does not spoil the UTF-8 check.
 */
export function streamCharset(head: Buffer): string | null {
  const nl = head.lastIndexOf(10);
  const whole = nl > 0 ? head.subarray(0, nl + 1) : head;
  const charset = decode(whole)?.charset.value ?? null;
  return charset === 'utf-8' ? null : charset;
}

function finish(text: string, charset: string, via: string, confidence: number, isNfc = false): Decoded {
  return { text: isNfc ? text : text.normalize('NFC'), charset: { value: charset, via, confidence } };
}

function bomCharset(bytes: Buffer): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

const META_CHARSET = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i;

/** The charset a `<meta>` tag in the first 8 KiB declares. */
export function metaCharset(bytes: Buffer): string | null {
  const head = bytes.subarray(0, 8192).toString('latin1');
  return META_CHARSET.exec(head)?.[1] ?? null;
}

/** The lower-case name iconv-lite knows a charset by, or null when it knows none. */
export function canonicalCharset(name: string): string | null {
  const lower = name
    .trim()
    .toLowerCase()
    .replace(/^x-/, '')
    .replace(/^(?:cp|win|windows)-?(125\d)$/, 'windows-$1');
  const alias = CHARSET_ALIASES[lower] ?? lower;
  return iconv.encodingExists(alias) ? alias : null;
}

/** Names pages use that mean another charset in practice (WHATWG Encoding Standard labels). */
const CHARSET_ALIASES: Readonly<Record<string, string>> = {
  // browsers decode these labels as windows-1252, which is a superset
  'iso-8859-1': 'windows-1252',
  latin1: 'windows-1252',
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
  // windows-1254 is the superset browsers use for Latin-5
  'iso-8859-9': 'windows-1254',
  // windows-1255 decodes every ISO-8859-8 letter the same and adds niqqud and punctuation
  'iso-8859-8': 'windows-1255',
  'iso-8859-8-i': 'windows-1255',
  utf8: 'utf-8',
  'unicode-1-1-utf-8': 'utf-8',
  'x-sjis': 'shift_jis',
  'x-mac-cyrillic': 'maccyrillic',
  gb2312: 'gbk',
};

function hasNonAscii(bytes: Buffer): boolean {
  return !isAscii(bytes);
}

export function isValidUtf8(bytes: Buffer): boolean {
  return isUtf8(bytes);
}

// ---------------------------------------------------------------------------
// Statistical detection, checked by plausibility
//
// chardet's n-gram guesses are good on long texts and often wrong on short
// ones between single-byte charsets of one script family (windows-1250 vs
// ISO-8859-2, windows-1254 vs windows-1252, windows-1256 vs ISO-8859-6/8).
// When its best guess is such a charset, every charset of the family (and any
// other single-byte charset it ranked well) decodes a sample, each result is
// scored by how much it reads like one language, and the best score wins;
// ties keep chardet's order.
// ---------------------------------------------------------------------------

/** Bytes of the input chardet and the plausibility score look at: enough to tell, bounded cost (chardet takes ~0.7 µs a byte). */
const DETECT_SAMPLE_BYTES = 4 * 1024;

/** Single-byte charsets that put one script's letters at different byte values, so detectors confuse them. */
const FAMILIES: Readonly<Record<string, readonly string[]>> = {
  // Russian, Ukrainian, Bulgarian, Serbian: the same letters, four byte layouts in use on the web
  // (IBM866 and MacCyrillic are left out: next to no news pages use them, and their symbols look like punctuation)
  cyrillic: ['windows-1251', 'koi8-r', 'koi8-u', 'iso-8859-5'],
  // Latin with diacritics: Western, Turkish, Central European and Baltic share ASCII and most accented vowels
  latin: ['windows-1252', 'windows-1254', 'windows-1250', 'iso-8859-2', 'iso-8859-15', 'windows-1257', 'iso-8859-13'],
  // Greek: ISO-8859-7 and windows-1253 differ only in a few capitals with tonos
  greek: ['iso-8859-7', 'windows-1253'],
  // Arabic: windows-1256 moved letters around ISO-8859-6's gaps and added Persian/Urdu letters
  arabic: ['windows-1256', 'iso-8859-6'],
  // Hebrew: windows-1255 is ISO-8859-8 plus niqqud (the alias table maps ISO-8859-8 to it)
  hebrew: ['windows-1255'],
};

const FAMILY_OF: ReadonlyMap<string, readonly string[]> = new Map(
  Object.values(FAMILIES).flatMap((members) => members.map((m) => [m, members] as const)),
);

/** Ranges of code points, written as pairs, for the scripts whose letters are easier listed by block. */
function range(...pairs: number[]): string {
  let out = '';
  for (let i = 0; i + 1 < pairs.length; i += 2)
    for (let c = pairs[i] as number; c <= (pairs[i + 1] as number); c++) out += String.fromCharCode(c);
  return out;
}

interface Language {
  /** Letters beyond ASCII the language is written with (lower case; capitals are added). */
  letters: string;
  /** Common letter pairs (lower case, space-separated), for scripts where letters alone do not tell charsets apart. */
  bigrams?: string;
  /** The single-byte charsets that write it. */
  charsets: readonly string[];
  /** How much a letter of it counts (1 unless said): below 1 for languages rare in news whose letters sit where a common language's do. */
  weight?: number;
}

/**
 * The languages a decoding may read as. A right decoding turns every non-ASCII
 * byte into a letter of one language; a wrong one mixes letters of several, or
 * symbols and controls.
 */
const LANGUAGES: Readonly<Record<string, Language>> = {
  // bigrams split windows-1251 from KOI8-R, whose decodings of each other are all Russian letters too
  russian: {
    letters: 'абвгдеёжзийклмнопрстуфхцчшщъыьэюя',
    bigrams:
      'ст но то на ен ов ни ра во ко ро ал пр ет ре ос ли по го ер ор не ол та ка ат ел ан ла ва де ом ит ле ин ес ть ль ак ой ия ый ых ые ое ск тв од ми ем ей ив ам ди ме ло им ог че нн ны ду ча ви',
    charsets: ['windows-1251', 'koi8-r', 'koi8-u', 'iso-8859-5'],
  },
  // Ukrainian adds і ї є ґ, which KOI8-R lacks
  ukrainian: {
    letters: 'абвгґдеєжзиіїйклмнопрстуфхцчшщьюя',
    bigrams: 'ст но на ен ов ні ра во ко ро пр ре ос ли по го ер ор не та ка ан ла ва де ом ти ть ий ог ня ки ін ан ав',
    charsets: ['windows-1251', 'koi8-u', 'iso-8859-5'],
  },
  // Serbian and Macedonian Cyrillic letters live only in windows-1251 and ISO-8859-5
  serbian: { letters: 'абвгдђежзијклљмнњопрстћуфхцчџшѓѕќ', charsets: ['windows-1251', 'iso-8859-5'] },
  // Western European languages, one entry each so a mix of their letters is not mistaken for one language
  french: { letters: 'àâæçéèêëîïôœùûüÿ', charsets: ['windows-1252', 'iso-8859-15'] },
  german: { letters: 'äöüß', charsets: ['windows-1252', 'iso-8859-15', 'windows-1250', 'iso-8859-2'] },
  spanish: { letters: 'áéíñóúü', charsets: ['windows-1252', 'iso-8859-15'] },
  portuguese: { letters: 'áâãàçéêíóôõú', charsets: ['windows-1252', 'iso-8859-15'] },
  italian: { letters: 'àèéìíîòóùú', charsets: ['windows-1252', 'iso-8859-15'] },
  dutch: { letters: 'éëïóöèêáü', charsets: ['windows-1252', 'iso-8859-15'] },
  nordic: { letters: 'åäöæøéü', charsets: ['windows-1252', 'iso-8859-15'] },
  catalan: { letters: 'àçèéíïòóúü', charsets: ['windows-1252', 'iso-8859-15'] },
  // weighted down: Turkish ğ ş ı İ read as windows-1252 are Icelandic ð þ ý Ý, and Turkish news is far more common
  icelandic: { letters: 'áðéíóúýþæö', charsets: ['windows-1252', 'iso-8859-15'], weight: 0.8 },
  // Turkish: ğ ş ı İ sit where windows-1252 has ð þ ý Ý
  turkish: { letters: 'çğıöşüâîûİ', charsets: ['windows-1254'] },
  // Central European: windows-1250 and ISO-8859-2 disagree on ą ś ź š ž ť and their capitals
  polish: { letters: 'ąćęłńóśźż', charsets: ['windows-1250', 'iso-8859-2'] },
  czech: { letters: 'áčďéěíňóřšťúůýž', charsets: ['windows-1250', 'iso-8859-2'] },
  slovak: { letters: 'áäčďéíĺľňóôŕšťúýž', charsets: ['windows-1250', 'iso-8859-2'] },
  hungarian: { letters: 'áéíóöőúüű', charsets: ['windows-1250', 'iso-8859-2'] },
  croatian: { letters: 'čćđšž', charsets: ['windows-1250', 'iso-8859-2'] },
  romanian: { letters: 'ăâîşţ', charsets: ['windows-1250', 'iso-8859-2'] },
  // Baltic languages, so windows-1257 text is not forced into a Western or Central European reading
  lithuanian: { letters: 'ąčęėįšųūž', charsets: ['windows-1257', 'iso-8859-13'] },
  latvian: { letters: 'āčēģīķļņšūž', charsets: ['windows-1257', 'iso-8859-13'] },
  estonian: { letters: 'äöõüšž', charsets: ['windows-1257', 'iso-8859-13', 'iso-8859-15'] },
  // Greek with tonos and dialytika
  greek: { letters: 'αβγδεζηθικλμνξοπρστυφχψωςάέήίόύώϊϋΐΰ', charsets: ['iso-8859-7', 'windows-1253'] },
  // Arabic letters and harakat, plus the Persian and Urdu letters windows-1256 added
  arabic: {
    letters: range(0x621, 0x63a, 0x641, 0x652, 0x67e, 0x67e, 0x686, 0x686, 0x698, 0x698, 0x6a9, 0x6a9, 0x6af, 0x6af),
    charsets: ['windows-1256', 'iso-8859-6'],
  },
  persian: {
    letters: range(
      0x621,
      0x63a,
      0x641,
      0x64a,
      0x67e,
      0x67e,
      0x686,
      0x686,
      0x698,
      0x698,
      0x6a9,
      0x6a9,
      0x6af,
      0x6af,
      0x6cc,
      0x6cc,
    ),
    charsets: ['windows-1256'],
  },
  // Hebrew letters and niqqud
  hebrew: { letters: range(0x5b0, 0x5c7, 0x5d0, 0x5ea, 0x5f0, 0x5f4), charsets: ['windows-1255'] },
};

/** What a decoded character is, for scoring. */
enum Kind {
  Other,
  Lower,
  Upper,
  /** A letter without case (Arabic, Hebrew) or a combining mark. */
  Caseless,
  /** A C1 control, an unassigned byte (U+FFFD) or another control: never in real text. */
  Bad,
}

function kindOf(ch: string): Kind {
  if (ch === '\t' || ch === '\n' || ch === '\r') return Kind.Other;
  if (/\p{Ll}/u.test(ch)) return Kind.Lower;
  if (/\p{Lu}|\p{Lt}/u.test(ch)) return Kind.Upper;
  if (/\p{L}|\p{M}/u.test(ch)) return Kind.Caseless;
  if (ch === '\ufffd' || /\p{Cc}|\p{Cn}|\p{Co}/u.test(ch)) return Kind.Bad;
  return Kind.Other;
}

function isLetterKind(kind: Kind): boolean {
  return kind === Kind.Lower || kind === Kind.Upper || kind === Kind.Caseless;
}

/** What each oddity of a decoding costs against a letter of the language it reads as (+1 each). */
const PENALTY = {
  // a control or unassigned byte: real text has none, so one is strong evidence
  bad: 4,
  // a symbol between two letters (`Rz¹d`, `¾e`): a letter decoded as punctuation
  symbolInWord: 2,
  // a lower-case letter followed by a capital (`мХМХЯРП`): the case halves of the layout were swapped
  caseFlip: 1,
  // a non-ASCII letter the best-fitting language does not use
  foreignLetter: 1,
} as const;

/**
 * Common letter pairs (Cyrillic only): each pair of non-ASCII letters scores
 * BIGRAM_WEIGHT times (1 when common, 0 otherwise, less the share a right
 * decoding reaches). Russian text has 55-60% of its pairs in the table, a
 * Cyrillic misdecoding 0-13%, so right readings gain and wrong ones lose.
 */
const BIGRAM_WEIGHT = 1;
const BIGRAM_EXPECTED_SHARE = 0.3;

/** Punctuation bytes decode to in right readings: each one, outside a word, counts like a letter of the language. */
const TYPOGRAPHY = new Set('«»„“”‘’‚‹›–—…€£¥°§©®™·•¡¿\u00a0');

/** chardet's confidence (0-1) times this is added to a candidate's score: it breaks near-ties. */
const CHARDET_WEIGHT = 1;

/** One byte of a single-byte charset, classified once. */
interface ByteInfo {
  kind: Kind;
  /** The lower-case code unit, for letter pairs. */
  lower: number;
  /** Bit l is set when language l of the charset writes this letter. */
  langs: number;
  typography: boolean;
}

/** A single-byte charset's 256 bytes and the languages it writes, compiled for scoring. */
interface CharsetTable {
  bytes: ByteInfo[];
  weights: number[];
  /** Per language, its common letter pairs as `lower1 << 16 | lower2`; empty when it has none. */
  bigrams: Array<ReadonlySet<number>>;
}

const tables = new Map<string, CharsetTable>();

function tableOf(charset: string): CharsetTable {
  let table = tables.get(charset);
  if (table) return table;
  const langs = Object.values(LANGUAGES).filter((l) => l.charsets.includes(charset));
  const letterSets = langs.map((l) => {
    const set = new Set<string>();
    for (const ch of l.letters) {
      set.add(ch);
      for (const up of ch.toUpperCase()) set.add(up);
    }
    return set;
  });
  const all = iconv.decode(Buffer.from(Array.from({ length: 256 }, (_, i) => i)), charset);
  const bytes: ByteInfo[] = [];
  for (let b = 0; b < 256; b++) {
    const ch = all[b] ?? '\ufffd';
    let mask = 0;
    letterSets.forEach((set, l) => {
      if (set.has(ch)) mask |= 1 << l;
    });
    bytes.push({
      kind: kindOf(ch),
      lower: ch.toLowerCase().charCodeAt(0),
      langs: mask,
      typography: TYPOGRAPHY.has(ch),
    });
  }
  const bigrams = langs.map(
    (l) =>
      new Set((l.bigrams?.split(' ') ?? []).map((pair) => ((pair.charCodeAt(0) << 16) | pair.charCodeAt(1)) >>> 0)),
  );
  table = { bytes, weights: langs.map((l) => l.weight ?? 1), bigrams };
  tables.set(charset, table);
  return table;
}

/**
 * How much `bytes` decoded with the single-byte `charset` read like real text
 * of one language; higher is better. Works on the bytes through a per-charset
 * table, so scoring a candidate costs about as much as decoding with it.
 */
export function plausibility(bytes: Uint8Array, charset: string): number {
  const { bytes: info, weights, bigrams } = tableOf(charset);
  const n = weights.length;
  const hits = new Array<number>(n).fill(0);
  const pairs = new Array<number>(n).fill(0);
  let letters = 0;
  let marks = 0;
  let letterPairs = 0;
  let penalty = 0;
  let prev = info[32] as ByteInfo;
  let prevByte = 32;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    const e = info[b] as ByteInfo;
    const kind = e.kind;
    if (kind === Kind.Bad) penalty += PENALTY.bad;
    else if (b >= 0x80) {
      if (kind === Kind.Other) {
        const next = i + 1 < bytes.length ? (info[bytes[i + 1] as number] as ByteInfo).kind : Kind.Other;
        if (isLetterKind(prev.kind) && isLetterKind(next)) penalty += PENALTY.symbolInWord;
        else if (e.typography) marks++;
      } else {
        letters++;
        if (e.langs) for (let l = 0; l < n; l++) if (e.langs & (1 << l)) hits[l] = (hits[l] as number) + 1;
      }
    }
    if (prev.kind === Kind.Lower && kind === Kind.Upper) penalty += PENALTY.caseFlip;
    if (b >= 0x80 && prevByte >= 0x80 && isLetterKind(kind) && isLetterKind(prev.kind)) {
      letterPairs++;
      const key = ((prev.lower << 16) | e.lower) >>> 0;
      for (let l = 0; l < n; l++) if ((bigrams[l] as ReadonlySet<number>).has(key)) pairs[l] = (pairs[l] as number) + 1;
    }
    prev = e;
    prevByte = b;
  }
  let best = -letters * PENALTY.foreignLetter;
  for (let l = 0; l < n; l++) {
    const h = hits[l] as number;
    const bigram = (bigrams[l] as ReadonlySet<number>).size
      ? BIGRAM_WEIGHT * ((pairs[l] as number) - BIGRAM_EXPECTED_SHARE * letterPairs)
      : 0;
    best = Math.max(best, h * (weights[l] as number) - (letters - h) * PENALTY.foreignLetter + bigram);
  }
  return best + marks - penalty;
}

/** The charset of bytes that are not UTF-8, or null when no detector can tell. */
export function detectCharset(bytes: Buffer): { charset: string; confidence: number } | null {
  // the sample starts a little before the first non-ASCII byte: a page's head of ASCII markup tells nothing
  const first = bytes.findIndex((b) => b > 0x7f);
  const start = Math.max(0, Math.min(first, bytes.length - DETECT_SAMPLE_BYTES) - 256);
  const sample = bytes.subarray(start, start + DETECT_SAMPLE_BYTES);
  const matches = chardet.analyse(sample);
  const ranked: Array<{ charset: string; confidence: number }> = [];
  for (const m of matches) {
    const charset = canonicalCharset(m.name);
    if (charset && !ranked.some((r) => r.charset === charset)) ranked.push({ charset, confidence: m.confidence / 100 });
  }
  const top = ranked[0];
  if (!top) return null;
  const family = FAMILY_OF.get(top.charset);
  // multi-byte and Unicode guesses are not second-guessed: their byte patterns are distinctive
  if (!family) return top;
  const candidates = [...ranked.filter((r) => FAMILY_OF.has(r.charset) && r.confidence >= top.confidence / 3)];
  for (const member of family)
    if (!candidates.some((c) => c.charset === member)) candidates.push({ charset: member, confidence: 0 });
  let best = top;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (const candidate of candidates) {
    const score = plausibility(sample, candidate.charset) + CHARDET_WEIGHT * candidate.confidence;
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best.confidence > 0 ? best : { charset: best.charset, confidence: Math.min(0.5, top.confidence) };
}

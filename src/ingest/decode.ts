import chardet from 'chardet';
import iconv from 'iconv-lite';
import type { Found } from '../types.js';

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
}

/**
 * Decodes bytes to NFC-normalised text. The charset is chosen by a ladder, the
 * first rung that answers wins: byte order mark, HTTP header, HTML `<meta>`,
 * valid UTF-8, statistical detection. A declared charset that iconv does not
 * know is skipped, not trusted. Returns null when no rung can decode the bytes.
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
    if (charset !== 'utf-8' && hasNonAscii(bytes) && isValidUtf8(bytes))
      return finish(bytes.toString('utf8'), 'utf-8', 'utf8-valid', 0.9);
    return finish(iconv.decode(bytes, charset), charset, via, confidence);
  }
  if (isValidUtf8(bytes)) return finish(bytes.toString('utf8'), 'utf-8', 'utf8-valid', hasNonAscii(bytes) ? 0.99 : 0.8);
  const guesses = chardet.analyse(bytes);
  for (const guess of guesses) {
    const charset = canonicalCharset(guess.name);
    if (charset) return finish(iconv.decode(bytes, charset), charset, 'detected', guess.confidence / 100);
  }
  return null;
}

function finish(text: string, charset: string, via: string, confidence: number): Decoded {
  return { text: text.normalize('NFC'), charset: { value: charset, via, confidence } };
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
  const lower = name.trim().toLowerCase().replace(/^x-/, '');
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
  utf8: 'utf-8',
  'unicode-1-1-utf-8': 'utf-8',
  'x-sjis': 'shift_jis',
  'x-mac-cyrillic': 'maccyrillic',
  gb2312: 'gbk',
};

function hasNonAscii(bytes: Buffer): boolean {
  for (const b of bytes) if (b > 0x7f) return true;
  return false;
}

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

export function isValidUtf8(bytes: Buffer): boolean {
  try {
    utf8Decoder.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

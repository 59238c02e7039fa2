import type { InputFormat } from '../types.js';

/**
 * Finds an input's format from its first bytes (already decompressed), with
 * the file name only as a tie-breaker between formats the content cannot
 * tell apart (CSV versus plain text). Returns `binary` for content that is no
 * text at all, `empty` for nothing but whitespace.
 */
export function sniffFormat(head: Buffer, name = ''): InputFormat | 'binary' | 'empty' {
  const bom = bomLength(head);
  if (bom === 0 && looksBinary(head)) return 'binary';
  const text = headText(head);
  const start = text.trimStart();
  if (start === '') return 'empty';
  for (const [format, pattern] of CONTENT_SIGNS) if (pattern.test(start)) return format;
  const ext = extensionOf(name);
  // a record is often longer than the 2 KiB looked at so far: JSON Lines is told from the whole head
  if (start.startsWith('{')) return isJsonLines(headText(head, head.length).trimStart()) ? 'jsonl' : 'json';
  if (start.startsWith('[')) return 'json';
  if (ext === 'csv' || ext === 'tsv') return 'csv';
  if (ext === 'html' || ext === 'htm' || ext === 'xhtml') return 'html';
  if (/^<(?:p|div|article|section|h[1-6]|main|span|table|br)\b/i.test(start)) return 'html';
  return 'text';
}

/** Content signs, tried in order; each pattern sees the head with leading whitespace removed. */
const CONTENT_SIGNS: ReadonlyArray<readonly [InputFormat, RegExp]> = [
  // WARC files start with a version line
  ['warc', /^WARC\/\d\.\d\r?\n/],
  // feeds: the root element, possibly after an XML declaration, comments, a stylesheet PI or a DOCTYPE (entities are never expanded)
  [
    'feed',
    /^(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*|<\?xml-stylesheet[^>]*>\s*|<!DOCTYPE\s+(?:rss|feed|rdf:RDF)\b(?:[^[>]*\[[\s\S]*?\])?[^>]*>\s*)*<(?:rss|feed|rdf:RDF)\b/i,
  ],
  // HTML documents
  ['html', /^(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b/i],
];

/** A `{`-led head is JSON Lines when its first line is a complete object and another record follows. */
function isJsonLines(text: string): boolean {
  const nl = text.indexOf('\n');
  if (nl === -1) return false;
  const first = text.slice(0, nl).trim();
  if (!first.endsWith('}')) return false;
  try {
    JSON.parse(first);
    return true;
  } catch {
    return false;
  }
}

/** Text in some charset has almost no control bytes; binary formats are full of them. */
function looksBinary(head: Buffer): boolean {
  if (startsWithAny(head, BINARY_MAGIC)) return true;
  const n = Math.min(head.length, 4096);
  if (n === 0) return false;
  // most heads hold no NUL or control byte at all: one native scan says so
  if (!CONTROL_OR_NUL.test(head.toString('latin1', 0, n))) return false;
  let control = 0;
  let nul = 0;
  for (let i = 0; i < n; i++) {
    const b = head[i] as number;
    if (b === 0) nul++;
    else if (b < 8 || (b > 13 && b < 32 && b !== 27)) control++;
  }
  // UTF-16 without a BOM: NULs in every other byte of ASCII-range text
  if (nul > 0 && utf16Order(head, n)) return false;
  return nul > 0 || control / n > 0.1;
}

/** The bytes `looksBinary` counts: NUL and the control bytes other than tab, line ends, form feed and escape. */
const CONTROL_OR_NUL = /[\x00-\x07\x0e-\x1a\x1c-\x1f]/;

/**
 * The byte order of UTF-16 text without a byte order mark, or null. In such
 * text every other byte is the high byte of a code unit: NUL for ASCII, one or
 * two values for the letters of one script (0x04 for Cyrillic, 0x06 for
 * Arabic). Single-byte text has no NULs at all; binary data has them at both
 * parities and high bytes of every value.
 */
export function utf16Order(head: Buffer, n = Math.min(head.length, 4096)): 'utf-16le' | 'utf-16be' | null {
  const pairs = Math.floor(n / 2);
  if (pairs < 4) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i + 1 < n; i += 2) {
    if (head[i] === 0) evenNul++;
    if (head[i + 1] === 0) oddNul++;
  }
  if (evenNul > 0 === oddNul > 0) return null;
  // the high byte is odd in little-endian, even in big-endian
  const high = oddNul > 0 ? 1 : 0;
  if ((high ? oddNul : evenNul) / pairs < UTF16_MIN_NUL_SHARE) return null;
  const counts = new Map<number, number>();
  for (let i = high; i < pairs * 2; i += 2) counts.set(head[i] as number, (counts.get(head[i] as number) ?? 0) + 1);
  const [first = 0, second = 0] = [...counts.values()].sort((a, b) => b - a);
  return (first + second) / pairs >= UTF16_HIGH_BYTE_SHARE ? (high ? 'utf-16le' : 'utf-16be') : null;
}

/** Share of code units that are ASCII (spaces, digits, punctuation) in the least ASCII of real texts. */
const UTF16_MIN_NUL_SHARE = 0.05;
/** Share of code units whose high byte is one of the two most common values: ASCII plus one script block. */
const UTF16_HIGH_BYTE_SHARE = 0.9;

/** Magic numbers of common binary formats a scrape folder holds (images, PDFs, archives). */
const BINARY_MAGIC: readonly Buffer[] = [
  Buffer.from('%PDF-'),
  Buffer.from([0x89, 0x50, 0x4e, 0x47]), // PNG
  Buffer.from([0xff, 0xd8, 0xff]), // JPEG
  Buffer.from('GIF8'),
  Buffer.from([0x50, 0x4b, 0x03, 0x04]), // ZIP, docx, xlsx
  Buffer.from('RIFF'),
  Buffer.from([0x7f, 0x45, 0x4c, 0x46]), // ELF
  Buffer.from('SQLite format 3'),
  Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), // zstd
  Buffer.from('BZh'),
  Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), // xz
];

function startsWithAny(head: Buffer, signs: readonly Buffer[]): boolean {
  return signs.some((sign) => head.length >= sign.length && head.compare(sign, 0, sign.length, 0, sign.length) === 0);
}

/** Length of a Unicode byte order mark at the start, or 0. */
export function bomLength(head: Buffer): number {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 3;
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return 2;
  return 0;
}

/** A rough ASCII view of the head, enough to recognise markup in any ASCII-compatible or UTF-16 charset. */
function headText(head: Buffer, length = 2048): string {
  const slice = head.subarray(0, length);
  // UTF-16 without a BOM has NULs (utf16Order needs them)
  if (bomLength(slice) === 2 || (slice.includes(0) && utf16Order(slice))) {
    return slice
      .toString('latin1')
      .replace(/\0/g, '')
      .replace(/^\xff\xfe|^\xfe\xff/, '');
  }
  return slice.toString('latin1').replace(/^\xef\xbb\xbf/, '');
}

export function extensionOf(name: string): string {
  const base = name.toLowerCase().replace(/\.gz$/, '').split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1) : '';
}

import { kMaxLength } from 'node:buffer';
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { problem } from '../errors.js';
import { GZIP_MAGIC, InputFailure, gunzip } from '../ingest/bytes.js';
import type { IngestOptions } from '../ingest/options.js';
import { readWarc } from '../ingest/formats/warc.js';
import { reasonOf } from '../ingest/walk.js';
import type { InputProblem, RawRecord } from '../types.js';

/**
 * Splitting one large WARC file into jobs by record ranges, so several workers share it. A scan finds where
 * records start: in a `.warc.gz`, the gzip members (a WARC file is compressed record by record, each record a
 * member of its own, so a member boundary is a record boundary); in a plain `.warc`, the records themselves
 * (each header's `Content-Length` says where the next begins). Consecutive records are grouped into ranges of
 * about `splitBytes` bytes of the file; a job reads its range only, and numbers its records from the range's
 * first, so every record has the same source (`path#record=N`) as when the file is read whole.
 */

/** A part of a WARC file: bytes [start, end) of the file, whose first record is the file's record `firstRecord`. */
export interface WarcRange {
  start: number;
  end: number;
  firstRecord: number;
}

/** Bytes of a file read at first to find a record's extent; doubled until the record fits. */
const WINDOW_BYTES = 1024 * 1024;
/** Gzip header flags (RFC 1952): extra field, file name, comment, header CRC. */
const FLAG = { hcrc: 2, extra: 4, name: 8, comment: 16 } as const;
/** The CRC-32 and size that end every gzip member. */
const GZIP_TRAILER_BYTES = 8;
const WARC_VERSION = /^WARC\/\d\.\d\r?\n/;
const CONTENT_LENGTH = /\r?\ncontent-length:[ \t]*(\d+)/i;
const HEADER_END = Buffer.from('\r\n\r\n');

/**
 * The ranges of about `splitBytes` each that a WARC file of `size` bytes splits into, or null when it is not a
 * WARC file, is not larger than one range, or cannot be split (one gzip member holding every record). A part
 * the scan cannot read (a corrupt member, a cut-off record) goes whole into the last range, whose job reports
 * it as reading the whole file would.
 */
export function splitWarc(path: string, size: number, splitBytes: number, maxMemberBytes: number): WarcRange[] | null {
  if (size <= splitBytes) return null;
  const fd = openSync(path, 'r');
  try {
    const read = (at: number, length: number): Buffer => {
      const buf = Buffer.alloc(Math.min(length, size - at));
      const n = readSync(fd, buf, 0, buf.length, at);
      return buf.subarray(0, n);
    };
    const head = read(0, 2);
    const gzipped = head.equals(GZIP_MAGIC);
    if (!gzipped && !WARC_VERSION.test(read(0, 16).toString('latin1'))) return null;
    const ranges: WarcRange[] = [];
    let open: WarcRange = { start: 0, end: 0, firstRecord: 1 };
    let record = 1;
    for (let at = 0; at < size;) {
      const piece = gzipped ? memberAt(read, at, size, maxMemberBytes) : recordAt(read, at, size);
      if (!piece || piece.records === 0) break;
      at += piece.bytes;
      record += piece.records;
      open.end = at;
      if (open.end - open.start >= splitBytes && at < size) {
        ranges.push(open);
        open = { start: at, end: at, firstRecord: record };
      }
    }
    // what the scan could not read is the last range's: its job meets the problem and reports it
    open.end = size;
    ranges.push(open);
    return ranges.length > 1 ? ranges : null;
  } finally {
    closeSync(fd);
  }
}

type Read = (at: number, length: number) => Buffer;

/** The gzip member at `at`: its length in the file and the WARC records it holds; null when unreadable. */
function memberAt(
  read: Read,
  at: number,
  size: number,
  maxMemberBytes: number,
): { bytes: number; records: number } | null {
  for (let window = WINDOW_BYTES; ; window *= 2) {
    const buf = read(at, window);
    const header = gzipHeaderLength(buf);
    if (header === null) return null;
    try {
      const { buffer, engine } = inflateRawSync(buf.subarray(header), {
        info: true,
        maxOutputLength: Math.min(maxMemberBytes, kMaxLength),
      }) as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
      const bytes = header + engine.bytesWritten + GZIP_TRAILER_BYTES;
      if (bytes > buf.length) throw new Error('member cut off');
      return { bytes, records: countRecords(buffer) };
    } catch {
      // the member did not fit the window (or is corrupt: then the whole rest of the file fits, and fails again)
      if (at + window >= size) return null;
    }
  }
}

/** The length of the gzip header at the start of `buf`, or null when it is not one. */
function gzipHeaderLength(buf: Buffer): number | null {
  if (buf.length < 10 || buf[0] !== 0x1f || buf[1] !== 0x8b || buf[2] !== 8) return null;
  const flags = buf[3] ?? 0;
  let at = 10;
  if (flags & FLAG.extra) at += 2 + buf.readUInt16LE(at);
  for (const flag of [FLAG.name, FLAG.comment]) {
    if (!(flags & flag)) continue;
    const zero = buf.indexOf(0, at);
    if (zero === -1) return null;
    at = zero + 1;
  }
  if (flags & FLAG.hcrc) at += 2;
  return at <= buf.length ? at : null;
}

/** WARC records in decompressed bytes: each a header, its `Content-Length` bytes of block, and a blank line. */
function countRecords(bytes: Buffer): number {
  let records = 0;
  for (let at = 0; at < bytes.length; records++) {
    const extent = recordExtent(bytes, at);
    if (extent === null) return records;
    at += extent;
    // the two line ends after the block (tolerated missing at the very end)
    while (at < bytes.length && (bytes[at] === 0x0d || bytes[at] === 0x0a)) at++;
  }
  return records;
}

/** The bytes of the WARC record at `at` up to the end of its block, or null when no record starts there. */
function recordExtent(bytes: Buffer, at: number): number | null {
  if (!WARC_VERSION.test(bytes.subarray(at, at + 16).toString('latin1'))) return null;
  const end = bytes.indexOf(HEADER_END, at);
  if (end === -1) return null;
  const m = CONTENT_LENGTH.exec(bytes.subarray(at, end + 2).toString('latin1'));
  if (!m) return null;
  return end + HEADER_END.length - at + Number(m[1]);
}

/** The plain WARC record at `at`: its length in the file (with the blank line after it); null when unreadable. */
function recordAt(read: Read, at: number, size: number): { bytes: number; records: number } | null {
  for (let window = WINDOW_BYTES; ; window *= 2) {
    const buf = read(at, window);
    const end = buf.indexOf(HEADER_END);
    if (end === -1) {
      if (at + window >= size) return null;
      continue;
    }
    const extent = recordExtent(buf, 0);
    if (extent === null || at + extent > size) return null;
    const trailer = read(at + extent, 4);
    let bytes = extent;
    while (bytes - extent < trailer.length && (trailer[bytes - extent] === 0x0d || trailer[bytes - extent] === 0x0a))
      bytes++;
    return { bytes, records: 1 };
  }
}

/** The records of one range of a WARC file, numbered as in the whole file. */
export async function* readWarcRange(
  path: string,
  range: WarcRange,
  opts: Readonly<IngestOptions>,
): AsyncGenerator<RawRecord | InputProblem> {
  const raw = createReadStream(path, { start: range.start, end: range.end - 1, highWaterMark: 256 * 1024 });
  try {
    const first = read2(path, range.start);
    const chunks = first.equals(GZIP_MAGIC) ? gunzip(raw, path, opts.maxStreamBytes, opts.maxGzipRatio) : raw;
    yield* readWarc({ source: path, chunks, firstRecord: range.firstRecord }, opts);
  } catch (err) {
    // as a whole file's reading reports it: a corrupt or cut-off stream after the records before it
    yield err instanceof InputFailure ? err.problem : problem('E_UNREADABLE', path, reasonOf(err));
  } finally {
    raw.destroy();
  }
}

/** The two bytes of a file at `at`. */
function read2(path: string, at: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(2);
    return buf.subarray(0, readSync(fd, buf, 0, 2, at));
  } finally {
    closeSync(fd);
  }
}

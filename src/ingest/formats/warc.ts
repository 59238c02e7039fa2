import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { WARCParser, type WARCRecord } from 'warcio';
import { messageOf, problem } from '../../errors.js';
import { formatBytes } from '../bytes.js';
import { charsetOfContentType } from '../decode.js';
import { sniffFormat } from '../sniff.js';
import { recordFromBytes } from './document.js';
import type { FormatReader } from './reader.js';

/**
 * WARC archives (as in Common Crawl's CC-NEWS): each `response` or `resource`
 * record with a 2xx HTML or text payload is one article; other records
 * (request, metadata, warcinfo, images, redirects) are passed over. warcio
 * frames the records; the HTTP message inside is read here, so that every
 * record's length can be checked against its `Content-Length` — a record cut
 * off by the end of the file ends the file with a problem naming it, and the
 * records before it are kept.
 */
export const readWarc: FormatReader = async function* (input, opts) {
  let number = (input.firstRecord ?? 1) - 1;
  const parser = new WARCParser(input.chunks, { parseHttp: false });
  while (true) {
    let record: WARCRecord | null;
    try {
      record = await parser.parse();
    } catch (err) {
      yield problem('E_WARC', `${input.source}#record=${number + 1}`, messageOf(err));
      return;
    }
    if (!record) return;
    number++;
    const source = `${input.source}#record=${number}`;
    const wanted = record.warcType === 'response' || record.warcType === 'resource';
    const declared = Number(record.warcHeaders.headers.get('Content-Length'));
    if (!Number.isFinite(declared) || declared < 0) {
      yield problem('E_WARC', source, 'missing or invalid Content-Length');
      return;
    }
    // every record is read to its end: the next record starts after it
    const cap = opts.maxArticleBytes + HTTP_HEADER_ALLOWANCE;
    const block = await readBlock(record, wanted && declared <= cap);
    if (block.size < declared) {
      yield problem(
        'E_WARC',
        source,
        `record is truncated: Content-Length ${declared} but the file ends after ${block.size} bytes`,
      );
      return;
    }
    if (!wanted) continue;
    if (declared > cap) {
      yield problem('E_TOO_LARGE', source, `record of ${formatBytes(declared)}`);
      continue;
    }
    const url = record.warcTargetURI ?? undefined;
    const message =
      record.warcType === 'response'
        ? parseHttpResponse(block.bytes)
        : { status: 200, headers: new Map([['content-type', record.warcContentType ?? '']]), body: block.bytes };
    if (!message) {
      yield problem('E_WARC', source, 'response record holds no HTTP response');
      continue;
    }
    if (message.status < 200 || message.status >= 300) continue;
    const contentType = message.headers.get('content-type') ?? '';
    if (contentType && !ARTICLE_CONTENT_TYPES.test(contentType)) continue;
    let body: Buffer;
    try {
      body = decodeBody(message.body, message.headers, opts.maxArticleBytes);
    } catch (err) {
      yield problem('E_WARC', source, `cannot decode HTTP body: ${messageOf(err)}`);
      continue;
    }
    const format = sniffFormat(body.subarray(0, 4096), url ?? '');
    if (format !== 'html' && format !== 'text') continue;
    yield recordFromBytes(body, format, source, charsetOfContentType(contentType), url);
  }
};

/** Content types that may hold an article page. */
const ARTICLE_CONTENT_TYPES = /html|text\/plain|xml/i;

/** Room for HTTP headers on top of the article size cap. */
const HTTP_HEADER_ALLOWANCE = 64 * 1024;

/** Reads a record's block to its end, keeping the bytes only when asked. */
async function readBlock(record: WARCRecord, keep: boolean): Promise<{ size: number; bytes: Buffer }> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of record as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (keep) parts.push(Buffer.from(chunk));
  }
  return { size, bytes: keep ? Buffer.concat(parts, size) : Buffer.alloc(0) };
}

interface HttpMessage {
  status: number;
  headers: Map<string, string>;
  body: Buffer;
}

const HEADER_END = Buffer.from('\r\n\r\n');

/** Splits a raw HTTP response into status, lower-cased headers and body. */
function parseHttpResponse(block: Buffer): HttpMessage | null {
  let end = block.indexOf(HEADER_END);
  let skip = 4;
  if (end === -1) {
    end = block.indexOf('\n\n');
    skip = 2;
  }
  if (end === -1) return null;
  const [statusLine = '', ...lines] = block.subarray(0, end).toString('latin1').split(/\r?\n/);
  const m = /^HTTP\/\d(?:\.\d)?\s+(\d{3})/.exec(statusLine);
  if (!m) return null;
  const headers = new Map<string, string>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { status: Number(m[1]), headers, body: block.subarray(end + skip) };
}

/** Undoes chunked transfer coding and gzip/deflate/br content coding, within the size cap. */
function decodeBody(body: Buffer, headers: Map<string, string>, cap: number): Buffer {
  let out = body;
  if (/chunked/i.test(headers.get('transfer-encoding') ?? '')) out = dechunk(out);
  const coding = (headers.get('content-encoding') ?? '').toLowerCase().trim();
  const limits = { maxOutputLength: cap };
  if (coding === 'gzip' || coding === 'x-gzip') out = gunzipSync(out, limits);
  else if (coding === 'deflate') out = inflateSync(out, limits);
  else if (coding === 'br') out = brotliDecompressSync(out, limits);
  return out;
}

function dechunk(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  while (at < body.length) {
    const lineEnd = body.indexOf('\r\n', at);
    if (lineEnd === -1) break;
    const size = Number.parseInt(body.subarray(at, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

import { WARCParser } from 'warcio';
import { problem } from '../../errors.js';
import { charsetOfContentType } from '../http.js';
import { sniffFormat } from '../sniff.js';
import { recordFromBytes } from './document.js';
import type { FormatReader } from './reader.js';

/**
 * WARC archives (as in Common Crawl's CC-NEWS): each `response` record with an
 * HTML or text payload is one article; other records (request, metadata,
 * warcinfo, images) are passed over. A malformed record ends the file with a
 * problem naming the record number; records before it are kept.
 */
export const readWarc: FormatReader = async function* (input, opts) {
  let number = 0;
  const parser = new WARCParser(input.chunks);
  while (true) {
    let record: Awaited<ReturnType<WARCParser['parse']>>;
    try {
      record = await parser.parse();
    } catch (err) {
      yield problem('E_WARC', `${input.source}#record=${number + 1}`, (err as Error).message);
      return;
    }
    if (!record) return;
    number++;
    if (record.warcType !== 'response' && record.warcType !== 'resource') continue;
    const source = `${input.source}#record=${number}`;
    const url = record.warcTargetURI ?? undefined;
    const status = record.httpHeaders ? Number(record.httpHeaders.statusCode) : undefined;
    if (status !== undefined && (status < 200 || status >= 300)) continue;
    const contentType = record.httpHeaders?.headers.get('content-type') ?? record.warcContentType ?? '';
    if (contentType && !/html|text\/plain|xml/i.test(contentType)) continue;
    let payload: Uint8Array;
    try {
      payload = await record.readFully(true);
    } catch (err) {
      yield problem('E_WARC', source, `cannot read payload: ${(err as Error).message}`);
      return;
    }
    if (payload.length > opts.maxArticleBytes) {
      yield problem('E_TOO_LARGE', source, `payload of ${payload.length} bytes`);
      continue;
    }
    const bytes = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
    const format = sniffFormat(bytes.subarray(0, 4096), url ?? '');
    if (format !== 'html' && format !== 'text') continue;
    yield recordFromBytes(bytes, format, source, charsetOfContentType(contentType), url);
  }
};

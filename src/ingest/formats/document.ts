import { problem } from '../../errors.js';
import type { InputProblem, RawRecord } from '../../types.js';
import { collect } from '../bytes.js';
import { decode } from '../decode.js';
import { sha256 } from '../fields.js';
import type { FormatReader } from './reader.js';

/** A whole file that is one article: scraped plain text or an HTML page. */
export function documentReader(kind: 'text' | 'html'): FormatReader {
  return async function* readDocument(input, opts) {
    const bytes = await collect(input.chunks, opts.maxArticleBytes, input.source);
    yield recordFromBytes(bytes, kind, input.source, input.charsetHeader, input.url);
  };
}

/** Decodes one article-sized byte string into a raw record. */
export function recordFromBytes(
  bytes: Buffer,
  kind: 'text' | 'html',
  source: string,
  charsetHeader?: string | null,
  url?: string,
): RawRecord | InputProblem {
  const decoded = decode(bytes, { header: charsetHeader, html: kind === 'html' });
  if (!decoded) return problem('E_DECODE', source);
  if (isGarbled(decoded.text)) {
    return problem('E_DECODE', source, `text is not valid ${decoded.charset.value} (${decoded.charset.via})`);
  }
  if (decoded.text.includes('\0')) return problem('E_BINARY', source, 'NUL characters in decoded text');
  if (decoded.text.trim() === '') return problem('E_EMPTY', source);
  return {
    source,
    ...(url ? { url } : {}),
    kind,
    content: decoded.text,
    rawHash: sha256(bytes),
    charset: decoded.charset,
  };
}

/** Share of U+FFFD replacement characters above which decoding is taken to have failed. */
const MAX_REPLACEMENT_SHARE = 0.02;

/** Replacement characters and lone UTF-16 surrogates: what bytes outside their charset decode to. */
const UNDECODABLE = /\ufffd|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text full of undecodable characters came from bytes that are not in the charset they were decoded with. */
function isGarbled(text: string): boolean {
  const bad = text.match(UNDECODABLE)?.length ?? 0;
  return bad > 3 && bad / text.length > MAX_REPLACEMENT_SHARE;
}

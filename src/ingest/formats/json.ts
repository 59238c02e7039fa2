import { problem } from '../../errors.js';
import type { InputProblem, RawRecord } from '../../types.js';
import { collect, lines, peek } from '../bytes.js';
import { decode, streamCharset } from '../decode.js';
import { recordFromFields } from '../fields.js';
import type { FormatReader } from './reader.js';

/**
 * JSON Lines: one article object a line; a bad line is reported with its
 * number and the rest is read. A legacy charset is detected once from the
 * first 64 KiB (one line is often too short to tell) and every line that is
 * not valid UTF-8 is decoded with it.
 */
export const readJsonLines: FormatReader = async function* (input, opts) {
  const { head, all } = await peek(input.chunks, 64 * 1024);
  const stream = streamCharset(head);
  for await (const { number, bytes } of lines(all, opts.maxArticleBytes, input.source)) {
    if (bytes.length === 0 || isBlank(bytes)) continue;
    yield parseRecord(bytes, `${input.source}#record=${number}`, opts, stream);
  }
};

/** A JSON document: one article object, an array of them, or an object holding such an array. */
export const readJsonDocument: FormatReader = async function* (input, opts) {
  const bytes = await collect(input.chunks, opts.maxArticleBytes * JSON_DOCUMENT_FACTOR, input.source);
  const decoded = decode(bytes);
  if (!decoded) {
    yield problem('E_DECODE', input.source);
    return;
  }
  // a document of millions of tiny objects parses into gigabytes: counted first, in one pass
  const containers = countContainers(decoded.text, MAX_JSON_CONTAINERS);
  if (containers > MAX_JSON_CONTAINERS) {
    yield problem(
      'E_TOO_LARGE',
      input.source,
      `JSON document with more than ${MAX_JSON_CONTAINERS.toLocaleString('en')} objects and arrays (export it as JSON Lines)`,
    );
    return;
  }
  let value: unknown;
  try {
    value = JSON.parse(decoded.text);
  } catch (err) {
    // JSON Lines whose first record is longer than the sniffed head (stdin, a URL) lands here: read it by lines
    if (startsWithObjectLine(decoded.text)) yield* recordsOfLines(decoded.text, input.source, opts);
    else yield problem('E_JSON', input.source, (err as Error).message);
    return;
  }
  const items = articleList(value);
  if (!items) {
    yield problem('E_JSON', input.source, 'expected an article object or an array of them');
    return;
  }
  for (const [i, item] of items.entries()) {
    const source = items.length === 1 && !Array.isArray(value) ? input.source : `${input.source}#record=${i + 1}`;
    yield isObject(item)
      ? recordFromFields(item, source, JSON.stringify(item), opts)
      : problem('E_JSON', source, 'array element is not an object');
  }
};

/** Whether the first line of a text is a whole JSON object and more follows: JSON Lines. */
function startsWithObjectLine(text: string): boolean {
  const nl = text.indexOf('\n');
  if (nl === -1 || nl === text.length - 1) return false;
  try {
    return isObject(JSON.parse(text.slice(0, nl)));
  } catch {
    return false;
  }
}

function* recordsOfLines(text: string, source: string, opts: Parameters<FormatReader>[1]) {
  let number = 0;
  for (const line of text.split('\n')) {
    number++;
    if (line.trim() === '') continue;
    const at = `${source}#record=${number}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      yield problem('E_JSON', at, (err as Error).message);
      continue;
    }
    yield isObject(value)
      ? recordFromFields(value, at, line, opts)
      : problem('E_JSON', at, 'line is not a JSON object');
  }
}

/**
 * A JSON document (unlike JSON Lines) is parsed whole: it may be this many
 * times the article cap (80 MiB by default). Parsing takes about nine times
 * the file size in memory at peak, so this keeps a run under 1 GB.
 */
const JSON_DOCUMENT_FACTOR = 4;

/**
 * Objects and arrays a JSON document may hold. Each costs tens of bytes once
 * parsed, so a 160 MB document of `{},` would take gigabytes; a real export of
 * articles has a few per article.
 */
const MAX_JSON_CONTAINERS = 1_000_000;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Counts `{` and `[` outside strings, stopping once past `stopAfter`; linear. */
function countContainers(text: string, stopAfter: number): number {
  let count = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if ((c === OPEN_BRACE || c === OPEN_BRACKET) && ++count > stopAfter) return count;
  }
  return count;
}

function parseRecord(
  bytes: Buffer,
  source: string,
  opts: Parameters<FormatReader>[1],
  stream: string | null,
): RawRecord | InputProblem {
  const decoded = decode(bytes, { stream });
  if (!decoded) return problem('E_DECODE', source);
  let value: unknown;
  try {
    value = JSON.parse(decoded.text);
  } catch (err) {
    return problem('E_JSON', source, (err as Error).message);
  }
  if (!isObject(value)) return problem('E_JSON', source, 'line is not a JSON object');
  return recordFromFields(value, source, bytes, opts);
}

/** Exports wrap their list in an object as often as not: `{articles: [...]}`, `{data: [...]}`. */
function articleList(value: unknown): unknown[] | null {
  if (Array.isArray(value)) return value;
  if (!isObject(value)) return null;
  for (const key of ['articles', 'items', 'data', 'results', 'records', 'stories']) {
    if (Array.isArray(value[key])) return value[key] as unknown[];
  }
  return [value];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isBlank(bytes: Buffer): boolean {
  for (const b of bytes) if (b !== 32 && b !== 9 && b !== 13) return false;
  return true;
}

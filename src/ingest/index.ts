import { problem } from '../errors.js';
import type { InputFormat, InputProblem, RawRecord } from '../types.js';
import { type Chunks, formatBytes, GZIP_MAGIC, gunzip, InputFailure, peek } from './bytes.js';
import { documentReader } from './formats/document.js';
import type { FormatReader, OpenedInput } from './formats/reader.js';
import type { IngestOptions } from './options.js';
import { sniffFormat } from './sniff.js';
import { fileChunks, reasonOf, walk } from './walk.js';

export type { IngestOptions } from './options.js';
export { INGEST_DEFAULTS, ingestOptions, parseByteSize, parseFieldMap } from './options.js';

/**
 * The reader of each sniffed format. The parsers of structured formats
 * (warcio, csv-parse, the feed parser) are loaded when their format is first
 * met: a folder of text files never pays for them at start-up.
 */
const READERS: Readonly<Record<InputFormat, () => Promise<FormatReader>>> = {
  text: async () => documentReader('text'),
  html: async () => documentReader('html'),
  json: async () => (await import('./formats/json.js')).readJsonDocument,
  jsonl: async () => (await import('./formats/json.js')).readJsonLines,
  csv: async () => (await import('./formats/csv.js')).readCsv,
  warc: async () => (await import('./formats/warc.js')).readWarc,
  feed: async () => (await import('./formats/feed.js')).readFeed,
};
const loadedReaders = new Map<InputFormat, FormatReader>();

async function readerOf(format: InputFormat): Promise<FormatReader> {
  let reader = loadedReaders.get(format);
  if (!reader) {
    reader = await READERS[format]();
    loadedReaders.set(format, reader);
  }
  return reader;
}

/** Bytes peeked to sniff a format. */
const SNIFF_BYTES = 64 * 1024;

const URL_PATTERN = /^https?:\/\//i;

/** A file named as JSON Lines is read line by line even when its first line is broken. */
const JSONL_NAME = /\.(?:jsonl|ndjson|jsonlines)(?:\.gz)?$/i;

/**
 * Reads every input (file, folder, http(s) URL, or `-` for stdin) and yields
 * its raw records in order. A problem with one input or record is yielded as
 * a value and reading goes on with the next.
 */
export async function* readInputs(
  inputs: readonly string[],
  opts: Readonly<IngestOptions>,
  stdin: Chunks = process.stdin,
): AsyncGenerator<RawRecord | InputProblem> {
  for (const input of inputs) {
    if (input === '-') {
      yield* readOpened({ source: '-', chunks: stdin }, '', opts);
    } else if (URL_PATTERN.test(input)) {
      let opened: OpenedInput;
      try {
        // the HTTP client (undici) is loaded only when a URL is read: a local ingest starts faster
        const { openUrl } = await import('./fetch.js');
        opened = await openUrl(input, opts);
      } catch (err) {
        yield failure(err, input);
        continue;
      }
      yield* readOpened(opened, new URL(input).pathname, opts);
    } else {
      for (const found of walk(input)) {
        if ('code' in found) yield found;
        else if (found.size === 0) yield problem('E_EMPTY', found.path);
        // refused by its size before a byte is read: a sparse 30 GB file costs nothing
        else if (found.size > opts.maxStreamBytes) yield tooLarge(found.path, found.size, opts.maxStreamBytes);
        else yield* readOpened({ source: found.path, chunks: fileChunks(found.open, found.size) }, found.path, opts);
      }
    }
  }
}

/** Decompresses when gzip, sniffs the format and hands the input to its reader. */
export async function* readOpened(
  input: OpenedInput,
  name: string,
  opts: Readonly<IngestOptions>,
): AsyncGenerator<RawRecord | InputProblem> {
  // every source opened here is released on the way out, however reading ended
  const opened: Array<() => Promise<void>> = [];
  try {
    let { head, all, complete, close } = await peek(input.chunks, SNIFF_BYTES);
    opened.push(close);
    if (head.length >= 2 && head.subarray(0, 2).equals(GZIP_MAGIC)) {
      ({ head, all, complete, close } = await peek(
        gunzip(all, input.source, opts.maxStreamBytes, opts.maxGzipRatio),
        SNIFF_BYTES,
      ));
      opened.unshift(close);
    }
    const sniffed = sniffFormat(head, name);
    // a blank head with more behind it is read on as text: it may be padding, or a bomb for the caps to stop
    const format =
      sniffed === 'empty' && !complete ? 'text' : sniffed === 'json' && JSONL_NAME.test(name) ? 'jsonl' : sniffed;
    if (format === 'binary') {
      yield problem('E_BINARY', input.source);
      return;
    }
    if (format === 'empty') {
      yield problem('E_EMPTY', input.source);
      return;
    }
    const reader = await readerOf(format);
    yield* reader({ ...input, chunks: all }, opts);
  } catch (err) {
    yield failure(err, input.source);
  } finally {
    for (const close of opened) await close().catch(() => undefined);
  }
}

function tooLarge(path: string, size: number, cap: number): InputProblem {
  return problem(
    'E_TOO_LARGE',
    path,
    `file of ${formatBytes(size)}, above the ${formatBytes(cap)} stream cap (--max-stream-size)`,
  );
}

function failure(err: unknown, source: string): InputProblem {
  if (err instanceof InputFailure) return err.problem;
  return problem('E_UNREADABLE', source, reasonOf(err));
}

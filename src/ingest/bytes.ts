import { once } from 'node:events';
import { createGunzip } from 'node:zlib';
import { messageOf, problem } from '../errors.js';
import type { InputProblem } from '../types.js';

/** A stream of bytes read from one input, consumed once. */
export type Chunks = AsyncIterable<Buffer>;

/** Thrown inside a byte stream to stop reading; carries the problem to report. */
export class InputFailure extends Error {
  constructor(readonly problem: InputProblem) {
    super(problem.message);
  }
}

export const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);

/**
 * A stream whose bytes come in one piece (a small file read in one call):
 * `peek` and `collect` take the buffer as it is, without copying it or
 * stepping through an async iterator. The bytes are read on first use, so a
 * read error surfaces where the stream is consumed, like any stream's.
 */
export class WholeBytes implements AsyncIterable<Buffer> {
  #bytes: Buffer | undefined;

  constructor(private readonly read: () => Buffer) {}

  get bytes(): Buffer {
    this.#bytes ??= this.read();
    return this.#bytes;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Buffer> {
    yield this.bytes;
  }
}

/** What `peek` returns: the head, a replay of the whole stream, and a way to let go of the source. */
export interface Peeked {
  head: Buffer;
  /** Every byte from the start, the head included; consumed once. */
  all: Chunks;
  /** Whether the head is the whole stream. */
  complete: boolean;
  /**
   * Releases the source (closes the file, stops the decompressor). A reader
   * that stops early (a binary file refused on its first bytes) must call it:
   * an abandoned file stream keeps its descriptor open, and a folder of
   * thousands of large images would run the process out of descriptors.
   */
  close: () => Promise<void>;
}

/**
 * Reads up to `size` bytes from the start of a stream; returns them, a stream
 * that replays everything, and whether the head is the whole stream.
 */
export async function peek(chunks: Chunks, size: number): Promise<Peeked> {
  if (chunks instanceof WholeBytes) {
    const bytes = chunks.bytes;
    return { head: bytes.subarray(0, size), all: chunks, complete: bytes.length < size, close: async () => {} };
  }
  const iterator = chunks[Symbol.asyncIterator]();
  const seen: Buffer[] = [];
  let length = 0;
  let done = false;
  // a stream that fails early (a truncated gzip) still replays what came before the failure
  let failure: unknown = null;
  try {
    while (length < size) {
      const next = await iterator.next();
      if (next.done) {
        done = true;
        break;
      }
      seen.push(next.value);
      length += next.value.length;
    }
  } catch (err) {
    failure = err;
  }
  const head = Buffer.concat(seen).subarray(0, size);
  const close = async () => {
    await iterator.return?.();
  };
  async function* all() {
    try {
      yield* seen;
      if (failure) throw failure;
      if (done) return;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
    } finally {
      // a reader that stops early (a size cap, a parse error) lets go of the source here
      await close();
    }
  }
  return { head, all: all(), complete: done && length <= size, close };
}

/** Collects a whole stream into one buffer, failing with `E_TOO_LARGE` past `cap` bytes. */
export async function collect(chunks: Chunks, cap: number, source: string): Promise<Buffer> {
  if (chunks instanceof WholeBytes) {
    if (chunks.bytes.length > cap) throw tooLargeStream(cap, source);
    return chunks.bytes;
  }
  const parts: Buffer[] = [];
  let length = 0;
  for await (const chunk of chunks) {
    length += chunk.length;
    if (length > cap) throw tooLargeStream(cap, source);
    parts.push(chunk);
  }
  return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, length);
}

function tooLargeStream(cap: number, source: string): InputFailure {
  return new InputFailure(problem('E_TOO_LARGE', source, `more than ${formatBytes(cap)}`));
}

/**
 * Decompresses a gzip stream (all members), failing past `cap` output bytes or
 * past `maxRatio` output/input once the output is large: a bomb is refused
 * before it fills memory or disk. Everything decompressed before a corrupt or
 * truncated spot is yielded before the `E_GZIP` failure, so the records of a
 * cut-off download up to the cut are kept.
 */
export async function* gunzip(chunks: Chunks, source: string, cap: number, maxRatio: number): Chunks {
  let inBytes = 0;
  let outBytes = 0;
  const unzip = createGunzip();
  const queue: Buffer[] = [];
  let failure: unknown = null;
  let ended = false;
  let wake: (() => void) | null = null;
  const signal = () => {
    wake?.();
    wake = null;
  };
  unzip.on('data', (chunk: Buffer) => {
    queue.push(chunk);
    // backpressure: stop decompressing while the reader is behind
    if (queue.length >= QUEUE_HIGH) unzip.pause();
    signal();
  });
  unzip.on('error', (err) => {
    failure ??= err;
    signal();
  });
  unzip.on('end', () => {
    ended = true;
    signal();
  });
  const stopFeeding = new AbortController();
  const feeding = (async () => {
    try {
      for await (const chunk of chunks) {
        inBytes += chunk.length;
        if (failure || unzip.destroyed) return;
        if (!unzip.write(chunk)) await once(unzip, 'drain', { signal: stopFeeding.signal });
      }
      unzip.end();
    } catch (err) {
      failure ??= err;
      signal();
    }
  })();
  try {
    while (true) {
      const chunk = queue.shift();
      if (chunk) {
        if (queue.length < QUEUE_LOW && unzip.isPaused()) unzip.resume();
        outBytes += chunk.length;
        if (outBytes > cap) {
          throw new InputFailure(problem('E_TOO_LARGE', source, `decompresses to more than ${formatBytes(cap)}`));
        }
        if (outBytes > RATIO_CHECK_AFTER && outBytes > inBytes * maxRatio) {
          throw new InputFailure(
            problem('E_TOO_LARGE', source, `decompression ratio above ${maxRatio}:1 (a decompression bomb?)`),
          );
        }
        yield chunk;
        continue;
      }
      if (failure) throw failure;
      if (ended) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } catch (err) {
    if (err instanceof InputFailure) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const detail = code === 'Z_BUF_ERROR' ? 'unexpected end of file (truncated?)' : messageOf(err);
    throw new InputFailure(problem('E_GZIP', source, detail));
  } finally {
    stopFeeding.abort();
    unzip.destroy();
    await feeding.catch(() => undefined);
  }
}

/** Decompressed chunks queued before decompression pauses, and the level at which it resumes. */
const QUEUE_HIGH = 16;
const QUEUE_LOW = 4;

/** Output size after which the gzip ratio cap applies: small files may compress very well. */
const RATIO_CHECK_AFTER = 64 * 1024 * 1024;

/**
 * Splits a byte stream into lines (without the line end), each with its
 * 1-based number. Linear in the input: a partial line is kept as a list of
 * pieces and joined once, when its end arrives.
 */
export async function* lines(chunks: Chunks, maxLineBytes: number, source: string) {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let number = 0;
  for await (const chunk of chunks) {
    let start = 0;
    for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
      number++;
      let line = chunk.subarray(start, nl);
      if (pending.length) {
        line = Buffer.concat([...pending, line]);
        pending = [];
        pendingBytes = 0;
      }
      yield { number, bytes: line.length && line[line.length - 1] === 13 ? line.subarray(0, -1) : line };
      start = nl + 1;
    }
    if (start < chunk.length) {
      pending.push(chunk.subarray(start));
      pendingBytes += chunk.length - start;
      if (pendingBytes > maxLineBytes) {
        throw new InputFailure(
          problem('E_TOO_LARGE', `${source}#record=${number + 1}`, `line longer than ${formatBytes(maxLineBytes)}`),
        );
      }
    }
  }
  if (pendingBytes) yield { number: number + 1, bytes: Buffer.concat(pending) };
}

export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${Number.isInteger(v) ? v : v.toFixed(1)} ${units[i]}`;
}

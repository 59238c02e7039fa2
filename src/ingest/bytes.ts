import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { problem } from '../errors.js';
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

/** Reads up to `size` bytes from the start of a stream; returns them and a stream that replays them. */
export async function peek(chunks: Chunks, size: number): Promise<{ head: Buffer; all: Chunks }> {
  const iterator = chunks[Symbol.asyncIterator]();
  const seen: Buffer[] = [];
  let length = 0;
  let done = false;
  while (length < size) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    seen.push(next.value);
    length += next.value.length;
  }
  const head = Buffer.concat(seen).subarray(0, size);
  async function* all() {
    yield* seen;
    if (done) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return { head, all: all() };
}

/** Collects a whole stream into one buffer, failing with `E_TOO_LARGE` past `cap` bytes. */
export async function collect(chunks: Chunks, cap: number, source: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  let length = 0;
  for await (const chunk of chunks) {
    length += chunk.length;
    if (length > cap) throw new InputFailure(problem('E_TOO_LARGE', source, `more than ${formatBytes(cap)}`));
    parts.push(chunk);
  }
  return Buffer.concat(parts, length);
}

/**
 * Decompresses a gzip stream (all members), failing past `cap` output bytes or
 * past `maxRatio` output/input once the output is large: a bomb is refused
 * before it fills memory or disk.
 */
export async function* gunzip(chunks: Chunks, source: string, cap: number, maxRatio: number): Chunks {
  let inBytes = 0;
  let outBytes = 0;
  const counted = (async function* () {
    for await (const chunk of chunks) {
      inBytes += chunk.length;
      yield chunk;
    }
  })();
  const unzip = Readable.from(counted).pipe(createGunzip());
  try {
    for await (const chunk of unzip as AsyncIterable<Buffer>) {
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
    }
  } catch (err) {
    if (err instanceof InputFailure) throw err;
    const detail = (err as NodeJS.ErrnoException).code === 'Z_BUF_ERROR' ? 'unexpected end of file' : String(err);
    throw new InputFailure(problem('E_GZIP', source, detail.replace(/^Error: /, '')));
  } finally {
    unzip.destroy();
  }
}

/** Output size after which the gzip ratio cap applies: small files may compress very well. */
const RATIO_CHECK_AFTER = 64 * 1024 * 1024;

/** Splits a byte stream into lines (without the line end), each with its 1-based number. */
export async function* lines(chunks: Chunks, maxLineBytes: number, source: string) {
  let carry: Buffer = Buffer.alloc(0);
  let number = 0;
  for await (const chunk of chunks) {
    let buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    let start = 0;
    for (let nl = buf.indexOf(10, start); nl !== -1; nl = buf.indexOf(10, start)) {
      number++;
      const end = nl > start && buf[nl - 1] === 13 ? nl - 1 : nl;
      yield { number, bytes: buf.subarray(start, end) };
      start = nl + 1;
    }
    buf = buf.subarray(start);
    if (buf.length > maxLineBytes) {
      throw new InputFailure(
        problem('E_TOO_LARGE', `${source}#record=${number + 1}`, `line longer than ${formatBytes(maxLineBytes)}`),
      );
    }
    carry = Buffer.from(buf);
  }
  if (carry.length) yield { number: number + 1, bytes: carry };
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

import {
  closeSync,
  createReadStream,
  lstatSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  realpathSync,
  statSync,
} from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { join, sep } from 'node:path';
import { problem } from '../errors.js';
import { WholeBytes } from './bytes.js';
import type { InputProblem } from '../types.js';

/** A regular file found under an input path. */
export interface FoundFile {
  /** The path as shown and stored as the source (a name that is not UTF-8 shows U+FFFD). */
  path: string;
  /** The path to open: the exact bytes when a name is not valid UTF-8, else `path`. */
  open: string | Buffer;
  size: number;
}

/**
 * Lists the regular files under a path, depth first in name order. Symlinks
 * are followed once (a loop is reported, not followed); dot-files and
 * dot-folders are passed over; FIFOs, sockets and devices are reported and
 * never opened, so a walk never blocks. File-system calls are synchronous:
 * each is a few microseconds on a local disk, where an asynchronous one costs
 * a thread-pool round trip, and a walk of 100,000 files is all calls; the
 * walk is a plain generator, so a file costs no promise per folder level. Names
 * are read as bytes: a file named in a legacy charset (`caf\xe9.txt` from an
 * old archive) is opened by its real name, not lost as "no such file".
 */
export function walk(path: string, seen = new Set<string>()): Generator<FoundFile | InputProblem> {
  return walkAt(path, path, seen);
}

function* walkAt(path: string | Buffer, shown: string, seen: Set<string>): Generator<FoundFile | InputProblem> {
  let info: ReturnType<typeof statSync>;
  try {
    const link = lstatSync(path);
    info = link.isSymbolicLink() ? statSync(path) : link;
  } catch (err) {
    yield problem('E_UNREADABLE', shown, reasonOf(err));
    return;
  }
  if (info.isFile()) {
    yield { path: shown, open: path, size: info.size };
    return;
  }
  if (!info.isDirectory()) {
    yield problem('E_SKIPPED', shown, kindOf(info));
    return;
  }
  let real: string;
  try {
    real = realpathSync(path, { encoding: 'buffer' }).toString('latin1');
  } catch (err) {
    yield problem('E_UNREADABLE', shown, reasonOf(err));
    return;
  }
  if (seen.has(real)) {
    yield problem('E_SKIPPED', shown, 'folder already visited (symlink loop)');
    return;
  }
  seen.add(real);
  let names: Array<{ bytes: Buffer; text: string }>;
  try {
    names = readdirSync(path, { encoding: 'buffer' })
      .filter((n) => n[0] !== DOT)
      .map((bytes) => ({ bytes, text: bytes.toString('utf8') }))
      .sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
  } catch (err) {
    yield problem('E_UNREADABLE', shown, reasonOf(err));
    return;
  }
  for (const { bytes, text } of names) {
    const child =
      typeof path === 'string' && isUtf8(bytes) ? join(path, text) : Buffer.concat([asBytes(path), SEP, bytes]);
    yield* walkAt(child, join(shown, text), seen);
  }
}

const DOT = 0x2e;
const SEP = Buffer.from(sep);

function asBytes(path: string | Buffer): Buffer {
  return typeof path === 'string' ? Buffer.from(path) : path;
}

/** Files up to this size are read in one synchronous call; larger ones are streamed. */
const READ_WHOLE_BYTES = 4 * 1024 * 1024;

/** Reads a file as a byte stream: small files whole, in one call; large ones in 256 KiB chunks. */
export function fileChunks(path: string | Buffer, size = Number.POSITIVE_INFINITY): AsyncIterable<Buffer> {
  if (size <= READ_WHOLE_BYTES) return new WholeBytes(() => readWhole(path, size));
  return createReadStream(path, { highWaterMark: 256 * 1024 });
}

/**
 * A file of known size in one read (open, read, close: `readFileSync` would
 * ask its size again). One byte more is asked for: a file that grew since its
 * size was read is read again whole.
 */
function readWhole(path: string | Buffer, size: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(size + 1);
    const read = readSync(fd, buffer, 0, size + 1, 0);
    return read <= size ? buffer.subarray(0, read) : readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

function kindOf(info: {
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
}): string {
  if (info.isFIFO()) return 'a named pipe (FIFO)';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device file';
  return 'not a regular file or folder';
}

/** A file-system error as a short reason: `permission denied`, `no such file or folder`. */
export function reasonOf(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  return FS_REASONS[code ?? ''] ?? (err as Error).message;
}

const FS_REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ELOOP: 'too many levels of symbolic links',
  EISDIR: 'is a folder',
  EIO: 'input/output error',
  ENAMETOOLONG: 'file name too long',
};

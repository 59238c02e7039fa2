import { createReadStream, lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { problem } from '../errors.js';
import type { InputProblem } from '../types.js';

/** A regular file found under an input path. */
export interface FoundFile {
  path: string;
  size: number;
}

/**
 * Lists the regular files under a path, depth first in name order. Symlinks
 * are followed once (a loop is reported, not followed); dot-files and
 * dot-folders are passed over; FIFOs, sockets and devices are reported and
 * never opened, so a walk never blocks. File-system calls are synchronous:
 * each is a few microseconds on a local disk, where an asynchronous one costs
 * a thread-pool round trip, and a walk of 100,000 files is all calls.
 */
export async function* walk(path: string, seen = new Set<string>()): AsyncGenerator<FoundFile | InputProblem> {
  let info: ReturnType<typeof statSync>;
  try {
    const link = lstatSync(path);
    info = link.isSymbolicLink() ? statSync(path) : link;
  } catch (err) {
    yield problem('E_UNREADABLE', path, reasonOf(err));
    return;
  }
  if (info.isFile()) {
    yield { path, size: info.size };
    return;
  }
  if (!info.isDirectory()) {
    yield problem('E_SKIPPED', path, kindOf(info));
    return;
  }
  let real: string;
  try {
    real = realpathSync(path);
  } catch (err) {
    yield problem('E_UNREADABLE', path, reasonOf(err));
    return;
  }
  if (seen.has(real)) {
    yield problem('E_SKIPPED', path, 'folder already visited (symlink loop)');
    return;
  }
  seen.add(real);
  let names: string[];
  try {
    names = readdirSync(path)
      .filter((n) => !n.startsWith('.'))
      .sort();
  } catch (err) {
    yield problem('E_UNREADABLE', path, reasonOf(err));
    return;
  }
  for (const name of names) yield* walk(join(path, name), seen);
}

/** Files up to this size are read in one synchronous call; larger ones are streamed. */
const READ_WHOLE_BYTES = 4 * 1024 * 1024;

/** Reads a file as a byte stream: small files whole, at once; large ones in 256 KiB chunks. */
export function fileChunks(path: string, size = Number.POSITIVE_INFINITY): AsyncIterable<Buffer> {
  if (size <= READ_WHOLE_BYTES) {
    return (async function* () {
      yield readFileSync(path);
    })();
  }
  return createReadStream(path, { highWaterMark: 256 * 1024 });
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

/**
 * Word vectors for story clustering: paraphrase evidence beyond shared words
 * (`senate` near `lawmaker`, `jobless` near `unemployment`). Trained by
 * `npm run train:vectors` (`scripts/train-vectors.ts`: positive PMI over
 * co-occurrence windows, truncated SVD) and committed as
 * `models/word-vectors.json`. The file holds no text: each row is keyed by
 * the 32-bit hash of a stemmed term (`fmix32(fnv1a(term))`, the hash the
 * clusterer uses before folding it into its feature slots) and its vector is
 * quantised to bytes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { modelCandidates } from '../model-files.js';

/** The committed file's format tag. */
export const VECTORS_FORMAT = 'dossier-word-vectors@1';

/** `models/word-vectors.json` as written by the training script. */
export interface WordVectorsFile {
  format: string;
  version: string;
  /** What the vectors were trained on, with which settings, and the command that rebuilds them. */
  trainedOn: Record<string, unknown>;
  dim: number;
  /** Row keys, ascending: little-endian `Uint32Array`, base64. */
  hashes: string;
  /** Rows of `dim` bytes (`Int8Array`, value / 127 = component), base64; each row has norm ≈ 1. */
  vectors: string;
}

/** A table of unit word vectors keyed by term hash. */
export class WordVectors {
  /** Rows, `dim` floats each, unit length. */
  readonly data: Float32Array;
  private readonly slots: Int32Array;
  private readonly keys: Uint32Array;
  private readonly mask: number;

  constructor(
    readonly version: string,
    readonly dim: number,
    hashes: Uint32Array,
    vectors: Float32Array,
  ) {
    if (vectors.length !== hashes.length * dim) throw new RangeError(`word vectors ${version}: rows and keys differ`);
    this.data = vectors;
    let size = 1;
    while (size < hashes.length * 2) size *= 2;
    this.mask = size - 1;
    this.slots = new Int32Array(size).fill(-1);
    this.keys = new Uint32Array(size);
    hashes.forEach((h, row) => {
      let s = h & this.mask;
      while (this.slots[s] !== -1) s = (s + 1) & this.mask;
      this.slots[s] = row;
      this.keys[s] = h;
    });
  }

  /** Number of rows. */
  get size(): number {
    return this.data.length / this.dim;
  }

  /** The row of a term hash, or -1 when the term has no vector. */
  row(hash: number): number {
    let s = hash & this.mask;
    for (let r = this.slots[s] as number; r !== -1; r = this.slots[s] as number) {
      if (this.keys[s] === hash) return r;
      s = (s + 1) & this.mask;
    }
    return -1;
  }

  /** Options fingerprints (the link version) name the model, not its numbers. */
  toJSON(): string {
    return this.version;
  }

  /** Reads a committed vectors file; throws naming the file and what is wrong with it. */
  static read(path: string): WordVectors {
    return WordVectors.parse(JSON.parse(readFileSync(path, 'utf8')) as WordVectorsFile, path);
  }

  /** A table from a vectors file's contents; `where` names it in errors. */
  static parse(file: WordVectorsFile, where: string): WordVectors {
    if (file.format !== VECTORS_FORMAT) throw new Error(`${where}: not a ${VECTORS_FORMAT} file`);
    const hb = Buffer.from(file.hashes, 'base64');
    const vb = Buffer.from(file.vectors, 'base64');
    const hashes = new Uint32Array(hb.length / 4);
    for (let i = 0; i < hashes.length; i++) hashes[i] = hb.readUInt32LE(i * 4);
    const vectors = new Float32Array(vb.length);
    for (let i = 0; i < vb.length; i++) vectors[i] = vb.readInt8(i) / 127;
    return new WordVectors(file.version, file.dim, hashes, vectors);
  }
}

/** The bytes a vectors file stores for a table (the inverse of `WordVectors.read`). */
export function encodeVectors(hashes: Uint32Array, vectors: Float32Array): { hashes: string; vectors: string } {
  const hb = Buffer.alloc(hashes.length * 4);
  hashes.forEach((h, i) => hb.writeUInt32LE(h, i * 4));
  const vb = Buffer.alloc(vectors.length);
  vectors.forEach((x, i) => vb.writeInt8(Math.max(-127, Math.min(127, Math.round(x * 127))), i));
  return { hashes: hb.toString('base64'), vectors: vb.toString('base64') };
}

let shipped: WordVectors | null | undefined;

/** The committed model (`models/word-vectors.json`), loaded once; null when no file is shipped. */
export function shippedVectors(): WordVectors | null {
  if (shipped === undefined) {
    const path = modelCandidates('word-vectors.json').find((p) => existsSync(p));
    shipped = path ? WordVectors.read(path) : null;
  }
  return shipped;
}

import type { InputProblem, RawRecord } from '../../types.js';
import type { Chunks } from '../bytes.js';
import type { IngestOptions } from '../options.js';

/** One opened input, its format already sniffed. */
export interface OpenedInput {
  /** Path, URL or `-`; records inside add `#record=N`. */
  source: string;
  /** The decompressed bytes, from the start. */
  chunks: Chunks;
  /** The page URL when the input was fetched. */
  url?: string;
  /** The charset a `Content-Type` header declared. */
  charsetHeader?: string | null;
  /** The number of the first record in `chunks` (a part of a WARC file read alone). @default 1 */
  firstRecord?: number;
}

/** Reads the records of one format out of an opened input. Problems inside are yielded, not thrown. */
export type FormatReader = (
  input: OpenedInput,
  opts: Readonly<IngestOptions>,
) => AsyncIterable<RawRecord | InputProblem>;

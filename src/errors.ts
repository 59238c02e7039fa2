/**
 * The catalogue of coded errors. Expected outcomes about a piece of input
 * (empty file, malformed record) are `InputProblem` values carrying one of
 * these codes; only misuse and fatal conditions throw a `DossierError`.
 * The CLI maps codes to exit statuses in one place (`src/cli/exit.ts`).
 */

export const CODES = {
  // input problems: the run goes on
  E_UNREADABLE: 'cannot read input',
  E_EMPTY: 'input is empty',
  E_BINARY: 'input is binary, not text, HTML, JSON, CSV, WARC or a feed',
  E_TOO_LARGE: 'input is larger than the size cap',
  E_GZIP: 'gzip stream is corrupt or truncated',
  E_DECODE: 'cannot decode the text in any known charset',
  E_JSON: 'malformed JSON',
  E_CSV: 'malformed CSV',
  E_WARC: 'malformed WARC record',
  E_FEED: 'malformed RSS/Atom feed',
  E_NO_TEXT: 'no article text found',
  E_FETCH: 'fetch failed',
  E_ROBOTS: 'disallowed by robots.txt',
  E_PRIVATE_ADDRESS: 'refusing to fetch a private, loopback or link-local address',
  E_SKIPPED: 'not a regular file',
  // misuse and fatal conditions: thrown
  E_USAGE: 'invalid command-line usage',
  E_OPTION: 'invalid option value',
  E_DB: 'database error',
  E_DISK_FULL: 'no space left on the disk holding the dossier',
  E_NOT_FOUND: 'no such item',
  // HTTP API
  E_PARAM: 'invalid request parameter',
  E_AUTH: 'missing or wrong bearer token',
  E_READ_ONLY: 'the server is read-only; start it with --allow-ingest to accept articles',
} as const;

export type ErrorCode = keyof typeof CODES;

/** Prefixes a catalogue key with the project name: `E_JSON` -> `DOSSIER_E_JSON`. */
export const fullCode = (code: ErrorCode): string => `DOSSIER_${code}`;

/** A thrown error with a catalogue code; the message says how to fix it. */
export class DossierError extends Error {
  readonly code: string;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DossierError';
    this.code = fullCode(code);
  }
}

/** Builds the value that reports a problem with one input or record. */
export function problem(code: ErrorCode, source: string, detail?: string) {
  return { code: fullCode(code), source, message: detail ? `${CODES[code]}: ${detail}` : CODES[code] };
}

/** The message of any thrown value, on one line. */
export function messageOf(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.replace(/\s+/g, ' ').trim();
}

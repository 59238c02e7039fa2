import { DossierError } from '../errors.js';

/** Options of the ingest stage. Validated and frozen once by `ingestOptions`. */
export interface IngestOptions {
  /**
   * Largest article-sized input (a text or HTML file, a feed, one JSON document,
   * one record), in bytes, after decompression.
   * @default 20 MiB
   */
  maxArticleBytes: number;
  /**
   * Largest stream read from one input after decompression (a JSONL, CSV or
   * WARC file, or a `.gz`), in bytes. Guards against decompression bombs.
   * @default 8 GiB
   */
  maxStreamBytes: number;
  /**
   * Largest ratio of decompressed to compressed bytes accepted once more than
   * 64 MiB came out of a gzip stream. News text compresses about 3–10×.
   * @default 200
   */
  maxGzipRatio: number;
  /** Record field names to read our fields from: `{ text: 'content' }` reads `text` from `content`. @default {} */
  fieldMap: Readonly<Record<string, string>>;
  /** Allow fetching from loopback, private and link-local addresses. @default false */
  allowPrivate: boolean;
  /** Fetch the pages that feed items link to; when false the item's own content is used. @default true */
  fetchLinks: boolean;
  /** The User-Agent sent with every request. */
  userAgent: string;
  /** Timeout of one HTTP request, in milliseconds. @default 15000 */
  timeoutMs: number;
}

export const INGEST_DEFAULTS: Readonly<IngestOptions> = Object.freeze({
  maxArticleBytes: 20 * 1024 * 1024,
  maxStreamBytes: 8 * 1024 * 1024 * 1024,
  maxGzipRatio: 200,
  fieldMap: Object.freeze({}),
  allowPrivate: false,
  fetchLinks: true,
  userAgent: 'dossier/0.1 (+https://github.com/dossier-news/dossier; news research crawler)',
  timeoutMs: 15_000,
});

/** The article fields a `--map` may rename. */
export const MAPPABLE_FIELDS = ['url', 'title', 'text', 'html', 'published', 'outlet', 'author', 'language'] as const;

/** Merges, validates and freezes ingest options. Throws `DOSSIER_E_OPTION` on a bad value. */
export function ingestOptions(partial: Partial<IngestOptions> = {}): Readonly<IngestOptions> {
  const opts = { ...INGEST_DEFAULTS, ...partial };
  for (const key of ['maxArticleBytes', 'maxStreamBytes', 'maxGzipRatio', 'timeoutMs'] as const) {
    const v = opts[key];
    if (!Number.isFinite(v) || v <= 0) throw new DossierError('E_OPTION', `${key} must be a positive number, got ${v}`);
  }
  for (const key of Object.keys(opts.fieldMap)) {
    if (!(MAPPABLE_FIELDS as readonly string[]).includes(key)) {
      throw new DossierError(
        'E_OPTION',
        `--map ${key}=…: unknown field "${key}"; mappable fields are ${MAPPABLE_FIELDS.join(', ')}`,
      );
    }
  }
  return Object.freeze({ ...opts, fieldMap: Object.freeze({ ...opts.fieldMap }) });
}

/** Parses `--map field=name` values into a field map. */
export function parseFieldMap(pairs: readonly string[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0 || eq === pair.length - 1) {
      throw new DossierError('E_OPTION', `--map "${pair}": expected field=name, e.g. --map text=content`);
    }
    map[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return map;
}

/** Parses a byte size such as `20MB`, `512k`, `1.5GiB` or `1048576`. */
export function parseByteSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b)?\s*$/i.exec(text);
  if (!m) throw new DossierError('E_OPTION', `"${text}" is not a byte size (examples: 20MB, 512k, 1048576)`);
  const power = ' kmgt'.indexOf((m[2] || ' ').toLowerCase());
  return Math.round(Number(m[1]) * 1024 ** power);
}

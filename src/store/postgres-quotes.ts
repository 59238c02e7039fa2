import type { Quote } from '../types.js';
import { epochMs, unlessBodyText } from './migrations.js';

/**
 * A quote's row in the PostgreSQL store's `quotes` table, as the SQLite store keeps it (SQLite migration 4):
 * what the quote listing shows and no second copy of the quote (the stored analysis has it), its text only
 * when it is not the body's text, the date it was said when its attribution gives one, and the date its
 * listing sorts by as milliseconds.
 */
export interface QuoteColumns {
  start: number;
  end: number;
  kind: string;
  /** Null when it is the body's text from start to end. */
  text: string | null;
  cue: string | null;
  mention: string | null;
  via: string;
  addressee: string | null;
  channel: string | null;
  /** When it was said, when its attribution says (else null: the article's date stands). */
  said: string | null;
  /** The article's `published_utc` in milliseconds since 1970, the listing's order. */
  publishedMs: number | null;
}

/** The stored columns of quote `q` of an article with this body and `published_utc`. */
export function quoteColumns(q: Quote, body: string, utc: string | null): QuoteColumns {
  return {
    start: q.start,
    end: q.end,
    kind: q.kind,
    text: unlessBodyText(q.text, body, q.start, q.end),
    cue: q.cue?.text ?? null,
    mention: q.speaker.mention?.text ?? null,
    via: q.speaker.via,
    addressee: q.addressee?.text ?? null,
    channel: q.channel?.text ?? null,
    said: q.date?.from === 'text' ? q.date.value : null,
    publishedMs: epochMs(utc),
  };
}

/** Columns of `quotes` in `QuoteArrays` order, and their array types for `unnest`. */
export const QUOTE_INSERT_COLUMNS =
  'article_rowid, position, start, "end", kind, text, cue, speaker, speaker_entity_rowid, mention, via, addressee, channel, said, published_ms';
const QUOTE_ARRAY_TYPES = [
  'bigint',
  'int',
  'int',
  'int',
  'text',
  'text',
  'text',
  'text',
  'bigint',
  'text',
  'text',
  'text',
  'text',
  'text',
  'bigint',
];

/** The arguments of `unnest` over the arrays of `QuoteArrays.values()`, as parameters numbered from `first`. */
export function quoteArrayParams(first: number): string {
  return QUOTE_ARRAY_TYPES.map((t, i) => `$${first + i}::${t}[]`).join(', ');
}

/** Quote rows as one array per column, to write in one statement. */
export class QuoteArrays {
  private readonly cols: unknown[][] = QUOTE_ARRAY_TYPES.map(() => []);

  add(article: number, position: number, speaker: string | null, entity: number | null, c: QuoteColumns): void {
    const row = [
      article,
      position,
      c.start,
      c.end,
      c.kind,
      c.text,
      c.cue,
      speaker,
      entity,
      c.mention,
      c.via,
      c.addressee,
      c.channel,
      c.said,
      c.publishedMs,
    ];
    row.forEach((v, i) => this.cols[i]?.push(v));
  }

  get size(): number {
    return this.cols[0]?.length ?? 0;
  }

  /** The parameters of `quoteUnnest`. */
  values(): unknown[][] {
    return this.cols;
  }
}

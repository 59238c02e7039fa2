/**
 * One word table for the quote layer: every word the layer tests by its
 * lower-case string — the lexicon's cue words (`quote-lexicon.ts`), the cue
 * model's candidates and vocabulary (`quote-model.ts`), the boundary model's
 * vocabulary (`quote-bounds.ts`), the role nouns of people (`quote-speaker.ts`) — is one row, with the word's id in each
 * model's feature space, its stem's id and its flags as columns. An article
 * looks each token up once (`QuoteWords.tokens`, or `rowOf` by a caller that
 * caches rows); the lexicon test, the
 * candidate test and both models' word ids then read integer columns, not
 * the string again. A word in no table is row 0: no flag, id 0 (`<unk>`) in
 * both spaces, as `FeatureSpace.id` gives an unseen word when scoring.
 */
import { CUES, ROLE_NOUNS } from './quote-lexicon.js';
import type { BoundsModel } from './quote-bounds.js';
import { type QuoteModel, stem } from './quote-model.js';

/** Flags of a row. */
export const WORD_FLAG = {
  /** a cue word of the lexicon (`CUES`) */
  lexicon: 1,
  /** a candidate of the cue model */
  candidate: 2,
  /** `according` (`according to X`, a pattern of its own) */
  according: 4,
  /** a role noun of a person (`ROLE_NOUNS`: `minister`, `spokesman`), which a title before a name holds */
  personRole: 8,
} as const;

/** A token's ids and flags, per token of one article (from `QuoteWords.tokens`). */
export interface TokenWords {
  flags: Uint8Array;
  /** The word's id in the cue model's space (0 without a cue model). */
  cueWord: Int32Array;
  /** The stem's id in the cue model's space for a candidate, else -1 (computed when asked). */
  cueStem: Int32Array;
  /** The word's id in the boundary model's space (0 without a boundary model). */
  boundsWord: Int32Array;
}

/** The word table of one pair of models. */
export class QuoteWords {
  private readonly rows = new Map<string, number>();
  private readonly flags: Uint8Array;
  private readonly cueWord: Int32Array;
  private readonly cueStem: Int32Array;
  private readonly boundsWord: Int32Array;

  constructor(cue: QuoteModel | null, bounds: BoundsModel | null) {
    const words = [
      '',
      'according',
      ...CUES.keys(),
      ...ROLE_NOUNS.keys(),
      ...(cue ? [...cue.candidates, ...cue.space.vocab] : []),
    ];
    if (bounds) words.push(...bounds.space.vocab);
    for (const w of words) if (!this.rows.has(w)) this.rows.set(w, this.rows.size);
    const size = this.rows.size;
    this.flags = new Uint8Array(size);
    this.cueWord = new Int32Array(size);
    this.cueStem = new Int32Array(size).fill(-1);
    this.boundsWord = new Int32Array(size);
    for (const [w, r] of this.rows) {
      if (r === 0) continue;
      if (CUES.has(w)) this.flags[r]! |= WORD_FLAG.lexicon;
      if (w === 'according') this.flags[r]! |= WORD_FLAG.according;
      if (ROLE_NOUNS.get(w) === 'PERSON') this.flags[r]! |= WORD_FLAG.personRole;
      if (cue) {
        this.cueWord[r] = cue.space.id(w);
        if (cue.candidates.has(w)) {
          this.flags[r]! |= WORD_FLAG.candidate;
          this.cueStem[r] = cue.space.id(stem(w));
        }
      }
      if (bounds) this.boundsWord[r] = bounds.space.id(w);
    }
  }

  /** A lower-case word's row (0 for a word in no table). */
  rowOf(low: string): number {
    return this.rows.get(low) ?? 0;
  }

  /** The columns of an article's tokens, from their lower-case texts: one lookup per token. */
  tokens(low: readonly string[]): TokenWords {
    const rows = new Int32Array(low.length);
    for (let i = 0; i < low.length; i++) rows[i] = this.rowOf(low[i]!);
    return this.columns(rows);
  }

  /** The columns of an article's tokens, from their rows (`rowOf`). */
  columns(rows: Int32Array): TokenWords {
    const n = rows.length;
    const out: TokenWords = {
      flags: new Uint8Array(n),
      cueWord: new Int32Array(n),
      cueStem: new Int32Array(n),
      boundsWord: new Int32Array(n),
    };
    for (let i = 0; i < n; i++) {
      const r = rows[i]!;
      out.flags[i] = this.flags[r]!;
      out.cueWord[i] = this.cueWord[r]!;
      out.cueStem[i] = this.cueStem[r]!;
      out.boundsWord[i] = this.boundsWord[r]!;
    }
    return out;
  }
}

/** Stands for a missing model in the cache. */
const NONE = {};
const tables = new WeakMap<object, WeakMap<object, QuoteWords>>();

/** The word table of a pair of models, built once per pair. */
export function quoteWords(cue: QuoteModel | null, bounds: BoundsModel | null): QuoteWords {
  let byBounds = tables.get(cue ?? NONE);
  if (!byBounds) tables.set(cue ?? NONE, (byBounds = new WeakMap()));
  let table = byBounds.get(bounds ?? NONE);
  if (!table) byBounds.set(bounds ?? NONE, (table = new QuoteWords(cue, bounds)));
  return table;
}

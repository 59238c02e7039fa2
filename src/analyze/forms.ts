/**
 * The strings and word look-ups of a document's tokens, made once for the
 * whole analyze stage: each token's text, its lower-case text, its NER word
 * info (`infoFor`) and its row in the quote layer's word table
 * (`QuoteWords.rowOf`). One cache keyed by the token's text holds all four, so
 * a token costs one slice and one look-up, where the entities and the quotes
 * each sliced, lower-cased and looked it up before.
 */
import { ownString } from '../own-string.js';
import { type NerModel, infoFor, type WordInfo } from './ner-model.js';
import type { QuoteWords } from './quote-words.js';
import type { Tokens } from './tokenize.js';

/** One token text's strings and look-ups; the info and row are for the model and table named beside them. */
interface Form {
  low: string;
  model: NerModel;
  info: WordInfo;
  table: QuoteWords;
  row: number;
}

/** Distinct token texts cached before the cache starts over (as the NER model's own word cache). */
const CACHE_LIMIT = 25_000;
const cache = new Map<string, Form>();

/** A document's token forms, index by index. */
export interface TokenForms {
  raw: string[];
  low: string[];
  infos: WordInfo[];
  /** Rows in `table` (`QuoteWords.rowOf` of the lower-case text). */
  rows: Int32Array;
  table: QuoteWords;
}

/** The forms of a document's tokens, for an NER model and a quote word table. */
export function tokenForms(tokens: Tokens, model: NerModel, table: QuoteWords): TokenForms {
  const n = tokens.length;
  const out: TokenForms = {
    raw: new Array<string>(n),
    low: new Array<string>(n),
    infos: new Array<WordInfo>(n),
    rows: new Int32Array(n),
    table,
  };
  for (let i = 0; i < n; i++) {
    const raw = tokens.text.slice(tokens.starts[i], tokens.ends[i]);
    let form = cache.get(raw);
    if (!form) {
      if (cache.size >= CACHE_LIMIT) cache.clear();
      // a copy: the slice would keep its whole body alive as long as the entry lives
      const key = ownString(raw);
      const low = key.toLowerCase();
      form = { low, model, info: infoFor(model, key), table, row: table.rowOf(low) };
      cache.set(key, form);
    } else {
      if (form.model !== model) {
        form.model = model;
        form.info = infoFor(model, raw);
      }
      if (form.table !== table) {
        form.table = table;
        form.row = table.rowOf(form.low);
      }
    }
    out.raw[i] = raw;
    out.low[i] = form.low;
    out.infos[i] = form.info;
    out.rows[i] = form.row;
  }
  return out;
}

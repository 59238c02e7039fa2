/**
 * The strings and word look-ups of a document's tokens, made once for the
 * whole analyze stage: each token's text, its lower-case text, its NER word
 * info (`infoFor`) and its row in the quote layer's word table
 * (`QuoteWords.rowOf`). One cache keyed by the token's text holds all four, so
 * a token costs one look-up, where the entities and the quotes each sliced,
 * lower-cased and looked it up before. The cache is an open-addressing table
 * keyed by a hash of the token's characters read in place, so a token seen
 * before costs no slice: its text is the cached copy.
 */
import { ownString } from '../own-string.js';
import { type NerModel, infoFor, type WordInfo } from './ner-model.js';
import type { QuoteWords } from './quote-words.js';
import type { Tokens } from './tokenize.js';

/** One token text's strings and look-ups; the info and row are for the model and table named beside them. */
interface Form {
  /** The text (a copy: a slice would keep its whole body alive as long as the entry lives). */
  raw: string;
  hash: number;
  low: string;
  model: NerModel;
  info: WordInfo;
  table: QuoteWords;
  row: number;
}

/** Distinct token texts cached before the cache starts over (as the NER model's own word cache). */
const CACHE_LIMIT = 25_000;
/** Slots of the table: a power of two, at least twice `CACHE_LIMIT`, so probe runs stay short. */
const SLOTS = 1 << 16;
const slots: Array<Form | undefined> = new Array<Form | undefined>(SLOTS).fill(undefined);
let cached = 0;

/** The hash of `text[start, end)` (FNV-1a over UTF-16 code units, then murmur3's finaliser). */
function hashOf(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let k = start; k < end; k++) h = Math.imul(h ^ text.charCodeAt(k), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h ^ (h >>> 16);
}

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
  const text = tokens.text;
  for (let i = 0; i < n; i++) {
    const start = tokens.starts[i] as number;
    const end = tokens.ends[i] as number;
    const hash = hashOf(text, start, end);
    let slot = hash & (SLOTS - 1);
    let form = slots[slot];
    while (form && !(form.hash === hash && form.raw.length === end - start && text.startsWith(form.raw, start)))
      form = slots[(slot = (slot + 1) & (SLOTS - 1))];
    if (!form) {
      if (cached >= CACHE_LIMIT) {
        slots.fill(undefined);
        cached = 0;
        slot = hash & (SLOTS - 1);
      }
      const raw = ownString(text.slice(start, end));
      const low = raw.toLowerCase();
      form = { raw, hash, low, model, info: infoFor(model, raw), table, row: table.rowOf(low) };
      slots[slot] = form;
      cached++;
    } else {
      if (form.model !== model) {
        form.model = model;
        form.info = infoFor(model, form.raw);
      }
      if (form.table !== table) {
        form.table = table;
        form.row = table.rowOf(form.low);
      }
    }
    out.raw[i] = form.raw;
    out.low[i] = form.low;
    out.infos[i] = form.info;
    out.rows[i] = form.row;
  }
  return out;
}

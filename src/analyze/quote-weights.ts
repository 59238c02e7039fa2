/**
 * The weights of the quote layer's two models (`quote-model.ts`,
 * `quote-bounds.ts`) as they are scored. A feature is the pair `[high, low]`,
 * `high = template * VOCAB_MAX + a`, `low = b`, as in the model files. Most
 * templates take few distinct values in the weights: one word with a small
 * code (`w`, the stem with a flag, the distance bucket, the pattern with the
 * distance) or two shapes (`sh`, `sh3`). Those read a flat array: the values
 * `a` and `b` the template's weights name are numbered `0..A-1` and `0..B-1`
 * when the model loads, and the weight sits at `A-row * B + B-column`, read
 * through two small index arrays. A template whose values themselves span few
 * cells (a word or a stem, with a code of a few values: `w`, `p1`, `that`, `l`,
 * `r`, ...) is read directly at `a * width + b`, one memory read instead of
 * three (scoring is bound by those reads: the word templates read cold cells).
 * The templates pairing two words (`p1w`, `lr`, ...), whose A * B would be
 * millions of cells, read the hash table (`perceptron.ts`). The score is the
 * same sum in the same order as `pairScore`, so the two read the same model
 * the same way.
 */
import { VOCAB_BITS, VOCAB_MAX, type WeightTable, weightTableFrom } from './perceptron.js';

/** Most cells of one template's flat array (a template whose values span more stays in the hash table). Reason: 2 MB of weights per template at most. */
const MAX_DENSE = 1 << 18;
/** The flat arrays keep a weight as a whole number of thousandths (the trainers round the weights to three decimals): `k / 1000` is the very double `k` stands for, in a quarter of the memory. */
const THOUSAND = 1000;
/** Largest whole number of thousandths a cell holds (`Int16Array`); a template with a weight beyond it, or not in thousandths, stays in the hash table. */
const MAX_CELL = 0x7fff;
/** Most cells of a template read directly (`a * width + b`, its values' whole range, unnamed cells 0). Reason: 256 KB a template; every word template of both shipped models fits. */
const MAX_DIRECT = 1 << 15;

/** How a template's weights are read (`ScoreTable.kind`). */
const KIND_HASHED = 0;
const KIND_DIRECT = 1;
const KIND_INDEXED = 2;

/** Model weights for scoring: flat arrays for the templates whose weights name few distinct values, the hash table for the others. */
export class ScoreTable {
  /** The flat arrays of all dense templates, one after another, in thousandths (`THOUSAND`). */
  private readonly dense: Int16Array;
  /** Per template, how it is read: `KIND_DIRECT` at `rowFrom + a * columnCount + b`, `KIND_INDEXED` through `rowAt` and `columnAt`, `KIND_HASHED` from the hash table. */
  private readonly kind: Uint8Array;
  /** Per template: where its cells start in `dense` (direct), its first-value index in `rowAt` (indexed), its first values' bits in `named` (hashed). */
  private readonly rowFrom: Int32Array;
  /** Per template, how many first values it reads (the largest `a` its weights name, plus one): a larger one has no weight. */
  private readonly rowCount: Int32Array;
  /** Per template: where its second-value index starts in `columnAt` (indexed), its second values' bits in `named` (hashed). */
  private readonly columnFrom: Int32Array;
  /** Per template, how many second values it reads (the largest `b` its weights name, plus one). */
  private readonly columnCount: Int32Array;
  /** Per indexed template and first value `a`: where its row starts in `dense`, -1 when no weight names `a`. */
  private readonly rowAt: Int32Array;
  /** Per indexed template and second value `b`: its column in the row, -1 when no weight names `b`. */
  private readonly columnAt: Int32Array;
  /**
   * Per hashed template, one bit per first value and one per second value that a weight names: a
   * pair with a value no weight names is not looked up (half the boundary model's pair look-ups,
   * each a read of a cold slot; the bits are a few kilobytes).
   */
  private readonly named: Uint32Array;
  /** The hash table of the weights of the hashed templates. */
  private readonly table: WeightTable;
  /**
   * @param flat a model file's `[key, weight, ...]` list
   * @param templates how many templates the keys number (`key = ((template * VOCAB_MAX) + a) * VOCAB_MAX + b`)
   */
  constructor(flat: readonly number[], templates: number) {
    // a feature's high half (template and first value) must stay a 31-bit integer: read with `>>>`, not a division
    if (templates * VOCAB_MAX > 2 ** 31)
      throw new Error(`quote model weights: ${templates} templates are more than a 31-bit feature number holds`);
    const rows = Array.from({ length: templates }, () => new Map<number, number>());
    const columns = Array.from({ length: templates }, () => new Map<number, number>());
    /** Per template, 1 when a weight is no whole number of thousandths a cell holds. */
    const inexact = new Uint8Array(templates);
    for (let k = 0; k + 1 < flat.length; k += 2) {
      const { tpl, a, b } = split(flat[k]!);
      if (tpl >= templates)
        throw new Error(`quote model weights: feature ${flat[k]} names template ${tpl} of ${templates}`);
      if (!rows[tpl]!.has(a)) rows[tpl]!.set(a, rows[tpl]!.size);
      if (!columns[tpl]!.has(b)) columns[tpl]!.set(b, columns[tpl]!.size);
      const milli = Math.round(flat[k + 1]! * THOUSAND);
      if (milli / THOUSAND !== flat[k + 1] || Math.abs(milli) > MAX_CELL) inexact[tpl] = 1;
    }
    this.kind = new Uint8Array(templates);
    this.rowFrom = new Int32Array(templates);
    this.rowCount = new Int32Array(templates);
    this.columnFrom = new Int32Array(templates);
    this.columnCount = new Int32Array(templates);
    let cells = 0;
    let rowSlots = 0;
    let columnSlots = 0;
    let bits = 0;
    for (let t = 0; t < templates; t++) {
      const height = (this.rowCount[t] = largestKey(rows[t]!) + 1);
      const width = (this.columnCount[t] = largestKey(columns[t]!) + 1);
      if (rows[t]!.size * columns[t]!.size > MAX_DENSE || inexact[t]) {
        this.kind[t] = KIND_HASHED;
        this.rowFrom[t] = bits;
        this.columnFrom[t] = bits + height;
        bits += height + width;
      } else if (height * width <= MAX_DIRECT) {
        this.kind[t] = KIND_DIRECT;
        this.rowFrom[t] = cells;
        cells += height * width;
      } else {
        this.kind[t] = KIND_INDEXED;
        this.rowFrom[t] = rowSlots;
        this.columnFrom[t] = columnSlots;
        rowSlots += height;
        columnSlots += width;
      }
    }
    this.rowAt = new Int32Array(rowSlots).fill(-1);
    this.columnAt = new Int32Array(columnSlots).fill(-1);
    this.named = new Uint32Array((bits + 31) >>> 5);
    const name = (bit: number) => (this.named[bit >>> 5]! |= 1 << (bit & 31));
    for (let t = 0; t < templates; t++) {
      if (this.kind[t] === KIND_HASHED) {
        for (const a of rows[t]!.keys()) name(this.rowFrom[t]! + a);
        for (const b of columns[t]!.keys()) name(this.columnFrom[t]! + b);
      }
      if (this.kind[t] !== KIND_INDEXED) continue;
      const width = columns[t]!.size;
      for (const [a, r] of rows[t]!) this.rowAt[this.rowFrom[t]! + a] = cells + r * width;
      for (const [b, c] of columns[t]!) this.columnAt[this.columnFrom[t]! + b] = c;
      cells += rows[t]!.size * width;
    }
    this.dense = new Int16Array(cells);
    // in file order, a later entry of one feature overriding an earlier one, as in the hash table
    const hashed: number[] = [];
    for (let k = 0; k + 1 < flat.length; k += 2) {
      const { tpl, a, b } = split(flat[k]!);
      const from = this.rowFrom[tpl]!;
      const milli = Math.round(flat[k + 1]! * THOUSAND);
      if (this.kind[tpl] === KIND_HASHED) hashed.push(flat[k]!, flat[k + 1]!);
      else if (this.kind[tpl] === KIND_DIRECT) this.dense[from + a * this.columnCount[tpl]! + b] = milli;
      else this.dense[this.rowAt[from + a]! + this.columnAt[this.columnFrom[tpl]! + b]!] = milli;
    }
    this.table = weightTableFrom(hashed);
  }
  /** The weight of feature `(high, low)`, 0 when it has none. */
  get(high: number, low: number): number {
    const tpl = high >>> VOCAB_BITS;
    if (tpl >= this.kind.length) return 0;
    const a = high & (VOCAB_MAX - 1);
    const width = this.columnCount[tpl]!;
    if (a >= this.rowCount[tpl]! || low >= width) return 0;
    const from = this.rowFrom[tpl]!;
    const kind = this.kind[tpl];
    if (kind === KIND_DIRECT) return this.dense[from + a * width + low]! / THOUSAND;
    if (kind === KIND_HASHED) {
      const r = from + a;
      const c = this.columnFrom[tpl]! + low;
      const named = this.named[r >>> 5]! & (1 << (r & 31)) && this.named[c >>> 5]! & (1 << (c & 31));
      return named ? this.table.get(high, low) : 0;
    }
    const row = this.rowAt[from + a]!;
    const column = this.columnAt[this.columnFrom[tpl]! + low]!;
    return row >= 0 && column >= 0 ? this.dense[row + column]! / THOUSAND : 0;
  }
  /** The score of the first `count` numbers of `feats`, features as flat pairs `[high, low, ...]`. */
  score(feats: ArrayLike<number>, count: number): number {
    let s = 0;
    for (let k = 0; k < count; k += 2) s += this.get(feats[k]!, feats[k + 1]!);
    return s;
  }
}

/** A key's template and values. */
function split(key: number): { tpl: number; a: number; b: number } {
  const b = key % VOCAB_MAX;
  const high = (key - b) / VOCAB_MAX;
  const a = high % VOCAB_MAX;
  return { tpl: (high - a) / VOCAB_MAX, a, b };
}

/** The largest key of a map of non-negative keys, 0 when empty (a loop: a template may name 2^18 values, too many to spread into `Math.max`). */
function largestKey(map: ReadonlyMap<number, number>): number {
  let max = 0;
  for (const k of map.keys()) if (k > max) max = k;
  return max;
}

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

/** Model weights for scoring: flat arrays for the templates whose weights name few distinct values, the hash table for the others. */
export class ScoreTable {
  /** The flat arrays of all dense templates, one after another, in thousandths (`THOUSAND`). */
  private readonly dense: Int16Array;
  /** Per template, where its first-value index starts in `rowAt` (a direct template: where its cells start in `dense`), or -1 when it is read from the hash table. */
  private readonly rowFrom: Int32Array;
  /** Per template, 1 when it is read directly at `rowFrom + a * columnCount + b`. */
  private readonly direct: Uint8Array;
  /** Per template, how many first values `rowAt` holds (the largest `a` its weights name, plus one). */
  private readonly rowCount: Int32Array;
  /** Per template, where its second-value index starts in `columnAt`. */
  private readonly columnFrom: Int32Array;
  /** Per template, how many second values `columnAt` holds. */
  private readonly columnCount: Int32Array;
  /** Per template and first value `a`: where its row starts in `dense`, -1 when no weight names `a`. */
  private readonly rowAt: Int32Array;
  /** Per template and second value `b`: its column in the row, -1 when no weight names `b`. */
  private readonly columnAt: Int32Array;
  /** The hash table of the weights of the templates without a flat array. */
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
    this.rowFrom = new Int32Array(templates).fill(-1);
    this.direct = new Uint8Array(templates);
    this.rowCount = new Int32Array(templates);
    this.columnFrom = new Int32Array(templates);
    this.columnCount = new Int32Array(templates);
    let cells = 0;
    let rowSlots = 0;
    let columnSlots = 0;
    for (let t = 0; t < templates; t++) {
      if (rows[t]!.size * columns[t]!.size > MAX_DENSE || inexact[t]) continue;
      this.rowCount[t] = largestKey(rows[t]!) + 1;
      this.columnCount[t] = largestKey(columns[t]!) + 1;
      if (this.rowCount[t]! * this.columnCount[t]! <= MAX_DIRECT) {
        this.direct[t] = 1;
        this.rowFrom[t] = cells;
        cells += this.rowCount[t]! * this.columnCount[t]!;
        continue;
      }
      this.rowFrom[t] = rowSlots;
      this.columnFrom[t] = columnSlots;
      rowSlots += this.rowCount[t]!;
      columnSlots += this.columnCount[t]!;
    }
    this.rowAt = new Int32Array(rowSlots).fill(-1);
    this.columnAt = new Int32Array(columnSlots).fill(-1);
    for (let t = 0; t < templates; t++) {
      if (this.rowFrom[t]! < 0 || this.direct[t]) continue;
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
      if (from < 0) hashed.push(flat[k]!, flat[k + 1]!);
      else if (this.direct[tpl])
        this.dense[from + a * this.columnCount[tpl]! + b] = Math.round(flat[k + 1]! * THOUSAND);
      else
        this.dense[this.rowAt[from + a]! + this.columnAt[this.columnFrom[tpl]! + b]!] = Math.round(
          flat[k + 1]! * THOUSAND,
        );
    }
    this.table = weightTableFrom(hashed);
  }
  /** The weight of feature `(high, low)`, 0 when it has none. */
  get(high: number, low: number): number {
    const tpl = high >>> VOCAB_BITS;
    const from = tpl < this.rowFrom.length ? this.rowFrom[tpl]! : -1;
    if (from < 0) return this.table.get(high, low);
    const a = high & (VOCAB_MAX - 1);
    const width = this.columnCount[tpl]!;
    if (a >= this.rowCount[tpl]! || low >= width) return 0;
    if (this.direct[tpl]) return this.dense[from + a * width + low]! / THOUSAND;
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

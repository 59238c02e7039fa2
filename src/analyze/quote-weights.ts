/**
 * The weights of the quote layer's two models (`quote-model.ts`,
 * `quote-bounds.ts`) as they are scored: most of their templates pair one
 * word with a small code (`w`, the stem with a flag, the distance bucket, the
 * pattern with the distance) and read a flat array at `a * width + b`, one
 * memory read; the templates pairing two words (`p1w`, `lr`, ...) read the
 * hash table (`perceptron.ts`, three arrays and a probe). A feature is the
 * pair `[high, low]`, `high = template * VOCAB_MAX + a`, `low = b`, as in
 * the model files; the score is the same sum in the same order as
 * `pairScore`, so the two read the same model the same way.
 */
import { VOCAB_MAX, type WeightTable, weightTableFrom } from './perceptron.js';

/** Most entries of one template's flat array (a template whose values span more stays in the hash table). Reason: 2 MB of weights per template at most. */
const MAX_DENSE = 1 << 18;

/** Model weights for scoring: flat arrays for the templates whose second value is small, the hash table for the others. */
export class ScoreTable {
  private readonly rows: Array<Float64Array | null>;
  private readonly widths: Int32Array;
  private readonly heights: Int32Array;
  /** The hash table of all the weights. */
  readonly table: WeightTable;
  /**
   * @param flat a model file's `[key, weight, ...]` list
   * @param templates how many templates the keys number (`key = ((template * VOCAB_MAX) + a) * VOCAB_MAX + b`)
   * @param small per template, whether its second value is a small code rather than a word (only those get a flat array)
   */
  constructor(flat: readonly number[], templates: number, small: (template: number) => boolean) {
    this.table = weightTableFrom(flat);
    this.widths = new Int32Array(templates);
    this.heights = new Int32Array(templates);
    for (let k = 0; k + 1 < flat.length; k += 2) {
      const { tpl, a, b } = split(flat[k]!);
      if (tpl >= templates)
        throw new Error(`quote model weights: feature ${flat[k]} names template ${tpl} of ${templates}`);
      this.heights[tpl] = Math.max(this.heights[tpl]!, a + 1);
      this.widths[tpl] = Math.max(this.widths[tpl]!, b + 1);
    }
    this.rows = Array.from({ length: templates }, (_, t) =>
      small(t) && this.heights[t]! * this.widths[t]! <= MAX_DENSE
        ? new Float64Array(this.heights[t]! * this.widths[t]!)
        : null,
    );
    // in file order, a later entry of one feature overriding an earlier one, as in the hash table
    for (let k = 0; k + 1 < flat.length; k += 2) {
      const { tpl, a, b } = split(flat[k]!);
      const row = this.rows[tpl];
      if (row) row[a * this.widths[tpl]! + b] = flat[k + 1]!;
    }
  }
  /** The weight of feature `(high, low)`, 0 when it has none. */
  get(high: number, low: number): number {
    const tpl = Math.floor(high / VOCAB_MAX);
    const row = this.rows[tpl];
    if (!row) return this.table.get(high, low);
    const a = high - tpl * VOCAB_MAX;
    const w = this.widths[tpl]!;
    return a < this.heights[tpl]! && low < w ? row[a * w + low]! : 0;
  }
  /** The score of features given as flat pairs `[high, low, ...]`. */
  score(feats: readonly number[]): number {
    let s = 0;
    for (let k = 0; k < feats.length; k += 2) s += this.get(feats[k]!, feats[k + 1]!);
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

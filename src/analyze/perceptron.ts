/**
 * What the trained models of the quote layer share (`quote-model.ts`,
 * `quote-bounds.ts`): feature values as small integers in a `FeatureSpace`,
 * features as two integers (`high`: template and first value, `low`: second
 * value; `high * VOCAB_MAX + low` in a model file), and their weights in a
 * `WeightTable`. Scoring then builds no string per feature.
 */

/**
 * Words and other feature values as small integers, and features as numbers
 * `(template * V + a) * V + b`: scoring then needs no string per feature (the
 * model file holds the words once, in `vocab`). A growing space (training)
 * adds unseen values; a fixed one (a loaded model) reads them as 0.
 */
export class FeatureSpace {
  readonly vocab: string[] = ['<unk>'];
  private readonly ids = new Map<string, number>([['<unk>', 0]]);
  constructor(
    words: readonly string[] = [],
    readonly grow = false,
  ) {
    for (const w of words) this.id(w, true);
  }
  /** The id of a value; 0 for an unseen one unless the space grows. */
  id(w: string, add = this.grow): number {
    let k = this.ids.get(w);
    if (k === undefined) {
      if (!add || this.vocab.length >= VOCAB_MAX) return 0;
      k = this.vocab.length;
      this.ids.set(w, k);
      this.vocab.push(w);
    }
    return k;
  }

  /**
   * A model file's vocabulary: only the values its kept weights name, renumbered in order of first use
   * (`<unk>` stays 0). `id` maps a value of this space to its id in `vocab`, adding it on first use.
   */
  renumbering(): { vocab: string[]; id: (v: number) => number } {
    const vocab = ['<unk>'];
    const renumber = new Map<number, number>([[0, 0]]);
    const id = (v: number): number => {
      let k = renumber.get(v);
      if (k === undefined) {
        k = vocab.length;
        renumber.set(v, k);
        vocab.push(this.vocab[v] as string);
      }
      return k;
    };
    return { vocab, id };
  }
}

/** Most values a feature space holds; a feature is `(template * VOCAB_MAX + a) * VOCAB_MAX + b`, below 2^53. */
export const VOCAB_MAX = 1 << 20;
/** `VOCAB_MAX` is `1 << VOCAB_BITS`: a feature's high half splits with `>>>` and `&`. */
export const VOCAB_BITS = 20;
/**
 * Feature weights in an open-addressing hash table, keyed by a feature's two
 * halves (`high`: template and first value, `low`: second value): a lookup is
 * a few integer operations, the hot loop of the model. A slot is two doubles
 * side by side, the feature number `high * VOCAB_MAX + low` (exact below 2^53)
 * and its weight, so a probe reads one cache line.
 */
export class WeightTable {
  /** Per slot: feature number (-1 when empty), weight. */
  private readonly slots: Float64Array;
  private readonly mask: number;
  constructor(entries: ReadonlyArray<readonly [number, number, number]>) {
    let size = 16;
    while (size < entries.length * 2) size *= 2;
    this.mask = size - 1;
    this.slots = new Float64Array(2 * size);
    for (let i = 0; i < size; i++) this.slots[2 * i] = -1;
    for (const [h, l, w] of entries) {
      const key = h * VOCAB_MAX + l;
      let i = this.slot(h, l);
      while (this.slots[2 * i] !== -1 && this.slots[2 * i] !== key) i = (i + 1) & this.mask;
      this.slots[2 * i] = key;
      this.slots[2 * i + 1] = w;
    }
  }
  /** The first slot of a feature: both halves mixed through all bits (murmur3's finaliser), so templates sharing a value do not cluster. */
  private slot(h: number, l: number): number {
    let x = Math.imul(h, 0x9e3779b1) ^ l;
    x ^= x >>> 16;
    x = Math.imul(x, 0x85ebca6b);
    x ^= x >>> 13;
    x = Math.imul(x, 0xc2b2ae35);
    x ^= x >>> 16;
    return x & this.mask;
  }
  /** The weight of feature `(h, l)`, 0 when it has none. */
  get(h: number, l: number): number {
    const key = h * VOCAB_MAX + l;
    let i = this.slot(h, l);
    for (;;) {
      const k = this.slots[2 * i]!;
      if (k === key) return this.slots[2 * i + 1]!;
      if (k === -1) return 0;
      i = (i + 1) & this.mask;
    }
  }
}

/** The entries of a model file's flat `[key, weight, ...]` list as a table. */
export function weightTableFrom(flat: readonly number[]): WeightTable {
  const entries: Array<[number, number, number]> = [];
  for (let k = 0; k + 1 < flat.length; k += 2) {
    const key = flat[k]!;
    const low = key % VOCAB_MAX;
    entries.push([(key - low) / VOCAB_MAX, low, flat[k + 1]!]);
  }
  return new WeightTable(entries);
}

/** The score of features given as flat pairs `[high, low, ...]`. */
export function pairScore(weights: WeightTable, feats: readonly number[]): number {
  let s = 0;
  for (let k = 0; k < feats.length; k += 2) s += weights.get(feats[k]!, feats[k + 1]!);
  return s;
}

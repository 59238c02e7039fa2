import { VOCAB_MAX } from '../src/analyze/perceptron.js';

/** Feature numbers to dense ids (0, 1, 2, … in order of first use), so training keeps its weights in flat arrays. */
export class DenseIds {
  private readonly ids = new Map<number, number>();
  /** The feature number of each dense id. */
  readonly features: number[] = [];

  idOf(feature: number): number {
    let k = this.ids.get(feature);
    if (k === undefined) {
      k = this.features.length;
      this.ids.set(feature, k);
      this.features.push(feature);
    }
    return k;
  }

  /** Feature pairs (`[high, low, ...]`, as a `FeatureSpace` gives them) as dense ids. */
  ofPairs(fs: readonly number[]): Int32Array {
    const out = new Int32Array(fs.length / 2);
    for (let k = 0; k < out.length; k++) out[k] = this.idOf(fs[2 * k]! * VOCAB_MAX + fs[2 * k + 1]!);
    return out;
  }
}

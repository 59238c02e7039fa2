/**
 * The weights of a binary or ranking perceptron in training, with their average (Collins 2002)
 * kept lazily: a weight's running total is brought up to date only when the weight changes, so
 * an update costs the same whatever the number of examples seen.
 */
export class AveragedWeights {
  /** The current (not averaged) weights, by dense feature id: what the trainer scores with. */
  readonly w: Float64Array;
  private readonly total: Float64Array;
  private readonly stamp: Float64Array;
  private clock = 0;

  constructor(size: number) {
    this.w = new Float64Array(size);
    this.total = new Float64Array(size);
    this.stamp = new Float64Array(size);
  }

  /** One more example seen: the unit the average counts in. */
  tick(): void {
    this.clock++;
  }

  update(f: number, delta: number): void {
    this.total[f]! += (this.clock - this.stamp[f]!) * this.w[f]!;
    this.stamp[f] = this.clock;
    this.w[f]! += delta;
  }

  /** The averaged weights rounded to three decimals (as the model files keep them), those under `prune` in size zeroed. */
  averaged(prune: number): Float64Array {
    const { w, total, stamp, clock } = this;
    const avg = new Float64Array(w.length);
    for (let f = 0; f < w.length; f++) {
      const a = (total[f]! + (clock - stamp[f]!) * w[f]!) / Math.max(1, clock);
      if (Math.abs(a) >= prune) avg[f] = Math.round(a * 1000) / 1000;
    }
    return avg;
  }
}

/** Shuffles `order` in place (Fisher–Yates) with `random`, a seeded generator: the same seed, the same order. */
export function shuffle(order: number[], random: () => number): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
}

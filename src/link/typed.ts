/** Growable typed arrays for the link stage's flat per-statement and per-term state. */

type Typed = Int32Array | Uint32Array | Uint8Array | Float64Array;

/** `a` itself when index `at` is inside it, else a copy of it twice as long (or long enough for `at`). */
export function roomFor<A extends Typed>(a: A, at: number): A {
  if (at < a.length) return a;
  const grown = new (a.constructor as new (length: number) => A)(Math.max(a.length * 2, at + 1));
  grown.set(a);
  return grown;
}

/** A typed array with a length, grown by doubling as values are pushed. */
export class NumberList<A extends Int32Array | Float64Array> {
  constructor(
    public data: A,
    public length: number,
  ) {}
  push(x: number): void {
    this.data = roomFor(this.data, this.length);
    this.data[this.length++] = x;
  }
  trimmed(): A {
    return this.data.slice(0, this.length) as A;
  }
}

/** A list of 32-bit integers, starting from `from` when given: a copy of it, or itself when `adopt`. */
export function intList(from?: Int32Array, adopt = false): NumberList<Int32Array> {
  if (!from?.length) return new NumberList(new Int32Array(1024), 0);
  return new NumberList(adopt ? from : Int32Array.from(from), from.length);
}

/** A list of doubles, starting from `from` when given: a copy of it, or itself when `adopt`. */
export function floatList(from?: Float64Array, adopt = false): NumberList<Float64Array> {
  if (!from?.length) return new NumberList(new Float64Array(256), 0);
  return new NumberList(adopt ? from : Float64Array.from(from), from.length);
}

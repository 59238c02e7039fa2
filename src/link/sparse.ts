/**
 * Sparse vectors for story clustering, columnar: feature ids ascending in an
 * `Int32Array`, weights beside them, no object per entry. Merged and dotted
 * by walking both sorted lists.
 */

/** A sparse vector or a sum of them (a story's centroid): ids ascending, weights, and the sum of squared weights. */
export interface Sparse {
  ids: Int32Array;
  /** Single precision for stories (half the memory of the window), double for an article's own vector. */
  ws: Float32Array | Float64Array;
  sumsq: number;
}

/** The empty vector. */
export const EMPTY_SPARSE: Sparse = Object.freeze({ ids: new Int32Array(0), ws: new Float32Array(0), sumsq: 0 });

/** Dot product of two sparse vectors with ascending ids. */
export function dot(a: Sparse, b: Sparse): number {
  const ai = a.ids;
  const bi = b.ids;
  const aw = a.ws;
  const bw = b.ws;
  let i = 0;
  let j = 0;
  let s = 0;
  while (i < ai.length && j < bi.length) {
    const x = ai[i] as number;
    const y = bi[j] as number;
    if (x === y) s += (aw[i++] as number) * (bw[j++] as number);
    else if (x < y) i++;
    else j++;
  }
  return s;
}

/**
 * The sum of two sparse vectors (ids ascending), in single precision, kept to
 * the `keep` heaviest entries once it holds twice that (ties by smaller id).
 */
export function added(a: Sparse, b: Sparse, keep: number): Sparse {
  const n = a.ids.length + b.ids.length;
  let oi = new Int32Array(n);
  let ow = new Float32Array(n);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.ids.length || j < b.ids.length) {
    const x = i < a.ids.length ? (a.ids[i] as number) : Number.POSITIVE_INFINITY;
    const y = j < b.ids.length ? (b.ids[j] as number) : Number.POSITIVE_INFINITY;
    if (x === y) {
      oi[k] = x;
      ow[k++] = (a.ws[i++] as number) + (b.ws[j++] as number);
    } else if (x < y) {
      oi[k] = x;
      ow[k++] = a.ws[i++] as number;
    } else {
      oi[k] = y;
      ow[k++] = b.ws[j++] as number;
    }
  }
  if (k > 2 * keep) {
    const order = Array.from({ length: k }, (_, x) => x).sort(
      (p, q) => (ow[q] as number) - (ow[p] as number) || (oi[p] as number) - (oi[q] as number),
    );
    const kept = order.slice(0, keep).sort((p, q) => (oi[p] as number) - (oi[q] as number));
    oi = Int32Array.from(kept, (x) => oi[x] as number);
    ow = Float32Array.from(kept, (x) => ow[x] as number);
    k = keep;
  } else if (k < n) {
    oi = oi.slice(0, k);
    ow = ow.slice(0, k);
  }
  let sumsq = 0;
  for (let x = 0; x < k; x++) sumsq += (ow[x] as number) * (ow[x] as number);
  return { ids: oi, ws: ow, sumsq };
}

/**
 * Indices of the `k` heaviest entries, heaviest first, ties by smaller id:
 * the k-th weight is found with a native numeric sort, so only the kept
 * entries go through a comparator.
 */
export function heaviest(weight: Float64Array, ids: Int32Array, k: number): number[] {
  const n = weight.length;
  const out: number[] = [];
  if (n <= k) {
    for (let i = 0; i < n; i++) out.push(i);
  } else {
    const cut = weight.slice().sort()[n - k] as number;
    const ties: number[] = [];
    for (let i = 0; i < n; i++) {
      const w = weight[i] as number;
      if (w > cut) out.push(i);
      else if (w === cut) ties.push(i);
    }
    ties.sort((a, b) => (ids[a] as number) - (ids[b] as number));
    for (const i of ties) if (out.length < k) out.push(i);
  }
  return out.sort((a, b) => (weight[b] as number) - (weight[a] as number) || (ids[a] as number) - (ids[b] as number));
}

/**
 * Group-average agglomeration over a sparse candidate graph.
 *
 * Nodes are groups of articles (one article, or a story already found); the
 * candidate pairs say which nodes may be compared at all (an inverted index
 * found them). The best-scoring pair at or above the threshold merges first,
 * then the merged node is scored again against every neighbour of either
 * side, until no pair reaches the threshold. The order is a function of the
 * scores and the node numbers alone (ties: smaller numbers first), so the
 * same nodes and pairs give the same groups. Then, optionally, the strays:
 * nodes the caller names (new articles) that are still alone each join their
 * best neighbour at a lower bar, best offer first.
 *
 * Why group average: a story of short texts grows by chaining when a
 * newcomer needs only to resemble the centroid's direction (cosine to the sum
 * favours broad stories); the mean similarity to every member does not chain,
 * and it is computable from the sums alone, since for unit vectors
 * mean(a·b over a ∈ A, b ∈ B) = (ΣA)·(ΣB) / (|A||B|).
 */
import type { Sparse } from './sparse.js';

/** A node: per evidence kind the sum of its articles' unit vectors, its size and its date range. */
export interface Group {
  sums: Sparse[];
  n: number;
  /** Earliest and latest published instant of its articles (ms), null when none is dated. */
  first: number | null;
  last: number | null;
}

/** How nodes are scored and merged. */
export interface AgglomerateOptions {
  /** Pairs scoring at or above this merge. */
  threshold: number;
  /**
   * Candidate pairs scoring under this at first are dropped from the graph
   * (a group average is a mean: such a pair reaches the threshold only when
   * the rest of a merged group carries it), so a merged node is scored again
   * against its likely partners only. @default 0
   */
  floor?: number;
  /**
   * Similarity of two nodes. When `evidence` is set, the stray pass hands
   * the evidence it has just computed for the same two nodes as `known`, so
   * the score need not compute it again.
   */
  score: (a: Group, b: Group, known?: number) => number;
  /** The node two nodes become. */
  merge: (a: Group, b: Group) => Group;
  /**
   * Strays: nodes for which `stray(i)` holds and that are still alone once
   * no pair reaches `threshold` each join their best neighbour if it scores
   * at least `strayThreshold` (best first; a stray may join another stray,
   * and a group may take several). None when unset.
   */
  strayThreshold?: number;
  stray?: (node: number) => boolean;
  /**
   * A stray whose best neighbour scores under `strayThreshold` but at least
   * `strayFloor` still joins it when that best is at least `strayRatio`
   * times its second best (another group): one clear match rather than the
   * best of several alike (Lowe's ratio test). A stray with a single
   * candidate has nothing to compare with and needs `strayThreshold`.
   * Below-floor candidate pairs of strays are kept for this. None when unset.
   */
  strayRatio?: number;
  strayFloor?: number;
  /**
   * What the ratio test compares, best against second best and against
   * `strayFloor`: the word evidence alone, without what closeness in time
   * adds (which every neighbour of the same days shares). @default score
   */
  evidence?: (a: Group, b: Group) => number;
  /**
   * The ratio test needs at least this many candidates beside the best: the
   * second best of a handful says little about how alike the rest are. @default 1
   */
  strayAlternatives?: number;
}

interface Edge {
  score: number;
  a: number;
  b: number;
  va: number;
  vb: number;
}

/** Max-heap order: higher score first, then smaller node numbers. */
const before = (x: Edge, y: Edge) =>
  x.score > y.score || (x.score === y.score && (x.a < y.a || (x.a === y.a && x.b < y.b)));

class EdgeHeap {
  private readonly items: Edge[] = [];
  get size(): number {
    return this.items.length;
  }
  push(e: Edge): void {
    const h = this.items;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(h[i] as Edge, h[p] as Edge)) break;
      [h[i], h[p]] = [h[p] as Edge, h[i] as Edge];
      i = p;
    }
  }
  pop(): Edge {
    const h = this.items;
    const top = h[0] as Edge;
    const last = h.pop() as Edge;
    if (h.length) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l] as Edge, h[m] as Edge)) m = l;
        if (r < h.length && before(h[r] as Edge, h[m] as Edge)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m] as Edge, h[i] as Edge];
        i = m;
      }
    }
    return top;
  }
}

/**
 * Merges nodes best pair first. Returns, for each node, the number of the
 * node its group ended in (the smallest number of the group). `nodes` is
 * left as it was.
 */
export function agglomerate(
  nodes: readonly Group[],
  pairs: ReadonlyArray<readonly [number, number]>,
  o: AgglomerateOptions,
): Int32Array {
  const n = nodes.length;
  const current: Group[] = [...nodes];
  const version = new Int32Array(n);
  const into = Int32Array.from({ length: n }, (_, i) => i);
  const neighbours: Array<Set<number>> = Array.from({ length: n }, () => new Set<number>());
  const heap = new EdgeHeap();
  const offer = (x: number, y: number) => {
    const [a, b] = x < y ? [x, y] : [y, x];
    const score = o.score(current[a] as Group, current[b] as Group);
    if (score >= o.threshold) heap.push({ score, a, b, va: version[a] as number, vb: version[b] as number });
  };
  const floor = o.floor ?? 0;
  const ratio = o.stray && o.strayRatio !== undefined && o.strayFloor !== undefined;
  // strays' candidates under the floor: their second best, for the ratio test
  const far = new Map<number, number[]>();
  const keepFar = (x: number, y: number) => {
    if (!ratio || !(o.stray as (node: number) => boolean)(x)) return;
    const list = far.get(x);
    if (list) list.push(y);
    else far.set(x, [y]);
  };
  for (const [x, y] of pairs) {
    if (x === y || (neighbours[x] as Set<number>).has(y)) continue;
    const [a, b] = x < y ? [x, y] : [y, x];
    const score = o.score(nodes[a] as Group, nodes[b] as Group);
    if (score < floor) {
      keepFar(x, y);
      keepFar(y, x);
      continue;
    }
    (neighbours[x] as Set<number>).add(y);
    (neighbours[y] as Set<number>).add(x);
    if (score >= o.threshold) heap.push({ score, a, b, va: 0, vb: 0 });
  }
  while (heap.size) {
    const e = heap.pop();
    if (e.va !== version[e.a] || e.vb !== version[e.b] || into[e.a] !== e.a || into[e.b] !== e.b) continue;
    // the smaller number survives: a story found earlier keeps its place
    const keep = e.a;
    const drop = e.b;
    current[keep] = o.merge(current[keep] as Group, current[drop] as Group);
    into[drop] = keep;
    version[keep] = (version[keep] as number) + 1;
    const mine = neighbours[keep] as Set<number>;
    for (const c of neighbours[drop] as Set<number>) {
      const theirs = neighbours[c] as Set<number>;
      theirs.delete(drop);
      if (c !== keep) {
        theirs.add(keep);
        mine.add(c);
      }
    }
    mine.delete(drop);
    neighbours[drop] = new Set();
    for (const c of [...mine].sort((p, q) => p - q)) offer(keep, c);
  }
  const root = (i: number) => {
    let r = i;
    while (into[r] !== r) r = into[r] as number;
    return r;
  };
  if (o.stray && o.strayThreshold !== undefined) {
    const low = o.strayThreshold;
    const evidence = o.evidence ?? o.score;
    const offers: Array<{ score: number; a: number; b: number; bar: number }> = [];
    for (let i = 0; i < n; i++) {
      if (into[i] !== i || version[i] !== 0 || !o.stray(i)) continue;
      const around = new Set(neighbours[i]);
      for (const c of far.get(i) ?? []) around.add(root(c));
      around.delete(i);
      let best = { score: Number.NEGATIVE_INFINITY, a: i, b: -1 };
      // the ratio test: the two best by evidence
      let first = 0;
      let second = 0;
      let firstAt = -1;
      for (const c of [...around].sort((p, q) => p - q)) {
        const x = current[i] as Group;
        const y = current[c] as Group;
        const ev = ratio ? evidence(x, y) : 0;
        const score = !ratio ? o.score(x, y) : o.evidence ? o.score(x, y, ev) : ev;
        if (score > best.score) best = { score, a: i, b: c };
        if (!ratio) continue;
        if (ev > first) [second, first, firstAt] = [first, ev, c];
        else second = Math.max(second, ev);
      }
      if (best.score >= low) offers.push({ ...best, bar: low });
      else if (
        ratio &&
        first >= (o.strayFloor as number) &&
        around.size - 1 >= (o.strayAlternatives ?? 1) &&
        first >= (o.strayRatio as number) * second
      )
        offers.push({ score: first, a: i, b: firstAt, bar: -1 });
    }
    offers.sort((x, y) => y.score - x.score || x.a - y.a);
    for (const { a, b, bar } of offers) {
      // the partner may have joined a group since: score against that group as it stands now
      const ra = root(a);
      const rb = root(b);
      if (ra === rb || ra !== a) continue;
      // a ratio-test join is checked again on its evidence against the floor
      if (
        bar < 0
          ? evidence(current[a] as Group, current[rb] as Group) < (o.strayFloor as number)
          : o.score(current[a] as Group, current[rb] as Group) < bar
      )
        continue;
      const [keep, drop] = a < rb ? [a, rb] : [rb, a];
      current[keep] = o.merge(current[keep] as Group, current[drop] as Group);
      into[drop] = keep;
    }
  }
  for (let i = 0; i < n; i++) into[i] = root(i);
  return into;
}

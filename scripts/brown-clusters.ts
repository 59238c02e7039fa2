/**
 * Brown clustering (Brown et al. 1992) with Liang's window (Liang 2005, the
 * `wcluster` recipe Ratinov & Roth 2009 and Turian et al. 2010 used): words in
 * order of frequency enter a window of `clusters` + 1 clusters; each time one
 * enters, the two clusters whose merge loses the least mutual information
 * between adjacent clusters are merged. When every word is in, the remaining
 * clusters are merged down to one, and a word's bit string is its cluster's
 * path from that root (0: the left branch, 1: the right). Deterministic: no
 * randomness, ties go to the lowest slots.
 *
 * Quality of a clustering: I = sum over cluster pairs (u, v) of
 * p(u, v) log(p(u, v) / (p(u) p(v))), with p(u, v) the share of adjacent word
 * pairs (u then v) and p(u) the share of tokens, over the words in the window.
 * Merge losses `L[s][t]` are kept for every pair of slots and updated in O(1)
 * per pair after each merge and each new word, so a word costs O(clusters^2).
 */

/** A word's neighbours: parallel arrays of word ids and counts. */
interface Neighbours {
  ids: Int32Array;
  counts: Float64Array;
}

/**
 * Bit strings of the words `0 .. words - 1` (ids in descending frequency,
 * the order they enter the window), from sentences of word ids (-1: a word
 * left out, which breaks the pair on both sides of it).
 */
export function brownClusters(
  sentences: readonly Int32Array[],
  words: number,
  clusters: number,
  log: (line: string) => void = () => {},
): string[] {
  // unigram counts and adjacent-pair counts per word, both directions
  const unigram = new Float64Array(words);
  const pairMaps = Array.from({ length: words }, () => new Map<number, number>());
  let total = 0;
  for (const sent of sentences) {
    for (let i = 0; i < sent.length; i++) {
      const a = sent[i] as number;
      if (a < 0) continue;
      unigram[a] = (unigram[a] as number) + 1;
      total++;
      const b = i + 1 < sent.length ? (sent[i + 1] as number) : -1;
      if (b < 0) continue;
      const m = pairMaps[a] as Map<number, number>;
      m.set(b, (m.get(b) ?? 0) + 1);
    }
  }
  const right: Neighbours[] = [];
  const leftLists: Array<Array<[number, number]>> = Array.from({ length: words }, () => []);
  for (let a = 0; a < words; a++) {
    const m = pairMaps[a] as Map<number, number>;
    const ids = [...m.keys()].sort((x, y) => x - y);
    right.push({ ids: Int32Array.from(ids), counts: Float64Array.from(ids, (b) => m.get(b) as number) });
    for (const b of ids) (leftLists[b] as Array<[number, number]>).push([a, m.get(b) as number]);
  }
  const left: Neighbours[] = leftLists.map((l) => ({
    ids: Int32Array.from(l, ([a]) => a),
    counts: Float64Array.from(l, ([, c]) => c),
  }));
  pairMaps.length = 0;

  const C = Math.min(clusters, words);
  const S = C + 1; // slots
  const N = total;
  /** q of a pair count `c` between clusters of counts `a` and `b`. */
  const qf = (c: number, a: number, b: number) => (c > 0 ? (c / N) * Math.log((c * N) / (a * b)) : 0);
  const P2 = new Float64Array(S * S); // pair counts, [left * S + right]
  const Q = new Float64Array(S * S); // q per slot pair
  const n = new Float64Array(S); // token count per slot
  const s1 = new Float64Array(S); // sum of q over pairs involving the slot
  const L = new Float64Array(S * S); // merge loss, [s * S + t] for s < t
  const used = new Uint8Array(S);
  const slotOf = new Int32Array(words).fill(-1);
  const members: number[][] = Array.from({ length: S }, () => []);
  /** Node id per slot in the merge tree (words first, then internal nodes). */
  const node = new Int32Array(S).fill(-1);
  const parent: number[] = new Array<number>(words).fill(-1);
  const branch: number[] = new Array<number>(words).fill(0);
  const newNode = () => {
    parent.push(-1);
    branch.push(0);
    return parent.length - 1;
  };

  const recomputeQ = (s: number) => {
    let sum = 0;
    for (let u = 0; u < S; u++) {
      if (!used[u]) continue;
      const a = qf(P2[s * S + u] as number, n[s] as number, n[u] as number);
      const b = u === s ? a : qf(P2[u * S + s] as number, n[u] as number, n[s] as number);
      Q[s * S + u] = a;
      Q[u * S + s] = b;
      sum += u === s ? a : a + b;
    }
    s1[s] = sum;
  };
  /** The loss of merging slots s and t, computed from scratch (O(S)). */
  const lossOf = (s: number, t: number) => {
    const removed = (s1[s] as number) + (s1[t] as number) - (Q[s * S + t] as number) - (Q[t * S + s] as number);
    const nm = (n[s] as number) + (n[t] as number);
    let added = qf(
      (P2[s * S + s] as number) + (P2[s * S + t] as number) + (P2[t * S + s] as number) + (P2[t * S + t] as number),
      nm,
      nm,
    );
    for (let u = 0; u < S; u++) {
      if (!used[u] || u === s || u === t) continue;
      added += qf((P2[s * S + u] as number) + (P2[t * S + u] as number), nm, n[u] as number);
      added += qf((P2[u * S + s] as number) + (P2[u * S + t] as number), n[u] as number, nm);
    }
    return removed - added;
  };
  const setLoss = (s: number, t: number, v: number) => {
    if (s < t) L[s * S + t] = v;
    else L[t * S + s] = v;
  };

  /** Puts word w into the free slot s: its counts, q, and the losses it changes. */
  const enter = (w: number, s: number) => {
    used[s] = 1;
    slotOf[w] = s;
    members[s] = [w];
    node[s] = w;
    n[s] = unigram[w] as number;
    for (let u = 0; u < S; u++) {
      P2[s * S + u] = 0;
      P2[u * S + s] = 0;
    }
    const r = right[w] as Neighbours;
    for (let k = 0; k < r.ids.length; k++) {
      const u = slotOf[r.ids[k] as number] as number;
      if (u >= 0) P2[s * S + u] = (P2[s * S + u] as number) + (r.counts[k] as number);
    }
    const l = left[w] as Neighbours;
    for (let k = 0; k < l.ids.length; k++) {
      const u = slotOf[l.ids[k] as number] as number;
      if (u >= 0 && u !== s) P2[u * S + s] = (P2[u * S + s] as number) + (l.counts[k] as number);
    }
    // the other slots' losses gain the new cluster's terms: q(u, s) and q(s, u) in s1, q(uv, s) in what a merge adds
    const before = new Float64Array(S);
    for (let u = 0; u < S; u++) if (used[u] && u !== s) before[u] = s1[u] as number;
    recomputeQ(s);
    for (let u = 0; u < S; u++) {
      if (!used[u] || u === s) continue;
      s1[u] = (before[u] as number) + (Q[u * S + s] as number) + (Q[s * S + u] as number);
    }
    for (let u = 0; u < S; u++) {
      if (!used[u] || u === s) continue;
      const du = (Q[u * S + s] as number) + (Q[s * S + u] as number);
      for (let v = u + 1; v < S; v++) {
        if (!used[v] || v === s) continue;
        const dv = (Q[v * S + s] as number) + (Q[s * S + v] as number);
        const nuv = (n[u] as number) + (n[v] as number);
        const cross =
          qf((P2[u * S + s] as number) + (P2[v * S + s] as number), nuv, n[s] as number) +
          qf((P2[s * S + u] as number) + (P2[s * S + v] as number), n[s] as number, nuv);
        L[u * S + v] = (L[u * S + v] as number) + du + dv - cross;
      }
    }
    for (let u = 0; u < S; u++) if (used[u] && u !== s) setLoss(u, s, lossOf(u, s));
  };

  /** Merges the pair of used slots with the least loss; returns the freed slot. */
  const mergeBest = (): number => {
    let best = Number.POSITIVE_INFINITY;
    let bs = -1;
    let bt = -1;
    for (let s = 0; s < S; s++) {
      if (!used[s]) continue;
      for (let t = s + 1; t < S; t++) {
        if (!used[t]) continue;
        const v = L[s * S + t] as number;
        if (v < best) {
          best = v;
          bs = s;
          bt = t;
        }
      }
    }
    const s = bs;
    const t = bt;
    // tree: a new node over the two clusters
    const m = newNode();
    parent[node[s] as number] = m;
    branch[node[s] as number] = 0;
    parent[node[t] as number] = m;
    branch[node[t] as number] = 1;
    // the losses of other pairs, before the counts change (all O(1) per pair)
    const nm = (n[s] as number) + (n[t] as number);
    const d1 = new Float64Array(S);
    for (let u = 0; u < S; u++) {
      if (!used[u] || u === s || u === t) continue;
      const rowM = (P2[s * S + u] as number) + (P2[t * S + u] as number);
      const colM = (P2[u * S + s] as number) + (P2[u * S + t] as number);
      d1[u] =
        -((Q[u * S + s] as number) + (Q[s * S + u] as number) + (Q[u * S + t] as number) + (Q[t * S + u] as number)) +
        qf(rowM, nm, n[u] as number) +
        qf(colM, n[u] as number, nm);
    }
    for (let u = 0; u < S; u++) {
      if (!used[u] || u === s || u === t) continue;
      for (let v = u + 1; v < S; v++) {
        if (!used[v] || v === s || v === t) continue;
        const nuv = (n[u] as number) + (n[v] as number);
        const us = (P2[u * S + s] as number) + (P2[v * S + s] as number);
        const su = (P2[s * S + u] as number) + (P2[s * S + v] as number);
        const ut = (P2[u * S + t] as number) + (P2[v * S + t] as number);
        const tu = (P2[t * S + u] as number) + (P2[t * S + v] as number);
        const crossOld =
          qf(us, nuv, n[s] as number) +
          qf(su, n[s] as number, nuv) +
          qf(ut, nuv, n[t] as number) +
          qf(tu, n[t] as number, nuv);
        const crossNew = qf(us + ut, nuv, nm) + qf(su + tu, nm, nuv);
        L[u * S + v] = (L[u * S + v] as number) + (d1[u] as number) + (d1[v] as number) + crossOld - crossNew;
      }
    }
    // merge into the slot with more words, so a word moves slot O(log words) times
    const [keep, gone] = (members[t] as number[]).length > (members[s] as number[]).length ? [t, s] : [s, t];
    const self =
      (P2[s * S + s] as number) + (P2[s * S + t] as number) + (P2[t * S + s] as number) + (P2[t * S + t] as number);
    for (let u = 0; u < S; u++) {
      if (u === s || u === t) continue;
      P2[keep * S + u] = (P2[keep * S + u] as number) + (P2[gone * S + u] as number);
      P2[u * S + keep] = (P2[u * S + keep] as number) + (P2[u * S + gone] as number);
    }
    P2[keep * S + keep] = self;
    for (let u = 0; u < S; u++) {
      P2[gone * S + u] = 0;
      P2[u * S + gone] = 0;
    }
    n[keep] = nm;
    n[gone] = 0;
    used[gone] = 0;
    for (const w of members[gone] as number[]) {
      slotOf[w] = keep;
      (members[keep] as number[]).push(w);
    }
    members[gone] = [];
    node[keep] = m;
    node[gone] = -1;
    for (let u = 0; u < S; u++) if (used[u] && u !== keep) s1[u] = (s1[u] as number) + (d1[u] as number);
    recomputeQ(keep);
    for (let u = 0; u < S; u++) if (used[u] && u !== keep) setLoss(u, keep, lossOf(u, keep));
    return gone;
  };

  // the first C words fill the window, then each further word enters and one merge makes room
  for (let w = 0; w < C; w++) {
    used[w] = 1;
    slotOf[w] = w;
    members[w] = [w];
    node[w] = w;
    n[w] = unigram[w] as number;
  }
  for (let w = 0; w < C; w++) {
    const r = right[w] as Neighbours;
    for (let k = 0; k < r.ids.length; k++) {
      const b = r.ids[k] as number;
      if (b < C) P2[w * S + b] = r.counts[k] as number;
    }
  }
  for (let s = 0; s < C; s++) recomputeQ(s);
  for (let s = 0; s < C; s++) for (let t = s + 1; t < C; t++) L[s * S + t] = lossOf(s, t);
  let free = C;
  for (let w = C; w < words; w++) {
    enter(w, free);
    free = mergeBest();
    if ((w - C) % 2000 === 0) log(`brown: ${w} of ${words} words in`);
  }
  // the window's clusters are the leaves: a word's bit string is its cluster's path in the final merges
  const leaf = Int32Array.from(slotOf, (s) => node[s] as number);
  for (let k = 1; k < C; k++) mergeBest();
  const pathOf = new Map<number, string>();
  const path = (x: number): string => {
    let known = pathOf.get(x);
    if (known === undefined) {
      const p = parent[x] as number;
      known = p < 0 ? '' : path(p) + String(branch[x]);
      pathOf.set(x, known);
    }
    return known;
  };
  return Array.from(leaf, (x) => path(x));
}

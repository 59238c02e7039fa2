/**
 * Near-duplicate and syndication detection: MinHash (one permutation) over word shingles,
 * LSH banding for candidates, exact Jaccard (and containment, for copies cut
 * short) on the shingle sets to verify. Exact copies never reach this module:
 * the store already merges them into one article with several sources.
 *
 * Cost per article is constant: only articles published within `windowDays`
 * of each other are compared (syndication happens within days), and older
 * entries leave the index. Verified pairs join groups (union-find); a group
 * knows who published first and which outlets copied.
 *
 * Order: the pairs found are a function of the article set (the test is
 * symmetric and every pair inside the window is checked once, whichever
 * arrives second), provided articles arrive no more than `windowDays` out of
 * date order; batch runs meet that trivially.
 */
import { DAY_MS, fmix32, fnv1a, words } from './text.js';

/** One article as the link stage sees it. */
export interface LinkDoc {
  /** Article id (unique). */
  id: string;
  title: string;
  body: string;
  outlet: string | null;
  /** Published instant in ms since the epoch (UTC), or null when unknown. */
  published: number | null;
}

/** Options of the duplicate detector; every field has a default. */
export interface DedupOptions {
  /** Words per shingle. @default 4 */
  shingleSize: number;
  /** LSH bands; `bands * rows` hash functions in all. @default 32 */
  bands: number;
  /**
   * Rows (hash values) per band. Threshold ≈ (1/bands)^(1/rows) ≈ 0.18 with
   * the defaults: low, because cut copies have a low Jaccard and a false
   * candidate costs one sorted-array intersection. @default 2
   */
  rows: number;
  /** Jaccard of shingle sets at or above which two articles are copies. @default 0.5 */
  jaccard: number;
  /**
   * Share of the smaller article's shingles found in the larger one at or
   * above which it is a (cut) copy. Three outlets writing up one event reach
   * at most 0.36 on BASIL DEV. @default 0.6
   */
  containment: number;
  /** Articles with fewer shingles than this are never compared (too short to tell a copy). @default 20 */
  minShingles: number;
  /** Only articles published within this many days of each other are compared. @default 14 */
  windowDays: number;
}

/** The defaults, frozen. */
export const DEDUP_DEFAULTS: Readonly<DedupOptions> = Object.freeze({
  shingleSize: 4,
  bands: 32,
  rows: 2,
  jaccard: 0.5,
  containment: 0.6,
  minShingles: 20,
  windowDays: 14,
});

/** Validates options once and returns them frozen. */
export function dedupOptions(partial: Partial<DedupOptions> = {}): Readonly<DedupOptions> {
  const o = { ...DEDUP_DEFAULTS, ...partial };
  for (const k of ['shingleSize', 'bands', 'rows', 'minShingles'] as const) {
    if (!Number.isInteger(o[k]) || o[k] < 1) throw new RangeError(`dedup option ${k} must be a positive integer`);
  }
  for (const k of ['jaccard', 'containment'] as const) {
    if (!(o[k] > 0 && o[k] <= 1)) throw new RangeError(`dedup option ${k} must be in (0, 1]`);
  }
  if (!(o.windowDays > 0)) throw new RangeError('dedup option windowDays must be positive');
  return Object.freeze(o);
}

/** A verified near-duplicate pair. */
export interface DuplicateMatch {
  id: string;
  jaccard: number;
  /** Share of the smaller article's shingles present in the other. */
  containment: number;
}

/** A member of a duplicate group. */
export interface GroupMember {
  id: string;
  outlet: string | null;
  published: number | null;
}

/** A group of near-duplicates: the original (first published) and its copies. */
export interface DuplicateGroup {
  /** Members ordered by published date (undated last), then id; the first one is the original. */
  members: GroupMember[];
  /** Id of the first published member. */
  first: string;
  /** Outlets that carried a copy, other than the first member's outlet, sorted. */
  copiedBy: string[];
}

/** Sorted unique 32-bit hashes of the `size`-word shingles of a text. */
export function shingleSet(text: string, size: number): Uint32Array {
  const ws = words(text);
  const n = ws.length - size + 1;
  if (n <= 0) return ws.length ? Uint32Array.of(fnv1a(ws.join(' '))) : new Uint32Array(0);
  const wordHashes = new Uint32Array(ws.length);
  for (let i = 0; i < ws.length; i++) wordHashes[i] = fnv1a(ws[i] as string);
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let h = 0x9747b28c;
    for (let j = 0; j < size; j++) h = Math.imul(h ^ (wordHashes[i + j] as number), 0x01000193);
    out[i] = fmix32(h);
  }
  out.sort();
  let w = 0;
  for (let i = 0; i < n; i++) if (i === 0 || out[i] !== out[i - 1]) out[w++] = out[i] as number;
  return out.slice(0, w);
}

/** |A ∩ B| of two sorted unique arrays. */
export function intersectionSize(a: Uint32Array, b: Uint32Array): number {
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x === y) {
      n++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return n;
}

/**
 * MinHash signature of `k` values by one-permutation hashing (Li, Owen and
 * Zhang, NIPS 2012): each shingle hash is mixed once and falls into one of
 * `k` bins by its value; a bin keeps its least value. Empty bins borrow the
 * value of the next filled bin to the right, mixed with the distance
 * (densification by rotation, Shrivastava and Li, ICML 2014), so two sets
 * agree on a position with probability about their Jaccard, as with `k`
 * independent hash functions, for one hash per shingle instead of `k`.
 */
export function minhash(shingles: Uint32Array, k: number): Uint32Array {
  const sig = new Uint32Array(k).fill(0xffffffff);
  const filled = new Uint8Array(k);
  for (let s = 0; s < shingles.length; s++) {
    const h = fmix32(((shingles[s] as number) ^ OPH_SEED) >>> 0);
    const bin = Math.floor((h / 4294967296) * k);
    filled[bin] = 1;
    if (h < (sig[bin] as number)) sig[bin] = h;
  }
  for (let i = 0; i < k; i++) {
    if (filled[i]) continue;
    for (let t = 1; t < k; t++) {
      const j = (i + t) % k;
      if (!filled[j]) continue;
      sig[i] = fmix32(((sig[j] as number) ^ Math.imul(t, 0x9e3779b1)) >>> 0);
      break;
    }
  }
  return sig;
}

/** Seed of the one permutation (shingle hashes are mixed once more with it). */
const OPH_SEED = 0x2545f491;

/** One article held for comparison (part of the detector's saved state). */
export interface Entry {
  serial: number;
  doc: GroupMember;
  shingles: Uint32Array;
  bandKeys: Uint32Array;
}

/**
 * What a detector holds besides its window, as plain data `v8.serialize` keeps: see `state()` and
 * `DuplicateDetector.from()`. The window's entries are saved apart (`entriesSince`): each is written once, when
 * it is added, and read back while it is in the window.
 */
export interface DetectorState {
  serial: number;
  latest: number;
  parent: Map<string, string>;
  members: Map<string, GroupMember[]>;
}

/**
 * Streaming near-duplicate detector. `add` returns the verified copies of the
 * new article among those already seen; `groups` lists the duplicate groups.
 */
export class DuplicateDetector {
  readonly options: Readonly<DedupOptions>;
  /** LSH band key -> the serial holding it, or a list when several do (most keys have one: no array each). */
  private buckets = new Map<number, number | number[]>();
  private entries = new Map<number, Entry>();
  /** Entries in arrival order, for eviction by date. */
  private dated: Entry[] = [];
  private datedHead = 0;
  private serial = 0;
  private latest = Number.NEGATIVE_INFINITY;
  private parent = new Map<string, string>();
  private members = new Map<string, GroupMember[]>();
  /** Verified pairs, so callers can score or store them. */
  pairs: Array<[string, string, number]> = [];
  /** Candidate pairs verified (LSH hits), for reporting. */
  candidatesChecked = 0;

  constructor(options: Partial<DedupOptions> = {}) {
    this.options = dedupOptions(options);
  }

  /** The detector's state without its window, by reference (serialize it before adding more). */
  state(): DetectorState {
    const { serial, latest, parent, members } = this;
    return { serial, latest, parent, members };
  }

  /** The entries of the window numbered `serial` or later, in the order they were added. */
  entriesSince(serial: number): Entry[] {
    const out: Entry[] = [];
    for (const e of this.entries.values()) if (e.serial >= serial) out.push(e);
    return out;
  }

  /**
   * A detector continuing from a saved state and the entries saved with it (any that the window has left
   * since may be among them), with the options it was saved under: the window is rebuilt as the detector
   * had it, entries added in order and those past the window dropped as it dropped them.
   */
  static from(state: DetectorState, entries: Iterable<Entry>, options: Partial<DedupOptions> = {}): DuplicateDetector {
    const d = new DuplicateDetector(options);
    Object.assign(d, state);
    for (const e of entries) d.hold(e);
    d.evict();
    return d;
  }

  /** Adds one article; returns its verified near-duplicates among earlier ones. */
  add(doc: LinkDoc): DuplicateMatch[] {
    const o = this.options;
    const shingles = shingleSet(`${doc.title}\n${doc.body}`, o.shingleSize);
    const member: GroupMember = { id: doc.id, outlet: doc.outlet, published: doc.published };
    if (shingles.length < o.minShingles) return [];
    if (doc.published !== null && doc.published > this.latest) {
      this.latest = doc.published;
      this.evict();
    }
    const sig = minhash(shingles, o.bands * o.rows);
    const bandKeys = new Uint32Array(o.bands);
    for (let b = 0; b < o.bands; b++) {
      let h = Math.imul(b + 1, 0x9e3779b1);
      for (let r = 0; r < o.rows; r++) h = Math.imul(h ^ (sig[b * o.rows + r] as number), 0x01000193);
      bandKeys[b] = fmix32(h);
    }
    const seen = new Set<number>();
    const matches: DuplicateMatch[] = [];
    const window = o.windowDays * DAY_MS;
    for (let b = 0; b < o.bands; b++) {
      const found = this.buckets.get(bandKeys[b] as number);
      if (found === undefined) continue;
      for (const serial of typeof found === 'number' ? [found] : found) {
        if (seen.has(serial)) continue;
        seen.add(serial);
        const other = this.entries.get(serial);
        if (!other || other.doc.id === doc.id) continue;
        const p = other.doc.published;
        if (p !== null && doc.published !== null && Math.abs(p - doc.published) > window) continue;
        this.candidatesChecked++;
        const inter = intersectionSize(shingles, other.shingles);
        const jaccard = inter / (shingles.length + other.shingles.length - inter);
        const containment = inter / Math.min(shingles.length, other.shingles.length);
        if (jaccard >= o.jaccard || containment >= o.containment) {
          matches.push({ id: other.doc.id, jaccard, containment });
          this.pairs.push(doc.id < other.doc.id ? [doc.id, other.doc.id, jaccard] : [other.doc.id, doc.id, jaccard]);
          this.union(member, other.doc);
        }
      }
    }
    this.hold({ serial: this.serial++, doc: member, shingles, bandKeys });
    matches.sort((a, b) => b.jaccard - a.jaccard || (a.id < b.id ? -1 : 1));
    return matches;
  }

  /** Puts an entry in the window and its band keys in the buckets. */
  private hold(entry: Entry): void {
    this.entries.set(entry.serial, entry);
    this.dated.push(entry);
    for (const key of entry.bandKeys) {
      const bucket = this.buckets.get(key);
      if (bucket === undefined) this.buckets.set(key, entry.serial);
      else if (typeof bucket === 'number') this.buckets.set(key, [bucket, entry.serial]);
      else bucket.push(entry.serial);
    }
  }

  /** Number of articles currently held for comparison. */
  get held(): number {
    return this.entries.size;
  }

  /** The group of an article, or null when it has no near-duplicate. */
  groupOf(id: string): DuplicateGroup | null {
    if (!this.parent.has(id)) return null;
    return describeGroup(this.members.get(this.find(id)) ?? []);
  }

  /** Every duplicate group, ordered by its first member's id. */
  groups(): DuplicateGroup[] {
    return [...this.members.values()].map(describeGroup).sort((a, b) => (a.first < b.first ? -1 : 1));
  }

  /**
   * Drops dated entries older than twice the window before the latest date
   * seen: the slack keeps pairs found when arrival is somewhat out of order.
   */
  private evict(): void {
    const limit = this.latest - 2 * this.options.windowDays * DAY_MS;
    while (this.datedHead < this.dated.length) {
      const e = this.dated[this.datedHead] as Entry;
      if (e.doc.published !== null && e.doc.published >= limit) break;
      this.datedHead++;
      if (e.doc.published === null) continue; // undated entries stay: no date says they are old
      this.entries.delete(e.serial);
      for (const key of e.bandKeys) {
        const bucket = this.buckets.get(key);
        if (bucket === undefined) continue;
        if (typeof bucket === 'number') {
          if (bucket === e.serial) this.buckets.delete(key);
          continue;
        }
        const i = bucket.indexOf(e.serial);
        if (i >= 0) bucket.splice(i, 1);
        if (bucket.length === 1) this.buckets.set(key, bucket[0] as number);
        else if (bucket.length === 0) this.buckets.delete(key);
      }
    }
    if (this.datedHead > 4096 && this.datedHead * 2 > this.dated.length) {
      this.dated.splice(0, this.datedHead);
      this.datedHead = 0;
    }
  }

  private find(id: string): string {
    let root = id;
    for (let p = this.parent.get(root); p !== undefined && p !== root; p = this.parent.get(root)) root = p;
    let cur = id;
    while (cur !== root) {
      const next = this.parent.get(cur) as string;
      this.parent.set(cur, root);
      cur = next;
    }
    return root;
  }

  private union(a: GroupMember, b: GroupMember): void {
    for (const m of [a, b]) {
      if (!this.parent.has(m.id)) {
        this.parent.set(m.id, m.id);
        this.members.set(m.id, [m]);
      }
    }
    const ra = this.find(a.id);
    const rb = this.find(b.id);
    if (ra === rb) return;
    const [keep, drop] = ra < rb ? [ra, rb] : [rb, ra];
    this.parent.set(drop, keep);
    const kept = this.members.get(keep) as GroupMember[];
    for (const m of this.members.get(drop) ?? []) kept.push(m);
    this.members.delete(drop);
  }
}

/** Orders members by date (undated last), then id, and names the original and the copiers. */
export function describeGroup(members: readonly GroupMember[]): DuplicateGroup {
  const sorted = [...members].sort(
    (a, b) =>
      (a.published ?? Number.POSITIVE_INFINITY) - (b.published ?? Number.POSITIVE_INFINITY) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const first = sorted[0];
  const copiedBy = new Set<string>();
  for (const m of sorted.slice(1)) if (m.outlet && m.outlet !== first?.outlet) copiedBy.add(m.outlet);
  return { members: sorted, first: first?.id ?? '', copiedBy: [...copiedBy].sort() };
}

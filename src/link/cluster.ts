/**
 * Online, time-aware story clustering.
 *
 * Each article joins the best existing story or starts a new one. Evidence is
 * pluggable: every `EvidenceKind` turns an article into weighted features
 * (TF-IDF terms of title and lead, title terms; entity ids from the analyze
 * stage can be added as one more kind); a story keeps one centroid per kind,
 * and an article's score for a story is the weighted sum of cosines, damped
 * by the time gap between the article and the story's date range; when both
 * are dated, being close in time adds `timeWeight` of evidence of its own.
 *
 * Candidate stories come from an inverted index (term -> the most recent
 * stories that used it, capped), so the cost per article does not grow with
 * the corpus. Stories that went quiet long ago leave the index.
 *
 * Determinism: articles are buffered and processed in a canonical order
 * (published date, then id; undated last) a whole UTC day at a time, once
 * that day is `reorderDays` older than the newest article, or when `flush()`
 * is called; IDF is updated with a whole batch before any of it is
 * clustered. The same set of
 * articles therefore gives the same stories whatever the arrival order, as
 * long as no article arrives more than `reorderDays` late (batch runs, which
 * flush once at the end, meet this trivially).
 */
import type { LinkDoc } from './dedup.js';
import { DAY_MS, fmix32, fnv1a, terms } from './text.js';

/** One kind of evidence: what an article offers and how much it counts. */
export interface EvidenceKind {
  /** Short name, e.g. `terms`, `title`, `entities`. */
  name: string;
  /** Weight of this kind's cosine in the score; weights need not sum to 1. */
  weight: number;
  /** Features of an article (repeats count as term frequency). */
  features: (doc: LinkDoc) => string[];
  /** Whether candidate stories are looked up through this kind's features. */
  indexed: boolean;
}

/** Options of the clusterer; every field has a default. */
export interface ClusterOptions {
  /** Evidence kinds. @default terms (title ×3 + lead) weight 0.7 indexed, title terms weight 0.3 */
  evidence: readonly EvidenceKind[];
  /** Score at or above which an article joins a story. @default 0.35 */
  threshold: number;
  /**
   * Time evidence: added to the score, times the time factor, when both the
   * article and the story are dated. Undated text (NeuS) must then earn a
   * join from words alone. @default 0.2
   */
  timeWeight: number;
  /** Centroid cosine at or above which two stories merge. @default 0.55 */
  mergeThreshold: number;
  /** Words of the body read for term evidence: the lead says what the story is. @default 250 */
  leadWords: number;
  /** Features kept per article vector, by weight. @default 40 */
  maxFeatures: number;
  /** Features kept per story centroid. @default 120 */
  maxCentroid: number;
  /** Article features used to look up candidates. @default 12 */
  queryFeatures: number;
  /** Stories remembered per feature in the index (most recent). @default 64 */
  postingCap: number;
  /** Candidates scored in full per article. @default 24 */
  maxCandidates: number;
  /** Gap in days between an article and a story's date range that costs nothing. @default 3 */
  graceDays: number;
  /** Beyond the grace, the score is multiplied by exp(-extra days / tauDays). @default 7 */
  tauDays: number;
  /**
   * Stories quiet for this many days (before the newest article) leave the
   * index and drop their centroids. Dated articles cannot reach a story
   * beyond `reachDays` (about 12 days with the defaults) anyway; the margin
   * is for undated articles, which are placed last. @default 30
   */
  retireDays: number;
  /** Features are hashed into 2^featureBits slots per evidence kind (no vocabulary that grows with the corpus). @default 22 */
  featureBits: number;
  /** Articles are processed once this many days older than the newest one seen. @default 2 */
  reorderDays: number;
}

/** The term evidence: title counted three times, then the lead. */
export const TERMS_EVIDENCE = (leadWords: number): EvidenceKind => ({
  name: 'terms',
  weight: 0.7,
  indexed: true,
  features: (d) => {
    const t = terms(d.title);
    return [...t, ...t, ...t, ...terms(d.body.slice(0, leadWords * 8)).slice(0, leadWords)];
  },
});

/** The title evidence: headline terms alone. */
export const TITLE_EVIDENCE: EvidenceKind = {
  name: 'title',
  weight: 0.3,
  indexed: false,
  features: (d) => terms(d.title),
};

/** The defaults, frozen. */
export const CLUSTER_DEFAULTS: Readonly<ClusterOptions> = Object.freeze({
  evidence: Object.freeze([TERMS_EVIDENCE(250), TITLE_EVIDENCE]),
  threshold: 0.35,
  timeWeight: 0.2,
  mergeThreshold: 0.55,
  leadWords: 250,
  maxFeatures: 40,
  maxCentroid: 120,
  queryFeatures: 12,
  postingCap: 64,
  maxCandidates: 24,
  graceDays: 3,
  tauDays: 7,
  retireDays: 30,
  featureBits: 22,
  reorderDays: 2,
});

/** Validates options once and returns them frozen. */
export function clusterOptions(partial: Partial<ClusterOptions> = {}): Readonly<ClusterOptions> {
  const o = { ...CLUSTER_DEFAULTS, ...partial };
  if (partial.leadWords !== undefined && partial.evidence === undefined)
    o.evidence = [TERMS_EVIDENCE(partial.leadWords), TITLE_EVIDENCE];
  if (!o.evidence.length) throw new RangeError('cluster option evidence needs at least one kind');
  if (!o.evidence.some((e) => e.indexed)) throw new RangeError('cluster option evidence needs an indexed kind');
  for (const k of ['maxFeatures', 'maxCentroid', 'queryFeatures', 'postingCap', 'maxCandidates', 'leadWords'] as const)
    if (!Number.isInteger(o[k]) || o[k] < 1) throw new RangeError(`cluster option ${k} must be a positive integer`);
  if (!Number.isInteger(o.featureBits) || o.featureBits < 8 || o.featureBits > 26)
    throw new RangeError('cluster option featureBits must be a whole number from 8 to 26');
  for (const k of ['threshold', 'mergeThreshold'] as const)
    if (!(o[k] > 0)) throw new RangeError(`cluster option ${k} must be positive`);
  return Object.freeze(o);
}

/** A sparse vector: feature ids ascending with their weights, L2-normalised. */
interface Vec {
  ids: Int32Array;
  ws: Float64Array;
  /** The `queryFeatures` heaviest ids: looked up in and added to the index. */
  top: Int32Array;
}

/** An article's hashed features of one kind: distinct ids and how often each occurs. */
interface Counted {
  ids: Int32Array;
  tf: Uint32Array;
}

/** A story centroid: feature ids ascending with summed weights (columnar, no per-entry objects). */
interface Centroid {
  ids: Int32Array;
  /** Single precision: half the memory of the window's centroids, ample for summed weights. */
  ws: Float32Array;
  sumsq: number;
}

const EMPTY_CENTROID: Centroid = Object.freeze({ ids: new Int32Array(0), ws: new Float32Array(0), sumsq: 0 });

interface StoryState {
  serial: number;
  /** Id of the first article processed into it (stable name of the story). */
  id: string;
  members: string[];
  first: number | null;
  last: number | null;
  centroids: Centroid[];
  retired: boolean;
}

/** A story as reported. */
export interface StoryResult {
  id: string;
  articles: string[];
  first: number | null;
  last: number | null;
}

/** Postings are swept of retired stories this often (in days of the stream); reads compact them too. */
const SWEEP_DAYS = 7;

/** Streaming story clusterer; see the module comment for the order guarantee. */
export class StoryClusterer {
  readonly options: Readonly<ClusterOptions>;
  /** Per evidence kind: document frequency of each hashed feature. */
  private readonly df: Uint32Array[];
  private readonly mask: number;
  /** Reusable counts while an article's features are hashed; all zero between articles. */
  private readonly scratch: Uint32Array;
  /** Days beyond which a dated article cannot reach a dated story's threshold (see `reach`). */
  private readonly reachMs: number;
  private docs = 0;
  private pending: LinkDoc[] = [];
  /** Articles published before this instant (a UTC midnight) have been processed. */
  private processedTo = Number.NEGATIVE_INFINITY;
  private newest = Number.NEGATIVE_INFINITY;
  private retiredAt = Number.NEGATIVE_INFINITY;
  private sweptAt = Number.NEGATIVE_INFINITY;
  private readonly stories: StoryState[] = [];
  /** A merged story's serial -> the serial it merged into. */
  private readonly alias = new Map<number, number>();
  private readonly postings = new Map<number, number[]>();
  private readonly assigned = new Map<string, number>();
  /** Live dated stories by the day of their last article: retirement visits only the days that are due. */
  private readonly byDay = new Map<number, number[]>();
  /** Candidate stories scored in full, for reporting. */
  scored = 0;

  constructor(options: Partial<ClusterOptions> = {}) {
    this.options = clusterOptions(options);
    const size = 2 ** this.options.featureBits;
    this.mask = size - 1;
    this.scratch = new Uint32Array(size);
    this.df = this.options.evidence.map(() => new Uint32Array(size));
    this.reachMs = reachDays(this.options) * DAY_MS;
  }

  /** Queues an article; articles old enough to be in canonical order are processed now. */
  add(doc: LinkDoc): void {
    this.pending.push(doc);
    if (doc.published !== null && doc.published > this.newest) {
      this.newest = doc.published;
      // batches end at UTC midnights: a batch is whole calendar days, whatever the arrival order
      const limit = Math.floor((this.newest - this.options.reorderDays * DAY_MS) / DAY_MS) * DAY_MS;
      // small batches wait for flush(): a run of a few hundred articles is then one batch
      if (limit > this.processedTo && this.pending.length > 256) {
        this.processedTo = limit;
        this.process(limit);
      }
    }
  }

  /** Processes every queued article (call at the end of a batch). */
  flush(): void {
    this.process(Number.POSITIVE_INFINITY, true);
  }

  /** The story serial-independent id of an article's story, or null when not yet processed. */
  storyOf(articleId: string): string | null {
    const s = this.assigned.get(articleId);
    return s === undefined ? null : (this.stories[this.resolve(s)] as StoryState).id;
  }

  /** Every story, ordered by id. */
  results(): StoryResult[] {
    return this.stories
      .filter((s) => !this.alias.has(s.serial))
      .map((s) => ({ id: s.id, articles: [...s.members].sort(), first: s.first, last: s.last }))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** Number of live (unmerged) stories. */
  get storyCount(): number {
    return this.stories.length - this.alias.size;
  }

  /** Stories whose centroids are held (not retired, not merged away), for reporting. */
  get activeStories(): number {
    const live = new Set<number>();
    for (const serials of this.byDay.values())
      for (const s of serials) if (!(this.stories[s] as StoryState).retired) live.add(s);
    return live.size;
  }

  private process(limit: number, all = false): void {
    const ready: LinkDoc[] = [];
    const rest: LinkDoc[] = [];
    for (const d of this.pending) {
      if (all || (d.published !== null && d.published < limit)) ready.push(d);
      else rest.push(d);
    }
    this.pending = rest;
    ready.sort(canonical);
    const counted = ready.map((d) => this.options.evidence.map((e) => this.count(e.features(d))));
    // document frequencies of the whole batch first: IDF is then the same whatever the order inside it
    for (const fs of counted) {
      this.docs++;
      fs.forEach((c, k) => {
        const df = this.df[k] as Uint32Array;
        for (let i = 0; i < c.ids.length; i++) df[c.ids[i] as number] = (df[c.ids[i] as number] as number) + 1;
      });
    }
    ready.forEach((d, i) => {
      this.place(
        d,
        (counted[i] as Counted[]).map((c, k) => this.vector(c, k)),
      );
    });
    if (!all) this.retire(limit);
  }

  /**
   * Feature strings to hashed ids with their counts, through one reusable
   * table: no vocabulary that grows with the corpus, no map per article.
   */
  private count(list: readonly string[]): Counted {
    const scratch = this.scratch;
    const distinct: number[] = [];
    for (let i = 0; i < list.length; i++) {
      const id = fmix32(fnv1a(list[i] as string)) & this.mask;
      if (scratch[id] === 0) distinct.push(id);
      scratch[id] = (scratch[id] as number) + 1;
    }
    const ids = Int32Array.from(distinct);
    const tf = new Uint32Array(ids.length);
    for (let i = 0; i < ids.length; i++) {
      tf[i] = scratch[ids[i] as number] as number;
      scratch[ids[i] as number] = 0;
    }
    return { ids, tf };
  }

  private vector(c: Counted, k: number): Vec {
    const df = this.df[k] as Uint32Array;
    const n = c.ids.length;
    const weight = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const idf = Math.log((this.docs + 1) / ((df[c.ids[i] as number] as number) + 1)) + 1;
      weight[i] = (1 + Math.log(c.tf[i] as number)) * idf;
    }
    const kept = heaviest(weight, c.ids, this.options.maxFeatures);
    let norm = 0;
    for (const i of kept) norm += (weight[i] as number) * (weight[i] as number);
    norm = Math.sqrt(norm) || 1;
    const top = Int32Array.from(kept.slice(0, this.options.queryFeatures), (i) => c.ids[i] as number);
    kept.sort((a, b) => (c.ids[a] as number) - (c.ids[b] as number));
    return {
      ids: Int32Array.from(kept, (i) => c.ids[i] as number),
      ws: Float64Array.from(kept, (i) => (weight[i] as number) / norm),
      top,
    };
  }

  private resolve(serial: number): number {
    let s = serial;
    for (let a = this.alias.get(s); a !== undefined; a = this.alias.get(s)) s = a;
    return s;
  }

  private timeFactor(story: StoryState, t: number | null): number {
    if (t === null || story.first === null || story.last === null) return 1;
    const gap = Math.max(0, story.first - t, t - story.last) / DAY_MS;
    const o = this.options;
    return gap <= o.graceDays ? 1 : Math.exp(-(gap - o.graceDays) / o.tauDays);
  }

  private score(story: StoryState, vecs: Vec[], t: number | null): number {
    let s = 0;
    this.options.evidence.forEach((e, k) => {
      s += e.weight * cosine(vecs[k] as Vec, story.centroids[k] as Centroid);
    });
    if (t === null || story.first === null) return s;
    const f = this.timeFactor(story, t);
    return (s + this.options.timeWeight) * f;
  }

  /** Whether a dated article is too far in time from a dated story to ever reach the threshold. */
  private outOfReach(story: StoryState, t: number | null): boolean {
    if (t === null || story.first === null || story.last === null) return false;
    return story.first - t > this.reachMs || t - story.last > this.reachMs;
  }

  private candidates(vecs: Vec[], t: number | null): number[] {
    const o = this.options;
    const votes = new Map<number, number>();
    o.evidence.forEach((e, k) => {
      if (!e.indexed) return;
      const v = vecs[k] as Vec;
      for (let i = 0; i < v.top.length; i++) {
        const id = v.top[i] as number;
        const key = postingKey(k, id);
        const posting = this.postings.get(key);
        if (!posting) continue;
        const w = v.ws[v.ids.indexOf(id)] as number;
        let live = 0;
        for (let p = 0; p < posting.length; p++) {
          const s = this.resolve(posting[p] as number);
          const story = this.stories[s] as StoryState;
          if (story.retired) continue; // compacted away below
          posting[live++] = posting[p] as number;
          if (this.outOfReach(story, t)) continue;
          votes.set(s, (votes.get(s) ?? 0) + w);
        }
        if (live === 0) this.postings.delete(key);
        else posting.length = live;
      }
    });
    const ranked = [...votes];
    if (ranked.length > o.maxCandidates) ranked.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    else ranked.sort((a, b) => a[0] - b[0]);
    return ranked.slice(0, o.maxCandidates).map((e) => e[0]);
  }

  private place(doc: LinkDoc, vecs: Vec[]): void {
    const o = this.options;
    let best = -1;
    let bestScore = 0;
    let second = -1;
    let secondScore = 0;
    for (const s of this.candidates(vecs, doc.published)) {
      const story = this.stories[s] as StoryState;
      if (story.retired) continue;
      this.scored++;
      const sc = this.score(story, vecs, doc.published);
      if (sc > bestScore || (sc === bestScore && s < best)) {
        second = best;
        secondScore = bestScore;
        best = s;
        bestScore = sc;
      } else if (sc > secondScore) {
        second = s;
        secondScore = sc;
      }
    }
    let target: StoryState;
    if (best >= 0 && bestScore >= o.threshold) {
      target = this.stories[best] as StoryState;
    } else {
      target = {
        serial: this.stories.length,
        id: doc.id,
        members: [],
        first: null,
        last: null,
        centroids: o.evidence.map(() => EMPTY_CENTROID),
        retired: false,
      };
      this.stories.push(target);
    }
    this.join(target, doc, vecs);
    // the article may bridge two stories that turn out to be one
    if (second >= 0 && secondScore >= o.threshold && target.serial === best) {
      const other = this.stories[second] as StoryState;
      if (this.storySimilarity(target, other) >= o.mergeThreshold) this.merge(target, other);
    }
  }

  /** Files a dated story under the day of its last article. */
  private fileByDay(story: StoryState, previousLast: number | null): void {
    if (story.last === null) return;
    const day = Math.floor(story.last / DAY_MS);
    if (previousLast !== null && Math.floor(previousLast / DAY_MS) === day) return;
    const list = this.byDay.get(day);
    if (list) list.push(story.serial);
    else this.byDay.set(day, [story.serial]);
  }

  private join(story: StoryState, doc: LinkDoc, vecs: Vec[]): void {
    story.members.push(doc.id);
    this.assigned.set(doc.id, story.serial);
    if (doc.published !== null) {
      const previous = story.last;
      story.first = story.first === null ? doc.published : Math.min(story.first, doc.published);
      story.last = story.last === null ? doc.published : Math.max(story.last, doc.published);
      this.fileByDay(story, previous);
    }
    this.options.evidence.forEach((e, k) => {
      const v = vecs[k] as Vec;
      story.centroids[k] = added(story.centroids[k] as Centroid, v.ids, v.ws, this.options.maxCentroid);
      if (!e.indexed) return;
      for (let i = 0; i < v.top.length; i++) this.post(postingKey(k, v.top[i] as number), story.serial);
    });
  }

  private post(key: number, serial: number): void {
    const posting = this.postings.get(key);
    if (!posting) {
      this.postings.set(key, [serial]);
      return;
    }
    const at = posting.lastIndexOf(serial);
    if (at >= 0) posting.splice(at, 1);
    posting.push(serial);
    if (posting.length > this.options.postingCap) posting.shift();
  }

  private storySimilarity(a: StoryState, b: StoryState): number {
    let s = 0;
    let wsum = 0;
    this.options.evidence.forEach((e, k) => {
      const ca = a.centroids[k] as Centroid;
      const cb = b.centroids[k] as Centroid;
      const norm = Math.sqrt(ca.sumsq * cb.sumsq);
      s += e.weight * (norm ? dot(ca.ids, ca.ws, cb.ids, cb.ws) / norm : 0);
      wsum += e.weight;
    });
    const t = a.first === null || b.first === null ? null : b.first;
    return (s / wsum) * (t === null ? 1 : this.timeFactor(a, t));
  }

  private merge(into: StoryState, from: StoryState): void {
    const [keep, drop] = into.serial < from.serial ? [into, from] : [from, into];
    for (const m of drop.members) keep.members.push(m);
    const previous = keep.last;
    if (drop.first !== null) keep.first = keep.first === null ? drop.first : Math.min(keep.first, drop.first);
    if (drop.last !== null) keep.last = keep.last === null ? drop.last : Math.max(keep.last, drop.last);
    this.fileByDay(keep, previous);
    drop.centroids.forEach((c, k) => {
      keep.centroids[k] = added(keep.centroids[k] as Centroid, c.ids, c.ws, this.options.maxCentroid);
    });
    drop.centroids = [];
    drop.members = [];
    drop.retired = true;
    this.alias.set(drop.serial, keep.serial);
  }

  /**
   * Stories quiet for `retireDays` drop their centroids; their members stay.
   * Only the days that fell due are visited, so the sweep costs what the
   * window holds, not what the corpus holds.
   */
  private retire(now: number): void {
    if (now - this.retiredAt < DAY_MS) return; // a sweep a simulated day is enough
    this.retiredAt = now;
    const limit = now - this.options.retireDays * DAY_MS;
    const limitDay = Math.floor(limit / DAY_MS);
    for (const [day, serials] of this.byDay) {
      if (day >= limitDay) continue;
      for (const s of serials) {
        const st = this.stories[s] as StoryState;
        if (!st.retired && st.last !== null && st.last < limit && !this.alias.has(st.serial)) {
          st.retired = true;
          st.centroids = [];
        }
      }
      this.byDay.delete(day);
    }
    // postings of features no longer read would keep retired serials: sweep them now and then
    if (now - this.sweptAt < SWEEP_DAYS * DAY_MS) return;
    this.sweptAt = now;
    for (const [key, posting] of this.postings) {
      const live = posting.filter((s) => !(this.stories[this.resolve(s)] as StoryState).retired);
      if (live.length === 0) this.postings.delete(key);
      else if (live.length !== posting.length) this.postings.set(key, live);
    }
  }
}

/**
 * Days beyond which a dated article can no longer reach the threshold of a
 * dated story: the best possible score, every cosine 1 plus the time
 * evidence, times the decay, falls below the threshold.
 */
export function reachDays(o: Readonly<ClusterOptions>): number {
  const best = o.evidence.reduce((s, e) => s + e.weight, 0) + o.timeWeight;
  return o.graceDays + o.tauDays * Math.log(Math.max(1, best / o.threshold));
}

/** Published date first (undated last), then id. */
function canonical(a: LinkDoc, b: LinkDoc): number {
  const ta = a.published ?? Number.POSITIVE_INFINITY;
  const tb = b.published ?? Number.POSITIVE_INFINITY;
  if (ta !== tb) return ta - tb;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

const postingKey = (kind: number, id: number) => id * 8 + kind;

/**
 * Indices of the `k` heaviest entries, heaviest first, ties by smaller id:
 * the k-th weight is found with a native numeric sort, so only the kept
 * entries go through a comparator.
 */
function heaviest(weight: Float64Array, ids: Int32Array, k: number): number[] {
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

/** Dot product of two sparse vectors with ascending ids. */
function dot(ai: Int32Array, aw: Float64Array | Float32Array, bi: Int32Array, bw: Float64Array | Float32Array): number {
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

/** A centroid plus a sparse vector (ids ascending), kept to `keep` heaviest entries once it holds twice that. */
function added(c: Centroid, ids: Int32Array, ws: Float64Array | Float32Array, keep: number): Centroid {
  const n = c.ids.length + ids.length;
  let oi = new Int32Array(n);
  let ow = new Float32Array(n);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < c.ids.length || j < ids.length) {
    const x = i < c.ids.length ? (c.ids[i] as number) : Number.POSITIVE_INFINITY;
    const y = j < ids.length ? (ids[j] as number) : Number.POSITIVE_INFINITY;
    if (x === y) {
      oi[k] = x;
      ow[k++] = (c.ws[i++] as number) + (ws[j++] as number);
    } else if (x < y) {
      oi[k] = x;
      ow[k++] = c.ws[i++] as number;
    } else {
      oi[k] = y;
      ow[k++] = ws[j++] as number;
    }
  }
  if (k > 2 * keep) {
    const order = Array.from({ length: k }, (_, x) => x).sort(
      (a, b) => (ow[b] as number) - (ow[a] as number) || (oi[a] as number) - (oi[b] as number),
    );
    const kept = order.slice(0, keep).sort((a, b) => (oi[a] as number) - (oi[b] as number));
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

function cosine(v: Vec, c: Centroid): number {
  if (!c.sumsq) return 0;
  return dot(v.ids, v.ws, c.ids, c.ws) / Math.sqrt(c.sumsq);
}

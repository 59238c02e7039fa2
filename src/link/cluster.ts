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
 * (published date, then id; undated last) once they are older than the
 * newest article by `reorderDays`, or when `flush()` is called; IDF is
 * updated with a whole batch before any of it is clustered. The same set of
 * articles therefore gives the same stories whatever the arrival order, as
 * long as no article arrives more than `reorderDays` late (batch runs, which
 * flush once at the end, meet this trivially).
 */
import type { LinkDoc } from './dedup.js';
import { DAY_MS, terms } from './text.js';

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
  /** Stories quiet for this many days (before the newest article) leave the index. @default 60 */
  retireDays: number;
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
  retireDays: 60,
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
  for (const k of ['threshold', 'mergeThreshold'] as const)
    if (!(o[k] > 0)) throw new RangeError(`cluster option ${k} must be positive`);
  return Object.freeze(o);
}

/** A sparse vector: feature ids with weights, L2-normalised. */
interface Vec {
  ids: number[];
  ws: number[];
}

interface Centroid {
  w: Map<number, number>;
  sumsq: number;
}

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

/** Per-kind vocabulary and document frequencies. */
interface Vocab {
  ids: Map<string, number>;
  df: number[];
}

/** Streaming story clusterer; see the module comment for the order guarantee. */
export class StoryClusterer {
  readonly options: Readonly<ClusterOptions>;
  private readonly vocab: Vocab[];
  private docs = 0;
  private pending: LinkDoc[] = [];
  private newest = Number.NEGATIVE_INFINITY;
  private retiredAt = Number.NEGATIVE_INFINITY;
  private readonly stories: StoryState[] = [];
  /** A merged story's serial -> the serial it merged into. */
  private readonly alias = new Map<number, number>();
  private readonly postings = new Map<number, number[]>();
  private readonly assigned = new Map<string, number>();
  /** Candidate stories scored in full, for reporting. */
  scored = 0;

  constructor(options: Partial<ClusterOptions> = {}) {
    this.options = clusterOptions(options);
    this.vocab = this.options.evidence.map(() => ({ ids: new Map(), df: [] }));
  }

  /** Queues an article; articles old enough to be in canonical order are processed now. */
  add(doc: LinkDoc): void {
    this.pending.push(doc);
    if (doc.published !== null && doc.published > this.newest) {
      this.newest = doc.published;
      const limit = this.newest - this.options.reorderDays * DAY_MS;
      if (this.pending.length > 256 && (this.pending[0]?.published ?? Number.POSITIVE_INFINITY) < limit)
        this.process(limit);
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

  private process(limit: number, all = false): void {
    const ready: LinkDoc[] = [];
    const rest: LinkDoc[] = [];
    for (const d of this.pending) {
      if (all || (d.published !== null && d.published < limit)) ready.push(d);
      else rest.push(d);
    }
    this.pending = rest;
    ready.sort(canonical);
    const features = ready.map((d) => this.options.evidence.map((e) => e.features(d)));
    // document frequencies of the whole batch first: IDF is then the same whatever the order inside it
    for (const fs of features) {
      this.docs++;
      fs.forEach((list, k) => {
        const v = this.vocab[k] as Vocab;
        for (const f of new Set(list)) {
          let id = v.ids.get(f);
          if (id === undefined) {
            id = v.df.length;
            v.ids.set(f, id);
            v.df.push(0);
          }
          v.df[id] = (v.df[id] as number) + 1;
        }
      });
    }
    ready.forEach((d, i) => {
      this.place(
        d,
        (features[i] as string[][]).map((list, k) => this.vector(list, k)),
      );
    });
    if (!all) this.retire(limit);
  }

  private vector(list: string[], k: number): Vec {
    const v = this.vocab[k] as Vocab;
    const tf = new Map<number, number>();
    for (const f of list) {
      const id = v.ids.get(f) as number;
      tf.set(id, (tf.get(id) ?? 0) + 1);
    }
    const entries: Array<[number, number]> = [];
    for (const [id, n] of tf) {
      const idf = Math.log((this.docs + 1) / ((v.df[id] as number) + 1)) + 1;
      entries.push([id, (1 + Math.log(n)) * idf]);
    }
    entries.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    const kept = entries.slice(0, this.options.maxFeatures);
    let norm = 0;
    for (const [, w] of kept) norm += w * w;
    norm = Math.sqrt(norm) || 1;
    return { ids: kept.map((e) => e[0]), ws: kept.map((e) => e[1] / norm) };
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

  private candidates(vecs: Vec[]): number[] {
    const o = this.options;
    const votes = new Map<number, number>();
    o.evidence.forEach((e, k) => {
      if (!e.indexed) return;
      const v = vecs[k] as Vec;
      const n = Math.min(o.queryFeatures, v.ids.length);
      for (let i = 0; i < n; i++) {
        const posting = this.postings.get(postingKey(k, v.ids[i] as number));
        if (!posting) continue;
        for (const raw of posting) {
          const s = this.resolve(raw);
          votes.set(s, (votes.get(s) ?? 0) + (v.ws[i] as number));
        }
      }
    });
    return [...votes]
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, o.maxCandidates)
      .map((e) => e[0]);
  }

  private place(doc: LinkDoc, vecs: Vec[]): void {
    const o = this.options;
    let best = -1;
    let bestScore = 0;
    let second = -1;
    let secondScore = 0;
    for (const s of this.candidates(vecs)) {
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
        centroids: o.evidence.map(() => ({ w: new Map(), sumsq: 0 })),
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

  private join(story: StoryState, doc: LinkDoc, vecs: Vec[]): void {
    story.members.push(doc.id);
    this.assigned.set(doc.id, story.serial);
    if (doc.published !== null) {
      story.first = story.first === null ? doc.published : Math.min(story.first, doc.published);
      story.last = story.last === null ? doc.published : Math.max(story.last, doc.published);
    }
    this.options.evidence.forEach((e, k) => {
      const v = vecs[k] as Vec;
      const c = story.centroids[k] as Centroid;
      for (let i = 0; i < v.ids.length; i++) addTo(c, v.ids[i] as number, v.ws[i] as number);
      if (c.w.size > 2 * this.options.maxCentroid) prune(c, this.options.maxCentroid);
      if (!e.indexed) return;
      const n = Math.min(this.options.queryFeatures, v.ids.length);
      for (let i = 0; i < n; i++) this.post(postingKey(k, v.ids[i] as number), story.serial);
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
      let dot = 0;
      const [small, large] = ca.w.size < cb.w.size ? [ca, cb] : [cb, ca];
      for (const [id, w] of small.w) dot += w * (large.w.get(id) ?? 0);
      const norm = Math.sqrt(ca.sumsq * cb.sumsq);
      s += e.weight * (norm ? dot / norm : 0);
      wsum += e.weight;
    });
    const t = a.first === null || b.first === null ? null : b.first;
    return (s / wsum) * (t === null ? 1 : this.timeFactor(a, t));
  }

  private merge(into: StoryState, from: StoryState): void {
    const [keep, drop] = into.serial < from.serial ? [into, from] : [from, into];
    for (const m of drop.members) keep.members.push(m);
    if (drop.first !== null) keep.first = keep.first === null ? drop.first : Math.min(keep.first, drop.first);
    if (drop.last !== null) keep.last = keep.last === null ? drop.last : Math.max(keep.last, drop.last);
    drop.centroids.forEach((c, k) => {
      const kc = keep.centroids[k] as Centroid;
      for (const [id, w] of c.w) addTo(kc, id, w);
      if (kc.w.size > 2 * this.options.maxCentroid) prune(kc, this.options.maxCentroid);
    });
    drop.centroids = [];
    drop.members = [];
    drop.retired = true;
    this.alias.set(drop.serial, keep.serial);
  }

  /** Stories quiet for `retireDays` drop their centroids; their members stay. */
  private retire(now: number): void {
    if (now - this.retiredAt < DAY_MS) return; // a sweep a simulated day is enough
    this.retiredAt = now;
    const limit = now - this.options.retireDays * DAY_MS;
    for (const [key, posting] of this.postings) {
      const live = posting.filter((s) => {
        const st = this.stories[this.resolve(s)] as StoryState;
        return !st.retired && (st.last === null || st.last >= limit);
      });
      if (live.length === 0) this.postings.delete(key);
      else if (live.length !== posting.length) this.postings.set(key, live);
    }
    for (const st of this.stories) {
      if (!st.retired && st.last !== null && st.last < limit && !this.alias.has(st.serial)) {
        st.retired = true;
        st.centroids = [];
      }
    }
  }
}

/** Published date first (undated last), then id. */
function canonical(a: LinkDoc, b: LinkDoc): number {
  const ta = a.published ?? Number.POSITIVE_INFINITY;
  const tb = b.published ?? Number.POSITIVE_INFINITY;
  if (ta !== tb) return ta - tb;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

const postingKey = (kind: number, id: number) => id * 8 + kind;

function addTo(c: Centroid, id: number, w: number): void {
  const old = c.w.get(id) ?? 0;
  const now = old + w;
  c.w.set(id, now);
  c.sumsq += now * now - old * old;
}

function prune(c: Centroid, keep: number): void {
  const top = [...c.w].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, keep);
  c.w = new Map(top);
  c.sumsq = top.reduce((s, [, w]) => s + w * w, 0);
}

function cosine(v: Vec, c: Centroid): number {
  if (!c.sumsq) return 0;
  let dot = 0;
  for (let i = 0; i < v.ids.length; i++) dot += (v.ws[i] as number) * (c.w.get(v.ids[i] as number) ?? 0);
  return dot / Math.sqrt(c.sumsq);
}

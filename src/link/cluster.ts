/**
 * Online, time-aware story clustering.
 *
 * Articles are placed a batch (a UTC day) at a time: the batch's articles and
 * the live stories they reach are agglomerated by group average
 * (`agglomerate.ts`), so each article joins the story it matches best, or
 * starts one with the batch articles it matches, and stories merge when
 * evidence says so. Evidence is pluggable: every `EvidenceKind` turns an
 * article into weighted features (TF-IDF terms of title and lead; entity ids
 * from the analyze stage can be added as one more kind); a story keeps the
 * sum of its articles' unit vectors per kind, and two groups score the mean
 * similarity of their articles (weighted over kinds), damped by the time gap
 * between their date ranges; when both are dated, being close in time adds
 * `timeWeight` of evidence of its own (an undated side earns part of it
 * from its words).
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
import { agglomerate, type Group } from './agglomerate.js';
import { numbersIn } from './claims.js';
import type { LinkDoc } from './dedup.js';
import { added, dot, EMPTY_SPARSE, heaviest, type Sparse } from './sparse.js';
import { DAY_MS, fmix32, fnv1a, fold, stem, terms } from './text.js';

/** One kind of evidence: what an article offers and how much it counts. */
export interface EvidenceKind {
  /** Short name, e.g. `terms`, `title`, `entities`. */
  name: string;
  /** Weight of this kind's similarity in the score; weights need not sum to 1. */
  weight: number;
  /** Features of an article (repeats count as term frequency). */
  features: (doc: LinkDoc) => string[];
  /** Whether candidate stories are looked up through this kind's features. */
  indexed: boolean;
}

/** Options of the clusterer; every field has a default. */
export interface ClusterOptions {
  /** Evidence kinds. @default stemmed terms of title (×2) and lead, weight 1, indexed; figures of title and lead, weight 0.1 */
  evidence: readonly EvidenceKind[];
  /**
   * Group-average score (mean similarity of the two sides' articles, plus
   * time evidence) at or above which two groups merge: an article joins a
   * story, two articles start one, two stories become one. Chosen on NeuS
   * DEV blocks by cross-validation, BASIL DEV kept at 1.000 (docs/LINK.md). @default 0.33
   */
  threshold: number;
  /**
   * A new article still alone once no pair reaches `threshold` joins its
   * best-scoring neighbour (a story, a group of the batch or another lone
   * article) if that scores at least this: groups merge only on strong
   * evidence, but an angle piece that shares less with the news items than
   * they share with each other still finds them. At most `threshold`; equal
   * turns it off. The old single bar: no lone article needs more than
   * before, only groups do (NeuS DEV, BASIL DEV and the seeds; docs/LINK.md). @default 0.2
   */
  strayThreshold: number;
  /**
   * A new article still alone whose best neighbour scores under
   * `strayThreshold` but at least `strayFloor` joins it all the same when
   * that best is at least `strayRatio` times its second best: a clear match,
   * not the best of several alike (Lowe's ratio test; docs/LINK.md). 0 turns it off. @default 1.2
   */
  strayRatio: number;
  /** The least score a lone article joins at by the ratio test (`strayRatio`). @default 0.1 */
  strayFloor: number;
  /**
   * The ratio test applies only to a lone article with at least this many
   * candidates beside its best (stories, batch groups, lone articles): the
   * second best of a handful says little about how alike the rest are (the
   * seeds, five articles on one topic read without dates, would join on it;
   * NeuS DEV blocks lose 0.001 against 2). @default 8
   */
  strayAlternatives: number;
  /**
   * Time evidence: added to the score, times the time factor, when both the
   * article and the story are dated; in proportion to the word evidence
   * when only one side is (see `groupScore`). Two undated sides (NeuS) must
   * earn a join from words alone. @default 0.1
   */
  timeWeight: number;
  /**
   * When one side is undated, credit it the time evidence in proportion to
   * its word evidence (`groupScore`); false: words alone, as two undated
   * sides. @default true
   */
  undatedTime: boolean;
  /** Words of the body read for term evidence: the lead says what the story is. @default 150 */
  leadWords: number;
  /** Features kept per article vector, by weight. @default 40 */
  maxFeatures: number;
  /** Features kept per story centroid. @default 120 */
  maxCentroid: number;
  /** Article features used to look up candidate stories and posted to the story index: the heaviest. @default 12 */
  queryFeatures: number;
  /**
   * Article features used to look up candidate articles of the same batch
   * (the heaviest): more than for stories, since a batch index reads only
   * the `postingCap` articles nearest in canonical order under each feature.
   * Chosen with the bars by cross-validation on NeuS DEV blocks
   * (docs/LINK.md; `queryFeatures` before). @default 20
   */
  batchFeatures: number;
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

/**
 * The term evidence: stemmed terms of the title counted twice, then of the
 * lead. Stems let short texts meet across inflections (`castigates` and
 * `castigated`, `nominee` and `nominees`); a separate title-only kind did
 * not help on NeuS DEV (docs/LINK.md).
 */
export const TERMS_EVIDENCE = (leadWords: number): EvidenceKind => ({
  name: 'terms',
  weight: 1,
  indexed: true,
  features: (d) => {
    const t = terms(d.title).map(key);
    return [
      ...t,
      ...t,
      ...terms(d.body.slice(0, leadWords * 8))
        .slice(0, leadWords)
        .map(key),
    ];
  },
});

/**
 * The number evidence: the figures of title and lead (`744,000` jobless
 * claims, `$1.9 trillion`, `916,000 jobs`), scale applied, years and
 * designations left out as `numbersIn` does for claims, and numbers under 10
 * (counts every story has). A shared figure is evidence of one event where
 * the words say only one topic (the weekly jobless claims, the monthly jobs
 * report); an article without figures scores 0 here and loses nothing.
 * Weight 0.1, not indexed (NeuS DEV, docs/LINK.md).
 */
export const NUMBERS_EVIDENCE = (leadWords: number): EvidenceKind => ({
  name: 'numbers',
  weight: 0.1,
  indexed: false,
  features: (d) =>
    numbersIn(`${d.title}\n${d.body.slice(0, leadWords * 8)}`)
      .filter((v) => v >= MIN_FIGURE)
      .map((v) => `#${v}`),
});

/** Numbers under this are counts any story has (`two`, `5 states`), not figures of one event. */
const MIN_FIGURE = 10;

/** A term as clustering compares it: diacritics folded (`Yıldırım` meets `Yildirim`), stemmed. */
const key = (term: string): string => stem(fold(term));

/** The defaults, frozen. */
export const CLUSTER_DEFAULTS: Readonly<ClusterOptions> = Object.freeze({
  evidence: Object.freeze([TERMS_EVIDENCE(150), NUMBERS_EVIDENCE(150)]),
  threshold: 0.33,
  strayThreshold: 0.2,
  strayRatio: 1.2,
  strayFloor: 0.1,
  strayAlternatives: 8,
  timeWeight: 0.1,
  undatedTime: true,
  leadWords: 150,
  maxFeatures: 40,
  maxCentroid: 120,
  queryFeatures: 12,
  batchFeatures: 20,
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
    o.evidence = [TERMS_EVIDENCE(partial.leadWords), NUMBERS_EVIDENCE(partial.leadWords)];
  if (!o.evidence.length) throw new RangeError('cluster option evidence needs at least one kind');
  if (!o.evidence.some((e) => e.indexed)) throw new RangeError('cluster option evidence needs an indexed kind');
  if (!(Number.isInteger(o.strayAlternatives) && o.strayAlternatives >= 1))
    throw new RangeError('cluster option strayAlternatives must be a positive integer');
  for (const k of [
    'maxFeatures',
    'maxCentroid',
    'queryFeatures',
    'batchFeatures',
    'postingCap',
    'maxCandidates',
    'leadWords',
  ] as const)
    if (!Number.isInteger(o[k]) || o[k] < 1) throw new RangeError(`cluster option ${k} must be a positive integer`);
  if (!Number.isInteger(o.featureBits) || o.featureBits < 8 || o.featureBits > 26)
    throw new RangeError('cluster option featureBits must be a whole number from 8 to 26');
  if (!(o.threshold > 0)) throw new RangeError('cluster option threshold must be positive');
  if (!(o.strayThreshold > 0 && o.strayThreshold <= o.threshold))
    throw new RangeError('cluster option strayThreshold must be positive and at most threshold');
  if (!(o.strayRatio === 0 || o.strayRatio >= 1))
    throw new RangeError('cluster option strayRatio must be 0 (off) or at least 1');
  if (!(o.strayFloor > 0 && o.strayFloor <= o.strayThreshold))
    throw new RangeError('cluster option strayFloor must be positive and at most strayThreshold');
  return Object.freeze(o);
}

/** An article's vector of one kind, L2-normalised (a `Sparse` of norm 1). */
interface Vec extends Sparse {
  ws: Float64Array;
  /** The heaviest ids, heaviest first: the first `queryFeatures` are looked up in and added to the story index, the first `batchFeatures` in the batch's. */
  top: Int32Array;
}

/** An article's hashed features of one kind: distinct ids and how often each occurs. */
interface Counted {
  ids: Int32Array;
  tf: Uint32Array;
}

/** A story inside the clusterer (part of its saved state). */
export interface StoryState {
  serial: number;
  /** Id of the first article processed into it (stable name of the story). */
  id: string;
  members: string[];
  first: number | null;
  last: number | null;
  /** Per evidence kind, the sum of its articles' unit vectors. */
  centroids: Sparse[];
  retired: boolean;
}

/**
 * Everything a clusterer holds, as plain data that `v8.serialize` keeps
 * (typed arrays, maps, arrays, plain objects): `state()` hands it out,
 * `StoryClusterer.from()` takes it back. Options are not part of it (evidence
 * kinds are functions): the caller restores with the options it saved under.
 */
export interface ClustererState {
  df: Uint32Array[];
  docs: number;
  pending: LinkDoc[];
  datedWaiting: number;
  processedTo: number;
  newest: number;
  retiredAt: number;
  sweptAt: number;
  stories: StoryState[];
  alias: Map<number, number>;
  postings: Map<number, number[]>;
  assigned: Map<string, number>;
  byDay: Map<number, number[]>;
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
  private df: Uint32Array[];
  private readonly mask: number;
  /** Reusable counts while an article's features are hashed; all zero between articles. */
  private readonly scratch: Uint32Array;
  /** Days beyond which a dated article cannot reach a dated story's threshold (see `reach`). */
  private readonly reachMs: number;
  private docs = 0;
  private pending: LinkDoc[] = [];
  /** Dated articles among `pending`. */
  private datedWaiting = 0;
  /** Articles published before this instant (a UTC midnight) have been processed. */
  private processedTo = Number.NEGATIVE_INFINITY;
  private newest = Number.NEGATIVE_INFINITY;
  private retiredAt = Number.NEGATIVE_INFINITY;
  private sweptAt = Number.NEGATIVE_INFINITY;
  private stories: StoryState[] = [];
  /** A merged story's serial -> the serial it merged into. */
  private alias = new Map<number, number>();
  private postings = new Map<number, number[]>();
  private assigned = new Map<string, number>();
  /** Live dated stories by the day of their last article: retirement visits only the days that are due. */
  private byDay = new Map<number, number[]>();
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

  /**
   * The clusterer's whole state, by reference (serialize it before adding
   * more). Taken before `flush()`, it continues the stream exactly: a
   * clusterer restored from it and fed articles no earlier than those it has
   * seen (or undated) ends as one fed everything at once.
   */
  state(): ClustererState {
    const { df, docs, pending, datedWaiting, processedTo, newest, retiredAt, sweptAt } = this;
    const { stories, alias, postings, assigned, byDay } = this;
    return {
      ...{ df, docs, pending, datedWaiting, processedTo, newest, retiredAt, sweptAt },
      ...{ stories, alias, postings, assigned, byDay },
    };
  }

  /** A clusterer continuing from a saved state, with the options it was saved under. */
  static from(state: ClustererState, options: Partial<ClusterOptions> = {}): StoryClusterer {
    const c = new StoryClusterer(options);
    if (state.df.length !== c.df.length || state.df.some((d) => d.length !== c.mask + 1))
      throw new RangeError('clusterer state was saved under other evidence options');
    Object.assign(c, state);
    return c;
  }

  /** Queues an article; articles old enough to be in canonical order are processed now. */
  add(doc: LinkDoc): void {
    this.pending.push(doc);
    if (doc.published !== null) this.datedWaiting++;
    if (doc.published !== null && doc.published > this.newest) {
      this.newest = doc.published;
      // batches end at UTC midnights: a batch is whole calendar days, whatever the arrival order
      const limit = Math.floor((this.newest - this.options.reorderDays * DAY_MS) / DAY_MS) * DAY_MS;
      // small batches wait for flush(): a run of a few hundred articles is then one batch
      // undated articles wait for flush() whatever happens, so they do not count: a run that continues a saved
      // state (holding undated ones) then cuts batches where a run over the whole set would
      if (limit > this.processedTo && this.datedWaiting > 256) {
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
    this.datedWaiting = 0;
    for (const d of this.pending) {
      if (all || (d.published !== null && d.published < limit)) ready.push(d);
      else {
        rest.push(d);
        if (d.published !== null) this.datedWaiting++;
      }
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
    const vecs = counted.map((fs) => fs.map((c, k) => this.vector(c, k)));
    if (ready.length) this.placeBatch(ready, vecs);
    if (!all) this.retire(limit);
  }

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
    const { queryFeatures, batchFeatures } = this.options;
    const top = Int32Array.from(kept.slice(0, Math.max(queryFeatures, batchFeatures)), (i) => c.ids[i] as number);
    kept.sort((a, b) => (c.ids[a] as number) - (c.ids[b] as number));
    return {
      ids: Int32Array.from(kept, (i) => c.ids[i] as number),
      ws: Float64Array.from(kept, (i) => (weight[i] as number) / norm),
      sumsq: kept.length ? 1 : 0,
      top,
    };
  }

  private resolve(serial: number): number {
    let s = serial;
    for (let a = this.alias.get(s); a !== undefined; a = this.alias.get(s)) s = a;
    return s;
  }

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
      const query = Math.min(v.top.length, o.queryFeatures);
      for (let i = 0; i < query; i++) {
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

  /**
   * Places a batch: its articles and the live stories their index lookups
   * reach are the nodes of one group-average agglomeration
   * (`agglomerate.ts`); candidate pairs are article–story (the story index)
   * and article–article (an index over the batch). A group holding stories
   * becomes the oldest of them (the others merge into it); a group of new
   * articles becomes a new story named after its first article.
   */
  private placeBatch(docs: readonly LinkDoc[], vecs: readonly Vec[][]): void {
    const o = this.options;
    const nodes: Group[] = docs.map((d, i) => ({
      sums: vecs[i] as Vec[],
      n: 1,
      first: d.published,
      last: d.published,
    }));
    const storyAt = new Map<number, number>();
    const serialOf: number[] = [];
    const pairs: Array<readonly [number, number]> = [];
    docs.forEach((d, i) => {
      for (const s of this.candidates(vecs[i] as Vec[], d.published)) {
        let node = storyAt.get(s);
        if (node === undefined) {
          const st = this.stories[s] as StoryState;
          node = nodes.length;
          storyAt.set(s, node);
          serialOf[node] = s;
          nodes.push({ sums: st.centroids, n: st.members.length, first: st.first, last: st.last });
        }
        pairs.push([i, node]);
      }
    });
    this.batchPairs(docs, vecs, pairs);
    this.scored += pairs.length;
    const root = agglomerate(nodes, pairs, {
      threshold: o.threshold,
      floor: o.threshold / 2,
      strayThreshold: o.strayThreshold,
      ...(o.strayRatio > 0
        ? { strayRatio: o.strayRatio, strayFloor: o.strayFloor, strayAlternatives: o.strayAlternatives }
        : {}),
      stray: (i) => i < docs.length,
      score: (a, b, words) => this.groupScore(a, b, words),
      evidence: (a, b) => this.wordScore(a, b),
      merge: (a, b) => this.mergeGroups(a, b),
    });
    // groups in order of their smallest node: the batch's canonical order
    const groups = new Map<number, { articles: number[]; stories: number[] }>();
    for (let i = 0; i < nodes.length; i++) {
      const r = root[i] as number;
      let g = groups.get(r);
      if (!g) groups.set(r, (g = { articles: [], stories: [] }));
      if (i < docs.length) g.articles.push(i);
      else g.stories.push(serialOf[i] as number);
    }
    for (const g of groups.values()) {
      if (!g.articles.length && g.stories.length < 2) continue;
      g.stories.sort((a, b) => a - b);
      let target: StoryState;
      if (g.stories.length) {
        target = this.stories[g.stories[0] as number] as StoryState;
        for (const s of g.stories.slice(1)) this.merge(target, this.stories[s] as StoryState);
      } else {
        target = {
          serial: this.stories.length,
          id: (docs[g.articles[0] as number] as LinkDoc).id,
          members: [],
          first: null,
          last: null,
          centroids: o.evidence.map(() => EMPTY_SPARSE),
          retired: false,
        };
        this.stories.push(target);
      }
      for (const i of g.articles) this.join(target, docs[i] as LinkDoc, vecs[i] as Vec[]);
    }
  }

  /**
   * Article–article candidate pairs inside a batch: each article votes, as
   * against stories, through its heaviest features, reading in each feature's
   * list of batch articles only the `postingCap` nearest its own place in the
   * canonical order (the nearest in time, for dated articles).
   */
  private batchPairs(docs: readonly LinkDoc[], vecs: readonly Vec[][], pairs: Array<readonly [number, number]>): void {
    const o = this.options;
    if (docs.length <= o.maxCandidates + 1) {
      // every other article is a candidate anyway: no need to vote (tiny batches have no telling IDF either)
      for (let i = 0; i < docs.length; i++)
        for (let j = i + 1; j < docs.length; j++)
          if (!this.tooFar((docs[i] as LinkDoc).published, (docs[j] as LinkDoc).published)) pairs.push([i, j]);
      return;
    }
    const half = Math.ceil(o.postingCap / 2);
    o.evidence.forEach((e, k) => {
      if (!e.indexed) return;
      const lists = new Map<number, number[]>();
      vecs.forEach((vs, i) => {
        for (const id of (vs[k] as Vec).top.subarray(0, o.batchFeatures)) {
          const list = lists.get(id);
          if (list) list.push(i);
          else lists.set(id, [i]);
        }
      });
      const votes = new Map<number, number>();
      vecs.forEach((vs, i) => {
        const v = vs[k] as Vec;
        votes.clear();
        for (const id of v.top.subarray(0, o.batchFeatures)) {
          const list = lists.get(id) as number[];
          if (list.length < 2) continue;
          const w = v.ws[v.ids.indexOf(id)] as number;
          const at = lowerBound(list, i);
          const from = Math.max(0, at - half);
          const to = Math.min(list.length, at + half + 1);
          for (let p = from; p < to; p++) {
            const j = list[p] as number;
            if (j !== i) votes.set(j, (votes.get(j) ?? 0) + w);
          }
        }
        const t = (docs[i] as LinkDoc).published;
        const ranked = [...votes].filter(([j]) => !this.tooFar(t, (docs[j] as LinkDoc).published));
        ranked.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
        for (const [j] of ranked.slice(0, o.maxCandidates)) pairs.push([i, j]);
      });
    });
  }

  private tooFar(a: number | null, b: number | null): boolean {
    return a !== null && b !== null && Math.abs(a - b) > this.reachMs;
  }

  /**
   * Mean similarity of the two groups' articles (weighted over evidence
   * kinds), with the time evidence: both dated, closeness adds `timeWeight`
   * and distance damps the whole; neither dated, words alone. One side
   * undated: its words are the only evidence that it belongs to the other
   * side's days, so it is credited the time evidence in proportion to them,
   * `timeWeight × min(1, words / strayThreshold)` (the bar a lone article must reach). An undated report of a dated
   * event is then not held to a higher bar than its dated copies (words
   * alone at 0.16 now join at 0.24), but an article that shares almost no
   * words cannot join on time evidence it has not earned (words at 0.10
   * stay at 0.15: the seeds' undated 2021 report stays out of the 2020 story).
   * `words`: the word score when the caller has it already (the ratio test
   * reads it first), so it is computed once.
   */
  private groupScore(a: Group, b: Group, words?: number): number {
    const s = words ?? this.wordScore(a, b);
    const o = this.options;
    const aDated = a.first !== null && a.last !== null;
    const bDated = b.first !== null && b.last !== null;
    if (!aDated || !bDated)
      return o.undatedTime && (aDated || bDated) ? s + o.timeWeight * Math.min(1, s / o.strayThreshold) : s;
    const gap =
      Math.max(0, (a.first as number) - (b.last as number), (b.first as number) - (a.last as number)) / DAY_MS;
    return (s + o.timeWeight) * (gap <= o.graceDays ? 1 : Math.exp(-(gap - o.graceDays) / o.tauDays));
  }

  /** Mean similarity of the two groups' articles, weighted over evidence kinds, without time evidence. */
  private wordScore(a: Group, b: Group): number {
    let s = 0;
    this.options.evidence.forEach((e, k) => {
      s += e.weight * dot(a.sums[k] as Sparse, b.sums[k] as Sparse);
    });
    return s / (a.n * b.n);
  }

  private mergeGroups(a: Group, b: Group): Group {
    return {
      sums: a.sums.map((x, k) => added(x, b.sums[k] as Sparse, this.options.maxCentroid)),
      n: a.n + b.n,
      first: earliest(a.first, b.first),
      last: latest(a.last, b.last),
    };
  }

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
      story.centroids[k] = added(story.centroids[k] as Sparse, v, this.options.maxCentroid);
      if (!e.indexed) return;
      const query = Math.min(v.top.length, this.options.queryFeatures);
      for (let i = 0; i < query; i++) this.post(postingKey(k, v.top[i] as number), story.serial);
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

  private merge(into: StoryState, from: StoryState): void {
    const [keep, drop] = into.serial < from.serial ? [into, from] : [from, into];
    for (const m of drop.members) keep.members.push(m);
    const previous = keep.last;
    if (drop.first !== null) keep.first = keep.first === null ? drop.first : Math.min(keep.first, drop.first);
    if (drop.last !== null) keep.last = keep.last === null ? drop.last : Math.max(keep.last, drop.last);
    this.fileByDay(keep, previous);
    drop.centroids.forEach((c, k) => {
      keep.centroids[k] = added(keep.centroids[k] as Sparse, c, this.options.maxCentroid);
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
 * Days beyond which a dated article can no longer join a dated story: the
 * best possible score, every cosine 1 plus the time evidence, times the
 * decay, falls below the lowest bar (`strayThreshold`, a lone article's).
 */
export function reachDays(o: Readonly<ClusterOptions>): number {
  const best = o.evidence.reduce((s, e) => s + e.weight, 0) + o.timeWeight;
  return o.graceDays + o.tauDays * Math.log(Math.max(1, best / o.strayThreshold));
}

/** Published date first (undated last), then id. */
function canonical(a: LinkDoc, b: LinkDoc): number {
  const ta = a.published ?? Number.POSITIVE_INFINITY;
  const tb = b.published ?? Number.POSITIVE_INFINITY;
  if (ta !== tb) return ta - tb;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

const postingKey = (kind: number, id: number) => id * 8 + kind;
/** Position of `x` in an ascending list (or where it would go). */
function lowerBound(list: readonly number[], x: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The earlier of two instants, either of which may be unknown. */
function earliest(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.min(a, b);
}

/** The later of two instants, either of which may be unknown. */
function latest(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.max(a, b);
}

/**
 * Statements held for claim grouping, compactly and incrementally.
 *
 * Weights are background IDF (`idf.ts`), fixed, so whether two statements
 * match is a function of the two alone. A statement is indexed under its
 * `queryFeatures` heaviest features; two statements are a candidate pair when
 * they share two indexed features that are not saturated (indexed by more
 * than `postingCap` statements of the set: too common to propose pairs). A
 * claim is a connected component of the pairs that are candidates and match.
 *
 * Each `add` matches the new statement against the index kept so far and
 * links it to what it matches; when a feature saturates, the links that
 * needed it are checked again and dropped when they no longer hold. The set
 * of links is therefore always the one the current set of statements gives,
 * whatever order they came in, so a later run continues the saved state and
 * reports only the claims its new statements touched (`changes`), the same
 * claims as grouping everything at once.
 */
import { fnv1a } from './text.js';
import {
  type Claim,
  type ClaimOptions,
  claimOptions,
  describeClaim,
  distinct,
  type Statement,
  NEGATED_PREFIX,
  type StatementRef,
  statementFeatures,
} from './claims.js';
import { backgroundIdf } from './idf.js';
import { type NumberList, floatList, intList, roomFor } from './typed.js';

/** Weight multiplier of a number feature: a specific amount rarely recurs by chance. */
const NUMBER_BOOST = 3;

/** A similarity between two statements' features, and whether it meets the options. */
export interface Match {
  score: number;
  overlap: number;
  cosine: number;
  shared: number;
  ok: boolean;
}

/** A `StatementSet` as plain data (`v8.serialize` keeps it), to continue in a later run. */
export interface StatementSetState {
  features: string[];
  speakers: string[];
  articles: Array<{ id: string; published: string | null; outlet: string | null }>;
  columns: Record<(typeof INT_COLUMNS)[number], Int32Array>;
  nums: Float64Array;
}

const INT_COLUMNS = [
  'feat',
  'featAt',
  'nameFeat',
  'nameAt',
  'numAt',
  'flags',
  'article',
  'start',
  'end',
  'speaker',
  'idx',
  'idxAt',
  'edgeA',
  'edgeB',
] as const;

/**
 * What a set gained since it was restored (or everything, for a set made new): the statements added (their
 * columns; the offset columns without their leading 0 unless the chunk is whole), the features, speakers and
 * articles first seen, the links made (`edgeA`/`edgeB`) and the links of earlier chunks dropped (`dropA`/`dropB`).
 * `StatementSet.restore` takes the chunks in order.
 */
export interface StatementSetChunk extends StatementSetState {
  whole: boolean;
  dropA: Int32Array;
  dropB: Int32Array;
}

/** Offset columns: one entry per statement plus a leading 0. */
const OFFSETS = ['featAt', 'nameAt', 'numAt', 'idxAt'] as const;
/** Columns of one entry per statement. */
const PER_STATEMENT = ['flags', 'article', 'start', 'end', 'speaker'] as const;
/** Statement positions a link key holds: two of them in one number stay below 2^53. */
const EDGE_SPAN = 2 ** 26;
/** A link as one number; a position past `EDGE_SPAN` would collide with another link, so it is refused. */
function edgeKey(x: number, y: number): number {
  const [lo, hi] = x < y ? [x, y] : [y, x];
  if (hi >= EDGE_SPAN) throw new RangeError(`statement set: position ${hi} past the ${EDGE_SPAN} a link key holds`);
  return lo * EDGE_SPAN + hi;
}
/** The two positions of a link key, lower first. */
const edgeEnds = (keys: Iterable<number>): { a: Int32Array; b: Int32Array } => {
  const list = [...keys];
  return {
    a: Int32Array.from(list, (k) => Math.floor(k / EDGE_SPAN)),
    b: Int32Array.from(list, (k) => k % EDGE_SPAN),
  };
};

/** Claims a run changed: as they were (`removed`) and as they are now (`added`), members in canonical order. */
export interface ClaimChanges {
  removed: number[][];
  added: number[][];
}

/**
 * Statements ready to be grouped: each statement's feature ids (interned
 * once), name ids and numbers live in flat typed arrays beside its article,
 * span, kind and speaker; its text is dropped once its features are taken.
 * About 40 bytes a statement plus 4 a feature and 4 an indexed feature.
 */
export class StatementSet {
  private readonly o: Readonly<ClaimOptions>;
  private readonly featureIds = new Map<string, number>();
  private readonly features: string[] = [];
  /** Per feature id: its background weight (numbers boosted), and a hash of its text (order-free tie-break). */
  private weight = new Float64Array(1024);
  private hashes = new Uint32Array(1024);
  /** Per feature id: for a negated term (`!sell`), the id of the term (`sell`) plus 1; 0 for any other feature. */
  private negates = new Int32Array(1024);
  private readonly cols: Record<(typeof INT_COLUMNS)[number], NumberList<Int32Array>>;
  private readonly nums: NumberList<Float64Array>;
  private readonly total: NumberList<Float64Array>;
  private readonly speakers: string[] = [];
  private readonly speakerIds = new Map<string, number>();
  private readonly articles: Array<{ id: string; published: string | null; outlet: string | null }> = [];
  private readonly articleIds = new Map<string, number>();
  private readonly articleMs: number[] = [];
  /** Per feature: the statements indexed under it (positions ascending), null once saturated. */
  private postings: Array<Int32Array | null | undefined> = [];
  private postLen = new Int32Array(1024);
  private saturated = new Uint8Array(1024);
  /** Matching pairs, both ways. */
  private readonly adj = new Map<number, number[]>();
  /** Statements whose links changed since the set was made or restored. */
  private readonly touched = new Set<number>();
  /** Per restored statement, 1 when it was linked as restored. */
  private restoredLinked = new Uint8Array(0);
  /** Restored statements whose component, as restored, is kept in `was` (found when a run first changes it). */
  private readonly remembered = new Set<number>();
  /** The claims of each restored component a run touched, as they were, by component; taken before its first change. */
  private readonly was = new Map<number, number[][]>();
  /** Sizes when restored (statements, features, speakers, articles), null for a set made new. */
  private readonly mark: { size: number; features: number; speakers: number; articles: number } | null = null;
  /** Links made and links of the restored set dropped since it was restored. */
  private readonly linked = new Set<number>();
  private readonly dropped = new Set<number>();

  constructor(options: Partial<ClaimOptions> = {}, state?: StatementSetState) {
    this.o = claimOptions(options);
    const c = state?.columns;
    // the state's arrays are taken over, not copied: a restored set would otherwise hold its columns twice
    this.cols = Object.fromEntries(INT_COLUMNS.map((k) => [k, intList(c?.[k], true)])) as typeof this.cols;
    this.nums = floatList(state?.nums, true);
    this.total = floatList();
    if (!state) {
      for (const k of ['featAt', 'nameAt', 'numAt', 'idxAt'] as const) this.cols[k].push(0);
      return;
    }
    for (const f of state.features) this.intern(f);
    for (const sp of state.speakers) this.speakerOf(sp);
    for (const a of state.articles) this.articleOf(a);
    const feat = this.cols.feat.data;
    const at = this.cols.featAt.data;
    for (let i = 0; i < this.size; i++) {
      let t = 0;
      for (let k = at[i] as number; k < (at[i + 1] as number); k++) t += this.weight[feat[k] as number] as number;
      this.total.push(t);
    }
    // postings again from the indexed features: a feature indexed by more than the cap is saturated
    const idx = this.cols.idx;
    const count = new Int32Array(this.features.length);
    for (let k = 0; k < idx.length; k++) count[idx.data[k] as number] = (count[idx.data[k] as number] as number) + 1;
    for (let id = 0; id < count.length; id++) if ((count[id] as number) > this.o.postingCap) this.saturated[id] = 1;
    for (let i = 0; i < this.size; i++) for (const f of this.indexed(i)) if (!this.saturated[f]) this.post(f, i);
    this.restoredLinked = new Uint8Array(this.size);
    for (let e = 0; e < this.cols.edgeA.length; e++) {
      const [x, y] = [this.cols.edgeA.data[e] as number, this.cols.edgeB.data[e] as number];
      this.link(x, y);
      this.restoredLinked[x] = this.restoredLinked[y] = 1;
    }
    this.touched.clear();
    this.mark = {
      size: this.size,
      features: this.features.length,
      speakers: this.speakers.length,
      articles: this.articles.length,
    };
  }

  /**
   * A set continuing the chunks a run after run appended (`chunk()`), in order; the first one whole. The set
   * takes the chunks' arrays over: each column is joined and emptied in the chunks in turn (or taken as it is
   * from a lone chunk), so the statements are held about once, not twice, while they are restored.
   */
  static restore(chunks: readonly StatementSetChunk[], options: Partial<ClaimOptions> = {}): StatementSet {
    if (!chunks.length) return new StatementSet(options);
    if (!chunks[0]?.whole || chunks.slice(1).some((c) => c.whole))
      throw new RangeError('statement set chunks: the first one must be whole, and only the first');
    const cat = <T extends Int32Array | Float64Array>(parts: T[], make: (n: number) => T): T => {
      if (parts.length === 1) return parts[0] as T;
      const out = make(parts.reduce((n, p) => n + p.length, 0));
      let at = 0;
      for (const p of parts) {
        out.set(p, at);
        at += p.length;
      }
      return out;
    };
    // a pair is linked once (when its later statement is placed) and, once dropped, never again: the links are
    // every chunk's, less those a later chunk dropped
    const dropped = new Set<number>();
    for (const c of chunks)
      for (let e = 0; e < c.dropA.length; e++) dropped.add(edgeKey(c.dropA[e] as number, c.dropB[e] as number));
    const empty = new Int32Array(0);
    const columns = {} as StatementSetState['columns'];
    for (const k of INT_COLUMNS) {
      columns[k] = cat(
        chunks.map((c) => c.columns[k]),
        (n) => new Int32Array(n),
      );
      for (const c of chunks) c.columns[k] = empty;
    }
    if (dropped.size) {
      const keep = intList();
      const keepB = intList();
      for (let e = 0; e < columns.edgeA.length; e++) {
        const [x, y] = [columns.edgeA[e] as number, columns.edgeB[e] as number];
        if (dropped.has(edgeKey(x, y))) continue;
        keep.push(x);
        keepB.push(y);
      }
      columns.edgeA = keep.trimmed();
      columns.edgeB = keepB.trimmed();
    }
    return new StatementSet(options, {
      features: chunks.flatMap((c) => c.features),
      speakers: chunks.flatMap((c) => c.speakers),
      articles: chunks.flatMap((c) => c.articles),
      columns,
      nums: cat(
        chunks.map((c) => c.nums),
        (n) => new Float64Array(n),
      ),
    });
  }

  /**
   * What the set gained since it was restored, or the whole set when it was made new (or `whole`): a later
   * run restores the chunks in order (`StatementSet.restore`), so a run writes what it added, not everything.
   */
  chunk(whole = false): StatementSetChunk {
    const m = this.mark;
    if (!m || whole) {
      return { ...this.state(), whole: true, dropA: new Int32Array(0), dropB: new Int32Array(0) };
    }
    const c = this.cols;
    const from = (list: NumberList<Int32Array>, at: number) => list.data.slice(at, list.length);
    const columns = {} as StatementSetState['columns'];
    for (const k of PER_STATEMENT) columns[k] = from(c[k], m.size);
    for (const k of OFFSETS) columns[k] = from(c[k], m.size + 1);
    columns.feat = from(c.feat, c.featAt.data[m.size] as number);
    columns.nameFeat = from(c.nameFeat, c.nameAt.data[m.size] as number);
    columns.idx = from(c.idx, c.idxAt.data[m.size] as number);
    const links = edgeEnds(this.linked);
    const drops = edgeEnds(this.dropped);
    columns.edgeA = links.a;
    columns.edgeB = links.b;
    return {
      whole: false,
      features: this.features.slice(m.features),
      speakers: this.speakers.slice(m.speakers),
      articles: this.articles.slice(m.articles),
      columns,
      nums: this.nums.data.slice(this.cols.numAt.data[m.size] as number, this.nums.length),
      dropA: drops.a,
      dropB: drops.b,
    };
  }

  /** The set as plain data; `new StatementSet(options, state)` continues it. */
  state(): StatementSetState {
    const a = intList();
    const b = intList();
    for (const [x, ys] of this.adj)
      for (const y of ys)
        if (x < y) {
          a.push(x);
          b.push(y);
        }
    this.cols.edgeA = a;
    this.cols.edgeB = b;
    const columns = Object.fromEntries(
      INT_COLUMNS.map((k) => [k, this.cols[k].trimmed()]),
    ) as StatementSetState['columns'];
    return {
      features: this.features,
      speakers: this.speakers,
      articles: this.articles,
      columns,
      nums: this.nums.trimmed(),
    };
  }

  get size(): number {
    return this.cols.article.length;
  }

  /** Adds one statement and links it to every statement it matches. */
  add(s: Statement): void {
    const f = statementFeatures(s.text, s.names, s.numbers);
    const c = this.cols;
    const ids = Int32Array.from(f.content, (t) => this.intern(t)).sort();
    const terms = ids.filter((id) => !this.negates[id]);
    let t = 0;
    for (const id of ids) {
      c.feat.push(id);
      t += this.weight[id] as number;
    }
    c.featAt.push(c.feat.length);
    this.total.push(t);
    for (const id of Int32Array.from(f.names, (n) => this.intern(n)).sort()) c.nameFeat.push(id);
    c.nameAt.push(c.nameFeat.length);
    for (const x of f.numbers) this.nums.push(x);
    c.numAt.push(this.nums.length);
    c.flags.push(s.kind === 'quote' ? 2 : 0);
    c.article.push(this.articleOf({ id: s.articleId, published: s.published, outlet: s.outlet }));
    c.start.push(s.start);
    c.end.push(s.end);
    c.speaker.push(s.speaker === null ? -1 : this.speakerOf(s.speaker));
    const i = this.size - 1;
    if (terms.length >= this.o.minFeatures) {
      const heaviest = [...terms]
        .sort(
          (x, y) =>
            (this.weight[y] as number) - (this.weight[x] as number) ||
            (this.hashes[x] as number) - (this.hashes[y] as number) ||
            ((this.features[x] as string) < (this.features[y] as string) ? -1 : 1),
        )
        .slice(0, this.o.queryFeatures);
      for (const id of heaviest) c.idx.push(id);
    }
    c.idxAt.push(c.idx.length);
    this.place(i);
  }

  /** Matches statement `i` against the index, links it, then indexes it (saturating features past the cap). */
  private place(i: number): void {
    const votes = new Map<number, number>();
    const mine = this.indexed(i);
    for (const f of mine) {
      const list = this.postings[f];
      if (!list) continue;
      for (let k = 0; k < (this.postLen[f] as number); k++) {
        const q = list[k] as number;
        votes.set(q, (votes.get(q) ?? 0) + 1);
      }
    }
    const art = this.cols.article.data;
    for (const [q, v] of votes)
      if (v >= 2 && art[q] !== art[i] && this.match(q, i).ok) {
        this.remember(q);
        this.link(q, i);
        if (this.mark) this.linked.add(edgeKey(q, i));
        this.touched.add(q).add(i);
      }
    for (const f of mine) {
      if (this.saturated[f]) continue;
      this.post(f, i);
      if ((this.postLen[f] as number) > this.o.postingCap) this.saturate(f);
    }
  }

  /** Feature `f` became too common to propose pairs: links that needed it are checked again. */
  private saturate(f: number): void {
    const list = (this.postings[f] as Int32Array).slice(0, this.postLen[f] as number);
    this.postings[f] = null;
    this.saturated[f] = 1;
    for (const x of list)
      for (const y of [...(this.adj.get(x) ?? [])])
        if (y > x && this.indexed(y).includes(f) && this.sharedIndexed(x, y) < 2) {
          this.remember(x);
          this.unlink(x, y);
          if (this.mark && !this.linked.delete(edgeKey(x, y))) this.dropped.add(edgeKey(x, y));
          this.touched.add(x).add(y);
        }
  }

  /** Indexed features two statements share that are not saturated. */
  private sharedIndexed(x: number, y: number): number {
    const b = this.indexed(y);
    let n = 0;
    for (const f of this.indexed(x)) if (!this.saturated[f] && b.includes(f)) n++;
    return n;
  }

  private indexed(i: number): Int32Array {
    const at = this.cols.idxAt.data;
    return this.cols.idx.data.subarray(at[i] as number, at[i + 1] as number);
  }

  private post(f: number, i: number): void {
    const n = this.postLen[f] as number;
    let list = this.postings[f];
    if (!list) this.postings[f] = list = new Int32Array(4);
    else if (n === list.length) {
      const grown = new Int32Array(n * 2);
      grown.set(list);
      this.postings[f] = list = grown;
    }
    list[n] = i;
    this.postLen[f] = n + 1;
  }

  private link(x: number, y: number): void {
    for (const [a, b] of [
      [x, y],
      [y, x],
    ] as const) {
      const list = this.adj.get(a);
      if (list) list.push(b);
      else this.adj.set(a, [b]);
    }
  }

  private unlink(x: number, y: number): void {
    for (const [a, b] of [
      [x, y],
      [y, x],
    ] as const) {
      const list = this.adj.get(a) as number[];
      list.splice(list.indexOf(b), 1);
      if (!list.length) this.adj.delete(a);
    }
  }

  /** The statements linked to `i`, directly or not, `i` included. */
  private component(i: number): number[] {
    const seen = new Set([i]);
    const stack = [i];
    while (stack.length)
      for (const y of this.adj.get(stack.pop() as number) ?? [])
        if (!seen.has(y)) {
          seen.add(y);
          stack.push(y);
        }
    return [...seen];
  }

  /**
   * The claims of one connected component: its matching pairs merged best
   * first (ties by canonical position), two groups only when at least
   * `linkage` of their cross pairs (up to 8 a side) match on their own, so
   * one bridging pair does not chain two claims. A pure function of the
   * component, so of the set. Members in canonical order; only claims of
   * `minArticles` articles.
   */
  private split(component: number[]): number[][] {
    const ranked = component.sort((x, y) => this.canonical(x, y));
    const rank = new Map(ranked.map((m, r) => [m, r]));
    const pairs: Array<[number, number, number]> = [];
    for (const x of ranked)
      for (const y of this.adj.get(x) ?? [])
        if ((rank.get(y) as number) > (rank.get(x) as number))
          pairs.push([rank.get(x) as number, rank.get(y) as number, this.match(x, y).score]);
    pairs.sort((a, b) => b[2] - a[2] || a[0] - b[0] || a[1] - b[1]);
    const parent = ranked.map((_, r) => r);
    const members = new Map<number, number[]>();
    const membersOf = (r: number): number[] => members.get(r) ?? [r];
    const root = (x: number): number => {
      let r = x;
      while (parent[r] !== r) r = parent[r] as number;
      return r;
    };
    const linked = (a: readonly number[], b: readonly number[]): boolean => {
      if (a.length === 1 && b.length === 1) return true;
      let ok = 0;
      let tried = 0;
      for (const x of a.slice(0, 8))
        for (const y of b.slice(0, 8)) {
          if (this.match(ranked[x] as number, ranked[y] as number).ok) ok++;
          tried++;
        }
      return ok >= this.o.linkage * tried;
    };
    for (const [x, y] of pairs) {
      const a = root(x);
      const b = root(y);
      if (a === b || !linked(membersOf(a), membersOf(b))) continue;
      const [keep, drop] = a < b ? [a, b] : [b, a];
      parent[drop] = keep;
      members.set(keep, [...membersOf(keep), ...membersOf(drop)]);
      members.delete(drop);
    }
    const art = this.cols.article.data;
    const out: number[][] = [];
    for (let r = 0; r < ranked.length; r++) {
      const m = membersOf(r);
      if (parent[r] !== r || new Set(m.map((q) => art[ranked[q] as number])).size < this.o.minArticles) continue;
      out.push(m.sort((x, y) => x - y).map((q) => ranked[q] as number));
    }
    return out;
  }

  /** Every claim: members (positions as added) in canonical order, claims in canonical order of their first statement. */
  group(): number[][] {
    const done = new Set<number>();
    const out: number[][] = [];
    for (const i of this.adj.keys()) {
      if (done.has(i)) continue;
      const members = this.component(i);
      for (const m of members) done.add(m);
      out.push(...this.split(members));
    }
    if (this.o.minArticles <= 1) for (let i = 0; i < this.size; i++) if (!this.adj.has(i)) out.push([i]);
    return out.sort((a, b) => this.canonical(a[0] as number, b[0] as number));
  }

  /** Keeps the claims of `x`'s restored component before a run first changes it. */
  private remember(x: number): void {
    // a restored component no change has reached yet is as it was restored: every change remembers first
    if (!this.restoredLinked[x] || this.remembered.has(x)) return;
    const members = this.component(x);
    for (const m of members) this.remembered.add(m);
    this.was.set(x, this.split(members));
  }

  /**
   * The claims a run changed: those of the restored components it touched,
   * as they were (`removed`), and those of the components its changes made
   * (`added`); every other claim is as it was.
   */
  changes(): ClaimChanges {
    const added: number[][] = [];
    const covered = new Set<number>();
    for (const x of this.touched) {
      if (covered.has(x)) continue;
      const members = this.component(x);
      for (const m of members) covered.add(m);
      added.push(...this.split(members));
    }
    return { removed: [...this.was.values()].flat(), added };
  }

  private articleOf(a: { id: string; published: string | null; outlet: string | null }): number {
    let k = this.articleIds.get(a.id);
    if (k === undefined) {
      k = this.articles.length;
      this.articleIds.set(a.id, k);
      this.articles.push(a);
      const t = a.published ? Date.parse(a.published) : Number.NaN;
      this.articleMs.push(Number.isNaN(t) ? Number.POSITIVE_INFINITY : t);
    }
    return k;
  }

  private speakerOf(speaker: string): number {
    let sp = this.speakerIds.get(speaker);
    if (sp === undefined) {
      sp = this.speakers.length;
      this.speakerIds.set(speaker, sp);
      this.speakers.push(speaker);
    }
    return sp;
  }

  /** Canonical order of two statements: published (undated last), article id, span. */
  private canonical(x: number, y: number): number {
    const ax = this.cols.article.data[x] as number;
    const ay = this.cols.article.data[y] as number;
    if (ax !== ay) {
      const d = (this.articleMs[ax] as number) - (this.articleMs[ay] as number);
      if (d) return d;
      return (this.articles[ax] as { id: string }).id < (this.articles[ay] as { id: string }).id ? -1 : 1;
    }
    const st = this.cols.start.data;
    const en = this.cols.end.data;
    return (st[x] as number) - (st[y] as number) || (en[x] as number) - (en[y] as number) || x - y;
  }

  /** Statement `i` without its text. */
  ref(i: number): StatementRef {
    const a = this.articles[this.cols.article.data[i] as number] as {
      id: string;
      published: string | null;
      outlet: string | null;
    };
    const sp = this.cols.speaker.data[i] as number;
    return {
      articleId: a.id,
      start: this.cols.start.data[i] as number,
      end: this.cols.end.data[i] as number,
      kind: (this.cols.flags.data[i] as number) & 2 ? 'quote' : 'text',
      speaker: sp < 0 ? null : (this.speakers[sp] as string),
      published: a.published,
      outlet: a.outlet,
    };
  }

  private intern(t: string): number {
    let id = this.featureIds.get(t);
    if (id !== undefined) return id;
    id = this.featureIds.size;
    this.featureIds.set(t, id);
    this.features.push(t);
    this.weight = roomFor(this.weight, id);
    this.hashes = roomFor(this.hashes, id);
    this.postLen = roomFor(this.postLen, id);
    this.saturated = roomFor(this.saturated, id);
    this.negates = roomFor(this.negates, id);
    if (t.startsWith(NEGATED_PREFIX)) {
      const term = this.intern(t.slice(NEGATED_PREFIX.length)); // may grow the arrays: read them after
      this.negates[id] = term + 1;
      this.hashes[id] = fnv1a(t);
      return id;
    }
    const boost = t.startsWith('#') ? NUMBER_BOOST : 1;
    this.weight[id] = boost * backgroundIdf().claims.weight(t);
    this.hashes[id] = fnv1a(t);
    return id;
  }

  /** Whether statement `i` denies a term `j` states: `i` holds `!sell` and `j` holds `sell` but not `!sell`. */
  private denies(i: number, j: number): boolean {
    const feat = this.cols.feat.data;
    const at = this.cols.featAt.data;
    const has = (s: number, x: number) => {
      for (let k = at[s] as number; k < (at[s + 1] as number); k++) if (feat[k] === x) return true;
      return false;
    };
    for (let k = at[i] as number; k < (at[i + 1] as number); k++) {
      const x = feat[k] as number;
      const term = (this.negates[x] as number) - 1;
      if (term >= 0 && has(j, term) && !has(j, x)) return true;
    }
    return false;
  }

  /**
   * Scores statements `i` and `j`. Names: when both carry names, at least one
   * must be shared; numbers: when both carry numbers, at least one must be shared.
   */
  private match(i: number, j: number): Match {
    const o = this.o;
    const weight = this.weight;
    const feat = this.cols.feat.data;
    const at = this.cols.featAt.data;
    const names = this.cols.nameFeat.data;
    const nameAt = this.cols.nameAt.data;
    const nums = this.nums.data;
    const numAt = this.cols.numAt.data;
    const hasName = (s: number, x: number) => {
      for (let k = nameAt[s] as number; k < (nameAt[s + 1] as number); k++) if (names[k] === x) return true;
      return false;
    };
    const hasNumber = (s: number, x: number) => {
      for (let k = numAt[s] as number; k < (numAt[s + 1] as number); k++) if (nums[k] === x) return true;
      return false;
    };
    let a = at[i] as number;
    let b = at[j] as number;
    let shared = 0;
    let count = 0;
    let sharedName = false;
    while (a < (at[i + 1] as number) && b < (at[j + 1] as number)) {
      const x = feat[a] as number;
      const y = feat[b] as number;
      if (x === y) {
        shared += weight[x] as number;
        if (!this.negates[x]) count++;
        if (!sharedName && hasName(i, x) && hasName(j, x)) sharedName = true;
        a++;
        b++;
      } else if (x < y) a++;
      else b++;
    }
    const ti = this.total.data[i] as number;
    const tj = this.total.data[j] as number;
    const overlap = shared / (Math.min(ti, tj) || 1);
    const cosine = shared / (Math.sqrt(ti * tj) || 1);
    const iNums = (numAt[i + 1] as number) > (numAt[i] as number);
    const jNums = (numAt[j + 1] as number) > (numAt[j] as number);
    let relief = 0;
    let sharedNumber = false;
    if (iNums && jNums)
      for (let k = numAt[i] as number; k < (numAt[i + 1] as number); k++) {
        const x = nums[k] as number;
        if (!hasNumber(j, x)) continue;
        sharedNumber = true;
        if (x >= 1000) relief = o.amountRelief;
      }
    const iNames = (nameAt[i + 1] as number) > (nameAt[i] as number);
    const jNames = (nameAt[j + 1] as number) > (nameAt[j] as number);
    const ok =
      count >= o.minShared &&
      overlap >= o.overlap - relief &&
      cosine >= o.cosine - relief &&
      !this.denies(i, j) &&
      !this.denies(j, i) &&
      (!iNames || !jNames || sharedName) &&
      (!iNums || !jNums || sharedNumber);
    return { score: (overlap + cosine) / 2, overlap, cosine, shared: count, ok };
  }
}

/** Canonical order: published (undated last), article id, start. */
function canonical(a: Statement, b: Statement): number {
  const ta = a.published ? Date.parse(a.published) : Number.NaN;
  const tb = b.published ? Date.parse(b.published) : Number.NaN;
  const da = Number.isNaN(ta) ? Number.POSITIVE_INFINITY : ta;
  const db = Number.isNaN(tb) ? Number.POSITIVE_INFINITY : tb;
  if (da !== db) return da - db;
  if (a.articleId !== b.articleId) return a.articleId < b.articleId ? -1 : 1;
  return a.start - b.start || a.end - b.end;
}

/**
 * Groups statements into claims. A pure function of the statement set (the
 * order they come in does not matter); never throws on odd statements.
 */
export function groupClaims(statements: readonly Statement[], options: Partial<ClaimOptions> = {}): Claim[] {
  const items = [...statements].filter((s) => s.end > s.start && typeof s.text === 'string').sort(canonical);
  const set = new StatementSet(options);
  for (const s of items) set.add(s);
  return set.group().map((m) => {
    const sts = m.map((k) => items[k] as Statement);
    return {
      ...describeClaim(sts),
      text: (sts[0] as Statement).text,
      statements: sts,
      stories: distinct(sts.map((s) => s.story)),
    };
  });
}

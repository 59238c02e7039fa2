import { deserialize, serialize } from 'node:v8';
import { gunzipSync, gzipSync } from 'node:zlib';
import { normalizeDate } from './extract/dates.js';
import { CLUSTER_DEFAULTS, type ClustererState, StoryClusterer } from './link/cluster.js';
import { DAY_MS } from './link/text.js';
import { storedAnalysisVersion } from './analyzing.js';
import { CLAIM_DEFAULTS, describeClaim, type StatementRef, statementsOf } from './link/claims.js';
import { backgroundIdf } from './link/idf.js';
import { StatementSet, type StatementSetChunk } from './link/statement-set.js';
import { DEDUP_DEFAULTS, type DetectorState, DuplicateDetector, type Entry, type LinkDoc } from './link/dedup.js';
import { fnv1a, terms } from './link/text.js';
import { ownString } from './own-string.js';
import type { LinkLogWrite, LinkSourceRow, LinkState, LinkWrite, Store } from './store/store.js';

/**
 * Connects the link stage to the store: reads the stored articles, runs
 * near-duplicate detection and story clustering over them, and writes the
 * stories and duplicate groups back in one transaction.
 *
 * The link stage's promise (the same set of articles gives the same stories
 * whatever the arrival order) holds only when articles reach it in one
 * canonical order (published instant, then id; undated last), built from a
 * choice that depends on the set alone: the date, outlet and title of an
 * article are those of its earliest-dated source (then the smallest source
 * name), not of whichever source happened to be ingested first.
 *
 * Incremental: a run saves the detector's and the clusterer's state as it is
 * before their final flush (`LinkSnapshot`). The next run, when every new
 * article comes after every article already linked in that order (or is
 * undated) and no linked article changed, restores that state and feeds only
 * the new articles: the stream is then the one a run over the whole set
 * would see, so the stories are the same (docs/LINK.md). New articles
 * dated before that (late arrivals) but after the checkpoint (the clusterer's
 * state kept `lateDays` back) are placed from the checkpoint, with the linked
 * articles after it placed again. Otherwise (older arrivals, a new source
 * changing an article's date or title, another link version, `force`) it
 * links the whole corpus. The snapshot also holds every statement's features
 * (a set, whose result does not depend on order), so a continuing run reads
 * the bodies and analyses of the new articles only, and claims are computed
 * from memory over the whole set, the same as a run over everything. Labels
 * are a function of a story's articles: a story that changed reads the
 * bodies of its articles linked before again for theirs.
 */

/**
 * What a link run saves for the next one to continue from, in two parts. The part each run rewrites
 * (`LinkSnapshot`: the clusterer's state, the detector's groups, a fingerprint per story) and a log each run
 * appends to (`LOG`): the new articles' fingerprints, the statements it added with the links it
 * made and dropped, and the near-duplicate window's new entries. A run writes what it added, not everything it
 * holds; every `logPieces` runs (and after a run that did not continue) the log is written again whole, in one
 * piece per part. Entries past the near-duplicate window are dropped from the log as the window moves on.
 */
interface LinkSnapshot {
  /** `SNAPSHOT_FORMAT`: a snapshot of another format (one `v8.serialize` of everything) is not continued. */
  format: number;
  version: string;
  /** The latest dated article fed, in canonical order. */
  last: { published: number; id: string } | null;
  /** `v8.serialize` of the detector's state (without its window) and the clusterer's, before their final flush. */
  window: Uint8Array;
  /**
   * The store's analysis counts (current version, other versions) when the run began: when the next run
   * finds more than its new articles explain, an article linked before was analysed since, and every
   * article is read again for labels and statements.
   */
  analyses: { current: number; stale: number };
  /** Per stored story, a fingerprint of its articles: a continuing run writes only the stories that changed. */
  stories: Map<string, number>;
  /** Claims stored. */
  claims: number;
  /**
   * The checkpoint: the latest dated article fed to the clusterer's state kept in the log (`LOG.checkpoint`) as
   * it was `lateDays` or more before `last`; absent when none is kept. A run whose new articles come before
   * `last` but after this one continues from it, placing the linked articles after it again (`continueFrom`).
   */
  checkpoint?: { last: LinkSnapshot['last'] } | null;
}

/** Format of `LinkSnapshot` and its log (3: the log keeps no label terms; they are read again by story). */
const SNAPSHOT_FORMAT = 3;
/** Parts of the state log: per article (fingerprint), statements, near-duplicate entries, checkpoint. */
const LOG = { articles: 'articles', statements: 'statements', dedup: 'dedup', checkpoint: 'checkpoint' } as const;

/** What a run appends to the `articles` part of the log: the articles it linked. */
interface ArticlesPiece {
  seen: Array<[string, number]>;
}

/** The saved state a run reads before it knows whether it can continue. */
interface Saved {
  snap: LinkSnapshot;
  /** Per linked article, a fingerprint of what the link stage read of it (date, outlet, title). */
  seen: Map<string, number>;
  /** Pieces of the log's `articles` part: the runs appended since it was last written whole. */
  pieces: number;
}

/** Terms shown as a story's label. */
const LABEL_TERMS = 4;
/** Bodies read from the store per round trip. */
const BODY_BATCH = 500;
/** Words of the lead that count toward the label (the title counts double). */
const LABEL_LEAD_WORDS = 120;

/**
 * Version of what a run stores: the link modules' options and this file's
 * choices. A change means every dossier is linked again on its next ingest.
 */
export const LINK_VERSION = `link-2:${fingerprint(JSON.stringify({ c: { ...CLUSTER_DEFAULTS, evidence: CLUSTER_DEFAULTS.evidence.map((e) => [e.name, e.weight, e.indexed]) }, d: DEDUP_DEFAULTS, k: CLAIM_DEFAULTS, l: [LABEL_TERMS, LABEL_LEAD_WORDS], idf: backgroundIdf().version }))}`;

/** Options of one link run. */
export interface LinkRunOptions {
  /** Link even when the stored stories already cover every stored article. @default false */
  force?: boolean;
  /** Runs appended to the saved state's log before a run writes it again whole. @default 32 */
  logPieces?: number;
  /**
   * Days before the latest linked article at which the clusterer's state is kept as a checkpoint: articles
   * arriving that late or less are placed from it (with the linked articles after it) instead of linking the
   * whole corpus. Changes the cost only, never the result. @default 7
   */
  lateDays?: number;
}

/** What a link run came to. */
export interface LinkRunSummary {
  /** False when nothing had changed since the last run, so nothing was computed. */
  ran: boolean;
  articles: number;
  stories: number;
  /** Stories of two or more articles. */
  multiStories: number;
  duplicateGroups: number;
  /** Claims carried by two or more articles (0 when nothing was computed). */
  claims?: number;
  /** Whether only the new articles were placed (continuing the saved state) rather than the whole corpus. */
  incremental?: boolean;
  /** Articles whose body (and analysis) the run read: the new ones only when labels and statements continued too. */
  read?: number;
  /**
   * Articles linked before whose body was read again for the label of a story that changed (absent: none):
   * label terms are not kept between runs.
   */
  relabelled?: number;
  /** Linked articles placed again from the saved checkpoint because new ones arrived late (absent: none). */
  replaced?: number;
  /** Why a run that could have continued linked the whole corpus instead (a saved state it cannot read). */
  note?: string;
  seconds: number;
}

/** Whether the stored stories are out of date: articles arrived since, or the link stage changed. */
export function isStale(state: LinkState): boolean {
  return state.version !== LINK_VERSION || state.linked !== state.articles;
}

/** One article as the link run orders it. */
interface Planned {
  id: string;
  title: string;
  outlet: string | null;
  published: number | null;
}

/**
 * Links the stored corpus when it changed since the last run (or always with
 * `force`) and stores the result. Deterministic: the result is a function of
 * the stored articles and their sources.
 */
export async function linkStore(store: Store, options: LinkRunOptions = {}): Promise<LinkRunSummary> {
  const started = performance.now();
  const state = await store.linkState();
  if (!options.force && !isStale(state)) {
    return {
      ran: false,
      articles: state.articles,
      stories: state.stories,
      multiStories: state.multiStories,
      duplicateGroups: state.duplicateGroups,
      seconds: (performance.now() - started) / 1000,
    };
  }

  const plan: Planned[] = [];
  for await (const row of store.listLinkSources()) plan.push(canonicalSource(row));
  plan.sort(canonicalOrder);

  const loaded = options.force ? null : await loadSnapshot(store);
  const saved = loaded && 'snap' in loaded ? loaded : null;
  const fresh = saved ? newArticles(saved, plan) : null;
  const kept = saved && fresh ? unpackWindow(saved.snap.window) : null;
  // where the clusterer continues from: the saved state, or its checkpoint when new articles come before the
  // saved state's latest but after the checkpoint's (late arrivals), or nowhere (the whole corpus)
  const start = kept && saved && fresh ? await continueFrom(store, saved.snap, kept, fresh) : null;
  const go = start ? saved : null;
  const dedup =
    go && kept
      ? DuplicateDetector.from(kept.dedup, (await readLog<Entry[]>(store, LOG.dedup)).flat())
      : new DuplicateDetector();
  const dedupMark = go && kept ? kept.dedup.serial : 0;
  const clusterer = start ? StoryClusterer.from(start.clusterer) : new StoryClusterer();
  const isNew = new Set((go ? (fresh as Planned[]) : plan).map((p) => p.id));
  // the articles the clusterer is fed: after the checkpoint, linked ones too when it continues from one
  const place = start ? plan.filter((p) => start.after(p)) : plan;
  const seen = go ? go.seen : new Map<string, number>();
  const seenNew: Array<[string, number]> = [];
  let last = start ? start.last : null;
  const analyses = await store.analysisState(storedAnalysisVersion());
  // the checkpoint saved for the next run: the clusterer's state `lateDays` before the latest article placed
  const latest = [...place].reverse().find((p) => p.published !== null)?.published ?? last?.published ?? null;
  const bound = latest === null ? null : latest - (options.lateDays ?? 7) * DAY_MS;
  let checkpoint = go?.snap.checkpoint ?? null;
  let captured: Uint8Array | null = null;

  // Labels and statements are sets (their result does not depend on the order articles came in): a run
  // continuing the saved state reads only the new articles, unless analyses changed since (then all).
  // label terms of the articles read; a story that changed gets those of its other articles when it is labelled
  let labels = new LabelTerms();
  let statements = go
    ? StatementSet.restore(await readLog<StatementSetChunk>(store, LOG.statements))
    : new StatementSet();
  let analysed = 0;
  let articlesRead = 0;
  let reread = false;
  const read = async (list: readonly Planned[], placing: boolean): Promise<void> => {
    for (let at = 0; at < list.length; at += BODY_BATCH) {
      const chunk = list.slice(at, at + BODY_BATCH);
      const bodies = await store.getBodies(chunk.map((p) => p.id));
      const stored = await store.getAnalyses(chunk.filter((p) => isNew.has(p.id) || !placing).map((p) => p.id));
      for (const p of chunk) {
        articlesRead++;
        const doc: LinkDoc = { ...p, body: bodies.get(p.id) ?? '' };
        if (placing) {
          if (bound !== null && p.published !== null && p.published > bound && (last?.published ?? bound) <= bound) {
            // the detector is not kept: late articles continue its latest state (`continueFrom`)
            captured = packWindow(null, clusterer.state());
            checkpoint = { last };
          }
          clusterer.add(doc);
          if (p.published !== null) last = { published: p.published, id: p.id };
          if (!isNew.has(p.id)) continue; // placed again after the checkpoint: the rest it has already
          dedup.add(doc);
          seen.set(p.id, plannedPrint(p));
          seenNew.push([p.id, plannedPrint(p)]);
        }
        labels.add(p.id, p.title, doc.body);
        // the claims' statements, read with the body (their story is known once clustering is done)
        const analysis = stored.get(p.id);
        if (!analysis) continue;
        analysed++;
        const published = p.published === null ? null : new Date(p.published).toISOString();
        for (const st of statementsOf({ id: p.id, body: doc.body, outlet: p.outlet, published }, analysis))
          if (st.end > st.start) statements.add(st);
      }
    }
  };
  await read(place, true);
  const placed = articlesRead;
  if (go && !(analyses.stale === go.snap.analyses.stale && analyses.current === go.snap.analyses.current + analysed)) {
    // an article linked before was analysed since (or analysed again): its statements are not in the set
    labels = new LabelTerms();
    statements = new StatementSet();
    reread = true;
    await read(plan, false);
  }
  // a run continuing everything writes only what changed: stories whose articles changed, claims it touched
  const continued = go !== null && !reread;
  // the log: what this run added, or everything once it has grown `logPieces` pieces (or the run did not continue)
  const whole = !continued || (go?.pieces ?? 0) >= (options.logPieces ?? 32);
  const entries = dedup.entriesSince(whole ? 0 : dedupMark);
  const limit = dedup.state().latest - 2 * dedup.options.windowDays * DAY_MS;
  const log: LinkLogWrite = {
    reset: whole,
    append: [
      {
        part: LOG.articles,
        until: null,
        data: serialize({ seen: whole ? [...seen] : seenNew }),
      },
      { part: LOG.statements, until: null, data: serialize(statements.chunk(whole)) },
      ...(entries.length ? [{ part: LOG.dedup, until: untilOf(entries), data: serialize(entries) }] : []),
      // the checkpoint: written when it moved on, and again when the log is written whole
      ...(captured ? [captured] : whole && checkpoint ? await store.getLinkLog(LOG.checkpoint) : []).map((data) => ({
        part: LOG.checkpoint,
        until: null,
        data,
      })),
    ],
    ...(captured && !whole ? { drop: [LOG.checkpoint] } : {}),
    ...(Number.isFinite(limit) ? { prune: { part: LOG.dedup, before: limit } } : {}),
  };
  const prints = new Map<string, number>();
  // saved before the flush: the next run continues the stream from here
  const snapshot: LinkSnapshot = {
    format: SNAPSHOT_FORMAT,
    stories: prints,
    claims: 0,
    version: LINK_VERSION,
    last,
    window: packWindow(dedup.state(), clusterer.state()),
    checkpoint,
    analyses: { current: analyses.current, stale: analyses.stale },
  };
  clusterer.flush();

  // labels depend on a story's articles alone (background IDF): only stories whose articles changed get one
  const results = clusterer.results();
  let multiStories = 0;
  const changed: typeof results = [];
  for (const s of results) {
    const print = fnv1a([...s.articles].sort().join('\u0000'));
    prints.set(s.id, print);
    if (s.articles.length > 1) multiStories++;
    if (!(continued && go?.snap.stories.get(s.id) === print)) changed.push(s);
  }
  const relabelled = await labelOthers(store, labels, changed, plan);
  const stories: LinkWrite['stories'] = changed.map((s) => {
    const top = labels.top(s.articles);
    return { id: s.id, label: top.join(' · ') || '(no terms)', terms: top, articles: s.articles };
  });
  const changes = continued ? statements.changes() : null;
  const claims = await findClaims(store, statements, changes ? changes.added : statements.group());
  const delta =
    continued && go && changes
      ? {
          stories: [...go.snap.stories.keys()].filter((id) => !prints.has(id)),
          claims: changes.removed.map((m) => describeClaim(m.map((k) => statements.ref(k))).id),
        }
      : undefined;
  snapshot.claims = (delta && go ? go.snap.claims - delta.claims.length : 0) + claims.length;
  const snapshotBytes = gzipSync(serialize(snapshot), { level: 1 });
  const duplicates = dedup.groups().map((g) => ({ members: g.members.map((m) => m.id) }));
  const seconds = (performance.now() - started) / 1000;
  await store.putLinks({
    version: LINK_VERSION,
    stories,
    duplicates,
    claims,
    seconds,
    snapshot: snapshotBytes,
    log,
    ...(delta ? { delta } : {}),
  });
  return {
    ran: true,
    incremental: go !== null,
    read: articlesRead,
    ...(start?.checkpoint ? { replaced: placed - (fresh?.length ?? 0) } : {}),
    ...(relabelled ? { relabelled } : {}),
    articles: plan.length,
    stories: results.length,
    multiStories,
    duplicateGroups: duplicates.length,
    claims: snapshot.claims,
    seconds,
    ...(loaded && 'note' in loaded ? { note: loaded.note } : {}),
  };
}

/**
 * Reads the bodies of the articles of `stories` that `labels` has no terms for (linked before, in a story a new
 * article changed) and adds their terms; returns how many. Terms are a function of the article alone, so a story's
 * label is the one a run over the whole corpus gives, without holding every article's terms between runs.
 */
async function labelOthers(
  store: Store,
  labels: LabelTerms,
  stories: readonly { articles: readonly string[] }[],
  plan: readonly Planned[],
): Promise<number> {
  const missing = new Set<string>();
  for (const s of stories) for (const id of s.articles) if (!labels.has(id)) missing.add(id);
  if (!missing.size) return 0;
  const list = plan.filter((p) => missing.has(p.id));
  for (let at = 0; at < list.length; at += BODY_BATCH) {
    const chunk = list.slice(at, at + BODY_BATCH);
    const bodies = await store.getBodies(chunk.map((p) => p.id));
    for (const p of chunk) labels.add(p.id, p.title, bodies.get(p.id) ?? '');
  }
  return list.length;
}

/**
 * Claims: the statements (quotes and the clauses around them) of every
 * analysed article, grouped when they say the same thing; only claims carried
 * by two or more articles are kept. Articles not analysed yet have none. The
 * set holds no text: the claims' statements are cut from their bodies again,
 * read `BODY_BATCH` articles at a time.
 */
async function findClaims(
  store: Store,
  statements: StatementSet,
  members: readonly number[][],
): Promise<NonNullable<LinkWrite['claims']>> {
  const groups = members.map((m) => m.map((k) => statements.ref(k)));
  const byArticle = new Map<string, StatementRef[]>();
  for (const g of groups)
    for (const st of g) {
      const list = byArticle.get(st.articleId);
      if (list) list.push(st);
      else byArticle.set(st.articleId, [st]);
    }
  const needed = [...byArticle.keys()];
  const text = new Map<string, string>();
  for (let at = 0; at < needed.length; at += BODY_BATCH) {
    const bodies = await store.getBodies(needed.slice(at, at + BODY_BATCH));
    for (const [id, body] of bodies)
      for (const st of byArticle.get(id) ?? [])
        text.set(`${id}:${st.start}:${st.end}`, ownString(body.slice(st.start, st.end)));
  }
  return groups.map((sts) => {
    const statementsOut = sts.map((st) => ({
      article: st.articleId,
      start: st.start,
      end: st.end,
      text: text.get(`${st.articleId}:${st.start}:${st.end}`) ?? '',
      kind: st.kind,
      speaker: st.speaker,
      published: st.published,
      outlet: st.outlet,
    }));
    const { id, first, outlets, speakers } = describeClaim(sts);
    return { id, text: statementsOut[0]?.text ?? '', first, outlets, speakers, statements: statementsOut };
  });
}

/**
 * The saved state of the last run (its rewritten part and the `articles` part of its log), when it was saved
 * by this link version; a note when it was saved in another format (the run links the whole corpus once).
 */
async function loadSnapshot(store: Store): Promise<Saved | { note: string } | null> {
  const bytes = await store.getLinkSnapshot();
  if (!bytes) return null;
  let snap: LinkSnapshot;
  try {
    snap = deserialize(gunzipSync(bytes)) as LinkSnapshot;
  } catch {
    return { note: 'the saved link state could not be read: linked the whole corpus again' };
  }
  if (snap.version !== LINK_VERSION) return null;
  if (snap.format !== SNAPSHOT_FORMAT)
    return { note: 'the saved link state is of an older format: linked the whole corpus once to save it anew' };
  const seen = new Map<string, number>();
  let pieces = 0;
  for (const piece of await readLog<ArticlesPiece>(store, LOG.articles)) {
    pieces++;
    for (const [id, print] of piece.seen) seen.set(id, print);
  }
  return { snap, seen, pieces };
}

/** A clusterer's document frequencies as the slots in use and their counts: most of the 2^22 slots are 0. */
interface PackedDf {
  size: number;
  slots: Uint32Array;
  counts: Uint32Array;
}

/** The detector's and the clusterer's state as one `v8.serialize`, document frequencies packed. */
function packWindow(dedup: DetectorState | null, clusterer: ClustererState): Uint8Array {
  const df = clusterer.df.map((d): PackedDf => {
    let used = 0;
    for (let i = 0; i < d.length; i++) if (d[i]) used++;
    const slots = new Uint32Array(used);
    const counts = new Uint32Array(used);
    for (let i = 0, k = 0; i < d.length; i++)
      if (d[i]) {
        slots[k] = i;
        counts[k++] = d[i] as number;
      }
    return { size: d.length, slots, counts };
  });
  return serialize({ dedup, clusterer: { ...clusterer, df } });
}

function unpackWindow(bytes: Uint8Array): { dedup: DetectorState; clusterer: ClustererState } {
  const w = deserialize(bytes) as { dedup: DetectorState; clusterer: Omit<ClustererState, 'df'> & { df: PackedDf[] } };
  const df = w.clusterer.df.map((p) => {
    const d = new Uint32Array(p.size);
    for (let k = 0; k < p.slots.length; k++) d[p.slots[k] as number] = p.counts[k] as number;
    return d;
  });
  return { dedup: w.dedup, clusterer: { ...w.clusterer, df } };
}

/** The pieces of one part of the saved state's log, decoded, in the order they were appended. */
async function readLog<T>(store: Store, part: string): Promise<T[]> {
  const pieces = await store.getLinkLog(part);
  // each piece's bytes are let go once decoded: they are not all held beside what they decode to
  return pieces.map((data, k) => {
    pieces[k] = EMPTY;
    return deserialize(data) as T;
  });
}

const EMPTY = new Uint8Array(0);

/** The latest date of a log piece's near-duplicate entries, null when one is undated (kept while the log lasts). */
function untilOf(entries: readonly Entry[]): number | null {
  let until = Number.NEGATIVE_INFINITY;
  for (const e of entries) {
    if (e.doc.published === null) return null;
    until = Math.max(until, e.doc.published);
  }
  return until;
}

/**
 * The articles not linked yet, in canonical order; null when a linked article is gone or reads differently
 * now (a new source changed its date, outlet or title): no saved state then gives what a run over the whole
 * set gives.
 */
function newArticles(saved: Saved, plan: readonly Planned[]): Planned[] | null {
  const fresh: Planned[] = [];
  for (const p of plan) {
    const print = saved.seen.get(p.id);
    if (print === undefined) fresh.push(p);
    else if (print !== plannedPrint(p)) return null;
  }
  return saved.seen.size + fresh.length === plan.length ? fresh : null;
}

/** Where the clusterer continues from, and which articles it must be fed from there. */
interface Start {
  clusterer: ClustererState;
  last: LinkSnapshot['last'];
  /** Whether it is the checkpoint (linked articles after it are placed again). */
  checkpoint: boolean;
  /** Whether an article comes after the start in the stream (is fed from there). */
  after: (p: Planned) => boolean;
}

/**
 * The saved state when every new dated article comes after the latest one it was fed, in canonical order
 * (the stream a run over the whole set sees continues from it); else its checkpoint when they all come after
 * the checkpoint's latest and within the near-duplicate window of the detector's latest (the detector, which
 * keeps twice its window, then finds the same pairs taking them late: docs/LINK.md); else null.
 */
async function continueFrom(
  store: Store,
  snap: LinkSnapshot,
  { dedup, clusterer }: { dedup: DetectorState; clusterer: ClustererState },
  fresh: readonly Planned[],
): Promise<Start | null> {
  if (fresh.every((p) => later(p, snap.last))) return start(clusterer, snap.last, false);
  const cp = snap.checkpoint;
  const reach = dedup.latest - DEDUP_DEFAULTS.windowDays * DAY_MS;
  if (!cp || !fresh.every((p) => later(p, cp.last) && (p.published === null || p.published >= reach))) return null;
  const [window] = await store.getLinkLog(LOG.checkpoint);
  return window ? start(unpackWindow(window).clusterer, cp.last, true) : null;
}

/** A start at a clusterer state: dated articles after `last` and undated ones it was not fed come after it. */
function start(clusterer: ClustererState, last: LinkSnapshot['last'], checkpoint: boolean): Start {
  // undated articles wait in the clusterer's queue until the final flush: those queued are the ones it was fed
  const undated = new Set(clusterer.pending.filter((d) => d.published === null).map((d) => d.id));
  return {
    clusterer,
    last,
    checkpoint,
    after: (p) => (p.published === null ? !undated.has(p.id) : later(p, last)),
  };
}

/** Whether an article comes after `last` in canonical order (undated ones always do). */
function later(p: Planned, last: LinkSnapshot['last']): boolean {
  if (p.published === null || last === null) return true;
  return p.published > last.published || (p.published === last.published && p.id > last.id);
}

/** A fingerprint of what the link stage reads of an article besides its body (bodies never change). */
function plannedPrint(p: Planned): number {
  return fnv1a(`${p.published ?? ''}\u0000${p.outlet ?? ''}\u0000${p.title}`);
}

/**
 * The source that speaks for an article in the link stage: the earliest
 * dated one, then the smallest source name. A function of the set of
 * sources, so the order they were ingested in does not matter.
 */
export function canonicalSource(row: LinkSourceRow): Planned {
  let best: { source: string; outlet: string | null; title: string | null; ms: number | null } | null = null;
  for (const s of row.sources) {
    const ms = msOf(s.published) ?? dateInName(s.source);
    const candidate = { source: s.source, outlet: s.outlet, title: s.title, ms };
    if (!best || earlier(candidate, best)) best = candidate;
  }
  return { id: row.id, title: best?.title ?? '', outlet: best?.outlet ?? null, published: best?.ms ?? null };
}

function earlier(a: { source: string; ms: number | null }, b: { source: string; ms: number | null }): boolean {
  const ta = a.ms ?? Number.POSITIVE_INFINITY;
  const tb = b.ms ?? Number.POSITIVE_INFINITY;
  return ta !== tb ? ta < tb : a.source < b.source;
}

/** A calendar date in a file name or URL path: `2027-03-03`, `2027_03_03`, `2027/03/03` (the last one given). */
const NAME_DATE = /(?<!\d)((?:19|20)\d\d)([-_/])(\d\d)\2(\d\d)(?!\d)/g;

/**
 * UTC midnight of the date a source's name carries, null when none: an
 * article whose content states no date is dated by its file name or URL
 * (`ktv-world_2027-03-03_ceasefire.txt`, `/2020/02/17/...`), as a reader would.
 */
export function dateInName(source: string): number | null {
  let ms: number | null = null;
  for (const m of source.matchAll(NAME_DATE)) {
    const [y, mo, d] = [Number(m[1]), Number(m[3]), Number(m[4])];
    const t = Date.UTC(y, mo - 1, d);
    if (mo >= 1 && mo <= 12 && new Date(t).getUTCDate() === d) ms = t;
  }
  return ms;
}

function msOf(published: string | null): number | null {
  if (!published) return null;
  const utc = normalizeDate(published)?.utc;
  const ms = utc ? Date.parse(utc) : Number.NaN;
  return Number.isNaN(ms) ? null : ms;
}

/** The clusterer's own canonical order: published instant, then id; undated last. */
function canonicalOrder(a: Planned, b: Planned): number {
  const ta = a.published ?? Number.POSITIVE_INFINITY;
  const tb = b.published ?? Number.POSITIVE_INFINITY;
  if (ta !== tb) return ta - tb;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Label terms of the articles a run read, compactly: each distinct term is stored once
 * (an id), and an article keeps its terms' ids with how often it uses each
 * (title counting twice, at most 3) packed in one `Uint32Array`, so holding
 * them for a whole corpus costs a few hundred bytes an article.
 */
class LabelTerms {
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [];
  private readonly byArticle = new Map<string, Uint32Array>();

  /** Whether an article's terms were added. */
  has(id: string): boolean {
    return this.byArticle.has(id);
  }

  add(id: string, title: string, body: string): void {
    const t = terms(title);
    const counts = new Map<number, number>();
    for (const term of [...t, ...t, ...terms(body.slice(0, LABEL_LEAD_WORDS * 8)).slice(0, LABEL_LEAD_WORDS)]) {
      const k = this.idOf(term);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    const packed = new Uint32Array(counts.size);
    let i = 0;
    for (const [k, c] of counts) {
      packed[i++] = (k << 2) | Math.min(c, 3);
    }
    this.byArticle.set(id, packed);
  }

  /**
   * A story's top terms: how many of its articles use a term (in the title it
   * counts twice; at most 3 an article) times the term's background IDF
   * (`idf.ts`: it does not move with the corpus, so a story that gained no
   * article keeps its label); ties by the term.
   */
  top(articles: readonly string[]): string[] {
    const idf = backgroundIdf().labels;
    const score = new Map<number, number>();
    for (const id of articles)
      for (const x of this.byArticle.get(id) ?? []) score.set(x >>> 2, (score.get(x >>> 2) ?? 0) + (x & 3));
    return [...score]
      .map(([k, c]) => [this.names[k] as string, c * idf.weight(this.names[k] as string)] as const)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, LABEL_TERMS)
      .map(([t]) => t);
  }

  private idOf(term: string): number {
    let k = this.ids.get(term);
    if (k === undefined) {
      k = this.names.length;
      const own = ownString(term);
      this.ids.set(own, k);
      this.names.push(own);
    }
    return k;
  }
}

/** A short fingerprint of the options. */
function fingerprint(text: string): string {
  return fnv1a(text).toString(16).padStart(8, '0');
}

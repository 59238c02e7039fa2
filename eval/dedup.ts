/**
 * `dossier eval dedup`: precision and recall of near-duplicate pairs on
 * syndication variants generated at run time from real article texts (BASIL
 * DEV and article-extraction DEV, read in place). Each source article becomes
 * a family: the original plus 1–3 copies, each copy edited by a random mix of
 * what syndication does (cut paragraphs, edited headline, inserted furniture,
 * reordered paragraphs, copy edits). Gold pairs are the pairs inside a family;
 * BASIL's three outlets on one event are the hard negatives (same story, not
 * copies). Found pairs are closed over groups (what dossier reports). Printed beside two references measured in the same run: the exact
 * body hash (what the store already merges) and exhaustive all-pairs Jaccard
 * with the same verification (what LSH can at best find).
 */

import { DuplicateDetector, intersectionSize, type LinkDoc, shingleSet } from '../src/link/dedup.js';
import { DAY_MS } from '../src/link/text.js';
import { articleId } from '../src/pipeline.js';
import { type GoldDoc, loadBasil, loadExtractionTexts } from './link-data.js';
import { type PairScores, pairScores } from './link-score.js';

/** Deterministic PRNG (mulberry32), so every run builds the same variants. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Page furniture a syndicating site wraps around a copy, as found on real pages. */
const FURNITURE = [
  'Follow us on Facebook and Twitter for the latest updates.',
  'Also on rt.com: Russia says talks with Ankara were constructive',
  'Source: Associated Press',
  'Click to see full-size image',
  'Subscribe to our newsletter to get the day’s top stories.',
  'If you like this story, share it with a friend!',
  'Please donate to keep independent journalism alive.',
  'Reporting by staff; editing by the news desk.',
  'Read more: The week in pictures',
  'Comments are closed for this article.',
];

/** Headline edits of the kind outlets make to wire copy. */
const HEADLINE_PREFIXES = ['BREAKING: ', 'WATCH: ', 'Report: ', 'UPDATE: ', ''];

/** The edits a generated copy can carry. */
export const VARIANT_KINDS = ['cut', 'headline', 'furniture', 'reorder', 'copyedit'] as const;
export type VariantKind = (typeof VARIANT_KINDS)[number];

/** Builds one syndicated copy of a document with the given edits. */
export function makeVariant(doc: GoldDoc, kinds: readonly VariantKind[], rand: () => number): GoldDoc {
  let paragraphs = [...doc.paragraphs];
  let title = doc.title;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  for (const kind of kinds) {
    if (kind === 'cut' && paragraphs.length > 3) {
      // wire copies are cut from the bottom, sometimes a paragraph in the middle too
      const keep = Math.max(2, Math.ceil(paragraphs.length * (0.55 + 0.35 * rand())));
      paragraphs = paragraphs.slice(0, keep);
      if (rand() < 0.5 && paragraphs.length > 3) paragraphs.splice(1 + Math.floor(rand() * (paragraphs.length - 2)), 1);
    } else if (kind === 'headline') {
      const ws = title.split(' ');
      if (ws.length > 4) ws.splice(Math.floor(rand() * ws.length), 1);
      title = `${pick(HEADLINE_PREFIXES)}${ws.join(' ')}`;
    } else if (kind === 'furniture') {
      const n = 1 + Math.floor(rand() * 3);
      for (let i = 0; i < n; i++) {
        const at = Math.floor(rand() * (paragraphs.length + 1));
        // sometimes glued into a paragraph, as scraped pages do
        if (rand() < 0.3 && paragraphs[at]) paragraphs[at] = `${paragraphs[at]} ${pick(FURNITURE)}`;
        else paragraphs.splice(at, 0, pick(FURNITURE));
      }
    } else if (kind === 'reorder' && paragraphs.length > 2) {
      for (let i = 0; i < 2; i++) {
        const a = Math.floor(rand() * paragraphs.length);
        const b = Math.floor(rand() * paragraphs.length);
        [paragraphs[a], paragraphs[b]] = [paragraphs[b] as string, paragraphs[a] as string];
      }
    } else if (kind === 'copyedit') {
      paragraphs = paragraphs.map((p) =>
        p
          .split(' ')
          .map((w) => (rand() < 0.03 ? (rand() < 0.5 ? '' : w.toUpperCase()) : w))
          .filter(Boolean)
          .join(' '),
      );
    }
  }
  return { ...doc, title, paragraphs };
}

/** A generated corpus: documents with their family (the source article they copy). */
export interface VariantCorpus {
  docs: Array<GoldDoc & { family: string; kinds: VariantKind[] }>;
}

/** Builds families from source documents: original plus 1–3 edited copies each, dated within two days. */
export function buildVariants(sources: readonly GoldDoc[], seed = 7): VariantCorpus {
  const rand = prng(seed);
  const docs: VariantCorpus['docs'] = [];
  for (const src of sources) {
    docs.push({ ...src, family: src.id, kinds: [] });
    const copies = 1 + Math.floor(rand() * 3);
    for (let c = 0; c < copies; c++) {
      const kinds = VARIANT_KINDS.filter(() => rand() < 0.5);
      if (!kinds.length) kinds.push(VARIANT_KINDS[Math.floor(rand() * VARIANT_KINDS.length)] as VariantKind);
      const v = makeVariant(src, kinds, rand);
      const published = src.published === null ? null : src.published + Math.floor(rand() * 2 * DAY_MS);
      docs.push({ ...v, id: `${src.id}~${c}`, outlet: `copier-${c}`, published, family: src.id, kinds });
    }
  }
  return { docs };
}

/**
 * Every pair inside the groups the found pairs form: a group is what dossier
 * reports, so two cut copies of one original count as copies of each other.
 */
export function closurePairs(found: ReadonlyArray<readonly [string, string]>): Array<[string, string]> {
  const parent = new Map<string, string>();
  const root = (x: string): string => {
    let r = x;
    while (parent.get(r) !== undefined && parent.get(r) !== r) r = parent.get(r) as string;
    return r;
  };
  for (const [a, b] of found) {
    for (const x of [a, b]) if (!parent.has(x)) parent.set(x, x);
    const ra = root(a);
    const rb = root(b);
    if (ra !== rb) parent.set(ra, rb);
  }
  const groups = new Map<string, string[]>();
  for (const x of parent.keys()) groups.set(root(x), [...(groups.get(root(x)) ?? []), x]);
  const out: Array<[string, string]> = [];
  for (const ids of groups.values())
    for (let i = 0; i < ids.length; i++)
      for (let j = i + 1; j < ids.length; j++) out.push([ids[i] as string, ids[j] as string]);
  return out;
}

/** Figures of one method. */
export interface DedupResult extends PairScores {
  name: string;
  seconds: number;
}

/** Figures of the whole run. */
export interface DedupEval {
  documents: number;
  families: number;
  results: DedupResult[];
  /** Recall of ours per edit kind (pairs whose copy carries that edit). */
  recallByKind: Record<string, number>;
}

const toLinkDoc = (d: GoldDoc): LinkDoc => ({
  id: d.id,
  title: d.title,
  body: d.paragraphs.join('\n\n'),
  outlet: d.outlet,
  published: d.published,
});

/** Runs the dedup evaluation on BASIL and article-extraction DEV folders. */
export function evalDedup(opts: { basil: string; extraction: string; seed?: number }): DedupEval {
  const sources = [...loadBasil(opts.basil), ...loadExtractionTexts(opts.extraction)].filter(
    (d) => d.paragraphs.join(' ').split(/\s+/).length >= 60,
  );
  const { docs } = buildVariants(sources, opts.seed ?? 7);
  const gold: Array<[string, string]> = [];
  const byFamily = new Map<string, string[]>();
  for (const d of docs) byFamily.set(d.family, [...(byFamily.get(d.family) ?? []), d.id]);
  for (const ids of byFamily.values())
    for (let i = 0; i < ids.length; i++)
      for (let j = i + 1; j < ids.length; j++) gold.push([ids[i] as string, ids[j] as string]);

  const results: DedupResult[] = [];
  // ours: streaming MinHash + LSH + verification
  let t = performance.now();
  const detector = new DuplicateDetector();
  for (const d of docs) detector.add(toLinkDoc(d));
  const ours = closurePairs(detector.pairs.map(([a, b]) => [a, b] as [string, string]));
  results.push({ name: 'dossier MinHash+LSH', ...pairScores(ours, gold), seconds: (performance.now() - t) / 1000 });

  // reference: exhaustive Jaccard, same shingles and thresholds, every pair
  t = performance.now();
  const o = detector.options;
  const sets = docs.map((d) => shingleSet(`${d.title}\n${d.paragraphs.join('\n\n')}`, o.shingleSize));
  const all: Array<[string, string]> = [];
  for (let i = 0; i < docs.length; i++) {
    const a = sets[i] as Uint32Array;
    if (a.length < o.minShingles) continue;
    for (let j = i + 1; j < docs.length; j++) {
      const b = sets[j] as Uint32Array;
      if (b.length < o.minShingles) continue;
      const inter = intersectionSize(a, b);
      if (inter / (a.length + b.length - inter) >= o.jaccard || inter / Math.min(a.length, b.length) >= o.containment)
        all.push([(docs[i] as GoldDoc).id, (docs[j] as GoldDoc).id]);
    }
  }
  results.push({
    name: 'exhaustive Jaccard',
    ...pairScores(closurePairs(all), gold),
    seconds: (performance.now() - t) / 1000,
  });

  // reference: exact normalised-body hash (what ingest already merges)
  t = performance.now();
  const byHash = new Map<string, string[]>();
  for (const d of docs) {
    const h = articleId(d.paragraphs.join('\n\n'));
    byHash.set(h, [...(byHash.get(h) ?? []), d.id]);
  }
  const exact: Array<[string, string]> = [];
  for (const ids of byHash.values())
    for (let i = 0; i < ids.length; i++)
      for (let j = i + 1; j < ids.length; j++) exact.push([ids[i] as string, ids[j] as string]);
  results.push({ name: 'exact body hash', ...pairScores(exact, gold), seconds: (performance.now() - t) / 1000 });

  // recall of ours by edit kind
  const found = new Set(ours.map(([a, b]) => (a < b ? `${a}|${b}` : `${b}|${a}`)));
  const kindsOf = new Map(docs.map((d) => [d.id, d.kinds]));
  const recallByKind: Record<string, number> = {};
  for (const kind of VARIANT_KINDS) {
    const relevant = gold.filter(([a, b]) => kindsOf.get(a)?.includes(kind) || kindsOf.get(b)?.includes(kind));
    const hit = relevant.filter(([a, b]) => found.has(a < b ? `${a}|${b}` : `${b}|${a}`)).length;
    recallByKind[kind] = relevant.length ? hit / relevant.length : 1;
  }
  return { documents: docs.length, families: byFamily.size, results, recallByKind };
}

/** A plain-text table of the figures. */
export function formatDedup(e: DedupEval): string {
  const lines = [
    `near-duplicate pairs on ${e.documents} documents (${e.families} families: originals + generated copies)`,
    `${'method'.padEnd(22)} ${'P'.padStart(6)} ${'R'.padStart(6)} ${'F1'.padStart(6)} ${'found'.padStart(6)} ${'gold'.padStart(6)} ${'s'.padStart(7)}`,
  ];
  for (const r of e.results) {
    lines.push(
      `${r.name.padEnd(22)} ${r.precision.toFixed(3).padStart(6)} ${r.recall.toFixed(3).padStart(6)} ${r.f1.toFixed(3).padStart(6)} ${String(r.predicted).padStart(6)} ${String(r.gold).padStart(6)} ${r.seconds.toFixed(3).padStart(7)}`,
    );
  }
  lines.push(
    `recall of ours by edit: ${Object.entries(e.recallByKind)
      .map(([k, v]) => `${k} ${v.toFixed(3)}`)
      .join(', ')}`,
  );
  return lines.join('\n');
}

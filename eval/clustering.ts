/**
 * `dossier eval clustering`: pairwise and BCubed precision/recall/F1 of our
 * story clustering on BASIL DEV (50 events × 3 outlets, full text, dated) or
 * NeuS AllSides DEV (train + val: 2,759 stories × 3 outlets, headline and
 * lead, undated), beside a plain reference measured in the same run:
 * TF-IDF cosine single-link over all pairs at a fixed threshold of 0.3
 * (chosen before looking at the data, not tuned), with the same tokenizer.
 *
 * Published reference (different data, so for orientation only): Miranda et
 * al., "Multilingual Clustering of Streaming News", EMNLP 2018, report about
 * 0.94 pairwise F1 (English) on their news stream benchmark.
 */
import { StoryClusterer } from '../src/link/cluster.js';
import type { LinkDoc } from '../src/link/dedup.js';
import { terms } from '../src/link/text.js';
import { type GoldDoc, loadBasil, loadNeus } from './link-data.js';
import { type ClusterScores, clusterScores } from './link-score.js';

/** Figures of one method. */
export interface ClusteringResult extends ClusterScores {
  name: string;
  seconds: number;
}

/** Figures of the whole run. */
export interface ClusteringEval {
  format: 'basil' | 'neus';
  documents: number;
  stories: number;
  results: ClusteringResult[];
  reference: string;
}

/** Miranda et al. 2018, as quoted in issue 6. */
export const PUBLISHED_REFERENCE =
  'Miranda et al. (EMNLP 2018), multilingual news stream benchmark, English: ~0.94 pairwise F1 (different data)';

/** A gold document as the link stage sees it. */
export const toLinkDoc = (d: GoldDoc): LinkDoc => ({
  id: d.id,
  title: d.title,
  body: d.paragraphs.join('\n\n'),
  outlet: d.outlet,
  published: d.published,
});

/** Our clusterer over the documents (in file order; the result does not depend on it). */
export function clusterOurs(docs: readonly GoldDoc[]): string[] {
  const c = new StoryClusterer();
  for (const d of docs) c.add(toLinkDoc(d));
  c.flush();
  return docs.map((d) => c.storyOf(d.id) ?? d.id);
}

/** The reference: TF-IDF (title + body) cosine, single link over every pair at or above `threshold`. */
export function singleLinkBaseline(docs: readonly GoldDoc[], threshold = 0.3): string[] {
  const df = new Map<string, number>();
  const tfs = docs.map((d) => {
    const tf = new Map<string, number>();
    for (const t of terms(`${d.title}\n${d.paragraphs.join('\n')}`)) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const t of tf.keys()) df.set(t, (df.get(t) ?? 0) + 1);
    return tf;
  });
  const n = docs.length;
  const index = new Map<string, Array<[number, number]>>();
  const vecs = tfs.map((tf, i) => {
    const entries = [...tf].map(
      ([t, c]) => [t, (1 + Math.log(c)) * Math.log((n + 1) / ((df.get(t) ?? 0) + 1))] as const,
    );
    const norm = Math.sqrt(entries.reduce((s, [, w]) => s + w * w, 0)) || 1;
    const vec = new Map<string, number>();
    for (const [t, w] of entries) {
      vec.set(t, w / norm);
      const list = index.get(t) ?? [];
      list.push([i, w / norm]);
      index.set(t, list);
    }
    return vec;
  });
  const parent = Array.from({ length: n }, (_, i) => i);
  const root = (x: number): number => {
    let r = x;
    while (parent[r] !== r) r = parent[r] as number;
    return r;
  };
  // accumulate dot products term by term: every pair sharing a term, once
  const dots = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    dots.clear();
    for (const [t, mine] of vecs[i] as Map<string, number>) {
      const list = index.get(t) as Array<[number, number]>;
      for (const [j, w] of list) if (j > i) dots.set(j, (dots.get(j) ?? 0) + mine * w);
    }
    for (const [j, dot] of dots) {
      if (dot >= threshold) {
        const a = root(i);
        const b = root(j);
        if (a !== b) parent[b] = a;
      }
    }
  }
  return docs.map((_, i) => String(root(i)));
}

/** Runs both methods on a DEV folder. */
export function evalClustering(opts: { data: string; format: 'basil' | 'neus' }): ClusteringEval {
  const docs = opts.format === 'basil' ? loadBasil(opts.data) : loadNeus(opts.data);
  const gold = docs.map((d) => d.story);
  const results: ClusteringResult[] = [];
  let t = performance.now();
  const ours = clusterOurs(docs);
  results.push({ name: 'dossier online', ...clusterScores(ours, gold), seconds: (performance.now() - t) / 1000 });
  t = performance.now();
  const base = singleLinkBaseline(docs);
  results.push({
    name: 'TF-IDF single-link 0.3',
    ...clusterScores(base, gold),
    seconds: (performance.now() - t) / 1000,
  });
  return {
    format: opts.format,
    documents: docs.length,
    stories: new Set(gold).size,
    results,
    reference: PUBLISHED_REFERENCE,
  };
}

/** A plain-text table of the figures. */
export function formatClustering(e: ClusteringEval): string {
  const f = (x: number) => x.toFixed(3).padStart(6);
  const lines = [
    `${e.format}: ${e.documents} articles in ${e.stories} gold stories`,
    `${'method'.padEnd(24)} ${'pair P'.padStart(6)} ${'pair R'.padStart(6)} ${'pairF1'.padStart(6)}  ${'B3 P'.padStart(6)} ${'B3 R'.padStart(6)} ${'B3 F1'.padStart(6)} ${'found'.padStart(6)} ${'s'.padStart(6)}`,
  ];
  for (const r of e.results) {
    lines.push(
      `${r.name.padEnd(24)} ${f(r.pairwise.precision)} ${f(r.pairwise.recall)} ${f(r.pairwise.f1)}  ${f(r.bcubed.precision)} ${f(r.bcubed.recall)} ${f(r.bcubed.f1)} ${String(r.predictedClusters).padStart(6)} ${r.seconds.toFixed(2).padStart(6)}`,
    );
  }
  lines.push(`published: ${e.reference}`);
  return lines.join('\n');
}

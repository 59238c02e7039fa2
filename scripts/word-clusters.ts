/**
 * The unlabelled news text of `npm run train:clusters`, its k-means word
 * clusters and capitalisation priors (`models/word-clusters.json`, beside the
 * Brown clusters of `brown-clusters.ts`). Only derived numbers ship: for each
 * frequent lower-case word, a cluster id and how often news writes it
 * capitalised mid-sentence, keyed by a hash of the word. No text leaves the corpora.
 *
 * Clusters: each word is described by the words around it (one and two to
 * the left and right, among the most frequent words), weighted by positive
 * pointwise mutual information, then grouped by spherical k-means (cosine,
 * on the sparse vectors) in two levels
 * (coarse groups, then fine groups inside each), so `cluster >> 4` is the
 * coarse group. Deterministic: fixed seed, sorted vocabulary, no clock.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tokenize, tokenText } from '../src/analyze/tokenize.js';
import { mulberry32 } from '../src/random.js';

/** Settings of the clustering; the defaults are the shipped model's. */
export interface ClusterOptions {
  /** Words seen fewer times get no entry. @default 3 */
  minCount: number;
  /** Most frequent words used as context dimensions. @default 800 */
  contexts: number;
  /** Coarse groups; each is split into 16 fine ones. @default 32 */
  coarse: number;
  /** k-means iterations per level. @default 12 */
  iterations: number;
  /** Seed of k-means' first centres. @default 20240604 */
  seed: number;
}

/** The shipped settings. */
export const CLUSTER_DEFAULTS: Readonly<ClusterOptions> = Object.freeze({
  minCount: 3,
  contexts: 800,
  coarse: 32,
  iterations: 12,
  seed: 20240604,
});

const FINE = 16;
/** Context positions around a word. */
const OFFSETS = [-2, -1, 1, 2] as const;

/** Tokens after which a capital letter says nothing about the word (as in the tagger). */
const RESTART = new Set(['"', '“', '‘', "'", '(', '[', ':', '-', '–', '—', '•']);

/** A text source read for clustering, with what it holds. */
export interface TextSource {
  name: string;
  texts: string[];
}

/**
 * The unlabelled texts under `data` (the shared datasets folder): article
 * bodies of article-extraction, BASIL and PolNeAR train, NeuS's outlet
 * excerpts and AllSides roundups (train and val), and GUM's permissive train
 * documents (never dev). A missing folder is skipped.
 */
export function unlabelledTexts(data: string, gumTrainIds: ReadonlySet<string>): TextSource[] {
  const sources: TextSource[] = [];
  const ae = join(data, 'article-extraction', 'ground-truth-dev.json');
  if (existsSync(ae)) {
    const json = JSON.parse(readFileSync(ae, 'utf8')) as Record<string, { articleBody?: string }>;
    sources.push({
      name: 'article-extraction',
      texts: Object.keys(json)
        .sort()
        .map((k) => json[k]?.articleBody ?? ''),
    });
  }
  const basil = join(data, 'basil', 'articles');
  if (existsSync(basil)) {
    const texts: string[] = [];
    for (const year of readdirSync(basil).sort()) {
      for (const f of readdirSync(join(basil, year)).sort()) {
        const a = JSON.parse(readFileSync(join(basil, year, f), 'utf8')) as { 'body-paragraphs'?: string[][] };
        texts.push((a['body-paragraphs'] ?? []).map((p) => p.join(' ')).join('\n\n'));
      }
    }
    sources.push({ name: 'basil', texts });
  }
  const polnear = join(data, 'polnear', 'train', 'text');
  if (existsSync(polnear)) {
    sources.push({
      name: 'polnear',
      texts: readdirSync(polnear)
        .sort()
        .map((f) => readFileSync(join(polnear, f), 'utf8')),
    });
  }
  // NeuS: its development part (train and val), outlet excerpts and AllSides roundups; never its test split
  const neus = ['train.source', 'train.target', 'val.source', 'val.target']
    .map((f) => join(data, 'neus_allsides', f))
    .filter((f) => existsSync(f));
  if (neus.length) {
    sources.push({
      name: 'neus_allsides',
      texts: neus.flatMap((f) =>
        readFileSync(f, 'utf8')
          .split('\n')
          .map((l) => l.replace(/\b(?:TITLE|ARTICLE)=>\s*/g, '').replace(/\[SEP\]/g, '\n\n')),
      ),
    });
  }
  const gum = join(data, 'gum', 'conllu');
  if (existsSync(gum)) {
    const texts: string[] = [];
    for (const f of readdirSync(gum).sort()) {
      if (!gumTrainIds.has(f.replace(/\.conllu$/, ''))) continue;
      const lines = readFileSync(join(gum, f), 'utf8').split('\n');
      texts.push(
        lines
          .filter((l) => l.startsWith('# text = '))
          .map((l) => l.slice(9))
          .join(' '),
      );
    }
    sources.push({ name: 'gum-train', texts });
  }
  return sources;
}

/** Unlabelled text as word ids: lower-case words, their counts and mid-sentence capitalisation, sentences of ids. */
export interface Corpus {
  names: string[];
  counts: number[];
  /** Per word, letter-initial occurrences away from a sentence start, and how many of them were capitalised. */
  midTotal: number[];
  midCap: number[];
  sentences: Int32Array[];
  tokens: number;
}

/** Tokenizes the texts (as the analyze stage does) into a corpus of lower-case word ids. */
export function corpusOf(texts: readonly string[]): Corpus {
  const ids = new Map<string, number>();
  const c: Corpus = { names: [], counts: [], midTotal: [], midCap: [], sentences: [], tokens: 0 };
  for (const text of texts) {
    const t = tokenize(text);
    for (let s = 0; s < t.sentences; s++) {
      const from = t.sentStarts[s] as number;
      const to = t.sentEnds[s] as number;
      const sent = new Int32Array(to - from);
      for (let i = from; i < to; i++) {
        const form = tokenText(t, i);
        const lower = form.toLowerCase();
        let id = ids.get(lower);
        if (id === undefined) {
          id = c.names.length;
          ids.set(lower, id);
          c.names.push(lower);
          c.counts.push(0);
          c.midTotal.push(0);
          c.midCap.push(0);
        }
        c.counts[id] = (c.counts[id] as number) + 1;
        if (i > from && !RESTART.has(tokenText(t, i - 1)) && /^\p{L}/u.test(form)) {
          c.midTotal[id] = (c.midTotal[id] as number) + 1;
          if (/^\p{Lu}/u.test(form)) c.midCap[id] = (c.midCap[id] as number) + 1;
        }
        sent[i - from] = id;
      }
      c.sentences.push(sent);
      c.tokens += to - from;
    }
  }
  return c;
}

/** Ids of the words that get clusters (seen `minCount` times or more, with a letter), most frequent first, ties by spelling. */
export function vocabularyOf(c: Corpus, minCount: number): number[] {
  return c.names
    .map((_, id) => id)
    .filter((id) => (c.counts[id] as number) >= minCount && /\p{L}/u.test(c.names[id] as string))
    .sort(
      (a, b) =>
        (c.counts[b] as number) - (c.counts[a] as number) || ((c.names[a] as string) < (c.names[b] as string) ? -1 : 1),
    );
}

/** A word's capitalisation bucket: how often news writes it capitalised mid-sentence (0: under 10 %, 1: under 50 %, 2: under 90 %, 3: more). */
export function capitalisationBucket(c: Corpus, id: number): number {
  const share = ((c.midCap[id] as number) + 0.5) / ((c.midTotal[id] as number) + 1);
  return share < 0.1 ? 0 : share < 0.5 ? 1 : share < 0.9 ? 2 : 3;
}

/** K-means clusters per word of `vocab` (`cluster >> 4` is the coarse group). */
export function kmeansClusters(
  corpus: Corpus,
  vocab: readonly number[],
  options: Readonly<ClusterOptions> = CLUSTER_DEFAULTS,
): Int32Array {
  const { names, counts, sentences } = corpus;
  // context words: the most frequent, ties by spelling
  const byFreq = names
    .map((_, id) => id)
    .sort(
      (a, b) => (counts[b] as number) - (counts[a] as number) || ((names[a] as string) < (names[b] as string) ? -1 : 1),
    );
  const row = new Int32Array(names.length).fill(-1);
  vocab.forEach((id, r) => {
    row[id] = r;
  });
  const ctx = new Int32Array(names.length).fill(-1);
  byFreq.slice(0, options.contexts).forEach((id, c) => {
    ctx[id] = c;
  });
  // context dims: 4 positions (-2, -1, +1, +2) x (contexts + sentence edge)
  const C = options.contexts + 1;
  const dims = 4 * C;
  const cooc = vocab.map(() => new Map<number, number>());
  const ctxTotals = new Float64Array(dims);
  for (const sent of sentences) {
    for (let i = 0; i < sent.length; i++) {
      const r = row[sent[i] as number] as number;
      if (r < 0) continue;
      const m = cooc[r] as Map<number, number>;
      for (let p = 0; p < 4; p++) {
        const j = i + (OFFSETS[p] as number);
        const c = j < 0 || j >= sent.length ? options.contexts : (ctx[sent[j] as number] as number);
        if (c < 0) continue;
        const d = p * C + c;
        m.set(d, (m.get(d) ?? 0) + 1);
        ctxTotals[d] = (ctxTotals[d] as number) + 1;
      }
    }
  }
  // PPMI, unit length, kept sparse
  let grand = 0;
  for (const v of ctxTotals) grand += v;
  const vectors: Sparse[] = cooc.map((m) => {
    let rowTotal = 0;
    for (const v of m.values()) rowTotal += v;
    const dimsOf: number[] = [];
    const vals: number[] = [];
    for (const d of [...m.keys()].sort((x, y) => x - y)) {
      const pmi = Math.log(((m.get(d) as number) * grand) / (rowTotal * (ctxTotals[d] as number)));
      if (pmi <= 0) continue;
      dimsOf.push(d);
      vals.push(pmi);
    }
    const norm = Math.sqrt(vals.reduce((x, v) => x + v * v, 0)) || 1;
    return { dims: Int32Array.from(dimsOf), vals: Float32Array.from(vals, (v) => v / norm) };
  });
  // two-level spherical k-means
  const random = mulberry32(options.seed);
  const all = vocab.map((_, r) => r);
  const coarse = kmeans(vectors, dims, all, options.coarse, options.iterations, random);
  const cluster = new Int32Array(vocab.length);
  for (let g = 0; g < options.coarse; g++) {
    const members = all.filter((r) => coarse[r] === g);
    if (!members.length) continue;
    const fine = kmeans(vectors, dims, members, Math.min(FINE, members.length), options.iterations, random);
    for (const r of members) cluster[r] = g * FINE + (fine[r] as number);
  }
  return cluster;
}

/** A unit-length sparse vector: dimensions in ascending order and their values. */
interface Sparse {
  dims: Int32Array;
  vals: Float32Array;
}

function normalise(v: Float32Array, o: number, D: number): void {
  let norm = 0;
  for (let k = 0; k < D; k++) norm += (v[o + k] as number) ** 2;
  norm = Math.sqrt(norm) || 1;
  for (let k = 0; k < D; k++) v[o + k] = (v[o + k] as number) / norm;
}

/** Spherical k-means over the rows `members`; returns a group per row index. */
function kmeans(
  vectors: readonly Sparse[],
  D: number,
  members: readonly number[],
  k: number,
  iterations: number,
  random: () => number,
): Int32Array {
  const assign = new Int32Array(vectors.length).fill(-1);
  const centres = new Float32Array(k * D);
  const place = (m: number, c: number, into: Float32Array) => {
    const v = vectors[m] as Sparse;
    for (let j = 0; j < v.dims.length; j++) {
      const d = c * D + (v.dims[j] as number);
      into[d] = (into[d] as number) + (v.vals[j] as number);
    }
  };
  // first centres: k distinct members picked by the seeded generator
  const picked = new Set<number>();
  for (let c = 0; c < k; c++) {
    let m = members[Math.floor(random() * members.length)] as number;
    while (picked.has(m) && picked.size < members.length) m = members[Math.floor(random() * members.length)] as number;
    picked.add(m);
    place(m, c, centres);
  }
  for (let it = 0; it < iterations; it++) {
    for (const m of members) {
      const v = vectors[m] as Sparse;
      let best = 0;
      let bestDot = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < k; c++) {
        let dot = 0;
        const o = c * D;
        for (let j = 0; j < v.dims.length; j++)
          dot += (v.vals[j] as number) * (centres[o + (v.dims[j] as number)] as number);
        if (dot > bestDot) {
          bestDot = dot;
          best = c;
        }
      }
      assign[m] = best;
    }
    centres.fill(0);
    for (const m of members) place(m, assign[m] as number, centres);
    for (let c = 0; c < k; c++) normalise(centres, c * D, D);
  }
  return assign;
}

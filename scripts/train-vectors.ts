/**
 * `npm run train:vectors`: word vectors for story clustering
 * (`models/word-vectors.json`, read by `src/link/vectors.ts`), learnt from
 * unlabelled text: the clustering terms of each text (stemmed, stopwords out,
 * exactly as `TERMS_EVIDENCE` sees them), co-occurrence counts in a window
 * weighted 1/distance, positive PMI with context smoothing (Levy, Goldberg
 * and Dagan 2015), then a truncated SVD by randomised range finding (Halko,
 * Martinsson and Tropp 2011): a word's vector is its row of U·√Σ, centred
 * (the mean vector, weighted by frequency, taken off) and scaled to unit
 * length. Deterministic: sorted files and vocabulary, seeded Gaussian draws,
 * no clock. Only hashes of terms and quantised numbers are written.
 *
 * Training texts (never NeuS val, never BASIL, never a TEST split): NeuS
 * train items and roundups (`train.source`, `train.target`), PolNeAR train,
 * GUM train (permissive folder) and article-extraction DEV bodies. Usage:
 * `node dist/scripts/train-vectors.js [--data ../shared/data] [--out models/word-vectors.json]`.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clusterTerm } from '../src/link/cluster.js';
import { fmix32, fnv1a, terms } from '../src/link/text.js';
import { encodeVectors, VECTORS_FORMAT, type WordVectorsFile } from '../src/link/vectors.js';
import { mulberry32 } from '../src/random.js';

/** Settings of the training; the defaults are the shipped model's. */
export interface VectorOptions {
  /** Terms seen fewer times get no vector. @default 5 */
  minCount: number;
  /** Words either side counted as context, weighted 1/distance. @default 5 */
  window: number;
  /** Dimensions kept. @default 64 */
  dim: number;
  /** Context distribution smoothing exponent. @default 0.75 */
  smoothing: number;
  /** Power iterations of the range finder. @default 3 */
  powerIterations: number;
  /** Seed of the Gaussian test matrix. @default 20261123 */
  seed: number;
}

/** The shipped settings. */
export const VECTOR_DEFAULTS: Readonly<VectorOptions> = Object.freeze({
  minCount: 5,
  window: 5,
  dim: 64,
  smoothing: 0.75,
  powerIterations: 3,
  seed: 20261123,
});

/** Extra columns of the range finder beyond `dim`. */
const OVERSAMPLE = 16;

/** A text source and what it holds. */
export interface VectorSource {
  name: string;
  texts: string[];
}

/** NeuS `*.source` and `*.target` lines as plain text: items (or the roundup) without their markers. */
const neusText = (line: string) => line.replace(/\b(?:TITLE|ARTICLE)=>\s*/g, '').replace(/\[SEP\]/g, '\n\n');

/**
 * The training texts under `data` (the shared datasets folder). `skipNeusTrain`
 * leaves out NeuS train lines (by line number), so a block of train can be
 * scored with vectors that never saw it. A missing folder is skipped.
 */
export function vectorSources(data: string, skipNeusTrain: (line: number) => boolean = () => false): VectorSource[] {
  const sources: VectorSource[] = [];
  for (const part of ['source', 'target']) {
    const file = join(data, 'neus_allsides', `train.${part}`);
    if (!existsSync(file)) continue;
    const lines = readFileSync(file, 'utf8').split('\n');
    sources.push({
      name: `neus train.${part}`,
      texts: lines.filter((l, n) => l.trim() && !skipNeusTrain(n)).map(neusText),
    });
  }
  const polnear = join(data, 'polnear', 'train', 'text');
  if (existsSync(polnear))
    sources.push({
      name: 'polnear train',
      texts: readdirSync(polnear)
        .sort()
        .map((f) => readFileSync(join(polnear, f), 'utf8')),
    });
  const gum = join(data, 'gum');
  if (existsSync(join(gum, 'docs.tsv'))) {
    const train = new Set(
      readFileSync(join(gum, 'docs.tsv'), 'utf8')
        .split('\n')
        .map((l) => l.split('\t'))
        .filter((c) => c[2] === 'train' && c[4] === 'conllu')
        .map((c) => c[0] as string),
    );
    const texts: string[] = [];
    for (const f of readdirSync(join(gum, 'conllu')).sort()) {
      if (!train.has(f.replace(/\.conllu$/, ''))) continue;
      const lines = readFileSync(join(gum, 'conllu', f), 'utf8').split('\n');
      texts.push(
        lines
          .filter((l) => l.startsWith('# text = '))
          .map((l) => l.slice(9))
          .join(' '),
      );
    }
    sources.push({ name: 'gum train (conllu)', texts });
  }
  const ae = join(data, 'article-extraction', 'ground-truth-dev.json');
  if (existsSync(ae)) {
    const json = JSON.parse(readFileSync(ae, 'utf8')) as Record<string, { articleBody?: string | null }>;
    sources.push({
      name: 'article-extraction dev',
      texts: Object.keys(json)
        .sort()
        .map((k) => json[k]?.articleBody ?? ''),
    });
  }
  return sources;
}

/** Trained vectors: unit rows keyed by term hash (ascending), and counts of what went in. */
export interface TrainedVectors {
  hashes: Uint32Array;
  vectors: Float32Array;
  dim: number;
  tokens: number;
  terms: number;
}

/** Sparse rows: column ids and values per row (compressed sparse row). */
interface Csr {
  rows: number;
  ptr: Int32Array;
  col: Int32Array;
  val: Float64Array;
}

/** Trains vectors on texts (see the module comment). */
export function trainVectors(texts: readonly string[], o: Readonly<VectorOptions> = VECTOR_DEFAULTS): TrainedVectors {
  // 1. terms, counts, vocabulary (count, then term, so the order is the same on every run)
  const docs = texts.map((t) => terms(t).map(clusterTerm));
  const counts = new Map<string, number>();
  let tokens = 0;
  for (const d of docs)
    for (const t of d) {
      counts.set(t, (counts.get(t) ?? 0) + 1);
      tokens++;
    }
  const vocab = [...counts]
    .filter(([, c]) => c >= o.minCount)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([t]) => t);
  const index = new Map(vocab.map((t, i) => [t, i]));
  const v = vocab.length;
  // 2. co-occurrence within the window, weighted 1/distance
  const rowsMap: Array<Map<number, number>> = Array.from({ length: v }, () => new Map());
  for (const d of docs) {
    const ids = d.map((t) => index.get(t) ?? -1);
    for (let i = 0; i < ids.length; i++) {
      const w = ids[i] as number;
      if (w < 0) continue;
      const row = rowsMap[w] as Map<number, number>;
      for (let k = 1; k <= o.window; k++) {
        for (const j of [i - k, i + k]) {
          const c = ids[j];
          if (c === undefined || c < 0) continue;
          row.set(c, (row.get(c) ?? 0) + 1 / k);
        }
      }
    }
  }
  // 3. positive PMI with smoothed context probabilities
  const rowSum = new Float64Array(v);
  const colSum = new Float64Array(v);
  let total = 0;
  rowsMap.forEach((row, w) => {
    for (const [c, x] of row) {
      rowSum[w] = (rowSum[w] as number) + x;
      colSum[c] = (colSum[c] as number) + x;
      total += x;
    }
  });
  let smoothTotal = 0;
  const colSmooth = colSum.map((x) => x ** o.smoothing);
  for (const x of colSmooth) smoothTotal += x;
  const ptr = new Int32Array(v + 1);
  const col: number[] = [];
  const val: number[] = [];
  rowsMap.forEach((row, w) => {
    for (const c of [...row.keys()].sort((a, b) => a - b)) {
      const x = row.get(c) as number;
      const pmi = Math.log(x / total / ((rowSum[w] as number) / total) / ((colSmooth[c] as number) / smoothTotal));
      if (pmi > 0) {
        col.push(c);
        val.push(pmi);
      }
    }
    ptr[w + 1] = col.length;
  });
  const a: Csr = { rows: v, ptr, col: Int32Array.from(col), val: Float64Array.from(val) };
  // 4. truncated SVD, 5. centred unit rows
  const { u, sigma } = truncatedSvd(a, v, o.dim, o);
  const vectors = new Float32Array(v * o.dim);
  const mean = new Float64Array(o.dim);
  for (let w = 0; w < v; w++) {
    const weight = (counts.get(vocab[w] as string) as number) / tokens;
    for (let k = 0; k < o.dim; k++) {
      const x = (u[w * o.dim + k] as number) * Math.sqrt(sigma[k] as number);
      vectors[w * o.dim + k] = x;
    }
    normalise(vectors, w, o.dim);
    for (let k = 0; k < o.dim; k++) mean[k] = (mean[k] as number) + weight * (vectors[w * o.dim + k] as number);
  }
  for (let w = 0; w < v; w++) {
    for (let k = 0; k < o.dim; k++) vectors[w * o.dim + k] = (vectors[w * o.dim + k] as number) - (mean[k] as number);
    normalise(vectors, w, o.dim);
  }
  // rows by hash, ascending
  const keyed = vocab.map((t, w) => [fmix32(fnv1a(t)), w] as const).sort((x, y) => x[0] - y[0]);
  const hashes = Uint32Array.from(keyed, (e) => e[0]);
  const sorted = new Float32Array(v * o.dim);
  keyed.forEach(([, w], r) => sorted.set(vectors.subarray(w * o.dim, (w + 1) * o.dim), r * o.dim));
  return { hashes, vectors: sorted, dim: o.dim, tokens, terms: v };
}

function normalise(m: Float32Array, row: number, dim: number): void {
  let n = 0;
  for (let k = 0; k < dim; k++) n += (m[row * dim + k] as number) ** 2;
  n = Math.sqrt(n) || 1;
  for (let k = 0; k < dim; k++) m[row * dim + k] = (m[row * dim + k] as number) / n;
}

/** A·X for X dense (cols × m, row-major): rows × m. */
function times(a: Csr, x: Float64Array, m: number): Float64Array {
  const out = new Float64Array(a.rows * m);
  for (let r = 0; r < a.rows; r++) {
    for (let p = a.ptr[r] as number; p < (a.ptr[r + 1] as number); p++) {
      const c = a.col[p] as number;
      const w = a.val[p] as number;
      for (let k = 0; k < m; k++) out[r * m + k] = (out[r * m + k] as number) + w * (x[c * m + k] as number);
    }
  }
  return out;
}

/** Aᵀ·Y for Y dense (rows × m): cols × m. */
function timesT(a: Csr, y: Float64Array, m: number, cols: number): Float64Array {
  const out = new Float64Array(cols * m);
  for (let r = 0; r < a.rows; r++) {
    for (let p = a.ptr[r] as number; p < (a.ptr[r + 1] as number); p++) {
      const c = a.col[p] as number;
      const w = a.val[p] as number;
      for (let k = 0; k < m; k++) out[c * m + k] = (out[c * m + k] as number) + w * (y[r * m + k] as number);
    }
  }
  return out;
}

/** Orthonormalises the m columns of an n × m row-major matrix in place (modified Gram–Schmidt, twice). */
function orthonormalise(x: Float64Array, n: number, m: number): void {
  for (let pass = 0; pass < 2; pass++) {
    for (let j = 0; j < m; j++) {
      for (let i = 0; i < j; i++) {
        let d = 0;
        for (let r = 0; r < n; r++) d += (x[r * m + i] as number) * (x[r * m + j] as number);
        for (let r = 0; r < n; r++) x[r * m + j] = (x[r * m + j] as number) - d * (x[r * m + i] as number);
      }
      let norm = 0;
      for (let r = 0; r < n; r++) norm += (x[r * m + j] as number) ** 2;
      norm = Math.sqrt(norm) || 1;
      for (let r = 0; r < n; r++) x[r * m + j] = (x[r * m + j] as number) / norm;
    }
  }
}

/** Eigenvalues and eigenvectors (columns) of a symmetric m × m matrix, by cyclic Jacobi rotations. */
function symmetricEigen(s: Float64Array, m: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(s);
  const e = new Float64Array(m * m);
  for (let i = 0; i < m; i++) e[i * m + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < m; p++) for (let q = p + 1; q < m; q++) off += (a[p * m + q] as number) ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < m; p++) {
      for (let q = p + 1; q < m; q++) {
        const apq = a[p * m + q] as number;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = ((a[q * m + q] as number) - (a[p * m + p] as number)) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const sn = t * c;
        for (let k = 0; k < m; k++) {
          const akp = a[k * m + p] as number;
          const akq = a[k * m + q] as number;
          a[k * m + p] = c * akp - sn * akq;
          a[k * m + q] = sn * akp + c * akq;
        }
        for (let k = 0; k < m; k++) {
          const apk = a[p * m + k] as number;
          const aqk = a[q * m + k] as number;
          a[p * m + k] = c * apk - sn * aqk;
          a[q * m + k] = sn * apk + c * aqk;
        }
        for (let k = 0; k < m; k++) {
          const ekp = e[k * m + p] as number;
          const ekq = e[k * m + q] as number;
          e[k * m + p] = c * ekp - sn * ekq;
          e[k * m + q] = sn * ekp + c * ekq;
        }
      }
    }
  }
  return { values: Float64Array.from({ length: m }, (_, i) => a[i * m + i] as number), vectors: e };
}

/** The `k` leading left singular vectors (rows × k, row-major) and singular values of A. */
function truncatedSvd(
  a: Csr,
  cols: number,
  k: number,
  o: Readonly<VectorOptions>,
): { u: Float64Array; sigma: Float64Array } {
  const m = k + OVERSAMPLE;
  const random = mulberry32(o.seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const omega = Float64Array.from({ length: cols * m }, gauss);
  let q = times(a, omega, m);
  orthonormalise(q, a.rows, m);
  for (let i = 0; i < o.powerIterations; i++) {
    const z = timesT(a, q, m, cols);
    orthonormalise(z, cols, m);
    q = times(a, z, m);
    orthonormalise(q, a.rows, m);
  }
  // B = Qᵀ A (m × cols); B Bᵀ = Qᵀ A Aᵀ Q, whose eigenvectors rotate Q into U
  const bt = timesT(a, q, m, cols); // cols × m = Bᵀ
  const bbt = new Float64Array(m * m);
  for (let c = 0; c < cols; c++)
    for (let i = 0; i < m; i++) {
      const x = bt[c * m + i] as number;
      if (x === 0) continue;
      for (let j = 0; j < m; j++) bbt[i * m + j] = (bbt[i * m + j] as number) + x * (bt[c * m + j] as number);
    }
  const { values, vectors } = symmetricEigen(bbt, m);
  const order = Array.from({ length: m }, (_, i) => i).sort((x, y) => (values[y] as number) - (values[x] as number));
  const u = new Float64Array(a.rows * k);
  for (let r = 0; r < a.rows; r++)
    for (let j = 0; j < k; j++) {
      const e = order[j] as number;
      let s = 0;
      for (let i = 0; i < m; i++) s += (q[r * m + i] as number) * (vectors[i * m + e] as number);
      u[r * k + j] = s;
    }
  const sigma = Float64Array.from({ length: k }, (_, j) =>
    Math.sqrt(Math.max(0, values[order[j] as number] as number)),
  );
  return { u, sigma };
}

/** The vectors file for `sources` (what `npm run train:vectors` writes). */
export function vectorsFile(
  sources: readonly VectorSource[],
  o: Readonly<VectorOptions> = VECTOR_DEFAULTS,
): WordVectorsFile {
  const t = trainVectors(
    sources.flatMap((s) => s.texts),
    o,
  );
  const enc = encodeVectors(t.hashes, t.vectors);
  const version = `word-vectors-${createHash('sha256').update(enc.hashes).update(enc.vectors).digest('hex').slice(0, 10)}`;
  const trainedOn = {
    command: 'npm run train:vectors',
    sources: sources.map((s) => `${s.name}: ${s.texts.length} texts`),
    notUsed: 'NeuS val and test, BASIL (both scored by eval clustering), every TEST split',
    tokens: t.tokens,
    terms: t.terms,
    settings: o,
  };
  return { format: VECTORS_FORMAT, version, trainedOn, dim: t.dim, ...enc };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const arg = (name: string, fallback: string) => {
    const i = process.argv.indexOf(name);
    return i >= 0 && process.argv[i + 1] ? (process.argv[i + 1] as string) : fallback;
  };
  const data = arg('--data', '../shared/data');
  const out = arg('--out', 'models/word-vectors.json');
  const sources = vectorSources(data);
  if (!sources.length) throw new Error(`--data ${data}: none of the training folders is there`);
  const started = performance.now();
  const file = vectorsFile(sources);
  writeFileSync(out, `${JSON.stringify(file)}\n`);
  const { terms: n, tokens } = file.trainedOn as { terms: number; tokens: number };
  console.log(
    `${out}: ${file.version}, ${n} terms × ${file.dim} from ${tokens} tokens in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

/**
 * `npm run train:quotes`: trains the cue scorer of the quote layer (an
 * averaged perceptron, `src/analyze/quote-model.ts`) on the PolNeAR train part
 * (`../shared/data/polnear/train`, read in place), reports token-level cue
 * precision/recall/F1 on the dev part, and writes `models/quote-cues.json`:
 * candidate words and feature weights only, no text of the corpus.
 * Deterministic: fixed file order, seeded shuffle, no clock in the output.
 *
 * Environment: DOSSIER_POLNEAR (corpus folder), QUOTE_EPOCHS (default 10).
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type GoldDoc, readPolnear } from '../eval/quotes.js';
import { FeatureSpace, VOCAB_MAX } from '../src/analyze/perceptron.js';
import {
  CUE_NAMED,
  CUE_TEMPLATES,
  cueContext,
  cueFeatures,
  type QuoteModelFile,
  quotedSentences,
} from '../src/analyze/quote-model.js';
import { KIND, tokenize } from '../src/analyze/tokenize.js';
import { mulberry32 } from '../src/random.js';
import { DenseIds } from './dense-ids.js';
import { REPO_ROOT as root, SHARED_DATA } from './paths.js';

const polnear = process.env.DOSSIER_POLNEAR ?? join(SHARED_DATA, 'polnear');
const EPOCHS = Number(process.env.QUOTE_EPOCHS ?? 10);
const SEED = 20261123;
/** A word is scored only when it was a cue this many times in train. */
const MIN_CUE_COUNT = 3;
/** ... and at least this share of its occurrences outside quotation marks were cues (`the`, `to` are not scored). */
const MIN_CUE_RATE = 0.08;
/** Features seen fewer times than this in the train examples are not learned (a small file, less over-fitting). */
const MIN_FEATURE_COUNT = 3;
/** Averaged weights below this (absolute) are dropped from the file. */
const PRUNE = 0.01;
const POLNEAR_COMMIT = 'c3eee833c035bf7b8c84f55b58c0bf7346cfae76';

interface Example {
  /** Dense feature ids (see `DenseIds`). */
  feats: Int32Array;
  gold: boolean;
  word: string;
}

/** The growing feature space of training, and feature numbers to dense ids for the arrays below. */
const space = new FeatureSpace([], true);
const dense = new DenseIds();
const keys = dense.features;
const NONE = new Int32Array(0);

/** Every word token outside quotation marks, with its features (when asked) and whether a gold cue covers it. */
function examples(docs: readonly GoldDoc[], keep: (w: string) => boolean, withFeatures = true): Example[] {
  const out: Example[] = [];
  for (const d of docs) {
    const t = tokenize(d.text);
    const c = cueContext(d.text, t);
    const qs = quotedSentences(c, t);
    const cues = [...d.cue].sort((a, b) => a.start - b.start);
    let k = 0;
    for (let s = 0; s < t.sentences; s++) {
      const sS = t.sentStarts[s]!;
      const sE = t.sentEnds[s]!;
      for (let i = sS; i < sE; i++) {
        if (t.kinds[i] !== KIND.word || c.quoted[i] || !keep(c.low[i]!)) continue;
        const a = t.starts[i]!;
        const b = t.ends[i]!;
        while (k > 0 && cues[k - 1]!.end > a) k--;
        while (k < cues.length && cues[k]!.end <= a) k++;
        let gold = false;
        for (let j = k; j < cues.length && cues[j]!.start < b; j++) if (cues[j]!.end > a) gold = true;
        const feats = withFeatures ? dense.ofPairs(cueFeatures(c, i, sS, sE, qs[s] === 1, space)) : NONE;
        out.push({ feats, gold, word: c.low[i]! });
      }
    }
  }
  return out;
}

function candidatesOf(docs: readonly GoldDoc[]): string[] {
  const count = new Map<string, number>();
  const seen = new Map<string, number>();
  for (const ex of examples(docs, () => true, false)) {
    seen.set(ex.word, (seen.get(ex.word) ?? 0) + 1);
    if (ex.gold) count.set(ex.word, (count.get(ex.word) ?? 0) + 1);
  }
  return [...count]
    .filter(([w, n]) => n >= MIN_CUE_COUNT && n >= MIN_CUE_RATE * seen.get(w)! && /\p{L}/u.test(w))
    .map(([w]) => w)
    .sort();
}

const dot = (w: Float64Array, fs: Int32Array) => {
  let s = 0;
  for (const f of fs) s += w[f] ?? 0;
  return s;
};

/** Averaged perceptron weights by dense feature id. */
function train(all: readonly Example[]): Float64Array {
  const F = keys.length;
  const freq = new Int32Array(F);
  for (const ex of all) for (const f of ex.feats) freq[f]!++;
  const data = all.map((ex) => ({ ...ex, feats: ex.feats.filter((f) => freq[f]! >= MIN_FEATURE_COUNT) }));
  const w = new Float64Array(F);
  const total = new Float64Array(F);
  const stamp = new Float64Array(F);
  let clock = 0;
  const update = (f: number, delta: number) => {
    total[f]! += (clock - stamp[f]!) * w[f]!;
    stamp[f] = clock;
    w[f]! += delta;
  };
  const order = data.map((_, i) => i);
  const random = mulberry32(SEED);
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    let errors = 0;
    for (const idx of order) {
      clock++;
      const ex = data[idx]!;
      const guess = dot(w, ex.feats) > 0;
      if (guess !== ex.gold) {
        errors++;
        for (const f of ex.feats) update(f, ex.gold ? 1 : -1);
      }
    }
    process.stderr.write(`epoch ${epoch + 1}/${EPOCHS}: ${errors} errors of ${data.length}\n`);
  }
  const avg = new Float64Array(F);
  for (let f = 0; f < F; f++) {
    const a = (total[f]! + (clock - stamp[f]!) * w[f]!) / clock;
    if (Math.abs(a) >= PRUNE) avg[f] = Math.round(a * 1000) / 1000;
  }
  return avg;
}

function score(weights: Float64Array, data: readonly Example[]) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const ex of data) {
    const guess = dot(weights, ex.feats) > 0;
    if (guess && ex.gold) tp++;
    else if (guess) fp++;
    else if (ex.gold) fn++;
  }
  const p = tp / Math.max(1, tp + fp);
  const r = tp / Math.max(1, tp + fn);
  return { p: 100 * p, r: 100 * r, f1: p + r ? (200 * p * r) / (p + r) : 0 };
}

const trainDocs = readPolnear(join(polnear, 'train'));
const devDocs = readPolnear(join(polnear, 'dev'));
const candidates = candidatesOf(trainDocs);
const set = new Set(candidates);
const trainData = examples(trainDocs, (w) => set.has(w));
const devData = examples(devDocs, (w) => set.has(w));
process.stderr.write(
  `${candidates.length} candidate words, ${trainData.length} train examples, ${devData.length} dev\n`,
);
const weights = train(trainData);
const tr = score(weights, trainData);
const dv = score(weights, devData);
const f = (x: number) => x.toFixed(1);
const trainedOn = `PolNeAR train (${trainDocs.length} annotation files, commit ${POLNEAR_COMMIT.slice(0, 12)}); candidate-token cue P/R/F1 train ${f(tr.p)}/${f(tr.r)}/${f(tr.f1)}, dev ${f(dv.p)}/${f(dv.r)}/${f(dv.f1)}`;
// the file keeps the values its weights name, renumbered in order of first use
const vocab = ['<unk>'];
const renumber = new Map<number, number>([[0, 0]]);
const value = (v: number) => {
  if (!renumber.has(v)) {
    renumber.set(v, vocab.length);
    vocab.push(space.vocab[v]!);
  }
  return renumber.get(v)!;
};
const kept = [...keys.keys()].filter((f) => weights[f] !== 0);
const rows = kept
  .map((f) => {
    const key = keys[f]!;
    const low = key % VOCAB_MAX;
    const high = (key - low) / VOCAB_MAX;
    const a = high % VOCAB_MAX;
    const tpl = (high - a) / VOCAB_MAX;
    const [na, nb] = CUE_NAMED[CUE_TEMPLATES[tpl]!];
    return [(tpl * VOCAB_MAX + (na ? value(a) : a)) * VOCAB_MAX + (nb ? value(low) : low), weights[f]!] as const;
  })
  .sort((x, y) => x[0] - y[0]);
const body = { candidates, vocab, weights: rows.flat() };
const hash = createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 10);
const file: QuoteModelFile = {
  format: 'dossier-quote-cues@2',
  version: `quote-cues-polnear-${hash}`,
  trainedOn,
  ...body,
};
const out = join(root, 'models', 'quote-cues.json');
writeFileSync(out, `${JSON.stringify(file)}\n`);
process.stdout.write(`${trainedOn}\n${kept.length} weights -> ${out} (${file.version})\n`);

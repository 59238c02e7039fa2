/**
 * `npm run train:quotes` (second step): trains the boundary model of the quote
 * layer (an averaged ranking perceptron, `src/analyze/quote-bounds.ts`) on the
 * PolNeAR train part, read in place. The quotes come from the rules and the cue
 * model (`findQuotes` with `bounds: null`); for each edge of a predicted
 * content or source span, the gold edge is that of the gold span of the same
 * role it overlaps most, when it is one of the candidates. Every knob is chosen
 * by 5-fold cross-validation on train (folds by article, as the cue trainer's;
 * edges exactly right on the held-out folds): the epoch count, the feature
 * count cut, each edge's scoring window and whether a direct quote's edge on
 * its quotation mark stays there; dev is only reported. The model file keeps feature names
 * and weights only, no text of the corpus. Deterministic: fixed file order,
 * seeded shuffle, no clock in the output.
 *
 * Environment: DOSSIER_POLNEAR (corpus folder), BOUNDS_EPOCHS (most epochs tried, default 12).
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type GoldDoc, readPolnear } from '../eval/quotes.js';
import { analyze } from '../src/analyze/index.js';
import {
  BOUNDS_FORMAT,
  type BoundsModelFile,
  boundsContext,
  EDGES,
  type Edge,
  edgeChoices,
  featureKey,
  featureParts,
  TEMPLATES,
  takenTokens,
  TokenIds,
} from '../src/analyze/quote-bounds.js';
import { FeatureSpace } from '../src/analyze/perceptron.js';
import { findQuotes } from '../src/analyze/quotes.js';
import { tokenize } from '../src/analyze/tokenize.js';
import { mulberry32 } from '../src/random.js';
import { AveragedWeights, shuffle } from './averaged-weights.js';
import { DenseIds } from './dense-ids.js';
import { FOLDS, foldOf } from './polnear-folds.js';
import type { Span } from '../src/types.js';
import { REPO_ROOT as root, SHARED_DATA } from './paths.js';

const polnear = process.env.DOSSIER_POLNEAR ?? join(SHARED_DATA, 'polnear');
const MAX_EPOCHS = Number(process.env.BOUNDS_EPOCHS ?? 12);
const SEED = 20261123;
/** The cuts tried: features seen fewer times than this in the train examples are not learned (less over-fitting to single words). */
const MIN_FEATURE_COUNTS = [1, 3, 5];
/** Averaged weights below this (absolute) are dropped from the file. */
const PRUNE = 0.02;
const POLNEAR_COMMIT = 'c3eee833c035bf7b8c84f55b58c0bf7346cfae76';

/** One edge to learn: candidates' feature ids, the gold candidate (-1 when unreachable); the rule's is 0. */
interface Example {
  edge: Edge;
  feats: Int32Array[];
  gold: number;
  /** The cross-validation fold of its article. */
  fold: number;
  /** Per candidate, its distance from the rule's guess in tokens (the scoring window keeps the near ones). */
  dist: Int32Array;
  /** A direct quote's content edge on its quotation mark. */
  onMark: boolean;
}

/** The growing feature space of training; features to dense ids for the arrays below. */
const space = new FeatureSpace([], true);
const dense = new DenseIds();
const names = dense.features;

const overlap = (a: Span, b: Span) => Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));

/** The gold span of a list that overlaps `s` most, or null. */
function bestGold(s: Span, gold: readonly Span[]): Span | null {
  let best: Span | null = null;
  let most = 0;
  for (const g of gold) {
    const o = overlap(s, g);
    if (o > most) {
      best = g;
      most = o;
    }
  }
  return best;
}

/** The edge examples of a part: every predicted span that overlaps a gold one. */
function examples(docs: readonly GoldDoc[]): Example[] {
  const out: Example[] = [];
  const cache = new Map<string, ReturnType<typeof prepare>>();
  for (const d of docs) {
    let p = cache.get(d.text);
    if (!p) {
      p = prepare(d.text);
      cache.set(d.text, p);
    }
    const { t, quotes, choices } = p;
    const fold = foldOf(d);
    quotes.forEach((q, qi) => {
      for (const ch of choices[qi]!) {
        const source = ch.edge === 'ss' || ch.edge === 'se';
        const span = source ? q.speaker.mention! : q.parts[ch.part]!;
        const g = bestGold(span, source ? d.source : d.content);
        if (!g) continue;
        const gold = ch.candidates.findIndex((b) =>
          ch.edge === 'cs' || ch.edge === 'ss' ? t.starts[b] === g.start : b > 0 && t.ends[b - 1] === g.end,
        );
        const feats = ch.feats.map((fs) => dense.ofPairs(fs));
        const dist = Int32Array.from(ch.candidates, (b) => Math.abs(b - ch.rule));
        out.push({ edge: ch.edge, feats, gold, fold, dist, onMark: ch.onMark });
      }
    });
  }
  return out;
}

function prepare(text: string) {
  const a = analyze(text);
  const t = tokenize(text);
  const quotes = findQuotes(text, t, { entities: a.entities, times: a.times, bounds: null });
  const c = boundsContext(text, t);
  const taken = takenTokens(t, quotes);
  const tokenIds = new TokenIds(c, space);
  return { t, quotes, choices: quotes.map((_, qi) => edgeChoices(c, tokenIds, quotes, qi, taken)) };
}

const score = (w: Float64Array, fs: Int32Array) => {
  let s = 0;
  for (const f of fs) s += w[f] ?? 0;
  return s;
};
/** The best-scoring candidate within `window` tokens of the rule's guess (all by default). */
const argmax = (w: Float64Array, ex: Example, window = Infinity) => {
  let best = 0;
  let bestScore = score(w, ex.feats[0]!);
  for (let k = 1; k < ex.feats.length; k++) {
    if (ex.dist[k]! > window) continue;
    const s = score(w, ex.feats[k]!);
    if (s > bestScore) {
      best = k;
      bestScore = s;
    }
  }
  return best;
};

/** Per edge, scoring as the model file says (windows, mark rule): share of examples whose chosen candidate is the gold one (unreachable ones count as misses), and the rule's share. */
function accuracy(w: Float64Array, data: readonly Example[], windows: Record<Edge, number>, stays: boolean) {
  const out: Record<string, { model: number; rule: number; n: number }> = {};
  for (const e of [...EDGES, 'all']) out[e] = { model: 0, rule: 0, n: 0 };
  for (const ex of data) {
    const pick = stays && ex.onMark ? 0 : argmax(w, ex, windows[ex.edge]);
    const m = ex.gold >= 0 && pick === ex.gold ? 1 : 0;
    const r = ex.gold === 0 ? 1 : 0;
    for (const k of [ex.edge, 'all']) {
      out[k]!.model += m;
      out[k]!.rule += r;
      out[k]!.n++;
    }
  }
  return out;
}

const trainDocs = readPolnear(join(polnear, 'train'));
const devDocs = readPolnear(join(polnear, 'dev'));
const trainData = examples(trainDocs);
const devData = examples(devDocs);
const F = names.length;
process.stderr.write(
  `${trainData.length} train edges (${trainData.filter((e) => e.gold >= 0).length} reachable), ${devData.length} dev\n`,
);

/** `data` with the features seen fewer than `minCount` times in it dropped; only the reachable edges (the ones to learn from). */
function learnable(data: readonly Example[], minCount: number): Example[] {
  const seen = new Int32Array(F);
  for (const ex of data) for (const fs of ex.feats) for (const f of fs) seen[f]!++;
  return data
    .filter((e) => e.gold >= 0)
    .map((ex) => ({ ...ex, feats: ex.feats.map((fs) => fs.filter((f) => seen[f]! >= minCount)) }));
}

/** Trains `epochs` epochs (seeded shuffle) and hands the averaged weights after each to `after`. */
function train(data: readonly Example[], epochs: number, after: (epoch: number, avg: Float64Array) => void) {
  const weights = new AveragedWeights(F);
  const order = data.map((_, i) => i);
  const random = mulberry32(SEED);
  for (let epoch = 1; epoch <= epochs; epoch++) {
    shuffle(order, random);
    for (const idx of order) {
      weights.tick();
      const ex = data[idx]!;
      const guess = argmax(weights.w, ex);
      if (guess !== ex.gold) {
        for (const f of ex.feats[ex.gold]!) weights.update(f, 1);
        for (const f of ex.feats[guess]!) weights.update(f, -1);
      }
    }
    after(epoch, weights.averaged(PRUNE));
  }
}

/**
 * The widest scoring windows tried, by edge. Reason: the layer's speed budget; these are the
 * windows the model scored with before they were cross-validated, and the training windows
 * (`EDGE_WINDOW`) score up to twice the candidates.
 */
const WIDEST: Readonly<Record<Edge, number>> = { cs: 6, ce: 8, ss: 8, se: 4 };
/** The scoring windows tried, per edge. */
const WINDOWS = EDGES.map((e) => [2, 3, 4, 6, 8].filter((w) => w <= WIDEST[e]));
const WMAX = Math.max(...WINDOWS.map((ws) => ws.length));
/** Held-out edges right per (edge, window, mark stays): the cell of a tally. */
const cell = (e: number, w: number, stays: number) => (e * WMAX + w) * 2 + stays;

/** Adds to `tally` the held-out edges `avg` gets right, under each scoring window and mark rule. */
function tallyHeldOut(avg: Float64Array, heldOut: readonly Example[], tally: Float64Array) {
  for (const ex of heldOut) {
    if (ex.gold < 0) continue;
    const e = EDGES.indexOf(ex.edge);
    WINDOWS[e]!.forEach((window, wi) => {
      const right = argmax(avg, ex, window) === ex.gold ? 1 : 0;
      tally[cell(e, wi, 0)]! += right;
      tally[cell(e, wi, 1)]! += ex.onMark ? (ex.gold === 0 ? 1 : 0) : right;
    });
  }
}

/** The best windows and mark rule of a tally, and the held-out edges they get right. */
function bestSetting(tally: Float64Array) {
  let best = { right: -1, stays: false, windows: {} as Record<Edge, number> };
  for (const stays of [0, 1]) {
    let right = 0;
    const windows = {} as Record<Edge, number>;
    EDGES.forEach((edge, e) => {
      let top = -1;
      WINDOWS[e]!.forEach((w, wi) => {
        if (tally[cell(e, wi, stays)]! > top) {
          top = tally[cell(e, wi, stays)]!;
          windows[edge] = w;
        }
      });
      right += top;
    });
    if (right > best.right) best = { right, stays: stays === 1, windows };
  }
  return best;
}

// the cross-validation: per (cut, epoch), held-out edges right under each setting, summed over the folds
let chosen = { minCount: 0, epochs: 0, right: -1, stays: false, windows: {} as Record<Edge, number> };
for (const minCount of MIN_FEATURE_COUNTS) {
  const tallies = Array.from({ length: MAX_EPOCHS + 1 }, () => new Float64Array(EDGES.length * WMAX * 2));
  for (let k = 0; k < FOLDS; k++) {
    const heldOut = trainData.filter((e) => e.fold === k);
    train(
      learnable(
        trainData.filter((e) => e.fold !== k),
        minCount,
      ),
      MAX_EPOCHS,
      (epoch, avg) => tallyHeldOut(avg, heldOut, tallies[epoch]!),
    );
  }
  for (let epoch = 1; epoch <= MAX_EPOCHS; epoch++) {
    const b = bestSetting(tallies[epoch]!);
    process.stderr.write(
      `features seen ${minCount}+, epoch ${epoch}: held-out edges right ${b.right} of ${trainData.length} (windows ${JSON.stringify(b.windows)}, mark stays ${b.stays})\n`,
    );
    if (b.right > chosen.right) chosen = { minCount, epochs: epoch, ...b };
  }
}
let weights: Float64Array = new Float64Array(F);
train(learnable(trainData, chosen.minCount), chosen.epochs, (epoch, avg) => {
  if (epoch === chosen.epochs) weights = avg;
});
const best = { epoch: chosen.epochs, weights };

const pct = (a: number, n: number) => ((100 * a) / Math.max(1, n)).toFixed(1);
const dev = accuracy(best.weights, devData, chosen.windows, chosen.stays);
const tr = accuracy(best.weights, trainData, chosen.windows, chosen.stays);
const card = (r: typeof dev) =>
  [...EDGES, 'all'].map((e) => `${e} ${pct(r[e]!.model, r[e]!.n)} (rules ${pct(r[e]!.rule, r[e]!.n)})`).join(', ');
const trainedOn = `PolNeAR train (${trainDocs.length} annotation files, commit ${POLNEAR_COMMIT.slice(0, 12)}); ${best.epoch} epochs, features seen ${chosen.minCount}+, scoring windows ${EDGES.map((e) => `${e} ${chosen.windows[e]}`).join(' ')} and a direct quote's edge on its mark ${chosen.stays ? 'staying' : 're-decided'} chosen by 5-fold cross-validation on train (held-out edges right ${pct(chosen.right, trainData.length)} %); edges exactly right, train: ${card(tr)}; dev: ${card(dev)}`;
// the file keeps the values its weights name, renumbered in order of first use
const kept = [...names.keys()].filter((f) => best.weights[f] !== 0);
const { vocab, id: value } = space.renumbering();
/** Templates whose values are ids in the space (the others hold small codes). */
const NAMED = new Set(['l', 'r', 'lr', 'l2', 'r2', 'sh', 'sh3', 'via', 'rule']);
const rows = kept
  .map((f) => {
    const { edge, tpl, a, b } = featureParts(names[f]!);
    const name = TEMPLATES[tpl]!;
    const named = NAMED.has(name);
    const two = ['lr', 'l2', 'r2', 'sh', 'sh3'].includes(name);
    return [featureKey(edge, tpl, named ? value(a) : a, named && two ? value(b) : b), best.weights[f]!] as const;
  })
  .sort((x, y) => x[0] - y[0]);
const body = { windows: chosen.windows, markStays: chosen.stays, vocab, weights: rows.flat() };
const hash = createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 10);
const file: BoundsModelFile = {
  format: BOUNDS_FORMAT,
  version: `quote-bounds-polnear-${hash}`,
  trainedOn,
  ...body,
};
const out = join(root, 'models', 'quote-bounds.json');
writeFileSync(out, `${JSON.stringify(file)}\n`);
process.stdout.write(`${trainedOn}\n${kept.length} weights -> ${out} (${file.version})\n`);

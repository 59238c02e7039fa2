/**
 * The BASIL scorer for the compare stage: for every body sentence of each
 * outlet's article on one event, predict whether it carries informational
 * bias (Fan et al. 2019), from the compare signals computed with the other two
 * outlets' articles as context (as van den Berg & Markert 2020 do): how
 * exclusive the sentence is, its framing terms, its quotes and its exclusive
 * entities and amounts. Scored per sentence: precision, recall and F1 of the
 * positive class, beside baselines measured in the same run.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../src/analyze/index.js';
import {
  BIAS_FEATURES,
  type BiasFeature,
  type BiasModel,
  biasProbability,
  type CompareArticle,
  countTerms,
  fitBiasModel,
  type LabelledRow,
  storyBiasRows,
  type TermCounts,
} from '../src/compare/index.js';
import { BIAS_FIT_DEFAULTS, crossFittedFeatures, eventFolds, fitWords, thresholdAt } from '../src/compare/bias-fit.js';
import { wordScore } from '../src/compare/words.js';
import type { Span } from '../src/types.js';
import { mulberry32 } from '../src/random.js';

/** One BASIL article: its body built from the sentences, the sentence spans and the gold flags. */
export interface BasilArticle {
  id: string;
  outlet: string;
  published: string | null;
  title: string;
  body: string;
  sentences: Span[];
  /** Per sentence: an informational-bias span lies in it. */
  gold: boolean[];
  /** Per sentence: an informational-bias span marked as a quote (`quote: yes`) lies in it. */
  goldQuote: boolean[];
}

/** Three outlets' articles on one event. */
export interface BasilTriplet {
  id: string;
  articles: BasilArticle[];
}

interface RawArticle {
  uuid: string;
  source: string;
  title: string;
  date?: string;
  'triplet-uuid': string;
  'body-paragraphs': string[][];
}

interface RawSpan {
  bias: string;
  quote?: string;
  start: number;
  end: number;
  txt: string;
}

/**
 * Reads BASIL's development half in place: only the triplets listed in
 * `dev_triplet_ids.txt` (a folder without that list is refused by the caller).
 */
export function readBasil(dir: string): BasilTriplet[] {
  const dev = new Set(readFileSync(join(dir, 'dev_triplet_ids.txt'), 'utf8').split(/\s+/).filter(Boolean));
  const byTriplet = new Map<string, BasilArticle[]>();
  for (const year of readdirSync(join(dir, 'articles')).sort()) {
    for (const file of readdirSync(join(dir, 'articles', year)).sort()) {
      if (!file.endsWith('.json')) continue;
      const raw = JSON.parse(readFileSync(join(dir, 'articles', year, file), 'utf8')) as RawArticle;
      if (!dev.has(raw['triplet-uuid'])) continue;
      const annFile = join(dir, 'annotations', year, file.replace(/\.json$/, '_ann.json'));
      const ann = JSON.parse(readFileSync(annFile, 'utf8')) as { 'phrase-level-annotations': RawSpan[] };
      const article = buildArticle(raw, ann['phrase-level-annotations']);
      const list = byTriplet.get(raw['triplet-uuid']) ?? [];
      list.push(article);
      byTriplet.set(raw['triplet-uuid'], list);
    }
  }
  return [...byTriplet].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, articles]) => ({ id, articles }));
}

/** Joins the sentences into a body (a space inside a paragraph, a blank line between) and marks the gold sentences. */
function buildArticle(raw: RawArticle, spans: readonly RawSpan[]): BasilArticle {
  const texts: string[] = [];
  const sentences: Span[] = [];
  let body = '';
  for (const paragraph of raw['body-paragraphs']) {
    if (body.length) body += '\n\n';
    paragraph.forEach((s, i) => {
      if (i > 0) body += ' ';
      sentences.push({ start: body.length, end: body.length + s.length });
      texts.push(s);
      body += s;
    });
  }
  const gold = texts.map(() => false);
  const goldQuote = texts.map(() => false);
  // BASIL offsets are code points inside the sentence holding the span; the first sentence that matches holds it
  const points = texts.map((t) => Array.from(t));
  for (const span of spans) {
    if (span.bias !== 'inf') continue;
    const i = points.findIndex((p) => p.slice(span.start, span.end).join('') === span.txt);
    if (i >= 0) gold[i] = true;
    if (i >= 0 && span.quote?.toLowerCase() === 'yes') goldQuote[i] = true;
  }
  return {
    id: raw.uuid,
    outlet: raw.source.toLowerCase(),
    published: raw.date ?? null,
    title: raw.title,
    body,
    sentences,
    gold,
    goldQuote,
  };
}

/** One scored sentence: its features, its label and its event. */
export interface SentenceRow extends LabelledRow {
  article: string;
  outlet: string;
  /** An informational-bias span marked as a quote lies in it. */
  quoteSpan: boolean;
}

/** Analyses each article (BASIL's sentences kept as the sentence layer) and computes every sentence's bias features with the other outlets as context. */
export function sentenceRows(triplets: readonly BasilTriplet[], background: TermCounts): SentenceRow[] {
  const rows: SentenceRow[] = [];
  for (const t of triplets) {
    const articles: CompareArticle[] = t.articles.map((a) => ({
      id: a.id,
      outlet: a.outlet,
      published: a.published,
      title: a.title,
      body: a.body,
      analysis: { ...analyze(a.body, { published: a.published }), sentences: a.sentences },
    }));
    const byId = new Map(t.articles.map((a) => [a.id, a]));
    for (const row of storyBiasRows({ articles, background })) {
      const s = row.sentence;
      rows.push({
        row,
        gold: byId.get(s.article)?.gold[s.index] ?? false,
        event: t.id,
        article: s.article,
        outlet: s.outlet,
        quoteSpan: byId.get(s.article)?.goldQuote[s.index] ?? false,
      });
    }
  }
  return rows;
}

/** Term counts of every article read: the corpus prior of the framing terms. */
export function basilBackground(triplets: readonly BasilTriplet[]): TermCounts {
  return countTerms(triplets.flatMap((t) => t.articles.map((a) => a.body)));
}

/** Precision, recall and F1 of the positive class. */
export interface Score {
  name: string;
  precision: number;
  recall: number;
  f1: number;
  predicted: number;
  /** Scored on positive sentences only: recall is the figure, precision and F1 mean nothing. */
  recallOnly?: boolean;
}

export function score(name: string, gold: readonly boolean[], predicted: readonly boolean[]): Score {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  gold.forEach((g, i) => {
    if (predicted[i] && g) tp++;
    else if (predicted[i]) fp++;
    else if (g) fn++;
  });
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { name, precision, recall, f1, predicted: tp + fp };
}

/** Everything one run of the scorer measures. */
export interface CompareEvalResult {
  triplets: number;
  articles: number;
  sentences: number;
  positives: number;
  /** Ours: the bias model fitted on four fifths of the events and scored on the other fifth, five times, pooled. */
  ours: Score;
  /** Ours without fitting: a sentence is positive when it is exclusive (no other outlet states it) and holds a framing term or a quote. */
  rule: Score;
  /** The committed model scored on the sentences it was trained on: memorised, not a measure; shows the file loads and applies. */
  shipped: Score | null;
  /** Ours (cross-validated) per outlet, and its recall on positive sentences whose span is a quote and whose span is not. */
  breakdown: Score[];
  /** Ours with fewer features, or with the previous learner (L2 logistic regression), cross-validated the same way. */
  ablations: Score[];
  /** F1 of each fold (events it was not fitted on): ours, the previous learner, every sentence positive. */
  perFold: Array<{ name: string; f1: number[] }>;
  /** Per fold of ours: ranking (AUC), the threshold fitted without it, the share of its sentences predicted and truly positive. */
  foldDiagnostics: Array<{
    auc: number;
    threshold: number;
    predictedShare: number;
    positiveShare: number;
    /** F1 of the fold's sentences by part: each outlet, sentences with a quote and without, the lead (first three) and the rest. */
    parts: Record<string, number>;
  }>;
  /** Ours under other event-level assignments of the same folds (events shuffled by a seed): F1 and AUC, pooled over each. */
  reshuffled: Array<{ seed: number; f1: number; auc: number }>;
  /** Ours ranked with each article's true count of positives given: the ceiling of the ranking, not a system. */
  ceiling: Score;
  baselines: Score[];
  published: Array<{ name: string; precision: number; recall: number; f1: number }>;
  folds: number;
  seconds: number;
}

/** The published sentence-level figures (BASIL README; all 100 events, not this half). */
export const PUBLISHED = [
  { name: 'BERT, random sentence split (Fan et al. 2019)', precision: 0.4387, recall: 0.4291, f1: 0.4327 },
  {
    name: 'RoBERTa, event-level 10-fold CV (van den Berg & Markert 2020)',
    precision: 0.4542,
    recall: 0.3998,
    f1: 0.4248,
  },
  {
    name: 'EvCIM, other outlets as context (van den Berg & Markert 2020)',
    precision: 0.3972,
    recall: 0.496,
    f1: 0.441,
  },
];

/** Folds of the event-level cross-validation. */
export const FOLDS = 5;

/** Seeds of the other fold assignments the scorer runs: a change smaller than their spread is noise. */
export const RESHUFFLE_SEEDS = [1, 2, 3] as const;

/** Fold of each event after a seeded shuffle of the sorted ids: each fold holds every `folds`-th event of the shuffle. */
export function shuffledFolds(events: Iterable<string>, folds: number, seed: number): Map<string, number> {
  const order = [...new Set(events)].sort();
  const random = mulberry32(seed);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j] as string, order[i] as string];
  }
  return new Map(order.map((e, i) => [e, i % folds]));
}

const feature = (r: SentenceRow, f: (typeof BIAS_FEATURES)[number]) => r.row.x[BIAS_FEATURES.indexOf(f)] ?? 0;

/** The signals of the earliest bias model (a logistic model read them; F1 0.280 with event-level 2-fold). */
const EARLIER_SIGNALS: ReadonlySet<BiasFeature> = new Set([
  'exclusivity',
  'framingMax',
  'framingTerms',
  'quote',
  'direct',
  'exclusiveSpeaker',
  'exclusiveEntity',
  'amount',
  'position',
  'toneAbs',
  'length',
]);

/** The rows with every feature outside `keep` zeroed and no word features (a constant feature weighs nothing). */
function only(rows: readonly SentenceRow[], keep: ReadonlySet<BiasFeature>): SentenceRow[] {
  return rows.map((r) => ({
    ...r,
    row: { ...r.row, wordFeatures: [], x: r.row.x.map((v, j) => (keep.has(BIAS_FEATURES[j] as BiasFeature) ? v : 0)) },
  }));
}

/** Each row's probability and decision from the model fitted on the other folds' events, and that model's threshold. */
function crossValidateScored(
  rows: readonly SentenceRow[],
  fold: ReadonlyMap<string, number>,
): { predicted: boolean[]; probability: number[]; threshold: number[] } {
  const probability = new Array<number>(rows.length).fill(0);
  const threshold = new Array<number>(FOLDS).fill(0);
  for (let k = 0; k < FOLDS; k++) {
    const fitted = fitBiasModel(rows.filter((r) => fold.get(r.event) !== k));
    threshold[k] = fitted.threshold;
    rows.forEach((r, i) => {
      if (fold.get(r.event) === k) probability[i] = biasProbability(fitted, r.row);
    });
  }
  const predicted = rows.map((r, i) => (probability[i] ?? 0) >= (threshold[fold.get(r.event) ?? 0] ?? 0));
  return { predicted, probability, threshold };
}

/** Each row predicted by the model fitted on the other folds' events. */
function crossValidate(rows: readonly SentenceRow[], fold: ReadonlyMap<string, number>): boolean[] {
  return crossValidateScored(rows, fold).predicted;
}

/** Area under the ROC curve: the chance a positive scores above a negative (ties count half); 0.5 without both classes. */
export function rankingAuc(gold: readonly boolean[], scores: readonly number[]): number {
  const order = scores.map((s, i) => [s, i] as const).sort((a, b) => a[0] - b[0]);
  let rankSum = 0;
  let positives = 0;
  // ranks from 1, tied scores share their mean rank
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j < order.length && order[j]?.[0] === order[i]?.[0]) j++;
    const rank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) {
      if (gold[order[k]?.[1] as number]) {
        rankSum += rank;
        positives++;
      }
    }
    i = j;
  }
  const negatives = gold.length - positives;
  if (!positives || !negatives) return 0.5;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * The ceiling of a ranking under a perfect count: each article's sentences taken
 * best first, as many as the article has positives. What F1 the ranking gives
 * when the threshold is not the problem.
 */
export function topKByArticle(
  rows: ReadonlyArray<{ article: string; gold: boolean }>,
  scores: readonly number[],
): boolean[] {
  const byArticle = new Map<string, number[]>();
  rows.forEach((r, i) => byArticle.set(r.article, [...(byArticle.get(r.article) ?? []), i]));
  const picked = new Array<boolean>(rows.length).fill(false);
  for (const list of byArticle.values()) {
    const k = list.filter((i) => rows[i]?.gold).length;
    const best = [...list].sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0) || a - b);
    for (const i of best.slice(0, k)) picked[i] = true;
  }
  return picked;
}

const LEXICAL = BIAS_FEATURES.indexOf('lexical');

/**
 * The previous learner, kept here as a reference line: L2 logistic regression over standardised features
 * (AdaGrad, full batch, 300 steps, rate 0.5, L2 1), with the same cross-fitted lexical score and threshold rule.
 */
function crossValidateLogistic(rows: readonly SentenceRow[], fold: ReadonlyMap<string, number>): boolean[] {
  const predicted = new Array<boolean>(rows.length).fill(false);
  for (let k = 0; k < FOLDS; k++) {
    const train = rows.filter((r) => fold.get(r.event) !== k);
    const xs = crossFittedFeatures(train, BIAS_FIT_DEFAULTS);
    const p = logisticFit(
      xs,
      train.map((r) => r.gold),
    );
    const threshold = thresholdAt(xs.map(p), BIAS_FIT_DEFAULTS.positiveShare);
    const words = fitWords(train, BIAS_FIT_DEFAULTS);
    rows.forEach((r, i) => {
      if (fold.get(r.event) !== k) return;
      const x = r.row.x.slice();
      x[LEXICAL] = wordScore(words, r.row.wordFeatures);
      predicted[i] = p(x) >= threshold;
    });
  }
  return predicted;
}

/** Fits L2 logistic regression; returns its probability function. */
function logisticFit(xs: readonly number[][], ys: readonly boolean[]): (x: readonly number[]) => number {
  const n = Math.max(1, xs.length);
  const d = BIAS_FEATURES.length;
  const mean = Array.from({ length: d }, (_, j) => xs.reduce((a, x) => a + (x[j] ?? 0), 0) / n);
  const std = Array.from(
    { length: d },
    (_, j) => Math.sqrt(xs.reduce((a, x) => a + ((x[j] ?? 0) - (mean[j] ?? 0)) ** 2, 0) / n) || 1,
  );
  const zOf = (x: readonly number[]) => x.map((v, j) => (v - (mean[j] ?? 0)) / (std[j] ?? 1));
  const z = xs.map(zOf);
  const w = new Float64Array(d + 1);
  const g2 = new Float64Array(d + 1).fill(1e-8);
  const grad = new Float64Array(d + 1);
  const dot = (x: readonly number[]) => x.reduce((s, v, j) => s + (w[j] as number) * v, w[d] as number);
  for (let step = 0; step < 300; step++) {
    grad.fill(0);
    z.forEach((x, i) => {
      const err = 1 / (1 + Math.exp(-dot(x))) - (ys[i] ? 1 : 0);
      for (let j = 0; j < d; j++) grad[j] = (grad[j] as number) + err * (x[j] as number);
      grad[d] = (grad[d] as number) + err;
    });
    for (let j = 0; j <= d; j++) {
      const g = (grad[j] as number) / n + (j < d ? (w[j] as number) / n : 0);
      g2[j] = (g2[j] as number) + g * g;
      w[j] = (w[j] as number) - (0.5 * g) / Math.sqrt(g2[j] as number);
    }
  }
  return (x) => 1 / (1 + Math.exp(-dot(zOf(x))));
}

/** F1 of each fold's events. */
function foldF1(
  rows: readonly SentenceRow[],
  fold: ReadonlyMap<string, number>,
  predicted: readonly boolean[],
): number[] {
  return Array.from({ length: FOLDS }, (_, k) => {
    const i = rows.flatMap((r, j) => (fold.get(r.event) === k ? [j] : []));
    return score(
      '',
      i.map((j) => (rows[j] as SentenceRow).gold),
      i.map((j) => predicted[j] ?? false),
    ).f1;
  });
}

/** Runs the whole evaluation on a BASIL development folder. */
export function evalCompare(dir: string, model: BiasModel | null = null): CompareEvalResult {
  const started = performance.now();
  const triplets = readBasil(dir);
  const rows = sentenceRows(triplets, basilBackground(triplets));
  const gold = rows.map((r) => r.gold);
  const fold = eventFolds(
    triplets.map((t) => t.id),
    FOLDS,
  );
  const { predicted, probability, threshold } = crossValidateScored(rows, fold);
  const logistic = crossValidateLogistic(rows, fold);
  const ablations = [
    score('  previous learner: L2 logistic regression, same features and folds', gold, logistic),
    score(
      `  ablation: only the eleven signals of the earlier model`,
      gold,
      crossValidate(only(rows, EARLIER_SIGNALS), fold),
    ),
    score(
      '  ablation: without the word model',
      gold,
      crossValidate(
        rows.map((r) => ({ ...r, row: { ...r.row, wordFeatures: [] } })),
        fold,
      ),
    ),
  ];
  const rule = rows.map(
    (r) => feature(r, 'exclusivity') >= 0.65 && (feature(r, 'framingTerms') > 0 || feature(r, 'quote') > 0),
  );
  const random = mulberry32(7);
  const base = gold.filter(Boolean).length / Math.max(1, gold.length);
  return {
    triplets: triplets.length,
    articles: triplets.reduce((a, t) => a + t.articles.length, 0),
    sentences: rows.length,
    positives: gold.filter(Boolean).length,
    ours: score(`ours: bias model, event-level ${FOLDS}-fold`, gold, predicted),
    rule: score('ours: exclusive and (framing term or quote), unfitted', gold, rule),
    shipped: model
      ? score(
          'committed model on its own training sentences (memorised, not a measure)',
          gold,
          rows.map((r) => biasProbability(model, r.row) >= model.threshold),
        )
      : null,
    baselines: [
      score(
        'baseline: every sentence positive',
        gold,
        gold.map(() => true),
      ),
      score(
        'baseline: random at the base rate (seed 7)',
        gold,
        gold.map(() => random() < base),
      ),
      score(
        'baseline: every quote sentence',
        gold,
        rows.map((r) => feature(r, 'quote') > 0),
      ),
      score(
        'signal alone: every exclusive sentence (no other outlet states it)',
        gold,
        rows.map((r) => feature(r, 'exclusivity') >= 0.65),
      ),
      score(
        'signal alone: every sentence holding a framing term (z >= 1.96)',
        gold,
        rows.map((r) => feature(r, 'framingTerms') > 0),
      ),
    ],
    breakdown: breakdown(rows, predicted),
    ablations,
    foldDiagnostics: Array.from({ length: FOLDS }, (_, k) => {
      const i = rows.flatMap((r, j) => (fold.get(r.event) === k ? [j] : []));
      const share = (f: (j: number) => boolean) => i.filter(f).length / Math.max(1, i.length);
      return {
        auc: rankingAuc(
          i.map((j) => gold[j] ?? false),
          i.map((j) => probability[j] ?? 0),
        ),
        threshold: threshold[k] ?? 0,
        predictedShare: share((j) => predicted[j] ?? false),
        positiveShare: share((j) => gold[j] ?? false),
        parts: Object.fromEntries(
          foldParts(rows).map(([name, keep]) => {
            const jj = i.filter((j) => keep(rows[j] as SentenceRow));
            return [
              name,
              score(
                name,
                jj.map((j) => gold[j] ?? false),
                jj.map((j) => predicted[j] ?? false),
              ).f1,
            ];
          }),
        ),
      };
    }),
    reshuffled: RESHUFFLE_SEEDS.map((seed) => {
      const scored = crossValidateScored(rows, shuffledFolds(fold.keys(), FOLDS, seed));
      return { seed, f1: score('', gold, scored.predicted).f1, auc: rankingAuc(gold, scored.probability) };
    }),
    ceiling: score(
      '  ceiling: ours ranked, each article given its true count of positives',
      gold,
      topKByArticle(rows, probability),
    ),
    perFold: [
      { name: 'ours', f1: foldF1(rows, fold, predicted) },
      { name: 'previous learner (logistic)', f1: foldF1(rows, fold, logistic) },
      {
        name: 'every sentence positive',
        f1: foldF1(
          rows,
          fold,
          rows.map(() => true),
        ),
      },
    ],
    published: PUBLISHED,
    folds: FOLDS,
    seconds: (performance.now() - started) / 1000,
  };
}

/** The parts of a fold its F1 is broken down by. */
function foldParts(rows: readonly SentenceRow[]): Array<[string, (r: SentenceRow) => boolean]> {
  return [
    ...[...new Set(rows.map((r) => r.outlet))]
      .sort()
      .map((o): [string, (r: SentenceRow) => boolean] => [o, (r) => r.outlet === o]),
    ['quote', (r) => feature(r, 'quote') > 0],
    ['narration', (r) => feature(r, 'quote') === 0],
    ['lead', (r) => r.row.sentence.index <= 2],
    ['rest', (r) => r.row.sentence.index > 2],
  ];
}

/** Ours per outlet, then restricted to the sentences holding a quote span or another span (precision there is not defined: recall only). */
function breakdown(rows: readonly SentenceRow[], predicted: readonly boolean[]): Score[] {
  const part = (name: string, keep: (r: SentenceRow) => boolean) => {
    const i = rows.flatMap((r, j) => (keep(r) ? [j] : []));
    return score(
      name,
      i.map((j) => (rows[j] as SentenceRow).gold),
      i.map((j) => predicted[j] ?? false),
    );
  };
  const outlets = [...new Set(rows.map((r) => r.outlet))].sort();
  return [
    ...outlets.map((o) => part(`  outlet ${o}`, (r) => r.outlet === o)),
    { ...part('  recall on positive sentences whose span is a quote', (r) => r.quoteSpan), recallOnly: true },
    {
      ...part('  recall on positive sentences whose span is not a quote', (r) => r.gold && !r.quoteSpan),
      recallOnly: true,
    },
  ];
}

/** `mean ± sd (f1 f2 ...)` of fold figures. */
function meanSd(xs: readonly number[]): string {
  const m = xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, xs.length));
  return `${m.toFixed(3)} ± ${sd.toFixed(3)} (${xs.map((x) => x.toFixed(3)).join(' ')})`;
}

/** The figures as a table for a terminal. */
export function formatCompareEval(r: CompareEvalResult, dir: string): string {
  const line = (s: { name: string; precision: number; recall: number; f1: number; recallOnly?: boolean }) =>
    s.recallOnly
      ? `  ${s.name.padEnd(74)}   -    ${s.recall.toFixed(3)}    -`
      : `  ${s.name.padEnd(74)} ${s.precision.toFixed(3)}  ${s.recall.toFixed(3)}  ${s.f1.toFixed(3)}`;
  return [
    `BASIL informational bias, sentence level: ${dir}`,
    `  ${r.triplets} events, ${r.articles} articles, ${r.sentences} sentences, ${r.positives} positive (${((100 * r.positives) / Math.max(1, r.sentences)).toFixed(1)} %), ${r.seconds.toFixed(1)} s`,
    `  ${''.padEnd(74)} P      R      F1`,
    line(r.ours),
    ...r.perFold.map((p) => `    F1 per fold, ${p.name}: ${meanSd(p.f1)}`),
    `    ranking per fold, ours (AUC): ${meanSd(r.foldDiagnostics.map((d) => d.auc))}`,
    `    per fold, threshold / share predicted / share positive: ${r.foldDiagnostics
      .map((d) => `${d.threshold.toFixed(3)}/${d.predictedShare.toFixed(2)}/${d.positiveShare.toFixed(2)}`)
      .join(' ')}`,
    `    F1 per fold by part: ${Object.keys(r.foldDiagnostics[0]?.parts ?? {}).join(' / ')}`,
    ...r.foldDiagnostics.map(
      (d, k) =>
        `      fold ${k}: ${Object.values(d.parts)
          .map((v) => v.toFixed(3))
          .join(' / ')}`,
    ),
    `    other fold assignments (events shuffled, seeds ${r.reshuffled.map((x) => x.seed).join(' ')}): F1 ${r.reshuffled
      .map((x) => x.f1.toFixed(3))
      .join(
        ' ',
      )}, AUC ${r.reshuffled.map((x) => x.auc.toFixed(3)).join(' ')}; F1 over the ${r.reshuffled.length + 1} assignments ${(
      [r.ours.f1, ...r.reshuffled.map((x) => x.f1)].reduce((a, b) => a + b, 0) /
      (r.reshuffled.length + 1)
    ).toFixed(3)}`,
    line(r.ceiling),
    ...r.breakdown.map(line),
    ...r.ablations.map(line),
    line(r.rule),
    ...(r.shipped ? [line(r.shipped)] : []),
    ...r.baselines.map(line),
    '  published (all 100 events, first-release annotations; not like for like):',
    ...r.published.map(line),
  ].join('\n');
}

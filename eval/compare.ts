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
  type CompareArticle,
  compareStory,
  countTerms,
  framingScores,
  matchSentences,
  prepareStory,
  type TermCounts,
  termsIn,
} from '../src/compare/index.js';
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
  // BASIL offsets are code points inside the sentence holding the span; the first sentence that matches holds it
  const points = texts.map((t) => Array.from(t));
  for (const span of spans) {
    if (span.bias !== 'inf') continue;
    const i = points.findIndex((p) => p.slice(span.start, span.end).join('') === span.txt);
    if (i >= 0) gold[i] = true;
  }
  return {
    id: raw.uuid,
    outlet: raw.source.toLowerCase(),
    published: raw.date ?? null,
    title: raw.title,
    body,
    sentences,
    gold,
  };
}

/** The signals of one sentence, all computed with the other outlets' articles as context. */
export interface SentenceSignals {
  /** 1 minus the best weighted overlap with any other outlet's sentence. */
  exclusivity: number;
  /** Largest framing z-score among the sentence's terms (0 when none is positive). */
  framingMax: number;
  /** Terms with z at least 1.96. */
  framingTerms: number;
  quote: number;
  direct: number;
  /** A quoted speaker no other outlet quotes. */
  exclusiveSpeaker: number;
  /** A named entity no other outlet names. */
  exclusiveEntity: number;
  amount: number;
  /** Position in the article, 0 (first) to 1 (last). */
  position: number;
  /** Lexicon-based tone, absolute. */
  toneAbs: number;
  /** log(1 + words). */
  length: number;
}

/** The signal names, in the order of the model's weights. */
export const SIGNALS: ReadonlyArray<keyof SentenceSignals> = [
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
];

/** One scored sentence. */
export interface SentenceRow {
  triplet: string;
  article: string;
  outlet: string;
  gold: boolean;
  signals: SentenceSignals;
}

/** Analyses each article (BASIL's sentences kept as the sentence layer) and computes every sentence's signals. */
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
    const comparison = compareStory({ articles, background });
    const story = prepareStory(articles);
    const matches = matchSentences(story, 0);
    const framing = framingScores(story, background, { priorStrength: 500 });
    const exclusiveFacts = new Set(comparison.facts.filter((f) => f.outlets.length === 1).map((f) => f.id));
    const flagged = new Map<string, Set<string>>();
    for (const f of comparison.facts) {
      if (!exclusiveFacts.has(f.id) || f.kind === 'statement') continue;
      for (const cell of Object.values(f.cells)) {
        for (const e of cell.evidence) {
          const key = `${e.article}:${e.start}`;
          const set = flagged.get(key) ?? new Set<string>();
          set.add(f.kind);
          flagged.set(key, set);
        }
      }
    }
    story.sentences.forEach((s, i) => {
      const a = t.articles.find((x) => x.id === s.article) as BasilArticle;
      const article = articles.find((x) => x.id === s.article) as CompareArticle;
      const best = Math.max(0, ...[...(matches.best[i]?.values() ?? [])].map(([sim]) => sim));
      const z = new Map((framing.get(s.outlet) ?? []).map((ft) => [ft.term, ft.z]));
      const zs = termsIn(a.body, s.start, s.end).map(({ term }) => z.get(term) ?? 0);
      const quotes = (article.analysis.quotes ?? []).filter((q) => q.start < s.end && q.end > s.start);
      const kinds = flagged.get(`${s.article}:${s.start}`) ?? new Set<string>();
      const words = a.body.slice(s.start, s.end).split(/\s+/).filter(Boolean).length;
      rows.push({
        triplet: t.id,
        article: s.article,
        outlet: s.outlet,
        gold: a.gold[s.index] ?? false,
        signals: {
          exclusivity: 1 - best,
          framingMax: Math.max(0, ...zs),
          framingTerms: zs.filter((x) => x >= 1.96).length,
          quote: quotes.length ? 1 : 0,
          direct: quotes.some((q) => q.kind !== 'indirect') ? 1 : 0,
          exclusiveSpeaker: kinds.has('quote') ? 1 : 0,
          exclusiveEntity: kinds.has('entity') ? 1 : 0,
          amount: article.analysis.amounts.some((m) => m.start >= s.start && m.end <= s.end) ? 1 : 0,
          position: a.sentences.length > 1 ? s.index / (a.sentences.length - 1) : 0,
          toneAbs: Math.abs(s.tone),
          length: Math.log1p(words),
        },
      });
    });
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

/** A logistic model over the signals: weights (bias last), standardisation and the decision threshold. */
export interface SignalModel {
  mean: number[];
  std: number[];
  weights: number[];
  threshold: number;
}

const vector = (r: SentenceRow) => SIGNALS.map((k) => r.signals[k]);
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** The probability a model gives a row. */
export function probability(model: SignalModel, r: SentenceRow): number {
  const x = vector(r);
  let sum = model.weights[SIGNALS.length] as number;
  x.forEach((v, i) => {
    sum += (model.weights[i] as number) * ((v - (model.mean[i] as number)) / (model.std[i] as number));
  });
  return sigmoid(sum);
}

/**
 * Fits logistic regression by batch gradient descent with L2 (fixed steps,
 * deterministic), then picks the threshold that maximises F1 on the training rows.
 */
export function fitModel(rows: readonly SentenceRow[], steps = 400, rate = 0.5, l2 = 0.01): SignalModel {
  const xs = rows.map(vector);
  const d = SIGNALS.length;
  const mean = Array.from(
    { length: d },
    (_, j) => xs.reduce((a, x) => a + (x[j] as number), 0) / Math.max(1, xs.length),
  );
  const std = Array.from({ length: d }, (_, j) => {
    const v = xs.reduce((a, x) => a + ((x[j] as number) - (mean[j] as number)) ** 2, 0) / Math.max(1, xs.length);
    return Math.sqrt(v) || 1;
  });
  const z = xs.map((x) => x.map((v, j) => (v - (mean[j] as number)) / (std[j] as number)));
  const w = new Array<number>(d + 1).fill(0);
  for (let step = 0; step < steps; step++) {
    const grad = new Array<number>(d + 1).fill(0);
    z.forEach((x, i) => {
      let s = w[d] as number;
      x.forEach((v, j) => (s += (w[j] as number) * v));
      const err = sigmoid(s) - ((rows[i] as SentenceRow).gold ? 1 : 0);
      x.forEach((v, j) => (grad[j] = (grad[j] as number) + err * v));
      grad[d] = (grad[d] as number) + err;
    });
    for (let j = 0; j <= d; j++)
      w[j] = (w[j] as number) - rate * ((grad[j] as number) / z.length + (j < d ? l2 * (w[j] as number) : 0));
  }
  const model: SignalModel = { mean, std, weights: w, threshold: 0.5 };
  const probs = rows.map((r) => probability(model, r));
  const gold = rows.map((r) => r.gold);
  let best = { t: 0.5, f1: -1 };
  for (let t = 0.05; t < 0.9; t += 0.01) {
    const f1 = score(
      '',
      gold,
      probs.map((p) => p >= t),
    ).f1;
    if (f1 > best.f1) best = { t, f1 };
  }
  model.threshold = Math.round(best.t * 100) / 100;
  return model;
}

/** Everything one run of the scorer measures. */
export interface CompareEvalResult {
  triplets: number;
  articles: number;
  sentences: number;
  positives: number;
  /** Ours: the signal model fitted on one half of the events and scored on the other, both ways, pooled. */
  ours: Score;
  /** Ours without fitting: a sentence is positive when it is exclusive (no other outlet states it) and holds a framing term or a quote. */
  rule: Score;
  /** The same model fitted on every event (optimistic: scored on its training events). */
  fitted: Score;
  baselines: Score[];
  published: Array<{ name: string; precision: number; recall: number; f1: number }>;
  model: SignalModel;
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

/** Runs the whole evaluation on a BASIL development folder. */
export function evalCompare(dir: string): CompareEvalResult {
  const started = performance.now();
  const triplets = readBasil(dir);
  const rows = sentenceRows(triplets, basilBackground(triplets));
  const gold = rows.map((r) => r.gold);
  // two folds by event: even and odd positions of the sorted event ids
  const fold = new Map(triplets.map((t, i) => [t.id, i % 2]));
  const predicted = new Array<boolean>(rows.length).fill(false);
  for (const k of [0, 1]) {
    const model = fitModel(rows.filter((r) => fold.get(r.triplet) !== k));
    rows.forEach((r, i) => {
      if (fold.get(r.triplet) === k) predicted[i] = probability(model, r) >= model.threshold;
    });
  }
  const model = fitModel(rows);
  const rule = rows.map((r) => r.signals.exclusivity >= 0.65 && (r.signals.framingTerms > 0 || r.signals.quote > 0));
  const random = mulberry32(7);
  const base = gold.filter(Boolean).length / Math.max(1, gold.length);
  return {
    triplets: triplets.length,
    articles: triplets.reduce((a, t) => a + t.articles.length, 0),
    sentences: rows.length,
    positives: gold.filter(Boolean).length,
    ours: score('ours: compare signals, event-level 2-fold', gold, predicted),
    rule: score('ours: exclusive and (framing term or quote), unfitted', gold, rule),
    fitted: score(
      'ours: fitted on all dev events (optimistic)',
      gold,
      rows.map((r) => probability(model, r) >= model.threshold),
    ),
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
        rows.map((r) => r.signals.quote > 0),
      ),
    ],
    published: PUBLISHED,
    model,
    seconds: (performance.now() - started) / 1000,
  };
}

/** The figures as a table for a terminal. */
export function formatCompareEval(r: CompareEvalResult, dir: string): string {
  const line = (s: { name: string; precision: number; recall: number; f1: number }) =>
    `  ${s.name.padEnd(66)} ${s.precision.toFixed(3)}  ${s.recall.toFixed(3)}  ${s.f1.toFixed(3)}`;
  return [
    `BASIL informational bias, sentence level: ${dir}`,
    `  ${r.triplets} events, ${r.articles} articles, ${r.sentences} sentences, ${r.positives} positive (${((100 * r.positives) / Math.max(1, r.sentences)).toFixed(1)} %), ${r.seconds.toFixed(1)} s`,
    `  ${''.padEnd(66)} P      R      F1`,
    line(r.ours),
    line(r.rule),
    line(r.fitted),
    ...r.baselines.map(line),
    '  published (all 100 events, first-release annotations; not like for like):',
    ...r.published.map(line),
  ].join('\n');
}

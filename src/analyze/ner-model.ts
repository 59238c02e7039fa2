/**
 * The statistical named-entity tagger: a greedy averaged perceptron over
 * BILOU tags (Ratinov & Roth 2009's recipe: word, shape, affix, context,
 * gazetteer, word-cluster and document features). The same feature function
 * serves training (`scripts/train-ner.ts`) and tagging, so they cannot drift
 * apart. Words in, tag indices out; offsets are the caller's.
 *
 * Speed: every feature is a 32-bit hash of integers (no string is built per
 * token), weights are sparse rows behind an open-addressing table with a bit
 * filter in front, and everything that depends on a word alone (its own
 * features and its features as a neighbour) is summed once per distinct word
 * and cached on the model, so tagging a token costs one loop over eight cached
 * rows, for only the tags allowed after the previous one, and a few lookups.
 */

import { ownString } from '../own-string.js';
import { SpanTable, type SpanTyper } from './span-types.js';

/** Entity types the model predicts. */
export const MODEL_TYPES = ['PERSON', 'ORG', 'LOC', 'PRODUCT', 'EVENT'] as const;

/** BILOU tags: `O`, then B/I/L/U for each type. */
export const TAGS: readonly string[] = [
  'O',
  ...MODEL_TYPES.flatMap((t) => ['B', 'I', 'L', 'U'].map((p) => `${p}-${t}`)),
];
/** The number of tags. */
export const N_TAGS = TAGS.length;

/** The model file format this code reads and writes. */
export const MODEL_FORMAT = 'dossier-ner/4';

/** Gazetteer categories, read from the model file (built from the `world-countries` package at training time). */
export interface Gazetteer {
  /** Lower-case phrases (one or more tokens joined by a space) and their category: `country`, `capital`, `demonym`. */
  phrases: Map<string, string>;
  /** The longest phrase in tokens. */
  maxTokens: number;
  /** First words of phrases of two or more tokens, and the second words that follow them there: only these start a multi-token lookup. */
  secondWords: Map<string, Set<string>>;
  /** Proper prefixes of two or more tokens of the multi-token phrases: a lookup grows only while it is one. */
  prefixes: Set<string>;
  /** Category names; a mark's category is `categories[(mark >> 3) - 1]`. */
  categories: string[];
  /** Per mark code, the hash of its name (`B-country`), the value of the gazetteer features. */
  markHashes: Int32Array;
}

/**
 * A token's gazetteer mark as a small integer: its position in the matched
 * phrase (`MARK_B`, `MARK_I`, `MARK_L`, `MARK_U`) in the low three bits, its
 * category (1-based index into `Gazetteer.categories`) above; 0 = none.
 */
export type Mark = number;
export const MARK_B = 1;
export const MARK_I = 2;
export const MARK_L = 3;
export const MARK_U = 4;
const MARK_LETTERS = ['', 'B', 'I', 'L', 'U'];
/** A mark's category name (`country`), or `` for none. */
export const markCategory = (gaz: Gazetteer, mark: Mark): string =>
  mark ? (gaz.categories[(mark >> 3) - 1] ?? '') : '';
/** A mark as written in features and tests (`B-country`), or `` for none. */
export const markName = (gaz: Gazetteer, mark: Mark): string =>
  mark ? `${MARK_LETTERS[mark & 7]}-${markCategory(gaz, mark)}` : '';

/** What unlabelled news text says about a lower-case word (`models/word-clusters.json`, `npm run train:clusters`). */
export interface WordClusters {
  /** K-means `cluster << 2 | capitalisation bucket` (`scripts/word-clusters.ts`). */
  code: number;
  /** Brown bit string as `1 << length | bits`, its first `BROWN_BITS` bits (`scripts/brown-clusters.ts`); 0 for none. */
  brown: number;
}

/** Word clusters keyed by `hashString` of the lower-case word (the file holds no text). */
export type Lexicon = Map<number, WordClusters>;

/** The word-cluster file format this code reads and `scripts/train-clusters.ts` writes. */
export const CLUSTERS_FORMAT = 'dossier-word-clusters/1';
/** Bits of a Brown bit string kept: the longest prefix feature. */
export const BROWN_BITS = 20;
/** Prefix lengths of the Brown bit string used as features (Ratinov & Roth 2009). */
const BROWN_PREFIXES = [4, 6, 10, 20] as const;
/** Prefix lengths of the Brown bit string of the word before and after. */
const NEIGHBOUR_BROWN = [4, 10] as const;

/** The word-cluster file: parallel arrays, by ascending hash. */
export interface ClustersFile {
  format: typeof CLUSTERS_FORMAT;
  /** `clusters-<sha10 of the rest>`; the NER model names the version it was trained with. */
  version: string;
  meta: Record<string, unknown>;
  hashes: number[];
  codes: number[];
  brown: number[];
}

/** The lexicon of a word-cluster file; throws on a file that is not one (misuse, not input). */
export function lexiconFrom(file: ClustersFile): Lexicon {
  if (
    file.format !== CLUSTERS_FORMAT ||
    file.hashes.length !== file.codes.length ||
    file.hashes.length !== file.brown.length
  )
    throw new Error(
      `models/word-clusters.json is not a ${CLUSTERS_FORMAT} file; rebuild it with npm run train:clusters`,
    );
  const lexicon: Lexicon = new Map();
  file.hashes.forEach((h, k) => lexicon.set(h, { code: file.codes[k] as number, brown: file.brown[k] as number }));
  return lexicon;
}

/** The first `k` bits of a Brown bit string (`WordClusters.brown`), in the same encoding. */
export function brownPrefix(brown: number, k: number): number {
  const length = 31 - Math.clz32(brown);
  return length <= k ? brown : brown >>> (length - k);
}

/**
 * FNV-1a hash of a string, as a signed 32-bit integer: hashes stay small
 * integers in V8 (an unsigned value past 2^31 would be a boxed double).
 */
export function hashString(s: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

/** Combines two 32-bit values into one signed 32-bit feature hash (murmur3's finaliser); never 0, the table's empty key. */
export function mix(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ b;
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  h = Math.imul(h ^ (h >>> 12), 0x297a2d39);
  h = (h ^ (h >>> 15)) | 0;
  return h === 0 ? 1 : h;
}

/** Feature templates: a feature is `mix(template, value)`; the numbers are part of the model format. */
const F = {
  bias: 1,
  word: 2,
  form: 3,
  shape: 4,
  prefix: 10, // + length 1..4
  suffix: 20, // + length 1..4
  cluster: 30,
  coarse: 31,
  cap: 32,
  brown: 33, // + index into BROWN_PREFIXES
  prevWord: 40,
  prevShape: 41,
  prevCluster: 42,
  prev2Word: 43,
  prev2Coarse: 44,
  prevBrown: 45, // + index into NEIGHBOUR_BROWN
  nextWord: 50,
  nextShape: 51,
  nextCluster: 52,
  next2Word: 53,
  next2Coarse: 54,
  nextBrown: 55, // + index into NEIGHBOUR_BROWN
  shapePair: 60,
  shapePairNext: 61,
  bigram: 62,
  bigramNext: 63,
  initialShape: 64,
  initialCap: 65,
  gaz: 70,
  gazPrev: 71,
  gazNext: 72,
  runHead: 73,
  runHeadCluster: 74,
  docCase: 80,
  sentenceCase: 81,
  tag: 90,
  tag2: 91,
  tagWord: 92,
  tagShape: 93,
  tagCluster: 94,
} as const;

/** Neighbour slots of a word's cached features: itself, then as the word two before, one before, one after, two after. */
const SLOT_SELF = 0;
const SLOT_PREV2 = 1;
const SLOT_PREV = 2;
const SLOT_NEXT = 3;
const SLOT_NEXT2 = 4;
const SLOTS = 5;

/** A word's shape with runs collapsed: `Xx`, `X-d`, `X.X.`, `d,d`. */
export function shape(word: string): string {
  let out = '';
  let last = '';
  for (let i = 0; i < word.length && out.length < 8; i++) {
    const c = word.charCodeAt(i);
    let s: string;
    if (c >= 65 && c <= 90) s = 'X';
    else if (c >= 97 && c <= 122) s = 'x';
    else if (c >= 48 && c <= 57) s = 'd';
    else if (c > 127) {
      const ch = word[i] as string;
      s = ch.toLowerCase() !== ch ? 'X' : ch.toUpperCase() !== ch ? 'x' : 'u';
    } else s = word[i] as string;
    if (s !== last) out += s;
    last = s;
  }
  return out;
}

/** Everything the tagger derives from one distinct word form, computed once and cached on the model. */
export interface WordInfo {
  /** The form itself (the cache's key). */
  form: string;
  lower: string;
  lowerH: number;
  shapeH: number;
  clusterH: number;
  capH: number;
  /** The form starts with an upper-case letter. */
  capitalised: boolean;
  /** How `documentContext` reads the form's first letter: `CASE_LOWER`, `CASE_UPPER` or 0 (neither). */
  initialCase: number;
  /** A capitalised word (`Xx...`, ASCII) that news writes in lower case mid-sentence: capitalisation bucket 0 in the lexicon. */
  ordinary: boolean;
  /** Feature hashes per slot (`SLOT_*`), concatenated; `slotEnds[s]` ends slot `s`. */
  feats: Int32Array;
  slotEnds: Uint8Array;
  /** The word after which a capital letter says nothing (`RESTART`). */
  restart: boolean;
  /** Its gazetteer category as a one-word phrase: 1-based index into `Gazetteer.categories`, 0 for none. */
  gazCat: number;
  /** When it starts gazetteer phrases of two or more words, their second words. */
  gazNext: ReadonlySet<string> | undefined;
  /** Small number of its shape within the model (`FeatureSource.shapeIds`), for the shape-context cache. */
  shapeId: number;
  /** Summed weights per neighbour slot, then itself in four variants (`SELF_ROWS`), filled on first use at tagging time. */
  sums: Float32Array | null;
  /** Word classes the rules of `entities.ts` test, as bits; -1 until they first look. */
  ruleBits: number;
}

/** Words at the sentence edges, as neighbours. */
const BOS = '\u0002';
const EOS = '\u0003';

/** Tokens after which a capital letter says nothing: the sentence starts over (`"`, `(`, `:`, dashes). */
const RESTART = new Set(['"', '“', '‘', "'", '(', '[', ':', '-', '–', '—', '•']);

/** `WordInfo.initialCase` values. */
const CASE_LOWER = 1;
const CASE_UPPER = 2;

const UNKNOWN_CLUSTER = 0xffff;
const UNKNOWN_CAP = 3;

/** Builds the word's features; `lexicon` gives its cluster and capitalisation bucket, `gazetteer` its categories. */
export function wordInfo(form: string, lexicon: Lexicon, gazetteer?: Gazetteer): WordInfo {
  const lower = form.toLowerCase();
  const lowerH = hashString(lower);
  const shapeH = hashString(shape(form));
  const entry = lexicon.get(lowerH);
  const code = entry?.code;
  const cluster = code === undefined ? UNKNOWN_CLUSTER : code >>> 2;
  const cap = code === undefined ? UNKNOWN_CAP + 1 : code & 3;
  const clusterH = cluster + 1;
  const coarseH = cluster === UNKNOWN_CLUSTER ? UNKNOWN_CLUSTER : (cluster >>> 4) + 1;
  const capH = cap + 1;
  const feats: number[] = [
    mix(F.bias, 1),
    mix(F.word, lowerH),
    mix(F.form, hashString(form)),
    mix(F.shape, shapeH),
    mix(F.cluster, clusterH),
    mix(F.coarse, coarseH),
    mix(F.cap, capH),
  ];
  const brown = entry?.brown ?? 0;
  BROWN_PREFIXES.forEach((k, p) => feats.push(mix(F.brown + p, brownPrefix(brown, k))));
  for (let k = 1; k <= 4 && k <= lower.length; k++) {
    feats.push(mix(F.prefix + k, hashString(lower.slice(0, k))), mix(F.suffix + k, hashString(lower.slice(-k))));
  }
  const slotEnds = new Uint8Array(SLOTS);
  slotEnds[SLOT_SELF] = feats.length;
  feats.push(mix(F.prev2Word, lowerH), mix(F.prev2Coarse, coarseH));
  slotEnds[SLOT_PREV2] = feats.length;
  feats.push(mix(F.prevWord, lowerH), mix(F.prevShape, shapeH), mix(F.prevCluster, clusterH));
  NEIGHBOUR_BROWN.forEach((k, p) => feats.push(mix(F.prevBrown + p, brownPrefix(brown, k))));
  slotEnds[SLOT_PREV] = feats.length;
  feats.push(mix(F.nextWord, lowerH), mix(F.nextShape, shapeH), mix(F.nextCluster, clusterH));
  NEIGHBOUR_BROWN.forEach((k, p) => feats.push(mix(F.nextBrown + p, brownPrefix(brown, k))));
  slotEnds[SLOT_NEXT] = feats.length;
  feats.push(mix(F.next2Word, lowerH), mix(F.next2Coarse, coarseH));
  slotEnds[SLOT_NEXT2] = feats.length;
  const first = form.charCodeAt(0);
  const capitalised = (first >= 65 && first <= 90) || (first > 127 && form[0] !== lower[0]);
  const head = form[0] ?? '';
  const second = form.charCodeAt(1);
  return {
    form,
    lower,
    lowerH,
    shapeH,
    clusterH,
    capH,
    capitalised,
    initialCase:
      (first >= 97 && first <= 122) || (first > 127 && head !== head.toUpperCase())
        ? CASE_LOWER
        : (first >= 65 && first <= 90) || (first > 127 && head !== head.toLowerCase())
          ? CASE_UPPER
          : 0,
    ordinary: first >= 65 && first <= 90 && second >= 97 && second <= 122 && code !== undefined && (code & 3) === 0,
    feats: Int32Array.from(feats),
    slotEnds,
    restart: RESTART.has(form),
    gazCat: gazetteer ? gazetteer.categories.indexOf(gazetteer.phrases.get(lower) ?? '\u0000') + 1 : 0,
    gazNext: gazetteer?.secondWords.get(lower),
    shapeId: 0,
    sums: null,
    ruleBits: -1,
  };
}

/** Gazetteer marks per token (`Mark`: position in the phrase and category), longest match first. */
export function gazetteerMarks(infos: readonly WordInfo[], gaz: Gazetteer): Uint8Array {
  const marks = new Uint8Array(infos.length);
  for (let i = 0; i < infos.length; i++) {
    const info = infos[i] as WordInfo;
    let len = 1;
    let cat = 0;
    // a phrase lookup only when the next word can continue one ("the" starts many, mostly followed by other words)
    if (info.gazNext?.has((infos[i + 1] as WordInfo | undefined)?.lower ?? '')) {
      // grow the phrase while it is the start of a longer one; remember the longest match
      let phrase = info.lower;
      for (let k = i + 1; k < infos.length && k - i < gaz.maxTokens; k++) {
        phrase += ` ${(infos[k] as WordInfo).lower}`;
        const found = gaz.phrases.get(phrase);
        if (found) {
          len = k - i + 1;
          cat = gaz.categories.indexOf(found) + 1;
        }
        if (!gaz.prefixes.has(phrase)) break;
      }
    }
    if (!cat) {
      cat = info.gazCat;
      len = 1;
    }
    if (!cat) continue;
    if (len === 1) marks[i] = (cat << 3) | MARK_U;
    else {
      for (let k = i; k < i + len; k++)
        marks[k] = (cat << 3) | (k === i ? MARK_B : k === i + len - 1 ? MARK_L : MARK_I);
    }
    i += len - 1;
  }
  return marks;
}

/**
 * What the document says about a word's case outside sentence starts: a
 * sentence-initial `Idlib` is a name when `Idlib` appears mid-sentence too,
 * `The` is not when `the` does.
 */
export interface DocumentContext {
  /** Lower-case forms seen capitalised away from a sentence start. */
  capitalised: Set<string>;
  /** Lower-case forms seen in lower case. */
  lowercase: Set<string>;
}

/** The document context of a document's sentences (`infosOf` their words). */
export function documentContext(sentences: Iterable<readonly WordInfo[]>): DocumentContext {
  const capitalised = new Set<string>();
  const lowercase = new Set<string>();
  for (const infos of sentences) {
    for (let i = 0; i < infos.length; i++) {
      const info = infos[i] as WordInfo;
      if (info.initialCase === CASE_LOWER) lowercase.add(info.form);
      else if (info.initialCase === CASE_UPPER && i > 0 && !(infos[i - 1] as WordInfo).restart)
        capitalised.add(info.lower);
    }
  }
  return { capitalised, lowercase };
}

/** What the feature function needs about one sentence, computed once. */
export interface SentenceView {
  words: readonly string[];
  lower: string[];
  infos: WordInfo[];
  /** Gazetteer marks (`Mark`), 0 where none. */
  gaz: Uint8Array;
  doc: DocumentContext | undefined;
  bos: WordInfo;
  eos: WordInfo;
  /** `Gazetteer.markHashes`. */
  markHashes: Int32Array;
  /** Per token in a run of two or more capitalised words (`Trinity College`, `Bank of England`): 1 + the index of the run's last word; else 0. */
  runEnds: Int32Array;
  /** How capitalised the sentence is (`sentenceCaseOf`): a headline or a list of names reads differently from prose. */
  sentenceCase: number;
}

/**
 * The share of a sentence's words, past the first and those after a `RESTART` token, that start with a capital:
 * 0 under 20 %, 1 under 40 %, 2 under 70 %, 3 more; 4 when fewer than three words start with a letter.
 */
function sentenceCaseOf(infos: readonly WordInfo[]): number {
  let letters = 0;
  let upper = 0;
  for (let i = 1; i < infos.length; i++) {
    const info = infos[i] as WordInfo;
    if (!info.initialCase || (infos[i - 1] as WordInfo).restart) continue;
    letters++;
    if (info.initialCase === CASE_UPPER) upper++;
  }
  if (letters < 3) return 4;
  const share = upper / letters;
  return share < 0.2 ? 0 : share < 0.4 ? 1 : share < 0.7 ? 2 : 3;
}

/** Lower-case words that may join capitalised words into one run (`Bank of England`, `Procter & Gamble`). */
const RUN_CONNECTORS = new Set(['of', 'the', 'and', 'for', 'de', 'del', 'la', 'von', 'van', 'du', '&', "'s"]);

/**
 * Runs of capitalised words, joined by connectors that a capitalised word
 * follows: the run's last word (`College`, `War`, `Airbase`, `Party`) says
 * what kind of name the run is, whichever word of it is being tagged.
 */
function capitalisedRuns(infos: readonly WordInfo[]): Int32Array {
  const n = infos.length;
  const ends = new Int32Array(n);
  let i = 0;
  while (i < n) {
    if (!(infos[i] as WordInfo).capitalised) {
      i++;
      continue;
    }
    let last = i;
    let k = i + 1;
    while (k < n) {
      const info = infos[k] as WordInfo;
      if (info.capitalised) {
        last = k++;
        continue;
      }
      let c = k;
      while (c < n && RUN_CONNECTORS.has((infos[c] as WordInfo).lower)) c++;
      if (c > k && c < n && (infos[c] as WordInfo).capitalised) {
        k = c;
        continue;
      }
      break;
    }
    if (last > i) ends.fill(last + 1, i, last + 1);
    i = last + 1;
  }
  return ends;
}

/** The pieces of a model the feature function reads. */
export interface FeatureSource {
  gazetteer: Gazetteer;
  lexicon: Lexicon;
  /** Word infos by form; cleared when it grows past `CACHE_LIMIT`. */
  cache: Map<string, WordInfo>;
  /** Shape hash -> small number, for the shape-context cache of `tagSentence`; filled as words are seen. */
  shapeIds?: Map<number, number>;
}

/** Distinct words cached per model before the cache starts over: about 1.4 KB each (measured), so at most ~35 MB on hostile input. */
const CACHE_LIMIT = 25_000;

/** A word's info from the source's cache, made and cached on a miss. */
export function infoFor(source: FeatureSource, word: string): WordInfo {
  let info = source.cache.get(word);
  if (!info) {
    if (source.cache.size >= CACHE_LIMIT) source.cache.clear();
    // a copy: the word is usually a slice, which would keep its whole body alive as long as the entry lives
    const form = ownString(word);
    info = wordInfo(form, source.lexicon, source.gazetteer);
    const ids = (source.shapeIds ??= new Map());
    let id = ids.get(info.shapeH);
    if (id === undefined) {
      id = ids.size + 1;
      ids.set(info.shapeH, id);
    }
    info.shapeId = id;
    source.cache.set(form, info);
  }
  return info;
}

/** At most how many features `pairFeatures` writes. */
const PAIR_FEATURES = 12;

/** The cached infos of a sentence's words. */
export function infosOf(words: readonly string[], source: FeatureSource): WordInfo[] {
  const infos = new Array<WordInfo>(words.length);
  for (let i = 0; i < words.length; i++) infos[i] = infoFor(source, words[i] as string);
  return infos;
}

/** Prepares a sentence for feature extraction; `infos` are its words' (`infosOf`) when the caller has them. */
export function viewOf(
  words: readonly string[],
  source: FeatureSource,
  doc?: DocumentContext,
  infos: WordInfo[] = infosOf(words, source),
): SentenceView {
  const n = words.length;
  const lower = new Array<string>(n);
  for (let i = 0; i < n; i++) lower[i] = (infos[i] as WordInfo).lower;
  const gaz = gazetteerMarks(infos, source.gazetteer);
  return {
    words,
    lower,
    infos,
    gaz,
    doc,
    bos: infoFor(source, BOS),
    eos: infoFor(source, EOS),
    markHashes: source.gazetteer.markHashes,
    runEnds: capitalisedRuns(infos),
    sentenceCase: sentenceCaseOf(infos),
  };
}

/** A word's features at a sentence start (`initial` 1) or inside one (2): they depend on the word alone, so its cached rows hold them. */
function initialFeatures(me: WordInfo, initial: number, out: Int32Array | number[], k: number): void {
  out[k] = mix(mix(F.initialShape, initial), me.shapeH);
  out[k + 1] = mix(mix(F.initialCap, initial * 8 + me.capH), me.capitalised ? 1 : 2);
}

/** The shapes either side of a word: a few thousand combinations in news, so `tagSentence` caches their rows. */
function shapeContextFeatures(
  before: WordInfo,
  me: WordInfo,
  after: WordInfo,
  out: Int32Array | number[],
  k: number,
): void {
  out[k] = mix(mix(F.shapePair, before.shapeH), me.shapeH);
  out[k + 1] = mix(mix(F.shapePairNext, me.shapeH), after.shapeH); // as `shapePairAt` reads them
}

/**
 * The features of token `i` that depend on the sentence but not on the tags
 * and not on its shape context or the word at a sentence start: word pairs,
 * gazetteer marks, document case. Writes them to `out` and returns how many.
 */
function sentenceFeatures(v: SentenceView, i: number, initial: number, out: Int32Array | number[], at: number): number {
  const n = v.infos.length;
  const me = v.infos[i] as WordInfo;
  const before = i > 0 ? (v.infos[i - 1] as WordInfo) : v.bos;
  const after = i + 1 < n ? (v.infos[i + 1] as WordInfo) : v.eos;
  let k = at;
  out[k++] = mix(mix(F.bigram, before.lowerH), me.lowerH);
  out[k++] = mix(mix(F.bigramNext, me.lowerH), after.lowerH);
  // gazetteer marks only where there is one: most tokens have none, and a lookup costs
  const gaz = v.gaz;
  const hashes = v.markHashes;
  if (gaz[i]) out[k++] = mix(F.gaz, hashes[gaz[i] as number] as number);
  if (i > 0 && gaz[i - 1]) out[k++] = mix(F.gazPrev, hashes[gaz[i - 1] as number] as number);
  if (i + 1 < n && gaz[i + 1]) out[k++] = mix(F.gazNext, hashes[gaz[i + 1] as number] as number);
  const runEnd = v.runEnds[i] as number;
  if (runEnd) {
    const head = v.infos[runEnd - 1] as WordInfo;
    const position = runEnd - 1 === i ? 1 : 2;
    out[k++] = mix(mix(F.runHead, position), head.lowerH);
    out[k++] = mix(mix(F.runHeadCluster, position), head.clusterH);
  }
  if (v.doc && me.capitalised) {
    const seen = (v.doc.capitalised.has(me.lower) ? 1 : 0) | (v.doc.lowercase.has(me.lower) ? 2 : 0);
    out[k++] = mix(mix(F.docCase, initial * 4 + seen), 1);
  }
  return k - at;
}

/** A capitalised word's feature of how capitalised its sentence is (`SentenceView.sentenceCase`) and whether it starts it. */
const sentenceCaseFeature = (sentenceCase: number, initial: number): number =>
  mix(mix(F.sentenceCase, sentenceCase), initial);
/** `sentenceCaseOf` values. */
const SENTENCE_CASES = 5;

/** 1 when token `i` starts a sentence (or follows a `RESTART` token), else 2. */
const initialOf = (v: SentenceView, i: number): number => (i === 0 || (v.infos[i - 1] as WordInfo).restart ? 1 : 2);

/**
 * The features of token `i` that depend on the sentence but not on the tags
 * (shape and word pairs, sentence start, gazetteer marks, document case);
 * writes them to `out` and returns how many.
 */
export function pairFeatures(v: SentenceView, i: number, out: Int32Array | number[], at = 0): number {
  const n = v.infos.length;
  const me = v.infos[i] as WordInfo;
  const initial = initialOf(v, i);
  shapeContextFeatures(
    i > 0 ? (v.infos[i - 1] as WordInfo) : v.bos,
    me,
    i + 1 < n ? (v.infos[i + 1] as WordInfo) : v.eos,
    out,
    at,
  );
  initialFeatures(me, initial, out, at + 2);
  let k = at + 4;
  if (me.capitalised) out[k++] = sentenceCaseFeature(v.sentenceCase, initial);
  return k - at + sentenceFeatures(v, i, initial, out, k);
}

/** The non-tag features of token `i` (training): its own, its neighbours' and the sentence's. */
export function staticFeatures(v: SentenceView, i: number, out: number[]): number {
  let n = 0;
  const n0 = v.infos.length;
  const slot = (info: WordInfo, s: number) => {
    for (let k = s === 0 ? 0 : (info.slotEnds[s - 1] as number); k < (info.slotEnds[s] as number); k++)
      out[n++] = info.feats[k] as number;
  };
  slot(v.infos[i] as WordInfo, SLOT_SELF);
  slot(i > 1 ? (v.infos[i - 2] as WordInfo) : v.bos, SLOT_PREV2);
  slot(i > 0 ? (v.infos[i - 1] as WordInfo) : v.bos, SLOT_PREV);
  slot(i + 1 < n0 ? (v.infos[i + 1] as WordInfo) : v.eos, SLOT_NEXT);
  slot(i + 2 < n0 ? (v.infos[i + 2] as WordInfo) : v.eos, SLOT_NEXT2);
  return n + pairFeatures(v, i, out, n);
}

/** The features of token `i` that depend on the two previous predicted tags. */
export function tagFeatures(info: WordInfo, prev: number, prev2: number, out: Int32Array): void {
  out[0] = mix(F.tag, prev + 1);
  out[1] = mix(mix(F.tag2, prev2 + 1), prev + 1);
  out[2] = mix(mix(F.tagWord, prev + 1), info.lowerH);
  out[3] = mix(mix(F.tagShape, prev + 1), info.shapeH);
  out[4] = mix(mix(F.tagCluster, prev + 1), info.clusterH);
}
/** How many `tagFeatures` writes. */
export const TAG_FEATURES = 5;

/** Which tags may follow which under BILOU: `allowed[prev * N + next]`. */
const ALLOWED = (() => {
  const a = new Uint8Array(N_TAGS * N_TAGS);
  for (let p = 0; p < N_TAGS; p++) {
    for (let t = 0; t < N_TAGS; t++) {
      const pt = TAGS[p] as string;
      const tt = TAGS[t] as string;
      const pOpen = pt[0] === 'B' || pt[0] === 'I';
      const tInside = tt[0] === 'I' || tt[0] === 'L';
      a[p * N_TAGS + t] = pOpen ? Number(tInside && pt.slice(2) === tt.slice(2)) : Number(!tInside);
    }
  }
  return a;
})();
/** Tags that leave an entity open (B, I): not allowed on a sentence's last token. */
const OPENS = Uint8Array.from(TAGS, (t) => Number(t[0] === 'B' || t[0] === 'I'));

/**
 * The tags allowed after each tag, `NEXT_TAGS[NEXT_AT[prev] ... NEXT_AT[prev + 1])`: two after B or I (I and L
 * of its type), eleven after O, L or U, so `tagSentence` scores only those.
 */
const NEXT_AT = new Int32Array(N_TAGS + 1);
const NEXT_TAGS = (() => {
  const out: number[] = [];
  for (let p = 0; p < N_TAGS; p++) {
    NEXT_AT[p] = out.length;
    for (let t = 0; t < N_TAGS; t++) if (ALLOWED[p * N_TAGS + t]) out.push(t);
  }
  NEXT_AT[N_TAGS] = out.length;
  return Uint8Array.from(out);
})();

/** The best tag allowed after `prev` (and, at the end of a sentence, one that closes every entity). */
export function bestTag(scores: Float32Array | Float64Array, prev: number, last: boolean, offset = 0): number {
  let best = 0;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (let k = NEXT_AT[prev] as number, to = NEXT_AT[prev + 1] as number; k < to; k++) {
    const t = NEXT_TAGS[k] as number;
    if (last && OPENS[t]) continue;
    const s = scores[offset + t] as number;
    if (s > bestScore) {
      bestScore = s;
      best = t;
    }
  }
  return best;
}

/**
 * Feature hash -> its weights, as an open-addressing table over typed arrays
 * (no object per feature, no string key). Rows are sparse (a feature has about
 * four non-zero tags of 21), stored as `[tag, weight]` pairs back to back, so
 * the whole model is about a quarter of its dense size and stays in cache; a
 * one-bit-per-hash filter in front answers most misses (pruned word pairs)
 * without touching the table.
 */
export class WeightTable {
  /** Slots of two: the feature hash (0 = empty) and `first pair << 5 | pairs`, side by side (one cache line per probe). */
  private readonly slots: Int32Array;
  private readonly mask: number;
  /** One bit per hash value modulo its size: clear means the feature is absent. */
  private readonly filter: Int32Array;
  private readonly filterMask: number;
  /** `[tag, weight]` pairs of every row, back to back. */
  private readonly pairs: Float32Array;
  /** The number of features. */
  readonly size: number;

  /** `rows[k]` is feature `features[k]`'s sparse row `[tag, weight, tag, weight, ...]`. */
  constructor(features: Int32Array, rows: ReadonlyArray<ArrayLike<number>>) {
    let size = 16;
    while (size < features.length * 2) size *= 2;
    this.size = features.length;
    this.slots = new Int32Array(size * 2);
    this.mask = size - 1;
    const bits = size * 8;
    this.filter = new Int32Array(bits >>> 5);
    this.filterMask = bits - 1;
    let total = 0;
    for (const row of rows) total += row.length;
    this.pairs = new Float32Array(total);
    let at = 0;
    for (let k = 0; k < features.length; k++) {
      const h = features[k] as number;
      const row = rows[k] as ArrayLike<number>;
      if (row.length > 2 * N_TAGS) throw new Error(`feature ${h}: more than ${N_TAGS} weights`);
      this.pairs.set(row, at);
      let slot = h & this.mask;
      while (this.slots[slot * 2] !== 0 && this.slots[slot * 2] !== h) slot = (slot + 1) & this.mask;
      this.slots[slot * 2] = h;
      this.slots[slot * 2 + 1] = ((at / 2) << 5) | (row.length / 2);
      const bit = (h >>> 7) & this.filterMask;
      this.filter[bit >>> 5] = (this.filter[bit >>> 5] as number) | (1 << (bit & 31));
      at += row.length;
    }
  }

  /** Adds feature `h`'s weights into `into[offset ... offset + N_TAGS)`; false when the model has no such feature. */
  add(h: number, into: Float32Array | Float64Array, offset: number): boolean {
    const bit = (h >>> 7) & this.filterMask;
    if (((this.filter[bit >>> 5] as number) & (1 << (bit & 31))) === 0) return false;
    const slots = this.slots;
    let slot = h & this.mask;
    for (;;) {
      const key = slots[slot * 2] as number;
      if (key === h) break;
      if (key === 0) return false;
      slot = (slot + 1) & this.mask;
    }
    const packed = slots[slot * 2 + 1] as number;
    const pairs = this.pairs;
    const from = (packed >>> 5) * 2;
    const to = from + (packed & 31) * 2;
    for (let j = from; j < to; j += 2) {
      const t = offset + (pairs[j] as number);
      into[t] = (into[t] as number) + (pairs[j + 1] as number);
    }
    return true;
  }
}

/**
 * A word's cached rows as the current token: `SELF_ROWS + (afterO ? 2 : 0) + initial - 1`,
 * its own features and its sentence-start features, after an `O` also its tag features
 * after `O` (most tokens follow one).
 */
const SELF_ROWS = SLOTS - 1;
/** Rows of `WordInfo.sums`: the four neighbour slots, then the four self variants. */
const SUM_ROWS = SELF_ROWS + 4;
/** Tag features that depend on the word (`tagFeatures` writes the two tag-only ones first). */
const WORD_TAG_FEATURES = 2;

function slotSums(info: WordInfo, table: WeightTable): Float32Array {
  if (info.sums) return info.sums;
  const sums = new Float32Array(SUM_ROWS * N_TAGS);
  const self = new Float32Array(N_TAGS);
  for (let k = 0; k < (info.slotEnds[SLOT_SELF] as number); k++) table.add(info.feats[k] as number, self, 0);
  for (let s = SLOT_SELF + 1; s < SLOTS; s++) {
    for (let k = info.slotEnds[s - 1] as number; k < (info.slotEnds[s] as number); k++)
      table.add(info.feats[k] as number, sums, (s - 1) * N_TAGS);
  }
  const feats = new Int32Array(Math.max(TAG_FEATURES, 2));
  for (let variant = 0; variant < 4; variant++) {
    const at = (SELF_ROWS + variant) * N_TAGS;
    sums.set(self, at);
    initialFeatures(info, (variant & 1) + 1, feats, 0);
    table.add(feats[0] as number, sums, at);
    table.add(feats[1] as number, sums, at);
    if (variant >= 2) {
      tagFeatures(info, 0, 0, feats);
      for (let f = WORD_TAG_FEATURES; f < TAG_FEATURES; f++) table.add(feats[f] as number, sums, at);
    }
  }
  info.sums = sums;
  return sums;
}

/** Shapes with ids below this have their shape-pair rows cached in one dense table (news uses a few dozen shapes). */
const SHAPE_PAIR_IDS = 128;
/** Where the rows of uncached shape pairs are written, one per template, after the table's. */
const SHAPE_SCRATCH = 2 * SHAPE_PAIR_IDS * SHAPE_PAIR_IDS;

const shapeRowsOf = (model: NerModel) => (model.shapeRows ??= new Float32Array((SHAPE_SCRATCH + 2) * N_TAGS));

/**
 * The offset in `NerModel.shapeRows` of the summed weights of shape-pair
 * template `which` (0: the word before and this one, 1: this one and the word
 * after) for words `a` then `b`: rows of a dense table filled on first use.
 */
function shapePairAt(model: NerModel, which: number, a: WordInfo, b: WordInfo): number {
  const rows = shapeRowsOf(model);
  const filled = (model.shapeFilled ??= new Uint8Array(SHAPE_SCRATCH));
  const cached = a.shapeId < SHAPE_PAIR_IDS && b.shapeId < SHAPE_PAIR_IDS;
  const index = cached ? (which * SHAPE_PAIR_IDS + a.shapeId) * SHAPE_PAIR_IDS + b.shapeId : SHAPE_SCRATCH + which;
  const at = index * N_TAGS;
  if (!cached || !filled[index]) {
    rows.fill(0, at, at + N_TAGS);
    model.weights.add(mix(mix(which ? F.shapePairNext : F.shapePair, a.shapeH), b.shapeH), rows, at);
    if (cached) filled[index] = 1;
  }
  return at;
}

/**
 * The features of the previous tags alone (`t-1` and `t-2|t-1`) as one dense
 * table of rows `[prev2 * N + prev]`, built once per model.
 */
function tagTable(model: NerModel): Float64Array {
  if (model.tagTable) return model.tagTable;
  const table = new Float64Array(N_TAGS * N_TAGS * N_TAGS);
  const feats = new Int32Array(TAG_FEATURES);
  const dummy = wordInfo('', new Map());
  for (let p2 = 0; p2 < N_TAGS; p2++) {
    for (let p = 0; p < N_TAGS; p++) {
      tagFeatures(dummy, p, p2, feats);
      model.weights.add(feats[0] as number, table, (p2 * N_TAGS + p) * N_TAGS);
      model.weights.add(feats[1] as number, table, (p2 * N_TAGS + p) * N_TAGS);
    }
  }
  model.tagTable = table;
  return table;
}

/** The rows of `sentenceCaseFeature`, `[(sentenceCase * 2 + initial - 1) * N_TAGS]`, built once per model. */
function sentenceCaseTable(model: NerModel): Float64Array {
  if (model.sentenceCaseTable) return model.sentenceCaseTable;
  const table = new Float64Array(SENTENCE_CASES * 2 * N_TAGS);
  for (let c = 0; c < SENTENCE_CASES; c++)
    for (let initial = 1; initial <= 2; initial++)
      model.weights.add(sentenceCaseFeature(c, initial), table, (c * 2 + initial - 1) * N_TAGS);
  model.sentenceCaseTable = table;
  return table;
}

/** Scores of the current token, reused (tagging is synchronous). */
const SCORES = new Float64Array(N_TAGS);
const TAG_FEATS = new Int32Array(TAG_FEATURES);
const PAIR_FEATS = new Int32Array(PAIR_FEATURES);

/**
 * Tags one sentence greedily, left to right. Returns tag indices. A token's
 * scores, for the tags allowed after the previous one only, are eight cached
 * rows summed in one loop (the word itself, its four neighbours as neighbours,
 * its two shape pairs, the previous tags), then its
 * word-pair, gazetteer and document features, then (after a tag other than
 * `O`) its tag x word features.
 */
export function tagSentence(view: SentenceView, model: NerModel): Uint8Array {
  const n = view.words.length;
  const tags = new Uint8Array(n);
  const table = model.weights;
  const bos = slotSums(view.bos, table);
  const eos = slotSums(view.eos, table);
  const tagRows = tagTable(model);
  const caseRows = sentenceCaseTable(model);
  const caseAt = view.sentenceCase * 2 * N_TAGS;
  const shapes = shapeRowsOf(model);
  const scores = SCORES;
  const infos = view.infos;
  let prev = 0;
  let prev2 = 0;
  // the rows of the words around token i, moved along one word per token
  let p2 = bos;
  let p1 = bos;
  let self = n > 0 ? slotSums(infos[0] as WordInfo, table) : eos;
  let n1 = n > 1 ? slotSums(infos[1] as WordInfo, table) : eos;
  let n2 = n > 2 ? slotSums(infos[2] as WordInfo, table) : eos;
  for (let i = 0; i < n; i++) {
    const info = infos[i] as WordInfo;
    const beforeInfo = i > 0 ? (infos[i - 1] as WordInfo) : view.bos;
    const afterInfo = i + 1 < n ? (infos[i + 1] as WordInfo) : view.eos;
    const initial = i === 0 || beforeInfo.restart ? 1 : 2;
    const selfAt = (SELF_ROWS + (prev === 0 ? 2 : 0) + initial - 1) * N_TAGS;
    const shapeBefore = shapePairAt(model, 0, beforeInfo, info);
    const shapeAfter = shapePairAt(model, 1, info, afterInfo);
    const tagAt = (prev2 * N_TAGS + prev) * N_TAGS;
    for (let k = NEXT_AT[prev] as number, to = NEXT_AT[prev + 1] as number; k < to; k++) {
      const t = NEXT_TAGS[k] as number;
      scores[t] =
        (self[selfAt + t] as number) +
        (p2[(SLOT_PREV2 - 1) * N_TAGS + t] as number) +
        (p1[(SLOT_PREV - 1) * N_TAGS + t] as number) +
        (n1[(SLOT_NEXT - 1) * N_TAGS + t] as number) +
        (n2[(SLOT_NEXT2 - 1) * N_TAGS + t] as number) +
        (shapes[shapeBefore + t] as number) +
        (shapes[shapeAfter + t] as number) +
        (tagRows[tagAt + t] as number);
    }
    if (info.capitalised) {
      const at = caseAt + (initial - 1) * N_TAGS;
      for (let k = NEXT_AT[prev] as number, to = NEXT_AT[prev + 1] as number; k < to; k++) {
        const t = NEXT_TAGS[k] as number;
        scores[t] = (scores[t] as number) + (caseRows[at + t] as number);
      }
    }
    const pairs = sentenceFeatures(view, i, initial, PAIR_FEATS, 0);
    for (let k = 0; k < pairs; k++) table.add(PAIR_FEATS[k] as number, scores, 0);
    if (prev !== 0) {
      tagFeatures(info, prev, prev2, TAG_FEATS);
      for (let k = WORD_TAG_FEATURES; k < TAG_FEATURES; k++) table.add(TAG_FEATS[k] as number, scores, 0);
    }
    const tag = bestTag(scores, prev, i === n - 1);
    tags[i] = tag;
    prev2 = prev;
    prev = tag;
    p2 = p1;
    p1 = self;
    self = n1;
    n1 = n2;
    n2 = i + 3 < n ? slotSums(infos[i + 3] as WordInfo, table) : eos;
  }
  return tags;
}

/** Per tag, its position letter and its type (`''` for `O`). */
const TAG_POSITIONS = TAGS.map((t) => t[0] as string);
const TAG_TYPES = TAGS.map((t) => t.slice(2));

/** Entity spans (token indices, end exclusive) from BILOU tag indices. */
export function spansFromTags(tags: Uint8Array): Array<{ start: number; end: number; type: string }> {
  const spans: Array<{ start: number; end: number; type: string }> = [];
  let open = -1;
  for (let i = 0; i < tags.length; i++) {
    const tag = tags[i] as number;
    if (!tag) continue;
    const p = TAG_POSITIONS[tag];
    if (p === 'U') spans.push({ start: i, end: i + 1, type: TAG_TYPES[tag] as string });
    else if (p === 'B') open = i;
    else if (p === 'L' && open >= 0) {
      spans.push({ start: open, end: i + 1, type: TAG_TYPES[tag] as string });
      open = -1;
    }
  }
  return spans;
}

/** BILOU tag indices from spans (training). */
export function tagsFromSpans(n: number, spans: ReadonlyArray<{ start: number; end: number; type: string }>): number[] {
  const tags = new Array<number>(n).fill(0);
  for (const s of spans) {
    if (!MODEL_TYPES.includes(s.type as (typeof MODEL_TYPES)[number])) continue;
    if (s.end - s.start === 1) tags[s.start] = TAGS.indexOf(`U-${s.type}`);
    else {
      for (let k = s.start; k < s.end; k++) {
        const p = k === s.start ? 'B' : k === s.end - 1 ? 'L' : 'I';
        tags[k] = TAGS.indexOf(`${p}-${s.type}`);
      }
    }
  }
  return tags;
}

/** The file format of a trained model (`models/ner.json`). */
export interface ModelFile {
  format: typeof MODEL_FORMAT;
  /** Model version; part of the analyze stage version, so a new model means re-analysis. */
  version: string;
  tags: string[];
  /** Training data, settings and dev scores, for people reading the file. */
  meta: Record<string, unknown>;
  gazetteer: Record<string, string[]>;
  /** The version of the word-cluster file (`models/word-clusters.json`) it was trained with. */
  clusters: string;
  /** Feature hash (decimal) -> sparse weights `[tag, weight, tag, weight, ...]`. */
  weights: Record<string, number[]>;
  /** The second stage (`span-types.ts`): whether it may drop a span, and its weights in the same form over `SPAN_CLASSES`. */
  spanTyper: { drop: boolean; weights: Record<string, number[]> } | null;
}

/** A model ready to tag. */
export interface NerModel extends FeatureSource {
  version: string;
  weights: WeightTable;
  /** The previous-tag features as one dense table, built on first use. */
  tagTable?: Float64Array;
  /** The sentence-case rows (`sentenceCaseTable`), built on first use. */
  sentenceCaseTable?: Float64Array;
  /** Shape-pair rows (`shapePairAt`), filled on first use, and which of them are. */
  shapeRows?: Float32Array;
  shapeFilled?: Uint8Array;
  /** The span typer (`span-types.ts`); without one, `recognizeDocument` gives a name the type most of its mentions got. */
  spanTyper?: SpanTyper;
  meta: Record<string, unknown>;
}

/** Builds the gazetteer lookup from category -> phrases lists. */
export function gazetteerFrom(lists: Record<string, string[]>): Gazetteer {
  const phrases = new Map<string, string>();
  const secondWords = new Map<string, Set<string>>();
  const prefixes = new Set<string>();
  let maxTokens = 1;
  for (const [cat, list] of Object.entries(lists)) {
    for (const p of list) {
      const key = p.toLowerCase();
      if (!phrases.has(key)) phrases.set(key, cat);
      const words = key.split(' ');
      maxTokens = Math.max(maxTokens, words.length);
      if (words.length > 1) {
        const next = secondWords.get(words[0] as string) ?? new Set<string>();
        next.add(words[1] as string);
        secondWords.set(words[0] as string, next);
      }
      for (let k = 2; k < words.length; k++) prefixes.add(words.slice(0, k).join(' '));
    }
  }
  const categories = Object.keys(lists);
  if (categories.length > 31) throw new Error(`gazetteer: ${categories.length} categories, at most 31 fit a mark`);
  const markHashes = new Int32Array(256);
  for (let c = 1; c <= categories.length; c++) {
    for (let pos = MARK_B; pos <= MARK_U; pos++)
      markHashes[(c << 3) | pos] = hashString(`${MARK_LETTERS[pos]}-${categories[c - 1]}`);
  }
  return { phrases, maxTokens, secondWords, prefixes, categories, markHashes };
}

/** The weight table of a model file's sparse weights (feature hash in decimal -> `[tag, weight, ...]`). */
export function weightTableFrom(weights: Record<string, number[]>): WeightTable {
  const entries = Object.entries(weights);
  return new WeightTable(
    Int32Array.from(entries, ([f]) => Number(f)),
    entries.map(([, row]) => row),
  );
}

/**
 * Loads a model file's content with the word-cluster file it was trained with; throws on a file that is not a
 * dossier NER model or on clusters of another version (misuse, not input).
 */
export function modelFrom(file: ModelFile, clusters: ClustersFile): NerModel {
  if (file.format !== MODEL_FORMAT || file.tags.join(',') !== TAGS.join(','))
    throw new Error(`models/ner.json is not a ${MODEL_FORMAT} model for these tags; rebuild it with npm run train:ner`);
  if (file.clusters !== clusters.version)
    throw new Error(
      `models/ner.json was trained with word clusters ${file.clusters}, models/word-clusters.json is ${clusters.version}; rebuild it with npm run train:ner`,
    );
  return {
    version: file.version,
    weights: weightTableFrom(file.weights),
    gazetteer: gazetteerFrom(file.gazetteer),
    lexicon: lexiconFrom(clusters),
    cache: new Map(),
    spanTyper: file.spanTyper
      ? { drop: file.spanTyper.drop, weights: new SpanTable(file.spanTyper.weights) }
      : undefined,
    meta: file.meta,
  };
}

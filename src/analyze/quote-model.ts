/**
 * The trained cue scorer of the quote layer: an averaged perceptron that
 * reads a word in its sentence and says whether it is the cue of an
 * attribution (`called the show “...”`, `Clinton wants voters to know`,
 * `a new poll indicates`). The rules in `quotes.ts` find speaker and content
 * around a cue; this model widens which words can be cues beyond the lexicon
 * in `quote-lexicon.ts`, and decides in context (`called` a name vs `called`
 * a plan "a disaster").
 *
 * Only words seen as cues in training (`candidates`) are scored, so the cost
 * is a few feature strings for a few per cent of the tokens. The model file
 * (`models/quote-cues.json`, from `npm run train:quotes`) holds words and
 * weights only, never spans of the corpus it was trained on. Without the file
 * the quote layer runs on its rules alone.
 */
import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { CUES, SPEAKER_PRONOUNS } from './quote-lexicon.js';
import { FeatureSpace, VOCAB_MAX } from './perceptron.js';
import { findMarkSpans } from './quote-marks.js';
import { ScoreTable } from './quote-weights.js';
import { KIND, type Tokens } from './tokenize.js';
import { modelCandidates } from '../model-files.js';

/** The file format of the cue model. */
export interface QuoteModelFile {
  format: 'dossier-quote-cues@3';
  /** Model version, part of the analyze stage version. */
  version: string;
  /** What it was trained on, and its scores (the model card is `models/README.md`). */
  trainedOn: string;
  /** A word scoring above this is a cue (chosen by cross-validation on train). */
  threshold: number;
  /** Lower-cased words that are scored; any other word is never a model cue. */
  candidates: string[];
  /** The words the features name (`FeatureSpace`). */
  vocab: string[];
  /** Feature numbers (`high * VOCAB_MAX + low`, see `cueFeatures`) and their averaged weights, flat: `[key, weight, ...]`. */
  weights: number[];
}

/** A loaded cue model. */
export interface QuoteModel {
  version: string;
  /** A word scoring above this is a cue. */
  threshold: number;
  candidates: ReadonlySet<string>;
  space: FeatureSpace;
  weights: ScoreTable;
}

/** The token context the features read: lower-cased and raw texts, kinds, and which tokens sit inside quotation marks. */
export interface CueContext {
  raw: readonly string[];
  low: readonly string[];
  kinds: Uint8Array;
  /** 1 where the token is inside a quotation-mark span. */
  quoted: Uint8Array;
  /** The tokens' word ids (and candidates' stem ids, else -1) in `space`, when computed beforehand (`quote-words.ts`). @default computed on first use */
  ids?: { space: FeatureSpace; word: Int32Array; stem: Int32Array };
}

/** Words looked through to the right for `that`, a colon or an opening quotation mark. */
const LOOK_RIGHT = 4;
const OPENERS = new Set(['“', '"', '‘', '«', "'"]);
const CLOSERS = new Set(['”', '"', '’', '»', "'"]);
const AUX_BE = new Set(['is', 'was', 'were', 'are', 'be', 'been', 'being']);
const AUX_HAVE = new Set(['has', 'have', 'had', 'will', 'would', 'did', 'does', 'do', 'could', 'may', 'might', 'can']);
const DETS = new Set(['the', 'a', 'an', 'his', 'her', 'their', 'its', 'our', 'this', 'that']);

/** A crude stem: enough to share weights between `calls`, `called` and `calling`. */
export function stem(w: string): string {
  if (w.length > 5 && w.endsWith('ing')) return w.slice(0, -3);
  if (w.length > 4 && w.endsWith('ied')) return `${w.slice(0, -3)}y`;
  if (w.length > 4 && w.endsWith('ed')) return w.slice(0, -2);
  if (w.length > 4 && w.endsWith('es')) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) return w.slice(0, -1);
  return w;
}

/** Per context, the ids of its tokens' words and stems in one feature space, filled on first use. */
const idCaches = new WeakMap<CueContext, CueIds>();
interface CueIds {
  space: FeatureSpace;
  word: Int32Array;
  stem: Int32Array;
  before: number;
  after: number;
}
/** The context read last and its ids: a body's candidates are scored one after another. */
let lastContext: CueContext | null = null;
let lastIds: CueIds | null = null;
function idCache(c: CueContext, space: FeatureSpace): CueIds {
  if (c === lastContext && lastIds!.space === space) return lastIds!;
  let x = idCaches.get(c);
  if (!x || x.space !== space) {
    const given = c.ids?.space === space ? c.ids : null;
    x = {
      space,
      word: given?.word ?? new Int32Array(c.low.length).fill(-1),
      stem: given?.stem ?? new Int32Array(c.low.length).fill(-1),
      before: space.id('<s>'),
      after: space.id('</s>'),
    };
    idCaches.set(c, x);
  }
  lastContext = c;
  lastIds = x;
  return x;
}

/** The feature templates of the cue model, in key order (a template's number is its index). */
export const CUE_TEMPLATES = [
  'bias',
  'w', // the word
  's', // its stem
  'p1', // the word before
  'n1', // the word after
  'p2',
  'n2',
  'p1w', // the word before, and the word
  'wn1', // the word, and the word after
  'sn1', // the stem, and the word after
  'sp1', // the word before, and the stem
  'that', // `that` within four words to the right, with the stem
  'colon', // a colon there, with the stem
  'open', // an opening quotation mark there, with the stem
  'qs', // a quotation in the sentence, with the stem
  'pcap', // the word before capitalised, with the stem
  'ppron', // the word before a speaker pronoun, with the stem
  'pcomma', // the word before a comma or closing mark, with the stem
  'ncap', // the word after capitalised, with the stem
  'cap', // the word capitalised inside the sentence
  'first', // the sentence's first word
  'right', // how much sentence is left to the right (0-3), with the stem
  'lex', // a lexicon cue word
  'pbe', // after a form of `be`, with the stem
  'phave', // after an auxiliary
  'pdet', // after a determiner
  'pto', // after `to`
  'pwho', // after `who`/`which`
] as const;
const C = Object.fromEntries(CUE_TEMPLATES.map((name, k) => [name, k])) as Record<
  (typeof CUE_TEMPLATES)[number],
  number
>;

/**
 * The features of token `i` in the sentence `[sS, sE)` as flat pairs `[high, low, ...]`
 * (`perceptron.ts`); `quoteInSentence`: the sentence holds a quotation.
 */
export function cueFeatures(
  c: CueContext,
  i: number,
  sS: number,
  sE: number,
  quoteInSentence: boolean,
  space: FeatureSpace,
): number[] {
  return Array.from(scratch.subarray(0, cueFeaturesInto(c, i, sS, sE, quoteInSentence, space, scratch)));
}

/** Most feature pairs of one token (`cueFeatures`): one per template. */
const MAX_CUE_FEATURES = CUE_TEMPLATES.length;
/** A feature buffer reused while scoring. */
const scratch = new Int32Array(2 * MAX_CUE_FEATURES);

/** The score of token `i` (`cueFeatures`): above the model's threshold means a cue. */
export function cueScoreAt(
  model: QuoteModel,
  c: CueContext,
  i: number,
  sS: number,
  sE: number,
  quoteInSentence: boolean,
): number {
  return model.weights.score(scratch, cueFeaturesInto(c, i, sS, sE, quoteInSentence, model.space, scratch));
}

/** `cueFeatures` written into `into`; returns how many numbers. */
function cueFeaturesInto(
  c: CueContext,
  i: number,
  sS: number,
  sE: number,
  quoteInSentence: boolean,
  space: FeatureSpace,
  into: Int32Array,
): number {
  const w = c.low[i]!;
  const ids = idCache(c, space);
  const id = (k: number, edge: number) => {
    if (k < edge || k >= sE) return k < edge ? ids.before : ids.after;
    if (ids.word[k] === -1) ids.word[k] = space.id(c.low[k]!);
    return ids.word[k]!;
  };
  const wi = id(i, sS);
  if (ids.stem[i] === -1) ids.stem[i] = space.id(stem(w));
  const st = ids.stem[i]!;
  const p1w = i > sS ? c.low[i - 1]! : '<s>';
  const p1 = id(i - 1, sS);
  const p2 = id(i - 2, sS);
  const n1w = i + 1 < sE ? c.low[i + 1]! : '</s>';
  const n1 = id(i + 1, sS);
  const n2 = id(i + 2, sS);
  let that = 0;
  let colon = 0;
  let open = 0;
  for (let k = i + 1; k < sE && k <= i + LOOK_RIGHT; k++) {
    const r = c.raw[k]!;
    if (c.low[k] === 'that') that = 1;
    else if (r === ':') colon = 1;
    else if (OPENERS.has(r)) open = 1;
  }
  const prevCap = i > sS && c.kinds[i - 1] === KIND.word && c.raw[i - 1]![0] !== c.low[i - 1]![0] ? 1 : 0;
  const prevPron = SPEAKER_PRONOUNS.has(p1w) ? 1 : 0;
  const prevComma = p1w === ',' || CLOSERS.has(c.raw[i - 1] ?? '') ? 1 : 0;
  const cap = i > sS && c.raw[i]![0] !== w[0] ? 1 : 0;
  const nextCap = i + 1 < sE && c.kinds[i + 1] === KIND.word && c.raw[i + 1]![0] !== n1w[0] ? 1 : 0;
  const right = Math.min(3, Math.floor((sE - i) / 4));
  const f = into;
  let m = 0;
  const k = (tpl: number, a = 0, b = 0) => {
    f[m++] = tpl * VOCAB_MAX + a;
    f[m++] = b;
  };
  k(C.bias);
  k(C.w, wi);
  k(C.s, st);
  k(C.p1, p1);
  k(C.n1, n1);
  k(C.p2, p2);
  k(C.n2, n2);
  k(C.p1w, p1, wi);
  k(C.wn1, wi, n1);
  k(C.sn1, st, n1);
  k(C.sp1, p1, st);
  k(C.that, st, that);
  k(C.colon, st, colon);
  k(C.open, st, open);
  k(C.qs, st, quoteInSentence ? 1 : 0);
  k(C.pcap, st, prevCap);
  k(C.ppron, st, prevPron);
  k(C.pcomma, st, prevComma);
  k(C.ncap, st, nextCap);
  k(C.cap, cap);
  k(C.first, i === sS ? 1 : 0);
  k(C.right, st, right);
  k(C.lex, CUES.has(w) ? 1 : 0);
  if (AUX_BE.has(p1w)) k(C.pbe, st);
  if (AUX_HAVE.has(p1w)) k(C.phave, st);
  if (DETS.has(p1w)) k(C.pdet, st);
  if (p1w === 'to') k(C.pto, st);
  if (p1w === 'who' || p1w === 'which') k(C.pwho, st);
  if (m > into.length) throw new Error(`quote cue features: ${m / 2} pairs, more than one per template`);
  return m;
}

/** Which values of a template's pair are ids in the feature space (the others are small codes). */
export const CUE_NAMED: Readonly<Record<(typeof CUE_TEMPLATES)[number], readonly [boolean, boolean]>> = {
  bias: [false, false],
  w: [true, false],
  s: [true, false],
  p1: [true, false],
  n1: [true, false],
  p2: [true, false],
  n2: [true, false],
  p1w: [true, true],
  wn1: [true, true],
  sn1: [true, true],
  sp1: [true, true],
  that: [true, false],
  colon: [true, false],
  open: [true, false],
  qs: [true, false],
  pcap: [true, false],
  ppron: [true, false],
  pcomma: [true, false],
  ncap: [true, false],
  cap: [false, false],
  first: [false, false],
  right: [true, false],
  lex: [false, false],
  pbe: [true, false],
  phave: [true, false],
  pdet: [true, false],
  pto: [true, false],
  pwho: [true, false],
};

/** The context of a body (the quote layer builds the same columns itself; the training script uses this). */
export function cueContext(body: string, t: Tokens): CueContext {
  const raw: string[] = new Array(t.length);
  const low: string[] = new Array(t.length);
  for (let i = 0; i < t.length; i++) {
    raw[i] = body.slice(t.starts[i], t.ends[i]);
    low[i] = raw[i]!.toLowerCase();
  }
  const quoted = new Uint8Array(t.length);
  const marks = findMarkSpans(body);
  let m = 0;
  for (let i = 0; i < t.length; i++) {
    const s = t.starts[i]!;
    while (m < marks.length && marks[m]!.end <= s) m++;
    if (m < marks.length && marks[m]!.start <= s) quoted[i] = 1;
  }
  return { raw, low, kinds: t.kinds, quoted };
}

/** Per sentence: 1 when it holds a quoted token. */
export function quotedSentences(c: CueContext, t: Tokens): Uint8Array {
  const out = new Uint8Array(t.sentences);
  for (let s = 0; s < t.sentences; s++)
    for (let i = t.sentStarts[s]!; i < t.sentEnds[s]!; i++)
      if (c.quoted[i]) {
        out[s] = 1;
        break;
      }
  return out;
}

/** The score of a feature list: above the model's threshold means a cue. */
export const cueScore = (weights: ScoreTable, feats: readonly number[]): number => weights.score(feats, feats.length);

/** A loaded model from its file. */
export function quoteModelFrom(file: QuoteModelFile): QuoteModel {
  if (file.format !== 'dossier-quote-cues@3')
    throw new Error(
      `models/quote-cues.json: format ${file.format} is not dossier-quote-cues@3; rebuild it with npm run train:quotes`,
    );
  return {
    version: file.version,
    threshold: file.threshold,
    candidates: new Set(file.candidates),
    space: new FeatureSpace(file.vocab),
    weights: new ScoreTable(file.weights, CUE_TEMPLATES.length),
  };
}

/** Where the model file is, from the source tree (tests) or from dist/. */
const shipped = (file: string): string | undefined => modelCandidates(file).find((p) => existsSync(p));

let cached: QuoteModel | null | undefined;

/** The shipped cue model, loaded on first use; null when no model file is shipped (rules only). */
export function loadQuoteModel(): QuoteModel | null {
  if (cached === undefined) {
    const path = shipped('quote-cues.json');
    cached = path ? quoteModelFrom(JSON.parse(readFileSync(path, 'utf8')) as QuoteModelFile) : null;
  }
  return cached;
}

/** A model file's version from the head of the file (no model load). */
function headVersion(path: string): string | null {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(256);
    const n = readSync(fd, head, 0, 256, 0);
    return /"version":"([^"]+)"/.exec(head.subarray(0, n).toString('utf8'))?.[1] ?? null;
  } finally {
    closeSync(fd);
  }
}

/** The shipped quote models' versions (cue model, boundary model, first-name genders), joined by `+`; null when none is shipped. */
export function quoteModelVersion(): string | null {
  const versions = ['quote-cues.json', 'quote-bounds.json', 'name-genders.json'].flatMap((f) => {
    const path = shipped(f);
    const v = path ? headVersion(path) : null;
    return v ? [v] : [];
  });
  return versions.length ? versions.join('+') : null;
}

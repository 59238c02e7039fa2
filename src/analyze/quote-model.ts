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
import { fileURLToPath } from 'node:url';
import { CUES, SPEAKER_PRONOUNS } from './quote-lexicon.js';
import { findMarkSpans } from './quote-marks.js';
import { KIND, type Tokens } from './tokenize.js';

/** The file format of the cue model. */
export interface QuoteModelFile {
  format: 'dossier-quote-cues@1';
  /** Model version, part of the analyze stage version. */
  version: string;
  /** What it was trained on, and its scores (the model card is `models/README.md`). */
  trainedOn: string;
  /** Lower-cased words that are scored; any other word is never a model cue. */
  candidates: string[];
  /** Feature weights (averaged); the bias is the feature `bias`. */
  weights: Record<string, number>;
}

/** A loaded cue model. */
export interface QuoteModel {
  version: string;
  candidates: ReadonlySet<string>;
  weights: ReadonlyMap<string, number>;
}

/** The token context the features read: lower-cased and raw texts, kinds, and which tokens sit inside quotation marks. */
export interface CueContext {
  raw: readonly string[];
  low: readonly string[];
  kinds: Uint8Array;
  /** 1 where the token is inside a quotation-mark span. */
  quoted: Uint8Array;
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

/** The features of token `i` in the sentence `[sS, sE)`; `quoteInSentence`: the sentence holds a quotation. */
export function cueFeatures(c: CueContext, i: number, sS: number, sE: number, quoteInSentence: boolean): string[] {
  const w = c.low[i]!;
  const st = stem(w);
  const p1 = i > sS ? c.low[i - 1]! : '<s>';
  const p2 = i - 1 > sS ? c.low[i - 2]! : '<s>';
  const n1 = i + 1 < sE ? c.low[i + 1]! : '</s>';
  const n2 = i + 2 < sE ? c.low[i + 2]! : '</s>';
  let that = false;
  let colon = false;
  let open = false;
  for (let k = i + 1; k < sE && k <= i + LOOK_RIGHT; k++) {
    const r = c.raw[k]!;
    if (c.low[k] === 'that') that = true;
    else if (r === ':') colon = true;
    else if (OPENERS.has(r)) open = true;
  }
  const prevCap = i > sS && c.kinds[i - 1] === KIND.word && c.raw[i - 1]![0] !== c.low[i - 1]![0];
  const prevPron = SPEAKER_PRONOUNS.has(p1);
  const prevComma = p1 === ',' || CLOSERS.has(c.raw[i - 1] ?? '');
  const cap = i > sS && c.raw[i]![0] !== w[0];
  const nextCap = i + 1 < sE && c.kinds[i + 1] === KIND.word && c.raw[i + 1]![0] !== n1[0];
  const right = Math.min(3, Math.floor((sE - i) / 4));
  const f = [
    'bias',
    `w=${w}`,
    `s=${st}`,
    `p1=${p1}`,
    `n1=${n1}`,
    `p2=${p2}`,
    `n2=${n2}`,
    `p1w=${p1}|${w}`,
    `wn1=${w}|${n1}`,
    `sn1=${st}|${n1}`,
    `sp1=${p1}|${st}`,
    `that=${that}|${st}`,
    `colon=${colon}|${st}`,
    `open=${open}|${st}`,
    `qs=${quoteInSentence}|${st}`,
    `pcap=${prevCap}|${st}`,
    `ppron=${prevPron}|${st}`,
    `pcomma=${prevComma}|${st}`,
    `ncap=${nextCap}|${st}`,
    `cap=${cap}`,
    `first=${i === sS}`,
    `right=${right}|${st}`,
    `lex=${CUES.has(w)}`,
  ];
  if (AUX_BE.has(p1)) f.push(`pbe|${st}`);
  if (AUX_HAVE.has(p1)) f.push(`phave|${st}`);
  if (DETS.has(p1)) f.push(`pdet|${st}`);
  if (p1 === 'to') f.push(`pto|${st}`);
  if (p1 === 'who' || p1 === 'which') f.push(`pwho|${st}`);
  return f;
}

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

/** The score of a feature list: positive means a cue. */
export function cueScore(weights: ReadonlyMap<string, number>, feats: readonly string[]): number {
  let s = 0;
  for (const f of feats) s += weights.get(f) ?? 0;
  return s;
}

/** A loaded model from its file. */
export function quoteModelFrom(file: QuoteModelFile): QuoteModel {
  return {
    version: file.version,
    candidates: new Set(file.candidates),
    weights: new Map(Object.entries(file.weights)),
  };
}

/** Where the model file is, from the source tree (tests) or from dist/. */
const shipped = (file: string): string | undefined =>
  [`../../models/${file}`, `../../../models/${file}`]
    .map((p) => fileURLToPath(new URL(p, import.meta.url)))
    .find((p) => existsSync(p));

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

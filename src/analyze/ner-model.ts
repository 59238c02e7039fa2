/**
 * The statistical named-entity tagger: a greedy averaged perceptron over
 * BILOU tags (Ratinov & Roth 2009's recipe without clusters). The same feature
 * function serves training (`scripts/train-ner.ts`) and tagging, so they
 * cannot drift apart. Words in, tag indices out; offsets are the caller's.
 */

/** Entity types the model predicts. */
export const MODEL_TYPES = ['PERSON', 'ORG', 'LOC', 'PRODUCT', 'EVENT'] as const;

/** BILOU tags: `O`, then B/I/L/U for each type. */
export const TAGS: readonly string[] = [
  'O',
  ...MODEL_TYPES.flatMap((t) => ['B', 'I', 'L', 'U'].map((p) => `${p}-${t}`)),
];
const N_TAGS = TAGS.length;

/** Gazetteer categories, read from the model file (built from the `world-countries` package at training time). */
export interface Gazetteer {
  /** Lower-case phrases (one or more tokens joined by a space) and their category: `country`, `capital`, `demonym`. */
  phrases: Map<string, string>;
  /** The longest phrase in tokens. */
  maxTokens: number;
  /** First words of phrases of two or more tokens: only these start a multi-token lookup. */
  firstWords: Set<string>;
}

/** The weights of a trained model: feature -> dense row of one weight per tag. */
export type Weights = Map<string, Float32Array>;

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

/** Gazetteer categories per token as BILOU-like marks (`B-country`), longest match first. */
export function gazetteerMarks(lower: readonly string[], gaz: Gazetteer): string[] {
  const marks = new Array<string>(lower.length).fill('');
  for (let i = 0; i < lower.length; i++) {
    const longest = gaz.firstWords.has(lower[i] as string) ? Math.min(gaz.maxTokens, lower.length - i) : 1;
    for (let len = longest; len >= 1; len--) {
      const phrase = len === 1 ? (lower[i] as string) : lower.slice(i, i + len).join(' ');
      const cat = gaz.phrases.get(phrase);
      if (!cat) continue;
      if (len === 1) marks[i] = `U-${cat}`;
      else {
        for (let k = i; k < i + len; k++) marks[k] = `${k === i ? 'B' : k === i + len - 1 ? 'L' : 'I'}-${cat}`;
      }
      i += len - 1;
      break;
    }
  }
  return marks;
}

/** What the feature function needs about one sentence, computed once. */
export interface SentenceView {
  words: readonly string[];
  lower: string[];
  shapes: string[];
  gaz: string[];
}

/** Prepares a sentence for feature extraction. */
export function viewOf(words: readonly string[], gaz: Gazetteer): SentenceView {
  const lower = words.map((w) => w.toLowerCase());
  return { words, lower, shapes: words.map(shape), gaz: gazetteerMarks(lower, gaz) };
}

/**
 * Features of token `i` given the two previous predicted tags. Strings are
 * short prefixed keys; the model file stores only those that earned weight.
 */
export function features(v: SentenceView, i: number, prev: string, prev2: string, out: string[]): number {
  const w = v.words[i] as string;
  const l = v.lower[i] as string;
  const sh = v.shapes[i] as string;
  const at = (k: number, arr: readonly string[], edge: string) =>
    k < 0 || k >= arr.length ? edge : (arr[k] as string);
  let n = 0;
  out[n++] = 'b';
  out[n++] = `w=${l}`;
  out[n++] = `s=${sh}`;
  out[n++] = `p3=${l.slice(0, 3)}`;
  out[n++] = `x3=${l.slice(-3)}`;
  out[n++] = `x4=${l.slice(-4)}`;
  out[n++] = `x2=${l.slice(-2)}`;
  out[n++] = `W=${w}`;
  out[n++] = `w-1=${at(i - 1, v.lower, '<s>')}`;
  out[n++] = `w+1=${at(i + 1, v.lower, '</s>')}`;
  out[n++] = `w-2=${at(i - 2, v.lower, '<s>')}`;
  out[n++] = `w+2=${at(i + 2, v.lower, '</s>')}`;
  out[n++] = `s-1=${at(i - 1, v.shapes, '<s>')}|${sh}`;
  out[n++] = `s+1=${sh}|${at(i + 1, v.shapes, '</s>')}`;
  out[n++] = `first=${i === 0}|${sh}`;
  out[n++] = `g=${v.gaz[i]}`;
  out[n++] = `g-1=${at(i - 1, v.gaz, '<s>')}`;
  out[n++] = `g+1=${at(i + 1, v.gaz, '</s>')}`;
  out[n++] = `t-1=${prev}`;
  out[n++] = `t-2=${prev2}|${prev}`;
  out[n++] = `t-1w=${prev}|${l}`;
  out[n++] = `t-1s=${prev}|${sh}`;
  out[n++] = `w-1w=${at(i - 1, v.lower, '<s>')}|${l}`;
  out[n++] = `ww+1=${l}|${at(i + 1, v.lower, '</s>')}`;
  return n;
}

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

/** The best tag allowed after `prev` (and, at the end of a sentence, one that closes every entity). */
export function bestTag(scores: Float32Array | Float64Array, prev: number, last: boolean): number {
  let best = -1;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (let t = 0; t < N_TAGS; t++) {
    if (!ALLOWED[prev * N_TAGS + t]) continue;
    const tag = TAGS[t] as string;
    if (last && (tag[0] === 'B' || tag[0] === 'I')) continue;
    const s = scores[t] as number;
    if (s > bestScore) {
      bestScore = s;
      best = t;
    }
  }
  return Math.max(best, 0);
}

/** Tags one sentence greedily, left to right. Returns tag indices. */
export function tagSentence(view: SentenceView, weights: Weights): Uint8Array {
  const n = view.words.length;
  const tags = new Uint8Array(n);
  const feats: string[] = [];
  const scores = new Float32Array(N_TAGS);
  let prev = 0;
  let prev2 = 0;
  for (let i = 0; i < n; i++) {
    const count = features(view, i, TAGS[prev] as string, TAGS[prev2] as string, feats);
    scores.fill(0);
    for (let f = 0; f < count; f++) {
      const row = weights.get(feats[f] as string);
      if (!row) continue;
      for (let t = 0; t < N_TAGS; t++) scores[t] = (scores[t] as number) + (row[t] as number);
    }
    const tag = bestTag(scores, prev, i === n - 1);
    tags[i] = tag;
    prev2 = prev;
    prev = tag;
  }
  return tags;
}

/** Entity spans (token indices, end exclusive) from BILOU tag indices. */
export function spansFromTags(tags: Uint8Array): Array<{ start: number; end: number; type: string }> {
  const spans: Array<{ start: number; end: number; type: string }> = [];
  let open = -1;
  for (let i = 0; i < tags.length; i++) {
    const tag = TAGS[tags[i] as number] as string;
    const p = tag[0];
    if (p === 'U') spans.push({ start: i, end: i + 1, type: tag.slice(2) });
    else if (p === 'B') open = i;
    else if (p === 'L' && open >= 0) {
      spans.push({ start: open, end: i + 1, type: tag.slice(2) });
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
  format: 'dossier-ner/1';
  /** Model version; part of the analyze stage version, so a new model means re-analysis. */
  version: string;
  tags: string[];
  /** Training data, settings and dev scores, for people reading the file. */
  meta: Record<string, unknown>;
  gazetteer: Record<string, string[]>;
  /** Feature -> sparse weights `[tag, weight, tag, weight, ...]`. */
  weights: Record<string, number[]>;
}

/** A model ready to tag: weights as dense rows, gazetteer as a phrase map. */
export interface NerModel {
  version: string;
  weights: Weights;
  gazetteer: Gazetteer;
  meta: Record<string, unknown>;
}

/** Builds the gazetteer lookup from category -> phrases lists. */
export function gazetteerFrom(lists: Record<string, string[]>): Gazetteer {
  const phrases = new Map<string, string>();
  const firstWords = new Set<string>();
  let maxTokens = 1;
  for (const [cat, list] of Object.entries(lists)) {
    for (const p of list) {
      const key = p.toLowerCase();
      if (!phrases.has(key)) phrases.set(key, cat);
      const words = key.split(' ');
      maxTokens = Math.max(maxTokens, words.length);
      if (words.length > 1) firstWords.add(words[0] as string);
    }
  }
  return { phrases, maxTokens, firstWords };
}

/** Loads a model file's content; throws on a file that is not a dossier NER model (misuse, not input). */
export function modelFrom(file: ModelFile): NerModel {
  if (file.format !== 'dossier-ner/1' || file.tags.join(',') !== TAGS.join(','))
    throw new Error('models/ner.json is not a dossier-ner/1 model for these tags; rebuild it with npm run train:ner');
  const weights: Weights = new Map();
  for (const [f, sparse] of Object.entries(file.weights)) {
    const row = new Float32Array(N_TAGS);
    for (let k = 0; k < sparse.length; k += 2) row[sparse[k] as number] = sparse[k + 1] as number;
    weights.set(f, row);
  }
  return { version: file.version, weights, gazetteer: gazetteerFrom(file.gazetteer), meta: file.meta };
}

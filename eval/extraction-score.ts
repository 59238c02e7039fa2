/**
 * The scoring rule of the Scrapinghub / Zyte article extraction benchmark,
 * reimplemented from its description (`../shared/data/article-extraction/README.md`):
 * word tokens, 4-token shingles as a multiset, per-document TP/FP/FN,
 * corpus precision and recall as plain means, F1 from those two means, and
 * exact-match accuracy on the token lists.
 */

/** Maximal runs of Unicode letters, numbers and underscore; case kept. */
const WORD = /[\p{L}\p{N}_]+/gu;
/** Shingle width of the benchmark. */
const SHINGLE = 4;

/** The benchmark's tokens of a text; a missing body is empty. */
export function tokenize(text: string | null | undefined): string[] {
  if (!text) return [];
  return text.match(WORD) ?? [];
}

/** The multiset of shingles of a token list: 4-token windows, or one shorter shingle for 1 to 3 tokens. */
export function shingles(tokens: readonly string[]): Map<string, number> {
  const bag = new Map<string, number>();
  if (tokens.length === 0) return bag;
  // a unit separator never occurs inside a token, so joined shingles cannot collide
  if (tokens.length < SHINGLE) {
    bag.set(tokens.join('\u001f'), 1);
    return bag;
  }
  for (let i = 0; i + SHINGLE <= tokens.length; i++) {
    const key = tokens.slice(i, i + SHINGLE).join('\u001f');
    bag.set(key, (bag.get(key) ?? 0) + 1);
  }
  return bag;
}

/** One document's shingle counts, normalised so they sum to 1 (all zero when both texts are empty). */
export interface DocCounts {
  tp: number;
  fp: number;
  fn: number;
}

/** TP, FP and FN of one prediction against its truth, divided by their sum. */
export function documentCounts(truth: string | null | undefined, prediction: string | null | undefined): DocCounts {
  const t = shingles(tokenize(truth));
  const p = shingles(tokenize(prediction));
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [key, tc] of t) {
    const pc = p.get(key) ?? 0;
    tp += Math.min(tc, pc);
    fn += Math.max(0, tc - pc);
  }
  for (const [key, pc] of p) fp += Math.max(0, pc - (t.get(key) ?? 0));
  const sum = tp + fp + fn;
  return sum === 0 ? { tp: 0, fp: 0, fn: 0 } : { tp: tp / sum, fp: fp / sum, fn: fn / sum };
}

/**
 * Precision and recall of one document: 1 when it has neither FP nor FN;
 * null when it does not count toward that mean (TP+FP = 0, or TP+FN = 0).
 */
export function documentPrecisionRecall(c: DocCounts): { precision: number | null; recall: number | null } {
  const perfect = c.fp === 0 && c.fn === 0;
  return {
    precision: c.tp + c.fp > 0 ? (perfect ? 1 : c.tp / (c.tp + c.fp)) : null,
    recall: c.tp + c.fn > 0 ? (perfect ? 1 : c.tp / (c.tp + c.fn)) : null,
  };
}

/** Per-document result, for error analysis. */
export interface DocumentScore {
  id: string;
  precision: number | null;
  recall: number | null;
  f1: number;
  exact: boolean;
}

/** Corpus figures of one extractor. */
export interface CorpusScore {
  precision: number;
  recall: number;
  f1: number;
  accuracy: number;
  documents: number;
  perDocument: DocumentScore[];
}

/**
 * Scores predictions against ground truth. Every id of the truth is scored;
 * an id missing from the predictions counts as an empty body.
 */
export function scoreCorpus(
  truth: ReadonlyMap<string, string>,
  predictions: ReadonlyMap<string, string | null | undefined>,
): CorpusScore {
  let pSum = 0;
  let pN = 0;
  let rSum = 0;
  let rN = 0;
  let exact = 0;
  const perDocument: DocumentScore[] = [];
  for (const [id, body] of truth) {
    const predicted = predictions.get(id);
    const { precision, recall } = documentPrecisionRecall(documentCounts(body, predicted));
    if (precision !== null) {
      pSum += precision;
      pN++;
    }
    if (recall !== null) {
      rSum += recall;
      rN++;
    }
    const same = sameTokens(tokenize(body), tokenize(predicted));
    if (same) exact++;
    const p = precision ?? 0;
    const r = recall ?? 0;
    perDocument.push({ id, precision, recall, f1: p + r > 0 ? (2 * p * r) / (p + r) : 0, exact: same });
  }
  const precision = pN ? pSum / pN : 0;
  const recall = rN ? rSum / rN : 0;
  return {
    precision,
    recall,
    f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0,
    accuracy: truth.size ? exact / truth.size : 0,
    documents: truth.size,
    perDocument,
  };
}

function sameTokens(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

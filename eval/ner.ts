/**
 * Entity-level exact-match scoring (the CoNLL `conlleval` convention): a
 * predicted entity counts only when its first token, last token and type all
 * equal a gold entity's. Micro precision/recall/F1 overall and per type.
 */
import type { NerDocument, TokenSpan } from './ner-data.js';

/** Counts and figures for one type or overall. */
export interface Figures {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

/** The result of scoring one system on one data set. */
export interface NerScore {
  name: string;
  overall: Figures;
  perType: Record<string, Figures>;
  seconds: number;
}

/** Predicts entity spans for every sentence of a document (one array per sentence). */
export type Predictor = (doc: NerDocument) => TokenSpan[][];

function figures(tp: number, fp: number, fn: number): Figures {
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { tp, fp, fn, precision, recall, f1 };
}

/**
 * Scores a predictor. `mapType` turns a predicted type into the data set's
 * type set (null drops the prediction: a type the data does not annotate).
 */
export function scoreNer(
  name: string,
  docs: readonly NerDocument[],
  predict: Predictor,
  mapType: (type: string) => string | null = (t) => t,
): NerScore {
  const counts = new Map<string, { tp: number; fp: number; fn: number }>();
  const count = (type: string) => {
    let c = counts.get(type);
    if (!c) {
      c = { tp: 0, fp: 0, fn: 0 };
      counts.set(type, c);
    }
    return c;
  };
  const started = performance.now();
  for (const doc of docs) {
    const predicted = predict(doc);
    doc.sentences.forEach((sentence, s) => {
      const gold = new Set(sentence.gold.map((g) => `${g.start}:${g.end}:${g.type}`));
      for (const g of sentence.gold) count(g.type);
      const seen = new Set<string>();
      for (const p of predicted[s] ?? []) {
        const type = mapType(p.type);
        if (!type) continue;
        const key = `${p.start}:${p.end}:${type}`;
        if (seen.has(key)) continue;
        seen.add(key);
        if (gold.has(key)) {
          count(type).tp++;
          gold.delete(key);
        } else count(type).fp++;
      }
      for (const key of gold) count(key.split(':')[2] as string).fn++;
    });
  }
  const seconds = (performance.now() - started) / 1000;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const perType: Record<string, Figures> = {};
  for (const [type, c] of [...counts].sort(([a], [b]) => a.localeCompare(b))) {
    perType[type] = figures(c.tp, c.fp, c.fn);
    tp += c.tp;
    fp += c.fp;
    fn += c.fn;
  }
  return { name, overall: figures(tp, fp, fn), perType, seconds };
}

/** Where a system's mistakes are, per gold type: every gold name and every prediction lands in exactly one bucket. */
export interface ErrorBreakdown {
  /** Gold type -> counts: `correct`; `type` (same tokens, other type); `boundary` (overlaps a prediction of its type, other tokens); `both` (overlaps only predictions of other types and tokens); `missed` (no prediction overlaps it). */
  gold: Record<string, { correct: number; type: number; boundary: number; both: number; missed: number }>;
  /** Predicted type -> predictions that overlap no gold name. */
  spurious: Record<string, number>;
  /** The most frequent confusions, `gold>predicted` (same tokens) -> count. */
  confusions: Record<string, number>;
}

/** Classifies a predictor's errors on documents (the same `mapType` as `scoreNer`). */
export function nerErrors(
  docs: readonly NerDocument[],
  predict: Predictor,
  mapType: (type: string) => string | null = (t) => t,
): ErrorBreakdown {
  const gold: ErrorBreakdown['gold'] = {};
  const spurious: Record<string, number> = {};
  const confusions: Record<string, number> = {};
  const overlaps = (a: TokenSpan, b: TokenSpan) => a.start < b.end && b.start < a.end;
  for (const doc of docs) {
    const predicted = predict(doc);
    doc.sentences.forEach((sentence, s) => {
      const preds = (predicted[s] ?? []).flatMap((p) => {
        const type = mapType(p.type);
        return type ? [{ ...p, type }] : [];
      });
      for (const g of sentence.gold) {
        const c = (gold[g.type] ??= { correct: 0, type: 0, boundary: 0, both: 0, missed: 0 });
        const over = preds.filter((p) => overlaps(p, g));
        const same = over.find((p) => p.start === g.start && p.end === g.end);
        if (same && same.type === g.type) c.correct++;
        else if (same) {
          c.type++;
          const key = `${g.type}>${same.type}`;
          confusions[key] = (confusions[key] ?? 0) + 1;
        } else if (over.some((p) => p.type === g.type)) c.boundary++;
        else if (over.length) c.both++;
        else c.missed++;
      }
      for (const p of preds) {
        if (!sentence.gold.some((g) => overlaps(p, g))) spurious[p.type] = (spurious[p.type] ?? 0) + 1;
      }
    });
  }
  return { gold, spurious, confusions };
}

/** The breakdown as a few lines of text. */
export function formatNerErrors(e: ErrorBreakdown): string {
  const lines = [`${'gold'.padEnd(9)} correct  type  boundary  both  missed`];
  for (const [t, c] of Object.entries(e.gold).sort(([a], [b]) => a.localeCompare(b)))
    lines.push(
      `${t.padEnd(9)} ${String(c.correct).padStart(7)} ${String(c.type).padStart(5)} ${String(c.boundary).padStart(9)} ${String(c.both).padStart(5)} ${String(c.missed).padStart(7)}`,
    );
  const list = (r: Record<string, number>) =>
    Object.entries(r)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
  lines.push(`spurious (overlap no gold name): ${list(e.spurious) || 'none'}`);
  lines.push(`type confusions on the right tokens (gold>predicted): ${list(e.confusions) || 'none'}`);
  return lines.join('\n');
}

/** The text of a document and each token's character offsets, rebuilt from the tokens' spacing. */
export function documentText(doc: NerDocument): { text: string; offsets: Array<Array<[number, number]>> } {
  let text = '';
  const offsets: Array<Array<[number, number]>> = [];
  for (const sentence of doc.sentences) {
    const sent: Array<[number, number]> = [];
    sentence.words.forEach((w, i) => {
      sent.push([text.length, text.length + w.length]);
      text += w;
      if (sentence.spaceAfter[i] || i === sentence.words.length - 1) text += ' ';
    });
    offsets.push(sent);
  }
  return { text, offsets };
}

/** Maps character spans of a document's text to token spans; spans that do not align with tokens are kept as misaligned (never correct). */
export function charSpansToTokens(
  offsets: Array<Array<[number, number]>>,
  spans: ReadonlyArray<{ start: number; end: number; type: string }>,
): TokenSpan[][] {
  const out: TokenSpan[][] = offsets.map(() => []);
  const starts = new Map<number, [number, number]>();
  const ends = new Map<number, [number, number]>();
  offsets.forEach((sent, s) => {
    sent.forEach(([a, b], t) => {
      starts.set(a, [s, t]);
      ends.set(b, [s, t]);
    });
  });
  for (const span of spans) {
    const a = starts.get(span.start);
    const b = ends.get(span.end);
    if (a && b && a[0] === b[0]) out[a[0]]?.push({ start: a[1], end: b[1] + 1, type: span.type });
    else if (a) out[a[0]]?.push({ start: a[1], end: -1, type: span.type }); // counts as a false positive
  }
  return out;
}

/** A table of figures, one column pair per system. */
export function formatNerScores(scores: readonly NerScore[], title: string): string {
  const types = [...new Set(scores.flatMap((s) => Object.keys(s.perType)))].sort();
  const pct = (x: number) => (100 * x).toFixed(1).padStart(5);
  const lines = [title, `${'type'.padEnd(9)}${scores.map((s) => `  ${s.name.padEnd(25)}`).join('')}`];
  lines.push(`${''.padEnd(9)}${scores.map(() => '      P     R    F1  gold').join('')}`);
  const row = (label: string, pick: (s: NerScore) => Figures | undefined) =>
    `${label.padEnd(9)}${scores
      .map((s) => {
        const f = pick(s);
        return f
          ? `  ${pct(f.precision)} ${pct(f.recall)} ${pct(f.f1)} ${String(f.tp + f.fn).padStart(5)}`
          : `  ${'-'.padStart(23)}`;
      })
      .join('')}`;
  for (const t of types) lines.push(row(t, (s) => s.perType[t]));
  lines.push(row('overall', (s) => s.overall));
  lines.push(`${'seconds'.padEnd(9)}${scores.map((s) => `  ${s.seconds.toFixed(2).padStart(23)}`).join('')}`);
  return lines.join('\n');
}

/**
 * Training of the NER's span typer (`src/analyze/span-types.ts`): a
 * multiclass averaged perceptron over the features of the spans the tagger
 * found, each labelled with the type of the gold name it matches exactly, or
 * `''` (no name) when it matches none. The spans come from taggers that did
 * not see their documents (cross-validation folds), so the typer learns the
 * tagger's mistakes as they will be at run time. Deterministic (seeded order).
 */
import type { NerDocument } from '../eval/ner-data.js';
import { recognizeDocument } from '../src/analyze/entities.js';
import type { NerModel } from '../src/analyze/ner-model.js';
import { N_SPAN_CLASSES, SPAN_CLASSES } from '../src/analyze/span-types.js';
import { mulberry32 } from '../src/random.js';

/** One tagger span: its features and its class (`SPAN_CLASSES` index; 0 when no gold name has its exact tokens). */
export interface SpanExample {
  feats: Int32Array;
  label: number;
}

/** The span typer's examples from a tagger's output on documents it was not trained on. */
export function spanExamples(docs: readonly NerDocument[], tagger: NerModel): SpanExample[] {
  const out: SpanExample[] = [];
  for (const doc of docs) {
    recognizeDocument(
      doc.sentences.map((s) => s.words),
      tagger,
      undefined,
      (k, span, feats, n) => {
        const gold = doc.sentences[k]?.gold.find((g) => g.start === span.start && g.end === span.end);
        const label = gold ? SPAN_CLASSES.indexOf(gold.type as (typeof SPAN_CLASSES)[number]) : 0;
        out.push({ feats: feats.slice(0, n), label: Math.max(0, label) });
      },
    );
  }
  return out;
}

/** Averaged weights whose largest magnitude is below this are left out of the file. */
const PRUNE = 0.01;
const C = N_SPAN_CLASSES;

/**
 * Trains for `epochs` passes and returns the averaged weights after each
 * (sparse `[class, weight, ...]` rows by feature hash in decimal, as the
 * model file stores them). Without `drop`, spans of no name are left out and
 * only the types compete.
 */
export function trainSpanTyper(
  examples: readonly SpanExample[],
  epochs: number,
  drop: boolean,
  seed: number,
): Array<Record<string, number[]>> {
  const data = drop ? examples : examples.filter((e) => e.label !== 0);
  const rows = new Map<number, Float64Array>();
  let clock = 0;
  const update = (f: number, c: number, delta: number) => {
    let row = rows.get(f);
    if (!row) {
      row = new Float64Array(3 * C);
      rows.set(f, row);
    }
    row[C + c] = row[C + c]! + (clock - row[2 * C + c]!) * row[c]!;
    row[2 * C + c] = clock;
    row[c] = row[c]! + delta;
  };
  const averaged = () => {
    const out: Record<string, number[]> = {};
    const now = Math.max(clock, 1);
    for (const f of [...rows.keys()].sort((a, b) => a - b)) {
      const row = rows.get(f)!;
      const sparse: number[] = [];
      let max = 0;
      for (let c = 0; c < C; c++) {
        const avg = (row[C + c]! + (now - row[2 * C + c]!) * row[c]!) / now;
        const rounded = Math.round(avg * 1000) / 1000;
        if (rounded !== 0) sparse.push(c, rounded);
        max = Math.max(max, Math.abs(avg));
      }
      if (max >= PRUNE && sparse.length) out[String(f)] = sparse;
    }
    return out;
  };
  const random = mulberry32(seed);
  const order = data.map((_, i) => i);
  const scores = new Float64Array(C);
  const curve: Array<Record<string, number[]>> = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const idx of order) {
      const { feats, label } = data[idx]!;
      clock++;
      scores.fill(0);
      for (const f of feats) {
        const row = rows.get(f);
        if (row) for (let c = 0; c < C; c++) scores[c] = scores[c]! + row[c]!;
      }
      let guess = drop ? 0 : 1;
      for (let c = guess + 1; c < C; c++) if (scores[c]! > scores[guess]!) guess = c;
      if (guess === label) continue;
      for (const f of feats) {
        update(f, label, 1);
        update(f, guess, -1);
      }
    }
    curve.push(averaged());
  }
  return curve;
}

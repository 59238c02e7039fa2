import { describe, expect, it } from 'vitest';
import { type SpanExample, spanExamples, trainSpanTyper } from '../scripts/span-trainer.js';
import { recognizeDocument } from '../src/analyze/entities.js';
import { loadModel } from '../src/analyze/model.js';
import { bestSpanClass, MAX_SPAN_FEATURES, N_SPAN_CLASSES, SpanTable } from '../src/analyze/span-types.js';
import type { NerDocument } from './ner-data.js';

describe('span table', () => {
  it('adds a stored feature’s weights and nothing for an absent one', () => {
    const table = new SpanTable({ '17': [1, 0.5, 3, -2], '-40': [0, 1] });
    const into = new Float64Array(N_SPAN_CLASSES);
    table.add(17, into);
    table.add(99, into);
    table.add(-40, into);
    expect([...into]).toEqual([1000, 500, 0, -2000, 0, 0]);
  });

  it('refuses a zero hash, a row of more classes than it has, or a weight past 16 bits of thousandths', () => {
    expect(() => new SpanTable({ '0': [1, 1] })).toThrow(/span typer feature 0/);
    expect(() => new SpanTable({ '5': [0, 1, 1, 1, 2, 1, 3, 1, 4, 1, 5, 1, 6, 1] })).toThrow(/at most 6 weights/);
    expect(() => new SpanTable({ '5': [2, 40] })).toThrow(/weight 40 past/);
  });
});

describe('span typer training', () => {
  // feature 11 marks people, 22 places, 33 spans that are no name; 44 is on every span
  const examples: SpanExample[] = [];
  for (let i = 0; i < 30; i++) {
    examples.push({ feats: Int32Array.of(11, 44), label: 1 });
    examples.push({ feats: Int32Array.of(22, 44), label: 3 });
    examples.push({ feats: Int32Array.of(33, 44), label: 0 });
  }
  const classOf = (weights: Record<string, number[]>, f: number, drop: boolean) =>
    bestSpanClass(new SpanTable(weights), Int32Array.of(f, 44), 2, drop);

  it('learns the classes, and drops a span only when allowed to', () => {
    const withDrop = trainSpanTyper(examples, 3, true, 1);
    expect(withDrop).toHaveLength(3);
    const last = withDrop.at(-1)!;
    expect([classOf(last, 11, true), classOf(last, 22, true), classOf(last, 33, true)]).toEqual([1, 3, 0]);
    const typeOnly = trainSpanTyper(examples, 3, false, 1).at(-1)!;
    expect([classOf(typeOnly, 11, false), classOf(typeOnly, 22, false)]).toEqual([1, 3]);
    expect(classOf(typeOnly, 33, false)).not.toBe(0);
  });

  it('is deterministic for a seed', () => {
    expect(JSON.stringify(trainSpanTyper(examples, 2, true, 7))).toBe(
      JSON.stringify(trainSpanTyper(examples, 2, true, 7)),
    );
  });
});

describe('span typer in recognizeDocument', () => {
  const words = 'Prime Minister Boris Johnson met Angela Merkel in Berlin on Monday .'.split(' ');
  const doc: NerDocument = {
    id: 'test',
    sentences: [{ words, spaceAfter: words.map(() => true), gold: [{ start: 5, end: 7, type: 'PERSON' }] }],
  };

  it('labels each tagger span by the gold name it matches exactly, else as no name', () => {
    const model = loadModel();
    const found = recognizeDocument([words], model, undefined, () => {});
    const fromTagger = found[0]!.filter((s) => s.via === 'model');
    expect(fromTagger.length).toBeGreaterThan(1);
    const examples = spanExamples([doc], model);
    expect(examples).toHaveLength(fromTagger.length);
    fromTagger.forEach((s, k) => {
      expect(examples[k]!.label).toBe(s.start === 5 && s.end === 7 ? 1 : 0);
      expect(examples[k]!.feats.length).toBeGreaterThan(10);
      expect(examples[k]!.feats.length).toBeLessThanOrEqual(MAX_SPAN_FEATURES);
    });
  });

  it('the shipped model types the spans it keeps with the typer and finds the people', () => {
    const model = loadModel();
    expect(model.spanTyper).toBeDefined();
    const spans = recognizeDocument([words], model)[0]!;
    const text = spans.map((s) => `${words.slice(s.start, s.end).join(' ')}/${s.type}`);
    expect(text).toContain('Angela Merkel/PERSON');
    expect(text).toContain('Berlin/LOC');
    expect(spans.every((s) => s.type !== '')).toBe(true);
  });
});

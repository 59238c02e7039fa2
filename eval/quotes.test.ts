import { describe, expect, it } from 'vitest';
import { codePointToUtf16, type DocSpans, parseBrat, scoreDocuments } from './quotes.js';

// a hand-made text with an emoji before the annotations: code-point offsets differ from UTF-16 ones by one
const TEXT = '😀 Title\n\n“We won,” Smith said. Jones told reporters that taxes would fall.';
const ANN = [
  'T1\tContent 9 18;29 30\t“We won,”', // two pieces (the second, ".", only to test the split)
  'T2\tSource 19 24\tSmith',
  'T3\tCue 25 29\tsaid',
  'T4\tAttribution 25 29\tsaid',
  'E1\tAttribution:T4 Content:T1 Cue:T3 Source:T2',
  'T5\tSource 31 36\tJones',
  'T6\tCue 37 41\ttold',
  'T7\tContent 52 73\tthat taxes would fall',
  'T8\tAttribution 37 41\ttold',
  'E2\tAttribution:T8 Source:T5 Cue:T6 Content:T7',
  'T9\tDiscard 0 5\tTitle',
  'a continuation line of a covered text with a newline',
].join('\n');

describe('PolNeAR brat reader', () => {
  it('maps code points to UTF-16 offsets', () => {
    const toU = codePointToUtf16('😀ab');
    expect([toU(0), toU(1), toU(2), toU(3)]).toEqual([0, 2, 3, 4]);
  });
  it('reads spans by offsets, pieces apart, attributions with their roles', () => {
    const d = parseBrat(ANN, TEXT);
    const at = (s: { start: number; end: number }) => TEXT.slice(s.start, s.end);
    expect(d.source.map(at)).toEqual(['Smith', 'Jones']);
    expect(d.cue.map(at)).toEqual(['said', 'told']);
    expect(d.content.map(at)).toEqual(['“We won,”', '.', 'that taxes would fall']);
    expect(d.attributions).toHaveLength(2);
    expect(d.attributions[1]!.source.map(at)).toEqual(['Jones']);
  });
});

describe('scorer arithmetic', () => {
  const s = (start: number, end: number) => ({ start, end });
  const gold: DocSpans = {
    source: [s(0, 5), s(20, 25)],
    cue: [s(6, 10), s(26, 30)],
    content: [s(11, 19), s(31, 50)],
    attributions: [
      { content: [s(11, 19)], cue: [s(6, 10)], source: [s(0, 5)] },
      { content: [s(31, 50)], cue: [s(26, 30)], source: [s(20, 25)] },
    ],
  };
  it('exact and overlap counts, duplicates once, attribution needs content and source', () => {
    const pred: DocSpans = {
      source: [s(0, 5), s(21, 25), s(60, 62)], // exact, overlap only, nothing
      cue: [s(6, 10), s(6, 10)], // duplicates count once
      content: [s(11, 19), s(31, 40)],
      attributions: [
        { content: [s(11, 19)], cue: [s(6, 10)], source: [s(0, 5)] }, // matches the first
        { content: [s(31, 40)], cue: [], source: [s(60, 62)] }, // content overlaps, source wrong
      ],
    };
    const r = scoreDocuments([{ gold, pred }]);
    expect(r.exact.source).toMatchObject({ tp: 1, predicted: 3, gold: 2 });
    expect(r.exact.source.precision).toBeCloseTo(100 / 3);
    expect(r.exact.source.recall).toBeCloseTo(50);
    expect(r.exact.source.f1).toBeCloseTo(40);
    expect(r.overlap.source).toMatchObject({ tp: 2, predicted: 3, gold: 2 });
    expect(r.exact.cue).toMatchObject({ tp: 1, predicted: 1, gold: 2 });
    expect(r.exact.cue.f1).toBeCloseTo(200 / 3);
    expect(r.exact.content).toMatchObject({ tp: 1, predicted: 2 });
    expect(r.overlap.content).toMatchObject({ tp: 2, predicted: 2 });
    expect(r.attribution).toMatchObject({ tp: 1, predicted: 2, gold: 2 });
    expect(r.attribution.f1).toBeCloseTo(50);
  });
  it('overlap matching is one to one: two predictions inside one gold span count once', () => {
    const pred: DocSpans = { source: [], cue: [], content: [s(31, 35), s(36, 40)], attributions: [] };
    const r = scoreDocuments([{ gold, pred }]);
    expect(r.overlap.content).toMatchObject({ tp: 1, predicted: 2, gold: 2 });
    expect(r.overlap.content.precision).toBe(50);
  });
  it('nothing predicted: zeros, no division by zero', () => {
    const r = scoreDocuments([{ gold, pred: { source: [], cue: [], content: [], attributions: [] } }]);
    expect(r.exact.content).toMatchObject({ precision: 0, recall: 0, f1: 0 });
  });
});

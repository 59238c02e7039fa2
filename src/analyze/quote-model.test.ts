import { describe, expect, it } from 'vitest';
import {
  cueContext,
  cueFeatures,
  cueScore,
  loadQuoteModel,
  quotedSentences,
  quoteModelFrom,
  type QuoteModelFile,
  quoteModelVersion,
  stem,
} from './quote-model.js';
import { findQuotes } from './quotes.js';
import { tokenize } from './tokenize.js';

const model = loadQuoteModel();

describe('the trained cue model', () => {
  it('is shipped, with candidate words and weights only', () => {
    expect(model).not.toBeNull();
    expect(model!.version).toMatch(/^quote-cues-polnear-[0-9a-f]{10}$/);
    expect(model!.candidates.has('called')).toBe(true);
    expect(model!.candidates.has('the')).toBe(false);
    expect(model!.space.vocab.length).toBeGreaterThan(1000);
    expect(quoteModelVersion()).toMatch(
      new RegExp(`^${model!.version}\\+quote-bounds-polnear-[0-9a-f]{10}\\+name-genders-[0-9a-f]{10}$`),
    );
  });
  it('stems inflections to one form', () => {
    expect(['calls', 'called', 'calling'].map(stem)).toEqual(['call', 'call', 'call']);
    expect(stem('denied')).toBe('deny');
  });
  it('scores a verb of attribution above the same word used otherwise', () => {
    const score = (body: string, word: string) => {
      const t = tokenize(body);
      const c = cueContext(body, t);
      const i = c.low.indexOf(word);
      return cueScore(
        model!.weights,
        cueFeatures(c, i, 0, t.sentEnds[0]!, quotedSentences(c, t)[0] === 1, model!.space),
      );
    };
    expect(score('Graham called the plan “a disaster for the party.”', 'called')).toBeGreaterThan(model!.threshold);
    expect(score('The meeting was called off after the storm.', 'called')).toBeLessThan(model!.threshold);
  });
  it('takes a word as a cue above the threshold it ships with, chosen by cross-validation', () => {
    expect(model!.threshold).toBeLessThan(0);
    const body = 'Sirius XM Vice President Dave Gorab called the show “the conservative news show of record.”';
    expect(findQuotes(body).map((q) => q.cue?.text)).toEqual(['called']);
    expect(findQuotes(body, tokenize(body), { model: { ...model!, threshold: Infinity } })).toEqual([]);
  });
  it('refuses a model file of another format, naming the file and the fix', () => {
    const old = { format: 'dossier-quote-cues@2' } as unknown as QuoteModelFile;
    expect(() => quoteModelFrom(old)).toThrow(/quote-cues\.json.*npm run train:quotes/);
  });
  it('never reads a date as a speaker', () => {
    const body = 'Separately, March 5th is named as the date when the leaders are supposed to meet and discuss Idlib.';
    expect(findQuotes(body).map((q) => q.speaker.mention?.text)).not.toContain('March 5th');
  });
  it('finds attributions whose cue is outside the lexicon; the rules alone do not', () => {
    const body =
      'Sirius XM Vice President Dave Gorab called the show “the conservative news show of record.”\n\nBut now Clinton wants voters to know that she is with them.';
    const withModel = findQuotes(body);
    expect(withModel.map((q) => [q.cue?.text, q.speaker.mention?.text])).toEqual([
      ['called', 'Sirius XM Vice President Dave Gorab'],
      ['wants', 'Clinton'],
    ]);
    expect(withModel[0]!.text).toBe('the show “the conservative news show of record.”');
    expect(withModel[1]!.text).toBe('voters to know that she is with them');
    expect(findQuotes(body, tokenize(body), { model: null })).toEqual([]);
  });
  it('never takes a token a rule statement holds, and never starts on an auxiliary or adverb', () => {
    const body =
      'On Friday, the two leaders held a call discussing the ceasefire in Idlib, the foreign minister said.\n\nThe Pentagon has reportedly warned that the move would fail.';
    const qs = findQuotes(body);
    expect(qs.map((q) => q.cue?.text)).toEqual(['said', 'has reportedly warned']);
  });
});

import { describe, expect, it } from 'vitest';
import { loadBoundsModel } from './quote-bounds.js';
import { CUES, ROLE_NOUNS } from './quote-lexicon.js';
import { loadQuoteModel, stem } from './quote-model.js';
import { quoteWords, WORD_FLAG } from './quote-words.js';

const BODY =
  'Clinton told reporters on Tuesday that the plan "would fail," adding that voters deserve better. ' +
  'A new poll indicates Trump leads; the zzyzxq committee called the report a disaster, ' +
  'the foreign minister and a spokesman for the agency said.';

describe('QuoteWords', () => {
  it('gives every token the flags and ids its strings give, unseen words row 0', () => {
    const cue = loadQuoteModel()!;
    const bounds = loadBoundsModel()!;
    const low = [...BODY.toLowerCase().matchAll(/\w+|[^\s\w]/g)].map((m) => m[0]);
    const words = quoteWords(cue, bounds).tokens(low);
    low.forEach((w, i) => {
      expect(!!(words.flags[i]! & WORD_FLAG.lexicon), w).toBe(CUES.has(w));
      expect(!!(words.flags[i]! & WORD_FLAG.candidate), w).toBe(cue.candidates.has(w));
      expect(!!(words.flags[i]! & WORD_FLAG.personRole), w).toBe(ROLE_NOUNS.get(w) === 'PERSON');
      expect(words.cueWord[i], w).toBe(cue.space.id(w));
      expect(words.boundsWord[i], w).toBe(bounds.space.id(w));
      expect(words.cueStem[i], w).toBe(cue.candidates.has(w) ? cue.space.id(stem(w)) : -1);
    });
    expect(low.filter((_, i) => words.flags[i]! & WORD_FLAG.candidate)).toContain('told');
    // the role nouns of people (a title before a name), not of organisations
    expect(low.filter((_, i) => words.flags[i]! & WORD_FLAG.personRole)).toEqual(['voters', 'minister', 'spokesman']);
    const unseen = low.indexOf('zzyzxq');
    expect([words.flags[unseen], words.cueWord[unseen], words.boundsWord[unseen]]).toEqual([0, 0, 0]);
  });

  it('builds one table per pair of models, and one without models that only knows the lexicon', () => {
    const cue = loadQuoteModel();
    expect(quoteWords(cue, null)).toBe(quoteWords(cue, null));
    expect(quoteWords(cue, null)).not.toBe(quoteWords(null, null));
    const bare = quoteWords(null, null).tokens(['said', 'called']);
    expect([...bare.flags]).toEqual([WORD_FLAG.lexicon, CUES.has('called') ? WORD_FLAG.lexicon : 0]);
    expect([...bare.cueWord, ...bare.boundsWord]).toEqual([0, 0, 0, 0]);
  });
});

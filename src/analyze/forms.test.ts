import { describe, expect, it } from 'vitest';
import { tokenForms } from './forms.js';
import { loadModel } from './model.js';
import { infosOf } from './ner-model.js';
import { loadBoundsModel } from './quote-bounds.js';
import { loadQuoteModel } from './quote-model.js';
import { quoteWords } from './quote-words.js';
import { findQuotes } from './quotes.js';
import { tokenize, tokenText } from './tokenize.js';

const BODY =
  'THE MINISTER Said On Monday. "We will not pay," Mr. Lavrov told reporters, according to TASS.\n\n' +
  'Lavrov said the talks would go on. According to the ministry, said Lavrov, nothing changed.';

describe('tokenForms', () => {
  it('gives each token its text, lower-case text, NER info and quote word row', () => {
    const t = tokenize(BODY);
    const model = loadModel();
    const table = quoteWords(loadQuoteModel(), loadBoundsModel());
    const forms = tokenForms(t, model, table);
    const raw = Array.from({ length: t.length }, (_, i) => tokenText(t, i));
    expect(forms.raw).toEqual(raw);
    expect(forms.low).toEqual(raw.map((w) => w.toLowerCase()));
    expect(forms.infos.map((x) => x.form)).toEqual(raw);
    expect(forms.infos).toEqual(infosOf(raw, model));
    expect([...forms.rows]).toEqual(forms.low.map((w) => table.rowOf(w)));
    expect(forms.rows[raw.indexOf('according')]).toBeGreaterThan(0);
  });

  it('looks a cached text up again for another model or word table', () => {
    const t = tokenize(BODY);
    const model = loadModel();
    const table = quoteWords(loadQuoteModel(), loadBoundsModel());
    tokenForms(t, model, table);
    const other = { ...model, cache: new Map() };
    const bare = quoteWords(null, null);
    const forms = tokenForms(t, other, bare);
    expect(forms.table).toBe(bare);
    expect([...forms.rows]).toEqual(forms.low.map((w) => bare.rowOf(w)));
    forms.raw.forEach((w, i) => expect(forms.infos[i]).toBe(other.cache.get(w)));
  });

  it('gives findQuotes the same quotes as its own token strings', () => {
    const t = tokenize(BODY);
    const forms = tokenForms(t, loadModel(), quoteWords(loadQuoteModel(), loadBoundsModel()));
    const own = findQuotes(BODY, t);
    expect(own.length).toBeGreaterThan(0);
    expect(findQuotes(BODY, t, { words: forms })).toEqual(own);
    expect(forms.raw).toEqual(Array.from({ length: t.length }, (_, i) => tokenText(t, i))); // not changed
  });

  it('gives every token its own text across a cache that starts over', () => {
    // more distinct texts than the cache holds, each then seen again
    const words = Array.from({ length: 30_000 }, (_, k) => `w${k.toString(36)}`);
    const body = `${words.join(' ')} ${words.slice(0, 100).join(' ')} ${words.slice(-100).join(' ')}.`;
    const t = tokenize(body);
    const forms = tokenForms(t, loadModel(), quoteWords(loadQuoteModel(), loadBoundsModel()));
    const raw = Array.from({ length: t.length }, (_, i) => tokenText(t, i));
    expect(forms.raw).toEqual(raw);
    expect(forms.low).toEqual(raw);
    expect(forms.infos.map((x) => x.form)).toEqual(raw);
  });
});

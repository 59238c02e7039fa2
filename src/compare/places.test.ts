import { describe, expect, it } from 'vitest';
import { demonymOf, governmentOfCapital } from './places.js';

const at = (body: string, name: string) => governmentOfCapital(body, body.indexOf(name), name);

describe('a capital standing for its government', () => {
  it("is the state's demonym where the capital acts, is acted on or owns", () => {
    expect(at('the region, considered by Damascus and Moscow as the last stronghold', 'Damascus')).toBe('Syrian');
    expect(at('the region, considered by Damascus and Moscow as the last stronghold', 'Moscow')).toBe('Russian');
    expect(at('Ankara’s refusal to back out of the deal', 'Ankara')).toBe('Turkish');
    expect(at('Washington had offered intelligence', 'Washington')).toBe('American');
    expect(at('Officials in Kyiv said … while Kyiv denied it', 'Kyiv')).toBeNull(); // the first one is `in Kyiv`
  });

  it('is null for the city as a place, and for a name that is no capital', () => {
    expect(at('after an emergency meeting in Moscow last week', 'Moscow')).toBeNull();
    expect(at('a base outside Ankara', 'Ankara')).toBeNull();
    expect(at('Erdogan visited Damascus', 'Damascus')).toBeNull();
    expect(at('the province of Idlib, held by rebels', 'Idlib')).toBeNull();
    expect(at('Turkey said so', 'Turkey')).toBeNull();
  });

  it('folds case and diacritics of the capital', () => {
    expect(at('then BOGOTÁ said no', 'BOGOTÁ')).toBe('Colombian');
  });
});

describe("a speaker's country, one spelling per state", () => {
  it('is the demonym of a state name, a capital or a demonym, in any case and with diacritics or none', () => {
    for (const name of ['Turkey', 'Türkiye', 'Ankara', 'Turkish', 'TURKEY']) expect(demonymOf(name)).toBe('Turkish');
    for (const name of ['US', 'the United States', 'USA', 'Washington', 'American'])
      expect(demonymOf(name)).toBe('American');
    expect(demonymOf('Syria')).toBe('Syrian');
  });

  it('is null for a place that is no state, and for a short code written in lower case', () => {
    expect(demonymOf('Idlib')).toBeNull();
    expect(demonymOf('us')).toBeNull();
    expect(demonymOf('Reuters')).toBeNull();
  });
});

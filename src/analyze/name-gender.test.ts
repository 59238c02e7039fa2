import { describe, expect, it } from 'vitest';
import { analyze } from './index.js';
import { firstNameGender, nameGender } from './name-gender.js';
import { findQuotes } from './quotes.js';
import { tokenize } from './tokenize.js';

const speakers = (body: string) => {
  const a = analyze(body);
  return findQuotes(body, tokenize(body), { entities: a.entities, times: a.times }).map((q) => [
    q.speaker.mention?.text,
    q.speaker.resolved?.text,
  ]);
};

describe('name genders (models/name-genders.json)', () => {
  it('knows first names from data, honorifics, and says nothing of a surname alone', () => {
    expect(firstNameGender('Hillary')).toBe('f');
    expect(firstNameGender('Donald')).toBe('m');
    expect(firstNameGender('Zelda')).toBe('f');
    expect(nameGender('Hillary Clinton')).toBe('f');
    expect(nameGender('Mrs. May')).toBe('f');
    expect(nameGender('Mr Johnson')).toBe('m');
    expect(nameGender('Clinton')).toBeNull();
    expect(nameGender('Hulusi Akar')).toBeNull();
  });
  it('a pronoun speaker resolves to the person whose gender agrees', () => {
    const body =
      'Mary Barra met Donald Trump in Detroit on Monday.\n\nShe said that the plant would stay open.\n\nHe told reporters that he was pleased.';
    expect(speakers(body)).toEqual([
      ['She', 'Mary Barra'],
      ['He', 'Donald Trump'],
    ]);
  });
  it('skips a previous speaker of the other gender', () => {
    const body =
      '“We will not move the plant,” said Mary Barra.\n\nJohn Smith, the union leader, said the deal was fair.\n\nShe added that talks would go on.';
    expect(speakers(body).at(-1)).toEqual(['She', 'Mary Barra']);
  });
});

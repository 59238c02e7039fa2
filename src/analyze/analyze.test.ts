import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze } from './index.js';

/** The seeds are read in place, never copied into the repository. */
const SEEDS = join(import.meta.dirname, '..', '..', '..', 'shared', 'seeds');
const seed = (prefix: string) => {
  const file = readdirSync(SEEDS).find((f) => f.startsWith(prefix)) as string;
  return readFileSync(join(SEEDS, file), 'utf8');
};
const texts = (list: ReadonlyArray<{ type: string; text: string }>, type: string) =>
  list.filter((e) => e.type === type).map((e) => e.text);

describe('analyze on the Middle East Monitor seed (published 2020-02-17)', () => {
  const body = seed('001_');
  const a = analyze(body, { published: '2020-02-17' });
  it('resolves "on Saturday" to 2020-02-15 and "April last year" to 2019-04', () => {
    const saturday = a.times.find((t) => t.text === 'on Saturday');
    expect(saturday).toMatchObject({ value: '2020-02-15', granularity: 'day', relative: true });
    expect(a.times.find((t) => t.text.startsWith('April'))).toMatchObject({ value: '2019-04', granularity: 'month' });
    expect(a.times.find((t) => t.text === 'September 2018')).toMatchObject({ value: '2018-09' });
    expect(a.reference).toEqual({ value: '2020-02-17', estimated: false });
  });
  it('finds the people, places, nationalities and systems a reader would mark', () => {
    expect(texts(a.entities, 'PERSON')).toContain('Sergei Lavrov');
    expect(texts(a.entities, 'LOC')).toEqual(expect.arrayContaining(['Ankara', 'Moscow', 'Idlib', 'Syria', 'Russia']));
    expect(texts(a.entities, 'NORP')).toEqual(expect.arrayContaining(['Turkish', 'Russian', 'Syrian']));
    expect(texts(a.entities, 'PRODUCT')).toContain('S-400');
    expect(texts(a.entities, 'ORG')).toContain('NATO');
  });
  it('counts with what they count', () => {
    expect(a.amounts.find((m) => m.text === 'seven Turkish soldiers')).toMatchObject({
      type: 'QUANTITY',
      value: 7,
      unit: 'Turkish soldiers',
    });
  });
  it('every annotation slices back to its text', () => {
    for (const x of [...a.entities, ...a.times, ...a.amounts]) expect(body.slice(x.start, x.end)).toBe(x.text);
  });
});

describe('named entities on the seeds (raw text, captions included)', () => {
  it('Middle East Monitor: Cavusoglu, Lavrov, Idlib, Murted Airbase, S-400', () => {
    const a = analyze(seed('001_'), { published: '2020-02-17' });
    expect(texts(a.entities, 'PERSON')).toEqual(expect.arrayContaining(['Cavusoglu', 'Sergei Lavrov']));
    expect(texts(a.entities, 'LOC')).toEqual(expect.arrayContaining(['Idlib', 'Murted Airbase', 'Turkey']));
    expect(texts(a.entities, 'PRODUCT')).toContain('S-400');
  });
  it('Hulusi Akar and Mevlut Cavusoglu are people; S-400s and F-35 are systems', () => {
    const a = analyze(seed('002_'));
    expect(texts(a.entities, 'PERSON')).toEqual(expect.arrayContaining(['Hulusi Akar', 'Mevlut Cavusoglu']));
    expect(texts(a.entities, 'PRODUCT')).toEqual(expect.arrayContaining(['S-400', 'S-400s', 'F-35']));
    expect(texts(a.entities, 'LOC')).toEqual(expect.arrayContaining(['Turkey', 'Ankara', 'Russia']));
  });
  it('one type per name across the document: every lone "Erdogan" is a person', () => {
    const a = analyze(seed('003_'));
    const erdogan = a.entities.filter((e) => e.text === 'Erdogan');
    expect(erdogan.length).toBeGreaterThan(1);
    for (const e of erdogan) expect(e.type).toBe('PERSON');
  });
  it('a title-case headline is not one long name ("Putin And Erdogan Talk Over Phone")', () => {
    const a = analyze(seed('003_'));
    expect(a.entities.filter((e) => e.text.includes('Talk Over'))).toEqual([]);
    const headline = a.entities.filter((e) => e.end <= 125);
    expect(headline.map((e) => [e.text, e.type])).toEqual(
      expect.arrayContaining([
        ['Putin', 'PERSON'],
        ['Erdogan', 'PERSON'],
        ['NATO', 'ORG'],
        ['Ankara', 'LOC'],
      ]),
    );
  });
  it('"Secretary of State Antony Blinken" is the person with his role; "Turks" is a nationality', () => {
    const a = analyze(seed('002_'));
    expect(a.entities.find((e) => e.text.includes('Blinken') && e.text.includes('Antony'))).toMatchObject({
      text: 'Antony Blinken',
      type: 'PERSON',
      role: 'Secretary of State',
    });
    for (const e of a.entities.filter((x) => x.text.includes('Blinken'))) expect(e.type).toBe('PERSON');
    expect(a.entities.filter((e) => e.text.includes('Secretary'))).toEqual([]);
    const turks = a.entities.filter((e) => e.text === 'Turks');
    expect(turks.length).toBeGreaterThan(0);
    for (const e of turks) expect(e.type).toBe('NORP');
  });
});

describe('organisations', () => {
  it("an alias in brackets takes its name's type, and so does the alias alone later", () => {
    const a = analyze('The World Health Organisation (WHO) recommends iodised salt. Later, WHO said so again.');
    const who = a.entities.filter((e) => e.text === 'WHO');
    expect(who.map((e) => [e.type, e.via])).toEqual([
      ['ORG', 'rule:alias'],
      ['ORG', 'document'],
    ]);
  });
  it('an organisation noun alone, capitalised mid-sentence, is the body', () => {
    const a = analyze('The relief was something that Congress authorized in 2003.');
    expect(a.entities.find((e) => e.text === 'Congress')).toMatchObject({ type: 'ORG' });
  });
});

describe('titles', () => {
  it('a title chain names the person after the office, an office alone names no one', () => {
    const a = analyze(
      'Minister of Foreign Affairs Mevlut Cavusoglu met Defense Minister Hulusi Akar. The Secretary of State said no.',
    );
    expect(a.entities.find((e) => e.text === 'Mevlut Cavusoglu')).toMatchObject({
      type: 'PERSON',
      role: 'Minister of Foreign Affairs',
    });
    expect(a.entities.filter((e) => /Secretary|State|Minister of/.test(e.text))).toEqual([]);
  });
});

describe('amounts', () => {
  it('money with currency and scale, percentages, counts', () => {
    const a = analyze(
      'Turkey paid $2.5 billion, then $259 million and a $2.5-billion loan; 35,000 migrants and 3.6 million Syrian refugees; up 12% or 4 percent; 300 km away.',
    );
    const by = (text: string) => a.amounts.find((m) => m.text === text);
    expect(by('$2.5 billion')).toMatchObject({ type: 'MONEY', value: 2.5e9, currency: 'USD' });
    expect(by('$259 million')).toMatchObject({ type: 'MONEY', value: 259e6, currency: 'USD' });
    expect(by('$2.5-billion')).toMatchObject({ type: 'MONEY', value: 2.5e9 });
    expect(by('35,000 migrants')).toMatchObject({ type: 'QUANTITY', value: 35000, unit: 'migrants' });
    expect(by('3.6 million Syrian refugees')).toMatchObject({ value: 3.6e6, unit: 'Syrian refugees' });
    expect(by('12%')).toMatchObject({ type: 'PERCENT', value: 12 });
    expect(by('4 percent')).toMatchObject({ type: 'PERCENT', value: 4 });
    expect(by('300 km')).toMatchObject({ type: 'QUANTITY', unit: 'km' });
  });

  it('words that name object properties are no currency or number ("5 constructor parts")', () => {
    const a = analyze('It cost 5 constructor parts and toString items.');
    expect(a.amounts).toEqual([
      { type: 'QUANTITY', start: 8, end: 27, text: '5 constructor parts', value: 5, unit: 'constructor parts' },
    ]);
  });
});

describe('time expressions', () => {
  it('resolves news phrases against the published date', () => {
    const a = analyze(
      'On Tuesday the talks resumed. Last week they met. In December they signed. In the spring of 2022 it changed. On February 28th and Feb. 24 and 15 September 2019.',
      { published: '2020-02-17' },
    );
    const v = Object.fromEntries(a.times.map((t) => [t.text.toLowerCase(), [t.value, t.granularity]]));
    // chrono takes the closest Tuesday to Monday 2020-02-17; news usually means the past one (left to do)
    expect(v['on tuesday']).toEqual(['2020-02-18', 'day']);
    expect(v['last week']).toEqual(['2020-W07', 'week']);
    expect(v.december).toEqual(['2019-12', 'month']);
    expect(v['spring of 2022']).toEqual(['2022-SP', 'season']);
    expect(v['february 28th']).toEqual(['2020-02-28', 'day']);
    expect(v['feb. 24']).toEqual(['2020-02-24', 'day']);
    expect(v['15 september 2019']).toEqual(['2019-09-15', 'day']);
  });
  it('reads "may" and "march" as months only where they are', () => {
    const a = analyze('Talks may resume. Troops march on. On May 5 they met; in March they left.', {
      published: '2020-02-17',
    });
    expect(a.times.map((t) => t.text)).toEqual(['May 5', 'March']);
  });
  it('estimates the reference date from the latest explicit date when there is no published date', () => {
    const a = analyze('The deal was signed on 3 March 2019. Talks began on 12 January 2019. On Friday they met again.');
    expect(a.reference).toEqual({ value: '2019-03-03', estimated: true });
    expect(a.times.find((t) => t.text === 'On Friday')?.value).toBe('2019-03-01');
  });
});

describe('robustness', () => {
  it('property: never throws, offsets inside the body slice back to the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (body) => {
        const a = analyze(body, { published: '2020-02-17' });
        for (const x of [...a.entities, ...a.times, ...a.amounts]) {
          expect(x.start).toBeGreaterThanOrEqual(0);
          expect(x.end).toBeLessThanOrEqual(body.length);
          expect(body.slice(x.start, x.end)).toBe(x.text);
        }
      }),
      { numRuns: 200 },
    );
  });
  it('is linear on a 1 MB line without punctuation', () => {
    const body = 'Turkish forces near Idlib moved '.repeat(32_000);
    const t0 = performance.now();
    const a = analyze(body);
    expect(performance.now() - t0).toBeLessThan(30_000);
    expect(a.tokens).toBeGreaterThan(100_000);
  });
});

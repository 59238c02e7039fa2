import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Extracted, RemovedPart } from '../types.js';
import { normalizeDate } from './dates.js';
import { extractText, splitBlocks } from './text.js';
import { parseAnyDate, readByline, readDateLine, readSourceLine } from './text-meta.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const FIXTURES = join(HERE, 'fixtures', 'text');
const SEEDS = join(HERE, '..', '..', '..', 'shared', 'seeds');

/** The non-space characters of a string, sorted: what must survive extraction somewhere. */
function charsOf(text: string): string {
  return [...text.replace(/[\s\ufeff\u200b]/gu, '')].sort().join('');
}

/** Nothing silently lost: body, title and removed pieces together hold every non-space character of the input. */
function expectConserved(input: string, out: Extracted): void {
  const kept = out.body + (out.title?.value ?? '') + out.removed.map((r) => r.text).join('');
  expect(charsOf(kept)).toBe(charsOf(input));
}

function removedOf(out: Extracted, reason: string): string[] {
  return out.removed.filter((r) => r.reason === reason).map((r) => r.text);
}

interface Expected {
  about: string;
  title: string | null;
  outlet: string | null;
  published: string | null;
  authors: string[];
  body?: string;
  bodyStartsWith?: string;
  bodyEndsWith?: string;
  removed: RemovedPart[];
}

describe('extractText golden fixtures', () => {
  const cases = readdirSync(FIXTURES).filter((d) => existsSync(join(FIXTURES, d, 'expected.json')));

  it('has at least 15 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(15);
  });

  for (const name of cases) {
    it(name, () => {
      const input = readFileSync(join(FIXTURES, name, 'input.txt'), 'utf8');
      const expected = JSON.parse(readFileSync(join(FIXTURES, name, 'expected.json'), 'utf8')) as Expected;
      const out = extractText(input);
      expect(out.title?.value ?? null).toBe(expected.title);
      expect(out.outlet?.value ?? null).toBe(expected.outlet);
      expect(out.published?.value ?? null).toBe(expected.published);
      expect(out.authors).toEqual(expected.authors);
      if (expected.body !== undefined) expect(out.body).toBe(expected.body);
      if (expected.bodyStartsWith !== undefined) expect(out.body.startsWith(expected.bodyStartsWith)).toBe(true);
      if (expected.bodyEndsWith !== undefined) expect(out.body.endsWith(expected.bodyEndsWith)).toBe(true);
      expect(out.removed).toEqual(expected.removed);
      expectConserved(input, out);
    });
  }
});

describe.skipIf(!existsSync(SEEDS))('extractText on the real seeds (read in place)', () => {
  const seed = (prefix: string) => {
    const file = readdirSync(SEEDS).find((f) => f.startsWith(prefix));
    if (!file) throw new Error(`seed ${prefix} missing`);
    const input = readFileSync(join(SEEDS, file), 'utf8');
    return { input, out: extractText(input) };
  };

  it('000: outlet from the source line, comment prompts removed', () => {
    const { input, out } = seed('000_');
    expect(out.title?.value).toMatch(/^US offered Ankara intelligence on Idlib, FM Cavusoglu claims/);
    expect(out.outlet).toMatchObject({ value: 'RT', via: 'text:source-line' });
    expect(removedOf(out, 'comment-prompt')).toEqual(['Please enter your comment!', 'Please enter your name here']);
    expect(removedOf(out, 'source-line')).toEqual(['Source: RT']);
    expect(out.body).not.toMatch(/Please enter|Source: RT/);
    expect(out.body.startsWith('The US was willing to give Turkey intelligence')).toBe(true);
    expect(out.body.endsWith('after an emergency six-hour meeting in Moscow last week.')).toBe(true);
    expectConserved(input, out);
  });

  it('001: title after the slogan, date line, captions and related headlines removed', () => {
    const { input, out } = seed('001_');
    expect(out.title?.value).toBe(
      'Turkey’s Foreign Minister says row with Russia will not affect S-400 missile defence deal',
    );
    expect(out.published).toMatchObject({ value: '2020-02-17T15:45', via: 'text:date-line' });
    expect(removedOf(out, 'masthead')).toEqual(['Creating new perspectives since 2009']);
    expect(removedOf(out, 'navigation')).toEqual(['clear']);
    const captions = removedOf(out, 'caption');
    expect(captions.some((c) => c.endsWith('[Cem Özdel/Anadolu Agency]'))).toBe(true);
    expect(captions).toHaveLength(2);
    expect(removedOf(out, 'caption-repeat')).toHaveLength(1);
    expect(removedOf(out, 'related-headline')).toEqual([
      'Turkey: Erdogan threatens to shut down 2 US bases',
      'Russia must end support for Syria atrocities, Trump tells Erdogan',
    ]);
    expect(out.body).not.toMatch(/Creating new perspectives|Murted Airbase|Trump tells Erdogan|shut down 2 US bases/);
    expect(out.body.startsWith('Turkey’s Foreign Minister Mevlut Cavusoglu has said')).toBe(true);
    expect(out.body.endsWith('will not be integrated into NATO’s own system.')).toBe(true);
    expectConserved(input, out);
  });

  it('002: the glued "Also on" headline is cut out and the sentence after it kept whole', () => {
    const { input, out } = seed('002_');
    expect(out.title?.value).toBe('Turkey tells US purchase of Russian S-400 defense system is a ‘done deal’');
    expect(removedOf(out, 'cross-promotion')).toEqual([
      "Also on rt.com EU must stop 'playing for time' Turkey says, as it calls on bloc to expand customs union and allow Turks visa-free travel",
    ]);
    const paragraphs = out.body.split('\n\n');
    expect(paragraphs).toContain(
      'Ankara has repeatedly refused to abandon its deal with Russia, claiming that it was forced to seek an agreement with Moscow after Washington refused to sell it its Patriot missile defense system.',
    );
    expect(removedOf(out, 'share-prompt')).toEqual(['Like this story? Share it with a friend!']);
    expect(out.body).not.toMatch(/Also on|visa-free travel|Share it with a friend/);
    expectConserved(input, out);
  });

  it('003: donation widget, title repeat, image prompt and appeal removed; short quoted lines kept', () => {
    const { input, out } = seed('003_');
    expect(out.title?.value).toBe(
      'Putin And Erdogan Talk Over Phone, As NATO Says It Won’t Do Anything To Support Ankara In Idlib',
    );
    expect(removedOf(out, 'donation')).toEqual(['0 $', '2,500 $', '5,000 $', '185 $']);
    expect(removedOf(out, 'title-repeat')).toHaveLength(1);
    expect(removedOf(out, 'image-prompt')).toEqual(['Click to see full-size image']);
    expect(removedOf(out, 'support-prompt')).toEqual(['Do you like this content? Consider helping us!']);
    const paragraphs = out.body.split('\n\n');
    expect(paragraphs).toContain('We call on them to stop their offensive.');
    expect(paragraphs).toContain('To respect international law.');
    expect(paragraphs).toContain('And to back UN efforts for a peaceful solution.');
    expect(out.body).not.toMatch(/Putin And Erdogan Talk|full-size image|Consider helping us|\d \$/);
    expect(out.body.startsWith('On February 28th, Russian President Vladimir Putin')).toBe(true);
    expectConserved(input, out);
  });

  it('004: no title; the lead stays body and the subheadings stay as paragraphs', () => {
    const { input, out } = seed('004_');
    expect(out.title).toBeNull();
    expect(out.removed).toEqual([]);
    const paragraphs = out.body.split('\n\n');
    expect(paragraphs[0]).toMatch(/^The United States asked Turkey for access to the S-400/);
    expect(paragraphs).toContain('Ankara’s peacekeeping efforts');
    expect(paragraphs).toContain('S-400 disputes');
    expectConserved(input, out);
  });
});

describe('splitBlocks', () => {
  it('splits on blank lines, or on every line when there are none', () => {
    expect(splitBlocks('One.\n\nTwo.\r\n\r\nThree.')).toEqual(['One.', 'Two.', 'Three.']);
    expect(splitBlocks('One.\nTwo.\nThree.')).toEqual(['One.', 'Two.', 'Three.']);
  });

  it('collapses tabs, no-break spaces and runs of spaces inside a line', () => {
    expect(splitBlocks('  Two\u00a0 words\tand  more  ')).toEqual(['Two words and more']);
  });

  it('rejoins hard-wrapped paragraphs even without blank lines, but keeps a short title apart', () => {
    const text = [
      'Airline cuts winter routes',
      'The regional airline said on Tuesday that it would cancel its winter',
      'routes to three island airports, citing low demand and the rising cost',
      'of fuel for the small aircraft it flies there.',
      'Officials on the islands said they had not been consulted about the',
      'decision and would ask the ministry to step in.',
    ].join('\n');
    expect(splitBlocks(text)).toEqual([
      'Airline cuts winter routes',
      'The regional airline said on Tuesday that it would cancel its winter routes to three island airports, citing low demand and the rising cost of fuel for the small aircraft it flies there.',
      'Officials on the islands said they had not been consulted about the decision and would ask the ministry to step in.',
    ]);
  });

  it('does not glue short furniture lines together', () => {
    expect(splitBlocks('Please enter your comment!\nPlease enter your name here')).toEqual([
      'Please enter your comment!',
      'Please enter your name here',
    ]);
  });
});

describe('metadata lines', () => {
  it.each([
    ['By Jane Doe', ['Jane Doe'], null],
    ['By Jane Doe and John Roe | Reuters', ['Jane Doe', 'John Roe'], 'Reuters'],
    ['By JANE DOE', ['Jane Doe'], null],
    ['By Jane Doe, Reuters', ['Jane Doe'], 'Reuters'],
    ['By Jane Doe in Ankara', ['Jane Doe'], null],
    ['Written by Jean-Luc Picard, Senior Correspondent', ['Jean-Luc Picard'], null],
    ['By Ana de la Cruz, Pedro Ruiz and Li Wei', ['Ana de la Cruz', 'Pedro Ruiz', 'Li Wei'], null],
    ['By Staff', [], null],
    ['By Staff Reporter', [], null],
    ['By Reuters', [], 'Reuters'],
  ])('byline %j', (line, authors, outlet) => {
    expect(readByline(line)).toMatchObject({ authors, outlet });
  });

  it.each([
    'By the end of the year, prices had doubled.',
    'By Monday, the army had withdrawn from the town.',
    'By contrast, the opposition wants early elections.',
  ])('a sentence opening with "By" is no byline: %j', (line) => {
    expect(readByline(line)).toBeNull();
  });

  it('reads a byline date', () => {
    expect(readByline('By Jane Doe | February 3, 2024')).toMatchObject({
      authors: ['Jane Doe'],
      published: '2024-02-03',
    });
  });

  it.each([
    ['February 17, 2020 at 3:45 pm', '2020-02-17T15:45', false],
    ['Published: March 3, 2021', '2021-03-03', false],
    ['Updated 14 March 2022', '2022-03-14', true],
    ['2020-02-17', '2020-02-17', false],
    ['Mon 17 Feb 2020 15.45 GMT', null, false],
    ['17. Februar 2020, 15:45 Uhr', '2020-02-17T15:45', false],
    ['Publié le 3 mars 2021 à 10h15', '2021-03-03T10:15', false],
  ])('date line %j', (line, iso, updated) => {
    const date = readDateLine(line);
    expect(date).not.toBeNull();
    if (iso !== null) expect(date).toEqual({ iso, updated });
  });

  it.each([
    'February 17, 2020 at 3:45 pm',
    'February 17, 2020 at 12:05 am',
    'Feb. 3, 2021',
    '17 February 2020, 15:45',
    'Monday, 3 March 2021 09:00',
    'Sept 9 2019 at 11:59 PM',
    'December 31st, 1999',
  ])('the fast date reader agrees with normalizeDate: %j', (text) => {
    expect(parseAnyDate(text)).toBe(normalizeDate(text)?.iso);
  });

  it.each([
    'On February 28th, Russian President Vladimir Putin held a phone call.',
    '2020',
    'In 2017, Russia and Turkey entered into an agreement.',
  ])('not a date line: %j', (line) => {
    expect(readDateLine(line)).toBeNull();
  });

  it('reads source lines, not sentences that start with "Source:"', () => {
    expect(readSourceLine('Source: RT')).toBe('RT');
    expect(readSourceLine('Quelle: dpa')).toBe('dpa');
    expect(readSourceLine('Source: https://www.example.org/news/1')).toBe('example.org');
    expect(readSourceLine('Source: a senior official told reporters.')).toBeNull();
  });
});

describe('extractText rules', () => {
  it('returns an empty article for empty or blank input', () => {
    for (const input of ['', '   \n\n \t ']) {
      const out = extractText(input);
      expect(out).toMatchObject({ title: null, outlet: null, published: null, authors: [], body: '', removed: [] });
    }
  });

  it('cuts a glued headline that ends the line when no junction shows where it stops', () => {
    const out = extractText(
      'The talks ended on Monday without a deal. Read more: Port strike enters second week\n\nThe union will meet again on Friday.',
    );
    expect(removedOf(out, 'related-link')).toEqual(['Read more: Port strike enters second week']);
    expect(out.body).toBe('The talks ended on Monday without a deal.\n\nThe union will meet again on Friday.');
  });

  it('does not take a brand spelling (iPhone) for a glue junction', () => {
    const out = extractText(
      'Sales were flat in March.Also on example.com New iPhone sales slump in Europe as prices riseAnalysts expect a rebound in the autumn.',
    );
    expect(removedOf(out, 'cross-promotion')).toEqual([
      'Also on example.com New iPhone sales slump in Europe as prices rise',
    ]);
    expect(out.body).toBe('Sales were flat in March. Analysts expect a rebound in the autumn.');
  });

  it('cuts an ad label glued between two sentences', () => {
    const out = extractText('The port reopened on Monday. Advertisement The first ships docked at noon.');
    expect(removedOf(out, 'advertisement')).toEqual(['Advertisement']);
    expect(out.body).toBe('The port reopened on Monday. The first ships docked at noon.');
  });

  it('never takes a lead sentence for a title', () => {
    const out = extractText(
      'Negotiators agreed on Thursday to resume talks on fishing quotas after a four-month freeze.\n\nThe talks will take place in Geneva.',
    );
    expect(out.title).toBeNull();
    expect(out.body.split('\n\n')).toHaveLength(2);
  });

  it('keeps a "Related" header with the list under it out of the body, but stops at the next paragraph', () => {
    const out = extractText(
      [
        'Harbour reopens after storm',
        'The harbour reopened on Tuesday after three days of storms closed it to all traffic.',
        'Related',
        '- Storm closes coastal roads',
        '- Ferry services cancelled for second day',
        'Harbour officials said damage to the piers was lighter than feared.',
      ].join('\n'),
    );
    expect(removedOf(out, 'related-header')).toEqual(['Related']);
    expect(removedOf(out, 'related-headline')).toEqual([
      '- Storm closes coastal roads',
      '- Ferry services cancelled for second day',
    ]);
    expect(out.body).toContain('Harbour officials said damage to the piers was lighter than feared.');
  });

  it('keeps a subheading standing between paragraphs', () => {
    const out = extractText(
      'The strike began in January over pay.\n\nWhat the union wants\n\nThe union asks for a raise of eight percent over two years.',
    );
    expect(out.body).toContain('What the union wants');
    expect(out.removed).toEqual([]);
  });

  it('takes authors from production credits when there is no byline', () => {
    const out = extractText(
      'The port reopened on Monday after a week of strikes.\n\n(Reporting by Jane Doe and Ali Kaya; Editing by John Roe)',
    );
    expect(out.authors).toEqual(['Jane Doe', 'Ali Kaya']);
    expect(removedOf(out, 'credits')).toHaveLength(1);
  });

  it('never takes the outlet or a desk for an author', () => {
    const out = extractText('By Meridian Wire Staff\n\nThe port reopened on Monday after a week of strikes.');
    expect(out.authors).toEqual([]);
    const wire = extractText('By Meridian Wire\n\nThe port reopened on Monday after a week of strikes.');
    expect(wire.authors).toEqual([]);
    expect(wire.outlet?.value).toBe('Meridian Wire');
  });

  it('removes a subscription offer standing between paragraphs', () => {
    const out = extractText(
      "The talks resumed on Monday.\n\nSubscribe to The Harbour Gazette from €1 a week — local news you can't get anywhere else.\n\nBoth sides agreed to meet again.",
    );
    expect(removedOf(out, 'subscribe-prompt')).toHaveLength(1);
    expect(out.body).toBe('The talks resumed on Monday.\n\nBoth sides agreed to meet again.');
  });

  it('survives hostile input in linear time', () => {
    const inputs = [
      'word '.repeat(400_000),
      'Short line\n'.repeat(50_000),
      `x. Also on a.com ${'aB'.repeat(50_000)}`,
      `Published: ${'2020 '.repeat(30)}\n`.repeat(5_000),
      '(((((((((([[[[[[[[[['.repeat(10_000),
    ];
    for (const input of inputs) {
      const started = performance.now();
      const out = extractText(input);
      expect(performance.now() - started).toBeLessThan(5_000);
      expectConserved(input, out);
    }
  });
});

describe('extractText properties', () => {
  const FURNITURE = [
    'Advertisement',
    'Share this article',
    'Follow us on Telegram',
    'Subscribe to our newsletter',
    'Please enter your comment!',
    'Accept all cookies',
    '© 2024 The Daily Planet. All rights reserved.',
    'Tags: ports, strikes',
    'Click to see full-size image',
    '4 min read',
    '0 $',
    'Home › World › Europe',
    'Do you like this content? Consider helping us!',
  ];
  const WORDS = ['port', 'workers', 'talks', 'ministry', 'council', 'ferry', 'harbour', 'union', 'strike', 'pay'];
  const sentence = fc
    .array(fc.constantFrom(...WORDS), { minLength: 8, maxLength: 30 })
    .map((words) => `${words.join(' ')}.`);

  it('keeps every body sentence, removes every furniture line, and loses nothing', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            sentence.map((s) => ({ body: s })),
            fc.constantFrom(...FURNITURE).map((f) => ({ f })),
          ),
          {
            minLength: 1,
            maxLength: 25,
          },
        ),
        fc.boolean(),
        (items, blankLines) => {
          // each body paragraph is made unique, so none is a duplicate of another
          const lines = items.map((item, i) =>
            'body' in item ? `In item ${i} the ${item.body}` : (item as { f: string }).f,
          );
          const input = lines.join(blankLines ? '\n\n' : '\n');
          const out = extractText(input);
          const body = out.body === '' ? [] : out.body.split('\n\n');
          expect(body).toEqual(lines.filter((_, i) => 'body' in items[i]!));
          for (const [i, item] of items.entries()) {
            if (!('body' in item)) expect(out.removed.map((r) => r.text)).toContain(lines[i]);
          }
          expectConserved(input, out);
        },
      ),
      { numRuns: 200 },
    );
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../analyze/index.js';
import { DossierError } from '../errors.js';
import type { Analysis } from '../types.js';
import { BIAS_FEATURES, compareOptions, compareStory, countTerms, shippedBiasModel, storyBiasRows } from './index.js';
import { labelOf } from './labels.js';
import { nameKey, mergeKeys } from './speakers.js';
import type { CompareArticle, Comparison, Evidence } from './types.js';

/** The seeds are read in place, never copied into the repository. */
const SEEDS = join(import.meta.dirname, '..', '..', '..', 'shared', 'seeds');
const seed = (prefix: string) => {
  const file = readdirSync(SEEDS).find((f) => f.startsWith(prefix)) as string;
  return readFileSync(join(SEEDS, file), 'utf8');
};
/** Who carried each seed: 000 and 002 end with RT's furniture, 001 is Middle East Monitor's, 003 SouthFront's (its donation widget). */
const SEED_OUTLETS: Array<[string, string, string]> = [
  ['000', 'RT', '2020-03-03'],
  ['001', 'Middle East Monitor', '2020-02-17T15:45:00Z'],
  ['002', 'RT', '2021-05-18'],
  ['003', 'SouthFront', '2020-02-29'],
  ['004', 'outlet-004', '2023-01-10'],
];

const article = (id: string, outlet: string, body: string, published: string | null = null): CompareArticle => ({
  id,
  outlet,
  published,
  title: null,
  body,
  analysis: analyze(body, { published }),
});

let seeds: CompareArticle[];
let c: Comparison;
const bodyOf = (e: Evidence) => {
  const a = seeds.find((x) => x.id === e.article) as CompareArticle;
  return a.body.slice(e.start, e.end);
};

beforeAll(() => {
  seeds = SEED_OUTLETS.map(([id, outlet, date]) => article(id, outlet, seed(id), date));
  c = compareStory({ articles: seeds });
});

describe('compareStory on the seeds', () => {
  it('shows RT saying "Syrian forces" where Middle East Monitor says "Syrian regime", each label citing its sentence', () => {
    const syrian = c.referents.find((r) => r.key === 'syrian');
    expect(syrian).toBeDefined();
    const rt = syrian?.labels.RT?.map((l) => l.label) ?? [];
    const memo = syrian?.labels['Middle East Monitor']?.map((l) => l.label) ?? [];
    expect(rt).toContain('Syrian forces');
    expect(rt).not.toContain('Syrian regime');
    expect(memo[0]).toBe('Syrian regime');
    for (const labels of Object.values(syrian?.labels ?? {})) {
      for (const l of labels) for (const e of l.evidence) expect(bodyOf(e)).toContain(l.label.split(' ')[0]);
    }
    const regime = syrian?.labels['Middle East Monitor']?.[0];
    expect(regime?.evidence.every((e) => e.article === '001' && bodyOf(e).includes('Syrian regime'))).toBe(true);
  });

  it('shows whose words each outlet carries: Lavrov in SouthFront, Cavusoglu in RT and Middle East Monitor', () => {
    const voices = (outlet: string) => c.byOutlet.find((o) => o.outlet === outlet)?.voices ?? [];
    const sf = voices('SouthFront')[0];
    expect(sf?.speaker).toMatch(/Lavrov/);
    expect(sf?.type).toBe('government');
    expect(sf?.country).toBe('Russian');
    expect(sf?.direct).toBeGreaterThan(0);
    expect(voices('RT')[0]?.speaker).toMatch(/Cavusoglu/);
    expect(voices('RT')[0]?.country).toBe('Turkish');
    expect(voices('Middle East Monitor').some((v) => /Cavusoglu/.test(v.speaker) && v.direct === 1)).toBe(true);
    expect(voices('SouthFront').some((v) => /Cavusoglu/.test(v.speaker))).toBe(false);
    for (const o of c.byOutlet) {
      const shares = o.voices.reduce((a, v) => a + v.share, 0);
      if (o.voices.length) expect(shares).toBeCloseTo(1, 2);
      for (const v of o.voices) {
        expect(v.evidence.length).toBeGreaterThan(0);
        for (const e of v.evidence) expect(o.articles).toContain(e.article);
      }
    }
  });

  it('marks the quote facts: SouthFront does not quote Cavusoglu, RT only paraphrases him where others quote him', () => {
    const cavusoglu = c.facts.find((f) => f.id === 'quote:mevlut cavusoglu');
    expect(cavusoglu?.cells.SouthFront?.state).toBe('absent');
    expect(cavusoglu?.cells.RT?.state).toBe('different');
    expect(cavusoglu?.cells.RT?.note).toBe('paraphrased only');
    expect(cavusoglu?.cells['Middle East Monitor']?.state).toBe('carried');
    const lavrov = c.facts.find((f) => f.id === 'quote:sergey lavrov');
    expect(c.byOutlet.find((o) => o.outlet === 'SouthFront')?.exclusives).toContain(lavrov?.id);
  });

  it('finds framing terms whose evidence holds the term, with z at least the threshold', () => {
    const memo = c.byOutlet.find((o) => o.outlet === 'Middle East Monitor');
    expect(memo?.framing.map((t) => t.term)).toContain('syrian regime');
    for (const o of c.byOutlet) {
      for (const t of o.framing) {
        expect(t.z).toBeGreaterThanOrEqual(1.96);
        for (const e of t.evidence) expect(bodyOf(e).toLowerCase()).toContain(t.term.split(' ')[0]);
      }
    }
  });

  it('orders outlets by their first article and labels tone as lexicon-based', () => {
    expect(c.timing.order.map((t) => t.outlet)).toEqual(['Middle East Monitor', 'SouthFront', 'RT', 'outlet-004']);
    expect(c.timing.order[0]?.hoursAfterFirst).toBe(0);
    expect(c.toneMethod).toMatch(/lexicon-based/);
    // the bias candidates are labelled as a learned score, naming the model
    expect(c.biasMethod).toMatch(/^learned: .*compare-bias-basil-[0-9a-f]{10}/);
    const sf = c.byOutlet.find((o) => o.outlet === 'SouthFront')?.tone;
    expect(sf?.mostNegative.score).toBeLessThan(0);
    expect(bodyOf(sf?.mostNegative as Evidence).length).toBeGreaterThan(0);
  });
});

describe('informational-bias candidates', () => {
  it("lists each outlet's sentences at or above the committed model's threshold, most likely first, inside its bodies", () => {
    const threshold = shippedBiasModel().threshold;
    const all = c.byOutlet.flatMap((s) => s.biasCandidates);
    expect(all.length).toBeGreaterThan(0);
    for (const s of c.byOutlet) {
      const ps = s.biasCandidates.map((b) => b.probability);
      expect(ps).toEqual([...ps].sort((a, b) => b - a));
      for (const b of s.biasCandidates) {
        expect(b.probability).toBeGreaterThanOrEqual(Math.floor(threshold * 1000) / 1000);
        expect(s.articles).toContain(b.article);
        expect(bodyOf(b).length).toBeGreaterThan(0);
      }
    }
    const without = compareStory({ articles: seeds, biasModel: null });
    expect(without.byOutlet.every((s) => s.biasCandidates.length === 0)).toBe(true);
    expect(without.biasMethod).toBeNull();
  });
});

describe('coverage matrix', () => {
  const a = article(
    'a',
    'Alpha',
    'The ministry said that 35,000 migrants crossed the border into Greece over the weekend. ' +
      'Officials in Athens closed two crossings near the river.',
    '2020-03-01T10:00:00Z',
  );
  const b = article(
    'b',
    'Beta',
    'The ministry said that 35,000 migrants crossed the border into Greece over the weekend. ' +
      'A local charity warned of freezing nights for families camped at the fence.',
    '2020-03-01T12:00:00Z',
  );
  const g = article(
    'g',
    'Gamma',
    'The ministry said that 13,000 migrants crossed the border into Greece over the weekend. ' +
      'Officials in Athens closed two crossings near the river.',
    '2020-03-02T10:00:00Z',
  );
  const cmp = compareStory({
    articles: [a, b, g],
    duplicates: [
      {
        members: [
          { id: 'a', outlet: 'Alpha', published: a.published },
          { id: 'x', outlet: 'Delta', published: null },
        ],
        first: 'a',
        copiedBy: ['Delta'],
      },
    ],
  });

  it('carries a sentence in the same words, differently with another number, and flags exclusives and omissions', () => {
    const migrants = cmp.facts.find((f) => f.kind === 'statement' && f.label.includes('migrants'));
    expect(migrants?.outlets.sort()).toEqual(['Alpha', 'Beta', 'Gamma']);
    expect(migrants?.cells.Alpha?.state).toBe('carried');
    expect(migrants?.cells.Beta?.state).toBe('carried');
    expect(migrants?.cells.Gamma?.state).toBe('different');
    expect(migrants?.cells.Gamma?.note).toMatch(/13,000/);
    const amount = cmp.facts.find((f) => f.kind === 'amount');
    expect(amount?.label).toBe('35,000 migrants');
    expect(amount?.cells.Gamma?.state).toBe('different');
    const charity = cmp.facts.find((f) => f.kind === 'statement' && f.label.includes('charity'));
    expect(cmp.byOutlet.find((o) => o.outlet === 'Beta')?.exclusives).toContain(charity?.id);
    const athens = cmp.facts.find((f) => f.kind === 'statement' && f.label.includes('Athens'));
    expect(cmp.byOutlet.find((o) => o.outlet === 'Beta')?.omissions).toContain(athens?.id);
    expect(cmp.byOutlet.find((o) => o.outlet === 'Alpha')?.omissions).not.toContain(athens?.id);
    const cell = charity?.cells.Beta?.evidence[0] as Evidence;
    expect(b.body.slice(cell.start, cell.end)).toMatch(/^A local charity/);
  });

  it('reports who was first, how many hours later the others followed, and who copied', () => {
    expect(cmp.timing.order.map((t) => [t.outlet, t.hoursAfterFirst])).toEqual([
      ['Alpha', 0],
      ['Beta', 2],
      ['Gamma', 24],
    ]);
    expect(cmp.timing.copies).toEqual([
      { original: { article: 'a', outlet: 'Alpha' }, copiers: ['Delta'], members: ['a', 'x'] },
    ]);
  });
});

describe('framing terms', () => {
  it('ranks a term only one outlet uses above the terms every outlet uses, and the prior shrinks common words', () => {
    const one = article('1', 'One', 'The regime shelled the town. The regime denied it. Talks on the town went on.');
    const two = article('2', 'Two', 'Government forces shelled the town. Talks on the town went on.');
    const bg = countTerms(['the town talks went on', 'regime regime regime regime regime regime regime regime']);
    const withPrior = compareStory({ articles: [one, two], background: bg }, { minZ: -100, maxTerms: 100 });
    const terms = withPrior.byOutlet[0]?.framing ?? [];
    const regime = terms.find((t) => t.term === 'regime');
    const town = terms.find((t) => t.term === 'town');
    expect(regime && town && regime.z > town.z).toBe(true);
    expect(regime?.count).toBe(2);
    expect(regime?.othersCount).toBe(0);
    const noPrior = compareStory({ articles: [one, two] }, { minZ: -100, maxTerms: 100 });
    const regimeNoPrior = noPrior.byOutlet[0]?.framing.find((t) => t.term === 'regime');
    // a background where `regime` is common pulls its log-odds toward zero
    expect(Math.abs(regime?.delta ?? 0)).toBeLessThan(Math.abs(regimeNoPrior?.delta ?? 0));
  });
});

describe('names and labels', () => {
  it('keys a name without its titles and joins a surname to the one full name it ends', () => {
    expect(nameKey('Turkish Foreign Minister Mevlut Cavusoglu')).toBe('mevlut cavusoglu');
    expect(nameKey('Gov. Rick Perry of Texas')).toBe('rick perry');
    const m = mergeKeys(['cavusoglu', 'mevlut cavusoglu', 'washington', 'moscow washington', 'moscow']);
    expect(m.get('cavusoglu')).toBe('mevlut cavusoglu');
    expect(m.get('washington')).toBe('washington');
  });

  it('labels a nationality with the noun it modifies, and a name as written', () => {
    const text = 'Syrian forces violated it. The Syrian civil war goes on. Damascus said so.';
    expect(labelOf(text, 0, 6, 'NORP')).toBe('Syrian forces');
    expect(labelOf(text, 31, 37, 'NORP')).toBe('Syrian civil war');
    const at = text.indexOf('Damascus');
    expect(labelOf(text, at, at + 8, 'LOC')).toBe('Damascus');
  });
});

describe('bad input', () => {
  it("counts a sentence's personal pronouns and possessives, a ’s after a word among them, as shares of its words", () => {
    const body = 'He said their plan hurt Obama’s allies and him. The committee voted on Tuesday.';
    const rows = storyBiasRows({ articles: [article('p', 'P', body), article('q', 'Q', 'The vote passed.')] });
    const feature = (i: number, f: (typeof BIAS_FEATURES)[number]) => rows[i]?.x[BIAS_FEATURES.indexOf(f)];
    // 9 words: he, said, their, plan, hurt, obama, allies, and, him
    expect(feature(0, 'pronouns')).toBeCloseTo(2 / 9);
    expect(feature(0, 'possessives')).toBeCloseTo(2 / 9);
    expect(feature(1, 'pronouns')).toBe(0);
    expect(feature(1, 'possessives')).toBe(0);
  });
  it('never throws on empty bodies, sentences outside the body or a missing quote layer', () => {
    const empty: Analysis = { ...analyze(''), quotes: undefined };
    const broken: Analysis = {
      ...analyze('Short text.'),
      sentences: [
        { start: -5, end: 3 },
        { start: 50, end: 900 },
        { start: 4, end: 2 },
      ],
    };
    const res = compareStory({
      articles: [
        { id: 'e', outlet: 'E', published: 'not a date', title: null, body: '', analysis: empty },
        { id: 'f', outlet: 'F', published: null, title: null, body: 'Short text.', analysis: broken },
      ],
    });
    expect(res.outlets).toEqual(['E', 'F']);
    expect(res.timing.order.every((t) => t.hoursAfterFirst === null)).toBe(true);
    expect(compareStory({ articles: [] }).facts).toEqual([]);
  });

  it('refuses options out of range with a coded error', () => {
    expect(() => compareOptions({ sameFact: 2 })).toThrow(DossierError);
    expect(() => compareOptions({ sameFact: 0.7, sameWording: 0.5 })).toThrow(/sameWording/);
  });
});

describe('across stories', () => {
  it("adds up an outlet's voices over stories and counts the facts two outlets share or not", async () => {
    const { outletProfile, versus } = await import('./profile.js');
    const one = (id: string, outlet: string, body: string, published: string) => article(id, outlet, body, published);
    const s1 = compareStory({
      articles: [
        one(
          '1a',
          'A',
          'The minister said "we will hold the line" on Monday. Rain fell in the capital all day.',
          '2020-01-01T00:00:00Z',
        ),
        one(
          '1b',
          'B',
          'Rain fell in the capital all day. Nothing else happened in the capital that day.',
          '2020-01-01T05:00:00Z',
        ),
      ],
    });
    const s2 = compareStory({
      articles: [
        one('2b', 'B', 'The harbour closed after the storm damaged both piers badly.', '2020-02-01T00:00:00Z'),
        one('2a', 'A', 'The harbour closed after the storm damaged both piers badly.', '2020-02-01T10:00:00Z'),
      ],
    });
    const comparisons = [
      { story: 's1', comparison: s1 },
      { story: 's2', comparison: s2 },
    ];
    const p = outletProfile('A', comparisons);
    expect(p.stories).toEqual(['s1', 's2']);
    expect(p.first).toBe(1);
    expect(p.medianHoursAfterFirst).toBe(10);
    const v = versus('A', 'B', comparisons);
    expect(v.facts.both).toBeGreaterThanOrEqual(2);
    expect(v.facts.onlyA).toBeGreaterThanOrEqual(1);
    expect(v.a.stories).toEqual(['s1', 's2']);
  });
});

describe('hostile analyses', () => {
  it('never throws whatever offsets, types and values an analysis holds', async () => {
    const fc = (await import('fast-check')).default;
    const span = fc.record({ start: fc.integer({ min: -50, max: 400 }), end: fc.integer({ min: -50, max: 400 }) });
    const entity = fc.record({
      start: fc.integer({ min: -50, max: 400 }),
      end: fc.integer({ min: -50, max: 400 }),
      type: fc.constantFrom('PERSON', 'ORG', 'LOC', 'NORP', 'PRODUCT', 'MONEY'),
      text: fc.string({ maxLength: 30 }),
      via: fc.constant('test'),
    });
    const amount = fc.record({
      start: fc.integer({ min: -50, max: 400 }),
      end: fc.integer({ min: -50, max: 400 }),
      type: fc.constantFrom('MONEY', 'PERCENT', 'QUANTITY'),
      text: fc.string({ maxLength: 20 }),
      value: fc.oneof(fc.double(), fc.constant(Number.NaN)),
    });
    const doc = fc.record({
      body: fc.string({ maxLength: 300 }),
      sentences: fc.array(span, { maxLength: 8 }),
      entities: fc.array(entity, { maxLength: 8 }),
      amounts: fc.array(amount, { maxLength: 4 }),
      outlet: fc.constantFrom('A', 'B', 'C'),
      published: fc.oneof(fc.constant(null), fc.string({ maxLength: 12 })),
    });
    fc.assert(
      fc.property(fc.array(doc, { maxLength: 4 }), (docs) => {
        const articles = docs.map((d, i) => ({
          id: String(i),
          outlet: d.outlet,
          published: d.published,
          title: null,
          body: d.body,
          analysis: {
            ...analyze(''),
            sentences: d.sentences,
            entities: d.entities as Analysis['entities'],
            amounts: d.amounts as Analysis['amounts'],
            quotes: [],
          },
        }));
        const res = compareStory({ articles });
        for (const f of res.facts)
          for (const cell of Object.values(f.cells))
            for (const e of cell.evidence) expect(e.end).toBeLessThanOrEqual(docs[Number(e.article)]?.body.length ?? 0);
      }),
      { numRuns: 150 },
    );
  });
});

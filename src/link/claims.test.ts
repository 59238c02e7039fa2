import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../analyze/index.js';
import { extract } from '../extract/index.js';
import type { Analysis } from '../types.js';
import { type Claim, claimOptions, numbersIn, type Statement, statementFeatures, statementsOf } from './claims.js';
import { groupClaims } from './statement-set.js';
import { stem } from './text.js';

const SEEDS = new URL('../../../shared/seeds/', import.meta.url);
/** Dates the seed pages state (see cluster.test.ts). */
const SEED_DATES: Record<string, string> = {
  '000': '2020-02-18',
  '001': '2020-02-17',
  '002': '2021-03-24',
  '003': '2020-02-28',
  '004': '2023-01-06',
};

function seedStatements(): Statement[] {
  return readdirSync(SEEDS)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .flatMap((f) => {
      const e = extract({ source: f, kind: 'text', content: readFileSync(new URL(f, SEEDS), 'utf8'), rawHash: f });
      const id = f.slice(0, 3);
      const published = SEED_DATES[id] as string;
      return statementsOf({ id, body: e.body, outlet: `outlet-${id}`, published }, analyze(e.body, { published }));
    });
}

/** The claim holding a statement whose text contains `needle`, or undefined. */
const claimWith = (claims: readonly Claim[], needle: string) =>
  claims.find((c) => c.statements.some((s) => s.text.includes(needle)));

/** A bare statement for unit tests. */
function st(articleId: string, text: string, extra: Partial<Statement> = {}): Statement {
  return {
    articleId,
    start: 0,
    end: text.length,
    text,
    kind: 'text',
    speaker: null,
    published: null,
    outlet: articleId,
    story: null,
    names: [],
    numbers: [],
    ...extra,
  };
}

/** Fisher–Yates with a fixed LCG. */
function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const out = [...xs];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe('claims on the seeds', () => {
  const statements = seedStatements();
  const claims = groupClaims(statements);

  it('links the NATO-integration claim across the three articles that carry it', () => {
    const c = claimWith(claims, 'cannot be integrated into NATO');
    expect(c?.articles).toEqual(['000', '001', '002']);
    expect(c?.statements.some((s) => s.text.includes('not compatible with the existing systems'))).toBe(true);
    expect(c?.first).toEqual({ articleId: '001', published: '2020-02-17' });
    expect(c?.outlets).toEqual(['outlet-000', 'outlet-001', 'outlet-002']);
  });

  it('links the Patriot-refusal claim (2021 and 2023) despite the paraphrase', () => {
    const c = claimWith(claims, 'refused to sell it its Patriot');
    expect(c?.articles).toEqual(['002', '004']);
    expect(c?.statements.some((s) => s.text.includes('did not sell the Patriot'))).toBe(true);
    expect(c?.speakers).toContain('Hulusi Akar');
  });

  it('links the $2.5-billion deal written two ways', () => {
    const c = claimWith(claims, '$2.5-billion deal');
    expect(c?.articles).toEqual(['002', '004']);
    expect(c?.statements.some((s) => s.text.includes('$2.5 billion'))).toBe(true);
  });

  it('keeps every statement span true to its article and never groups one article alone', () => {
    for (const c of claims) {
      expect(c.articles.length).toBeGreaterThanOrEqual(2);
      for (const s of c.statements) expect(s.text.length).toBe(s.end - s.start);
    }
    // attribution frames (`Cavusoglu told Haberturk TV channel`) are not claims
    expect(claimWith(claims, 'told Haberturk')).toBeUndefined();
  });

  it('does not group the Putin-Erdogan phone call with Erdogan ready to mediate (names the background misses weigh no more than its rare words)', () => {
    expect(claimWith(claims, 'ready to mediate')).toBeUndefined();
    expect(claims).toHaveLength(5);
  });

  it('gives the same claims whatever order the statements come in', () => {
    const a = JSON.stringify(claims);
    for (const seed of [1, 2, 3]) expect(JSON.stringify(groupClaims(shuffled(statements, seed)))).toBe(a);
  });
});

describe('claim matching', () => {
  it('tells opposite polarity apart', () => {
    const claims = groupClaims([
      st('a', 'The S-400 batteries cannot be integrated into NATO air defence systems'),
      st('b', 'The S-400 batteries can be integrated into NATO air defence systems'),
    ]);
    expect(claims).toEqual([]);
    // both deny the same thing: one polarity
    const denied = groupClaims([
      st('a', 'Washington refused to sell the Patriot missile defense system to Turkey'),
      st('b', 'The US did not sell its Patriot missile defense system to Turkey'),
    ]);
    expect(denied).toHaveLength(1);
  });

  it('reads a negation as denying the word after it, not the whole statement', () => {
    const a = 'Trump will declare the opioid epidemic a public health emergency, not a national emergency';
    const b = 'Trump to declare the opioid epidemic a public health emergency';
    expect(statementFeatures(a).content).toContain('!national');
    expect(groupClaims([st('a', a), st('b', b)])).toHaveLength(1);
    // `fail to override` denies what `backs override` states
    const c = 'Louisiana lawmakers fail to override the governor veto on the transgender sports ban';
    const d = 'Louisiana lawmakers override the governor veto on the transgender sports ban';
    expect(groupClaims([st('c', c), st('d', d)])).toEqual([]);
  });

  it('needs numbers to agree when both statements carry one', () => {
    const base = 'Russia and Turkey signed a deal for S-400 systems worth';
    expect(groupClaims([st('a', `${base} $2.5 billion`), st('b', `${base} $1.5 billion`)])).toEqual([]);
    expect(groupClaims([st('a', `${base} $2.5 billion`), st('b', `${base} $2.5-billion`)])).toHaveLength(1);
  });

  it('needs a shared name when both statements name someone', () => {
    const a = st('a', 'The minister will visit the border crossing next week to inspect refugee camps', {
      names: ['minister'],
    });
    const text = 'Cavusoglu will visit the border crossing next week to inspect refugee camps';
    expect(groupClaims([a, st('b', text, { names: ['Cavusoglu'] })])).toEqual([]);
    expect(groupClaims([a, st('b', text)])).toHaveLength(1);
  });

  it('does not group statements of one article with each other', () => {
    const t = 'Turkey turned to Russia after Washington did not sell the Patriot system';
    expect(groupClaims([st('a', t), st('a', t, { start: 100, end: 100 + t.length })])).toEqual([]);
  });

  it('folds paraphrase classes, stems and designations', () => {
    expect(stem('integrated')).toBe(stem('integration'));
    expect(stem('refused')).toBe(stem('refuse'));
    expect(stem('batteries')).toBe(stem('battery'));
    const f = statementFeatures('Moscow bought the S-400s');
    expect(f.content).toEqual(['purchas', 'russia', 's-400']);
    // `US` and `U.S.` are the country (not the pronoun `us`, not two letters); compounds split at hyphens
    const us = statementFeatures('Washington').content;
    expect(statementFeatures('U.S.').content).toEqual(us);
    expect(statementFeatures('the US').content).toEqual(us);
    expect(statementFeatures('the United States').content).toEqual(us);
    expect(statementFeatures('told us').content).toEqual([]);
    expect(statementFeatures('Trump-backed candidate').content).toEqual(
      statementFeatures('candidate backed by Trump').content,
    );
    expect(statementFeatures('COVID-19 S-400s').content).toEqual(['covid-19', 's-400']);
    expect(numbersIn('a $2.5-billion deal for 1,500 S-400 units in 2017')).toEqual([2.5e9, 1500]);
  });

  it('takes odd statements and analyses without throwing', () => {
    const body = 'Short body.';
    const broken: Analysis = {
      version: 'x',
      reference: { value: null, estimated: false },
      tokens: 0,
      sentences: [
        { start: 0, end: 11 },
        { start: 5, end: 999 },
      ],
      entities: [],
      times: [],
      amounts: [],
      quotes: [
        {
          start: -4,
          end: 2000,
          kind: 'direct',
          parts: [{ start: -4, end: 2000 }],
          text: '',
          cue: null,
          speaker: { mention: null, resolved: null, via: 'none' },
          addressee: null,
          channel: null,
          via: 'test',
        },
      ],
    };
    expect(() => statementsOf({ id: 'x', body, outlet: null, published: null }, broken)).not.toThrow();
    expect(groupClaims([st('a', ''), st('b', '   '), { ...st('c', 'x'), end: -1 }])).toEqual([]);
    expect(() => claimOptions({ overlap: 0 })).toThrow(RangeError);
  });
});

describe('claim candidates stay bounded', () => {
  it('does not score every pair of a large set of similar statements', () => {
    // 3,000 statements on one theme: common words exceed the posting cap and propose nothing
    const rand = (() => {
      let s = 7;
      return () => {
        s = (Math.imul(s, 1103515245) + 12345) >>> 0;
        return s / 2 ** 32;
      };
    })();
    const vocab = Array.from({ length: 400 }, (_, i) => `word${String.fromCharCode(97 + (i % 26))}${i}x`);
    const many = Array.from({ length: 3000 }, (_, i) =>
      st(
        `a${i}`,
        `Turkey Russia missile system ${Array.from({ length: 8 }, () => vocab[Math.floor(rand() * vocab.length)]).join(' ')}`,
      ),
    );
    const t = performance.now();
    const claims = groupClaims(many);
    expect(performance.now() - t).toBeLessThan(10_000);
    // no giant claim chained through the shared theme words
    expect(Math.max(0, ...claims.map((c) => c.articles.length))).toBeLessThan(20);
  });
});

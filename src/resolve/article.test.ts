import { describe, expect, it } from 'vitest';
import { analyze, tokenize } from '../analyze/index.js';
import type { Analysis, EntityMention, EntityType, Quote } from '../types.js';
import { type Chain, chainAt, resolveArticle } from './article.js';

/** An analysis with the named entities given by hand, so these tests exercise resolution, not the tagger. */
function analysisOf(body: string, names: Array<[string, EntityType]>, quotes: Quote[] = []): Analysis {
  const t = tokenize(body);
  const sentences = [];
  for (let s = 0; s < t.sentences; s++)
    sentences.push({ start: t.starts[t.sentStarts[s]!]!, end: t.ends[t.sentEnds[s]! - 1]! });
  const entities: EntityMention[] = [];
  for (const [text, type] of names) {
    for (let at = body.indexOf(text); at >= 0; at = body.indexOf(text, at + text.length)) {
      const before = at === 0 ? ' ' : body[at - 1]!;
      const after = body[at + text.length] ?? ' ';
      if (/\p{L}/u.test(before) || /\p{L}/u.test(after)) continue;
      if (entities.some((e) => e.start < at + text.length && at < e.end)) continue;
      entities.push({ start: at, end: at + text.length, type, text, via: 'test' });
    }
  }
  entities.sort((a, b) => a.start - b.start);
  return {
    version: 'test',
    reference: { value: '2020-03-10', estimated: false },
    tokens: t.length,
    sentences,
    entities,
    times: [],
    amounts: [],
    quotes,
  };
}

const chainOf = (chains: Chain[], name: string) => chains.find((c) => c.name === name);
const texts = (c: Chain | undefined) => (c ? c.mentions.map((m) => m.text) : []);

describe('resolveArticle: names', () => {
  it('links a surname and a title+name to the full name, and keeps the title as a dated role', () => {
    const body =
      'Foreign Minister Mevlut Cavusoglu spoke in Ankara on Tuesday. Later Cavusoglu met reporters. Cavusoglu left.';
    const r = resolveArticle(
      body,
      analysisOf(body, [
        ['Mevlut Cavusoglu', 'PERSON'],
        ['Cavusoglu', 'PERSON'],
        ['Ankara', 'LOC'],
      ]),
    );
    const c = chainOf(r.chains, 'Mevlut Cavusoglu');
    expect(texts(c)).toEqual(['Mevlut Cavusoglu', 'Cavusoglu', 'Cavusoglu']);
    expect(c?.type).toBe('PERSON');
    expect(c?.roles).toEqual([
      { start: 0, end: 'Foreign Minister'.length, text: 'Foreign Minister', date: '2020-03-10' },
    ]);
    expect(r.date).toBe('2020-03-10');
  });

  it('folds diacritics inside an article (Erdoğan = Erdogan)', () => {
    const body = 'Recep Tayyip Erdoğan spoke. Then Erdogan left.';
    const r = resolveArticle(
      body,
      analysisOf(body, [
        ['Recep Tayyip Erdoğan', 'PERSON'],
        ['Erdogan', 'PERSON'],
      ]),
    );
    expect(r.chains.filter((c) => c.type === 'PERSON')).toHaveLength(1);
    expect(texts(r.chains[0])).toEqual(['Recep Tayyip Erdoğan', 'Erdogan']);
  });

  it('finds later mentions of a name the tagger missed', () => {
    const body = 'Hulusi Akar spoke on Monday. Akar said nothing new.';
    const r = resolveArticle(body, analysisOf(body, [['Hulusi Akar', 'PERSON']]));
    expect(texts(chainOf(r.chains, 'Hulusi Akar'))).toEqual(['Hulusi Akar', 'Akar']);
  });

  it('keeps two people with one surname apart when both full names are written', () => {
    const body = 'Hulusi Akar met Ahmet Akar. Hulusi Akar left first.';
    const r = resolveArticle(
      body,
      analysisOf(body, [
        ['Hulusi Akar', 'PERSON'],
        ['Ahmet Akar', 'PERSON'],
      ]),
    );
    expect(texts(chainOf(r.chains, 'Hulusi Akar'))).toEqual(['Hulusi Akar', 'Hulusi Akar']);
    expect(texts(chainOf(r.chains, 'Ahmet Akar'))).toEqual(['Ahmet Akar']);
  });

  it('links an acronym to the organisation it abbreviates', () => {
    const body = 'The North Atlantic Treaty Organization met. NATO said little.';
    const r = resolveArticle(
      body,
      analysisOf(body, [
        ['North Atlantic Treaty Organization', 'ORG'],
        ['NATO', 'ORG'],
      ]),
    );
    expect(texts(chainOf(r.chains, 'North Atlantic Treaty Organization'))).toEqual([
      'North Atlantic Treaty Organization',
      'NATO',
    ]);
  });
});

describe('resolveArticle: roles', () => {
  it('records a title written before a name', () => {
    const body = 'Turkish Defense Minister Hulusi Akar visited the border.';
    const r = resolveArticle(body, analysisOf(body, [['Hulusi Akar', 'PERSON']]));
    expect(chainOf(r.chains, 'Hulusi Akar')?.roles.map((x) => x.text)).toEqual(['Turkish Defense Minister']);
  });

  it('takes a role from an apposition before the name and counts the phrase as a mention', () => {
    const body = 'The representative of the Turkish president, Ibrahim Kalin, spoke to reporters.';
    const r = resolveArticle(body, analysisOf(body, [['Ibrahim Kalin', 'PERSON']]));
    const c = chainOf(r.chains, 'Ibrahim Kalin');
    expect(texts(c)).toEqual(['The representative of the Turkish president', 'Ibrahim Kalin']);
    expect(c?.roles.map((x) => x.text)).toEqual(['representative of the Turkish president']);
  });

  it('takes a role from an apposition after the name', () => {
    const body = 'Ibrahim Kalin, Erdogan’s spokesman, spoke to reporters.';
    const r = resolveArticle(
      body,
      analysisOf(body, [
        ['Ibrahim Kalin', 'PERSON'],
        ['Erdogan', 'PERSON'],
      ]),
    );
    expect(chainOf(r.chains, 'Ibrahim Kalin')?.roles.map((x) => x.text)).toEqual(['Erdogan’s spokesman']);
    expect(texts(chainOf(r.chains, 'Erdogan'))).toEqual(['Erdogan']);
  });

  it('resolves a role phrase to the holder of that office, not to the most recent person', () => {
    const body =
      'Foreign Minister Mevlut Cavusoglu and Defense Minister Hulusi Akar met. Akar spoke first. The foreign minister answered questions.';
    const r = resolveArticle(
      body,
      analysisOf(body, [
        ['Mevlut Cavusoglu', 'PERSON'],
        ['Hulusi Akar', 'PERSON'],
        ['Akar', 'PERSON'],
      ]),
    );
    expect(texts(chainOf(r.chains, 'Mevlut Cavusoglu'))).toContain('The foreign minister');
    expect(texts(chainOf(r.chains, 'Hulusi Akar'))).not.toContain('The foreign minister');
  });

  it('matches a possessive role to a title with the country’s demonym', () => {
    const body =
      'Russian Foreign Minister Sergei Lavrov met Turkish Foreign Minister Mevlut Cavusoglu. Turkey’s foreign minister spoke later.';
    const r = resolveArticle(
      body,
      analysisOf(body, [
        ['Sergei Lavrov', 'PERSON'],
        ['Mevlut Cavusoglu', 'PERSON'],
        ['Turkey', 'LOC'],
      ]),
    );
    expect(texts(chainOf(r.chains, 'Mevlut Cavusoglu'))).toContain('Turkey’s foreign minister');
    expect(texts(chainOf(r.chains, 'Sergei Lavrov'))).toHaveLength(1);
  });

  it('resolves a generic role to the salient person whose nationality agrees', () => {
    const body =
      'Turkish President Recep Tayyip Erdogan met Russian President Vladimir Putin in Moscow. The Turkish leader said little.';
    const r = resolveArticle(
      body,
      analysisOf(body, [
        ['Recep Tayyip Erdogan', 'PERSON'],
        ['Vladimir Putin', 'PERSON'],
        ['Moscow', 'LOC'],
      ]),
    );
    expect(texts(chainOf(r.chains, 'Recep Tayyip Erdogan'))).toContain('The Turkish leader');
    expect(texts(chainOf(r.chains, 'Vladimir Putin'))).not.toContain('The Turkish leader');
  });

  it('links a bare organisation noun to the nearest organisation and a repeated noun to its first use', () => {
    const body = 'NATO met in Brussels. The alliance said nothing. The court ruled. This court sat again.';
    const r = resolveArticle(
      body,
      analysisOf(body, [
        ['NATO', 'ORG'],
        ['Brussels', 'LOC'],
      ]),
    );
    expect(texts(chainOf(r.chains, 'NATO'))).toEqual(['NATO', 'The alliance']);
    const court = r.chains.find((c) => !c.named);
    expect(texts(court)).toEqual(['The court', 'This court']);
  });

  it('leaves a modified organisation noun alone (`the Russian military` is not NATO)', () => {
    const body = 'NATO met. The Russian military watched.';
    const r = resolveArticle(
      body,
      analysisOf(body, [
        ['NATO', 'ORG'],
        ['Russian', 'NORP'],
      ]),
    );
    expect(texts(chainOf(r.chains, 'NATO'))).toEqual(['NATO']);
  });
});

describe('resolveArticle: pronouns', () => {
  it('resolves he/his to the subject of the sentence or of the previous one', () => {
    const body = 'Mevlut Cavusoglu met Sergei Lavrov on Monday. He said his country would act.';
    const r = resolveArticle(
      body,
      analysisOf(body, [
        ['Mevlut Cavusoglu', 'PERSON'],
        ['Sergei Lavrov', 'PERSON'],
      ]),
    );
    expect(texts(chainOf(r.chains, 'Mevlut Cavusoglu'))).toEqual(['Mevlut Cavusoglu', 'He', 'his']);
    expect(chainOf(r.chains, 'Mevlut Cavusoglu')?.mentions.map((m) => m.form)).toEqual(['name', 'pronoun', 'pronoun']);
  });

  it('keeps gender: she does not go to a person already called he', () => {
    const body = 'John Smith met Mary Jones. He left early. Smith and Jones talked. She stayed.';
    const r = resolveArticle(
      body,
      analysisOf(body, [
        ['John Smith', 'PERSON'],
        ['Mary Jones', 'PERSON'],
        ['Smith', 'PERSON'],
        ['Jones', 'PERSON'],
      ]),
    );
    expect(texts(chainOf(r.chains, 'John Smith'))).toContain('He');
    expect(texts(chainOf(r.chains, 'Mary Jones'))).toContain('She');
  });

  it('uses the quote layer’s speaker for a pronoun and first person inside the quote', () => {
    const body = 'Sergey Lavrov arrived. Vladimir Putin waited. "I am ready," he said.';
    const he = body.indexOf('he said');
    const inner = body.indexOf('I am');
    const lavrov = { start: 0, end: 'Sergey Lavrov'.length, text: 'Sergey Lavrov', type: 'PERSON' as const };
    const q: Quote = {
      start: inner,
      end: inner + 'I am ready,'.length,
      kind: 'direct',
      parts: [{ start: inner, end: inner + 'I am ready,'.length }],
      text: 'I am ready,',
      cue: { start: he + 3, end: he + 7, text: 'said' },
      speaker: { mention: { start: he, end: he + 2, text: 'he', form: 'pronoun' }, resolved: lavrov, via: 'test' },
      addressee: null,
      channel: null,
      via: 'test',
    };
    const r = resolveArticle(
      body,
      analysisOf(
        body,
        [
          ['Sergey Lavrov', 'PERSON'],
          ['Vladimir Putin', 'PERSON'],
        ],
        [q],
      ),
    );
    expect(texts(chainOf(r.chains, 'Sergey Lavrov'))).toEqual(['Sergey Lavrov', 'I', 'he']);
    // a quote's speaker finds its chain
    expect(chainAt(r, q.speaker.mention!)?.name).toBe('Sergey Lavrov');
    expect(chainAt(r, { start: 0, end: 6 })?.name).toBe('Sergey Lavrov');
    expect(chainAt(r, { start: body.length, end: body.length + 1 })).toBeNull();
    expect(texts(chainOf(r.chains, 'Vladimir Putin'))).toEqual(['Vladimir Putin']);
  });
});

describe('resolveArticle: first person', () => {
  it('gathers I/my and we/our outside quotes into the writer’s chains, apart from named people', () => {
    const body =
      'I met Hulusi Akar in Ankara. He said little. My notes show we asked twice, and our questions stayed open.';
    const r = resolveArticle(
      body,
      analysisOf(body, [
        ['Hulusi Akar', 'PERSON'],
        ['Ankara', 'LOC'],
      ]),
    );
    const unnamed = r.chains.filter((c) => !c.named);
    expect(unnamed.map(texts)).toEqual([
      ['I', 'My'],
      ['we', 'our'],
    ]);
    expect(texts(chainOf(r.chains, 'Hulusi Akar'))).toEqual(['Hulusi Akar', 'He']);
  });
});

describe('resolveArticle: plural and second person', () => {
  it('sends they/their to the nearest organisation and you/your outside quotes to one chain', () => {
    const body = 'Hulusi Akar met NATO officials. They said their plans were ready. You may ask what your role is.';
    const r = resolveArticle(
      body,
      analysisOf(body, [
        ['Hulusi Akar', 'PERSON'],
        ['NATO', 'ORG'],
      ]),
    );
    expect(texts(chainOf(r.chains, 'NATO'))).toEqual(['NATO', 'They', 'their']);
    expect(r.chains.filter((c) => !c.named).map(texts)).toEqual([['You', 'your']]);
    expect(texts(chainOf(r.chains, 'Hulusi Akar'))).toEqual(['Hulusi Akar']);
  });
});

describe('resolveArticle: bad input', () => {
  it('never throws and gives no chains for empty or broken input', () => {
    expect(resolveArticle('', analysisOf('', [])).chains).toEqual([]);
    expect(resolveArticle('Some text.', null as unknown as Analysis).chains).toEqual([]);
    const broken = analysisOf('Short.', []);
    broken.entities = [{ start: 50, end: 90, type: 'PERSON', text: 'x', via: 'test' }];
    expect(() => resolveArticle('Short.', broken)).not.toThrow();
    expect(resolveArticle(42 as unknown as string, broken).chains).toEqual([]);
  });

  it('keeps its invariants on random text: spans inside the body, texts equal to the slices, no swallowed failure', () => {
    const vocab = [
      'Mevlut',
      'Cavusoglu',
      'Erdoğan',
      'the',
      'minister',
      'Turkey',
      '’s',
      "'s",
      'foreign',
      'he',
      'his',
      'she',
      'said',
      ',',
      '.',
      '"',
      '“',
      '”',
      'of',
      'The',
      'representative',
      'its',
      'alliance',
      'NATO',
      'I',
      'a',
      'man',
      '\n\n',
      'senior',
      'Turkish',
      'diplomat',
      'President',
      'Defense',
      'Minister',
      'Hulusi',
      'Akar',
    ];
    let seed = 7;
    const rnd = (k: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % k;
    };
    for (let round = 0; round < 200; round++) {
      const words = Array.from({ length: 5 + rnd(80) }, () => vocab[rnd(vocab.length)]!);
      const body = words.join(' ');
      const names: Array<[string, EntityType]> = [
        ['Mevlut Cavusoglu', 'PERSON'],
        ['Akar', 'PERSON'],
        ['NATO', 'ORG'],
        ['Turkey', 'LOC'],
      ];
      const a = analysisOf(body, names);
      const r = resolveArticle(body, a);
      if (a.entities.length) expect(r.chains.length).toBeGreaterThan(0);
      r.chains.forEach((c, i) => {
        expect(c.id).toBe(i);
        for (const m of [...c.mentions, ...c.roles]) {
          expect(m.start).toBeGreaterThanOrEqual(0);
          expect(m.end).toBeLessThanOrEqual(body.length);
          expect(body.slice(m.start, m.end)).toBe(m.text);
        }
      });
    }
  });

  it('stays near-linear on a long body of repeated names and pronouns', () => {
    const unit = 'Mevlut Cavusoglu said he would go. The minister left. ';
    const time = (k: number) => {
      const body = unit.repeat(k);
      const a = analysisOf(body, [['Mevlut Cavusoglu', 'PERSON']]);
      const t0 = performance.now();
      const r = resolveArticle(body, a);
      expect(r.chains[0]?.mentions.length).toBe(3 * k);
      return performance.now() - t0;
    };
    time(200);
    const small = Math.min(time(500), time(500));
    const big = Math.min(time(4000), time(4000));
    // 8 times the text: allow well under the 64 times a quadratic pass would take
    expect(big / small).toBeLessThan(30);
  });
});

describe('resolveArticle on a real analysis', () => {
  it('links the roles and pronouns of a news paragraph to the minister', () => {
    const body = [
      'The US was willing to give Turkey intelligence on Idlib, Foreign Minister Mevlut Cavusoglu has claimed.',
      'The senior Turkish diplomat told state-owned Anadolu Agency on Tuesday that Washington had offered help.',
      'According to Cavusoglu, Turkey and Russia will begin patrols. He warned that Turkey would retaliate.',
    ].join('\n\n');
    const r = resolveArticle(body, analyze(body, { published: '2020-03-10' }));
    const c = r.chains.find((x) => x.name.endsWith('Cavusoglu'));
    expect(c?.type).toBe('PERSON');
    expect(texts(c)).toEqual(expect.arrayContaining(['Cavusoglu', 'The senior Turkish diplomat', 'He']));
    expect(c?.roles.map((x) => x.text)).toContain('Foreign Minister');
  });
});

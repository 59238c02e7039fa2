import { describe, expect, it } from 'vitest';
import type { ArticleEntities, Chain, ChainType } from './article.js';
import { type ArticleRef, EntityTable, entityId, resolveCorpus } from './corpus.js';
import { isShorterForm, nameKey, nameKeyWords } from './names.js';

/** One article holding chains given as [name, type, roles, extra name mentions]. */
function article(
  id: string,
  outlet: string | null,
  date: string | null,
  chains: Array<[string, ChainType, string[]?, string[]?]>,
): { article: ArticleRef; entities: ArticleEntities } {
  const out: Chain[] = chains.map(([name, type, roles = [], more = []], i) => ({
    id: i,
    name,
    named: true,
    type,
    mentions: [name, ...more].map((text, k) => ({
      start: k * 10,
      end: k * 10 + text.length,
      text,
      form: 'name',
      via: 'test',
    })),
    roles: roles.map((text) => ({ start: 0, end: text.length, text, date })),
  }));
  return { article: { id, outlet, date }, entities: { version: 'test', date, chains: out } };
}

describe('name keys', () => {
  it('fold diacritics and transliteration variants', () => {
    expect(nameKey('Erdoğan')).toBe(nameKey('Erdogan'));
    expect(nameKey('Çavuşoğlu')).toBe(nameKey('Cavusoglu'));
    expect(nameKey('Sergei Lavrov')).toBe(nameKey('Sergey Lavrov'));
    expect(nameKey('Volodymyr Zelenskyy')).toBe(nameKey('Volodymyr Zelensky'));
    expect(nameKey('Alexei Navalny')).toBe(nameKey('Aleksey Navalny'));
    expect(nameKey('Mr. Bashar al-Assad')).toBe(nameKey('Bashar Assad'));
    expect(nameKey('Sergei Lavrov')).not.toBe(nameKey('Sergei Shoigu'));
  });

  it('know shorter forms of a name', () => {
    expect(isShorterForm(nameKeyWords('Erdogan'), nameKeyWords('Recep Tayyip Erdogan'))).toBe(true);
    expect(isShorterForm(nameKeyWords('Tayyip Erdogan'), nameKeyWords('Recep Tayyip Erdogan'))).toBe(true);
    expect(isShorterForm(nameKeyWords('Recep'), nameKeyWords('Recep Tayyip Erdogan'))).toBe(false);
    expect(isShorterForm(nameKeyWords('Ahmet Akar'), nameKeyWords('Hulusi Akar'))).toBe(false);
  });
});

describe('EntityTable', () => {
  const items = [
    article('a1', 'RT', '2020-03-01', [
      ['Recep Tayyip Erdoğan', 'PERSON', ['Turkish President'], ['Erdoğan']],
      ['Mevlut Cavusoglu', 'PERSON', ['Turkish Foreign Minister']],
    ]),
    article('a2', 'MEMO', '2020-03-05', [
      ['Erdogan', 'PERSON', ['Turkish President']],
      ['Mevlüt Çavuşoğlu', 'PERSON', ['Foreign Minister']],
      ['Sergey Lavrov', 'PERSON', ['Russian Foreign Minister']],
    ]),
    article('a3', 'RT', '2020-03-07', [
      ['Sergei Lavrov', 'PERSON', [], ['Lavrov']],
      ['NATO', 'ORG', [], ['North Atlantic Treaty Organization']],
    ]),
    article('a4', null, null, [['North Atlantic Treaty Organization', 'ORG']]),
  ];

  it('gives one entity per referent across spellings, with aliases, roles over time and counts', () => {
    const es = resolveCorpus(items);
    const erdogan = es.find((e) => e.aliases.includes('Erdogan'))!;
    expect(erdogan.name).toBe('Recep Tayyip Erdoğan');
    expect(erdogan.aliases).toEqual(['Erdogan', 'Erdoğan', 'Recep Tayyip Erdoğan']);
    expect(erdogan.roles).toEqual([
      { role: 'Turkish President', first: '2020-03-01', last: '2020-03-05', articles: 2 },
    ]);
    expect(erdogan.byOutlet).toEqual({ MEMO: 1, RT: 2 });
    expect(erdogan.byDate).toEqual({ '2020-03-01': 2, '2020-03-05': 1 });
    expect(erdogan.id).toBe(entityId(nameKey('Recep Tayyip Erdoğan')));
    const cav = es.find((e) => e.aliases.includes('Mevlut Cavusoglu'))!;
    expect(cav.aliases).toContain('Mevlüt Çavuşoğlu');
    expect(cav.articles).toBe(2);
    const lavrov = es.find((e) => e.aliases.includes('Lavrov'))!;
    expect(lavrov.aliases).toEqual(['Lavrov', 'Sergei Lavrov', 'Sergey Lavrov']);
    const nato = es.find((e) => e.aliases.includes('NATO'))!;
    expect(nato.name).toBe('North Atlantic Treaty Organization');
    expect(nato.byOutlet).toEqual({ '(unknown)': 1, RT: 2 });
    expect(es.filter((e) => e.type === 'PERSON')).toHaveLength(3);
  });

  it('gives the same entities whatever the order the articles arrive in', () => {
    const base = JSON.stringify(resolveCorpus(items));
    for (const order of [
      [3, 2, 1, 0],
      [1, 3, 0, 2],
      [2, 0, 3, 1],
    ]) {
      expect(JSON.stringify(resolveCorpus(order.map((i) => items[i]!)))).toBe(base);
    }
  });

  it('is incremental: re-adding an article replaces it, removing takes it out, the state round-trips', () => {
    const t = new EntityTable();
    for (const x of items) t.add(x.article, x.entities);
    const before = JSON.stringify(t.entities());
    t.add(items[0]!.article, items[0]!.entities);
    expect(JSON.stringify(t.entities())).toBe(before);
    const copy = EntityTable.from(JSON.parse(JSON.stringify(t.toJSON())));
    expect(JSON.stringify(copy.entities())).toBe(before);
    t.remove('a3');
    expect(t.size).toBe(3);
    expect(t.find('Sergei Lavrov')?.aliases).toEqual(['Sergey Lavrov']);
    expect(t.entityOf('a1', 0)?.name).toBe('Recep Tayyip Erdoğan');
    expect(t.entityOf('a2', 0)?.name).toBe('Recep Tayyip Erdoğan');
    expect(t.find('erdogan')?.name).toBe('Recep Tayyip Erdoğan');
  });

  it('keeps two people with one surname apart, and sends a bare surname by its roles', () => {
    const es = resolveCorpus([
      article('b1', 'X', '2020-01-01', [['Hulusi Akar', 'PERSON', ['Turkish Defense Minister']]]),
      article('b2', 'X', '2020-01-02', [['Ahmet Akar', 'PERSON', ['football coach']]]),
      article('b3', 'X', '2020-01-03', [['Akar', 'PERSON', ['Defense Minister']]]),
      article('b4', 'X', '2020-01-04', [['Akar', 'PERSON']]),
    ]);
    const hulusi = es.find((e) => e.name === 'Hulusi Akar')!;
    expect(hulusi.chains.map((c) => c.article)).toEqual(['b1', 'b3']);
    expect(es.find((e) => e.name === 'Ahmet Akar')!.chains.map((c) => c.article)).toEqual(['b2']);
    // no role to tell which Akar: an entity of its own
    expect(es.find((e) => e.name === 'Akar')!.chains.map((c) => c.article)).toEqual(['b4']);
  });

  it('does not merge a surname into the only fuller name when their roles clash', () => {
    const es = resolveCorpus([
      article('c1', 'X', '2020-01-01', [['John Smith', 'PERSON', ['American senator']]]),
      article('c2', 'X', '2020-01-02', [['Smith', 'PERSON', ['British minister']]]),
      article('c3', 'X', '2020-01-03', [['Smith', 'PERSON']]),
    ]);
    expect(es.find((e) => e.name === 'John Smith')!.chains.map((c) => c.article)).toEqual(['c1', 'c3']);
    expect(es.find((e) => e.name === 'Smith')!.chains.map((c) => c.article)).toEqual(['c2']);
  });

  it('ignores unnamed chains and bad input without throwing', () => {
    const t = new EntityTable();
    t.add({ id: 'x', outlet: null, date: null }, null as unknown as ArticleEntities);
    t.add(null as unknown as ArticleRef, items[0]!.entities);
    const unnamed = article('y', null, null, [['the court', 'ORG']]);
    unnamed.entities.chains[0]!.named = false;
    t.add(unnamed.article, unnamed.entities);
    expect(t.entities()).toEqual([]);
    expect(t.find('nobody')).toBeNull();
  });
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Analysis, Article, EntityMention, Quote } from '../types.js';
import { entityKey, foldName, preferName } from './entity-key.js';
import { SqliteStore } from './sqlite.js';

function article(id: string, outlet: string, published: string | null, body: string): Article {
  const found = <T>(value: T) => ({ value, via: 'test', confidence: 1 });
  return {
    id,
    title: found(`title ${id}`),
    outlet: found(outlet),
    published: published ? found(published) : null,
    authors: [],
    language: null,
    canonicalUrl: null,
    modified: null,
    section: null,
    tags: [],
    body,
    removed: [],
    sources: [{ source: `${id}.txt`, url: null, rawHash: id, charset: 'utf-8', outlet, title: id, published }],
    pipeline: 'test',
  };
}

/** Mentions of each name where it occurs in the body. */
function mentions(body: string, names: Array<[string, EntityMention['type']]>): EntityMention[] {
  const out: EntityMention[] = [];
  for (const [text, type] of names) {
    for (let at = body.indexOf(text); at >= 0; at = body.indexOf(text, at + 1))
      out.push({ start: at, end: at + text.length, type, text, via: 'test' });
  }
  return out.sort((a, b) => a.start - b.start);
}

function quote(
  body: string,
  content: string,
  speaker: string,
  mention = speaker,
  date: Quote['date'] = { value: null, from: 'published', span: null },
): Quote {
  const start = body.indexOf(content);
  const at = body.indexOf(mention);
  return {
    start,
    end: start + content.length,
    kind: 'direct',
    parts: [{ start, end: start + content.length }],
    text: content,
    cue: { start: 0, end: 4, text: 'said' },
    speaker: {
      mention: { start: at, end: at + mention.length, text: mention, form: mention === speaker ? 'name' : 'role' },
      resolved: { start: at, end: at + mention.length, text: speaker, type: 'PERSON' },
      via: 'test',
    },
    addressee: null,
    channel: null,
    via: 'test',
    date,
  };
}

function analysis(version: string, entities: EntityMention[], quotes: Quote[] = []): Analysis {
  return {
    version,
    reference: { value: null, estimated: false },
    tokens: 10,
    sentences: [],
    entities,
    times: [],
    amounts: [],
    quotes,
  };
}

const BODY_A = 'Mevlüt Çavuşoğlu met Lavrov in Ankara. "We will not change course," Çavuşoğlu said.';
const BODY_B = 'Mevlut Cavusoglu spoke in Ankara again. "Talks go on," Cavusoglu said, and Ankara agreed.';
const A = article('aaaa000000000001', 'Wire One', '2020-02-17T10:00:00Z', BODY_A);
const B = article('bbbb000000000002', 'Paper Two', '2020-03-02', BODY_B);

describe('entity keys', () => {
  it('folds case, diacritics, the dotless i, a leading "the" and a possessive', () => {
    expect(foldName('Mevlüt  Çavuşoğlu')).toBe('mevlut cavusoglu');
    expect(foldName('Erdoğan’s')).toBe('erdogan');
    expect(foldName('the Kremlin')).toBe('kremlin');
    expect(foldName('Işık')).toBe('isik');
    expect(entityKey('PERSON', 'Erdoğan')).toBe(entityKey('PERSON', 'ERDOGAN'));
    expect(entityKey('LOC', 'Turkey')).not.toBe(entityKey('ORG', 'Turkey'));
  });

  it('shows the spelling with diacritics whichever came first', () => {
    expect(preferName('Cavusoglu', 'Çavuşoğlu')).toBe('Çavuşoğlu');
    expect(preferName('Çavuşoğlu', 'Cavusoglu')).toBe('Çavuşoğlu');
    expect(preferName('Ankara', 'ANKARA')).toBe(preferName('ANKARA', 'Ankara'));
  });
});

describe('SqliteStore analyses', () => {
  const stores: SqliteStore[] = [];
  const open = () => {
    const s = new SqliteStore(join(mkdtempSync(join(tmpdir(), 'dossier-analyses-')), 'd.db'));
    stores.push(s);
    return s;
  };
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
  });

  const names: Array<[string, EntityMention['type']]> = [
    ['Mevlüt Çavuşoğlu', 'PERSON'],
    ['Mevlut Cavusoglu', 'PERSON'],
    ['Lavrov', 'PERSON'],
    ['Ankara', 'LOC'],
  ];

  it('lists the articles without an analysis of the current version, in storage order', async () => {
    const store = open();
    await store.putArticles([A, B]);
    expect((await store.pendingAnalyses('v1', 10)).map((p) => p.id)).toEqual([A.id, B.id]);
    const first = await store.pendingAnalyses('v1', 1);
    expect(first[0]?.published).toBe('2020-02-17T10:00:00Z');
    expect((await store.pendingAnalyses('v1', 10, first[0]?.seq)).map((p) => p.id)).toEqual([B.id]);
    await store.putAnalyses([{ id: A.id, analysis: analysis('v1', mentions(BODY_A, names)) }]);
    expect((await store.pendingAnalyses('v1', 10)).map((p) => p.id)).toEqual([B.id]);
    // a new version makes every analysis stale
    expect((await store.pendingAnalyses('v2', 10)).map((p) => p.id)).toEqual([A.id, B.id]);
    expect(await store.analysisState('v1')).toEqual({ articles: 2, current: 1, stale: 0 });
    expect(await store.analysisState('v2')).toEqual({ articles: 2, current: 0, stale: 1 });
  });

  it('counts entities over spellings and keeps the counts right when an analysis is replaced', async () => {
    const store = open();
    await store.putArticles([A, B]);
    await store.putAnalyses([
      { id: A.id, analysis: analysis('v1', mentions(BODY_A, names)) },
      { id: B.id, analysis: analysis('v1', mentions(BODY_B, names)) },
    ]);
    const ankara = (await store.listEntities({ type: 'LOC' }, 10))[0];
    expect(ankara).toMatchObject({ key: 'LOC:ankara', name: 'Ankara', articles: 2, mentions: 3 });
    const person = (await store.listEntities({ q: 'cavusoglu' }, 10))[0];
    expect(person).toMatchObject({ name: 'Mevlüt Çavuşoğlu', articles: 2, mentions: 2 });

    // the same article analysed again (a new model) replaces its mentions instead of adding to them
    await store.putAnalyses([
      { id: B.id, analysis: analysis('v2', mentions(BODY_B, [['Ankara', 'LOC']]).slice(0, 1)) },
    ]);
    expect((await store.listEntities({ type: 'LOC' }, 10))[0]).toMatchObject({ articles: 2, mentions: 2 });
    expect((await store.listEntities({ q: 'cavusoglu' }, 10))[0]).toMatchObject({ articles: 1, mentions: 1 });
    expect((await store.getAnalysis(B.id))?.version).toBe('v2');
  });

  it('keeps the same totals whether analyses come in one batch or one at a time, replacements included', async () => {
    const totals = async (store: SqliteStore) => {
      const entities = await store.listEntities({}, 100);
      const details = await Promise.all(entities.map((e) => store.getEntity(e.key)));
      return details.map((d) => ({ key: d?.key, mentions: d?.mentions, aliases: d?.aliases, months: d?.months }));
    };
    const first = [
      { id: A.id, analysis: analysis('v1', mentions(BODY_A, names)) },
      { id: B.id, analysis: analysis('v1', mentions(BODY_B, names)) },
    ];
    // B again with fewer mentions, and A again unchanged: what they counted before comes out of the totals
    const again = [
      { id: B.id, analysis: analysis('v2', mentions(BODY_B, [['Ankara', 'LOC']])) },
      { id: A.id, analysis: analysis('v2', mentions(BODY_A, names)) },
    ];
    const batched = open();
    await batched.putArticles([A, B]);
    await batched.putAnalyses(first);
    await batched.putAnalyses([...again, ...again]);
    const single = open();
    await single.putArticles([A, B]);
    for (const item of [...first, ...again]) await single.putAnalyses([item]);
    const expected = await totals(single);
    expect(expected.find((e) => e.key === 'LOC:ankara')).toMatchObject({ mentions: 3 });
    expect(await totals(batched)).toEqual(expected);
  });

  it('names the article and the reason when a stored analysis is unreadable', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'dossier-analyses-')), 'd.db');
    const store = new SqliteStore(path);
    stores.push(store);
    await store.putArticles([A, B]);
    await store.putAnalyses([{ id: A.id, analysis: analysis('v1', mentions(BODY_A, names)) }]);
    expect((await store.getAnalysis(A.id))?.entities).toEqual(mentions(BODY_A, names));
    const db = new Database(path);
    db.prepare("UPDATE analyses SET data = X'01FFFF'").run();
    db.close();
    await expect(store.getAnalysis(A.id)).rejects.toThrow(
      new RegExp(`article ${A.id}: its stored analysis is unreadable \\(.+\\)`),
    );
    expect(await store.getAnalysis(B.id)).toBeNull();
  });

  it('finds an entity by any spelling and lists its quotes, outlets and neighbours', async () => {
    const store = open();
    await store.putArticles([A, B]);
    await store.putAnalyses([
      {
        id: A.id,
        analysis: analysis('v1', mentions(BODY_A, names), [
          quote(BODY_A, '"We will not change course,"', 'Mevlüt Çavuşoğlu', 'Çavuşoğlu'),
        ]),
      },
      {
        id: B.id,
        analysis: analysis('v1', mentions(BODY_B, names), [
          quote(BODY_B, '"Talks go on,"', 'Mevlut Cavusoglu', 'Mevlut Cavusoglu', {
            value: '2020-02-28',
            from: 'text',
            span: { start: 0, end: 6, text: 'Friday' },
          }),
        ]),
      },
    ]);
    const entity = await store.getEntity('mevlut cavusoglu');
    expect(entity?.name).toBe('Mevlüt Çavuşoğlu');
    expect(entity?.aliases.map((a) => a.text).sort()).toEqual(['Mevlut Cavusoglu', 'Mevlüt Çavuşoğlu']);
    expect(entity?.outlets.map((o) => o.name)).toEqual(['Paper Two', 'Wire One']);
    expect(entity?.months).toEqual([
      { month: '2020-02', outlet: 'Wire One', mentions: 1 },
      { month: '2020-03', outlet: 'Paper Two', mentions: 1 },
    ]);
    expect(entity?.quotes.map((q) => q.text)).toEqual(['"Talks go on,"', '"We will not change course,"']);
    expect(entity?.related.find((r) => r.name === 'Ankara')?.shared).toBe(2);

    // quotes by surname, by outlet; the article and the mention that named the speaker come along
    const bySurname = await store.listQuotes({ speaker: 'Çavuşoğlu' }, 10);
    expect(bySurname).toHaveLength(2);
    expect(bySurname[1]).toMatchObject({
      article: { id: A.id, outlet: 'Wire One' },
      speaker: { name: 'Mevlüt Çavuşoğlu', mention: 'Çavuşoğlu' },
      start: BODY_A.indexOf('"We'),
    });
    expect(await store.listQuotes({ speaker: 'Lavrov' }, 10)).toEqual([]);
    expect((await store.listQuotes({ outlet: 'Paper Two' }, 10)).map((q) => q.text)).toEqual(['"Talks go on,"']);
    // when it was said: the attribution's date, else the article's
    expect(bySurname.map((q) => [q.date?.slice(0, 10), q.dateFrom])).toEqual([
      ['2020-02-28', 'text'],
      ['2020-02-17', 'published'],
    ]);
    expect(await store.getEntity('nobody at all')).toBeNull();
  });
});

import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { analyze } from '../analyze/index.js';
import type { Analysis, Quote } from '../types.js';
import { SQLITE_MIGRATIONS } from './migrations.js';
import { SqliteStore } from './sqlite.js';

/** The seeds are read in place, never copied into the repository. */
const SEEDS = join(import.meta.dirname, '..', '..', '..', 'shared', 'seeds');

/** A dossier at migration 3 holding the seeds with their analyses and quotes, as that version wrote them. */
function buildAtMigration3(path: string): Array<{ id: string; body: string; analysis: Analysis }> {
  const db = new Database(path);
  for (const sql of SQLITE_MIGRATIONS.slice(0, 3)) db.exec(sql);
  db.pragma('user_version = 3');
  const addArticle = db.prepare(
    "INSERT INTO articles (id, title, outlet, published_utc, body, pipeline) VALUES (?, ?, 'Seed', ?, ?, 'test')",
  );
  const addAnalysis = db.prepare('INSERT INTO analyses (article_rowid, version, data) VALUES (?, ?, ?)');
  const entity = Number(
    db.prepare("INSERT INTO entities (key, type, name) VALUES ('PERSON:x', 'PERSON', 'X')").run().lastInsertRowid,
  );
  const addMention = db.prepare(
    'INSERT OR IGNORE INTO mentions (article_rowid, start, "end", entity_rowid, text) VALUES (?, ?, ?, ?, ?)',
  );
  const addQuote = db.prepare(
    `INSERT INTO quotes (article_rowid, position, start, "end", kind, text, cue, speaker, speaker_entity_rowid, published_utc, data)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)`,
  );
  const docs = readdirSync(SEEDS)
    .sort()
    .map((file, i) => {
      const body = readFileSync(join(SEEDS, file), 'utf8');
      return { id: `${i}`.padStart(16, 'a'), body, analysis: analyze(body, { published: '2020-02-16' }) };
    });
  docs.forEach((d, i) => {
    const utc = `2020-02-1${i}T00:00:00.000Z`;
    const rowid = Number(addArticle.run(d.id, `seed ${i}`, utc, d.body).lastInsertRowid);
    // two versions, so the migration names each once
    addAnalysis.run(rowid, i % 2 ? 'old+r1' : 'analyze@2+r1', JSON.stringify(d.analysis));
    for (const m of d.analysis.entities) addMention.run(rowid, m.start, m.end, entity, m.text);
    // a mention whose text is not the body's (a chain's name)
    addMention.run(rowid, -1, 0, entity, 'Mevlut Cavusoglu');
    (d.analysis.quotes ?? []).forEach((q, position) =>
      addQuote.run(
        rowid,
        position,
        q.start,
        q.end,
        q.kind,
        q.text,
        q.cue?.text ?? null,
        q.speaker.resolved?.text ?? null,
        utc,
        JSON.stringify(q),
      ),
    );
  });
  db.close();
  return docs;
}

/** What a quote listing showed of a quote before the migration (read from the quote's JSON). */
function listedBefore(q: Quote) {
  return {
    kind: q.kind,
    text: q.text,
    cue: q.cue?.text ?? null,
    mention: q.speaker.mention?.text ?? null,
    via: q.speaker.via,
    addressee: q.addressee?.text ?? null,
    channel: q.channel?.text ?? null,
    start: q.start,
    end: q.end,
  };
}

describe('migration 4 (compact analyses, quotes without their JSON)', () => {
  it('converts a migration-3 dossier in place: the same analyses and quote listings, in fewer bytes', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'dossier-migrate-')), 'd.db');
    const docs = buildAtMigration3(path);
    const quotes = docs.flatMap((d) => d.analysis.quotes ?? []);
    expect(quotes.length).toBeGreaterThan(20);
    const countMentions = (where: string) => {
      const db = new Database(path, { readonly: true });
      const n = (db.prepare(`SELECT count(*) AS n FROM mentions ${where}`).get() as { n: number }).n;
      db.close();
      return n;
    };
    const mentionsBefore = countMentions('');
    expect(mentionsBefore).toBeGreaterThan(50);
    const bytesBefore = (
      new Database(path).prepare('SELECT sum(length(data)) AS n FROM analyses').get() as { n: number }
    ).n;

    const sizeBefore = statSync(path).size;
    const store = new SqliteStore(path);
    try {
      expect(store.integrityCheck()).toEqual(['ok']);
      for (const d of docs)
        expect(await store.getAnalysis(d.id), d.id).toStrictEqual(JSON.parse(JSON.stringify(d.analysis)));
      expect(await store.analysisState('analyze@2+r1')).toEqual({ articles: 5, current: 3, stale: 2 });
      expect((await store.pendingAnalyses('old+r1', 10)).length).toBe(3);

      for (const d of docs) {
        const listed = await store.listQuotes({ article: d.id }, 1000);
        const expected = (d.analysis.quotes ?? []).map(listedBefore);
        expect(
          listed.map(({ kind, text, cue, speaker, addressee, channel, start, end }) => ({
            kind,
            text,
            cue,
            mention: speaker.mention,
            via: speaker.via,
            addressee,
            channel,
            start,
            end,
          })),
        ).toEqual(expected);
      }
      // the whole listing, newest first (seed i was published on day 1i: the last seed first)
      const all = await store.listQuotes({}, 1000);
      const newestFirst = [...docs].reverse().flatMap((d) => (d.analysis.quotes ?? []).map(() => d.id));
      expect(all.map((q) => q.article.id)).toEqual(newestFirst);
    } finally {
      await store.close();
    }

    const db = new Database(path, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(SQLITE_MIGRATIONS.length);
    // the pages the old analyses took are given back to the disk
    expect(db.pragma('freelist_count', { simple: true })).toBe(0);
    expect(statSync(path).size).toBeLessThan(sizeBefore);
    const after = db.prepare('SELECT sum(length(data)) AS n FROM analyses').get() as { n: number };
    expect(after.n * 8).toBeLessThan(bytesBefore);
    // a quote's text is kept only when it is not the body's text between its offsets (a quote in two pieces)
    const kept = db.prepare('SELECT count(*) AS n FROM quotes WHERE text IS NOT NULL').get() as { n: number };
    expect(kept.n).toBe(quotes.filter((q) => q.parts.length > 1).length);
    db.close();
    // a named mention keeps its text only when it is not the body's
    expect(countMentions('')).toBe(mentionsBefore);
    expect(countMentions('WHERE text IS NOT NULL')).toBe(docs.length);
  });
});

describe('migration 6 (the unanalysed articles, kept by triggers)', () => {
  it('lists the articles of an older dossier that have no analysis, and keeps the list as articles and analyses come and go', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'dossier-mig6-')), 'd.db');
    await new SqliteStore(path).close();
    // back to the migration before: no list of the unanalysed articles, no triggers keeping it
    const before = SQLITE_MIGRATIONS.findIndex((sql) => sql.includes('CREATE TABLE unanalysed'));
    const db = new Database(path);
    for (const t of [
      'unanalysed_article_in',
      'unanalysed_article_out',
      'unanalysed_analysis_in',
      'unanalysed_analysis_out',
    ])
      db.exec(`DROP TRIGGER ${t}`);
    db.exec('DROP TABLE unanalysed');
    // and the later migrations, run again on opening
    db.exec('DROP TRIGGER articles_neighbours; DROP TABLE entity_neighbours');
    db.exec('DROP TRIGGER articles_totals; DROP TABLE article_entities');
    for (const t of ['article_count_in', 'article_count_out', 'analysis_count_in', 'analysis_count_out'])
      db.exec(`DROP TRIGGER ${t}`);
    db.exec(
      'DROP TRIGGER analysis_count_moved; DROP TABLE article_count; ALTER TABLE analysis_versions DROP COLUMN analyses',
    );
    db.pragma(`user_version = ${before}`);
    const add = db.prepare("INSERT INTO articles (id, body, pipeline) VALUES (?, 'A body.', 'test')");
    for (const id of ['a1', 'a2', 'a3']) add.run(id);
    db.prepare("INSERT INTO analysis_versions (version) VALUES ('v1')").run();
    db.prepare("INSERT INTO analyses (article_rowid, version_rowid, data) VALUES (2, 1, x'00')").run();
    db.close();

    const store = new SqliteStore(path);
    const pending = async () => (await store.pendingAnalyses('v1', 10)).map((p) => p.id);
    try {
      expect(await pending()).toEqual(['a1', 'a3']);
      const raw = new Database(path);
      raw.prepare("INSERT INTO articles (id, body, pipeline) VALUES ('a4', 'Another body.', 'test')").run();
      raw.prepare("INSERT INTO analyses (article_rowid, version_rowid, data) VALUES (1, 1, x'00')").run();
      expect(await pending()).toEqual(['a3', 'a4']);
      raw.prepare('DELETE FROM analyses WHERE article_rowid = 2').run();
      raw.prepare('DELETE FROM articles WHERE rowid = 3').run();
      expect(await pending()).toEqual(['a2', 'a4']);
      expect(raw.prepare('SELECT article_rowid FROM unanalysed ORDER BY 1').pluck().all()).toEqual([2, 4]);
      raw.close();
    } finally {
      await store.close();
    }
  });
});

describe('migrations 7 and 8 (entity neighbours, article entity lists)', () => {
  it('counts the neighbours and lists the entities of each article from the mentions already stored', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'dossier-migrate-')), 'd.db');
    const db = new Database(path);
    for (const sql of SQLITE_MIGRATIONS.slice(0, 3)) db.exec(sql);
    db.pragma('user_version = 3');
    const addEntity = db.prepare("INSERT INTO entities (key, type, name) VALUES (?, 'PERSON', ?)");
    for (const name of ['a', 'b', 'c', 'd']) addEntity.run(`PERSON:${name}`, name);
    const addArticle = db.prepare("INSERT INTO articles (id, body, pipeline) VALUES (?, 'x', 'test')");
    const addMention = db.prepare(
      'INSERT INTO mentions (article_rowid, start, "end", entity_rowid, text) VALUES (?, ?, ?, ?, \'x\')',
    );
    // article 1 names 1, 2 (twice) and 3; article 2 names 1 and 2; article 3 names 4 alone
    const named = [[1, 2, 2, 3], [1, 2], [4]];
    named.forEach((entities, i) => {
      addArticle.run(`${i}`.padStart(16, 'a'));
      entities.forEach((e, at) => addMention.run(i + 1, at, at + 1, e));
    });
    db.close();

    await new SqliteStore(path).close();
    const migrated = new Database(path, { readonly: true });
    const rows = migrated
      .prepare('SELECT entity_rowid AS e, other_rowid AS o, articles AS n FROM entity_neighbours ORDER BY e, o')
      .raw()
      .all();
    const lists = migrated.prepare('SELECT article_rowid, entities FROM article_entities ORDER BY 1').raw().all();
    migrated.close();
    expect(lists).toEqual([
      [1, '[1,2,3]'],
      [2, '[1,2]'],
      [3, '[4]'],
    ]);
    expect(rows).toEqual([
      [1, 2, 2],
      [1, 3, 1],
      [2, 1, 2],
      [2, 3, 1],
      [3, 1, 1],
      [3, 2, 1],
    ]);
  });
});

describe('migration 9 (articles and analyses counted by triggers)', () => {
  it('counts an older dossier, and keeps the counts as articles and analyses come, go and change version', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'dossier-mig8-')), 'd.db');
    await new SqliteStore(path).close();
    // back to the migration before: no counts, no triggers keeping them
    const db = new Database(path);
    for (const t of ['article_count_in', 'article_count_out', 'analysis_count_in', 'analysis_count_out'])
      db.exec(`DROP TRIGGER ${t}`);
    db.exec(
      'DROP TRIGGER analysis_count_moved; DROP TABLE article_count; ALTER TABLE analysis_versions DROP COLUMN analyses',
    );
    db.pragma(`user_version = ${SQLITE_MIGRATIONS.findIndex((sql) => sql.includes('CREATE TABLE article_count'))}`);
    const add = db.prepare("INSERT INTO articles (id, body, pipeline) VALUES (?, 'A body.', 'test')");
    for (const id of ['a1', 'a2', 'a3']) add.run(id);
    db.prepare("INSERT INTO analysis_versions (version) VALUES ('v1'), ('v2')").run();
    db.prepare("INSERT INTO analyses (article_rowid, version_rowid, data) VALUES (1, 1, x'00'), (2, 2, x'00')").run();
    db.close();

    const store = new SqliteStore(path);
    const counted = () => {
      const raw = new Database(path, { readonly: true });
      try {
        return raw
          .prepare(
            `SELECT (SELECT count(*) FROM articles) AS articles,
                    (SELECT count(*) FROM analyses WHERE version_rowid = 1) AS current,
                    (SELECT count(*) FROM analyses WHERE version_rowid <> 1) AS stale`,
          )
          .get();
      } finally {
        raw.close();
      }
    };
    try {
      expect(await store.analysisState('v1')).toEqual({ articles: 3, current: 1, stale: 1 });
      expect(await store.analysisState('v9')).toEqual({ articles: 3, current: 0, stale: 2 });
      const raw = new Database(path);
      raw.prepare("INSERT INTO articles (id, body, pipeline) VALUES ('a4', 'Another body.', 'test')").run();
      raw.prepare("INSERT INTO analyses (article_rowid, version_rowid, data) VALUES (3, 1, x'00')").run();
      raw.prepare('UPDATE analyses SET version_rowid = 1 WHERE article_rowid = 2').run();
      expect(await store.analysisState('v1')).toEqual({ articles: 4, current: 3, stale: 0 });
      raw.prepare('DELETE FROM articles WHERE rowid = 1').run();
      raw.prepare('DELETE FROM analyses WHERE article_rowid = 3').run();
      raw.close();
      expect(await store.analysisState('v1')).toEqual(counted());
      expect(await store.analysisState('v1')).toEqual({ articles: 3, current: 1, stale: 0 });
    } finally {
      await store.close();
    }
  });
});

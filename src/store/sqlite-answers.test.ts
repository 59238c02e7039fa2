import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteAnswers } from './sqlite-answers.js';

describe('answers kept until the database changes', () => {
  let path: string;
  let db: Database.Database;
  let other: Database.Database;

  beforeEach(() => {
    path = join(mkdtempSync(join(tmpdir(), 'dossier-answers-')), 'a.db');
    db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (n INTEGER)');
    other = new Database(path);
  });
  afterEach(() => {
    db.close();
    other.close();
  });

  /** A cached count of the rows, and how many times it was computed. */
  function counter(answers: SqliteAnswers) {
    let computed = 0;
    const count = () =>
      answers.get('count', () => {
        computed++;
        return (db.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n;
      });
    return { count, computed: () => computed };
  }

  it('computes an answer once while nothing changes', () => {
    const { count, computed } = counter(new SqliteAnswers(db));
    expect([count(), count(), count()]).toEqual([0, 0, 0]);
    expect(computed()).toBe(1);
  });

  it('computes again after another connection commits', () => {
    const { count, computed } = counter(new SqliteAnswers(db));
    expect(count()).toBe(0);
    other.prepare('INSERT INTO t VALUES (1)').run();
    expect(count()).toBe(1);
    expect(computed()).toBe(2);
  });

  it('computes again after its own connection writes', () => {
    const { count, computed } = counter(new SqliteAnswers(db));
    expect(count()).toBe(0);
    db.prepare('INSERT INTO t VALUES (1)').run();
    expect(count()).toBe(1);
    expect(computed()).toBe(2);
  });

  it('drops the least recently used answer beyond its capacity', () => {
    const answers = new SqliteAnswers(db, 2);
    const calls: string[] = [];
    const get = (key: string) => answers.get(key, () => calls.push(key));
    get('a');
    get('b');
    get('a'); // a is now the most recently used
    get('c'); // drops b
    get('a');
    get('b');
    expect(calls).toEqual(['a', 'b', 'c', 'b']);
  });
});

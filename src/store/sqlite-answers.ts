import type Database from 'better-sqlite3';

/** Answers kept per connection, at most; the least recently used goes first. */
export const CACHED_ANSWERS = 500;

/**
 * Answers of costly reads (an entity page, a co-mention network) kept until
 * the database changes. The generation is SQLite's `PRAGMA data_version`,
 * which moves when another connection commits, with `total_changes()`, which
 * moves when this one writes: a cached answer is never older than the data.
 */
export class SqliteAnswers {
  private readonly answers = new Map<string, unknown>();
  private generation = '';
  private readonly version;

  constructor(
    private readonly db: Database.Database,
    private readonly capacity = CACHED_ANSWERS,
  ) {
    this.version = db.prepare<[], { changes: number }>('SELECT total_changes() AS changes');
  }

  /** The answer of `compute` for `key`, computed at most once per generation of the database. */
  get<T>(key: string, compute: () => T): T {
    const generation = `${this.db.pragma('data_version', { simple: true }) as number}:${this.version.get()?.changes ?? 0}`;
    if (generation !== this.generation) {
      this.answers.clear();
      this.generation = generation;
    }
    if (this.answers.has(key)) {
      const hit = this.answers.get(key) as T;
      // a Map keeps insertion order: put the hit last, so the first entry is the least recently used
      this.answers.delete(key);
      this.answers.set(key, hit);
      return hit;
    }
    const answer = compute();
    this.answers.set(key, answer);
    if (this.answers.size > this.capacity) this.answers.delete(this.answers.keys().next().value as string);
    return answer;
  }
}

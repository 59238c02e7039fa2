/**
 * Versioned schema migrations for the SQLite store, applied in order inside
 * one transaction each; `PRAGMA user_version` records the last one applied.
 * Never edit a released migration: add the next one.
 */
export const SQLITE_MIGRATIONS: readonly string[] = [
  // 1: articles, their sources, and a full-text index over title and body
  `
  CREATE TABLE articles (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    title TEXT,
    outlet TEXT COLLATE NOCASE,
    published TEXT,
    published_utc TEXT,
    language TEXT,
    canonical_url TEXT,
    authors TEXT NOT NULL DEFAULT '[]',
    body TEXT NOT NULL,
    removed TEXT NOT NULL DEFAULT '[]',
    meta TEXT NOT NULL DEFAULT '{}',
    pipeline TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
  );
  CREATE INDEX articles_outlet ON articles (outlet);
  CREATE INDEX articles_published ON articles (published_utc);
  CREATE TABLE sources (
    article_rowid INTEGER NOT NULL REFERENCES articles (rowid) ON DELETE CASCADE,
    source TEXT NOT NULL,
    url TEXT,
    raw_hash TEXT NOT NULL,
    charset TEXT,
    outlet TEXT COLLATE NOCASE,
    title TEXT,
    published TEXT,
    ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (article_rowid, source)
  ) WITHOUT ROWID;
  CREATE INDEX sources_source ON sources (source);
  CREATE INDEX sources_outlet ON sources (outlet, article_rowid);
  CREATE VIRTUAL TABLE articles_fts USING fts5 (
    title, body, content = 'articles', content_rowid = 'rowid',
    tokenize = 'porter unicode61 remove_diacritics 2'
  );
  CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, body) VALUES (new.rowid, new.title, new.body);
  END;
  CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
  END;
  CREATE TRIGGER articles_au AFTER UPDATE OF title, body ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
    INSERT INTO articles_fts (rowid, title, body) VALUES (new.rowid, new.title, new.body);
  END;
  `,
];

import type Database from 'better-sqlite3';
import { encodeAnalysis } from './analysis-codec.js';
import type { Analysis } from '../types.js';

/**
 * The filter terms of the article row `row` (`new` in a trigger, `a` in a query): one term for each outlet that
 * carried it (the article's and every source's, ASCII case folded as NOCASE does, hex-coded so any name is one
 * term), one for its language, and its publication day, month and year (`d20240301 m202403 y2024`). Every term ends
 * in a digit, which the porter stemmer leaves as it is. `search-terms.ts` writes the same terms into queries.
 */
const searchTerms = (row: string) => `trim(
    coalesce((SELECT group_concat('o' || hex(o) || '0', ' ') FROM (
      SELECT lower(${row}.outlet) AS o WHERE ${row}.outlet IS NOT NULL
      UNION SELECT lower(s.outlet) FROM sources s WHERE s.article_rowid = ${row}.rowid AND s.outlet IS NOT NULL)), '')
    || coalesce(' l' || hex(lower(${row}.language)) || '0', '')
    || coalesce(' d' || strftime('%Y%m%d', ${row}.published_utc) || ' m' || strftime('%Y%m', ${row}.published_utc)
         || ' y' || strftime('%Y', ${row}.published_utc), ''))`;

/**
 * Versioned schema migrations for the SQLite store, applied in order inside
 * one transaction each; `PRAGMA user_version` records the last one applied.
 * Never edit a released migration: add the next one. A migration that must
 * convert stored values calls the SQL functions `migrate` defines.
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
  // 2: the link stage's results: stories, their articles, near-duplicate groups, and the run that made them
  `
  CREATE TABLE stories (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL,
    terms TEXT NOT NULL DEFAULT '[]',
    first_utc TEXT,
    last_utc TEXT,
    article_count INTEGER NOT NULL
  );
  CREATE INDEX stories_size ON stories (article_count DESC, last_utc DESC, id);
  CREATE TABLE story_articles (
    story_rowid INTEGER NOT NULL REFERENCES stories (rowid) ON DELETE CASCADE,
    article_rowid INTEGER NOT NULL UNIQUE REFERENCES articles (rowid) ON DELETE CASCADE,
    PRIMARY KEY (story_rowid, article_rowid)
  ) WITHOUT ROWID;
  CREATE TABLE duplicate_groups (
    rowid INTEGER PRIMARY KEY,
    first_article_rowid INTEGER NOT NULL REFERENCES articles (rowid) ON DELETE CASCADE
  );
  CREATE TABLE duplicate_members (
    group_rowid INTEGER NOT NULL REFERENCES duplicate_groups (rowid) ON DELETE CASCADE,
    article_rowid INTEGER NOT NULL UNIQUE REFERENCES articles (rowid) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    PRIMARY KEY (group_rowid, position)
  ) WITHOUT ROWID;
  CREATE TABLE link_runs (
    rowid INTEGER PRIMARY KEY CHECK (rowid = 1),
    version TEXT NOT NULL,
    articles INTEGER NOT NULL,
    seconds REAL NOT NULL,
    linked_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
  );
  `,
  // 3: the analyze stage's results: one analysis per article (its version says when it is stale), the named
  //    mentions and quotes it found (indexed for the entity and quote views), and entity totals kept up to date;
  //    and indexes in the sort orders of the article, story and quote listings
  `
  CREATE TABLE analyses (
    article_rowid INTEGER PRIMARY KEY REFERENCES articles (rowid) ON DELETE CASCADE,
    version TEXT NOT NULL,
    data TEXT NOT NULL,
    analyzed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
  );
  CREATE INDEX analyses_version ON analyses (version);
  CREATE TABLE entities (
    rowid INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL,
    name TEXT NOT NULL,
    mentions INTEGER NOT NULL DEFAULT 0,
    articles INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX entities_size ON entities (articles DESC, mentions DESC, key);
  CREATE INDEX entities_type_size ON entities (type, articles DESC, mentions DESC, key);
  CREATE TABLE mentions (
    article_rowid INTEGER NOT NULL REFERENCES articles (rowid) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    entity_rowid INTEGER NOT NULL REFERENCES entities (rowid),
    text TEXT NOT NULL,
    PRIMARY KEY (article_rowid, start)
  ) WITHOUT ROWID;
  CREATE INDEX mentions_entity ON mentions (entity_rowid, article_rowid);
  CREATE TABLE quotes (
    rowid INTEGER PRIMARY KEY,
    article_rowid INTEGER NOT NULL REFERENCES articles (rowid) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    cue TEXT,
    speaker TEXT,
    speaker_entity_rowid INTEGER REFERENCES entities (rowid),
    published_utc TEXT,
    data TEXT NOT NULL,
    UNIQUE (article_rowid, position)
  );
  CREATE INDEX quotes_speaker ON quotes (speaker_entity_rowid, published_utc);
  CREATE INDEX quotes_listing ON quotes (published_utc IS NULL, published_utc DESC, article_rowid, position);
  -- indexes in the exact orders the listings sort by, so a page reads its rows in order instead of sorting them all
  CREATE INDEX articles_listing ON articles (published_utc IS NULL, published_utc DESC, id);
  DROP INDEX stories_size;
  CREATE INDEX stories_listing ON stories (article_count DESC, last_utc IS NULL, last_utc DESC, id);
  -- what the listings show of a story, counted once per link run; dossiers linked before are linked again
  ALTER TABLE stories ADD COLUMN outlets TEXT NOT NULL DEFAULT '[]';
  ALTER TABLE stories ADD COLUMN duplicate_groups INTEGER NOT NULL DEFAULT 0;
  DELETE FROM link_runs;
  -- an entity's spellings and its mentions by month and outlet, kept up to date with the mentions
  CREATE TABLE entity_aliases (
    entity_rowid INTEGER NOT NULL REFERENCES entities (rowid),
    text TEXT NOT NULL,
    mentions INTEGER NOT NULL,
    PRIMARY KEY (entity_rowid, text)
  ) WITHOUT ROWID;
  CREATE TABLE roles (
    article_rowid INTEGER NOT NULL REFERENCES articles (rowid) ON DELETE CASCADE,
    entity_rowid INTEGER NOT NULL REFERENCES entities (rowid),
    role TEXT NOT NULL,
    date TEXT,
    PRIMARY KEY (article_rowid, entity_rowid, role)
  ) WITHOUT ROWID;
  CREATE INDEX roles_entity ON roles (entity_rowid);
  CREATE TABLE claims (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    text TEXT NOT NULL,
    first_article_rowid INTEGER REFERENCES articles (rowid) ON DELETE CASCADE,
    first_published TEXT,
    article_count INTEGER NOT NULL,
    outlets TEXT NOT NULL DEFAULT '[]',
    speakers TEXT NOT NULL DEFAULT '[]'
  );
  CREATE INDEX claims_size ON claims (article_count DESC, id);
  CREATE TABLE claim_statements (
    claim_rowid INTEGER NOT NULL REFERENCES claims (rowid) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    article_rowid INTEGER NOT NULL REFERENCES articles (rowid) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    kind TEXT NOT NULL,
    speaker TEXT,
    published TEXT,
    outlet TEXT,
    PRIMARY KEY (claim_rowid, position)
  ) WITHOUT ROWID;
  CREATE INDEX claim_statements_article ON claim_statements (article_rowid);
  CREATE TABLE entity_months (
    entity_rowid INTEGER NOT NULL REFERENCES entities (rowid),
    month TEXT NOT NULL,
    outlet TEXT NOT NULL,
    mentions INTEGER NOT NULL,
    articles INTEGER NOT NULL,
    PRIMARY KEY (entity_rowid, month, outlet)
  ) WITHOUT ROWID;
  `,
  // 4: each analysis stored once and compactly (analysis-codec.ts: span texts left in the body, offsets as
  //    differences, deflated), the version that made it named once; a quote row keeps what its listing shows and
  //    no second copy of the quote (the analysis has it), its text only when it is not the body's text, the date
  //    it was said when its attribution gives one (`said`), and the date its listing sorts by as milliseconds (8
  //    bytes instead of 24, in the row and in both indexes); a named mention keeps its text only when it is not
  //    the body's text; an entity page's quotes (and a speaker's in the quote listing) are read in listing order
  //    from an index (quotes_speaker_listing) instead of sorted
  `
  CREATE TABLE analysis_versions (
    rowid INTEGER PRIMARY KEY,
    version TEXT NOT NULL UNIQUE
  );
  INSERT INTO analysis_versions (version) SELECT DISTINCT version FROM analyses ORDER BY version;
  CREATE TABLE analyses_compact (
    article_rowid INTEGER PRIMARY KEY REFERENCES articles (rowid) ON DELETE CASCADE,
    version_rowid INTEGER NOT NULL REFERENCES analysis_versions (rowid),
    data BLOB NOT NULL,
    analyzed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
  );
  INSERT INTO analyses_compact (article_rowid, version_rowid, data, analyzed_at)
    SELECT n.article_rowid, v.rowid, dossier_encode_analysis(n.data, a.body), n.analyzed_at
    FROM analyses n JOIN articles a ON a.rowid = n.article_rowid JOIN analysis_versions v ON v.version = n.version;
  DROP TABLE analyses;
  ALTER TABLE analyses_compact RENAME TO analyses;
  CREATE INDEX analyses_version ON analyses (version_rowid);
  CREATE TABLE quotes_listed (
    rowid INTEGER PRIMARY KEY,
    article_rowid INTEGER NOT NULL REFERENCES articles (rowid) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    kind TEXT NOT NULL,
    text TEXT,
    cue TEXT,
    speaker TEXT,
    speaker_entity_rowid INTEGER REFERENCES entities (rowid),
    mention TEXT,
    via TEXT NOT NULL,
    addressee TEXT,
    channel TEXT,
    said TEXT,
    published_ms INTEGER,
    UNIQUE (article_rowid, position)
  );
  INSERT INTO quotes_listed (rowid, article_rowid, position, start, "end", kind, text, cue, speaker, speaker_entity_rowid,
                             mention, via, addressee, channel, said, published_ms)
    SELECT q.rowid, q.article_rowid, q.position, q.start, q."end", q.kind, dossier_unless_body_text(q.text, a.body, q.start, q."end"),
           q.cue, q.speaker, q.speaker_entity_rowid, json_extract(q.data, '$.speaker.mention.text'),
           json_extract(q.data, '$.speaker.via'), json_extract(q.data, '$.addressee.text'),
           json_extract(q.data, '$.channel.text'),
           CASE WHEN json_extract(q.data, '$.date.from') = 'text' THEN json_extract(q.data, '$.date.value') END,
           dossier_epoch_ms(q.published_utc)
    FROM quotes q JOIN articles a ON a.rowid = q.article_rowid;
  DROP TABLE quotes;
  ALTER TABLE quotes_listed RENAME TO quotes;
  CREATE INDEX quotes_speaker_listing
    ON quotes (speaker_entity_rowid, published_ms IS NULL, published_ms DESC, article_rowid, position);
  CREATE INDEX quotes_listing ON quotes (published_ms IS NULL, published_ms DESC, article_rowid, position);
  CREATE TABLE mentions_compact (
    article_rowid INTEGER NOT NULL REFERENCES articles (rowid) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    entity_rowid INTEGER NOT NULL REFERENCES entities (rowid),
    text TEXT,
    PRIMARY KEY (article_rowid, start)
  ) WITHOUT ROWID;
  INSERT INTO mentions_compact (article_rowid, start, "end", entity_rowid, text)
    SELECT m.article_rowid, m.start, m."end", m.entity_rowid, dossier_unless_body_text(m.text, a.body, m.start, m."end")
    FROM mentions m JOIN articles a ON a.rowid = m.article_rowid;
  DROP TABLE mentions;
  ALTER TABLE mentions_compact RENAME TO mentions;
  CREATE INDEX mentions_entity ON mentions (entity_rowid, article_rowid);
  `,
  // 5: the link stage's saved state, so a link run can place only the new articles
  `
  CREATE TABLE link_snapshot (
    rowid INTEGER PRIMARY KEY CHECK (rowid = 1),
    data BLOB NOT NULL
  );
  `,
  // 6: the articles with no analysis, kept by triggers, so the analyze pass finds its work by a seek instead of
  //    walking every analysed article (a walk that grew with the dossier: 3.7 GB read a batch at 850,000 articles)
  `
  CREATE TABLE unanalysed (article_rowid INTEGER PRIMARY KEY);
  INSERT INTO unanalysed (article_rowid)
    SELECT a.rowid FROM articles a WHERE NOT EXISTS (SELECT 1 FROM analyses n WHERE n.article_rowid = a.rowid);
  CREATE TRIGGER unanalysed_article_in AFTER INSERT ON articles BEGIN
    INSERT INTO unanalysed (article_rowid) VALUES (new.rowid);
  END;
  CREATE TRIGGER unanalysed_article_out AFTER DELETE ON articles BEGIN
    DELETE FROM unanalysed WHERE article_rowid = old.rowid;
  END;
  CREATE TRIGGER unanalysed_analysis_in AFTER INSERT ON analyses BEGIN
    DELETE FROM unanalysed WHERE article_rowid = new.article_rowid;
  END;
  CREATE TRIGGER unanalysed_analysis_out AFTER DELETE ON analyses BEGIN
    INSERT OR IGNORE INTO unanalysed (article_rowid)
      SELECT old.article_rowid WHERE EXISTS (SELECT 1 FROM articles WHERE rowid = old.article_rowid);
  END;
  `,
  // 7: each entity's neighbours (the entities named in the same articles, and in how many), kept up to date with
  //    the mentions as the months and spellings are, so the entity page and its graph read them instead of
  //    counting mention rows; both directions are stored, so an entity's neighbours are one index range.
  //    No foreign keys: entities are never deleted, and each write would check two.
  `
  CREATE TABLE entity_neighbours (
    entity_rowid INTEGER NOT NULL,
    other_rowid INTEGER NOT NULL,
    articles INTEGER NOT NULL,
    PRIMARY KEY (entity_rowid, other_rowid)
  ) WITHOUT ROWID;
  INSERT INTO entity_neighbours (entity_rowid, other_rowid, articles)
    SELECT a.e, b.e, count(*) FROM (SELECT DISTINCT article_rowid AS r, entity_rowid AS e FROM mentions) a
    JOIN (SELECT DISTINCT article_rowid AS r, entity_rowid AS e FROM mentions) b ON b.r = a.r AND b.e <> a.e
    GROUP BY a.e, b.e;
  CREATE INDEX entity_neighbours_top ON entity_neighbours (entity_rowid, articles DESC);
  -- a deleted article takes its pairs out (its mentions go by cascade after this)
  CREATE TRIGGER articles_neighbours BEFORE DELETE ON articles BEGIN
    UPDATE entity_neighbours SET articles = articles - 1 WHERE (entity_rowid, other_rowid) IN (
      SELECT a.entity_rowid, b.entity_rowid FROM mentions a JOIN mentions b
      ON b.article_rowid = a.article_rowid AND b.entity_rowid <> a.entity_rowid WHERE a.article_rowid = old.rowid);
    DELETE FROM entity_neighbours WHERE articles <= 0 AND (entity_rowid, other_rowid) IN (
      SELECT a.entity_rowid, b.entity_rowid FROM mentions a JOIN mentions b
      ON b.article_rowid = a.article_rowid AND b.entity_rowid <> a.entity_rowid WHERE a.article_rowid = old.rowid);
  END;
  `,
  // 8: each analysed article's distinct entities, one row (a JSON array of entity rowids), so the search's entity
  //    facet reads one row a match instead of its mention rows (about 14 entities against 67 mentions); and a
  //    deleted article's mentions taken out of the entity totals, spellings and months, as analysing it again does
  `
  CREATE TABLE article_entities (
    article_rowid INTEGER PRIMARY KEY REFERENCES articles (rowid) ON DELETE CASCADE,
    entities TEXT NOT NULL
  );
  INSERT INTO article_entities (article_rowid, entities)
    SELECT article_rowid, json_group_array(entity_rowid)
    FROM (SELECT DISTINCT article_rowid, entity_rowid FROM mentions ORDER BY article_rowid, entity_rowid)
    GROUP BY article_rowid;
  -- the month and outlet are those the analysis counted under (its article's); a spelling is the mention's text,
  -- else the body's text at its offsets (substr counts characters: the same as the UTF-16 offsets until a character
  -- past the BMP, an emoji, comes before the mention; then that spelling's count stays: see docs/SERVER.md)
  CREATE TRIGGER articles_totals BEFORE DELETE ON articles BEGIN
    UPDATE entities SET articles = articles - 1,
      mentions = mentions - (SELECT count(*) FROM mentions m WHERE m.article_rowid = old.rowid AND m.entity_rowid = entities.rowid)
    WHERE rowid IN (SELECT entity_rowid FROM mentions WHERE article_rowid = old.rowid);
    UPDATE entity_months SET articles = articles - 1,
      mentions = mentions - (SELECT count(*) FROM mentions m WHERE m.article_rowid = old.rowid AND m.entity_rowid = entity_months.entity_rowid)
    WHERE month = coalesce(substr(old.published_utc, 1, 7), '') AND outlet = coalesce(old.outlet, '')
      AND entity_rowid IN (SELECT entity_rowid FROM mentions WHERE article_rowid = old.rowid);
    UPDATE entity_aliases SET
      mentions = mentions - (SELECT count(*) FROM mentions m WHERE m.article_rowid = old.rowid
        AND m.entity_rowid = entity_aliases.entity_rowid
        AND coalesce(m.text, substr(old.body, m.start + 1, m."end" - m.start)) = entity_aliases.text)
    WHERE (entity_rowid, text) IN (SELECT entity_rowid, coalesce(text, substr(old.body, start + 1, "end" - start))
                                   FROM mentions WHERE article_rowid = old.rowid);
  END;
  `,
  // 9: the articles, and the analyses of each version, counted by triggers, so the analysis state each analyze
  //    pass and link run starts with reads three rows instead of counting every article and analysis (0.21 ms an
  //    article stored at 1,000,000 articles, linear)
  `
  CREATE TABLE article_count (rowid INTEGER PRIMARY KEY CHECK (rowid = 1), articles INTEGER NOT NULL);
  INSERT INTO article_count (rowid, articles) SELECT 1, count(*) FROM articles;
  ALTER TABLE analysis_versions ADD COLUMN analyses INTEGER NOT NULL DEFAULT 0;
  UPDATE analysis_versions SET analyses = (SELECT count(*) FROM analyses WHERE version_rowid = analysis_versions.rowid);
  CREATE TRIGGER article_count_in AFTER INSERT ON articles BEGIN
    UPDATE article_count SET articles = articles + 1;
  END;
  CREATE TRIGGER article_count_out AFTER DELETE ON articles BEGIN
    UPDATE article_count SET articles = articles - 1;
  END;
  CREATE TRIGGER analysis_count_in AFTER INSERT ON analyses BEGIN
    UPDATE analysis_versions SET analyses = analyses + 1 WHERE rowid = new.version_rowid;
  END;
  CREATE TRIGGER analysis_count_out AFTER DELETE ON analyses BEGIN
    UPDATE analysis_versions SET analyses = analyses - 1 WHERE rowid = old.version_rowid;
  END;
  CREATE TRIGGER analysis_count_moved AFTER UPDATE OF version_rowid ON analyses
    WHEN old.version_rowid <> new.version_rowid BEGIN
    UPDATE analysis_versions SET analyses = analyses - 1 WHERE rowid = old.version_rowid;
    UPDATE analysis_versions SET analyses = analyses + 1 WHERE rowid = new.version_rowid;
  END;
  `,
  // 10: one outlet, many spellings: each spelling stored as the name of the outlet it is (`rt.com` → `RT`; rows
  //     already stored are renamed when an alias is put, src/extract/outlet-names.ts); `by` is `user` or `text`;
  //     IF NOT EXISTS: a test that re-runs an earlier migration runs this one again
  `
  CREATE TABLE IF NOT EXISTS outlet_aliases (
    alias TEXT PRIMARY KEY COLLATE NOCASE,
    outlet TEXT NOT NULL COLLATE NOCASE,
    by TEXT NOT NULL CHECK (by IN ('user', 'text'))
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS outlet_aliases_outlet ON outlet_aliases (outlet);
  `,
  // 11: each article's filter terms (outlets, language, day, month, year: `searchTerms`) kept in `search_terms` and
  //     indexed as a third column of the full-text index, so a search filtered by outlet, language or date walks
  //     only the matches that carry the terms (one index walk) instead of reading each match's article row until
  //     enough pass. The index reads its columns through a view; a source from an outlet new to its article adds
  //     that outlet's term (the article's row in the index is written again). It can run again (a test going back
  //     to an earlier migration does): it rebuilds what it made
  `
  CREATE TABLE IF NOT EXISTS search_terms (article_rowid INTEGER PRIMARY KEY, terms TEXT NOT NULL);
  DELETE FROM search_terms;
  INSERT INTO search_terms (article_rowid, terms) SELECT a.rowid, ${searchTerms('a')} FROM articles a;
  CREATE VIEW IF NOT EXISTS articles_search AS
    SELECT a.rowid, a.title, a.body, t.terms FROM articles a LEFT JOIN search_terms t ON t.article_rowid = a.rowid;
  DROP TRIGGER IF EXISTS articles_ai;
  DROP TRIGGER IF EXISTS articles_ad;
  DROP TRIGGER IF EXISTS articles_au;
  DROP TRIGGER IF EXISTS sources_search_terms;
  DROP TRIGGER IF EXISTS sources_search_terms_au;
  DROP TABLE IF EXISTS articles_fts;
  CREATE VIRTUAL TABLE articles_fts USING fts5 (
    title, body, terms, content = 'articles_search', content_rowid = 'rowid',
    tokenize = 'porter unicode61 remove_diacritics 2'
  );
  INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');
  CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO search_terms (article_rowid, terms) VALUES (new.rowid, ${searchTerms('new')});
    INSERT INTO articles_fts (rowid, title, body, terms)
      SELECT new.rowid, new.title, new.body, terms FROM search_terms WHERE article_rowid = new.rowid;
  END;
  CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, body, terms)
      SELECT 'delete', old.rowid, old.title, old.body, terms FROM search_terms WHERE article_rowid = old.rowid;
    DELETE FROM search_terms WHERE article_rowid = old.rowid;
  END;
  CREATE TRIGGER articles_au AFTER UPDATE OF title, body, outlet, language, published_utc ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, body, terms)
      SELECT 'delete', old.rowid, old.title, old.body, terms FROM search_terms WHERE article_rowid = old.rowid;
    UPDATE search_terms SET terms = ${searchTerms('new')} WHERE article_rowid = new.rowid;
    INSERT INTO articles_fts (rowid, title, body, terms)
      SELECT new.rowid, new.title, new.body, terms FROM search_terms WHERE article_rowid = new.rowid;
  END;
  CREATE TRIGGER sources_search_terms AFTER INSERT ON sources
    WHEN new.outlet IS NOT NULL AND NOT EXISTS (SELECT 1 FROM search_terms WHERE article_rowid = new.article_rowid
      AND instr(' ' || terms || ' ', ' o' || hex(lower(new.outlet)) || '0 ') > 0) BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, body, terms)
      SELECT 'delete', a.rowid, a.title, a.body, t.terms FROM articles a JOIN search_terms t ON t.article_rowid = a.rowid
      WHERE a.rowid = new.article_rowid;
    UPDATE search_terms SET terms = trim(terms || ' o' || hex(lower(new.outlet)) || '0')
      WHERE article_rowid = new.article_rowid;
    INSERT INTO articles_fts (rowid, title, body, terms)
      SELECT new.article_rowid, title, body, terms FROM articles_search WHERE rowid = new.article_rowid;
  END;
  -- a source renamed (an outlet alias put, migration 10's table): the article's terms are made again
  CREATE TRIGGER sources_search_terms_au AFTER UPDATE OF outlet ON sources BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, body, terms)
      SELECT 'delete', a.rowid, a.title, a.body, t.terms FROM articles a JOIN search_terms t ON t.article_rowid = a.rowid
      WHERE a.rowid = new.article_rowid;
    UPDATE search_terms SET terms = (SELECT ${searchTerms('a')} FROM articles a WHERE a.rowid = new.article_rowid)
      WHERE article_rowid = new.article_rowid;
    INSERT INTO articles_fts (rowid, title, body, terms)
      SELECT rowid, title, body, terms FROM articles_search WHERE rowid = new.article_rowid;
  END;
  `,
  // 12: the link stage's state log: pieces a link run appended (the new articles' label terms, statements and
  //     near-duplicate entries), read back by the next run, so a run writes what it added, not its whole state.
  //     `until_ms` is the latest instant a piece is still needed for (null: always), so pieces past every window
  //     are dropped. A few dozen rows: no index (a scan reads the rows' first columns, not their overflow pages).
  //     It can run again: it rebuilds what it made
  `
  DROP TABLE IF EXISTS link_log;
  CREATE TABLE link_log (
    seq INTEGER PRIMARY KEY,
    part TEXT NOT NULL,
    until_ms REAL,
    data BLOB NOT NULL
  );
  `,
];

/** `text`, or null when it is the body's text from `start` to `end` (UTF-16 offsets, as every span's). */
export function unlessBodyText(text: string, body: string, start: number, end: number): string | null {
  return body.slice(start, end) === text ? null : text;
}

/** Milliseconds since 1970 of a stored UTC date (`published_utc`), null for none. */
export function epochMs(utc: string | null): number | null {
  if (utc === null) return null;
  const ms = Date.parse(utc);
  return Number.isNaN(ms) ? null : ms;
}

/** Brings a database up to the last migration, each in its own transaction. */
export function migrate(db: Database.Database): void {
  db.function('dossier_encode_analysis', { deterministic: true }, (json: unknown, body: unknown) =>
    encodeAnalysis(JSON.parse(String(json)) as Analysis, String(body)),
  );
  db.function('dossier_unless_body_text', { deterministic: true }, (text, body, start, end) =>
    unlessBodyText(String(text), String(body), Number(start), Number(end)),
  );
  db.function('dossier_epoch_ms', { deterministic: true }, (utc) => epochMs(typeof utc === 'string' ? utc : null));
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let v = current; v < SQLITE_MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(SQLITE_MIGRATIONS[v] as string);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  // a migration that rewrote stored values (4: compact analyses) leaves their old pages free: give them back to the disk
  if (current > 0 && current < SQLITE_MIGRATIONS.length) {
    const free = db.pragma('freelist_count', { simple: true }) as number;
    const pages = db.pragma('page_count', { simple: true }) as number;
    if (free * 4 > pages) db.exec('VACUUM');
  }
}

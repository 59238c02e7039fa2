import Database from 'better-sqlite3';
import { DossierError } from '../errors.js';
import { normalizeDate } from '../extract/dates.js';
import type { Article, ArticleSource } from '../types.js';
import { toFtsQuery } from './fts-query.js';
import { SQLITE_MIGRATIONS } from './migrations.js';
import type {
  ArticleFilter,
  ArticlePage,
  ArticleSummary,
  OutletCount,
  PutResult,
  SearchHit,
  Store,
  StoreStats,
} from './store.js';

/** Snippet markers: control characters that never occur in stored text (the extractor removes them). */
const MARK_START = '\u0002';
const MARK_END = '\u0003';

/**
 * The embedded store: one SQLite file in WAL mode. Each `putArticles` call is
 * one transaction, so a crash leaves every batch either fully stored or not at all.
 */
export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly stmts;

  constructor(path: string, options: { readonly?: boolean } = {}) {
    try {
      this.db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
      if (!options.readonly) {
        this.db.pragma('journal_mode = WAL');
        this.db.pragma('synchronous = NORMAL');
      }
      this.db.pragma('foreign_keys = ON');
      this.db.pragma('busy_timeout = 5000');
      if (!options.readonly) migrate(this.db);
      else if ((this.db.pragma('user_version', { simple: true }) as number) < SQLITE_MIGRATIONS.length) {
        throw new DossierError(
          'E_DB',
          `${path}: the dossier was made by an older version; open it once for writing to upgrade it`,
        );
      }
    } catch (err) {
      if (err instanceof DossierError) throw err;
      throw new DossierError('E_DB', `${path}: ${(err as Error).message}`, { cause: err });
    }
    this.stmts = {
      findRowid: this.db.prepare<[string], { rowid: number }>('SELECT rowid FROM articles WHERE id = ?'),
      insertArticle: this.db.prepare(
        `INSERT INTO articles (id, title, outlet, published, published_utc, language, canonical_url, authors, body, removed, meta, pipeline)
         VALUES (@id, @title, @outlet, @published, @published_utc, @language, @canonical_url, @authors, @body, @removed, @meta, @pipeline)`,
      ),
      insertSource: this.db.prepare(
        `INSERT OR IGNORE INTO sources (article_rowid, source, url, raw_hash, charset, outlet, title, published)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      getArticle: this.db.prepare('SELECT * FROM articles WHERE id = ?'),
      getByPrefix: this.db.prepare('SELECT * FROM articles WHERE id >= ? AND id < ? LIMIT 2'),
      getSources: this.db.prepare(
        `SELECT source, url, raw_hash AS rawHash, charset, outlet, title, published
         FROM sources WHERE article_rowid = ? ORDER BY ingested_at, source`,
      ),
    };
  }

  async putArticles(articles: readonly Article[]): Promise<PutResult[]> {
    return this.writeBatch(articles);
  }

  private readonly writeBatch = (articles: readonly Article[]): PutResult[] =>
    this.db.transaction((batch: readonly Article[]) =>
      batch.map((a): PutResult => {
        let rowid = this.stmts.findRowid.get(a.id)?.rowid;
        const fresh = rowid === undefined;
        if (fresh) {
          rowid = Number(this.stmts.insertArticle.run(articleRow(a)).lastInsertRowid);
        }
        for (const s of a.sources) {
          this.stmts.insertSource.run(rowid, s.source, s.url, s.rawHash, s.charset, s.outlet, s.title, s.published);
        }
        return fresh ? 'new' : 'present';
      }),
    )(articles);

  async getArticle(id: string): Promise<Article | null> {
    const row = (this.stmts.getArticle.get(id) ?? this.byPrefix(id)) as ArticleRow | undefined;
    if (!row) return null;
    const sources = this.stmts.getSources.all(row.rowid) as ArticleSource[];
    const meta = JSON.parse(row.meta) as Pick<
      Article,
      'title' | 'outlet' | 'published' | 'language' | 'modified' | 'section' | 'tags'
    >;
    return {
      id: row.id,
      title: meta.title,
      outlet: meta.outlet,
      published: meta.published,
      language: meta.language,
      modified: meta.modified ?? null,
      section: meta.section ?? null,
      tags: meta.tags ?? [],
      authors: JSON.parse(row.authors),
      canonicalUrl: row.canonical_url,
      body: row.body,
      removed: JSON.parse(row.removed),
      sources,
      pipeline: row.pipeline,
    };
  }

  /** The one article whose id starts with `prefix` (at least 4 hex digits), if exactly one does. */
  private byPrefix(prefix: string): ArticleRow | undefined {
    if (!/^[0-9a-f]{4,15}$/.test(prefix)) return undefined;
    const rows = this.stmts.getByPrefix.all(prefix, `${prefix}g`) as ArticleRow[];
    return rows.length === 1 ? rows[0] : undefined;
  }

  async listArticles(filter: ArticleFilter, limit: number, offset = 0): Promise<ArticleSummary[]> {
    const { where, params } = filterSql(filter, 'a');
    return this.db
      .prepare(
        `SELECT a.id, a.outlet, a.published, a.title FROM articles a ${where ? `WHERE ${where}` : ''}
         ORDER BY a.published_utc IS NULL, a.published_utc DESC, a.id LIMIT ? OFFSET ?`,
      )
      .all(...params, limit, offset) as ArticleSummary[];
  }

  async listArticlesPage(filter: ArticleFilter, limit: number, after?: string): Promise<ArticlePage> {
    const { where, params } = filterSql(filter, 'a');
    const clauses = where ? [where] : [];
    const keyParams: string[] = [];
    if (after !== undefined) {
      const key = decodeCursor(after);
      // the row after `key` in the order: dated rows newest first, then undated ones, ties broken by id
      if (key.utc === null) {
        clauses.push('(a.published_utc IS NULL AND a.id > ?)');
        keyParams.push(key.id);
      } else {
        clauses.push('(a.published_utc IS NULL OR a.published_utc < ? OR (a.published_utc = ? AND a.id > ?))');
        keyParams.push(key.utc, key.utc, key.id);
      }
    }
    const rows = this.db
      .prepare(
        `SELECT a.id, a.outlet, a.published, a.title, a.published_utc AS utc FROM articles a
         ${clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''}
         ORDER BY a.published_utc IS NULL, a.published_utc DESC, a.id LIMIT ?`,
      )
      .all(...params, ...keyParams, limit + 1) as Array<ArticleSummary & { utc: string | null }>;
    const more = rows.length > limit;
    const page = more ? rows.slice(0, limit) : rows;
    const last = page[page.length - 1];
    return {
      items: page.map(({ utc: _utc, ...summary }) => summary),
      next: more && last ? encodeCursor({ utc: last.utc, id: last.id }) : null,
    };
  }

  async search(query: string, filter: ArticleFilter, limit: number): Promise<SearchHit[]> {
    const fts = toFtsQuery(query);
    if (!fts) return [];
    const { where, params } = filterSql(filter, 'a');
    const rows = this.db
      .prepare(
        `SELECT a.id, a.outlet, a.published, a.title,
                -bm25(articles_fts, 4.0, 1.0) AS score,
                snippet(articles_fts, 1, '${MARK_START}', '${MARK_END}', '…', 24) AS snippet
         FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid
         WHERE articles_fts MATCH ? ${where ? `AND ${where}` : ''}
         ORDER BY bm25(articles_fts, 4.0, 1.0), a.id LIMIT ?`,
      )
      .all(fts, ...params, limit) as Array<ArticleSummary & { score: number; snippet: string }>;
    return rows.map((r) => ({ ...r, ...highlightRanges(r.snippet) }));
  }

  async searchOutlets(query: string, filter: ArticleFilter): Promise<Array<{ name: string; hits: number }>> {
    const fts = toFtsQuery(query);
    if (!fts) return [];
    const { where, params } = filterSql(filter, 'a');
    return this.db
      .prepare(
        `SELECT s.outlet AS name, count(DISTINCT a.rowid) AS hits
         FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid
         JOIN sources s ON s.article_rowid = a.rowid AND s.outlet IS NOT NULL
         WHERE articles_fts MATCH ? ${where ? `AND ${where}` : ''}
         GROUP BY s.outlet ORDER BY hits DESC, name`,
      )
      .all(fts, ...params) as Array<{ name: string; hits: number }>;
  }

  async listOutlets(): Promise<OutletCount[]> {
    return this.db
      .prepare(
        `SELECT s.outlet AS name, count(DISTINCT s.article_rowid) AS articles, count(*) AS sources,
                min(a.published_utc) AS first, max(a.published_utc) AS last
         FROM sources s JOIN articles a ON a.rowid = s.article_rowid
         WHERE s.outlet IS NOT NULL GROUP BY s.outlet ORDER BY articles DESC, name`,
      )
      .all() as OutletCount[];
  }

  async stats(): Promise<StoreStats> {
    const row = this.db
      .prepare(
        `SELECT (SELECT count(*) FROM articles) AS articles, (SELECT count(*) FROM sources) AS sources,
                (SELECT count(DISTINCT outlet) FROM sources WHERE outlet IS NOT NULL) AS outlets`,
      )
      .get() as StoreStats;
    return row;
  }

  /** Runs SQLite's own consistency check; returns its findings (`['ok']` when sound). */
  integrityCheck(): string[] {
    return (this.db.pragma('integrity_check') as Array<{ integrity_check: string }>).map((r) => r.integrity_check);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

interface ArticleRow {
  rowid: number;
  id: string;
  canonical_url: string | null;
  authors: string;
  body: string;
  removed: string;
  meta: string;
  pipeline: string;
}

function articleRow(a: Article) {
  const utc = a.published ? (normalizeDate(a.published.value)?.utc ?? null) : null;
  return {
    id: a.id,
    title: a.title?.value ?? null,
    outlet: a.outlet?.value ?? null,
    published: a.published?.value ?? null,
    published_utc: utc,
    language: a.language?.value ?? null,
    canonical_url: a.canonicalUrl,
    authors: JSON.stringify(a.authors),
    body: a.body,
    removed: JSON.stringify(a.removed),
    meta: JSON.stringify({
      title: a.title,
      outlet: a.outlet,
      published: a.published,
      language: a.language,
      modified: a.modified,
      section: a.section,
      tags: a.tags,
    }),
    pipeline: a.pipeline,
  };
}

function filterSql(filter: ArticleFilter, alias: string): { where: string; params: string[] } {
  const clauses: string[] = [];
  const params: string[] = [];
  if (filter.outlet) {
    // an article belongs to every outlet that carried it, not only to the first one read
    clauses.push(
      `(${alias}.outlet = ? OR EXISTS (SELECT 1 FROM sources s WHERE s.outlet = ? AND s.article_rowid = ${alias}.rowid))`,
    );
    params.push(filter.outlet, filter.outlet);
  }
  if (filter.since) {
    clauses.push(`${alias}.published_utc >= ?`);
    params.push(dateBound(filter.since, 'since'));
  }
  if (filter.until) {
    clauses.push(`${alias}.published_utc < ?`);
    params.push(dateBound(filter.until, 'until'));
  }
  return { where: clauses.join(' AND '), params };
}

/** `--since 2020-03-01` means from its first instant; `--until 2020-03-01` up to its last. */
function dateBound(text: string, which: 'since' | 'until'): string {
  const date = normalizeDate(text);
  if (!date) throw new DossierError('E_OPTION', `--${which} "${text}": not a date (use YYYY-MM-DD)`);
  if (which === 'until' && /^\d{4}-\d{2}-\d{2}$/.test(date.iso)) {
    return new Date(Date.parse(date.utc) + 86_400_000).toISOString();
  }
  return which === 'until' ? new Date(Date.parse(date.utc) + 1).toISOString() : date.utc;
}

/** Where a listing page ended: the sort key of its last row. */
interface CursorKey {
  utc: string | null;
  id: string;
}

const CURSOR_ID = /^[0-9a-f]{16}$/;

function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify([key.utc, key.id])).toString('base64url');
}

function decodeCursor(cursor: string): CursorKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  if (Array.isArray(parsed) && parsed.length === 2) {
    const [utc, id] = parsed as unknown[];
    const utcOk = utc === null || (typeof utc === 'string' && !Number.isNaN(Date.parse(utc)));
    if (utcOk && typeof id === 'string' && CURSOR_ID.test(id)) return { utc: utc as string | null, id };
  }
  throw new DossierError('E_PARAM', 'cursor: not a cursor this dossier gave; start again without it');
}

/** Strips the snippet markers and returns where they were. */
function highlightRanges(marked: string): { snippet: string; highlights: Array<[number, number]> } {
  let snippet = '';
  const highlights: Array<[number, number]> = [];
  let start = -1;
  for (const ch of marked) {
    if (ch === MARK_START) start = snippet.length;
    else if (ch === MARK_END && start >= 0) {
      highlights.push([start, snippet.length]);
      start = -1;
    } else snippet += ch;
  }
  return { snippet, highlights };
}

function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let v = current; v < SQLITE_MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(SQLITE_MIGRATIONS[v] as string);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

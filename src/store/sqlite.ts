import Database from 'better-sqlite3';
import { DossierError } from '../errors.js';
import { normalizeDate } from '../extract/dates.js';
import type { Analysis, Article, ArticleSource, OutletAlias } from '../types.js';
import { toFtsQuery } from './fts-query.js';
import { SqliteAnalyses } from './sqlite-analyses.js';
import { SqliteAnswers } from './sqlite-answers.js';
import { OUTLET_NAME_SQL, SqliteOutlets, outletParams } from './sqlite-outlets.js';
import { SqliteSearch } from './sqlite-search.js';
import { dateBound, filterSql } from './sqlite-filter.js';
import { SQLITE_MIGRATIONS, migrate } from './migrations.js';
import type {
  AnalysisState,
  ClaimDetail,
  ClaimSummary,
  AnalysisWrite,
  CoMentionGraph,
  EntityGraph,
  ArticleFilter,
  ArticlePage,
  ArticleSummary,
  DuplicateMember,
  EntityDetail,
  EntityFilter,
  EntitySummary,
  LinkSourceRow,
  LinkState,
  LinkWrite,
  OutletCount,
  PendingAnalysis,
  PutResult,
  QuoteFilter,
  SearchPage,
  SearchHit,
  Store,
  StoreStats,
  StoredQuote,
  StoryArticle,
  StoryDetail,
  StoryFilter,
  StorySummary,
  StoredDuplicateGroup,
} from './store.js';

/** Searches of at most this many hits are kept until the database changes. */
const SEARCH_PAGE_KEPT = 100;

/** Entities listed with a story. */
export const STORY_ENTITIES = 12;

/**
 * The embedded store: one SQLite file in WAL mode. Each `putArticles` call is
 * one transaction, so a crash leaves every batch either fully stored or not at all.
 */
export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly stmts;
  private readonly analyses: SqliteAnalyses;
  private readonly searcher: SqliteSearch;
  /** Answers of whole-dossier counts, searches, entity pages and co-mention networks, kept until the database changes. */
  private readonly answers: SqliteAnswers;
  private readonly outlets: SqliteOutlets;

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
          `${path}: the dossier was made by an older version; upgrade it with: dossier upgrade --db ${path}`,
        );
      }
    } catch (err) {
      if (err instanceof DossierError) throw err;
      throw new DossierError('E_DB', `${path}: ${(err as Error).message}`, { cause: err });
    }
    this.analyses = new SqliteAnalyses(this.db);
    this.searcher = new SqliteSearch(this.db);
    this.answers = new SqliteAnswers(this.db);
    this.outlets = new SqliteOutlets(this.db);
    this.stmts = {
      findRowid: this.db.prepare<[string], { rowid: number }>('SELECT rowid FROM articles WHERE id = ?'),
      // inserts a new article and returns its rowid, or nothing for one already stored: no look-up first
      insertArticle: this.db
        .prepare<[ReturnType<typeof articleRow>], number>(
          `INSERT INTO articles (id, title, outlet, published, published_utc, language, canonical_url, authors, body, removed, meta, pipeline)
           VALUES (@id, @title, @outlet, @published, @published_utc, @language, @canonical_url, @authors, @body, @removed, @meta, @pipeline)
           ON CONFLICT (id) DO NOTHING RETURNING rowid`,
        )
        .pluck(),
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
        const row = articleRow(a);
        const inserted = this.stmts.insertArticle.get({ ...row, outlet: this.outlets.name(row.outlet) });
        const fresh = inserted !== undefined;
        const rowid = fresh ? inserted : this.stmts.findRowid.get(a.id)?.rowid;
        for (const s of a.sources) {
          const outlet = this.outlets.name(s.outlet);
          this.stmts.insertSource.run(rowid, s.source, s.url, s.rawHash, s.charset, outlet, s.title, s.published);
        }
        return fresh ? 'new' : 'present';
      }),
    )(articles);

  async getArticle(id: string): Promise<Article | null> {
    const row = (this.stmts.getArticle.get(id) ?? this.byPrefix(id)) as ArticleRow | undefined;
    if (!row) return null;
    return articleFromRow(row, this.stmts.getSources.all(row.rowid) as ArticleSource[]);
  }

  async pendingAnalyses(version: string, limit: number, after?: number): Promise<PendingAnalysis[]> {
    return this.analyses.pending(version, limit, after);
  }

  async putAnalyses(items: readonly AnalysisWrite[]): Promise<void> {
    this.analyses.put(items);
  }

  async getAnalysis(id: string): Promise<Analysis | null> {
    const row = (this.stmts.getArticle.get(id) ?? this.byPrefix(id)) as ArticleRow | undefined;
    if (!row) return null;
    try {
      return this.analyses.get(row.rowid, row.body);
    } catch (err) {
      throw new DossierError(
        'E_DB',
        `article ${row.id}: its stored analysis is unreadable (${(err as Error).message}); the dossier file is damaged`,
        { cause: err },
      );
    }
  }

  async getAnalyses(ids: readonly string[]): Promise<Map<string, Analysis>> {
    const out = new Map<string, Analysis>();
    for (const id of ids) {
      const row = this.stmts.getArticle.get(id) as ArticleRow | undefined;
      const analysis = row ? await this.getAnalysis(row.id) : null;
      if (analysis) out.set(id, analysis);
    }
    return out;
  }

  async analysisState(version: string): Promise<AnalysisState> {
    return this.analyses.state(version);
  }

  async listEntities(filter: EntityFilter, limit: number, offset = 0): Promise<EntitySummary[]> {
    return this.analyses.list(filter, limit, offset);
  }

  async getEntity(keyOrName: string): Promise<EntityDetail | null> {
    return this.answers.get(`entity\u0000${keyOrName}`, () => this.analyses.detail(keyOrName));
  }

  async coMentions(articleIds: readonly string[] | null, maxEntities: number): Promise<CoMentionGraph> {
    return this.answers.get(`graph\u0000${maxEntities}\u0000${articleIds?.join(',') ?? '*'}`, () =>
      this.analyses.coMentions(articleIds, maxEntities),
    );
  }

  async entityGraph(key: string, maxEntities: number): Promise<EntityGraph | null> {
    return this.answers.get(`entity-graph\u0000${maxEntities}\u0000${key}`, () =>
      this.analyses.graph(key, maxEntities),
    );
  }

  async listClaims(filter: { entity?: string }, limit: number, offset = 0): Promise<ClaimSummary[]> {
    const clauses: string[] = [];
    const params: Array<string | number> = [];
    if (filter.entity) {
      clauses.push('(instr(lower(c.text), lower(?)) > 0 OR instr(lower(c.speakers), lower(?)) > 0)');
      params.push(filter.entity, filter.entity);
    }
    const rows = this.db
      .prepare(
        `SELECT c.id, c.text, a.id AS firstArticle, c.first_published AS firstPublished, c.article_count AS articles,
                c.outlets, c.speakers
         FROM claims c LEFT JOIN articles a ON a.rowid = c.first_article_rowid
         ${clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''}
         ORDER BY c.article_count DESC, c.id LIMIT ? OFFSET ?`,
      )
      .all(...params, limit, offset) as ClaimRow[];
    return rows.map(claimSummary);
  }

  async getClaim(id: string): Promise<ClaimDetail | null> {
    const select = `SELECT c.rowid, c.id, c.text, a.id AS firstArticle, c.first_published AS firstPublished,
                           c.article_count AS articles, c.outlets, c.speakers
                    FROM claims c LEFT JOIN articles a ON a.rowid = c.first_article_rowid`;
    const row = (this.db.prepare(`${select} WHERE c.id = ?`).get(id) ??
      this.db.prepare(`${select} WHERE c.id >= ? AND c.id < ? LIMIT 1`).get(id, `${id}~`)) as
      (ClaimRow & { rowid: number }) | undefined;
    if (!row) return null;
    const statements = this.db
      .prepare(
        `SELECT a.id AS article, st.start, st."end" AS "end", st.text, st.kind, st.speaker, st.published, st.outlet
         FROM claim_statements st JOIN articles a ON a.rowid = st.article_rowid
         WHERE st.claim_rowid = ? ORDER BY st.position`,
      )
      .all(row.rowid) as ClaimDetail['statements'];
    return { ...claimSummary(row), statements };
  }

  async listQuotes(filter: QuoteFilter, limit: number, offset = 0): Promise<StoredQuote[]> {
    return this.analyses.quotes(filter, limit, offset);
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
    // a page of hits is kept; an export's thousands are not
    if (limit > SEARCH_PAGE_KEPT) return this.searcher.hits(query, filter, limit);
    return this.answers.get(`hits\u0000${limit}\u0000${JSON.stringify(filter)}\u0000${query}`, () =>
      this.searcher.hits(query, filter, limit),
    );
  }

  async searchPage(query: string, filter: ArticleFilter, limit: number): Promise<SearchPage> {
    if (limit > SEARCH_PAGE_KEPT) return this.searcher.page(query, filter, limit);
    return this.answers.get(`page\u0000${limit}\u0000${JSON.stringify(filter)}\u0000${query}`, () =>
      this.searcher.page(query, filter, limit),
    );
  }

  async listOutletAliases(): Promise<OutletAlias[]> {
    return this.outlets.list();
  }

  async putOutletAliases(aliases: readonly OutletAlias[]): Promise<void> {
    this.outlets.put(aliases);
  }

  async listOutlets(): Promise<OutletCount[]> {
    return this.answers.get(
      'outlets',
      () =>
        this.db
          .prepare(
            `SELECT s.outlet AS name, count(DISTINCT s.article_rowid) AS articles, count(*) AS sources,
                min(a.published_utc) AS first, max(a.published_utc) AS last
         FROM sources s JOIN articles a ON a.rowid = s.article_rowid
         WHERE s.outlet IS NOT NULL GROUP BY s.outlet ORDER BY articles DESC, name`,
          )
          .all() as OutletCount[],
    );
  }

  async listOutletNames(): Promise<string[]> {
    // a skip scan of the index on sources (outlet, ...): one seek per outlet, not a read of every source (the column
    // is NOCASE, so spellings differing only in case are one outlet)
    return this.db
      .prepare(
        `WITH RECURSIVE o(name) AS (SELECT min(outlet) FROM sources WHERE outlet IS NOT NULL
           UNION ALL SELECT (SELECT min(outlet) FROM sources WHERE outlet > o.name) FROM o WHERE o.name IS NOT NULL)
         SELECT name FROM o WHERE name IS NOT NULL`,
      )
      .pluck()
      .all() as string[];
  }

  async stats(): Promise<StoreStats> {
    return this.answers.get(
      'stats',
      () =>
        this.db
          .prepare(
            `SELECT (SELECT count(*) FROM articles) AS articles, (SELECT count(*) FROM sources) AS sources,
                    (SELECT count(DISTINCT outlet) FROM sources WHERE outlet IS NOT NULL) AS outlets`,
          )
          .get() as StoreStats,
    );
  }

  async *listLinkSources(): AsyncIterable<LinkSourceRow> {
    // read in pages by rowid, so no statement stays open between yields (writes may happen meanwhile)
    const page = this.db.prepare<[number], { rowid: number; id: string }>(
      'SELECT rowid, id FROM articles WHERE rowid > ? ORDER BY rowid LIMIT 1000',
    );
    const sourcesOf = this.db.prepare<[number, number], LinkSourceDbRow>(
      `SELECT article_rowid AS rowid, source, outlet, title, published FROM sources
       WHERE article_rowid BETWEEN ? AND ? ORDER BY article_rowid, source`,
    );
    for (let after = 0; ;) {
      const rows = page.all(after);
      if (!rows.length) return;
      const last = rows[rows.length - 1] as { rowid: number };
      const byRow = new Map<number, LinkSourceRow['sources']>();
      for (const { rowid, ...src } of sourcesOf.all(after + 1, last.rowid)) {
        const list = byRow.get(rowid);
        if (list) list.push(src);
        else byRow.set(rowid, [src]);
      }
      for (const r of rows) yield { id: r.id, sources: byRow.get(r.rowid) ?? [] };
      after = last.rowid;
    }
  }

  async getBodies(ids: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const get = this.db.prepare<[string], { body: string }>('SELECT body FROM articles WHERE id = ?');
    for (const id of ids) {
      const row = get.get(id);
      if (row) out.set(id, row.body);
    }
    return out;
  }

  async putLinks(result: LinkWrite): Promise<void> {
    this.db.transaction(() => {
      // children first: one statement each instead of a cascade per row
      this.db.exec('DELETE FROM duplicate_members; DELETE FROM duplicate_groups;');
      const delta = result.delta;
      if (!delta)
        this.db.exec(
          'DELETE FROM claim_statements; DELETE FROM claims; DELETE FROM story_articles; DELETE FROM stories;',
        );
      else {
        const storyRowid = this.db.prepare<[string], { rowid: number }>('SELECT rowid FROM stories WHERE id = ?');
        const dropStory = this.db.prepare('DELETE FROM story_articles WHERE story_rowid = ?');
        const dropStoryRow = this.db.prepare('DELETE FROM stories WHERE rowid = ?');
        for (const id of new Set([...delta.stories, ...result.stories.map((x) => x.id)])) {
          const row = storyRowid.get(id);
          if (!row) continue;
          dropStory.run(row.rowid);
          dropStoryRow.run(row.rowid);
        }
        const claimRowid = this.db.prepare<[string], { rowid: number }>('SELECT rowid FROM claims WHERE id = ?');
        const dropStatements = this.db.prepare('DELETE FROM claim_statements WHERE claim_rowid = ?');
        const dropClaim = this.db.prepare('DELETE FROM claims WHERE rowid = ?');
        for (const id of new Set([...delta.claims, ...(result.claims ?? []).map((x) => x.id)])) {
          const row = claimRowid.get(id);
          if (!row) continue;
          dropStatements.run(row.rowid);
          dropClaim.run(row.rowid);
        }
      }
      const written: number[] = [];
      const rowidOf = (id: string): number => {
        const row = this.stmts.findRowid.get(id);
        if (!row) throw new DossierError('E_DB', `link result names article ${id}, which is not stored`);
        return row.rowid;
      };
      const utcOf = this.db.prepare<[number], { utc: string | null }>(
        'SELECT published_utc AS utc FROM articles WHERE rowid = ?',
      );
      const insertStory = this.db.prepare(
        'INSERT INTO stories (id, label, terms, first_utc, last_utc, article_count) VALUES (?, ?, ?, ?, ?, ?)',
      );
      const insertMember = this.db.prepare('INSERT INTO story_articles (story_rowid, article_rowid) VALUES (?, ?)');
      for (const story of result.stories) {
        const rowids = story.articles.map(rowidOf);
        let first: string | null = null;
        let last: string | null = null;
        for (const r of rowids) {
          const utc = utcOf.get(r)?.utc ?? null;
          if (utc === null) continue;
          if (first === null || utc < first) first = utc;
          if (last === null || utc > last) last = utc;
        }
        const storyRowid = Number(
          insertStory.run(story.id, story.label, JSON.stringify(story.terms), first, last, rowids.length)
            .lastInsertRowid,
        );
        for (const r of rowids) insertMember.run(storyRowid, r);
        written.push(storyRowid);
      }
      const insertGroup = this.db.prepare('INSERT INTO duplicate_groups (first_article_rowid) VALUES (?)');
      const insertDup = this.db.prepare(
        'INSERT INTO duplicate_members (group_rowid, article_rowid, position) VALUES (?, ?, ?)',
      );
      for (const group of result.duplicates) {
        const rowids = group.members.map(rowidOf);
        const groupRowid = Number(insertGroup.run(rowids[0]).lastInsertRowid);
        rowids.forEach((r, i) => insertDup.run(groupRowid, r, i));
      }
      // outlets of the stories written (all of them unless delta); duplicate groups were replaced, so all counts
      this.db
        .prepare(
          `UPDATE stories SET
           outlets = coalesce((SELECT json_group_array(outlet) FROM (
             SELECT DISTINCT src.outlet AS outlet FROM story_articles sa JOIN sources src ON src.article_rowid = sa.article_rowid
             WHERE sa.story_rowid = stories.rowid AND src.outlet IS NOT NULL ORDER BY src.outlet COLLATE NOCASE)), '[]')
           WHERE ? = 0 OR rowid IN (SELECT value FROM json_each(?))`,
        )
        .run(delta ? 1 : 0, JSON.stringify(written));
      this.db.exec(
        `UPDATE stories SET duplicate_groups = (SELECT count(DISTINCT dm.group_rowid) FROM story_articles sa
             JOIN duplicate_members dm ON dm.article_rowid = sa.article_rowid WHERE sa.story_rowid = stories.rowid)`,
      );
      const insertClaim = this.db.prepare(
        `INSERT INTO claims (id, text, first_article_rowid, first_published, article_count, outlets, speakers)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      );
      const insertStatement = this.db.prepare(
        `INSERT INTO claim_statements (claim_rowid, position, article_rowid, start, "end", text, kind, speaker, published, outlet)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const claim of result.claims ?? []) {
        const articles = new Set(claim.statements.map((st) => st.article));
        const claimRowid = Number(
          insertClaim.run(
            claim.id,
            claim.text,
            rowidOf(claim.first.articleId),
            claim.first.published,
            articles.size,
            JSON.stringify(claim.outlets),
            JSON.stringify(claim.speakers),
          ).lastInsertRowid,
        );
        claim.statements.forEach((st, i) =>
          insertStatement.run(
            claimRowid,
            i,
            rowidOf(st.article),
            st.start,
            st.end,
            st.text,
            st.kind,
            st.speaker,
            st.published,
            st.outlet,
          ),
        );
      }
      const linked = (this.db.prepare('SELECT count(*) AS n FROM story_articles').get() as { n: number }).n;
      this.db
        .prepare(
          `INSERT INTO link_runs (rowid, version, articles, seconds) VALUES (1, ?, ?, ?)
           ON CONFLICT (rowid) DO UPDATE SET version = excluded.version, articles = excluded.articles,
             seconds = excluded.seconds, linked_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`,
        )
        .run(result.version, linked, result.seconds);
      this.db.exec('DELETE FROM link_snapshot');
      if (result.snapshot)
        this.db.prepare('INSERT INTO link_snapshot (rowid, data) VALUES (1, ?)').run(result.snapshot);
      const log = result.log;
      if (!result.snapshot || log?.reset) this.db.exec('DELETE FROM link_log');
      if (result.snapshot && log) {
        if (log.prune)
          this.db.prepare('DELETE FROM link_log WHERE part = ? AND until_ms < ?').run(log.prune.part, log.prune.before);
        for (const part of log.drop ?? []) this.db.prepare('DELETE FROM link_log WHERE part = ?').run(part);
        const append = this.db.prepare('INSERT INTO link_log (part, until_ms, data) VALUES (?, ?, ?)');
        for (const chunk of log.append) append.run(chunk.part, chunk.until, chunk.data);
      }
    })();
  }

  async getLinkLog(part: string): Promise<Uint8Array[]> {
    const rows = this.db
      .prepare<[string], { data: Buffer }>('SELECT data FROM link_log WHERE part = ? ORDER BY seq')
      .all(part);
    return rows.map((r) => r.data);
  }

  async getLinkSnapshot(): Promise<Uint8Array | null> {
    const row = this.db.prepare('SELECT data FROM link_snapshot WHERE rowid = 1').get() as { data: Buffer } | undefined;
    return row ? row.data : null;
  }

  async linkState(): Promise<LinkState> {
    const run = this.db
      .prepare('SELECT version, articles, linked_at AS linkedAt FROM link_runs WHERE rowid = 1')
      .get() as { version: string; articles: number; linkedAt: string } | undefined;
    const counts = this.db
      .prepare(
        `SELECT (SELECT count(*) FROM articles) AS articles, (SELECT count(*) FROM stories) AS stories,
                (SELECT count(*) FROM stories WHERE article_count > 1) AS multiStories,
                (SELECT count(*) FROM duplicate_groups) AS duplicateGroups`,
      )
      .get() as { articles: number; stories: number; multiStories: number; duplicateGroups: number };
    return { version: run?.version ?? null, linked: run?.articles ?? 0, linkedAt: run?.linkedAt ?? null, ...counts };
  }

  async listStories(filter: StoryFilter, limit: number, offset = 0): Promise<StorySummary[]> {
    const clauses: string[] = [];
    const params: Array<string | number> = [];
    if (filter.outlet) {
      clauses.push(
        `EXISTS (SELECT 1 FROM story_articles sa JOIN sources src ON src.article_rowid = sa.article_rowid
                 WHERE sa.story_rowid = s.rowid AND src.outlet = ${OUTLET_NAME_SQL})`,
      );
      params.push(...outletParams(filter.outlet));
    }
    // a story is in a date range when its own range overlaps it
    if (filter.since) {
      clauses.push('s.last_utc >= ?');
      params.push(dateBound(filter.since, 'since'));
    }
    if (filter.until) {
      clauses.push('s.first_utc < ?');
      params.push(dateBound(filter.until, 'until'));
    }
    if (filter.minArticles !== undefined && filter.minArticles > 1) {
      clauses.push('s.article_count >= ?');
      params.push(filter.minArticles);
    }
    if (filter.article !== undefined) {
      const row = (this.stmts.getArticle.get(filter.article) ?? this.byPrefix(filter.article)) as
        ArticleRow | undefined;
      if (!row) return [];
      clauses.push('s.rowid = (SELECT story_rowid FROM story_articles WHERE article_rowid = ?)');
      params.push(row.rowid);
    }
    if (filter.q !== undefined) {
      const fts = toFtsQuery(filter.q);
      if (!fts) return [];
      // titles and bodies only, not the filter terms the index also holds (migration 11)
      clauses.push(
        `s.rowid IN (SELECT sa.story_rowid FROM articles_fts JOIN story_articles sa ON sa.article_rowid = articles_fts.rowid
                     WHERE articles_fts MATCH ?)`,
      );
      params.push(`{title body} : (${fts})`);
    }
    const rows = this.db
      .prepare(
        `SELECT s.rowid, s.id, s.label, s.terms, s.first_utc AS first, s.last_utc AS last, s.article_count AS articles, s.outlets, s.duplicate_groups AS duplicateGroups
         FROM stories s ${clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''}
         ORDER BY s.article_count DESC, s.last_utc IS NULL, s.last_utc DESC, s.id LIMIT ? OFFSET ?`,
      )
      .all(...params, limit, offset) as StoryRow[];
    return rows.map((r) => this.storySummary(r));
  }

  async getStory(id: string): Promise<StoryDetail | null> {
    const row = this.storyRow(id);
    if (!row) return null;
    const items = this.db
      .prepare(
        `SELECT a.id, src.source, coalesce(src.outlet, a.outlet) AS outlet, coalesce(src.published, a.published) AS published,
                coalesce(src.title, a.title) AS title
         FROM story_articles sa JOIN articles a ON a.rowid = sa.article_rowid
         JOIN sources src ON src.article_rowid = a.rowid
         WHERE sa.story_rowid = ?
         ORDER BY coalesce(src.outlet, a.outlet) IS NULL, coalesce(src.outlet, a.outlet) COLLATE NOCASE,
                  a.published_utc IS NULL, a.published_utc, a.id, src.source`,
      )
      .all(row.rowid) as StoryArticle[];
    const entities = this.db
      .prepare(
        `SELECT e.key, e.type, e.name, count(DISTINCT m.article_rowid) AS articles
         FROM story_articles sa JOIN mentions m ON m.article_rowid = sa.article_rowid JOIN entities e ON e.rowid = m.entity_rowid
         WHERE sa.story_rowid = ? GROUP BY e.rowid ORDER BY articles DESC, count(*) DESC, e.key LIMIT ?`,
      )
      .all(row.rowid, STORY_ENTITIES) as StoryDetail['entities'];
    return { ...this.storySummary(row), items, duplicates: this.storyDuplicates(row.rowid), entities };
  }

  private storyRow(id: string): StoryRow | undefined {
    const select =
      'SELECT s.rowid, s.id, s.label, s.terms, s.first_utc AS first, s.last_utc AS last, s.article_count AS articles, s.outlets, s.duplicate_groups AS duplicateGroups FROM stories s';
    const exact = this.db.prepare(`${select} WHERE s.id = ?`).get(id) as StoryRow | undefined;
    if (exact || !/^[0-9a-f]{4,15}$/.test(id)) return exact;
    const rows = this.db.prepare(`${select} WHERE s.id >= ? AND s.id < ? LIMIT 2`).all(id, `${id}g`) as StoryRow[];
    return rows.length === 1 ? rows[0] : undefined;
  }

  private storySummary(r: StoryRow): StorySummary {
    // outlets and duplicate groups are counted once per link run (putLinks), not per listing
    return {
      id: r.id,
      label: r.label,
      terms: JSON.parse(r.terms) as string[],
      first: r.first,
      last: r.last,
      articles: r.articles,
      outlets: dedupeNoCase(JSON.parse(r.outlets) as string[]),
      duplicateGroups: r.duplicateGroups,
    };
  }

  private storyDuplicates(storyRowid: number): StoredDuplicateGroup[] {
    const members = this.db
      .prepare(
        `SELECT dm.group_rowid AS grp, a.rowid, a.id, a.outlet, a.published, a.title FROM duplicate_members dm
         JOIN articles a ON a.rowid = dm.article_rowid
         WHERE dm.group_rowid IN (SELECT dm2.group_rowid FROM story_articles sa
                                  JOIN duplicate_members dm2 ON dm2.article_rowid = sa.article_rowid
                                  WHERE sa.story_rowid = ?)
         ORDER BY dm.group_rowid, dm.position`,
      )
      .all(storyRowid) as Array<DuplicateMember & { grp: number; rowid: number }>;
    const carriers = this.db.prepare<[number], { outlet: string }>(
      'SELECT DISTINCT outlet FROM sources WHERE article_rowid = ? AND outlet IS NOT NULL',
    );
    const groups = new Map<number, Array<DuplicateMember & { rowid: number }>>();
    for (const { grp, ...m } of members) {
      const list = groups.get(grp);
      if (list) list.push(m);
      else groups.set(grp, [m]);
    }
    return [...groups.values()].map((list) => {
      const first = list[0] as DuplicateMember & { rowid: number };
      const original = (first.outlet ?? '').toLowerCase();
      const copied = new Map<string, string>();
      for (const m of list) {
        for (const { outlet } of carriers.all(m.rowid)) {
          if (outlet.toLowerCase() !== original)
            copied.set(outlet.toLowerCase(), copied.get(outlet.toLowerCase()) ?? outlet);
        }
      }
      // members are ordered undated last: an undated first member means no member has a date
      const known = first.published !== null;
      return {
        members: list.map(({ rowid: _rowid, ...m }) => m),
        first: known ? first.id : null,
        copiedBy: known ? [...copied.values()].sort((a, b) => a.localeCompare(b, 'en')) : [],
      };
    });
  }

  /** Runs SQLite's own consistency check; returns its findings (`['ok']` when sound). */
  integrityCheck(): string[] {
    return (this.db.pragma('integrity_check') as Array<{ integrity_check: string }>).map((r) => r.integrity_check);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

/** What an article's row holds of it (the columns `articleFromRow` reads). */
export interface ArticleRow {
  rowid: number;
  id: string;
  canonical_url: string | null;
  authors: string;
  body: string;
  removed: string;
  meta: string;
  pipeline: string;
}

/** An article as stored (`articleRow`) read back, with its sources. */
export function articleFromRow(row: ArticleRow, sources: ArticleSource[]): Article {
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

interface StoryRow {
  rowid: number;
  id: string;
  label: string;
  terms: string;
  first: string | null;
  last: string | null;
  articles: number;
  outlets: string;
  duplicateGroups: number;
}

interface LinkSourceDbRow {
  rowid: number;
  source: string;
  outlet: string | null;
  title: string | null;
  published: string | null;
}

/** Outlet names differing only in case are one outlet (the column collates NOCASE); the first spelling stays. */
export function dedupeNoCase(names: readonly string[]): string[] {
  const seen = new Set<string>();
  return names.filter((n) => {
    const key = n.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function articleRow(a: Article) {
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

/** Where a listing page ended: the sort key of its last row. */
interface CursorKey {
  utc: string | null;
  id: string;
}

const CURSOR_ID = /^[0-9a-f]{16}$/;

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify([key.utc, key.id])).toString('base64url');
}

export function decodeCursor(cursor: string): CursorKey {
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

export interface ClaimRow {
  id: string;
  text: string;
  firstArticle: string | null;
  firstPublished: string | null;
  articles: number;
  outlets: string;
  speakers: string;
}

export function claimSummary(r: ClaimRow): ClaimSummary {
  return {
    id: r.id,
    text: r.text,
    first: { article: r.firstArticle ?? '', published: r.firstPublished },
    articles: r.articles,
    outlets: JSON.parse(r.outlets) as string[],
    speakers: JSON.parse(r.speakers) as string[],
  };
}

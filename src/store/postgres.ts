import { DossierError } from '../errors.js';
import type { Analysis, Article, ArticleSource, EntityType, OutletAlias } from '../types.js';
import { toWebSearchQuery } from './fts-query.js';
import { PgAnalyses } from './postgres-analyses.js';
import { LOCKS, Params, PgDatabase } from './postgres-db.js';
import { TS_CONFIG, asciiLower, pgFilter } from './postgres-filter.js';
import { pgListOutletAliases, pgOutletName, pgOutletNames, pgPutOutletAliases } from './postgres-outlets.js';
import {
  type ArticleRow,
  type ClaimRow,
  STORY_ENTITIES,
  articleFromRow,
  articleRow,
  claimSummary,
  decodeCursor,
  dedupeNoCase,
  encodeCursor,
} from './sqlite.js';
import { ENTITY_FACET, ENTITY_SAMPLE, MARK_END, MARK_START, highlightRanges } from './sqlite-search.js';
import { dateBound } from './sqlite-filter.js';
import type {
  AnalysisState,
  AnalysisWrite,
  ArticleFilter,
  ArticlePage,
  ArticleSummary,
  ClaimDetail,
  ClaimSummary,
  CoMentionGraph,
  EntityGraph,
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
  SearchFacets,
  SearchPage,
  SearchHit,
  Store,
  StoreStats,
  StoredDuplicateGroup,
  StoredQuote,
  StoryArticle,
  StoryDetail,
  StoryFilter,
  StorySummary,
} from './store.js';
import { FACET_SAMPLE, SEARCH_SAMPLE } from './store.js';

/**
 * ts_rank_cd weights for {D, C, B, A}: the title (A) counts four times the body (B), as the SQLite store's
 * `bm25(articles_fts, 4.0, 1.0)` weighs them.
 */
const RANK_WEIGHTS = '{0.1, 0.2, 0.25, 1.0}';
/** ts_rank_cd normalization 1: divides by 1 + log(document length), so long articles do not win by length alone. */
const RANK_NORMALIZATION = 1;
/** ts_headline options: a snippet of about 24 words around the matches, marked as the SQLite store marks them. */
const HEADLINE = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=24, MinWords=12, ShortWord=0, MaxFragments=1, FragmentDelimiter=…`;
/** Articles read per page by `listLinkSources`. */
const LINK_PAGE = 1000;

const STORY_COLUMNS =
  's.rowid, s.id, s.label, s.terms, s.first_utc AS first, s.last_utc AS last, s.article_count AS articles, s.outlets, s.duplicate_groups AS "duplicateGroups"';

/**
 * The PostgreSQL store: the same interface and answers as the SQLite store, for a dossier that many processes
 * on many machines write at once. Each batch write is one transaction. It connects on first use, so opening
 * it stays synchronous; the first use also migrates the schema.
 *
 * Where it differs from SQLite: search ranks with `ts_rank_cd` (cover density over the title and body
 * vectors, weighted 4:1) instead of FTS5's BM25, so scores are on another scale and close ties may order
 * differently; `a b OR c` groups as `a AND (b OR c)` (websearch_to_tsquery) where FTS5 reads `(a AND b) OR c`;
 * and stemming is Snowball English where FTS5 uses Porter.
 */
export class PostgresStore implements Store {
  private readonly db: PgDatabase;
  private readonly analyses: PgAnalyses;

  constructor(url: string, options: { readonly?: boolean } = {}) {
    this.db = new PgDatabase(url, options.readonly ?? false);
    this.analyses = new PgAnalyses(this.db);
  }

  /** Stores a batch in three statements (articles, the rowids of those already there, sources), whatever its size. */
  async putArticles(articles: readonly Article[]): Promise<PutResult[]> {
    if (!articles.length) return [];
    const rows = articles.map(articleRow);
    const col = <K extends keyof (typeof rows)[number]>(k: K) => rows.map((r) => r[k]);
    return this.db.tx(async (client) => {
      // every spelling of an outlet is stored under the outlet's name
      const name = await pgOutletNames(
        this.db,
        [...rows.map((r) => r.outlet), ...articles.flatMap((a) => a.sources.map((x) => x.outlet))],
        client,
      );
      // ON CONFLICT: an article already stored, earlier in the batch or by another writer at the same time, is `present`
      const inserted = await this.db.rows<{ rowid: number; id: string }>(
        `INSERT INTO articles (id, title, outlet, published, published_utc, language, canonical_url, authors, body, removed, meta, pipeline)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                              $8::text[], $9::text[], $10::text[], $11::text[], $12::text[])
         ON CONFLICT (id) DO NOTHING RETURNING rowid, id`,
        [
          col('id'),
          col('title'),
          rows.map((r) => name(r.outlet)),
          col('published'),
          col('published_utc'),
          col('language'),
          col('canonical_url'),
          col('authors'),
          col('body'),
          col('removed'),
          col('meta'),
          col('pipeline'),
        ],
        client,
      );
      const rowids = new Map(inserted.map((r) => [r.id, r.rowid]));
      const present = articles.filter((a) => !rowids.has(a.id)).map((a) => a.id);
      if (present.length) {
        const found = await this.db.rows<{ rowid: number; id: string }>(
          'SELECT rowid, id FROM articles WHERE id = ANY($1::text[])',
          [present],
          client,
        );
        for (const r of found) rowids.set(r.id, r.rowid);
      }
      const sources = articles.flatMap((a) => a.sources.map((src) => ({ rowid: rowids.get(a.id), ...src })));
      await this.db.run(
        `INSERT INTO sources (article_rowid, source, url, raw_hash, charset, outlet, title, published)
         SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
         ON CONFLICT DO NOTHING`,
        [
          sources.map((x) => x.rowid),
          sources.map((x) => x.source),
          sources.map((x) => x.url),
          sources.map((x) => x.rawHash),
          sources.map((x) => x.charset),
          sources.map((x) => name(x.outlet)),
          sources.map((x) => x.title),
          sources.map((x) => x.published),
        ],
        client,
      );
      // the first of an id in the batch is the one stored, if any was
      const fresh = new Set(inserted.map((r) => r.id));
      return articles.map((a) => (fresh.delete(a.id) ? 'new' : 'present'));
    });
  }

  /**
   * What the analyze stage reads of the articles of `ids` that are stored (a worker's batch, in one query): the
   * body and the published date, as `pendingAnalyses` gives them.
   */
  async analysisInputs(ids: readonly string[]): Promise<Array<{ id: string; body: string; published: string | null }>> {
    return this.db.rows(
      `SELECT id, body, (meta::json)->'published'->>'value' AS published FROM articles
       WHERE id = ANY($1::text[]) ORDER BY rowid`,
      [ids],
    );
  }

  async getArticle(id: string): Promise<Article | null> {
    const row = await this.articleRow(id);
    if (!row) return null;
    const sources = await this.db.rows<ArticleSource>(
      `SELECT source, url, raw_hash AS "rawHash", charset, outlet, title, published
       FROM sources WHERE article_rowid = $1 ORDER BY ingested_at, source`,
      [row.rowid],
    );
    return articleFromRow(row, sources);
  }

  /** An article by id, else the one article whose id starts with `id` (at least 4 hex digits), if exactly one does. */
  private async articleRow(id: string): Promise<ArticleRow | undefined> {
    const exact = await this.db.row<ArticleRow>('SELECT * FROM articles WHERE id = $1', [id]);
    if (exact || !/^[0-9a-f]{4,15}$/.test(id)) return exact;
    const rows = await this.db.rows<ArticleRow>('SELECT * FROM articles WHERE id >= $1 AND id < $2 LIMIT 2', [
      id,
      `${id}g`,
    ]);
    return rows.length === 1 ? rows[0] : undefined;
  }

  async listArticles(filter: ArticleFilter, limit: number, offset = 0): Promise<ArticleSummary[]> {
    const p = new Params();
    const where = pgFilter(filter, 'a', p);
    return this.db.rows<ArticleSummary>(
      `SELECT a.id, a.outlet, a.published, a.title FROM articles a ${where ? `WHERE ${where}` : ''}
       ORDER BY a.published_utc DESC NULLS LAST, a.id LIMIT ${p.add(limit)} OFFSET ${p.add(offset)}`,
      p.values,
    );
  }

  async listArticlesPage(filter: ArticleFilter, limit: number, after?: string): Promise<ArticlePage> {
    const p = new Params();
    const where = pgFilter(filter, 'a', p);
    const clauses = where ? [where] : [];
    if (after !== undefined) {
      const key = decodeCursor(after);
      // the row after `key` in the order: dated rows newest first, then undated ones, ties broken by id
      if (key.utc === null) clauses.push(`(a.published_utc IS NULL AND a.id > ${p.add(key.id)})`);
      else {
        const utc = p.add(key.utc);
        clauses.push(
          `(a.published_utc IS NULL OR a.published_utc < ${utc} OR (a.published_utc = ${utc} AND a.id > ${p.add(key.id)}))`,
        );
      }
    }
    const rows = await this.db.rows<ArticleSummary & { utc: string | null }>(
      `SELECT a.id, a.outlet, a.published, a.title, a.published_utc AS utc FROM articles a
       ${clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''}
       ORDER BY a.published_utc DESC NULLS LAST, a.id LIMIT ${p.add(limit + 1)}`,
      p.values,
    );
    const more = rows.length > limit;
    const page = more ? rows.slice(0, limit) : rows;
    const last = page[page.length - 1];
    return {
      items: page.map(({ utc: _utc, ...summary }) => summary),
      next: more && last ? encodeCursor({ utc: last.utc, id: last.id }) : null,
    };
  }

  /** The matching articles' rowids, best first: ts_rank_cd descending, ties by storage order. */
  private matches(query: string, filter: ArticleFilter, limit: number | null): { sql: string; p: Params } | null {
    const web = toWebSearchQuery(query);
    if (!web) return null;
    const p = new Params();
    const q = `websearch_to_tsquery(${TS_CONFIG}, ${p.add(web)})`;
    const where = pgFilter(filter, 'a', p);
    const sql = `SELECT a.rowid, ts_rank_cd('${RANK_WEIGHTS}', a.tsv, ${q}, ${RANK_NORMALIZATION}) AS rank
       FROM articles a WHERE a.tsv @@ ${q} ${where ? `AND ${where}` : ''}
       ORDER BY rank DESC, a.rowid ${limit === null ? '' : `LIMIT ${p.add(limit)}`}`;
    return { sql, p };
  }

  /** Rowids of the newest `limit` matches (storage order), as SQLite's search samples them. */
  private async newest(query: string, filter: ArticleFilter, limit: number): Promise<number[]> {
    const web = toWebSearchQuery(query);
    if (!web) return [];
    const p = new Params();
    const where = pgFilter(filter, 'a', p);
    const rows = await this.db.rows<{ rowid: number }>(
      `SELECT a.rowid FROM articles a WHERE a.tsv @@ websearch_to_tsquery(${TS_CONFIG}, ${p.add(web)})
       ${where ? `AND ${where}` : ''} ORDER BY a.rowid DESC LIMIT ${p.add(limit)}`,
      p.values,
    );
    return rows.map((r) => r.rowid);
  }

  async search(query: string, filter: ArticleFilter, limit: number): Promise<SearchHit[]> {
    const newest = await this.newest(query, filter, Math.max(limit, SEARCH_SAMPLE + 1));
    return this.hitsOf(query, filter, newest, limit);
  }

  async searchPage(query: string, filter: ArticleFilter, limit: number): Promise<SearchPage> {
    // one walk of the newest matches for the hits and the facets
    const newest = await this.newest(query, filter, Math.max(limit, SEARCH_SAMPLE + 1));
    const [hits, facets] = await Promise.all([
      this.hitsOf(query, filter, newest, limit),
      this.facetsOf(query, filter, newest),
    ]);
    return { ...facets, hits };
  }

  /** The first `limit` hits, given the newest matches: ranked when at most SEARCH_SAMPLE match, else the newest. */
  private async hitsOf(query: string, filter: ArticleFilter, newest: number[], limit: number): Promise<SearchHit[]> {
    const m = this.matches(query, filter, limit);
    if (!m) return [];
    const top: Array<{ rowid: number; rank: number | null }> =
      newest.length > SEARCH_SAMPLE
        ? newest.slice(0, limit).map((rowid) => ({ rowid, rank: null }))
        : await this.db.rows<{ rowid: number; rank: number }>(m.sql, m.p.values);
    if (!top.length) return [];
    // snippets for the page only
    const rows = await this.db.rows<ArticleSummary & { rowid: number; snippet: string }>(
      `SELECT a.rowid, a.id, a.outlet, a.published, a.title,
              ts_headline(${TS_CONFIG}, a.body, websearch_to_tsquery(${TS_CONFIG}, $1), $2) AS snippet
       FROM articles a WHERE a.rowid = ANY($3::bigint[])`,
      [toWebSearchQuery(query), HEADLINE, top.map((t) => t.rowid)],
    );
    const byRowid = new Map(rows.map((r) => [r.rowid, r]));
    return top.flatMap(({ rowid, rank }) => {
      const row = byRowid.get(rowid);
      if (!row) return [];
      const { rowid: _rowid, snippet, ...summary } = row;
      return [{ ...summary, score: rank, ...highlightRanges(snippet) }];
    });
  }

  /** The facets, given the newest matches: every one counted, or the newest FACET_SAMPLE when more than SEARCH_SAMPLE. */
  private async facetsOf(query: string, filter: ArticleFilter, newest: number[]): Promise<SearchFacets> {
    const sampled = newest.length > SEARCH_SAMPLE;
    const rows = sampled ? newest.slice(0, FACET_SAMPLE) : newest;
    // the outlet facet leaves the outlet filter out, so that the other outlets stay one click away (when the
    // filtered matches are sampled, more match without the filter: the newest FACET_SAMPLE are those counted)
    const { outlet, ...rest } = filter;
    let outletRows = rows;
    if (outlet) {
      const found = await this.newest(query, rest, sampled ? FACET_SAMPLE : SEARCH_SAMPLE + 1);
      outletRows = found.length > SEARCH_SAMPLE ? found.slice(0, FACET_SAMPLE) : found;
    }
    const outlets = await this.db.rows<{ name: string; hits: number }>(
      `SELECT s.outlet AS name, count(DISTINCT s.article_rowid) AS hits
       FROM sources s WHERE s.article_rowid = ANY($1::bigint[]) AND s.outlet IS NOT NULL
       GROUP BY s.outlet ORDER BY hits DESC, s.outlet COLLATE "C"`,
      [outletRows],
    );
    const days = await this.db.rows<{ day: string; hits: number }>(
      `SELECT substr(a.published_utc, 1, 10) AS day, count(*) AS hits
       FROM articles a WHERE a.rowid = ANY($1::bigint[]) AND a.published_utc IS NOT NULL
       GROUP BY day ORDER BY day`,
      [rows],
    );
    const entities = await this.db.rows<{ key: string; type: EntityType; name: string; hits: number }>(
      `WITH top AS (SELECT x.e AS entity_rowid, count(*) AS hits FROM article_entities b, unnest(b.entities) AS x (e)
                    WHERE b.article_rowid = ANY($1::bigint[]) GROUP BY x.e)
       SELECT e.key, e.type, e.name, top.hits FROM top JOIN entities e ON e.rowid = top.entity_rowid
       ORDER BY top.hits DESC, e.articles DESC, e.key COLLATE "C" LIMIT ${ENTITY_FACET}`,
      [rows.slice(0, ENTITY_SAMPLE)],
    );
    return { matched: sampled ? SEARCH_SAMPLE : rows.length, counted: rows.length, sampled, outlets, days, entities };
  }

  async listOutletAliases(): Promise<OutletAlias[]> {
    return pgListOutletAliases(this.db);
  }

  async putOutletAliases(aliases: readonly OutletAlias[]): Promise<void> {
    return pgPutOutletAliases(this.db, aliases);
  }

  async listOutlets(): Promise<OutletCount[]> {
    return this.db.rows<OutletCount>(
      `SELECT min(s.outlet) AS name, count(DISTINCT s.article_rowid) AS articles, count(*) AS sources,
              min(a.published_utc) AS first, max(a.published_utc) AS last
       FROM sources s JOIN articles a ON a.rowid = s.article_rowid
       WHERE s.outlet IS NOT NULL GROUP BY lower(s.outlet) ORDER BY articles DESC, lower(min(s.outlet))`,
    );
  }

  async listOutletNames(): Promise<string[]> {
    // a skip scan of the index on sources (lower(outlet), article_rowid): one seek per outlet, not a read of every
    // source; each outlet as its earliest source spells it
    const rows = await this.db.rows<{ name: string }>(
      `WITH RECURSIVE o(k) AS (SELECT min(lower(outlet)) FROM sources
         UNION ALL SELECT (SELECT min(lower(outlet)) FROM sources WHERE lower(outlet) > o.k) FROM o WHERE o.k IS NOT NULL)
       SELECT (SELECT outlet FROM sources WHERE lower(outlet) = o.k ORDER BY article_rowid LIMIT 1) AS name
       FROM o WHERE o.k IS NOT NULL ORDER BY o.k`,
    );
    return rows.map((r) => r.name);
  }

  async stats(): Promise<StoreStats> {
    return (await this.db.row<StoreStats>(
      `SELECT (SELECT count(*) FROM articles) AS articles, (SELECT count(*) FROM sources) AS sources,
              (SELECT count(DISTINCT lower(outlet)) FROM sources WHERE outlet IS NOT NULL) AS outlets`,
    )) as StoreStats;
  }

  async *listLinkSources(): AsyncIterable<LinkSourceRow> {
    for (let after = 0; ;) {
      const rows = await this.db.rows<{ rowid: number; id: string }>(
        'SELECT rowid, id FROM articles WHERE rowid > $1 ORDER BY rowid LIMIT $2',
        [after, LINK_PAGE],
      );
      if (!rows.length) return;
      const last = (rows[rows.length - 1] as { rowid: number }).rowid;
      const byRow = new Map<number, LinkSourceRow['sources']>();
      const sources = await this.db.rows<LinkSourceRow['sources'][number] & { rowid: number }>(
        `SELECT article_rowid AS rowid, source, outlet, title, published FROM sources
         WHERE article_rowid BETWEEN $1 AND $2 ORDER BY article_rowid, source`,
        [after + 1, last],
      );
      for (const { rowid, ...src } of sources) {
        const list = byRow.get(rowid);
        if (list) list.push(src);
        else byRow.set(rowid, [src]);
      }
      for (const r of rows) yield { id: r.id, sources: byRow.get(r.rowid) ?? [] };
      after = last;
    }
  }

  async getBodies(ids: readonly string[]): Promise<Map<string, string>> {
    const rows = await this.db.rows<{ id: string; body: string }>(
      'SELECT id, body FROM articles WHERE id = ANY($1::text[])',
      [ids],
    );
    const found = new Map(rows.map((r) => [r.id, r.body]));
    // in the order asked, as the SQLite store gives them
    const out = new Map<string, string>();
    for (const id of ids) {
      const body = found.get(id);
      if (body !== undefined) out.set(id, body);
    }
    return out;
  }

  async putLinks(result: LinkWrite): Promise<void> {
    await this.db.tx(async (c) => {
      // one link write at a time: each replaces the whole result, so two at once would interleave
      await c.query('SELECT pg_advisory_xact_lock($1)', [LOCKS.link]);
      await c.query('DELETE FROM duplicate_members; DELETE FROM duplicate_groups;');
      const delta = result.delta;
      if (!delta)
        await c.query(
          'DELETE FROM claim_statements; DELETE FROM claims; DELETE FROM story_articles; DELETE FROM stories;',
        );
      else {
        const stories = [...new Set([...delta.stories, ...result.stories.map((x) => x.id)])];
        await c.query(
          'DELETE FROM story_articles WHERE story_rowid IN (SELECT rowid FROM stories WHERE id = ANY($1::text[]))',
          [stories],
        );
        await c.query('DELETE FROM stories WHERE id = ANY($1::text[])', [stories]);
        const claims = [...new Set([...delta.claims, ...(result.claims ?? []).map((x) => x.id)])];
        await c.query(
          'DELETE FROM claim_statements WHERE claim_rowid IN (SELECT rowid FROM claims WHERE id = ANY($1::text[]))',
          [claims],
        );
        await c.query('DELETE FROM claims WHERE id = ANY($1::text[])', [claims]);
      }
      const written: number[] = [];
      const ids = new Set<string>();
      for (const s of result.stories) for (const id of s.articles) ids.add(id);
      for (const g of result.duplicates) for (const id of g.members) ids.add(id);
      for (const k of result.claims ?? []) {
        ids.add(k.first.articleId);
        for (const st of k.statements) ids.add(st.article);
      }
      const known = new Map(
        (
          await this.db.rows<{ id: string; rowid: number; utc: string | null }>(
            'SELECT id, rowid, published_utc AS utc FROM articles WHERE id = ANY($1::text[])',
            [[...ids]],
            c,
          )
        ).map((r) => [r.id, r]),
      );
      const rowidOf = (id: string): number => {
        const row = known.get(id);
        if (!row) throw new DossierError('E_DB', `link result names article ${id}, which is not stored`);
        return row.rowid;
      };
      for (const story of result.stories) {
        const rowids = story.articles.map(rowidOf);
        const dates = story.articles.map((id) => known.get(id)?.utc ?? null).filter((u): u is string => u !== null);
        dates.sort();
        const inserted = await this.db.row<{ rowid: number }>(
          `INSERT INTO stories (id, label, terms, first_utc, last_utc, article_count) VALUES ($1, $2, $3, $4, $5, $6)
           RETURNING rowid`,
          [story.id, story.label, JSON.stringify(story.terms), dates[0] ?? null, dates.at(-1) ?? null, rowids.length],
          c,
        );
        await c.query('INSERT INTO story_articles (story_rowid, article_rowid) SELECT $1, unnest($2::bigint[])', [
          inserted?.rowid,
          rowids,
        ]);
        written.push(Number(inserted?.rowid));
      }
      for (const group of result.duplicates) {
        const rowids = group.members.map(rowidOf);
        const inserted = await this.db.row<{ rowid: number }>(
          'INSERT INTO duplicate_groups (first_article_rowid) VALUES ($1) RETURNING rowid',
          [rowids[0]],
          c,
        );
        await c.query(
          `INSERT INTO duplicate_members (group_rowid, article_rowid, position)
           SELECT $1, r, ord - 1 FROM unnest($2::bigint[]) WITH ORDINALITY AS m (r, ord)`,
          [inserted?.rowid, rowids],
        );
      }
      // outlets of the stories written (all of them unless delta); duplicate groups were replaced, so all counts
      await c.query(
        `UPDATE stories SET
           outlets = coalesce((SELECT json_agg(o ORDER BY lower(o), o)::text FROM (
             SELECT DISTINCT ON (lower(src.outlet)) src.outlet AS o FROM story_articles sa
             JOIN sources src ON src.article_rowid = sa.article_rowid
             WHERE sa.story_rowid = stories.rowid AND src.outlet IS NOT NULL ORDER BY lower(src.outlet), src.outlet) x), '[]')
         WHERE NOT $1::boolean OR rowid = ANY($2::bigint[])`,
        [delta !== undefined, written],
      );
      await c.query(
        `UPDATE stories SET duplicate_groups = (SELECT count(DISTINCT dm.group_rowid) FROM story_articles sa
           JOIN duplicate_members dm ON dm.article_rowid = sa.article_rowid WHERE sa.story_rowid = stories.rowid)`,
      );
      for (const claim of result.claims ?? []) {
        const articles = new Set(claim.statements.map((st) => st.article));
        const inserted = await this.db.row<{ rowid: number }>(
          `INSERT INTO claims (id, text, first_article_rowid, first_published, article_count, outlets, speakers)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING rowid`,
          [
            claim.id,
            claim.text,
            rowidOf(claim.first.articleId),
            claim.first.published,
            articles.size,
            JSON.stringify(claim.outlets),
            JSON.stringify(claim.speakers),
          ],
          c,
        );
        const st = claim.statements;
        await c.query(
          `INSERT INTO claim_statements (claim_rowid, position, article_rowid, start, "end", text, kind, speaker, published, outlet)
           SELECT $1, ord - 1, a, s, e, t, k, sp, pu, o
           FROM unnest($2::bigint[], $3::int[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
             WITH ORDINALITY AS x (a, s, e, t, k, sp, pu, o, ord)`,
          [
            inserted?.rowid,
            st.map((s) => rowidOf(s.article)),
            st.map((s) => s.start),
            st.map((s) => s.end),
            st.map((s) => s.text),
            st.map((s) => s.kind),
            st.map((s) => s.speaker),
            st.map((s) => s.published),
            st.map((s) => s.outlet),
          ],
        );
      }
      await c.query(
        `INSERT INTO link_runs (rowid, version, articles, seconds)
         VALUES (1, $1, (SELECT count(*) FROM story_articles), $2)
         ON CONFLICT (rowid) DO UPDATE SET version = excluded.version, articles = excluded.articles,
           seconds = excluded.seconds, linked_at = to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
        [result.version, result.seconds],
      );
      await c.query('DELETE FROM link_snapshot');
      if (result.snapshot)
        await c.query('INSERT INTO link_snapshot (rowid, data) VALUES (1, $1)', [Buffer.from(result.snapshot)]);
      const log = result.log;
      if (!result.snapshot || log?.reset) await c.query('DELETE FROM link_log');
      if (result.snapshot && log) {
        if (log.prune)
          await c.query('DELETE FROM link_log WHERE part = $1 AND until_ms < $2', [log.prune.part, log.prune.before]);
        for (const part of log.drop ?? []) await c.query('DELETE FROM link_log WHERE part = $1', [part]);
        for (const chunk of log.append)
          await c.query('INSERT INTO link_log (part, until_ms, data) VALUES ($1, $2, $3)', [
            chunk.part,
            chunk.until,
            Buffer.from(chunk.data),
          ]);
      }
    });
  }

  async getLinkLog(part: string): Promise<Uint8Array[]> {
    const rows = await this.db.rows<{ data: Buffer }>('SELECT data FROM link_log WHERE part = $1 ORDER BY seq', [part]);
    return rows.map((r) => r.data);
  }

  async getLinkSnapshot(): Promise<Uint8Array | null> {
    const row = await this.db.row<{ data: Buffer }>('SELECT data FROM link_snapshot WHERE rowid = 1');
    return row ? row.data : null;
  }

  async linkState(): Promise<LinkState> {
    const run = await this.db.row<{ version: string; articles: number; linkedAt: string }>(
      'SELECT version, articles, linked_at AS "linkedAt" FROM link_runs WHERE rowid = 1',
    );
    const counts = (await this.db.row(
      `SELECT (SELECT count(*) FROM articles) AS articles, (SELECT count(*) FROM stories) AS stories,
              (SELECT count(*) FROM stories WHERE article_count > 1) AS "multiStories",
              (SELECT count(*) FROM duplicate_groups) AS "duplicateGroups"`,
    )) as { articles: number; stories: number; multiStories: number; duplicateGroups: number };
    return { version: run?.version ?? null, linked: run?.articles ?? 0, linkedAt: run?.linkedAt ?? null, ...counts };
  }

  async listStories(filter: StoryFilter, limit: number, offset = 0): Promise<StorySummary[]> {
    const p = new Params();
    const clauses: string[] = [];
    if (filter.outlet) {
      clauses.push(
        `EXISTS (SELECT 1 FROM story_articles sa JOIN sources src ON src.article_rowid = sa.article_rowid
                 WHERE sa.story_rowid = s.rowid AND lower(src.outlet) = ${pgOutletName(filter.outlet, p)})`,
      );
    }
    // a story is in a date range when its own range overlaps it
    if (filter.since) clauses.push(`s.last_utc >= ${p.add(dateBound(filter.since, 'since'))}`);
    if (filter.until) clauses.push(`s.first_utc < ${p.add(dateBound(filter.until, 'until'))}`);
    if (filter.minArticles !== undefined && filter.minArticles > 1) {
      clauses.push(`s.article_count >= ${p.add(filter.minArticles)}`);
    }
    if (filter.article !== undefined) {
      const row = await this.articleRow(filter.article);
      if (!row) return [];
      clauses.push(`s.rowid = (SELECT story_rowid FROM story_articles WHERE article_rowid = ${p.add(row.rowid)})`);
    }
    if (filter.q !== undefined) {
      const web = toWebSearchQuery(filter.q);
      if (!web) return [];
      clauses.push(
        `s.rowid IN (SELECT sa.story_rowid FROM articles a JOIN story_articles sa ON sa.article_rowid = a.rowid
                     WHERE a.tsv @@ websearch_to_tsquery(${TS_CONFIG}, ${p.add(web)}))`,
      );
    }
    const rows = await this.db.rows<StoryRow>(
      `SELECT ${STORY_COLUMNS} FROM stories s ${clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''}
       ORDER BY s.article_count DESC, s.last_utc DESC NULLS LAST, s.id LIMIT ${p.add(limit)} OFFSET ${p.add(offset)}`,
      p.values,
    );
    return rows.map(storySummary);
  }

  async getStory(id: string): Promise<StoryDetail | null> {
    const row = await this.storyRow(id);
    if (!row) return null;
    const items = await this.db.rows<StoryArticle>(
      `SELECT a.id, src.source, coalesce(src.outlet, a.outlet) AS outlet, coalesce(src.published, a.published) AS published,
              coalesce(src.title, a.title) AS title
       FROM story_articles sa JOIN articles a ON a.rowid = sa.article_rowid
       JOIN sources src ON src.article_rowid = a.rowid
       WHERE sa.story_rowid = $1
       ORDER BY lower(coalesce(src.outlet, a.outlet)) NULLS LAST, a.published_utc NULLS LAST, a.id, src.source`,
      [row.rowid],
    );
    const entities = await this.db.rows<StoryDetail['entities'][number]>(
      `SELECT e.key, e.type, e.name, count(DISTINCT m.article_rowid) AS articles
       FROM story_articles sa JOIN mentions m ON m.article_rowid = sa.article_rowid JOIN entities e ON e.rowid = m.entity_rowid
       WHERE sa.story_rowid = $1 GROUP BY e.rowid ORDER BY articles DESC, count(*) DESC, e.key LIMIT $2`,
      [row.rowid, STORY_ENTITIES],
    );
    return { ...storySummary(row), items, duplicates: await this.storyDuplicates(row.rowid), entities };
  }

  private async storyRow(id: string): Promise<StoryRow | undefined> {
    const exact = await this.db.row<StoryRow>(`SELECT ${STORY_COLUMNS} FROM stories s WHERE s.id = $1`, [id]);
    if (exact || !/^[0-9a-f]{4,15}$/.test(id)) return exact;
    const rows = await this.db.rows<StoryRow>(
      `SELECT ${STORY_COLUMNS} FROM stories s WHERE s.id >= $1 AND s.id < $2 LIMIT 2`,
      [id, `${id}g`],
    );
    return rows.length === 1 ? rows[0] : undefined;
  }

  private async storyDuplicates(storyRowid: number): Promise<StoredDuplicateGroup[]> {
    const members = await this.db.rows<DuplicateMember & { grp: number; rowid: number }>(
      `SELECT dm.group_rowid AS grp, a.rowid, a.id, a.outlet, a.published, a.title FROM duplicate_members dm
       JOIN articles a ON a.rowid = dm.article_rowid
       WHERE dm.group_rowid IN (SELECT dm2.group_rowid FROM story_articles sa
                                JOIN duplicate_members dm2 ON dm2.article_rowid = sa.article_rowid
                                WHERE sa.story_rowid = $1)
       ORDER BY dm.group_rowid, dm.position`,
      [storyRowid],
    );
    const carriers = await this.db.rows<{ rowid: number; outlet: string }>(
      `SELECT DISTINCT article_rowid AS rowid, outlet FROM sources
       WHERE article_rowid = ANY($1::bigint[]) AND outlet IS NOT NULL`,
      [members.map((m) => m.rowid)],
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
        for (const { rowid, outlet } of carriers) {
          if (rowid !== m.rowid || outlet.toLowerCase() === original) continue;
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

  async pendingAnalyses(version: string, limit: number, after = 0): Promise<PendingAnalysis[]> {
    return this.analyses.pending(version, limit, after);
  }

  async putAnalyses(items: readonly AnalysisWrite[]): Promise<void> {
    await this.analyses.put(items);
  }

  async getAnalysis(id: string): Promise<Analysis | null> {
    // an exact id in one query (the link stage reads every article's); else an id prefix
    const exact = await this.analyses.get(id);
    if (exact !== undefined) return exact;
    const row = await this.articleRow(id);
    return row ? ((await this.analyses.get(row.id)) ?? null) : null;
  }

  getAnalyses(ids: readonly string[]): Promise<Map<string, Analysis>> {
    return this.analyses.getMany(ids);
  }

  async analysisState(version: string): Promise<AnalysisState> {
    return this.analyses.state(version);
  }

  async listEntities(filter: EntityFilter, limit: number, offset = 0): Promise<EntitySummary[]> {
    return this.analyses.list(filter, limit, offset);
  }

  async getEntity(keyOrName: string): Promise<EntityDetail | null> {
    return this.analyses.detail(keyOrName);
  }

  async entityGraph(key: string, maxEntities: number): Promise<EntityGraph | null> {
    return this.analyses.graph(key, maxEntities);
  }

  async coMentions(articleIds: readonly string[] | null, maxEntities: number): Promise<CoMentionGraph> {
    return this.analyses.coMentions(articleIds, maxEntities);
  }

  async listQuotes(filter: QuoteFilter, limit: number, offset = 0): Promise<StoredQuote[]> {
    return this.analyses.quotes(filter, limit, offset);
  }

  async listClaims(filter: { entity?: string }, limit: number, offset = 0): Promise<ClaimSummary[]> {
    const p = new Params();
    const where = filter.entity
      ? `WHERE strpos(lower(c.text), ${p.add(asciiLower(filter.entity))}) > 0 OR strpos(lower(c.speakers), $1) > 0`
      : '';
    const rows = await this.db.rows<ClaimRow>(
      `SELECT c.id, c.text, a.id AS "firstArticle", c.first_published AS "firstPublished", c.article_count AS articles,
              c.outlets, c.speakers
       FROM claims c LEFT JOIN articles a ON a.rowid = c.first_article_rowid ${where}
       ORDER BY c.article_count DESC, c.id LIMIT ${p.add(limit)} OFFSET ${p.add(offset)}`,
      p.values,
    );
    return rows.map(claimSummary);
  }

  async getClaim(id: string): Promise<ClaimDetail | null> {
    const select = `SELECT c.rowid, c.id, c.text, a.id AS "firstArticle", c.first_published AS "firstPublished",
                           c.article_count AS articles, c.outlets, c.speakers
                    FROM claims c LEFT JOIN articles a ON a.rowid = c.first_article_rowid`;
    const row =
      (await this.db.row<ClaimRow & { rowid: number }>(`${select} WHERE c.id = $1`, [id])) ??
      (await this.db.row<ClaimRow & { rowid: number }>(
        `${select} WHERE c.id >= $1 AND c.id < $2 ORDER BY c.id LIMIT 1`,
        [id, `${id}~`],
      ));
    if (!row) return null;
    const statements = await this.db.rows<ClaimDetail['statements'][number]>(
      `SELECT a.id AS article, st.start, st."end", st.text, st.kind, st.speaker, st.published, st.outlet
       FROM claim_statements st JOIN articles a ON a.rowid = st.article_rowid
       WHERE st.claim_rowid = $1 ORDER BY st.position`,
      [row.rowid],
    );
    return { ...claimSummary(row), statements };
  }

  async close(): Promise<void> {
    await this.db.close();
  }
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

function storySummary(r: StoryRow): StorySummary {
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

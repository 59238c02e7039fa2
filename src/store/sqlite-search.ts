import type Database from 'better-sqlite3';
import { toFtsQuery } from './fts-query.js';
import { ftsMatch } from './search-terms.js';
import { filterSql } from './sqlite-filter.js';
import { OUTLET_NAME_SQL, outletParams } from './sqlite-outlets.js';
import {
  type ArticleFilter,
  type ArticleSummary,
  FACET_SAMPLE,
  SEARCH_SAMPLE,
  type SearchFacets,
  type SearchHit,
  type SearchPage,
} from './store.js';

/** A search as the index reads it: the FTS5 expression, and what of the filter its terms do not say. */
interface Match {
  fts: string;
  rest: ArticleFilter;
}

/** The newest matches of a walk (rowids, storage order), and whether more than `SEARCH_SAMPLE` match. */
interface Walk {
  rows: number[];
  sampled: boolean;
}

/*
 * A rowid bound on the full-text index is bound as a BigInt: better-sqlite3 binds a JS number as REAL, and FTS5
 * ignores a rowid bound that is not an INTEGER. It then walks every match, and with `rowid = ?` (a check it leaves to
 * itself) answers with the first match instead of that row.
 */

/** Snippet markers: control characters that never occur in stored text (the extractor removes them). */
export const MARK_START = '\u0002';
export const MARK_END = '\u0003';
/** A hit's snippet: the best stretch of 24 tokens of the body, its matches between the markers. */
const SNIPPET = `snippet(articles_fts, 1, '${MARK_START}', '${MARK_END}', '…', 24)`;
/** Newest matches the entity facet reads. */
export const ENTITY_SAMPLE = 200;
/** Entities the entity facet lists. */
export const ENTITY_FACET = 15;

/**
 * Full-text search over the FTS5 index, with its cost bounded. Every search
 * first reads its matches newest first (FTS5 walks its index in rowid order
 * and stops after `SEARCH_SAMPLE + 1`: a few milliseconds however many
 * articles match). When that many or fewer match, hits are ranked by BM25
 * and the facets count every match. When more match, BM25 would read every
 * match (its IDF alone walks each term's whole index), so hits are the newest
 * matches in storage order and the facets count the newest `FACET_SAMPLE`;
 * the answer says so (`score` null, `sampled` true). The query reads titles and bodies only; a filter by outlet,
 * language or date also asks the index for the filter's terms (`search-terms.ts`), so the walk skips the articles
 * without them instead of reading each match's row.
 */
export class SqliteSearch {
  /** Statements by their SQL: a search's SQL depends on its filter, and compiling it again cost as much as a facet. */
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  private prepare<P extends unknown[], R = unknown>(sql: string): Database.Statement<P, R> {
    let statement = this.statements.get(sql);
    if (!statement) this.statements.set(sql, (statement = this.db.prepare(sql)));
    return statement as unknown as Database.Statement<P, R>;
  }

  /**
   * The FTS5 expression for a query and a filter, and the rest of the filter (what its terms do not say), or null
   * when nothing searchable is left.
   */
  private match(query: string, filter: ArticleFilter): Match | null {
    const fts = toFtsQuery(query);
    if (!fts) return null;
    // the index holds the outlet's name, which any of its spellings gives (`rt.com` is `RT`)
    const outlet =
      filter.outlet &&
      this.prepare<[string, string], string>(`SELECT ${OUTLET_NAME_SQL}`)
        .pluck()
        .get(...outletParams(filter.outlet));
    const { match, rest } = ftsMatch(fts, outlet ? { ...filter, outlet } : filter, () => this.datedRange());
    return { fts: match, rest };
  }

  /** The first and last publication instant stored (two index seeks). */
  private datedRange(): { first: string | null; last: string | null } {
    const one = (sql: string) => this.prepare<[], string | null>(sql).pluck().get() ?? null;
    return {
      first: one('SELECT min(published_utc) FROM articles'),
      last: one('SELECT max(published_utc) FROM articles'),
    };
  }

  /** The first `limit` hits of a search (see `Store.search`). */
  hits(query: string, filter: ArticleFilter, limit: number): SearchHit[] {
    const matched = this.match(query, filter);
    return matched ? this.hitsOf(matched, this.walk(matched, limit), limit) : [];
  }

  /** The first `limit` hits and the facets of a search, from one walk of its matches (see `Store.searchPage`). */
  page(query: string, filter: ArticleFilter, limit: number): SearchPage {
    const matched = this.match(query, filter);
    if (!matched) return { matched: 0, counted: 0, sampled: false, outlets: [], days: [], entities: [], hits: [] };
    const walk = this.walk(matched, limit);
    return { ...this.facetsOf(query, filter, walk), hits: this.hitsOf(matched, walk, limit) };
  }

  /**
   * The newest matches (rowids, storage order): `limit` of them, and at least `SEARCH_SAMPLE + 1`, so that the
   * walk says whether more than `SEARCH_SAMPLE` match (`sampled`).
   */
  private walk({ fts, rest }: Match, limit: number): Walk {
    const rows = this.sample(fts, rest, Math.max(limit, SEARCH_SAMPLE + 1));
    return { rows, sampled: rows.length > SEARCH_SAMPLE };
  }

  private hitsOf({ fts, rest }: Match, { rows, sampled }: Walk, limit: number): SearchHit[] {
    const withScore = (row: ArticleSummary & { snippet: string }, score: number | null) => ({
      ...row,
      score,
      ...highlightRanges(row.snippet),
    });
    if (sampled) return this.newest(fts, rest, rows.slice(0, limit)).map((row) => withScore(row, null));
    // snippets for the page only: in one query SQLite would make one for every match before sorting
    const snippetOf = this.prepare<[string, bigint], ArticleSummary & { snippet: string }>(
      `SELECT a.id, a.outlet, a.published, a.title, ${SNIPPET} AS snippet
       FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid
       WHERE articles_fts MATCH ? AND articles_fts.rowid = ?`,
    );
    return this.ranked(fts, rest, limit).flatMap(({ rowid, rank }) => {
      const row = snippetOf.get(fts, BigInt(rowid));
      return row ? [withScore(row, -rank)] : [];
    });
  }

  /**
   * The newest matches at `rows` (a walk's first rowids) with their snippets, in one walk of the index kept to the
   * span they hold: the snippets are made for those rows only (no sort), each found once instead of looked up again.
   */
  private newest(
    fts: string,
    filter: ArticleFilter,
    rows: readonly number[],
  ): Array<ArticleSummary & { snippet: string }> {
    const last = rows[rows.length - 1];
    if (last === undefined) return [];
    // conditions on the index's rowid are checked before the article row is read
    const { where, params } = filterSql(filter, 'a', 'f.rowid');
    return this.prepare(
      `SELECT a.id, a.outlet, a.published, a.title, ${SNIPPET} AS snippet
         FROM articles_fts f JOIN articles a ON a.rowid = f.rowid
         WHERE articles_fts MATCH ? AND f.rowid BETWEEN ? AND ? ${where ? `AND ${where}` : ''}
         ORDER BY f.rowid DESC LIMIT ?`,
    ).all(fts, BigInt(last), BigInt(rows[0] ?? last), ...params, rows.length) as Array<
      ArticleSummary & { snippet: string }
    >;
  }

  /**
   * The facets of a walk: over every match, or the newest `FACET_SAMPLE` when sampled. The outlet facet leaves the
   * outlet filter out, so that the other outlets stay one click away: with one, it walks the matches without it
   * (only the newest `FACET_SAMPLE` when the filtered walk is sampled, since more match without the filter).
   */
  private facetsOf(query: string, filter: ArticleFilter, { rows: walked, sampled }: Walk): SearchFacets {
    const rows = sampled ? walked.slice(0, FACET_SAMPLE) : walked;
    const { outlet, ...others } = filter;
    const all = outlet ? this.match(query, others) : null;
    let outletRows = rows;
    if (all) {
      const found = this.sample(all.fts, all.rest, sampled ? FACET_SAMPLE : SEARCH_SAMPLE + 1);
      outletRows = found.length > SEARCH_SAMPLE ? found.slice(0, FACET_SAMPLE) : found;
    }
    const outlets = this.prepare(
      `SELECT s.outlet AS name, count(DISTINCT s.article_rowid) AS hits
         FROM json_each(?) m JOIN sources s ON s.article_rowid = m.value AND s.outlet IS NOT NULL
         GROUP BY s.outlet ORDER BY hits DESC, name`,
    ).all(JSON.stringify(outletRows)) as SearchFacets['outlets'];
    const days = this.prepare(
      `SELECT substr(a.published_utc, 1, 10) AS day, count(*) AS hits
         FROM json_each(?) m JOIN articles a ON a.rowid = m.value
         WHERE a.published_utc IS NOT NULL GROUP BY day ORDER BY day`,
    ).all(JSON.stringify(rows)) as SearchFacets['days'];
    const entities = this.entityFacet(rows.slice(0, ENTITY_SAMPLE));
    return { matched: sampled ? SEARCH_SAMPLE : rows.length, counted: rows.length, sampled, outlets, days, entities };
  }

  /**
   * The entities named in most of the articles at `rowids`: each article's distinct entities are one row
   * (`article_entities`), counted here; only the counts that can make the list go to SQLite, which breaks their
   * ties (most articles, then key) as the entity listing does.
   */
  entityFacet(rowids: readonly number[]): SearchFacets['entities'] {
    const counts = new Map<number, number>();
    const lists = this.prepare<[string], string>(
      'SELECT b.entities FROM json_each(?) h JOIN article_entities b ON b.article_rowid = h.value',
    )
      .pluck()
      .all(JSON.stringify(rowids));
    for (const list of lists) for (const e of JSON.parse(list) as number[]) counts.set(e, (counts.get(e) ?? 0) + 1);
    const least = [...counts.values()].sort((x, y) => y - x)[ENTITY_FACET - 1] ?? 0;
    const kept = Object.fromEntries([...counts].filter(([, n]) => n >= least));
    return this.prepare<[string], SearchFacets['entities'][number]>(
      `SELECT e.key, e.type, e.name, c.value AS hits FROM json_each(?) c JOIN entities e ON e.rowid = CAST(c.key AS INTEGER)
         ORDER BY hits DESC, e.articles DESC, e.key LIMIT ${ENTITY_FACET}`,
    ).all(JSON.stringify(kept));
  }

  /** Rowids of the newest `limit` matches (storage order), read from the index without sorting. */
  private sample(fts: string, filter: ArticleFilter, limit: number): number[] {
    const { from, where, params } = walkSql(filter);
    return this.prepare<unknown[], number>(
      `SELECT f.rowid FROM ${from} WHERE f.articles_fts MATCH ? ${where} ORDER BY f.rowid DESC LIMIT ?`,
    )
      .pluck()
      .all(fts, ...params, limit);
  }

  /** The best `limit` matches by BM25 (title weighs four times the body, the filter terms nothing), ties by storage order. */
  private ranked(fts: string, filter: ArticleFilter, limit: number): Array<{ rowid: number; rank: number }> {
    const { from, where, params } = walkSql(filter);
    return this.prepare(
      `SELECT f.rowid, bm25(articles_fts, 4.0, 1.0, 0.0) AS rank FROM ${from}
         WHERE f.articles_fts MATCH ? ${where} ORDER BY rank, f.rowid LIMIT ?`,
    ).all(fts, ...params, limit) as Array<{ rowid: number; rank: number }>;
  }
}

/**
 * What a walk of the index (`articles_fts f`) adds for a filter: the articles table (`a`) only when a condition
 * reads its row (outlet, dates, language: rows hold whole bodies, and the index's terms have already passed only
 * the articles that can match); an entity or a story is checked on the index's rowid alone.
 */
function walkSql(filter: ArticleFilter): { from: string; where: string; params: string[] } {
  const { where, params } = filterSql(filter, 'a', 'f.rowid');
  const row = Boolean(filter.outlet || filter.since || filter.until || filter.language);
  return {
    from: row ? 'articles_fts f JOIN articles a ON a.rowid = f.rowid' : 'articles_fts f',
    where: where ? `AND ${where}` : '',
    params,
  };
}

/** Strips the snippet markers and returns where they were. */
export function highlightRanges(marked: string): { snippet: string; highlights: Array<[number, number]> } {
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

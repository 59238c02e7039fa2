import type pg from 'pg';
import { decodeAnalysis, encodeAnalysis } from './analysis-codec.js';
import { type Chain, chainAt } from '../resolve/article.js';
import type { Analysis, Quote, Span } from '../types.js';
import { entityKey, nameFold, preferName } from './entity-key.js';
import { Params, type PgDatabase } from './postgres-db.js';
import { pgFilter } from './postgres-filter.js';
import { unlessBodyText } from './migrations.js';
import { QUOTE_INSERT_COLUMNS, QuoteArrays, quoteArrayParams, quoteColumns } from './postgres-quotes.js';
import {
  ENTITY_QUOTES,
  NAMED,
  type QuoteRow,
  RECENT_WALK_FROM,
  RELATED,
  TotalsChange,
  speakerOf,
  storedQuote,
} from './sqlite-analyses.js';
import type {
  AnalysisState,
  AnalysisWrite,
  ArticleSummary,
  CoMentionGraph,
  EntityDetail,
  EntityFilter,
  EntityGraph,
  EntitySummary,
  PendingAnalysis,
  QuoteFilter,
  StoredQuote,
} from './store.js';

/** The folded name part of an entity key, in SQL. */
const KEY_NAME = "substr(key, strpos(key, ':') + 1)";

/** One article's mentions of one entity in one spelling. */
interface Tally {
  entity: number;
  text: string;
  n: number;
}

/** The analysis state for version $1 from the counts migration 9's triggers keep: a few rows a slot, whatever the corpus. */
export const STATE_SQL = `SELECT (SELECT coalesce(sum(articles), 0) FROM article_counts) AS articles,
  coalesce(sum(analyses) FILTER (WHERE version = $1), 0) AS current,
  coalesce(sum(analyses) FILTER (WHERE version <> $1), 0) AS stale
  FROM analysis_counts`;

/**
 * The next articles after $1 (rowid order) whose analysis is missing or not of version $2, at most $3: the first
 * of the unanalysed ones (migration 7) and of each other version's (found by a skip scan of `analyses_version`),
 * merged. Seeks, so its cost does not grow with the analysed articles before them.
 */
export const PENDING_SQL = `WITH RECURSIVE versions (v) AS (
         SELECT min(version) FROM analyses
         UNION ALL SELECT (SELECT min(version) FROM analyses WHERE version > v) FROM versions WHERE v IS NOT NULL),
       due (rowid) AS (
         (SELECT article_rowid FROM unanalysed WHERE article_rowid > $1 ORDER BY article_rowid LIMIT $3)
         UNION ALL
         SELECT s.article_rowid FROM versions CROSS JOIN LATERAL (
           SELECT article_rowid FROM analyses WHERE version = v AND article_rowid > $1
           ORDER BY version, article_rowid LIMIT $3
         ) s WHERE v IS NOT NULL AND v <> $2)
       -- each article by its key (a join could walk the articles from the first)
       SELECT a.* FROM (SELECT DISTINCT rowid FROM due ORDER BY rowid LIMIT $3) d CROSS JOIN LATERAL (
         SELECT rowid AS seq, id, body, (meta::json)->'published'->>'value' AS published FROM articles WHERE rowid = d.rowid
       ) a ORDER BY a.seq`;

/**
 * The analyze stage's tables of the PostgreSQL store: the `SqliteAnalyses`
 * of PostgreSQL, with the same answers. Entity totals are kept up to date
 * with `+=` updates, so writers on several machines add to them safely.
 */
export class PgAnalyses {
  constructor(private readonly db: PgDatabase) {}

  /** The next articles to analyse after `after`: `PENDING_SQL`. */
  pending(version: string, limit: number, after = 0): Promise<PendingAnalysis[]> {
    return this.db.rows<PendingAnalysis>(PENDING_SQL, [after, version, limit]);
  }

  /**
   * Stores analyses as `SqliteAnalyses.put` does, with the same entities, totals and rows, in a fixed number of
   * statements a batch (arrays through `unnest`), whatever its size: on a busy server each round trip costs more
   * than the work it carries. The entity totals every writer adds to are written last, locked in entity order,
   * so two writers wait on each other only for those last statements, not for each other's batches.
   */
  async put(items: readonly AnalysisWrite[]): Promise<void> {
    // the last write of an article wins, as it would written one after the other
    const writes = [...new Map(items.map((w) => [w.id, w])).values()].map(planWrite);
    if (!writes.length) return;
    await this.makeEntities(writes.flatMap((w) => w.names));
    await this.db.tx(async (c) => {
      // a second writer of an article waits, so its totals never count the article twice (NO KEY: the link
      // stage's foreign keys to the article do not wait for it); taken in rowid order, so writers never deadlock
      const articles = await this.db.rows<ArticleRow>(
        `SELECT a.rowid, a.id, a.published_utc AS utc, a.outlet, a.body, n.article_rowid IS NOT NULL AS analysed
         FROM articles a LEFT JOIN analyses n ON n.article_rowid = a.rowid
         WHERE a.id = ANY($1::text[]) ORDER BY a.rowid FOR NO KEY UPDATE OF a`,
        [writes.map((w) => w.id)],
        c,
      );
      const byId = new Map(articles.map((a) => [a.id, a]));
      const totals = new TotalsChange();
      await this.dropOld(c, articles, totals);
      const entityRows = await this.db.rows<{ rowid: number; key: string; name: string }>(
        'SELECT rowid, key, name FROM entities WHERE key = ANY($1::text[])',
        [[...new Set(writes.flatMap((w) => w.names.map(([type, name]) => entityKey(type, name))))]],
        c,
      );
      const rowidOf = new Map(entityRows.map((r) => [r.key, r.rowid]));
      const idOf = (type: string, name: string) => rowidOf.get(entityKey(type, name)) as number;
      const rows = new WriteRows();
      for (const w of writes) {
        const article = byId.get(w.id);
        if (!article) continue;
        const added = rows.add(article, w, idOf);
        totals.add(countMentions(added), 1, article.utc?.slice(0, 7) ?? '', article.outlet ?? '');
      }
      await rows.write(c);
      await this.writeTotals(c, totals, entityRows, writes);
    });
  }

  /**
   * Makes the entities of names (type, text) not made yet, in the order first met (so a single writer numbers them
   * as the SQLite store does), in a transaction of their own: committed at once, so a writer never waits for
   * another's batch to make a name both meet. The totals come with the analyses.
   */
  private async makeEntities(names: ReadonlyArray<[string, string]>): Promise<void> {
    const first = new Map<string, [string, string]>();
    for (const [type, text] of names) {
      const key = entityKey(type, text);
      if (!first.has(key)) first.set(key, [type, text]);
    }
    const keys = [...first.keys()];
    // two writers meeting two new names in opposite orders at once deadlock: the transaction is run again
    await this.db.tx((c) =>
      c.query(
        `INSERT INTO entities (key, type, name) SELECT k, t, n FROM unnest($1::text[], $2::text[], $3::text[]) AS x (k, t, n)
         ON CONFLICT (key) DO NOTHING`,
        [keys, keys.map((k) => first.get(k)?.[0]), keys.map((k) => first.get(k)?.[1])],
      ),
    );
  }

  /**
   * Takes what analysed articles counted before out of the totals, and deletes their mentions, roles, quotes and
   * entity lists.
   */
  private async dropOld(c: pg.PoolClient, articles: readonly ArticleRow[], totals: TotalsChange): Promise<void> {
    const analysed = articles.filter((a) => a.analysed);
    if (!analysed.length) return;
    const rowids = analysed.map((a) => a.rowid);
    const old = await this.db.rows<{
      article: number;
      entity: number;
      start: number;
      end: number;
      text: string | null;
    }>(
      'SELECT article_rowid AS article, entity_rowid AS entity, start, "end", text FROM mentions WHERE article_rowid = ANY($1::bigint[])',
      [rowids],
      c,
    );
    for (const a of analysed) {
      // a mention stored without its text (migration 7) has the body's
      const mentions = old
        .filter((m) => m.article === a.rowid)
        .map((m) => ({ entity: m.entity, text: m.text ?? a.body.slice(m.start, m.end) }));
      totals.add(countMentions(mentions), -1, a.utc?.slice(0, 7) ?? '', a.outlet ?? '');
    }
    await c.query(
      `WITH m AS (DELETE FROM mentions WHERE article_rowid = ANY($1::bigint[])),
            r AS (DELETE FROM roles WHERE article_rowid = ANY($1::bigint[])),
            e AS (DELETE FROM article_entities WHERE article_rowid = ANY($1::bigint[]))
       DELETE FROM quotes WHERE article_rowid = ANY($1::bigint[])`,
      [rowids],
    );
  }

  /**
   * Adds a batch's change to the entity totals and the entities' shown names. The entities are locked first, in
   * rowid order, so writers adding to the same totals take their locks in one order and never deadlock; their
   * spellings', months' and neighbours' rows change only under their entity's lock (a pair's under both).
   */
  private async writeTotals(
    c: pg.PoolClient,
    totals: TotalsChange,
    entityRows: ReadonlyArray<{ rowid: number; key: string; name: string }>,
    writes: readonly PlannedWrite[],
  ): Promise<void> {
    // the shown name follows `preferName` over every spelling met (a maximum, so their order does not matter)
    const best = new Map<string, string>();
    for (const [type, text] of writes.flatMap((w) => w.names)) {
      const key = entityKey(type, text);
      const shown = best.get(key);
      best.set(key, shown === undefined ? text : preferName(shown, text));
    }
    const renamed = new Map<number, string>();
    for (const r of entityRows) {
      const name = best.get(r.key);
      if (name !== undefined && preferName(r.name, name) !== r.name) renamed.set(r.rowid, name);
    }
    const aliases = [...totals.aliases.values()].filter((a) => a.n);
    const months = [...totals.months.values()].filter((m) => m.mentions || m.articles);
    const pairs = totals.neighbours();
    const touched = new Set([...renamed.keys(), ...aliases.map((a) => a.entity), ...months.map((m) => m.entity)]);
    for (const [entity, t] of totals.entities) if (t.mentions || t.articles) touched.add(entity);
    for (const [a, b] of pairs) touched.add(a).add(b);
    if (!touched.size) return;
    const locked = await this.db.rows<{ rowid: number; name: string }>(
      'SELECT rowid, name FROM entities WHERE rowid = ANY($1::bigint[]) ORDER BY rowid FOR NO KEY UPDATE',
      [[...touched]],
      c,
    );
    const entities = locked.map((e) => {
      const t = totals.entities.get(e.rowid);
      const name = renamed.get(e.rowid);
      return {
        rowid: e.rowid,
        mentions: t?.mentions ?? 0,
        articles: t?.articles ?? 0,
        name: name === undefined ? e.name : preferName(e.name, name),
      };
    });
    await c.query(
      `WITH e AS (
         UPDATE entities e SET mentions = e.mentions + x.m, articles = e.articles + x.a, name = x.n
         FROM unnest($1::bigint[], $2::int[], $3::int[], $4::text[]) AS x (id, m, a, n) WHERE e.rowid = x.id),
       s AS (
         INSERT INTO entity_aliases (entity_rowid, text, mentions) SELECT * FROM unnest($5::bigint[], $6::text[], $7::int[])
         ON CONFLICT (entity_rowid, text) DO UPDATE SET mentions = entity_aliases.mentions + excluded.mentions)
       INSERT INTO entity_months (entity_rowid, month, outlet, mentions, articles)
       SELECT * FROM unnest($8::bigint[], $9::text[], $10::text[], $11::int[], $12::int[])
       ON CONFLICT (entity_rowid, month, outlet) DO UPDATE SET mentions = entity_months.mentions + excluded.mentions,
         articles = entity_months.articles + excluded.articles`,
      [
        entities.map((e) => e.rowid),
        entities.map((e) => e.mentions),
        entities.map((e) => e.articles),
        entities.map((e) => e.name),
        aliases.map((a) => a.entity),
        aliases.map((a) => a.text),
        aliases.map((a) => a.n),
        months.map((m) => m.entity),
        months.map((m) => m.month),
        months.map((m) => m.outlet),
        months.map((m) => m.mentions),
        months.map((m) => m.articles),
      ],
    );
    if (pairs.length) await writeNeighbours(c, pairs);
  }

  /** The stored analysis of the article `id` (exact), if any, in one query; undefined when no article has that id. */
  async get(id: string): Promise<Analysis | null | undefined> {
    const row = await this.db.row<{ data: Buffer | null; body: string }>(
      'SELECT n.data, a.body FROM articles a LEFT JOIN analyses n ON n.article_rowid = a.rowid WHERE a.id = $1',
      [id],
    );
    if (!row) return undefined;
    return row.data ? decodeAnalysis(row.data, row.body) : null;
  }

  /** The stored analyses of the articles `ids` (exact), in one query, in the order asked. */
  async getMany(ids: readonly string[]): Promise<Map<string, Analysis>> {
    const rows = await this.db.rows<{ id: string; data: Buffer; body: string }>(
      'SELECT a.id, n.data, a.body FROM articles a JOIN analyses n ON n.article_rowid = a.rowid WHERE a.id = ANY($1::text[])',
      [ids],
    );
    const found = new Map(rows.map((r) => [r.id, r]));
    const out = new Map<string, Analysis>();
    for (const id of ids) {
      const r = found.get(id);
      if (r) out.set(id, decodeAnalysis(r.data, r.body));
    }
    return out;
  }

  async state(version: string): Promise<AnalysisState> {
    return (await this.db.row<AnalysisState>(STATE_SQL, [version])) as AnalysisState;
  }

  list(filter: EntityFilter, limit: number, offset = 0): Promise<EntitySummary[]> {
    const p = new Params();
    const clauses = ['articles > 0'];
    if (filter.type) clauses.push(`type = ${p.add(filter.type)}`);
    const q = filter.q ? nameFold(filter.q) : '';
    if (q) clauses.push(`strpos(${KEY_NAME}, ${p.add(q)}) > 0`);
    return this.db.rows<EntitySummary>(
      `SELECT key, type, name, mentions, articles FROM entities WHERE ${clauses.join(' AND ')}
       ORDER BY articles DESC, mentions DESC, key LIMIT ${p.add(limit)} OFFSET ${p.add(offset)}`,
      p.values,
    );
  }

  async detail(keyOrName: string): Promise<EntityDetail | null> {
    const row = await this.find(keyOrName);
    if (!row) return null;
    const { rowid, ...entity } = row;
    const aliases = await this.db.rows<EntityDetail['aliases'][number]>(
      `SELECT text, mentions FROM entity_aliases WHERE entity_rowid = $1 AND mentions > 0
       ORDER BY mentions DESC, text LIMIT 20`,
      [rowid],
    );
    const outlets = await this.db.rows<EntityDetail['outlets'][number]>(
      `SELECT outlet AS name, sum(articles) AS articles, sum(mentions) AS mentions FROM entity_months
       WHERE entity_rowid = $1 AND outlet <> '' GROUP BY outlet HAVING sum(articles) > 0
       ORDER BY articles DESC, mentions DESC, name LIMIT 100`,
      [rowid],
    );
    const months = await this.db.rows<EntityDetail['months'][number]>(
      `SELECT month, nullif(outlet, '') AS outlet, mentions FROM entity_months
       WHERE entity_rowid = $1 AND month <> '' AND mentions > 0 ORDER BY month, outlet`,
      [rowid],
    );
    const roles = await this.db.rows<EntityDetail['roles'][number]>(
      `SELECT min(role) AS role, min(date) AS first, max(date) AS last, count(*) AS articles FROM roles
       WHERE entity_rowid = $1 GROUP BY lower(role) ORDER BY articles DESC, first NULLS FIRST, role LIMIT 20`,
      [rowid],
    );
    const recent = await this.db.rows<ArticleSummary>(
      entity.articles > RECENT_WALK_FROM
        ? `SELECT a.id, a.outlet, a.published, a.title FROM articles a
           WHERE EXISTS (SELECT 1 FROM mentions m WHERE m.entity_rowid = $1 AND m.article_rowid = a.rowid)
           ORDER BY a.published_utc DESC NULLS LAST, a.id LIMIT 20`
        : `SELECT a.id, a.outlet, a.published, a.title FROM articles a
           WHERE a.rowid IN (SELECT article_rowid FROM mentions WHERE entity_rowid = $1)
           ORDER BY a.published_utc DESC NULLS LAST, a.id LIMIT 20`,
      [rowid],
    );
    const related = (await this.neighbours(rowid, RELATED)).map(({ rowid: _rowid, ...n }) => n);
    const quotes = await this.quotes({ speakerEntity: rowid }, ENTITY_QUOTES);
    return { ...entity, aliases, roles, outlets, months, recent, quotes, related };
  }

  /** An entity by key, else the one with most articles whose folded name is the given one, else ends with it (a surname). */
  private async find(keyOrName: string): Promise<(EntitySummary & { rowid: number }) | undefined> {
    const select = 'SELECT rowid, key, type, name, mentions, articles FROM entities';
    const exact = await this.db.row<EntitySummary & { rowid: number }>(`${select} WHERE key = $1`, [keyOrName]);
    if (exact) return exact;
    const folded = nameFold(keyOrName);
    if (!folded) return undefined;
    return this.db.row<EntitySummary & { rowid: number }>(
      `${select} WHERE articles > 0 AND (${KEY_NAME} = $1 OR ${KEY_NAME} LIKE $2)
       ORDER BY ${KEY_NAME} = $1 DESC, articles DESC, key LIMIT 1`,
      [folded, `% ${escapeLike(folded)}`],
    );
  }

  /** The entities named in most articles beside the entity at `rowid`, as `SqliteAnalyses.neighbours`. */
  private neighbours(rowid: number, limit: number): Promise<Array<EntitySummary & { rowid: number; shared: number }>> {
    return this.db.rows<EntitySummary & { rowid: number; shared: number }>(
      `SELECT e.rowid, e.key, e.type, e.name, e.mentions, e.articles, n.articles AS shared
       FROM entity_neighbours n JOIN entities e ON e.rowid = n.other_rowid
       WHERE n.entity_rowid = $1 AND n.articles >= coalesce((SELECT articles FROM entity_neighbours
         WHERE entity_rowid = $1 ORDER BY articles DESC LIMIT 1 OFFSET $2 - 1), 0)
       ORDER BY n.articles DESC, e.articles DESC, e.key LIMIT $2`,
      [rowid, limit],
    );
  }

  /** For each pair of the given entities named together, the articles naming both (kept neighbours). */
  private async edges(nodes: ReadonlyArray<EntitySummary & { rowid: number }>): Promise<CoMentionGraph['edges']> {
    const keyOf = new Map(nodes.map((n) => [n.rowid, n.key]));
    const pairs = await this.db.rows<{ source: number; target: number; articles: number }>(
      `SELECT entity_rowid AS source, other_rowid AS target, articles FROM entity_neighbours
       WHERE entity_rowid = ANY($1::bigint[]) AND other_rowid = ANY($1::bigint[]) AND other_rowid > entity_rowid
       ORDER BY articles DESC, source, target`,
      [[...keyOf.keys()]],
    );
    return pairs.map((p) => ({
      source: keyOf.get(p.source) ?? '',
      target: keyOf.get(p.target) ?? '',
      articles: p.articles,
    }));
  }

  async graph(key: string, maxEntities: number): Promise<EntityGraph | null> {
    const center = await this.db.row<EntitySummary & { rowid: number }>(
      'SELECT rowid, key, type, name, mentions, articles FROM entities WHERE key = $1 AND articles > 0',
      [key],
    );
    if (!center) return null;
    const nodes = [center, ...(await this.neighbours(center.rowid, maxEntities - 1)).map(({ shared: _s, ...n }) => n)];
    const edges = await this.edges(nodes);
    return { key, articles: center.articles, nodes: nodes.map(({ rowid: _rowid, ...n }) => n), edges };
  }

  async coMentions(articleIds: readonly string[] | null, maxEntities: number): Promise<CoMentionGraph> {
    if (!articleIds) {
      // the whole dossier: the entities' totals and kept neighbours are its counts
      const nodes = await this.db.rows<EntitySummary & { rowid: number }>(
        `SELECT rowid, key, type, name, mentions, articles FROM entities WHERE articles > 0
         ORDER BY articles DESC, mentions DESC, key LIMIT $1`,
        [maxEntities],
      );
      return { nodes: nodes.map(({ rowid: _rowid, ...n }) => n), edges: await this.edges(nodes) };
    }
    const p = new Params();
    const scope = `AND m.article_rowid IN (SELECT a.rowid FROM articles a WHERE a.id = ANY(${p.add(articleIds)}::text[]))`;
    const nodes = await this.db.rows<EntitySummary & { rowid: number }>(
      `SELECT e.rowid, e.key, e.type, e.name, count(*) AS mentions, count(DISTINCT m.article_rowid) AS articles
       FROM mentions m JOIN entities e ON e.rowid = m.entity_rowid WHERE true ${scope}
       GROUP BY e.rowid ORDER BY articles DESC, mentions DESC, e.key LIMIT ${p.add(maxEntities)}`,
      p.values,
    );
    const keyOf = new Map(nodes.map((n) => [n.rowid, n.key]));
    const q = new Params();
    const chosen = q.add(nodes.map((n) => n.rowid));
    const pairScope = `AND m.article_rowid IN (SELECT a.rowid FROM articles a WHERE a.id = ANY(${q.add(articleIds)}::text[]))`;
    const pairs = await this.db.rows<{ source: number; target: number; articles: number }>(
      `WITH m AS (SELECT DISTINCT m.article_rowid, m.entity_rowid FROM mentions m
                  WHERE m.entity_rowid = ANY(${chosen}::bigint[]) ${pairScope})
       SELECT a.entity_rowid AS source, b.entity_rowid AS target, count(*) AS articles
       FROM m a JOIN m b ON b.article_rowid = a.article_rowid AND b.entity_rowid > a.entity_rowid
       GROUP BY a.entity_rowid, b.entity_rowid ORDER BY articles DESC, source, target`,
      q.values,
    );
    return {
      nodes: nodes.map(({ rowid: _rowid, ...n }) => n),
      edges: pairs.map((pr) => ({
        source: keyOf.get(pr.source) ?? '',
        target: keyOf.get(pr.target) ?? '',
        articles: pr.articles,
      })),
    };
  }

  async quotes(filter: QuoteFilter & { speakerEntity?: number }, limit: number, offset = 0): Promise<StoredQuote[]> {
    const p = new Params();
    const where = pgFilter(filter, 'a', p);
    const clauses = where ? [where] : [];
    if (filter.speakerEntity !== undefined) clauses.push(`q.speaker_entity_rowid = ${p.add(filter.speakerEntity)}`);
    if (filter.speaker) {
      // an entity key; else a name: an entity's whole folded name, or its last words (a surname)
      const folded = nameFold(filter.speaker);
      clauses.push(
        `q.speaker_entity_rowid IN (SELECT rowid FROM entities WHERE key = ${p.add(filter.speaker)}
           OR ${KEY_NAME} = ${p.add(folded)} OR ${KEY_NAME} LIKE ${p.add(`% ${escapeLike(folded)}`)})`,
      );
    }
    if (filter.article) {
      const id = p.add(filter.article);
      clauses.push(
        `(a.id = ${id} OR (length(${id}) >= 4 AND a.id >= ${id} AND a.id < ${p.add(`${filter.article}g`)}))`,
      );
    }
    if (filter.kind) clauses.push(`q.kind = ${p.add(filter.kind)}`);
    const rows = await this.db.rows<QuoteRow>(
      `SELECT q.start, q."end" AS "end", q.kind, q.text, CASE WHEN q.text IS NULL THEN a.body END AS body, q.cue,
              q.speaker, q.mention, q.via, q.addressee, q.channel, q.said, e.key AS entity, a.id, a.outlet, a.published, a.title
       FROM quotes q JOIN articles a ON a.rowid = q.article_rowid
       LEFT JOIN entities e ON e.rowid = q.speaker_entity_rowid
       ${clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''}
       ORDER BY q.published_ms DESC NULLS LAST, q.article_rowid, q.position
       LIMIT ${p.add(limit)} OFFSET ${p.add(offset)}`,
      p.values,
    );
    return rows.map(storedQuote);
  }
}

/** What `put` reads of an article it stores an analysis of. */
interface ArticleRow {
  rowid: number;
  id: string;
  utc: string | null;
  outlet: string | null;
  body: string;
  analysed: boolean;
}

/** An analysis to store, with what the database is not needed for worked out: its named mentions, quotes, names. */
interface PlannedWrite {
  id: string;
  version: string;
  analysis: Analysis;
  named: Chain[];
  mentions: NamedMention[];
  quotes: Array<{ q: Quote; speaker: string | null; entity: [string, string] | null }>;
  /** Every name the analysis gives an entity (type, text). */
  names: Array<[string, string]>;
}

function planWrite({ id, analysis, version, chains }: AnalysisWrite): PlannedWrite {
  const named = (chains ?? []).filter((ch) => ch.named && NAMED.has(ch.type));
  const resolved = { version: '', date: null, chains: named };
  const quotes = (analysis.quotes ?? []).map((q) => {
    // the speaker's chain names the entity (`Cavusoglu`, `the minister` -> Mevlut Cavusoglu); else its own mention
    const at = q.speaker.resolved ?? q.speaker.mention;
    const chain = at ? chainAt(resolved, at) : null;
    const speaker = chain?.name ?? speakerOf(q);
    const entity: [string, string] | null = chain
      ? [chain.type, chain.name]
      : q.speaker.resolved
        ? [q.speaker.resolved.type ?? 'PERSON', speaker ?? '']
        : null;
    return { q, speaker, entity };
  });
  const mentions = namedMentions(analysis, named);
  const names: Array<[string, string]> = [
    ...named.map((ch): [string, string] => [ch.type, ch.name]),
    ...mentions.map((m): [string, string] => [m.type, m.name]),
    ...quotes.flatMap((x) => (x.entity ? [x.entity] : [])),
  ];
  return { id, version: version ?? analysis.version, analysis, named, mentions, quotes, names };
}

/** The rows of a batch of analyses, by table, written in one statement. */
class WriteRows {
  private readonly analyses = { article: [] as number[], version: [] as string[], data: [] as Buffer[] };
  private readonly mentions = {
    article: [] as number[],
    start: [] as number[],
    end: [] as number[],
    entity: [] as number[],
    /** Null when it is the body's text at the mention's offsets. */
    text: [] as Array<string | null>,
  };
  private readonly roles = {
    article: [] as number[],
    entity: [] as number[],
    role: [] as string[],
    date: [] as Array<string | null>,
  };
  private readonly quotes = new QuoteArrays();

  /** Adds one article's rows; returns the mentions stored (the first at each start, as `ON CONFLICT DO NOTHING`). */
  add(
    article: ArticleRow,
    w: PlannedWrite,
    idOf: (type: string, name: string) => number,
  ): Array<{ entity: number; text: string }> {
    this.analyses.article.push(article.rowid);
    this.analyses.version.push(w.version);
    this.analyses.data.push(encodeAnalysis(w.analysis, article.body));
    const starts = new Set<number>();
    const stored: Array<{ entity: number; text: string }> = [];
    for (const m of w.mentions) {
      if (starts.has(m.start)) continue;
      starts.add(m.start);
      const entity = idOf(m.type, m.name);
      const t = this.mentions;
      t.article.push(article.rowid);
      t.start.push(m.start);
      t.end.push(m.end);
      t.entity.push(entity);
      t.text.push(unlessBodyText(m.text, article.body, m.start, m.end));
      stored.push({ entity, text: m.text });
    }
    for (const ch of w.named) {
      for (const r of ch.roles) {
        this.roles.article.push(article.rowid);
        this.roles.entity.push(idOf(ch.type, ch.name));
        this.roles.role.push(r.text);
        this.roles.date.push(r.date ?? article.utc?.slice(0, 10) ?? null);
      }
    }
    w.quotes.forEach(({ q, speaker, entity }, position) => {
      const columns = quoteColumns(q, article.body, article.utc);
      this.quotes.add(article.rowid, position, speaker, entity ? idOf(...entity) : null, columns);
    });
    return stored;
  }

  async write(c: pg.PoolClient): Promise<void> {
    const { analyses: a, mentions: m, roles: r, quotes: q } = this;
    await c.query(
      `WITH a AS (
         INSERT INTO analyses (article_rowid, version, data) SELECT * FROM unnest($1::bigint[], $2::text[], $3::bytea[])
         ON CONFLICT (article_rowid) DO UPDATE SET version = excluded.version, data = excluded.data,
           analyzed_at = to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
       m AS (
         INSERT INTO mentions (article_rowid, start, "end", entity_rowid, text)
         SELECT * FROM unnest($4::bigint[], $5::int[], $6::int[], $7::bigint[], $8::text[])),
       r AS (
         INSERT INTO roles (article_rowid, entity_rowid, role, date)
         SELECT * FROM unnest($9::bigint[], $10::bigint[], $11::text[], $12::text[]) ON CONFLICT DO NOTHING),
       e AS (
         INSERT INTO article_entities (article_rowid, entities)
         SELECT x.a, array_agg(DISTINCT x.e ORDER BY x.e) FROM unnest($4::bigint[], $7::bigint[]) AS x (a, e)
         GROUP BY x.a)
       INSERT INTO quotes (${QUOTE_INSERT_COLUMNS}) SELECT * FROM unnest(${quoteArrayParams(13)})`,
      [
        a.article,
        a.version,
        a.data,
        m.article,
        m.start,
        m.end,
        m.entity,
        m.text,
        r.article,
        r.entity,
        r.role,
        r.date,
        ...q.values(),
      ],
    );
  }
}

/** Adds changed pairs `[a, b, change]` to the neighbours of both entities; a pair no article names any more goes. */
async function writeNeighbours(c: pg.PoolClient, pairs: ReadonlyArray<[number, number, number]>): Promise<void> {
  const entity = pairs.flatMap(([a, b]) => [a, b]);
  const other = pairs.flatMap(([a, b]) => [b, a]);
  const change = pairs.flatMap(([, , n]) => [n, n]);
  await c.query(
    `INSERT INTO entity_neighbours (entity_rowid, other_rowid, articles)
     SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::int[])
     ON CONFLICT (entity_rowid, other_rowid) DO UPDATE SET articles = entity_neighbours.articles + excluded.articles`,
    [entity, other, change],
  );
  if (change.some((n) => n < 0))
    await c.query(
      `DELETE FROM entity_neighbours n USING unnest($1::bigint[], $2::bigint[]) AS x (e, o)
       WHERE n.entity_rowid = x.e AND n.other_rowid = x.o AND n.articles <= 0`,
      [entity, other],
    );
}

/** One article's mentions counted by entity and spelling. */
function countMentions(mentions: ReadonlyArray<{ entity: number; text: string }>): Tally[] {
  const counts = new Map<string, Tally>();
  for (const m of mentions) {
    const key = `${m.entity}\u0000${m.text}`;
    const seen = counts.get(key);
    if (seen) seen.n++;
    else counts.set(key, { entity: m.entity, text: m.text, n: 1 });
  }
  return [...counts.values()];
}

/** A named mention with the entity name it belongs to. */
interface NamedMention extends Span {
  type: string;
  /** The entity's name: its chain's, else its own text. */
  name: string;
  text: string;
}

/**
 * The article's named mentions with their entities, as `SqliteAnalyses.namedMentions` finds them: every name
 * in a chain belongs to the chain's entity (`Cavusoglu` to Mevlut Cavusoglu); a tagged name in no chain is an
 * entity of its own name.
 */
function namedMentions(analysis: Analysis, chains: readonly Chain[]): NamedMention[] {
  const out: NamedMention[] = [];
  for (const ch of chains) {
    for (const m of ch.mentions)
      if (m.form === 'name') out.push({ start: m.start, end: m.end, type: ch.type, name: ch.name, text: m.text });
  }
  const inChain = (m: Span) => out.some((o) => o.start < m.end && m.start < o.end);
  for (const m of analysis.entities) {
    if (NAMED.has(m.type) && !inChain(m))
      out.push({ start: m.start, end: m.end, type: m.type, name: m.text, text: m.text });
  }
  return out;
}

/** A LIKE pattern's literal text: `%`, `_` and the escape character itself escaped. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&');
}

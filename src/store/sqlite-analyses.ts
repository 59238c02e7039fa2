import type Database from 'better-sqlite3';
import { type Chain, chainAt } from '../resolve/article.js';
import type { Analysis, EntityType, Quote, QuoteKind, Span } from '../types.js';
import { decodeAnalysis, encodeAnalysis } from './analysis-codec.js';
import { entityKey, nameFold, preferName } from './entity-key.js';
import { epochMs, unlessBodyText } from './migrations.js';
import { filterSql } from './sqlite-filter.js';
import type {
  AnalysisState,
  AnalysisWrite,
  CoMentionGraph,
  ArticleSummary,
  EntityDetail,
  EntityFilter,
  EntityGraph,
  EntitySummary,
  PendingAnalysis,
  QuoteFilter,
  StoredQuote,
} from './store.js';

/** Entity types that make entities; amounts and times stay in the analysis only. */
export const NAMED: ReadonlySet<string> = new Set(['PERSON', 'ORG', 'LOC', 'NORP', 'PRODUCT', 'EVENT']);
/** Quotes listed on an entity's page. */
export const ENTITY_QUOTES = 50;
/** Entities named beside an entity listed on its page. */
export const RELATED = 20;
/** Entities in more articles than this find their latest articles by walking the newest ones. */
export const RECENT_WALK_FROM = 1000;

/**
 * The analyze stage's tables of the SQLite store (migrations 3 and 4):
 * analyses in their compact stored form (`analysis-codec.ts`), and the named
 * mentions and quotes they hold, with entity totals kept up to date as
 * analyses are added or replaced.
 */
export class SqliteAnalyses {
  private readonly s;
  /** The entities met in the batch being written, by key: most names recur from article to article. */
  private readonly batchEntities = new Map<string, { rowid: number; name: string }>();
  /** Entity keys of the names met in the batch being written, by type and name. */
  private readonly batchKeys = new Map<string, string>();

  constructor(private readonly db: Database.Database) {
    this.s = {
      article: db.prepare<
        [string],
        { rowid: number; utc: string | null; outlet: string | null; body: string; analysed: number }
      >(
        `SELECT a.rowid, a.published_utc AS utc, a.outlet, a.body, n.article_rowid IS NOT NULL AS analysed
         FROM articles a LEFT JOIN analyses n ON n.article_rowid = a.rowid WHERE a.id = ?`,
      ),
      unanalysed: db
        .prepare<[number, number], number>(
          'SELECT article_rowid FROM unanalysed WHERE article_rowid > ? ORDER BY article_rowid LIMIT ?',
        )
        .pluck(),
      otherVersions: db.prepare<[string], number>('SELECT rowid FROM analysis_versions WHERE version <> ?').pluck(),
      ofVersion: db
        .prepare<[number, number, number], number>(
          `SELECT article_rowid FROM analyses WHERE version_rowid = ? AND article_rowid > ?
           ORDER BY article_rowid LIMIT ?`,
        )
        .pluck(),
      pendingArticle: db.prepare<[number], PendingAnalysis>(
        `SELECT rowid AS seq, id, body, json_extract(meta, '$.published.value') AS published
         FROM articles WHERE rowid = ?`,
      ),
      version: db.prepare<[string], { rowid: number }>('SELECT rowid FROM analysis_versions WHERE version = ?'),
      addVersion: db.prepare('INSERT INTO analysis_versions (version) VALUES (?)'),
      oldMentions: db.prepare<[number], { entity: number; start: number; end: number; text: string | null }>(
        'SELECT entity_rowid AS entity, start, "end", text FROM mentions WHERE article_rowid = ?',
      ),
      count: db.prepare('UPDATE entities SET mentions = mentions + ?, articles = articles + ? WHERE rowid = ?'),
      countAlias: db.prepare(
        `INSERT INTO entity_aliases (entity_rowid, text, mentions) VALUES (?, ?, ?)
         ON CONFLICT (entity_rowid, text) DO UPDATE SET mentions = mentions + excluded.mentions`,
      ),
      countMonth: db.prepare(
        `INSERT INTO entity_months (entity_rowid, month, outlet, mentions, articles) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (entity_rowid, month, outlet) DO UPDATE SET mentions = mentions + excluded.mentions,
           articles = articles + excluded.articles`,
      ),
      countPair: db.prepare(
        `INSERT INTO entity_neighbours (entity_rowid, other_rowid, articles) VALUES (?, ?, ?)
         ON CONFLICT (entity_rowid, other_rowid) DO UPDATE SET articles = articles + excluded.articles`,
      ),
      dropPair: db.prepare(
        'DELETE FROM entity_neighbours WHERE entity_rowid = ? AND other_rowid = ? AND articles <= 0',
      ),
      dropMentions: db.prepare('DELETE FROM mentions WHERE article_rowid = ?'),
      dropQuotes: db.prepare('DELETE FROM quotes WHERE article_rowid = ?'),
      dropRoles: db.prepare('DELETE FROM roles WHERE article_rowid = ?'),
      dropEntities: db.prepare('DELETE FROM article_entities WHERE article_rowid = ?'),
      putEntities: db.prepare('INSERT INTO article_entities (article_rowid, entities) VALUES (?, ?)'),
      addRole: db.prepare('INSERT OR IGNORE INTO roles (article_rowid, entity_rowid, role, date) VALUES (?, ?, ?, ?)'),
      putAnalysis: db.prepare(
        `INSERT INTO analyses (article_rowid, version_rowid, data) VALUES (?, ?, ?)
         ON CONFLICT (article_rowid) DO UPDATE SET version_rowid = excluded.version_rowid, data = excluded.data,
           analyzed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`,
      ),
      entity: db.prepare<[string], { rowid: number; name: string }>('SELECT rowid, name FROM entities WHERE key = ?'),
      addEntity: db.prepare('INSERT INTO entities (key, type, name) VALUES (?, ?, ?)'),
      rename: db.prepare('UPDATE entities SET name = ? WHERE rowid = ?'),
      addMention: db.prepare(
        'INSERT OR IGNORE INTO mentions (article_rowid, start, "end", entity_rowid, text) VALUES (?, ?, ?, ?, ?)',
      ),
      addQuote: db.prepare(
        `INSERT INTO quotes (article_rowid, position, start, "end", kind, text, cue, speaker, speaker_entity_rowid,
                             mention, via, addressee, channel, said, published_ms)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
    };
  }

  /**
   * The next articles after `after` (rowid order) whose analysis is missing or of another version: the first
   * `limit` of the unanalysed ones (migration 6) and of each other version's, merged. Seeks, so its cost does
   * not grow with the analysed articles before them.
   */
  pending(version: string, limit: number, after = 0): PendingAnalysis[] {
    const rowids = this.s.unanalysed.all(after, limit);
    for (const v of this.s.otherVersions.all(version)) rowids.push(...this.s.ofVersion.all(v, after, limit));
    rowids.sort((x, y) => x - y);
    return rowids.slice(0, limit).map((rowid) => this.s.pendingArticle.get(rowid) as PendingAnalysis);
  }

  put(items: readonly AnalysisWrite[]): void {
    const totals = new TotalsChange();
    try {
      this.db.transaction(() => {
        this.putBatch(items, totals);
        this.writeTotals(totals);
      })();
    } finally {
      this.batchEntities.clear();
      this.batchKeys.clear();
    }
  }

  /** Writes each analysis, its mentions, roles and quotes; what it changes in the totals goes into `totals`. */
  private putBatch(items: readonly AnalysisWrite[], totals: TotalsChange): void {
    const versions = new Map<string, number>();
    for (const { id, analysis, version, chains } of items) {
      const article = this.s.article.get(id);
      if (!article) continue;
      const month = article.utc?.slice(0, 7) ?? '';
      const outlet = article.outlet ?? '';
      if (article.analysed) {
        // what the article counted before goes out of every total, then what it holds now comes in
        totals.add(countMentions(this.s.oldMentions.all(article.rowid), article.body), -1, month, outlet);
        this.s.dropMentions.run(article.rowid);
        this.s.dropQuotes.run(article.rowid);
        this.s.dropRoles.run(article.rowid);
        this.s.dropEntities.run(article.rowid);
      }
      const named = version ?? analysis.version;
      let versionRowid = versions.get(named);
      if (versionRowid === undefined) versions.set(named, (versionRowid = this.versionRowid(named)));
      this.s.putAnalysis.run(article.rowid, versionRowid, encodeAnalysis(analysis, article.body));
      const resolved = {
        version: '',
        date: null,
        chains: (chains ?? []).filter((c) => c.named && NAMED.has(c.type)),
      };
      const added: Array<{ entity: number; text: string }> = [];
      for (const m of this.namedMentions(analysis, resolved.chains)) {
        const text = unlessBodyText(m.text, article.body, m.start, m.end);
        if (this.s.addMention.run(article.rowid, m.start, m.end, m.entity, text).changes) added.push(m);
      }
      totals.add(countMentions(added, article.body), 1, month, outlet);
      const entities = [...new Set(added.map((m) => m.entity))].sort((x, y) => x - y);
      if (entities.length) this.s.putEntities.run(article.rowid, JSON.stringify(entities));
      for (const c of resolved.chains) {
        const entity = this.entityFor(c.type, c.name);
        for (const r of c.roles)
          this.s.addRole.run(article.rowid, entity, r.text, r.date ?? article.utc?.slice(0, 10) ?? null);
      }
      (analysis.quotes ?? []).forEach((q, position) => {
        // the speaker's chain names the entity (`Cavusoglu`, `the minister` -> Mevlut Cavusoglu); else its own mention
        const at = q.speaker.resolved ?? q.speaker.mention;
        const chain = at ? chainAt(resolved, at) : null;
        const speaker = chain?.name ?? speakerOf(q);
        const entity = chain
          ? this.entityFor(chain.type, chain.name)
          : q.speaker.resolved
            ? this.entityFor(q.speaker.resolved.type ?? 'PERSON', speaker ?? '')
            : null;
        this.s.addQuote.run(
          article.rowid,
          position,
          q.start,
          q.end,
          q.kind,
          unlessBodyText(q.text, article.body, q.start, q.end),
          q.cue?.text ?? null,
          speaker,
          entity,
          q.speaker.mention?.text ?? null,
          q.speaker.via,
          q.addressee?.text ?? null,
          q.channel?.text ?? null,
          q.date?.from === 'text' ? q.date.value : null,
          epochMs(article.utc),
        );
      });
    }
  }

  /** Writes a batch's changes to the entity totals: one statement per entity, spelling, month and pair way. */
  private writeTotals(totals: TotalsChange): void {
    for (const { entity, text, n } of totals.aliases.values()) if (n) this.s.countAlias.run(entity, text, n);
    for (const [entity, { mentions, articles }] of totals.entities)
      if (mentions || articles) this.s.count.run(mentions, articles, entity);
    for (const { entity, month, outlet, mentions, articles } of totals.months.values())
      if (mentions || articles) this.s.countMonth.run(entity, month, outlet, mentions, articles);
    for (const [a, b, n] of totals.neighbours()) {
      this.s.countPair.run(a, b, n);
      this.s.countPair.run(b, a, n);
      if (n < 0) {
        this.s.dropPair.run(a, b);
        this.s.dropPair.run(b, a);
      }
    }
  }

  /** The row naming a version of the analyze stage, made on first sight. */
  private versionRowid(version: string): number {
    return this.s.version.get(version)?.rowid ?? Number(this.s.addVersion.run(version).lastInsertRowid);
  }

  /**
   * The article's named mentions with their entities: every name in a chain belongs to the chain's entity
   * (`Cavusoglu` to Mevlut Cavusoglu); a tagged name in no chain is an entity of its own name.
   */
  private namedMentions(analysis: Analysis, chains: readonly Chain[]): Array<Span & { entity: number; text: string }> {
    const out: Array<Span & { entity: number; text: string }> = [];
    for (const c of chains) {
      const entity = this.entityFor(c.type, c.name);
      for (const m of c.mentions) if (m.form === 'name') out.push({ start: m.start, end: m.end, entity, text: m.text });
    }
    const inChain = (m: Span) => out.some((o) => o.start < m.end && m.start < o.end);
    for (const m of analysis.entities) {
      if (NAMED.has(m.type) && !inChain(m))
        out.push({ start: m.start, end: m.end, entity: this.entityFor(m.type, m.text), text: m.text });
    }
    return out;
  }

  /** The entity a name of a type belongs to, made on first sight; its shown name follows `preferName`. */
  private entityFor(type: EntityType | string, text: string): number {
    const typed = `${type}\u0000${text}`;
    let key = this.batchKeys.get(typed);
    if (key === undefined) {
      key = entityKey(type, text);
      this.batchKeys.set(typed, key);
    }
    const found = this.batchEntities.get(key) ?? this.s.entity.get(key);
    if (!found) {
      const rowid = Number(this.s.addEntity.run(key, type, text).lastInsertRowid);
      this.batchEntities.set(key, { rowid, name: text });
      return rowid;
    }
    const name = preferName(found.name, text);
    if (name !== found.name) this.s.rename.run(name, found.rowid);
    this.batchEntities.set(key, { rowid: found.rowid, name });
    return found.rowid;
  }

  /** The stored analysis of the article at `rowid`, whose body is `body`. */
  get(rowid: number, body: string): Analysis | null {
    const row = this.db
      .prepare<[number], { data: Buffer }>('SELECT data FROM analyses WHERE article_rowid = ?')
      .get(rowid);
    return row ? decodeAnalysis(row.data, body) : null;
  }

  state(version: string): AnalysisState {
    const row = this.db
      .prepare(
        // the counts migration 9's triggers keep
        `SELECT (SELECT articles FROM article_count) AS articles,
                (SELECT coalesce(sum(analyses), 0) FROM analysis_versions) AS analysed,
                coalesce((SELECT analyses FROM analysis_versions WHERE version = ?), 0) AS current`,
      )
      .get(version) as { articles: number; analysed: number; current: number };
    return { articles: row.articles, current: row.current, stale: row.analysed - row.current };
  }

  list(filter: EntityFilter, limit: number, offset = 0): EntitySummary[] {
    const clauses = ['articles > 0'];
    const params: Array<string | number> = [];
    if (filter.type) {
      clauses.push('type = ?');
      params.push(filter.type);
    }
    const q = filter.q ? nameFold(filter.q) : '';
    if (q) {
      clauses.push("instr(substr(key, instr(key, ':') + 1), ?) > 0");
      params.push(q);
    }
    return this.db
      .prepare(
        `SELECT key, type, name, mentions, articles FROM entities WHERE ${clauses.join(' AND ')}
         ORDER BY articles DESC, mentions DESC, key LIMIT ? OFFSET ?`,
      )
      .all(...params, limit, offset) as EntitySummary[];
  }

  detail(keyOrName: string): EntityDetail | null {
    const row = this.find(keyOrName);
    if (!row) return null;
    const { rowid, ...entity } = row;
    const aliases = this.db
      .prepare(
        `SELECT text, mentions FROM entity_aliases WHERE entity_rowid = ? AND mentions > 0
         ORDER BY mentions DESC, text LIMIT 20`,
      )
      .all(rowid) as EntityDetail['aliases'];
    const outlets = this.db
      .prepare(
        `SELECT outlet AS name, sum(articles) AS articles, sum(mentions) AS mentions FROM entity_months
         WHERE entity_rowid = ? AND outlet <> '' GROUP BY outlet HAVING sum(articles) > 0
         ORDER BY articles DESC, mentions DESC, name LIMIT 100`,
      )
      .all(rowid) as EntityDetail['outlets'];
    const months = this.db
      .prepare(
        `SELECT month, nullif(outlet, '') AS outlet, mentions FROM entity_months
         WHERE entity_rowid = ? AND month <> '' AND mentions > 0 ORDER BY month, outlet`,
      )
      .all(rowid) as EntityDetail['months'];
    const roles = this.db
      .prepare(
        `SELECT min(role) AS role, min(date) AS first, max(date) AS last, count(*) AS articles FROM roles
         WHERE entity_rowid = ? GROUP BY lower(role) ORDER BY articles DESC, first, role LIMIT 20`,
      )
      .all(rowid) as EntityDetail['roles'];
    // a much-named entity: walk the newest articles and keep those naming it; a rarer one: sort its own articles
    const recent = this.db
      .prepare(
        entity.articles > RECENT_WALK_FROM
          ? `SELECT a.id, a.outlet, a.published, a.title FROM articles a
             WHERE EXISTS (SELECT 1 FROM mentions m WHERE m.entity_rowid = ? AND m.article_rowid = a.rowid)
             ORDER BY a.published_utc IS NULL, a.published_utc DESC, a.id LIMIT 20`
          : `SELECT a.id, a.outlet, a.published, a.title FROM articles a
             WHERE a.rowid IN (SELECT article_rowid FROM mentions WHERE entity_rowid = ?)
             ORDER BY a.published_utc IS NULL, a.published_utc DESC, a.id LIMIT 20`,
      )
      .all(rowid) as ArticleSummary[];
    const related = this.neighbours(rowid, RELATED).map(({ rowid: _rowid, ...n }) => n);
    const quotes = this.quotes({ speakerEntity: rowid }, ENTITY_QUOTES);
    return { ...entity, aliases, roles, outlets, months, recent, quotes, related };
  }

  /** An entity by key, else the one with most articles whose folded name is the given one, else ends with it (a surname). */
  private find(keyOrName: string): (EntitySummary & { rowid: number }) | undefined {
    const select = 'SELECT rowid, key, type, name, mentions, articles FROM entities';
    const exact = this.db.prepare(`${select} WHERE key = ?`).get(keyOrName);
    if (exact) return exact as EntitySummary & { rowid: number };
    const folded = nameFold(keyOrName);
    if (!folded) return undefined;
    return this.db
      .prepare(
        `${select} WHERE articles > 0 AND (substr(key, instr(key, ':') + 1) = ? OR substr(key, instr(key, ':') + 1) LIKE ? ESCAPE '\\')
         ORDER BY substr(key, instr(key, ':') + 1) = ? DESC, articles DESC, key LIMIT 1`,
      )
      .get(folded, `% ${folded.replace(/[\\%_]/g, '\\$&')}`, folded) as (EntitySummary & { rowid: number }) | undefined;
  }

  /**
   * The entities named in most articles beside the entity at `rowid`, ties by most articles, then key (so the answer
   * does not depend on the order entities were made in). Its kept neighbours are indexed by count: the count of the
   * `limit`-th is one index step, then only the rows counting that many or more are read and sorted.
   */
  private neighbours(rowid: number, limit: number): Array<EntitySummary & { rowid: number; shared: number }> {
    return this.db
      .prepare(
        `SELECT e.rowid, e.key, e.type, e.name, e.mentions, e.articles, n.articles AS shared
         FROM entity_neighbours n JOIN entities e ON e.rowid = n.other_rowid
         WHERE n.entity_rowid = @rowid AND n.articles >= coalesce((SELECT articles FROM entity_neighbours
           WHERE entity_rowid = @rowid ORDER BY articles DESC LIMIT 1 OFFSET @limit - 1), 0)
         ORDER BY n.articles DESC, e.articles DESC, e.key LIMIT @limit`,
      )
      .all({ rowid, limit }) as Array<EntitySummary & { rowid: number; shared: number }>;
  }

  /** For each pair of the given entities named together, the articles naming both (kept neighbours). */
  private edges(nodes: ReadonlyArray<EntitySummary & { rowid: number }>): CoMentionGraph['edges'] {
    const keyOf = new Map(nodes.map((n) => [n.rowid, n.key]));
    const chosen = JSON.stringify([...keyOf.keys()]);
    const pairs = this.db
      .prepare(
        `SELECT entity_rowid AS source, other_rowid AS target, articles FROM entity_neighbours
         WHERE entity_rowid IN (SELECT value FROM json_each(?)) AND other_rowid IN (SELECT value FROM json_each(?))
           AND other_rowid > entity_rowid
         ORDER BY articles DESC, source, target`,
      )
      .all(chosen, chosen) as Array<{ source: number; target: number; articles: number }>;
    return pairs.map((p) => ({
      source: keyOf.get(p.source) ?? '',
      target: keyOf.get(p.target) ?? '',
      articles: p.articles,
    }));
  }

  graph(key: string, maxEntities: number): EntityGraph | null {
    const center = this.db
      .prepare('SELECT rowid, key, type, name, mentions, articles FROM entities WHERE key = ? AND articles > 0')
      .get(key) as (EntitySummary & { rowid: number }) | undefined;
    if (!center) return null;
    const nodes = [center, ...this.neighbours(center.rowid, maxEntities - 1).map(({ shared: _shared, ...n }) => n)];
    return {
      key,
      articles: center.articles,
      nodes: nodes.map(({ rowid: _rowid, ...n }) => n),
      edges: this.edges(nodes),
    };
  }

  coMentions(articleIds: readonly string[] | null, maxEntities: number): CoMentionGraph {
    if (!articleIds) {
      // the whole dossier: the entities' totals and kept neighbours are its counts
      const nodes = this.db
        .prepare(
          `SELECT rowid, key, type, name, mentions, articles FROM entities WHERE articles > 0
           ORDER BY articles DESC, mentions DESC, key LIMIT ?`,
        )
        .all(maxEntities) as Array<EntitySummary & { rowid: number }>;
      return { nodes: nodes.map(({ rowid: _rowid, ...n }) => n), edges: this.edges(nodes) };
    }
    // the scope as a JSON array of ids, so a read-only connection needs no temporary table
    const scope = 'm.article_rowid IN (SELECT a.rowid FROM articles a WHERE a.id IN (SELECT value FROM json_each(?)))';
    const ids = JSON.stringify(articleIds);
    const nodes = this.db
      .prepare(
        `SELECT e.rowid, e.key, e.type, e.name, count(*) AS mentions, count(DISTINCT m.article_rowid) AS articles
         FROM mentions m JOIN entities e ON e.rowid = m.entity_rowid WHERE ${scope}
         GROUP BY e.rowid ORDER BY articles DESC, mentions DESC, e.key LIMIT ?`,
      )
      .all(ids, maxEntities) as Array<EntitySummary & { rowid: number }>;
    const keyOf = new Map(nodes.map((n) => [n.rowid, n.key]));
    const chosen = JSON.stringify(nodes.map((n) => n.rowid));
    const pairs = this.db
      .prepare(
        `WITH m AS (SELECT DISTINCT m.article_rowid, m.entity_rowid FROM mentions m
                    WHERE m.entity_rowid IN (SELECT value FROM json_each(?)) AND ${scope})
         SELECT a.entity_rowid AS source, b.entity_rowid AS target, count(*) AS articles
         FROM m a JOIN m b ON b.article_rowid = a.article_rowid AND b.entity_rowid > a.entity_rowid
         GROUP BY a.entity_rowid, b.entity_rowid ORDER BY articles DESC, source, target`,
      )
      .all(chosen, ids) as Array<{ source: number; target: number; articles: number }>;
    return {
      nodes: nodes.map(({ rowid: _rowid, ...n }) => n),
      edges: pairs.map((p) => ({
        source: keyOf.get(p.source) ?? '',
        target: keyOf.get(p.target) ?? '',
        articles: p.articles,
      })),
    };
  }

  quotes(filter: QuoteFilter & { speakerEntity?: number }, limit: number, offset = 0): StoredQuote[] {
    const { where, params } = filterSql(filter, 'a');
    const clauses = where ? [where] : [];
    const args: Array<string | number> = [...params];
    if (filter.speakerEntity !== undefined) {
      clauses.push('q.speaker_entity_rowid = ?');
      args.push(filter.speakerEntity);
    }
    if (filter.speaker) {
      // an entity key; else a name: an entity's whole folded name, or its last words (a surname)
      const folded = nameFold(filter.speaker);
      clauses.push(
        `q.speaker_entity_rowid IN (SELECT rowid FROM entities WHERE key = ?
           OR substr(key, instr(key, ':') + 1) = ? OR substr(key, instr(key, ':') + 1) LIKE ? ESCAPE '\\')`,
      );
      args.push(filter.speaker, folded, `% ${folded.replace(/[\\%_]/g, '\\$&')}`);
    }
    if (filter.article) {
      clauses.push('(a.id = ? OR (length(?) >= 4 AND a.id >= ? AND a.id < ?))');
      args.push(filter.article, filter.article, filter.article, `${filter.article}g`);
    }
    if (filter.kind) {
      clauses.push('q.kind = ?');
      args.push(filter.kind);
    }
    const rows = this.db
      .prepare(
        `SELECT q.start, q."end" AS "end", q.kind, q.text, CASE WHEN q.text IS NULL THEN a.body END AS body, q.cue,
                q.speaker, q.mention, q.via, q.addressee, q.channel, q.said, e.key AS entity, a.id, a.outlet, a.published, a.title
         FROM quotes q JOIN articles a ON a.rowid = q.article_rowid
         LEFT JOIN entities e ON e.rowid = q.speaker_entity_rowid
         ${clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''}
         ORDER BY q.published_ms IS NULL, q.published_ms DESC, q.article_rowid, q.position LIMIT ? OFFSET ?`,
      )
      .all(...args, limit, offset) as QuoteRow[];
    return rows.map(storedQuote);
  }
}

/**
 * What a batch of analyses changes in the entity totals: each article's
 * mentions taken away (sign -1) or added (sign 1), summed by entity, by
 * spelling and by month and outlet, so each is written once per batch.
 */
export class TotalsChange {
  readonly aliases = new Map<string, { entity: number; text: string; n: number }>();
  readonly entities = new Map<number, { mentions: number; articles: number }>();
  readonly months = new Map<
    string,
    { entity: number; month: string; outlet: string; mentions: number; articles: number }
  >();
  /** Articles naming both of two entities, by the lower rowid, then the higher. */
  private readonly pairs = new Map<number, Map<number, number>>();

  /** One article's mentions, by entity and spelling, with the article's month and outlet. */
  add(
    rows: ReadonlyArray<{ entity: number; text: string; n: number }>,
    sign: 1 | -1,
    month: string,
    outlet: string,
  ): void {
    const byEntity = new Map<number, number>();
    for (const { entity, text, n } of rows) {
      const key = `${entity}\u0000${text}`;
      const alias = this.aliases.get(key);
      if (alias) alias.n += sign * n;
      else this.aliases.set(key, { entity, text, n: sign * n });
      byEntity.set(entity, (byEntity.get(entity) ?? 0) + n);
    }
    for (const [entity, n] of byEntity) {
      const total = this.entities.get(entity);
      if (total) {
        total.mentions += sign * n;
        total.articles += sign;
      } else this.entities.set(entity, { mentions: sign * n, articles: sign });
      const key = `${entity}\u0000${month}\u0000${outlet}`;
      const byMonth = this.months.get(key);
      if (byMonth) {
        byMonth.mentions += sign * n;
        byMonth.articles += sign;
      } else this.months.set(key, { entity, month, outlet, mentions: sign * n, articles: sign });
    }
    const named = [...byEntity.keys()].sort((a, b) => a - b);
    for (let i = 0; i < named.length; i++) {
      const a = named[i] as number;
      let withA = this.pairs.get(a);
      if (!withA) this.pairs.set(a, (withA = new Map()));
      for (let j = i + 1; j < named.length; j++) {
        const b = named[j] as number;
        withA.set(b, (withA.get(b) ?? 0) + sign);
      }
    }
  }

  /** The changed pairs `[lower rowid, higher rowid, change]`, in rowid order (so writers lock rows in one order). */
  neighbours(): Array<[number, number, number]> {
    const out: Array<[number, number, number]> = [];
    for (const a of [...this.pairs.keys()].sort((x, y) => x - y)) {
      const withA = this.pairs.get(a) as Map<number, number>;
      for (const b of [...withA.keys()].sort((x, y) => x - y)) {
        const n = withA.get(b) as number;
        if (n) out.push([a, b, n]);
      }
    }
    return out;
  }
}

/** A quote as the quote listing reads it, from the SQLite store or the PostgreSQL one. */
export interface QuoteRow {
  start: number;
  end: number;
  kind: QuoteKind;
  /** Null when it is the body's text from start to end. */
  text: string | null;
  /** The body, read only when the text is not stored. */
  body: string | null;
  cue: string | null;
  mention: string | null;
  via: string;
  addressee: string | null;
  channel: string | null;
  /** When it was said, when its attribution says (else null: the article's date stands). */
  said: string | null;
  speaker: string | null;
  entity: string | null;
  id: string;
  outlet: string | null;
  published: string | null;
  title: string | null;
}

/** The listing's quote of a row. */
export function storedQuote(r: QuoteRow): StoredQuote {
  return {
    article: { id: r.id, outlet: r.outlet, published: r.published, title: r.title },
    kind: r.kind,
    text: r.text ?? (r.body ?? '').slice(r.start, r.end),
    cue: r.cue,
    speaker: { name: r.speaker, entity: r.entity, mention: r.mention, via: r.via },
    addressee: r.addressee,
    channel: r.channel,
    // when it was said: its attribution's date, else the article's
    date: r.said ?? r.published,
    dateFrom: r.said === null ? 'published' : 'text',
    start: r.start,
    end: r.end,
  };
}

/** Mentions counted by entity and spelling; a mention stored without its text has the body's. */
function countMentions(
  mentions: ReadonlyArray<{ entity: number; text: string | null; start?: number; end?: number }>,
  body: string,
): Array<{ entity: number; text: string; n: number }> {
  const counts = new Map<string, { entity: number; text: string; n: number }>();
  for (const m of mentions) {
    const text = m.text ?? body.slice(m.start, m.end);
    const key = `${m.entity}\u0000${text}`;
    const seen = counts.get(key);
    if (seen) seen.n++;
    else counts.set(key, { entity: m.entity, text, n: 1 });
  }
  return [...counts.values()];
}

/** Who a quote is by, as text: the named mention it resolves to, else the mention beside the cue. */
export function speakerOf(q: Quote): string | null {
  return q.speaker.resolved?.text ?? q.speaker.mention?.text ?? null;
}

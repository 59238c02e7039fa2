import type Database from 'better-sqlite3';
import { type Chain, chainAt } from '../resolve/article.js';
import type { Analysis, EntityType, Quote, Span } from '../types.js';
import { entityKey, nameFold, preferName } from './entity-key.js';
import { filterSql } from './sqlite-filter.js';
import type {
  AnalysisState,
  AnalysisWrite,
  CoMentionGraph,
  ArticleSummary,
  EntityDetail,
  EntityFilter,
  EntitySummary,
  PendingAnalysis,
  QuoteFilter,
  StoredQuote,
} from './store.js';

/** Entity types that make entities; amounts and times stay in the analysis only. */
const NAMED: ReadonlySet<string> = new Set(['PERSON', 'ORG', 'LOC', 'NORP', 'PRODUCT', 'EVENT']);
/** Quotes listed on an entity's page. */
const ENTITY_QUOTES = 50;
/** Articles of an entity read to find the entities named beside it (the latest stored ones). */
const RELATED_SAMPLE = 200;
/** Entities in more articles than this find their latest articles by walking the newest ones. */
const RECENT_WALK_FROM = 1000;

/**
 * The analyze stage's tables of the SQLite store (migration 3): analyses as
 * JSON, and the named mentions and quotes they hold, with entity totals kept
 * up to date as analyses are added or replaced.
 */
export class SqliteAnalyses {
  private readonly s;

  constructor(private readonly db: Database.Database) {
    this.s = {
      article: db.prepare<[string], { rowid: number; utc: string | null; outlet: string | null }>(
        'SELECT rowid, published_utc AS utc, outlet FROM articles WHERE id = ?',
      ),
      oldMentions: db.prepare<[number], { entity: number; text: string; n: number }>(
        'SELECT entity_rowid AS entity, text, count(*) AS n FROM mentions WHERE article_rowid = ? GROUP BY entity_rowid, text',
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
      dropMentions: db.prepare('DELETE FROM mentions WHERE article_rowid = ?'),
      dropQuotes: db.prepare('DELETE FROM quotes WHERE article_rowid = ?'),
      dropRoles: db.prepare('DELETE FROM roles WHERE article_rowid = ?'),
      addRole: db.prepare('INSERT OR IGNORE INTO roles (article_rowid, entity_rowid, role, date) VALUES (?, ?, ?, ?)'),
      putAnalysis: db.prepare(
        `INSERT INTO analyses (article_rowid, version, data) VALUES (?, ?, ?)
         ON CONFLICT (article_rowid) DO UPDATE SET version = excluded.version, data = excluded.data,
           analyzed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`,
      ),
      entity: db.prepare<[string], { rowid: number; name: string }>('SELECT rowid, name FROM entities WHERE key = ?'),
      addEntity: db.prepare('INSERT INTO entities (key, type, name) VALUES (?, ?, ?)'),
      rename: db.prepare('UPDATE entities SET name = ? WHERE rowid = ?'),
      addMention: db.prepare(
        'INSERT OR IGNORE INTO mentions (article_rowid, start, "end", entity_rowid, text) VALUES (?, ?, ?, ?, ?)',
      ),
      addQuote: db.prepare(
        `INSERT INTO quotes (article_rowid, position, start, "end", kind, text, cue, speaker, speaker_entity_rowid, published_utc, data)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
    };
  }

  pending(version: string, limit: number, after = 0): PendingAnalysis[] {
    return this.db
      .prepare(
        `SELECT a.rowid AS seq, a.id, a.body, json_extract(a.meta, '$.published.value') AS published
         FROM articles a LEFT JOIN analyses n ON n.article_rowid = a.rowid
         WHERE a.rowid > ? AND (n.version IS NULL OR n.version <> ?)
         ORDER BY a.rowid LIMIT ?`,
      )
      .all(after, version, limit) as PendingAnalysis[];
  }

  put(items: readonly AnalysisWrite[]): void {
    this.db.transaction(() => {
      for (const { id, analysis, version, chains } of items) {
        const article = this.s.article.get(id);
        if (!article) continue;
        const month = article.utc?.slice(0, 7) ?? '';
        const outlet = article.outlet ?? '';
        // what the article counted before goes out of every total, then what it holds now comes in
        this.tally(this.s.oldMentions.all(article.rowid), -1, month, outlet);
        this.s.dropMentions.run(article.rowid);
        this.s.dropQuotes.run(article.rowid);
        this.s.putAnalysis.run(article.rowid, version ?? analysis.version, JSON.stringify(analysis));
        const resolved = {
          version: '',
          date: null,
          chains: (chains ?? []).filter((c) => c.named && NAMED.has(c.type)),
        };
        const added = new Map<string, { entity: number; text: string; n: number }>();
        for (const m of this.namedMentions(analysis, resolved.chains)) {
          if (!this.s.addMention.run(article.rowid, m.start, m.end, m.entity, m.text).changes) continue;
          const key = `${m.entity}\u0000${m.text}`;
          const seen = added.get(key);
          if (seen) seen.n++;
          else added.set(key, { entity: m.entity, text: m.text, n: 1 });
        }
        this.tally([...added.values()], 1, month, outlet);
        this.s.dropRoles.run(article.rowid);
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
            q.text,
            q.cue?.text ?? null,
            speaker,
            entity,
            article.utc,
            JSON.stringify(q),
          );
        });
      }
    })();
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

  /** Adds (sign 1) or takes away (sign -1) one article's mentions, by entity and spelling, from the totals. */
  private tally(
    rows: ReadonlyArray<{ entity: number; text: string; n: number }>,
    sign: 1 | -1,
    month: string,
    outlet: string,
  ): void {
    const byEntity = new Map<number, number>();
    for (const { entity, text, n } of rows) {
      this.s.countAlias.run(entity, text, sign * n);
      byEntity.set(entity, (byEntity.get(entity) ?? 0) + n);
    }
    for (const [entity, n] of byEntity) {
      this.s.count.run(sign * n, sign, entity);
      this.s.countMonth.run(entity, month, outlet, sign * n, sign);
    }
  }

  /** The entity a name of a type belongs to, made on first sight; its shown name follows `preferName`. */
  private entityFor(type: EntityType | string, text: string): number {
    const key = entityKey(type, text);
    const found = this.s.entity.get(key);
    if (!found) return Number(this.s.addEntity.run(key, type, text).lastInsertRowid);
    const name = preferName(found.name, text);
    if (name !== found.name) this.s.rename.run(name, found.rowid);
    return found.rowid;
  }

  get(rowid: number): Analysis | null {
    const row = this.db
      .prepare<[number], { data: string }>('SELECT data FROM analyses WHERE article_rowid = ?')
      .get(rowid);
    return row ? (JSON.parse(row.data) as Analysis) : null;
  }

  state(version: string): AnalysisState {
    return this.db
      .prepare(
        `SELECT (SELECT count(*) FROM articles) AS articles,
                (SELECT count(*) FROM analyses WHERE version = ?) AS current,
                (SELECT count(*) FROM analyses WHERE version <> ?) AS stale`,
      )
      .get(version, version) as AnalysisState;
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
    // distinct (article, entity) pairs of the sample first, then one count per entity: no count(DISTINCT) per group
    const related = this.db
      .prepare(
        `WITH sample AS (SELECT DISTINCT article_rowid FROM mentions WHERE entity_rowid = ? ORDER BY article_rowid DESC LIMIT ?),
              pairs AS (SELECT DISTINCT m.article_rowid, m.entity_rowid FROM mentions m
                        JOIN sample s ON m.article_rowid = s.article_rowid WHERE m.entity_rowid <> ?),
              top AS (SELECT entity_rowid, count(*) AS shared FROM pairs GROUP BY entity_rowid)
         SELECT e.key, e.type, e.name, e.mentions, e.articles, top.shared FROM top JOIN entities e ON e.rowid = top.entity_rowid
         ORDER BY top.shared DESC, e.articles DESC, e.key LIMIT 20`,
      )
      .all(rowid, RELATED_SAMPLE, rowid) as EntityDetail['related'];
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

  coMentions(articleIds: readonly string[] | null, maxEntities: number): CoMentionGraph {
    // the scope as a JSON array of ids, so a read-only connection needs no temporary table
    const scope = articleIds
      ? 'AND m.article_rowid IN (SELECT a.rowid FROM articles a WHERE a.id IN (SELECT value FROM json_each(?)))'
      : '';
    const args = articleIds ? [JSON.stringify(articleIds)] : [];
    const nodes = this.db
      .prepare(
        `SELECT e.rowid, e.key, e.type, e.name, count(*) AS mentions, count(DISTINCT m.article_rowid) AS articles
         FROM mentions m JOIN entities e ON e.rowid = m.entity_rowid WHERE 1 ${scope}
         GROUP BY e.rowid ORDER BY articles DESC, mentions DESC, e.key LIMIT ?`,
      )
      .all(...args, maxEntities) as Array<EntitySummary & { rowid: number }>;
    const keyOf = new Map(nodes.map((n) => [n.rowid, n.key]));
    const chosen = JSON.stringify(nodes.map((n) => n.rowid));
    const pairs = this.db
      .prepare(
        `WITH m AS (SELECT DISTINCT m.article_rowid, m.entity_rowid FROM mentions m
                    WHERE m.entity_rowid IN (SELECT value FROM json_each(?)) ${scope})
         SELECT a.entity_rowid AS source, b.entity_rowid AS target, count(*) AS articles
         FROM m a JOIN m b ON b.article_rowid = a.article_rowid AND b.entity_rowid > a.entity_rowid
         GROUP BY a.entity_rowid, b.entity_rowid ORDER BY articles DESC, source, target`,
      )
      .all(chosen, ...args) as Array<{ source: number; target: number; articles: number }>;
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
        `SELECT q.data, q.speaker, e.key AS entity, a.id, a.outlet, a.published, a.title
         FROM quotes q JOIN articles a ON a.rowid = q.article_rowid
         LEFT JOIN entities e ON e.rowid = q.speaker_entity_rowid
         ${clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''}
         ORDER BY q.published_utc IS NULL, q.published_utc DESC, q.article_rowid, q.position LIMIT ? OFFSET ?`,
      )
      .all(...args, limit, offset) as QuoteRow[];
    return rows.map((r) => {
      const q = JSON.parse(r.data) as Quote;
      return {
        article: { id: r.id, outlet: r.outlet, published: r.published, title: r.title },
        kind: q.kind,
        text: q.text,
        cue: q.cue?.text ?? null,
        speaker: { name: r.speaker, entity: r.entity, mention: q.speaker.mention?.text ?? null, via: q.speaker.via },
        addressee: q.addressee?.text ?? null,
        channel: q.channel?.text ?? null,
        // analyses made before quote dates have none: the article's date stands
        date: q.date?.from === 'text' ? q.date.value : r.published,
        dateFrom: q.date?.from ?? 'published',
        start: q.start,
        end: q.end,
      };
    });
  }
}

interface QuoteRow {
  data: string;
  speaker: string | null;
  entity: string | null;
  id: string;
  outlet: string | null;
  published: string | null;
  title: string | null;
}

/** Who a quote is by, as text: the named mention it resolves to, else the mention beside the cue. */
function speakerOf(q: Quote): string | null {
  return q.speaker.resolved?.text ?? q.speaker.mention?.text ?? null;
}

import type pg from 'pg';
import { type Chain, chainAt } from '../resolve/article.js';
import type { Analysis, Quote, Span } from '../types.js';
import { entityKey, nameFold, preferName } from './entity-key.js';
import { Params, type PgDatabase } from './postgres-db.js';
import { pgFilter } from './postgres-filter.js';
import { ENTITY_QUOTES, NAMED, RECENT_WALK_FROM, RELATED_SAMPLE, speakerOf } from './sqlite-analyses.js';
import type {
  AnalysisState,
  AnalysisWrite,
  ArticleSummary,
  CoMentionGraph,
  EntityDetail,
  EntityFilter,
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

/**
 * The analyze stage's tables of the PostgreSQL store: the `SqliteAnalyses`
 * of PostgreSQL, with the same answers. Entity totals are kept up to date
 * with `+=` updates, so writers on several machines add to them safely.
 */
export class PgAnalyses {
  constructor(private readonly db: PgDatabase) {}

  pending(version: string, limit: number, after = 0): Promise<PendingAnalysis[]> {
    return this.db.rows<PendingAnalysis>(
      `SELECT a.rowid AS seq, a.id, a.body, (a.meta::json)->'published'->>'value' AS published
       FROM articles a LEFT JOIN analyses n ON n.article_rowid = a.rowid
       WHERE a.rowid > $1 AND (n.version IS NULL OR n.version <> $2)
       ORDER BY a.rowid LIMIT $3`,
      [after, version, limit],
    );
  }

  /**
   * Stores analyses as `SqliteAnalyses.put` does, with the same entities, totals and rows, in a few statements
   * an article (arrays through `unnest`) instead of one a mention: on a busy server each round trip costs.
   */
  async put(items: readonly AnalysisWrite[]): Promise<void> {
    await this.db.tx(async (c) => {
      for (const { id, analysis, version, chains } of items) {
        // a second writer of the same article waits, so its totals never count the article twice (NO KEY: the
        // link stage's foreign keys to the article do not wait for it)
        const article = await this.db.row<{ rowid: number; utc: string | null; outlet: string | null }>(
          'SELECT rowid, published_utc AS utc, outlet FROM articles WHERE id = $1 FOR NO KEY UPDATE',
          [id],
          c,
        );
        if (!article) continue;
        const month = article.utc?.slice(0, 7) ?? '';
        const outlet = article.outlet ?? '';
        // what the article counted before goes out of every total, then what it holds now comes in
        const old = await this.db.rows<Tally>(
          `SELECT entity_rowid AS entity, text, count(*)::int AS n FROM mentions WHERE article_rowid = $1
           GROUP BY entity_rowid, text`,
          [article.rowid],
          c,
        );
        await this.tally(c, old, -1, month, outlet);
        await c.query('DELETE FROM mentions WHERE article_rowid = $1', [article.rowid]);
        await c.query('DELETE FROM roles WHERE article_rowid = $1', [article.rowid]);
        await c.query('DELETE FROM quotes WHERE article_rowid = $1', [article.rowid]);
        await c.query(
          `INSERT INTO analyses (article_rowid, version, data) VALUES ($1, $2, $3)
           ON CONFLICT (article_rowid) DO UPDATE SET version = excluded.version, data = excluded.data,
             analyzed_at = to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
          [article.rowid, version ?? analysis.version, JSON.stringify(analysis)],
        );
        const named = (chains ?? []).filter((ch) => ch.named && NAMED.has(ch.type));
        const resolved = { version: '', date: null, chains: named };
        const mentions = namedMentions(analysis, named);
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
        // every name the article gives an entity, in the order the SQLite store meets them (so rowids agree)
        const names: Array<[string, string]> = [
          ...named.map((ch): [string, string] => [ch.type, ch.name]),
          ...mentions.map((m): [string, string] => [m.type, m.name]),
          ...quotes.flatMap((x) => (x.entity ? [x.entity] : [])),
        ];
        const ids = await this.entities(c, names);
        const idOf = (type: string, name: string) => ids.get(entityKey(type, name)) as number;
        const stored = await this.db.rows<{ entity: number; text: string }>(
          `INSERT INTO mentions (article_rowid, start, "end", entity_rowid, text)
           SELECT $1::bigint, s, e, ent, t FROM unnest($2::int[], $3::int[], $4::bigint[], $5::text[]) AS m (s, e, ent, t)
           ON CONFLICT DO NOTHING RETURNING entity_rowid AS entity, text`,
          [
            article.rowid,
            mentions.map((m) => m.start),
            mentions.map((m) => m.end),
            mentions.map((m) => idOf(m.type, m.name)),
            mentions.map((m) => m.text),
          ],
          c,
        );
        const added = new Map<string, Tally>();
        for (const m of stored) {
          const key = `${m.entity}\u0000${m.text}`;
          const seen = added.get(key);
          if (seen) seen.n++;
          else added.set(key, { entity: m.entity, text: m.text, n: 1 });
        }
        await this.tally(c, [...added.values()], 1, month, outlet);
        const roles = named.flatMap((ch) =>
          ch.roles.map((r) => ({
            entity: idOf(ch.type, ch.name),
            role: r.text,
            date: r.date ?? article.utc?.slice(0, 10) ?? null,
          })),
        );
        await c.query(
          `INSERT INTO roles (article_rowid, entity_rowid, role, date)
           SELECT $1::bigint, ent, r, d FROM unnest($2::bigint[], $3::text[], $4::text[]) AS x (ent, r, d) ON CONFLICT DO NOTHING`,
          [article.rowid, roles.map((r) => r.entity), roles.map((r) => r.role), roles.map((r) => r.date)],
        );
        await c.query(
          `INSERT INTO quotes (article_rowid, position, start, "end", kind, text, cue, speaker, speaker_entity_rowid, published_utc, data)
           SELECT $1::bigint, ord - 1, s, e, k, t, cu, sp, ent, $2::text, d
           FROM unnest($3::int[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[], $9::bigint[], $10::text[])
             WITH ORDINALITY AS x (s, e, k, t, cu, sp, ent, d, ord)`,
          [
            article.rowid,
            article.utc,
            quotes.map((x) => x.q.start),
            quotes.map((x) => x.q.end),
            quotes.map((x) => x.q.kind),
            quotes.map((x) => x.q.text),
            quotes.map((x) => x.q.cue?.text ?? null),
            quotes.map((x) => x.speaker),
            quotes.map((x) => (x.entity ? idOf(...x.entity) : null)),
            quotes.map((x) => JSON.stringify(x.q)),
          ],
        );
      }
    });
  }

  /**
   * The entities of names (type, text), made on first sight in the given order; each shown name follows
   * `preferName` over every spelling met (a maximum, so the order of spellings does not matter).
   */
  private async entities(c: pg.PoolClient, names: ReadonlyArray<[string, string]>): Promise<Map<string, number>> {
    const first = new Map<string, [string, string]>();
    const best = new Map<string, string>();
    for (const [type, text] of names) {
      const key = entityKey(type, text);
      if (!first.has(key)) first.set(key, [type, text]);
      const shown = best.get(key);
      best.set(key, shown === undefined ? text : preferName(shown, text));
    }
    const keys = [...first.keys()];
    // another writer may make the same entity at the same time: the insert then waits for it and skips it
    await c.query(
      `INSERT INTO entities (key, type, name) SELECT k, t, n FROM unnest($1::text[], $2::text[], $3::text[]) AS x (k, t, n)
       ON CONFLICT (key) DO NOTHING`,
      [keys, keys.map((k) => first.get(k)?.[0]), keys.map((k) => first.get(k)?.[1])],
    );
    const rows = await this.db.rows<{ rowid: number; key: string; name: string }>(
      'SELECT rowid, key, name FROM entities WHERE key = ANY($1::text[]) ORDER BY rowid',
      [keys],
      c,
    );
    const renamed = rows
      .map((r) => ({ rowid: r.rowid, name: preferName(r.name, best.get(r.key) ?? r.name), was: r.name }))
      .filter((r) => r.name !== r.was);
    if (renamed.length) {
      await c.query(
        'UPDATE entities e SET name = x.n FROM unnest($1::bigint[], $2::text[]) AS x (id, n) WHERE e.rowid = x.id',
        [renamed.map((r) => r.rowid), renamed.map((r) => r.name)],
      );
    }
    return new Map(rows.map((r) => [r.key, r.rowid]));
  }

  /** Adds (sign 1) or takes away (sign -1) one article's mentions, by entity and spelling, from the totals. */
  private async tally(
    c: pg.PoolClient,
    rows: readonly Tally[],
    sign: 1 | -1,
    month: string,
    outlet: string,
  ): Promise<void> {
    if (!rows.length) return;
    // in entity order, so writers updating the same totals lock them in the same order
    const sorted = [...rows].sort((a, b) => a.entity - b.entity || (a.text < b.text ? -1 : 1));
    await c.query(
      `INSERT INTO entity_aliases (entity_rowid, text, mentions) SELECT * FROM unnest($1::bigint[], $2::text[], $3::int[])
       ON CONFLICT (entity_rowid, text) DO UPDATE SET mentions = entity_aliases.mentions + excluded.mentions`,
      [sorted.map((r) => r.entity), sorted.map((r) => r.text), sorted.map((r) => sign * r.n)],
    );
    const byEntity = new Map<number, number>();
    for (const { entity, n } of sorted) byEntity.set(entity, (byEntity.get(entity) ?? 0) + n);
    const entities = [...byEntity.keys()];
    const counts = entities.map((e) => sign * (byEntity.get(e) ?? 0));
    await c.query(
      `UPDATE entities e SET mentions = e.mentions + x.n, articles = e.articles + $3::int
       FROM unnest($1::bigint[], $2::int[]) AS x (id, n) WHERE e.rowid = x.id`,
      [entities, counts, sign],
    );
    await c.query(
      `INSERT INTO entity_months (entity_rowid, month, outlet, mentions, articles)
       SELECT id, $3::text, $4::text, n, $5::int FROM unnest($1::bigint[], $2::int[]) AS x (id, n)
       ON CONFLICT (entity_rowid, month, outlet) DO UPDATE SET mentions = entity_months.mentions + excluded.mentions,
         articles = entity_months.articles + excluded.articles`,
      [entities, counts, month, outlet, sign],
    );
  }

  async get(rowid: number): Promise<Analysis | null> {
    const row = await this.db.row<{ data: string }>('SELECT data FROM analyses WHERE article_rowid = $1', [rowid]);
    return row ? (JSON.parse(row.data) as Analysis) : null;
  }

  async state(version: string): Promise<AnalysisState> {
    return (await this.db.row<AnalysisState>(
      `SELECT (SELECT count(*) FROM articles) AS articles,
              (SELECT count(*) FROM analyses WHERE version = $1) AS current,
              (SELECT count(*) FROM analyses WHERE version <> $1) AS stale`,
      [version],
    )) as AnalysisState;
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
    const related = await this.db.rows<EntityDetail['related'][number]>(
      `WITH sample AS (SELECT DISTINCT article_rowid FROM mentions WHERE entity_rowid = $1 ORDER BY article_rowid DESC LIMIT $2),
            pairs AS (SELECT DISTINCT m.article_rowid, m.entity_rowid FROM mentions m
                      JOIN sample s ON m.article_rowid = s.article_rowid WHERE m.entity_rowid <> $1),
            top AS (SELECT entity_rowid, count(*) AS shared FROM pairs GROUP BY entity_rowid)
       SELECT e.key, e.type, e.name, e.mentions, e.articles, top.shared FROM top JOIN entities e ON e.rowid = top.entity_rowid
       ORDER BY top.shared DESC, e.articles DESC, e.key LIMIT 20`,
      [rowid, RELATED_SAMPLE],
    );
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

  async coMentions(articleIds: readonly string[] | null, maxEntities: number): Promise<CoMentionGraph> {
    const p = new Params();
    const scope = articleIds
      ? `AND m.article_rowid IN (SELECT a.rowid FROM articles a WHERE a.id = ANY(${p.add(articleIds)}::text[]))`
      : '';
    const nodes = await this.db.rows<EntitySummary & { rowid: number }>(
      `SELECT e.rowid, e.key, e.type, e.name, count(*) AS mentions, count(DISTINCT m.article_rowid) AS articles
       FROM mentions m JOIN entities e ON e.rowid = m.entity_rowid WHERE true ${scope}
       GROUP BY e.rowid ORDER BY articles DESC, mentions DESC, e.key LIMIT ${p.add(maxEntities)}`,
      p.values,
    );
    const keyOf = new Map(nodes.map((n) => [n.rowid, n.key]));
    const q = new Params();
    const chosen = q.add(nodes.map((n) => n.rowid));
    const pairScope = articleIds
      ? `AND m.article_rowid IN (SELECT a.rowid FROM articles a WHERE a.id = ANY(${q.add(articleIds)}::text[]))`
      : '';
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
      `SELECT q.data, q.speaker, e.key AS entity, a.id, a.outlet, a.published, a.title
       FROM quotes q JOIN articles a ON a.rowid = q.article_rowid
       LEFT JOIN entities e ON e.rowid = q.speaker_entity_rowid
       ${clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''}
       ORDER BY q.published_utc DESC NULLS LAST, q.article_rowid, q.position
       LIMIT ${p.add(limit)} OFFSET ${p.add(offset)}`,
      p.values,
    );
    return rows.map((r) => {
      const q = JSON.parse(r.data) as Quote;
      const said = q.date?.from === 'text' ? q.date.value : null;
      return {
        article: { id: r.id, outlet: r.outlet, published: r.published, title: r.title },
        kind: q.kind,
        text: q.text,
        cue: q.cue?.text ?? null,
        speaker: { name: r.speaker, entity: r.entity, mention: q.speaker.mention?.text ?? null, via: q.speaker.via },
        addressee: q.addressee?.text ?? null,
        channel: q.channel?.text ?? null,
        // when it was said: its attribution's date, else the article's (analyses made before quote dates have none)
        date: said ?? r.published,
        dateFrom: said === null ? 'published' : 'text',
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

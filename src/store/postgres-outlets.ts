/**
 * The PostgreSQL store's outlet identity (migration 8; the SQLite store's
 * `sqlite-outlets.ts`): each spelling of an outlet maps to the outlet's name,
 * and whatever is stored carries the name. Spellings compare through
 * `lower()`, as the outlet columns do.
 */
import type pg from 'pg';
import { outletSpelling } from '../extract/outlet-names.js';
import type { OutletAlias } from '../types.js';
import type { Params, PgDatabase } from './postgres-db.js';
import { asciiLower } from './postgres-filter.js';
import { dedupeNoCase } from './sqlite.js';
import { byNoCase, checked } from './sqlite-outlets.js';

/** An outlet filter's name in SQL, lower case: the outlet a spelling names, else the spelling. */
export function pgOutletName(name: string, p: Params): string {
  const s = p.add(asciiLower(outletSpelling(name)));
  return `lower(coalesce((SELECT o.outlet FROM outlet_aliases o WHERE lower(o.alias) = ${s}), ${s}))`;
}

/** The rows stored under a spelling, renamed ($1 the outlet, $2 the spelling in lower case). */
const RENAME = [
  'UPDATE articles SET outlet = $1 WHERE lower(outlet) = $2',
  'UPDATE sources SET outlet = $1 WHERE lower(outlet) = $2',
  'UPDATE claim_statements SET outlet = $1 WHERE lower(outlet) = $2',
  // entity totals are keyed by outlet: added up under the outlet's name
  `INSERT INTO entity_months (entity_rowid, month, outlet, mentions, articles)
   SELECT entity_rowid, month, $1::text, sum(mentions), sum(articles) FROM entity_months WHERE lower(outlet) = $2
   GROUP BY entity_rowid, month
   ON CONFLICT (entity_rowid, month, outlet) DO UPDATE SET mentions = entity_months.mentions + excluded.mentions,
     articles = entity_months.articles + excluded.articles`,
  'DELETE FROM entity_months WHERE lower(outlet) = $2 AND outlet <> $1::text',
];

/** The outlet names spellings are stored under, for a batch of spellings (one query). */
export async function pgOutletNames(
  db: PgDatabase,
  spellings: ReadonlyArray<string | null>,
  client: pg.PoolClient,
): Promise<(s: string | null) => string | null> {
  const wanted = [...new Set(spellings.flatMap((s) => (s === null ? [] : [asciiLower(outletSpelling(s))])))];
  const rows = wanted.length
    ? await db.rows<{ alias: string; outlet: string }>(
        'SELECT lower(alias) AS alias, outlet FROM outlet_aliases WHERE lower(alias) = ANY($1::text[])',
        [wanted],
        client,
      )
    : [];
  const named = new Map(rows.map((r) => [r.alias, r.outlet]));
  return (s) => (s === null ? null : (named.get(asciiLower(outletSpelling(s))) ?? outletSpelling(s)));
}

export async function pgListOutletAliases(db: PgDatabase): Promise<OutletAlias[]> {
  return db.rows<OutletAlias>('SELECT alias, outlet, by FROM outlet_aliases ORDER BY lower(alias), alias, outlet');
}

export async function pgPutOutletAliases(db: PgDatabase, aliases: readonly OutletAlias[]): Promise<void> {
  const checkedAliases = aliases.map((a) => [...checked(a), a.by] as const);
  await db.tx(async (client) => {
    for (const [alias, outlet, by] of checkedAliases) {
      const lowAlias = asciiLower(alias);
      if (lowAlias === asciiLower(outlet)) continue;
      await db.run('DELETE FROM outlet_aliases WHERE lower(alias) = $1', [asciiLower(outlet)], client);
      await db.run(
        `INSERT INTO outlet_aliases (alias, outlet, by) VALUES ($1, $2, $3)
         ON CONFLICT (lower(alias)) DO UPDATE SET alias = excluded.alias, outlet = excluded.outlet, by = excluded.by`,
        [alias, outlet, by],
        client,
      );
      await db.run('UPDATE outlet_aliases SET outlet = $1 WHERE lower(outlet) = $2', [outlet, lowAlias], client);
      for (const sql of RENAME) await db.run(sql, [outlet, lowAlias], client);
      for (const [table, sorted] of [
        ['stories', true],
        ['claims', false],
      ] as const) {
        const rows = await db.rows<{ rowid: number; outlets: string }>(
          `SELECT rowid, outlets FROM ${table} WHERE strpos(lower(outlets), $1) > 0`,
          [asciiLower(JSON.stringify(alias))],
          client,
        );
        for (const row of rows) {
          const named = (JSON.parse(row.outlets) as string[]).map((o) => (asciiLower(o) === lowAlias ? outlet : o));
          const outlets = dedupeNoCase(sorted ? named.sort(byNoCase) : named);
          await db.run(
            `UPDATE ${table} SET outlets = $1 WHERE rowid = $2`,
            [JSON.stringify(outlets), row.rowid],
            client,
          );
        }
      }
    }
  });
}

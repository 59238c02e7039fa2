/**
 * The SQLite store's outlet identity (migration 10): each spelling of an
 * outlet maps to the outlet's name, and whatever is stored carries the name,
 * so filters, listings, stories, claims and entity totals see one outlet.
 */
import type Database from 'better-sqlite3';
import { DossierError } from '../errors.js';
import { outletSpelling } from '../extract/outlet-names.js';
import type { OutletAlias } from '../types.js';
import { dedupeNoCase } from './sqlite.js';

/** An outlet filter's name in SQL: the outlet a spelling names, else the spelling (two parameters, both the spelling). */
export const OUTLET_NAME_SQL = 'coalesce((SELECT o.outlet FROM outlet_aliases o WHERE o.alias = ?), ?)';

/** The spelling an outlet filter binds to `OUTLET_NAME_SQL`'s two parameters. */
export const outletParams = (name: string): [string, string] => {
  const s = outletSpelling(name);
  return [s, s];
};

/** Outlet aliases on one SQLite database. */
export class SqliteOutlets {
  private readonly s;

  constructor(private readonly db: Database.Database) {
    this.s = {
      name: db.prepare<[string], string>('SELECT outlet FROM outlet_aliases WHERE alias = ?').pluck(),
      list: db.prepare<[], OutletAlias>('SELECT alias, outlet, by FROM outlet_aliases ORDER BY alias, outlet'),
      drop: db.prepare<[string]>('DELETE FROM outlet_aliases WHERE alias = ?'),
      put: db.prepare<[string, string, string]>(
        `INSERT INTO outlet_aliases (alias, outlet, by) VALUES (?, ?, ?)
         ON CONFLICT (alias) DO UPDATE SET outlet = excluded.outlet, by = excluded.by`,
      ),
      repoint: db.prepare<[string, string]>('UPDATE outlet_aliases SET outlet = ? WHERE outlet = ?'),
      // the rows stored under a spelling, renamed; entity totals are keyed by outlet, so they are added up
      rename: [
        'UPDATE articles SET outlet = ? WHERE outlet = ?',
        'UPDATE sources SET outlet = ? WHERE outlet = ?',
        'UPDATE claim_statements SET outlet = ? WHERE outlet = ? COLLATE NOCASE',
        `INSERT INTO entity_months (entity_rowid, month, outlet, mentions, articles)
         SELECT entity_rowid, month, ?, mentions, articles FROM entity_months WHERE outlet = ? COLLATE NOCASE
         ON CONFLICT (entity_rowid, month, outlet) DO UPDATE SET mentions = mentions + excluded.mentions,
           articles = articles + excluded.articles`,
      ].map((sql) => db.prepare<[string, string]>(sql)),
      dropMonths: db.prepare<[string]>('DELETE FROM entity_months WHERE outlet = ? COLLATE NOCASE'),
      lists: (['stories', 'claims'] as const).map((table) => ({
        read: db.prepare<[string], { rowid: number; outlets: string }>(
          `SELECT rowid, outlets FROM ${table} WHERE instr(lower(outlets), lower(?)) > 0`,
        ),
        write: db.prepare<[string, number]>(`UPDATE ${table} SET outlets = ? WHERE rowid = ?`),
        sorted: table === 'stories',
      })),
    };
  }

  /** The name an outlet spelling is stored under: its outlet's when it is an alias. */
  name(spelling: string | null): string | null {
    if (spelling === null) return null;
    const s = outletSpelling(spelling);
    return this.s.name.get(s) ?? s;
  }

  list(): OutletAlias[] {
    return this.s.list.all();
  }

  put(aliases: readonly OutletAlias[]): void {
    this.db.transaction(() => {
      for (const a of aliases) {
        const [alias, outlet] = checked(a);
        if (alias.toLowerCase() === outlet.toLowerCase()) continue;
        this.s.drop.run(outlet);
        this.s.put.run(alias, outlet, a.by);
        this.s.repoint.run(outlet, alias);
        for (const rename of this.s.rename) rename.run(outlet, alias);
        this.s.dropMonths.run(alias);
        const quoted = JSON.stringify(alias);
        for (const list of this.s.lists) {
          for (const row of list.read.all(quoted)) {
            const named = (JSON.parse(row.outlets) as string[]).map((o) =>
              o.toLowerCase() === alias.toLowerCase() ? outlet : o,
            );
            const outlets = dedupeNoCase(list.sorted ? named.sort(byNoCase) : named);
            list.write.run(JSON.stringify(outlets), row.rowid);
          }
        }
      }
    })();
  }
}

/** Outlet names in the order stories list them (the NOCASE order of `putLinks`). */
export const byNoCase = (a: string, b: string): number => {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  return x < y ? -1 : x > y ? 1 : 0;
};

/** An alias's two spellings, or `DOSSIER_E_PARAM` naming what is wrong. */
export function checked(a: OutletAlias): [string, string] {
  const alias = typeof a.alias === 'string' ? outletSpelling(a.alias) : '';
  const outlet = typeof a.outlet === 'string' ? outletSpelling(a.outlet) : '';
  if (!alias || !outlet || (a.by !== 'user' && a.by !== 'text'))
    throw new DossierError(
      'E_PARAM',
      `outlet alias ${JSON.stringify(a)}: needs an alias, an outlet and by user or text`,
    );
  return [alias, outlet];
}

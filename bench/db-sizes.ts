/**
 * Where a dossier's bytes go: SQLite's `dbstat` pages summed by table (each
 * table with its indexes, the FTS5 index as one), per article, beside the
 * article bodies themselves.
 */
import { statSync } from 'node:fs';
import Database from 'better-sqlite3';

/** Bytes of one dossier file, per table. */
export interface DbSizes {
  articles: number;
  /** Bytes of the file (after a checkpoint). */
  fileBytes: number;
  /** UTF-8 bytes of the article bodies. */
  bodyBytes: number;
  /** Largest first; a table's bytes include its indexes'. */
  tables: Array<{ name: string; bytes: number }>;
}

export function dbSizes(path: string): DbSizes {
  const db = new Database(path);
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
    const { articles, bodyBytes } = db
      .prepare('SELECT count(*) AS articles, coalesce(sum(length(CAST(body AS BLOB))), 0) AS bodyBytes FROM articles')
      .get() as { articles: number; bodyBytes: number };
    const rows = db
      .prepare(
        `SELECT coalesce(s.tbl_name, d.name) AS name, sum(d.pgsize) AS bytes
         FROM dbstat d LEFT JOIN sqlite_schema s ON s.name = d.name GROUP BY 1`,
      )
      .all() as Array<{ name: string; bytes: number }>;
    const tables = new Map<string, number>();
    for (const r of rows) {
      const name = r.name.startsWith('articles_fts') ? 'articles_fts (index)' : r.name;
      tables.set(name, (tables.get(name) ?? 0) + r.bytes);
    }
    return {
      articles,
      fileBytes: statSync(path).size,
      bodyBytes,
      tables: [...tables].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes),
    };
  } finally {
    db.close();
  }
}

/** A markdown table of KB per article by table, the largest `top` tables and the rest summed. */
export function sizesTable(s: DbSizes, top = 8): string {
  const kb = (bytes: number) => (bytes / Math.max(1, s.articles) / 1024).toFixed(2);
  const shown = s.tables.slice(0, top);
  const rest = s.tables.slice(top).reduce((sum, t) => sum + t.bytes, 0);
  const lines = [
    `| ${s.articles.toLocaleString('en')} articles | KB per article |`,
    '|---|---|',
    `| **whole file** | **${kb(s.fileBytes)}** |`,
    `| (article bodies, UTF-8, for scale) | ${kb(s.bodyBytes)} |`,
    ...shown.map((t) => `| ${t.name} | ${kb(t.bytes)} |`),
    `| the other ${s.tables.length - shown.length} tables | ${kb(rest)} |`,
  ];
  return `${lines.join('\n')}\n`;
}

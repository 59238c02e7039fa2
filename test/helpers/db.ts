import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';

/** Articles committed so far in a dossier file, 0 while it does not exist or is not migrated yet. */
export function storedCount(path: string): number {
  if (!existsSync(path)) return 0;
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM articles').get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    return 0;
  }
}

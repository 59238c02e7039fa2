/**
 * `node dist/bench/analysis-state.js --db PATH`: the analysis state every analyze pass and link run starts with,
 * read from the counts SQLite migration 9 keeps, beside the `count(*)`s of migrations 1-8 it replaced, on a
 * dossier at schema 8 or later (opened read-only), median of 21. Both must give the same numbers.
 */
import Database from 'better-sqlite3';

const RUNS = 21;

/** The analysis state as migrations 1-8 read it: every article and analysis counted. */
const COUNTED = `SELECT (SELECT count(*) FROM articles) AS articles, (SELECT count(*) FROM analyses) AS analysed,
  (SELECT count(*) FROM analyses WHERE version_rowid = (SELECT rowid FROM analysis_versions WHERE version = ?)) AS current`;

/** The same from the counts migration 9's triggers keep (as `SqliteAnalyses.state`). */
const KEPT = `SELECT (SELECT articles FROM article_count) AS articles,
  (SELECT coalesce(sum(analyses), 0) FROM analysis_versions) AS analysed,
  coalesce((SELECT analyses FROM analysis_versions WHERE version = ?), 0) AS current`;

function main(): void {
  const at = process.argv.indexOf('--db');
  const path = at >= 0 ? process.argv[at + 1] : undefined;
  if (!path) throw new Error('--db PATH is required (a dossier at schema 8 or later)');
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    if ((db.pragma('user_version', { simple: true }) as number) < 8)
      throw new Error(`${path}: schema before 8 (open it once with dossier to migrate it)`);
    const version = db
      .prepare('SELECT version FROM analysis_versions ORDER BY analyses DESC LIMIT 1')
      .pluck()
      .get() as string;
    const time = (sql: string) => {
      const statement = db.prepare(sql);
      const times: number[] = [];
      let result: unknown;
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        result = statement.get(version);
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      return { ms: times[Math.floor(RUNS / 2)] as number, result: JSON.stringify(result) };
    };
    const counted = time(COUNTED);
    const kept = time(KEPT);
    if (counted.result !== kept.result) throw new Error(`the counts differ: ${counted.result} against ${kept.result}`);
    console.log(`analysis state of ${path}: ${kept.result}, median of ${RUNS}`);
    console.log(`  kept counts (migration 9)       ${kept.ms.toFixed(3)} ms`);
    console.log(
      `  count(*) (migrations 1-8)       ${counted.ms.toFixed(3)} ms  (${(counted.ms / kept.ms).toFixed(0)}x)`,
    );
  } finally {
    db.close();
  }
}

try {
  main();
} catch (err) {
  console.error(`bench:analysis-state: ${(err as Error).message}`);
  process.exit(1);
}

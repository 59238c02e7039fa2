/**
 * `node dist/bench/scale-pending.js [--count N]`: the PostgreSQL store's look-up of the articles the analyze pass
 * has still to do, at N stored articles (default 20,000) of which all but the newest 100 are analysed, beside
 * the query of migrations 1-6 that walked the articles from the first, in one run on one throwaway cluster. Each
 * analyze pass starts its look-up from the first article, so the walk cost grows with the analysed articles. It
 * prints the time with the bodies sent to the client, and the server's own time and pages read (EXPLAIN ANALYZE).
 * And the analysis state each analyze pass and link run starts with: the counts migration 9's triggers keep
 * (`Store.analysisState`) beside the `count(*)`s of migrations 1-7; both must give the same numbers.
 */
import pg from 'pg';
import { PostgresStore } from '../src/store/postgres.js';
import { PENDING_SQL, STATE_SQL } from '../src/store/postgres-analyses.js';
import { startPostgres } from '../test/helpers/postgres.js';

const UNANALYSED = 100;
const BATCH = 100;
const RUNS = 15;

/** The analysis state as migrations 1-7 read it: every article and analysis counted. */
const COUNTED = `SELECT (SELECT count(*) FROM articles) AS articles,
  (SELECT count(*) FROM analyses WHERE version = $1) AS current,
  (SELECT count(*) FROM analyses WHERE version <> $1) AS stale`;

/** The pending query of migrations 1-6: every article from the first, each joined to its analysis. */
const WALK = `SELECT a.rowid AS seq, a.id, a.body, (a.meta::json)->'published'->>'value' AS published
  FROM articles a LEFT JOIN analyses n ON n.article_rowid = a.rowid
  WHERE a.rowid > $1 AND (n.version IS NULL OR n.version <> $2)
  ORDER BY a.rowid LIMIT $3`;

function parseCount(argv: readonly string[]): number {
  const at = argv.indexOf('--count');
  const count = at >= 0 ? Number(String(argv[at + 1]).replace(/[_,]/g, '')) : 20_000;
  if (!Number.isInteger(count) || count <= UNANALYSED)
    throw new Error(`--count must be a whole number > ${UNANALYSED}`);
  return count;
}

/** The median of `runs` timings of `fn`, in ms, after one run to warm the cache; and its last result. */
async function median<T>(fn: () => Promise<T>): Promise<{ ms: number; result: T }> {
  let result = await fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    result = await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(RUNS / 2)] as number, result };
}

async function main(): Promise<void> {
  const count = parseCount(process.argv.slice(2));
  const postgres = await startPostgres();
  try {
    const url = await postgres.database();
    const store = new PostgresStore(url);
    await store.stats(); // migrates
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      // articles of about 3 KB of body, all but the newest analysed (a placeholder analysis: the look-up reads none)
      await client.query(
        `INSERT INTO articles (id, body, pipeline)
         SELECT md5(g::text), repeat(md5(g::text) || ' said the minister. ', 75), 'bench' FROM generate_series(1, $1) g`,
        [count],
      );
      await client.query(
        `INSERT INTO analyses (article_rowid, version, data) SELECT rowid, 'v1', '\\x00'::bytea FROM articles
         WHERE rowid <= (SELECT max(rowid) FROM articles) - $1`,
        [UNANALYSED],
      );
      await client.query('VACUUM ANALYZE');
      const seek = await median(() => store.pendingAnalyses('v1', BATCH));
      const walk = await median(async () => (await client.query(WALK, [0, 'v1', BATCH])).rows);
      // the server's own time and pages read, without sending the bodies
      const plan = async (sql: string, params: unknown[] = [0, 'v1', BATCH]) => {
        const { rows } = await client.query<{
          'QUERY PLAN': Array<{
            'Execution Time': number;
            Plan: { 'Shared Hit Blocks': number; 'Shared Read Blocks': number };
          }>;
        }>(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, params);
        const top = rows[0]?.['QUERY PLAN'][0];
        return `server ${top?.['Execution Time'].toFixed(2)} ms, ${(top?.Plan['Shared Hit Blocks'] ?? 0) + (top?.Plan['Shared Read Blocks'] ?? 0)} pages`;
      };
      const kept = await median(() => store.analysisState('v1'));
      const counted = await median(async () => (await client.query(COUNTED, ['v1'])).rows[0]);
      const numbers = (r: unknown) => JSON.stringify(Object.values(r as object).map(Number));
      if (numbers(kept.result) !== numbers(counted.result))
        throw new Error(`the analysis states differ: ${numbers(kept.result)} against ${numbers(counted.result)}`);
      const same = JSON.stringify(seek.result.map((p) => p.id)) === JSON.stringify(walk.result.map((r) => r.id));
      if (!same || seek.result.length !== BATCH) throw new Error('the two look-ups found different articles');
      console.log(
        [
          `pending look-up on PostgreSQL: the first ${BATCH} to analyse among ${count.toLocaleString('en')} articles (${(count - UNANALYSED).toLocaleString('en')} analysed), median of ${RUNS}`,
          `  seek (unanalysed list, migration 7)   ${seek.ms.toFixed(2)} ms with the bodies sent; ${await plan(PENDING_SQL)}`,
          `  walk (migrations 1-6, reference)      ${walk.ms.toFixed(2)} ms with the bodies sent (${(walk.ms / seek.ms).toFixed(1)}x the seek); ${await plan(WALK)}`,
          `analysis state (articles, current, stale) ${numbers(kept.result)}, median of ${RUNS}`,
          `  kept counts (migration 9)             ${kept.ms.toFixed(2)} ms; ${await plan(STATE_SQL, ['v1'])}`,
          `  count(*) (migrations 1-7, reference)  ${counted.ms.toFixed(2)} ms (${(counted.ms / kept.ms).toFixed(1)}x); ${await plan(COUNTED, ['v1'])}`,
        ].join('\n'),
      );
    } finally {
      await client.end();
      await store.close();
    }
  } finally {
    await postgres.stop();
  }
}

main().catch((err: unknown) => {
  console.error(`bench:scale-pending: ${(err as Error).message}`);
  process.exit(1);
});

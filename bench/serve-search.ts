/**
 * `node dist/bench/serve-search.js --db PATH [--queries N]`: what one broad search costs in process, cold (each
 * query asked once), part by part, on a dossier already built (opened read-only): two common words of the serve
 * bench's generator, N word pairs (default 120). Prints medians and p90s of our facets beside the reference, the
 * queries of the code before them: the entity facet from the mention rows of the newest 200 analysed matches
 * (against each article's kept entity list, `article_entities`), and the outlet and day facets over the newest
 * 1,000 matches (against the newest `FACET_SAMPLE`). Each side reads through its own connection, in alternating
 * order, so that neither warms the other's page cache.
 */
import Database from 'better-sqlite3';
import { toFtsQuery } from '../src/store/fts-query.js';
import { SqliteSearch } from '../src/store/sqlite-search.js';
import { FACET_SAMPLE, SEARCH_SAMPLE } from '../src/store/store.js';

/** The reference: the facet queries of the code before `article_entities` and `FACET_SAMPLE`. */
const REFERENCE = {
  entities: `WITH pairs AS (SELECT DISTINCT m.article_rowid, m.entity_rowid FROM json_each(?) h
                             JOIN mentions m ON m.article_rowid = h.value),
                  top AS (SELECT entity_rowid, count(*) AS hits FROM pairs GROUP BY entity_rowid)
             SELECT e.key, e.type, e.name, top.hits FROM top JOIN entities e ON e.rowid = top.entity_rowid
             ORDER BY top.hits DESC, e.articles DESC, e.key LIMIT 15`,
  outlets: `SELECT s.outlet AS name, count(DISTINCT s.article_rowid) AS hits
            FROM json_each(?) m JOIN sources s ON s.article_rowid = m.value AND s.outlet IS NOT NULL
            GROUP BY s.outlet ORDER BY hits DESC, name`,
  days: `SELECT substr(a.published_utc, 1, 10) AS day, count(*) AS hits
         FROM json_each(?) m JOIN articles a ON a.rowid = m.value
         WHERE a.published_utc IS NOT NULL GROUP BY day ORDER BY day`,
};
const WORDS = (
  'government minister said talks ceasefire border troops officials agreement port strike union missile defence ' +
  'system deal sanctions president foreign ministry statement region refugees aid crossing village shelling ' +
  'observers mission parliament vote coalition budget inflation prices energy gas pipeline exports imports court'
).split(' ');

function arg(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

const path = arg('--db');
const count = Number(arg('--queries') ?? 120);
if (!path || !Number.isInteger(count) || count < 1) {
  console.error('bench/serve-search: --db PATH is required, and --queries must be a whole number above 0');
  process.exit(2);
}
const open = () => new Database(path, { readonly: true, fileMustExist: true });
const [ours, reference, setup] = [open(), open(), open()];
const search = new SqliteSearch(ours);
const times = new Map<string, number[]>();
const time = <T>(name: string, run: () => T): T => {
  const started = performance.now();
  const out = run();
  times.set(name, [...(times.get(name) ?? []), performance.now() - started]);
  return out;
};
const lastAnalysed = setup.prepare('SELECT max(article_rowid) FROM analyses').pluck().get() as number | null;
const analysedMatches = setup
  .prepare<[string, number, number], number>(
    'SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? AND rowid <= ? ORDER BY rowid DESC LIMIT ?',
  )
  .pluck();
const newest = (db: Database.Database) =>
  db.prepare<[string, number], number>(
    'SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid DESC LIMIT ?',
  );
const pairs = WORDS.flatMap((a, i) => WORDS.slice(i + 1).map((b) => `${a} ${b}`));
for (let i = 0; i < count; i++) {
  const fts = toFtsQuery(pairs[(i * 37) % pairs.length] as string) as string;
  const analysed = JSON.stringify(analysedMatches.all(fts, lastAnalysed ?? 0, 200));
  const sides = [
    () => {
      const rows = JSON.stringify(newest(reference).pluck().all(fts, SEARCH_SAMPLE));
      time('reference: outlet facet, newest 1,000', () => reference.prepare(REFERENCE.outlets).all(rows));
      time('reference: day facet, newest 1,000', () => reference.prepare(REFERENCE.days).all(rows));
      time('reference: entity facet from mention rows', () => reference.prepare(REFERENCE.entities).all(analysed));
    },
    () => {
      const rows = JSON.stringify(newest(ours).pluck().all(fts, FACET_SAMPLE));
      time(`ours: outlet facet, newest ${FACET_SAMPLE}`, () => ours.prepare(REFERENCE.outlets).all(rows));
      time(`ours: day facet, newest ${FACET_SAMPLE}`, () => ours.prepare(REFERENCE.days).all(rows));
      time('ours: entity facet from kept lists', () => search.entityFacet(JSON.parse(analysed) as number[]));
    },
  ];
  for (const side of i % 2 ? sides.reverse() : sides) side();
}
const at = (list: number[], q: number) => [...list].sort((x, y) => x - y)[Math.floor(list.length * q)] ?? 0;
console.log(`${count} broad word pairs, each once, in process (${path})\n`);
console.log('| part | median ms | p90 ms |\n|---|---|---|');
for (const [name, list] of [...times].sort(([a], [b]) => a.localeCompare(b)))
  console.log(`| ${name} | ${at(list, 0.5).toFixed(2)} | ${at(list, 0.9).toFixed(2)} |`);

/**
 * `npm run bench:extract`: pages per second of our HTML extraction beside
 * @mozilla/readability on linkedom, same pages, same run, best of three
 * passes each (the first pass also warms up the JIT). Quality figures are
 * printed too, so speed is never read apart from what it buys.
 *
 * Data: the article-extraction benchmark folder, `../shared/data/article-extraction`
 * from the repository root, or `DOSSIER_EXTRACTION_DATA`.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseHTML } from 'linkedom';
import { evalExtraction, formatResults, loadBenchmark } from '../eval/extraction.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const data = process.env.DOSSIER_EXTRACTION_DATA ?? join(root, '..', 'shared', 'data', 'article-extraction');
if (!existsSync(data)) {
  process.stderr.write(`no benchmark data at ${data}; set DOSSIER_EXTRACTION_DATA\n`);
  process.exit(2);
}
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const results = evalExtraction({ data, rounds });
process.stdout.write(`${formatResults(results, results[0]?.documents ?? 0)}\n`);
process.stdout.write(`(best of ${rounds} passes each; data ${data})\n`);

// context for the DOM question: readability needs a full DOM (linkedom, built on
// htmlparser2); ours reads htmlparser2's own tree. How much of readability's time
// is linkedom building its DOM:
const pages = loadBenchmark(data);
let best = Number.POSITIVE_INFINITY;
for (let round = 0; round < rounds; round++) {
  const t0 = process.hrtime.bigint();
  for (const page of pages) parseHTML(page.html);
  best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
}
process.stdout.write(`linkedom parse alone: ${(pages.length / best).toFixed(1)} pages/s\n`);

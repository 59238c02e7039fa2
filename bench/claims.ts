/**
 * `npm run bench:claims [-- --runs N]`: CPU time of claim grouping on real text. Every sentence of NeuS DEV
 * (titles and the outlets' excerpts, `../shared/data/neus_allsides`, or `$DOSSIER_DATA`) is one statement of its
 * article; `groupClaims` groups them all, N times (default 5; a first run on 2,000 warms up). Prints the
 * statements, the claims found and the CPU milliseconds of each run and their median: under load, compare
 * medians of two builds run alternately.
 */
import { join } from 'node:path';
import { textStatement } from '../eval/claims.js';
import { loadNeus } from '../eval/link-data.js';
import type { Statement } from '../src/link/claims.js';
import { groupClaims } from '../src/link/statement-set.js';
import { SHARED_DATA } from '../scripts/paths.js';

const at = process.argv.indexOf('--runs');
const runs = at > 0 ? Number(process.argv[at + 1]) : 5;
const statements: Statement[] = [];
for (const d of loadNeus(join(SHARED_DATA, 'neus_allsides'))) {
  let offset = 0;
  for (const text of [d.title, ...d.paragraphs].flatMap((p) => p.split(/(?<=[.!?])\s+(?=[A-Z“"])/))) {
    if (text.length >= 12) statements.push(textStatement(d.id, d.outlet, text, offset));
    offset += text.length + 1;
  }
}
groupClaims(statements.slice(0, 2000));
const ms: number[] = [];
let claims = 0;
for (let r = 0; r < runs; r++) {
  const t = process.cpuUsage();
  claims = groupClaims(statements).length;
  const u = process.cpuUsage(t);
  ms.push((u.user + u.system) / 1000);
}
const median = [...ms].sort((a, b) => a - b)[Math.floor(ms.length / 2)] as number;
process.stdout.write(
  `${statements.length} statements, ${claims} claims; CPU ms per run: ${ms.map((x) => x.toFixed(0)).join(' ')} (median ${median.toFixed(0)})\n`,
);

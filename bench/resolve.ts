/**
 * `npm run bench:resolve`: the cost of the resolve stage.
 *
 * 1. In-article: `resolveArticle` time beside `analyze` time on the same
 *    articles (the five seeds read in place, each analysed and resolved
 *    BENCH_ROUNDS times, default 5); the ratio is what resolving adds.
 * 2. Corpus: `EntityTable` fed generated articles (six person chains each from
 *    a pool of 2,100 names, half with a role) at 2,000, 8,000 and 32,000
 *    articles: milliseconds per added article and for `entities()`, median of
 *    three runs. Flat per-article cost means linear growth.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze } from '../src/analyze/index.js';
import { type Chain, EntityTable, resolveArticle } from '../src/resolve/index.js';

const root = resolve(fileURLToPath(import.meta.url), '..', '..', '..');
const seeds = join(root, '..', 'shared', 'seeds');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function inArticle(): void {
  const bodies = readdirSync(seeds)
    .sort()
    .map((f) => readFileSync(join(seeds, f), 'utf8'));
  const ratios: number[] = [];
  let a = 0;
  let r = 0;
  for (let round = 0; round < ROUNDS; round++) {
    let ta = 0;
    let tr = 0;
    for (const body of bodies) {
      const t0 = performance.now();
      const analysis = analyze(body, { published: '2020-03-10' });
      const t1 = performance.now();
      resolveArticle(body, analysis);
      const t2 = performance.now();
      ta += t1 - t0;
      tr += t2 - t1;
    }
    if (round === 0) continue; // warm-up
    ratios.push(tr / ta);
    a += ta;
    r += tr;
  }
  console.log(
    `in-article: ${bodies.length} seed articles x ${ROUNDS - 1} rounds: analyze ${a.toFixed(0)} ms, resolve ${r.toFixed(0)} ms; resolve/analyze median ${(100 * median(ratios)).toFixed(1)} %`,
  );
}

function corpus(n: number): { add: number; entities: number; count: number } {
  const first = ['John', 'Mary', 'Recep', 'Sergei', 'Hulusi', 'Ahmet', 'Angela', 'Donald', 'Joe', 'Emmanuel'];
  const last = ['Smith', 'Erdogan', 'Lavrov', 'Akar', ...Array.from({ length: 206 }, (_, i) => `Name${i}`)];
  const roles = ['Turkish President', 'Russian Foreign Minister', 'Defense Minister', 'American senator'];
  let seed = 1;
  const rnd = (k: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % k;
  };
  const t = new EntityTable();
  const t0 = performance.now();
  for (let a = 0; a < n; a++) {
    const chains: Chain[] = [];
    for (let c = 0; c < 6; c++) {
      const name = rnd(3) === 0 ? last[rnd(last.length)]! : `${first[rnd(first.length)]} ${last[rnd(last.length)]}`;
      chains.push({
        id: c,
        name,
        named: true,
        type: 'PERSON',
        mentions: [{ start: 0, end: name.length, text: name, form: 'name', via: 'bench' }],
        roles: rnd(2) ? [{ start: 0, end: 5, text: roles[rnd(roles.length)]!, date: '2020-01-01' }] : [],
      });
    }
    const date = `2020-01-${String(1 + rnd(28)).padStart(2, '0')}`;
    t.add({ id: `a${a}`, outlet: `outlet${rnd(20)}`, date }, { version: 'bench', date, chains });
  }
  const t1 = performance.now();
  const count = t.entities().length;
  const t2 = performance.now();
  return { add: (t1 - t0) / n, entities: t2 - t1, count };
}

inArticle();
for (const n of [2000, 8000, 32000]) {
  const runs = [corpus(n), corpus(n), corpus(n)];
  console.log(
    `corpus: ${n} articles (${6 * n} chains): add ${median(runs.map((x) => x.add)).toFixed(3)} ms/article, entities() ${median(runs.map((x) => x.entities)).toFixed(0)} ms (${((1000 * median(runs.map((x) => x.entities))) / n).toFixed(0)} us/article), ${runs[0]!.count} entities`,
  );
}

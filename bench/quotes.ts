/**
 * `npm run bench:quotes`: what the attribution layer costs inside the analyze
 * stage (issue 5 allows at most 30 % of the rest of the stage per token). On
 * the same generated corpus, in one run and interleaved rounds (a noisy
 * machine): the whole `analyze()` (which runs the quote layer), the quote
 * layer alone with rules, cue and boundary models, without the boundary model,
 * and with rules alone. Prints medians of CPU time over ROUNDS and the ratio
 * quotes / (analyze - quotes).
 *
 * With BENCH_BASE=DIR (the `dist/` of another build, e.g. the base commit
 * built in a second worktree), that build's quote layer is timed in the same
 * rounds on the same analyses and printed beside this one's: before/after
 * figures from one run.
 *
 * The corpus: paragraphs of the five seed articles and of PolNeAR dev (read
 * in place; news prose full of attributions), shuffled into articles of eight
 * paragraphs by a seeded generator until BENCH_TOKENS tokens (default 300,000).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze, tokenize } from '../src/analyze/index.js';
import { loadModel } from '../src/analyze/model.js';
import { loadQuoteModel } from '../src/analyze/quote-model.js';
import { findQuotes } from '../src/analyze/quotes.js';
import type { Analysis } from '../src/types.js';
import { mulberry32 } from '../src/random.js';

const root = resolve(fileURLToPath(import.meta.url), '..', '..', '..');
const shared = join(root, '..', 'shared');
const TARGET = Number(process.env.BENCH_TOKENS ?? 300_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/** Another build's quote layer, timed beside this one (BENCH_BASE: its dist/ folder). */
const base = process.env.BENCH_BASE
  ? {
      findQuotes: (
        (await import(
          join(resolve(process.env.BENCH_BASE), 'src/analyze/quotes.js')
        )) as typeof import('../src/analyze/quotes.js')
      ).findQuotes,
      model: (
        (await import(
          join(resolve(process.env.BENCH_BASE), 'src/analyze/quote-model.js')
        )) as typeof import('../src/analyze/quote-model.js')
      ).loadQuoteModel(),
    }
  : null;

function paragraphs(): string[] {
  const out: string[] = [];
  for (const f of readdirSync(join(shared, 'seeds')).sort())
    out.push(...readFileSync(join(shared, 'seeds', f), 'utf8').split(/\n\s*\n/));
  const dev = join(shared, 'data', 'polnear', 'dev', 'text');
  for (const f of readdirSync(dev).sort()) out.push(...readFileSync(join(dev, f), 'utf8').split(/\n\s*\n/));
  return out.map((p) => p.trim()).filter((p) => p.length > 40);
}

const random = mulberry32(42);
const pool = paragraphs();
const articles: string[] = [];
let tokens = 0;
while (tokens < TARGET) {
  const parts: string[] = [];
  for (let k = 0; k < 8; k++) parts.push(pool[Math.floor(random() * pool.length)]!);
  const body = parts.join('\n\n');
  articles.push(body);
  tokens += tokenize(body).length;
}
loadModel();
const model = loadQuoteModel();
const analyses: Analysis[] = articles.map((a) => analyze(a)); // warm-up, and the entities and times the quote layer reads
const toks = articles.map((a) => tokenize(a));
/** CPU seconds of this process (user + system): on a shared machine, less moved by other processes than wall time. */
const time = (work: () => void) => {
  const c0 = process.cpuUsage();
  work();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1e6;
};
const runs = {
  analyze: [] as number[],
  quotes: [] as number[],
  cues: [] as number[],
  rules: [] as number[],
  base: [] as number[],
};
for (let r = 0; r < ROUNDS; r++) {
  runs.analyze.push(time(() => articles.forEach((a) => analyze(a))));
  runs.quotes.push(
    time(() =>
      articles.forEach((a, i) =>
        findQuotes(a, toks[i], { entities: analyses[i]!.entities, times: analyses[i]!.times, model }),
      ),
    ),
  );
  if (base)
    runs.base.push(
      time(() =>
        articles.forEach((a, i) =>
          base.findQuotes(a, toks[i], {
            entities: analyses[i]!.entities,
            times: analyses[i]!.times,
            model: base.model,
          }),
        ),
      ),
    );
  runs.cues.push(
    time(() =>
      articles.forEach((a, i) =>
        findQuotes(a, toks[i], { entities: analyses[i]!.entities, times: analyses[i]!.times, model, bounds: null }),
      ),
    ),
  );
  runs.rules.push(
    time(() =>
      articles.forEach((a, i) =>
        findQuotes(a, toks[i], {
          entities: analyses[i]!.entities,
          times: analyses[i]!.times,
          model: null,
          bounds: null,
        }),
      ),
    ),
  );
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const a = median(runs.analyze);
const q = median(runs.quotes);
const cu = median(runs.cues);
const ru = median(runs.rules);
const rate = (s: number) => `${String(Math.round(tokens / s)).padStart(9)} tokens/s  (${s.toFixed(2)} s)`;
process.stdout.write(`corpus: ${articles.length} articles, ${tokens} tokens; medians of ${ROUNDS} rounds, CPU time\n`);
process.stdout.write(`analyze (whole stage, quotes included) ${rate(a)}\n`);
process.stdout.write(`quote layer, rules + cue + bounds    ${rate(q)}\n`);
process.stdout.write(`quote layer, rules + cue model       ${rate(cu)}\n`);
process.stdout.write(`quote layer, rules alone             ${rate(ru)}\n`);
const share = (x: number) => ((100 * x) / (a - q)).toFixed(1);
process.stdout.write(
  `attribution adds ${share(q)} % to the rest of the stage (budget 30 %); the cue model adds ${share(cu - ru)} %, the boundary model ${share(q - cu)} %\n`,
);
if (base) {
  const b = median(runs.base);
  process.stdout.write(
    `quote layer of ${process.env.BENCH_BASE} ${rate(b)}: it would add ${share(b)} % to the same rest of the stage; this build's layer is ${(b / q).toFixed(2)} times as fast\n`,
  );
}

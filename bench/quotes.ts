/**
 * `npm run bench:quotes`: what the attribution layer costs inside the analyze
 * stage (issue 5 allows at most 30 % of the rest of the stage per token). On
 * the same generated corpus, in one run and interleaved rounds (a noisy
 * machine): the whole `analyze()` (which runs the quote layer), the quote
 * layer alone with rules, cue and boundary models, without the boundary model,
 * and with rules alone. Every contender runs once untimed first; in each round
 * they take turns on slices of BENCH_SLICE articles (default 8), in an order
 * that turns every slice and reverses every other, so a change of load hits
 * them alike. Prints medians of CPU time over ROUNDS (default 7) and the ratio
 * quotes / (analyze - quotes).
 *
 * With BENCH_BASE=DIR (the `dist/` of another build, e.g. the base commit
 * built in a second worktree), that build's whole stage and quote layer are
 * timed in the same rounds, its layer on its own build's analyses of the same
 * articles, and printed beside this one's (without the breakdown, so both
 * builds run the same work): before/after figures from one run, as the median
 * of the per-round ratios. Given a copy of this build's own `dist/`, it prints
 * about 1.00.
 *
 * The corpus: paragraphs of the five seed articles and of PolNeAR dev (read
 * in place; news prose full of attributions), shuffled into articles of eight
 * paragraphs by a seeded generator until BENCH_TOKENS tokens (default 300,000).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { analyze, tokenize } from '../src/analyze/index.js';
import type { TokenForms } from '../src/analyze/forms.js';
import type { Tokens } from '../src/analyze/tokenize.js';
import type { QuoteModel } from '../src/analyze/quote-model.js';
import { findQuotes } from '../src/analyze/quotes.js';
import type { Analysis } from '../src/types.js';
import { mulberry32 } from '../src/random.js';

const root = resolve(fileURLToPath(import.meta.url), '..', '..', '..');
const shared = join(root, '..', 'shared');
const TARGET = Number(process.env.BENCH_TOKENS ?? 300_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
/** Articles per turn (see the rounds below). */
const SLICE = Number(process.env.BENCH_SLICE ?? 8);
/** Another build's quote layer, timed beside this one (BENCH_BASE: its dist/ folder). */
/** The functions of one build the bench times, loaded from its `dist/` (this one's, or BENCH_BASE). */
async function loadBuild(dist: string) {
  const at = (f: string) => join(dist, 'src/analyze', f);
  const index = (await import(at('index.js'))) as typeof import('../src/analyze/index.js');
  const quoteModel = (await import(at('quote-model.js'))) as typeof import('../src/analyze/quote-model.js');
  const bounds = (await import(at('quote-bounds.js'))) as typeof import('../src/analyze/quote-bounds.js');
  const words = (await import(at('quote-words.js'))) as typeof import('../src/analyze/quote-words.js');
  const forms = (await import(at('forms.js'))) as typeof import('../src/analyze/forms.js');
  const ner = (await import(at('model.js'))) as typeof import('../src/analyze/model.js');
  const model = quoteModel.loadQuoteModel();
  const table = words.quoteWords(model, bounds.loadBoundsModel());
  return {
    analyze: index.analyze,
    tokenize: index.tokenize,
    findQuotes: ((await import(at('quotes.js'))) as typeof import('../src/analyze/quotes.js')).findQuotes,
    model,
    /** The token forms the analyze stage makes once for the NER and the quote layer. */
    forms: (t: Tokens) => forms.tokenForms(t, ner.loadModel(), table),
  };
}
const here = await loadBuild(resolve(fileURLToPath(import.meta.url), '..', '..'));
const base = process.env.BENCH_BASE ? await loadBuild(resolve(process.env.BENCH_BASE)) : null;

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
const model = here.model;
/** Full collections between rounds, so a round starts from the same heap. */
v8.setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
/** CPU seconds of this process (user + system): on a shared machine, less moved by other processes than wall time. */
const cpu = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
};
type Options = { model?: QuoteModel | null; bounds?: null };
/** One contender's work on articles `[from, to)`. */
type Work = (from: number, to: number) => void;
/** Tokens and analyses made by the build whose layer reads them. */
interface Inputs {
  toks: Tokens[];
  analyses: Analysis[];
  forms: TokenForms[];
}
const inputs = (build: NonNullable<typeof base>): Inputs => {
  const toks = articles.map((a) => build.tokenize(a));
  return { toks, analyses: articles.map((a) => build.analyze(a)), forms: toks.map((t) => build.forms(t)) };
};
const ours = inputs(here);
const theirs = base ? inputs(base) : null;
/** The quote layer as the stage runs it: on the stage's tokens, entities, times and token forms. */
const layer =
  (find: typeof findQuotes, options: Options = {}, { toks, analyses, forms }: Inputs = ours): Work =>
  (from, to) => {
    for (let i = from; i < to; i++) {
      const { entities, times } = analyses[i]!;
      find(articles[i]!, toks[i], { entities, times, words: forms[i], ...options });
    }
  };
/** What is timed, each on every article once per round. */
const contenders: Record<string, Work> = {
  analyze: (from, to) => {
    for (let i = from; i < to; i++) analyze(articles[i]!);
  },
  quotes: layer(findQuotes, { model }),
  // the breakdown runs without a base: timing this build's layer in more ways than the base's
  // measured the base 1.09 times slower than the same code
  ...(base
    ? {}
    : { cues: layer(findQuotes, { model, bounds: null }), rules: layer(findQuotes, { model: null, bounds: null }) }),
  // the base's whole stage runs too and its layer reads its own tokens and analyses, so both
  // builds' code sees the same work (a build's layer timed without its stage measured 1.2 times
  // slower than the same code timed with it)
  ...(base
    ? {
        base: layer(base.findQuotes, { model: base.model }, theirs!),
        baseAnalyze: (from: number, to: number) => {
          for (let i = from; i < to; i++) base.analyze(articles[i]!);
        },
      }
    : {}),
};
const names = Object.keys(contenders);
const runs: Record<string, number[]> = Object.fromEntries(names.map((k) => [k, []]));
// warm every contender (its code compiled, its word tables built) before anything is timed
for (const k of names) contenders[k]!(0, articles.length);
for (let r = 0; r < ROUNDS; r++) {
  gc();
  const spent: Record<string, number> = Object.fromEntries(names.map((k) => [k, 0]));
  // the contenders take turns on small slices of the corpus (tens of milliseconds each), in an
  // order that turns every slice and reverses every other: a change of load hits all of them
  // alike, and none always runs first or right after the same one (timing whole passes one after
  // another measured 2.14 times between two identical builds)
  for (let from = 0, slice = 0; from < articles.length; from += SLICE, slice++) {
    const to = Math.min(articles.length, from + SLICE);
    const turned = names.map((_, j) => names[(j + slice + r) % names.length]!);
    for (const k of slice % 2 ? turned.reverse() : turned) {
      const c0 = cpu();
      contenders[k]!(from, to);
      spent[k]! += cpu() - c0;
    }
  }
  for (const k of names) runs[k]!.push(spent[k]!);
}
const median = (xs: number[]) => {
  const ys = [...xs].sort((a, b) => a - b);
  const m = ys.length >> 1;
  return ys.length % 2 ? ys[m]! : (ys[m - 1]! + ys[m]!) / 2;
};
const a = median(runs.analyze!);
const q = median(runs.quotes!);
const rate = (s: number) => `${String(Math.round(tokens / s)).padStart(9)} tokens/s  (${s.toFixed(2)} s)`;
process.stdout.write(`corpus: ${articles.length} articles, ${tokens} tokens; medians of ${ROUNDS} rounds, CPU time\n`);
process.stdout.write(`analyze (whole stage, quotes included) ${rate(a)}\n`);
process.stdout.write(`quote layer, rules + cue + bounds    ${rate(q)}\n`);
const share = (x: number) => ((100 * x) / (a - q)).toFixed(1);
process.stdout.write(`attribution adds ${share(q)} % to the rest of the stage (budget 30 %)\n`);
if (!base) {
  const cu = median(runs.cues!);
  const ru = median(runs.rules!);
  process.stdout.write(`quote layer, rules + cue model       ${rate(cu)}\n`);
  process.stdout.write(`quote layer, rules alone             ${rate(ru)}\n`);
  process.stdout.write(`the cue model adds ${share(cu - ru)} %, the boundary model ${share(q - cu)} %\n`);
}
if (base) {
  const b = median(runs.base!);
  // the ratio of each round's pair (timed next to each other), then their median and range
  const ratios = runs.base!.map((x, r) => x / runs.quotes![r]!).sort((x, y) => x - y);
  process.stdout.write(`analyze of ${process.env.BENCH_BASE} ${rate(median(runs.baseAnalyze!))}\n`);
  process.stdout.write(
    `quote layer of ${process.env.BENCH_BASE} ${rate(b)}: it would add ${share(b)} % to the same rest of the stage; base / this build per round: median ${median(ratios).toFixed(2)} (${ratios[0]!.toFixed(2)}-${ratios[ratios.length - 1]!.toFixed(2)})\n`,
  );
}

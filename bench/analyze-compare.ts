/**
 * `node dist/bench/analyze-compare.js OTHER_DIST [REPS]`: this build's NER
 * (`recognizeDocument`, words made beforehand) and whole analyze stage beside
 * another build's (`OTHER_DIST`: the `dist/` folder of an earlier checkout,
 * built with `npm run build`), both loaded in one process and run in turn, so
 * a loaded shared machine slows both alike. CPU seconds of this process; prints
 * each build's median µs a token and the median of the per-round speed ratios
 * (this build's rate over the other's). Also checks that both builds find the
 * same entities on the sample, and says so.
 *
 * The corpus is `bench/analyze.ts`'s first BENCH_TOKENS tokens (default 500,000
 * for the NER, 200,000 for the stage); REPS rounds (default 7).
 */
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchArticles } from './analyze-corpus.js';

const [other, repsArg] = process.argv.slice(2);
if (!other)
  throw new Error('usage: analyze-compare OTHER_DIST [REPS]: OTHER_DIST is the dist/ folder of another build');
const reps = Number(repsArg ?? 7);
if (!Number.isInteger(reps) || reps < 1)
  throw new Error(`analyze-compare: REPS must be a positive integer, not ${repsArg}`);
const here = resolve(fileURLToPath(import.meta.url), '..', '..');
const there = isAbsolute(other) ? other : resolve(other);

interface Build {
  name: string;
  recognizeDocument: (sentences: string[][], model: unknown) => unknown[][];
  model: unknown;
  analyze: (body: string, opts: { published: string }) => unknown;
}
async function load(name: string, dist: string): Promise<Build> {
  const url = (p: string) => `file://${join(dist, p)}`;
  const entities = await import(url('src/analyze/entities.js'));
  const index = await import(url('src/analyze/index.js'));
  const model = (await import(url('src/analyze/model.js'))).loadModel();
  return { name, recognizeDocument: entities.recognizeDocument, model, analyze: index.analyze };
}
const builds = [await load('other', there), await load('this', here)] as const;
const { tokenize, tokenText } = await import('../src/analyze/tokenize.js');

const cpu = (work: () => void) => {
  const t0 = process.cpuUsage();
  work();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1e6;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;

function compare(label: string, tokens: number, run: (b: Build) => void): void {
  for (const b of builds) run(b); // warm-up
  const times: [number[], number[]] = [[], []];
  const ratios: number[] = [];
  for (let r = 0; r < reps; r++) {
    const a = cpu(() => run(builds[0]));
    const b = cpu(() => run(builds[1]));
    times[0].push(a);
    times[1].push(b);
    ratios.push(a / b);
  }
  const us = (t: number[]) => ((median(t) / tokens) * 1e6).toFixed(3);
  process.stdout.write(
    `${label.padEnd(12)} ${tokens} tokens: other ${us(times[0])} µs/token, this ${us(times[1])} µs/token; ` +
      `speed ratio (this/other) median ${median(ratios).toFixed(2)} of ${reps} [${ratios.map((x) => x.toFixed(2)).join(' ')}]\n`,
  );
}

const nerCorpus = benchArticles(Number(process.env.BENCH_TOKENS ?? 500_000));
const documents = nerCorpus.articles.map((body) => {
  const t = tokenize(body);
  const sentences: string[][] = [];
  for (let s = 0; s < t.sentences; s++) {
    const words: string[] = [];
    for (let i = t.sentStarts[s] as number; i < (t.sentEnds[s] as number); i++) words.push(tokenText(t, i));
    sentences.push(words);
  }
  return sentences;
});
const found = builds.map((b) => JSON.stringify(documents.map((d) => b.recognizeDocument(d, b.model))));
process.stdout.write(
  `entities on the NER sample: ${found[0] === found[1] ? 'identical' : 'DIFFERENT'} in both builds\n`,
);
compare('NER alone', nerCorpus.tokens, (b) => {
  for (const d of documents) b.recognizeDocument(d, b.model);
});
const stageCorpus = benchArticles(Number(process.env.BENCH_STAGE_TOKENS ?? 200_000));
compare('whole stage', stageCorpus.tokens, (b) => {
  for (const a of stageCorpus.articles) b.analyze(a, { published: '2020-02-17' });
});

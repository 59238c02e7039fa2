/**
 * `node dist/bench/analyze-same.js OTHER_DIST [TOKENS]`: checks that this
 * build's analyze stage gives the same output as another build's
 * (`OTHER_DIST`: the `dist/` folder of an earlier checkout, built with
 * `npm run build`) on every article of the analyze benchmark's corpus
 * (`bench/analyze-corpus.ts`, TOKENS tokens, default 1,500,000): compares
 * `JSON.stringify(analyze(body))` and prints how many articles were compared
 * and how many differ (the first differing article's index too). Exits 1 when
 * any differs.
 */
import { isAbsolute, join, resolve } from 'node:path';
import { analyze } from '../src/analyze/index.js';
import { benchArticles } from './analyze-corpus.js';

const [other, tokensArg] = process.argv.slice(2);
if (!other) throw new Error('usage: analyze-same OTHER_DIST [TOKENS]: OTHER_DIST is the dist/ folder of another build');
const target = Number(tokensArg ?? 1_500_000);
if (!Number.isInteger(target) || target < 1)
  throw new Error(`analyze-same: TOKENS must be a positive integer, not ${tokensArg}`);
const there = join(isAbsolute(other) ? other : resolve(other), 'src/analyze/index.js');
const theirs = (await import(`file://${there}`)).analyze as typeof analyze;

const { articles, tokens } = benchArticles(target);
let differing = 0;
let first = -1;
articles.forEach((body, k) => {
  const opts = { published: '2020-02-17' };
  if (JSON.stringify(analyze(body, opts)) !== JSON.stringify(theirs(body, opts))) {
    differing++;
    if (first < 0) first = k;
  }
});
process.stdout.write(
  `analyze output: ${articles.length} articles (${tokens} tokens) compared, ${differing} differing` +
    (first >= 0 ? ` (first: article ${first})` : '') +
    '\n',
);
if (differing) process.exitCode = 1;

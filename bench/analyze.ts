/**
 * `npm run bench:analyze`: tokens per second on one core of the whole analyze
 * stage (tokens, sentences, NER, time expressions, amounts) beside wink-nlp's
 * pipeline (with its NER) and compromise (people, places, organisations), on
 * the same generated corpus in one run. Tokens are counted by our tokenizer
 * for every system, so the rates compare the same text.
 *
 * The corpus (`analyze-corpus.ts`): paragraphs of the five seed articles and of
 * GUM's news documents, shuffled into articles by a seeded generator until
 * BENCH_TOKENS tokens (default 5,000,000). The references run on the first
 * BENCH_REFERENCE_TOKENS tokens (default 500,000), being slower.
 *
 * Times are CPU seconds of this process (`process.cpuUsage`), so a loaded
 * shared machine slows every system alike instead of whichever ran when the
 * load peaked.
 *
 * A breakdown follows on that same sample: each part of the stage timed
 * alone on tokens made beforehand, so the cost of each is seen.
 */
import nlp from 'compromise';
import model from 'wink-eng-lite-web-model';
import winkNLP from 'wink-nlp';
import { findAmounts } from '../src/analyze/amounts.js';
import { recognizeDocument } from '../src/analyze/entities.js';
import { analyze, tokenize, tokenText } from '../src/analyze/index.js';
import { loadModel } from '../src/analyze/model.js';
import { findQuotes } from '../src/analyze/quotes.js';
import { findTimes, referenceDate } from '../src/analyze/times.js';
import { benchArticles } from './analyze-corpus.js';

const TARGET = Number(process.env.BENCH_TOKENS ?? 5_000_000);
const REFERENCE = Number(process.env.BENCH_REFERENCE_TOKENS ?? 500_000);

const { articles, tokens } = benchArticles(TARGET);
const sample: string[] = [];
let sampleTokens = 0;
for (const a of articles) {
  if (sampleTokens >= REFERENCE) break;
  sample.push(a);
  sampleTokens += tokenize(a).length;
}

loadModel();
/**
 * Seconds of this process's CPU time (user + system) spent in `work`: the
 * benchmark is single-threaded, so on an idle machine this is its wall time,
 * and on a shared one it leaves out the time other processes held the core.
 */
const time = (work: () => void) => {
  const t0 = process.cpuUsage();
  work();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1e6;
};
const rows: Array<[string, number, number]> = [];
analyze(sample[0] as string, { published: '2020-02-17' }); // warm-up
const tokOnly = time(() => {
  for (const a of articles) tokenize(a);
});
rows.push(['dossier tokenize+sentences', tokens, tokOnly]);
const ours = time(() => {
  for (const a of articles) analyze(a, { published: '2020-02-17' });
});
rows.push(['dossier analyze (whole stage)', tokens, ours]);
const wink = winkNLP(model);
const winkTime = time(() => {
  for (const a of sample) wink.readDoc(a).entities().out();
});
rows.push(['wink-nlp readDoc + entities', sampleTokens, winkTime]);
const compromiseTime = time(() => {
  for (const a of sample) {
    const d = nlp(a);
    d.people().out('array');
    d.places().out('array');
    d.organizations().out('array');
  }
});
rows.push(['compromise people/places/orgs', sampleTokens, compromiseTime]);

// breakdown on the sample: tokens made once, each part alone
const nerModel = loadModel();
const sampleTokenised = sample.map((a) => tokenize(a));
const sentencesOf = (t: ReturnType<typeof tokenize>) => {
  const out: Array<{ start: number; end: number }> = [];
  for (let s = 0; s < t.sentences; s++)
    out.push({
      start: t.starts[t.sentStarts[s] as number] as number,
      end: t.ends[(t.sentEnds[s] as number) - 1] as number,
    });
  return out;
};
const parts: Array<[string, number]> = [];
parts.push([
  'named entities',
  time(() => {
    for (const t of sampleTokenised) {
      const sentences: string[][] = [];
      for (let s = 0; s < t.sentences; s++) {
        const words: string[] = [];
        for (let i = t.sentStarts[s] as number; i < (t.sentEnds[s] as number); i++) words.push(tokenText(t, i));
        sentences.push(words);
      }
      recognizeDocument(sentences, nerModel);
    }
  }),
]);
parts.push([
  'time expressions',
  time(() => {
    for (const t of sampleTokenised) {
      const sentences = sentencesOf(t);
      findTimes(t.text, sentences, referenceDate(t.text, sentences, '2020-02-17'));
    }
  }),
]);
parts.push([
  'amounts',
  time(() => {
    for (const t of sampleTokenised) findAmounts(t);
  }),
]);
parts.push([
  'quotes',
  time(() => {
    for (const t of sampleTokenised) findQuotes(t.text, t);
  }),
]);

process.stdout.write(`corpus: ${articles.length} articles, ${tokens} tokens (references on ${sampleTokens})\n`);
for (const [name, n, s] of rows) {
  process.stdout.write(
    `${name.padEnd(32)} ${String(Math.round(n / s)).padStart(10)} tokens/s  (${s.toFixed(2)} s CPU)\n`,
  );
}
process.stdout.write(`breakdown on the reference sample (each part alone, tokens made beforehand):\n`);
for (const [name, s] of parts) {
  process.stdout.write(
    `  ${name.padEnd(30)} ${String(Math.round(sampleTokens / s)).padStart(10)} tokens/s  (${s.toFixed(2)} s CPU)\n`,
  );
}
const perArticle = (ours / articles.length) * 1000;
process.stdout.write(
  `analyze cost per article: ${perArticle.toFixed(3)} ms (${Math.round(tokens / articles.length)} tokens each)\n`,
);

/**
 * `npm run bench:compare [-- --data ../shared/data/basil --events 10 --repeat 5]`:
 * the cost of comparing a story against the cost of analysing its articles,
 * measured in the same run on BASIL events (three outlets' articles each).
 * Prints medians in milliseconds per story and their ratio (the machine is
 * shared: read the ratio), and the comparison without its bias candidates.
 */
import { analyze } from '../src/analyze/index.js';
import { type CompareArticle, compareStory } from '../src/compare/index.js';
import { readBasil } from '../eval/compare.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? (process.argv[i + 1] as string) : fallback;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? 0;

const data = arg('data', '../shared/data/basil');
const events = readBasil(data).slice(0, Number(arg('events', '10')));
const repeat = Number(arg('repeat', '5'));
// load the NER model and the tone lexicon before timing
compareStory({
  articles: [{ id: 'w', outlet: 'w', published: null, title: null, body: 'Warm up.', analysis: analyze('Warm up.') }],
});
const analyseMs: number[] = [];
const compareMs: number[] = [];
const plainMs: number[] = [];
for (let r = 0; r < repeat; r++) {
  for (const e of events) {
    let t0 = performance.now();
    const articles: CompareArticle[] = e.articles.map((a) => ({
      id: a.id,
      outlet: a.outlet,
      published: a.published,
      title: a.title,
      body: a.body,
      analysis: analyze(a.body, { published: a.published }),
    }));
    analyseMs.push(performance.now() - t0);
    t0 = performance.now();
    compareStory({ articles });
    compareMs.push(performance.now() - t0);
    t0 = performance.now();
    compareStory({ articles, biasModel: null });
    plainMs.push(performance.now() - t0);
  }
}
const a = median(analyseMs);
const c = median(compareMs);
const p = median(plainMs);
process.stdout.write(
  `${events.length} events x ${repeat}: median per 3-article story  analyze ${a.toFixed(1)} ms  compare ${c.toFixed(1)} ms  compare/analyze ${(c / a).toFixed(2)}  ` +
    `(without bias candidates ${p.toFixed(1)} ms, ${(p / a).toFixed(2)})\n`,
);

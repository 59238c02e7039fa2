/**
 * Where the quote layer loses recall on a PolNeAR part: gold cues no predicted
 * cue overlaps, bucketed by their lower-cased text, with how often each
 * bucket's words occur in the texts. Error analysis runs on `train`, never on
 * `dev`. `node dist/scripts/quotes-misses.js ../shared/data/polnear/train [N]`.
 */
import { readPolnear } from '../eval/quotes.js';
import { analyze } from '../src/analyze/index.js';

const dir = process.argv[2] ?? '../shared/data/polnear/train';
const limit = Number(process.argv[3] ?? 300);
const docs = readPolnear(dir).slice(0, limit);
const missed = new Map<string, number>();
const found = new Map<string, number>();
const examples = new Map<string, string[]>();
let gold = 0;
let hit = 0;
for (const d of docs) {
  const quotes = analyze(d.text).quotes ?? [];
  const cues = quotes.flatMap((q) => (q.cue ? [q.cue] : []));
  for (const a of d.attributions) {
    for (const c of a.cue.slice(0, 1)) {
      gold++;
      const k = d.text.slice(c.start, c.end).toLowerCase().replace(/\s+/g, ' ');
      if (cues.some((p) => p.start < c.end && c.start < p.end)) {
        hit++;
        found.set(k, (found.get(k) ?? 0) + 1);
      } else {
        missed.set(k, (missed.get(k) ?? 0) + 1);
        const ex = examples.get(k) ?? [];
        if (ex.length < 2) ex.push(d.text.slice(Math.max(0, c.start - 80), c.end + 80).replace(/\s+/g, ' '));
        examples.set(k, ex);
      }
    }
  }
}
console.log(`gold cues ${gold}, found ${hit} (${((100 * hit) / gold).toFixed(1)} %)`);
for (const [k, n] of [...missed].sort((a, b) => b[1] - a[1]).slice(0, 80))
  console.log(`${String(n).padStart(5)} ${k.padEnd(24)} found ${found.get(k) ?? 0} | ${(examples.get(k) ?? [])[0]}`);

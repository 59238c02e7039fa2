/**
 * Where the quote layer loses recall on a PolNeAR part: gold cues no predicted
 * cue overlaps, bucketed by their lower-cased text, with how often each
 * bucket's words occur in the texts; then, for Source and Content, how each
 * gold span fails exact match: no predicted span overlaps it (missed), or the
 * overlapping one starts or ends wrong (early or late by how many characters), and for the content
 * ends what lies between (a coordinated clause, a phrase of place or time, ...). Cue error analysis
 * runs on `train`; the edges were also read on `dev` (session 17), every rule checked on `train`. `node dist/scripts/quotes-misses.js ../shared/data/polnear/train [N] [CUE]` (CUE: print
 * every missed gold cue of that text).
 */
import { readPolnear } from '../eval/quotes.js';
import type { Span } from '../src/types.js';
import { analyze } from '../src/analyze/index.js';

const dir = process.argv[2] ?? '../shared/data/polnear/train';
const limit = Number(process.argv[3] ?? 300);
/** A cue (lower case) whose every miss is printed after the buckets (`... train 150 said`). */
const show = process.argv[4];
const docs = readPolnear(dir).slice(0, limit);
const missed = new Map<string, number>();
const found = new Map<string, number>();
const examples = new Map<string, string[]>();
let gold = 0;
let hit = 0;
/** Exact-match outcome counts per role: `exact`, `missed`, `start early|late`, `end early|late`, ... */
const edges = { source: new Map<string, number>(), content: new Map<string, number>() };
const trim = (text: string, sp: Span): Span => {
  let { start, end } = sp;
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return { start, end };
};
const size = (d: number) => (Math.abs(d) <= 2 ? '1-2' : Math.abs(d) <= 20 ? '3-20' : '>20');
/** What lies between a predicted and a gold content end, in named classes (a content end's error analysis). */
const GAP_CLASSES: [string, RegExp][] = [
  ['punctuation only', /^[\s"“”'‘’.,;:?!)(—–-]*$/],
  ['a sentence or paragraph more', /[.?!]["”’]?\s+["“]?[A-Z(]/],
  ['a coordinated clause (, but / and / though ...)', /^\s*,?\s*(but|and|or|though|although|while|yet)\b/i],
  ['a comma and a participle', /^\s*,\s*\w+ing\b/],
  [
    'a phrase of place, time or channel',
    /^\s*,?\s*(in|on|at|during|since|after|before|when|because|as|for|to|from|with|by|about|over|of|until|amid|despite)\b/i,
  ],
  ['another comma phrase', /^\s*,/],
];
const gapClass = (gap: string) => GAP_CLASSES.find(([, re]) => re.test(gap))?.[0] ?? 'other';
/** Content ends predicted too late or too early, by what lies between (`gapClass`). */
const gaps = new Map<string, number>();
function classify(text: string, role: 'source' | 'content', gold: Span[], pred: Span[]): void {
  const ps = pred.map((p) => trim(text, p));
  for (const g0 of gold) {
    const g = trim(text, g0);
    let best: Span | null = null;
    let bestOv = 0;
    for (const p of ps) {
      const ov = Math.min(p.end, g.end) - Math.max(p.start, g.start);
      if (ov > bestOv) [best, bestOv] = [p, ov];
    }
    const ks: string[] = [];
    if (!best) ks.push('missed');
    else if (best.start === g.start && best.end === g.end) ks.push('exact');
    else {
      if (best.start !== g.start)
        ks.push(`start ${best.start < g.start ? 'early' : 'late'} ${size(best.start - g.start)}`);
      if (best.end !== g.end) ks.push(`end ${best.end < g.end ? 'early' : 'late'} ${size(best.end - g.end)}`);
      if (role === 'content' && best.end !== g.end) {
        const late = best.end > g.end;
        const k = `end ${late ? 'late' : 'early'}: ${gapClass(late ? text.slice(g.end, best.end) : text.slice(best.end, g.end))}`;
        gaps.set(k, (gaps.get(k) ?? 0) + 1);
      }
    }
    for (const k of ks) edges[role].set(k, (edges[role].get(k) ?? 0) + 1);
  }
}
for (const d of docs) {
  const quotes = analyze(d.text).quotes ?? [];
  classify(
    d.text,
    'source',
    d.source,
    quotes.flatMap((q) => (q.speaker.mention ? [q.speaker.mention] : [])),
  );
  classify(
    d.text,
    'content',
    d.content,
    quotes.flatMap((q) => q.parts),
  );
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
        if (ex.length < (k === show ? 1000 : 2))
          ex.push(d.text.slice(Math.max(0, c.start - 80), c.end + 80).replace(/\s+/g, ' '));
        examples.set(k, ex);
      }
    }
  }
}
console.log(`gold cues ${gold}, found ${hit} (${((100 * hit) / gold).toFixed(1)} %)`);
for (const [k, n] of [...missed].sort((a, b) => b[1] - a[1]).slice(0, 80))
  console.log(`${String(n).padStart(5)} ${k.padEnd(24)} found ${found.get(k) ?? 0} | ${(examples.get(k) ?? [])[0]}`);
for (const role of ['source', 'content'] as const) {
  console.log(`\n${role}: gold spans by exact-match outcome (a span wrong at both ends counts under both)`);
  for (const [k, n] of [...edges[role]].sort((a, b) => b[1] - a[1])) console.log(`${String(n).padStart(6)} ${k}`);
}
console.log('\ncontent ends off, by what lies between the predicted and the gold end');
for (const [k, n] of [...gaps].sort((a, b) => b[1] - a[1])) console.log(`${String(n).padStart(6)} ${k}`);
if (show) for (const ex of examples.get(show) ?? []) console.log(`\nmissed ${show}: ${ex}`);

/**
 * Why the quote layer misses gold cues on a PolNeAR part: each gold cue no
 * predicted cue overlaps is put in one class, first that applies — no letter
 * in it (`―`, `:`), inside quotation marks, inside a predicted content or
 * source, a lexicon cue word the rules did not take, a cue-model candidate
 * (scored above zero or not), else a word neither table holds, by form (a
 * verb ending `-ed`/`-s`/`-ing` after a name or pronoun, other `-ed`/`-s`/`-ing`,
 * a noun phrase `statement`, `report`, ...). Prints the counts, cue recall,
 * and a few cues of each class.
 * `node dist/scripts/quote-cue-misses.js ../shared/data/polnear/dev [EXAMPLES]`.
 */
import { readPolnear } from '../eval/quotes.js';
import { analyze } from '../src/analyze/index.js';
import { CUES } from '../src/analyze/quote-lexicon.js';
import { cueContext, cueFeatures, cueScore, loadQuoteModel, quotedSentences } from '../src/analyze/quote-model.js';
import { KIND, tokenize } from '../src/analyze/tokenize.js';
import type { Span } from '../src/types.js';

const dir = process.argv[2] ?? '../shared/data/polnear/dev';
const shown = Number(process.argv[3] ?? 6);
const model = loadQuoteModel();
const docs = readPolnear(dir);
const classes = new Map<string, string[]>();
let gold = 0;
let hit = 0;
const within = (spans: readonly Span[], a: number, b: number) => spans.some((s) => s.start <= a && b <= s.end);
const NOUNS = /(ment|tion|sion|ance|ence|ure|report|poll|survey|study|analysis|data|claim|remarks?|comments?)$/;

for (const d of docs) {
  const quotes = analyze(d.text).quotes ?? [];
  const cues = quotes.flatMap((q) => (q.cue ? [q.cue] : []));
  const contents = quotes.flatMap((q) => q.parts);
  const sources = quotes.flatMap((q) => (q.speaker.mention ? [q.speaker.mention] : []));
  const t = tokenize(d.text);
  const c = cueContext(d.text, t);
  const qs = quotedSentences(c, t);
  const sentOf = new Int32Array(t.length);
  for (let s = 0; s < t.sentences; s++) sentOf.fill(s, t.sentStarts[s]!, t.sentEnds[s]!);
  for (const a of d.attributions) {
    const g = a.cue[0];
    if (!g) continue;
    gold++;
    if (cues.some((p) => p.start < g.end && g.start < p.end)) {
      hit++;
      continue;
    }
    const text = d.text.slice(g.start, g.end).replace(/\s+/g, ' ');
    const toks: number[] = [];
    for (let i = 0; i < t.length; i++)
      if (t.starts[i]! < g.end && g.start < t.ends[i]! && t.kinds[i] === KIND.word) toks.push(i);
    let k: string;
    if (!/\p{L}/u.test(text) || toks.length === 0) k = 'no letter (―, :, --)';
    else if (toks.every((i) => c.quoted[i])) k = 'inside quotation marks';
    else if (within(contents, g.start, g.end)) k = 'inside a predicted content';
    else if (within(sources, g.start, g.end)) k = 'inside a predicted source';
    else if (toks.some((i) => CUES.has(c.low[i]!))) k = 'lexicon word, no statement';
    else if (model && toks.some((i) => model.candidates.has(c.low[i]!))) {
      const scored = toks.some((i) => {
        if (!model.candidates.has(c.low[i]!)) return false;
        const s = sentOf[i]!;
        const f = cueFeatures(c, i, t.sentStarts[s]!, t.sentEnds[s]!, qs[s] === 1, model.space);
        return cueScore(model.weights, f) > model.threshold;
      });
      k = scored ? 'candidate scored above threshold, no statement' : 'candidate scored at or below threshold';
    } else {
      const head = c.low[toks[toks.length - 1]!]!;
      const before = toks[0]! > 0 ? c.raw[toks[0]! - 1]! : '';
      const verbish = /(ed|s|ing)$/.test(head);
      if (NOUNS.test(head)) k = 'other word: noun (statement, report, ...)';
      else if (verbish && /^[A-Z]/.test(before)) k = 'other word: -ed/-s/-ing after a capitalised word';
      else if (verbish) k = 'other word: -ed/-s/-ing';
      else k = 'other word: else';
    }
    const ex = classes.get(k) ?? [];
    ex.push(`${text} | ${d.text.slice(Math.max(0, g.start - 50), g.end + 30).replace(/\s+/g, ' ')}`);
    classes.set(k, ex);
  }
}
console.log(`${dir}: gold cues ${gold}, overlapped by a predicted cue ${hit} (${((100 * hit) / gold).toFixed(1)} %)`);
for (const [k, ex] of [...classes].sort((a, b) => b[1].length - a[1].length)) {
  console.log(`\n${String(ex.length).padStart(5)} ${k}`);
  for (const e of ex.slice(0, shown)) console.log(`        ${e}`);
}

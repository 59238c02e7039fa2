/**
 * The PolNeAR attribution scorer: reads the brat standoff layout
 * (`<part>/text/<article>.txt`, `<part>/attributions/<article>_<annotator>.ann`)
 * in place, runs the quote layer on every text, and scores Source, Cue and
 * Content spans (exact and overlap match) and whole attributions. The
 * definitions are in docs/QUOTES.md; the arithmetic is `scoreDocuments`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Quote, Span } from '../src/types.js';

/** The three span roles of an attribution. */
export const ROLES = ['source', 'cue', 'content'] as const;
export type Role = (typeof ROLES)[number];

/** One attribution: its content pieces, cue pieces, and source pieces (none for `Attribution-no-source`). */
export interface Attribution {
  content: Span[];
  cue: Span[];
  source: Span[];
}

/** The spans of one document, by role, plus its attributions. UTF-16 offsets into `text`. */
export interface DocSpans {
  source: Span[];
  cue: Span[];
  content: Span[];
  attributions: Attribution[];
}

/** A gold document: text, gold spans, and its name. */
export interface GoldDoc extends DocSpans {
  id: string;
  text: string;
}

/** Maps Unicode code-point offsets (PolNeAR's, Python string indices) to UTF-16 offsets (JavaScript's). */
export function codePointToUtf16(text: string): (cp: number) => number {
  const table: number[] = [];
  let u = 0;
  for (const ch of text) {
    table.push(u);
    u += ch.length;
  }
  table.push(u);
  return (cp) => table[Math.max(0, Math.min(cp, table.length - 1))]!;
}

/**
 * Parses a brat `.ann` file against its text. Lines that are not annotation
 * records (the continuation of a covered text holding a newline) are skipped:
 * spans are read from offsets, never from the covered-text column.
 */
export function parseBrat(ann: string, text: string): DocSpans {
  const toU = codePointToUtf16(text);
  const spans = new Map<string, { type: string; pieces: Span[] }>();
  const events: string[] = [];
  for (const line of ann.split('\n')) {
    const t = /^(T\d+)\t(\S+) ([\d ;]+)\t?/.exec(line);
    if (t) {
      const pieces = t[3]!
        .trim()
        .split(';')
        .map((p) => p.trim().split(/\s+/).map(Number))
        .filter((p) => p.length === 2 && p.every(Number.isFinite))
        .map(([s, e]) => trim(text, { start: toU(s!), end: toU(e!) }))
        .filter((p) => p.end > p.start);
      spans.set(t[1]!, { type: t[2]!, pieces });
      continue;
    }
    if (/^E\d+\t/.test(line)) events.push(line);
  }
  const out: DocSpans = { source: [], cue: [], content: [], attributions: [] };
  for (const { type, pieces } of spans.values()) {
    if (type === 'Source') out.source.push(...pieces);
    else if (type === 'Cue') out.cue.push(...pieces);
    else if (type === 'Content') out.content.push(...pieces);
  }
  for (const line of events) {
    const a: Attribution = { content: [], cue: [], source: [] };
    for (const arg of line.split('\t')[1]!.trim().split(/\s+/)) {
      const [role, id] = arg.split(':');
      const s = spans.get(id ?? '');
      if (!s) continue;
      if (role === 'Content') a.content.push(...s.pieces);
      else if (role === 'Cue') a.cue.push(...s.pieces);
      else if (role === 'Source') a.source.push(...s.pieces);
    }
    if (a.content.length) out.attributions.push(a);
  }
  return out;
}

/** A document's predicted spans as the scorer reads them: each quote's speaker mention, cue and content parts, trimmed. */
export function predictedSpans(text: string, quotes: readonly Quote[]): DocSpans {
  const t = (sp: Span) => trim(text, sp);
  return {
    source: quotes.flatMap((q) => (q.speaker.mention ? [t(q.speaker.mention)] : [])),
    cue: quotes.flatMap((q) => (q.cue ? [t(q.cue)] : [])),
    content: quotes.flatMap((q) => q.parts.map(t)),
    attributions: quotes.map((q) => ({
      content: q.parts.map(t),
      cue: q.cue ? [t(q.cue)] : [],
      source: q.speaker.mention ? [t(q.speaker.mention)] : [],
    })),
  };
}

/** A span without the white space at its edges. */
export function trim(text: string, s: Span): Span {
  let { start, end } = s;
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return { start, end };
}

/** Reads every `.ann` of a PolNeAR part (`dev`, `train`) with its text. */
export function readPolnear(dir: string): GoldDoc[] {
  const annDir = join(dir, 'attributions');
  const textDir = join(dir, 'text');
  const docs: GoldDoc[] = [];
  for (const f of readdirSync(annDir).sort()) {
    if (!f.endsWith('.ann')) continue;
    const article = f.replace(/_[^_]+\.ann$/, '');
    const text = readFileSync(join(textDir, `${article}.txt`), 'utf8');
    docs.push({ id: f.replace(/\.ann$/, ''), text, ...parseBrat(readFileSync(join(annDir, f), 'utf8'), text) });
  }
  return docs;
}

/** Precision, recall and F1 from counts (percent, one decimal kept by the printer). */
export interface PRF {
  tp: number;
  predicted: number;
  gold: number;
  precision: number;
  recall: number;
  f1: number;
}

export function prf(tpPred: number, predicted: number, tpGold: number, gold: number): PRF {
  const precision = predicted ? (100 * tpPred) / predicted : 0;
  const recall = gold ? (100 * tpGold) / gold : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { tp: tpPred, predicted, gold, precision, recall, f1 };
}

const key = (s: Span) => `${s.start}:${s.end}`;
const overlap = (a: Span, b: Span) => Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
const dedupe = (spans: readonly Span[]) => [...new Map(spans.map((s) => [key(s), s])).values()];

/** Exact matches between two span lists (as sets). */
function exactMatches(pred: readonly Span[], gold: readonly Span[]): number {
  const g = new Set(gold.map(key));
  let tp = 0;
  for (const p of dedupe(pred)) if (g.has(key(p))) tp++;
  return tp;
}

/** One-to-one overlap matches: each predicted span to the unmatched gold span it overlaps most. */
function overlapMatches(pred: readonly Span[], gold: readonly Span[]): number {
  const used = new Uint8Array(gold.length);
  let tp = 0;
  for (const p of dedupe(pred)) {
    let best = -1;
    let bestLen = 0;
    gold.forEach((g, k) => {
      const o = overlap(p, g);
      if (!used[k] && o > bestLen) {
        best = k;
        bestLen = o;
      }
    });
    if (best >= 0) {
      used[best] = 1;
      tp++;
    }
  }
  return tp;
}

/** Does a predicted attribution match a gold one: contents overlap, and sources overlap (or both are absent)? */
function attributionMatches(p: Attribution, g: Attribution): boolean {
  if (!p.content.some((a) => g.content.some((b) => overlap(a, b) > 0))) return false;
  if (g.source.length === 0) return p.source.length === 0;
  return p.source.some((a) => g.source.some((b) => overlap(a, b) > 0));
}

/** The figures of one system over a set of documents. */
export interface QuoteScores {
  documents: number;
  exact: Record<Role, PRF>;
  overlap: Record<Role, PRF>;
  attribution: PRF;
}

/** Scores predicted spans against gold ones, pooled over all documents. */
export function scoreDocuments(pairs: ReadonlyArray<{ gold: DocSpans; pred: DocSpans }>): QuoteScores {
  const counts = {
    exact: { source: [0, 0, 0], cue: [0, 0, 0], content: [0, 0, 0] } as Record<Role, number[]>,
    overlap: { source: [0, 0, 0], cue: [0, 0, 0], content: [0, 0, 0] } as Record<Role, number[]>,
  };
  let attTp = 0;
  let attPred = 0;
  let attGold = 0;
  for (const { gold, pred } of pairs) {
    for (const role of ROLES) {
      const p = dedupe(pred[role]);
      const g = dedupe(gold[role]);
      const e = counts.exact[role];
      const o = counts.overlap[role];
      e[0]! += exactMatches(p, g);
      e[1]! += p.length;
      e[2]! += g.length;
      o[0]! += overlapMatches(p, g);
      o[1]! += p.length;
      o[2]! += g.length;
    }
    const used = new Uint8Array(gold.attributions.length);
    for (const a of pred.attributions) {
      const k = gold.attributions.findIndex((g, i) => !used[i] && attributionMatches(a, g));
      if (k >= 0) {
        used[k] = 1;
        attTp++;
      }
    }
    attPred += pred.attributions.length;
    attGold += gold.attributions.length;
  }
  const table = (c: Record<Role, number[]>) =>
    Object.fromEntries(ROLES.map((r) => [r, prf(c[r][0]!, c[r][1]!, c[r][0]!, c[r][2]!)])) as Record<Role, PRF>;
  return {
    documents: pairs.length,
    exact: table(counts.exact),
    overlap: table(counts.overlap),
    attribution: prf(attTp, attPred, attTp, attGold),
  };
}

/** Published figures on the PolNeAR **test** part, exact match (CofeNet paper, Table 6): P / R / F1. */
export const PUBLISHED: ReadonlyArray<{
  name: string;
  source: number[] | null;
  cue: number[] | null;
  content: number[];
}> = [
  {
    name: 'BERT-CofeNet (best published)',
    source: [82.9, 83.6, 83.2],
    cue: [75.9, 74.7, 75.3],
    content: [74.9, 71.1, 72.9],
  },
  { name: 'BERT-CRF', source: [81.5, 82.9, 82.2], cue: [75.0, 74.7, 74.9], content: [72.4, 69.7, 71.0] },
  { name: 'BiLSTM-CRF', source: [73.1, 66.4, 69.6], cue: [72.2, 62.0, 66.7], content: [66.0, 53.4, 59.0] },
  { name: 'CoreNLP quote annotator', source: [32.1, 8.9, 13.9], cue: null, content: [59.2, 10.3, 17.5] },
  {
    name: 'Rule-based (CofeNet authors)',
    source: [27.8, 6.7, 10.7],
    cue: [67.6, 13.7, 22.8],
    content: [26.0, 3.2, 5.6],
  },
];

/** The figures as a text table, ours first, the published rows beside them. */
export function formatQuoteScores(ours: QuoteScores, title: string): string {
  const f = (x: number) => x.toFixed(1).padStart(5);
  const cell = (p: PRF) => `${f(p.precision)} ${f(p.recall)} ${f(p.f1)}`;
  const pub = (x: number[] | null) => (x ? x.map(f).join(' ') : '    -     -     -');
  const head = `${'system'.padEnd(40)}  Source P/R/F1        Cue P/R/F1           Content P/R/F1`;
  const lines = [
    title,
    '',
    head,
    `${'dossier rules + cue/bounds models, exact'.padEnd(40)}  ${cell(ours.exact.source)}    ${cell(ours.exact.cue)}    ${cell(ours.exact.content)}`,
    `${'dossier rules + cue/bounds models, overlap'.padEnd(40)}  ${cell(ours.overlap.source)}    ${cell(ours.overlap.cue)}    ${cell(ours.overlap.content)}`,
    '',
    'published, PolNeAR test part, exact match (CofeNet paper, Table 6; sentence-level BIO spans):',
    ...PUBLISHED.map((p) => `${p.name.padEnd(40)}  ${pub(p.source)}    ${pub(p.cue)}    ${pub(p.content)}`),
    '',
    `attribution (content overlaps and source overlaps): P ${ours.attribution.precision.toFixed(1)}  R ${ours.attribution.recall.toFixed(1)}  F1 ${ours.attribution.f1.toFixed(1)}  (${ours.attribution.tp} of ${ours.attribution.gold} gold, ${ours.attribution.predicted} predicted)`,
    `spans: gold source ${ours.exact.source.gold}, cue ${ours.exact.cue.gold}, content ${ours.exact.content.gold}; predicted ${ours.exact.source.predicted} / ${ours.exact.cue.predicted} / ${ours.exact.content.predicted}`,
  ];
  return lines.join('\n');
}

/**
 * `dossier eval claims`: how well claim grouping puts paraphrases together,
 * measured on NeuS AllSides DEV (train + val: 2,759 stories, each told by
 * three outlets of different leaning).
 *
 * Gold: the three outlets' headlines of one story say the same thing in
 * different words (`Supreme Court sides with police officers seeking
 * qualified immunity` / `Supreme Court rules for officers in two excessive
 * force cases`); so do the first sentences of their leads. Each headline (or
 * first lead sentence) is one statement from its own article; a found pair is
 * two statements our grouping puts in one claim, a gold pair two statements of
 * one story. Pairwise precision = found pairs in one story / found pairs;
 * recall = gold pairs found / gold pairs.
 *
 * What the figure means: recall is a floor on paraphrase recall (outlets
 * often frame one event with different facts, which are not paraphrases);
 * precision is a floor too (the same claim recurring in two stories, such as
 * weekly jobless figures, counts as an error). Undated, so time cannot help.
 *
 * Reference, same run: word Jaccard ≥ 0.5 between the two texts (lower-cased
 * words, stopwords kept), each pair once, grouped by single link; and exact
 * match of the lower-cased words.
 */
import type { ClaimOptions, Statement } from '../src/link/claims.js';
import { groupClaims } from '../src/link/statement-set.js';
import { words } from '../src/link/text.js';
import { NEUS_BLOCK_STORIES, neusBlocks } from './clustering.js';
import { type GoldDoc, loadNeus } from './link-data.js';
import { type PairScores, pairScores } from './link-score.js';

/** Which text of an item is the statement. */
export type ClaimUnit = 'headline' | 'lead';

/** Figures of one method on one unit. */
export interface ClaimEvalRow {
  unit: ClaimUnit;
  method: string;
  scores: PairScores;
  seconds: number;
}

/** Figures of the whole run. */
export interface ClaimEval {
  documents: number;
  stories: number;
  rows: ClaimEvalRow[];
  /**
   * Our grouping per unit on NeuS DEV cut into disjoint blocks the size of the held-out TEST split (as `eval
   * clustering` cuts it): mean precision, recall and F1 over the blocks, the figures settings are compared by.
   */
  blocks: { count: number; rows: Array<{ unit: ClaimUnit; precision: number; recall: number; f1: number }> };
}

/** The first sentence of a lead (up to the first `. ` followed by a capital), at most 400 characters. */
function firstSentence(text: string): string {
  const m = /^(.{20,400}?[.!?])\s+(?=[A-Z“"])/s.exec(text);
  return (m?.[1] ?? text.slice(0, 400)).trim();
}

/** The statement a unit gives for one item. */
function unitText(d: GoldDoc, unit: ClaimUnit): string {
  return unit === 'headline' ? d.title : firstSentence(d.paragraphs[0] ?? '');
}

/** Unordered pairs of items put together by a grouping (groups as lists of ids). */
function pairsOf(groups: ReadonlyArray<readonly string[]>): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const g of groups)
    for (let i = 0; i < g.length; i++)
      for (let j = i + 1; j < g.length; j++) out.push([g[i] as string, g[j] as string]);
  return out;
}

/** Our grouping: one statement per item, grouped by `groupClaims` (with `options`). */
export function claimPairs(
  docs: readonly GoldDoc[],
  unit: ClaimUnit,
  options: Partial<ClaimOptions> = {},
): Array<[string, string]> {
  const statements = docs.map((d) => textStatement(d.id, d.outlet, unitText(d, unit)));
  return pairsOf(groupClaims(statements, options).map((c) => c.articles));
}

/** A bare statement of `text` at `start` in an article: no speaker, date, story, names or numbers. */
export function textStatement(articleId: string, outlet: string | null, text: string, start = 0): Statement {
  return {
    articleId,
    start,
    end: start + text.length,
    text,
    kind: 'text',
    speaker: null,
    published: null,
    outlet,
    story: null,
    names: [],
    numbers: [],
  };
}

/** The reference: word-set Jaccard at or above `threshold`, single link; candidates share a word. */
export function jaccardPairs(docs: readonly GoldDoc[], unit: ClaimUnit, threshold: number): Array<[string, string]> {
  const sets = docs.map((d) => new Set(words(unitText(d, unit))));
  const index = new Map<string, number[]>();
  sets.forEach((s, i) => {
    for (const w of s) {
      const p = index.get(w);
      if (p) p.push(i);
      else index.set(w, [i]);
    }
  });
  const parent = docs.map((_, i) => i);
  const root = (x: number): number => {
    let r = x;
    while (parent[r] !== r) r = parent[r] as number;
    return r;
  };
  const shared = new Map<number, number>();
  sets.forEach((s, i) => {
    shared.clear();
    for (const w of s) for (const j of index.get(w) ?? []) if (j > i) shared.set(j, (shared.get(j) ?? 0) + 1);
    for (const [j, n] of shared) {
      const union = s.size + (sets[j] as Set<string>).size - n;
      if (union && n / union >= threshold) {
        const a = root(i);
        const b = root(j);
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
  });
  const groups = new Map<number, string[]>();
  docs.forEach((d, i) => {
    const r = root(i);
    const g = groups.get(r);
    if (g) g.push(d.id);
    else groups.set(r, [d.id]);
  });
  return pairsOf([...groups.values()]);
}

/** Gold pairs: two items of one story. */
function goldPairs(docs: readonly GoldDoc[]): Array<[string, string]> {
  const byStory = new Map<string, string[]>();
  for (const d of docs) {
    const g = byStory.get(d.story);
    if (g) g.push(d.id);
    else byStory.set(d.story, [d.id]);
  }
  return pairsOf([...byStory.values()]);
}

/** Runs every method on both units, and ours on blocks of DEV. */
export function evalClaims(opts: { data: string }): ClaimEval {
  const docs = loadNeus(opts.data);
  const gold = goldPairs(docs);
  const rows: ClaimEvalRow[] = [];
  for (const unit of ['headline', 'lead'] as const) {
    const methods: Array<[string, () => Array<[string, string]>]> = [
      ['dossier claims', () => claimPairs(docs, unit)],
      ['word Jaccard >= 0.5', () => jaccardPairs(docs, unit, 0.5)],
      ['exact words', () => jaccardPairs(docs, unit, 1)],
    ];
    for (const [method, run] of methods) {
      const t = performance.now();
      const found = run();
      rows.push({ unit, method, scores: pairScores(found, gold), seconds: (performance.now() - t) / 1000 });
    }
  }
  const blocks = neusBlocks(docs);
  const mean = (xs: readonly number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;
  const blockRows = (['headline', 'lead'] as const).map((unit) => {
    const scores = blocks.map((b) => pairScores(claimPairs(b, unit), goldPairs(b)));
    return {
      unit,
      precision: mean(scores.map((x) => x.precision)),
      recall: mean(scores.map((x) => x.recall)),
      f1: mean(scores.map((x) => x.f1)),
    };
  });
  return {
    documents: docs.length,
    stories: new Set(docs.map((d) => d.story)).size,
    rows,
    blocks: { count: blocks.length, rows: blockRows },
  };
}

/** A plain-text table of the figures. */
export function formatClaims(e: ClaimEval): string {
  const f = (x: number) => x.toFixed(3).padStart(6);
  const lines = [
    `NeuS DEV: ${e.documents} items in ${e.stories} stories; gold = pairs of items of one story`,
    `${'unit'.padEnd(9)} ${'method'.padEnd(22)} ${'P'.padStart(6)} ${'R'.padStart(6)} ${'F1'.padStart(6)} ${'found'.padStart(7)} ${'gold'.padStart(6)} ${'s'.padStart(6)}`,
  ];
  for (const r of e.rows)
    lines.push(
      `${r.unit.padEnd(9)} ${r.method.padEnd(22)} ${f(r.scores.precision)} ${f(r.scores.recall)} ${f(r.scores.f1)} ${String(r.scores.predicted).padStart(7)} ${String(r.scores.gold).padStart(6)} ${r.seconds.toFixed(2).padStart(6)}`,
    );
  lines.push(`dossier claims, mean over ${e.blocks.count} blocks of ${NEUS_BLOCK_STORIES} stories (DEV cut by line):`);
  for (const r of e.blocks.rows)
    lines.push(`${r.unit.padEnd(9)} ${'dossier claims'.padEnd(22)} ${f(r.precision)} ${f(r.recall)} ${f(r.f1)}`);
  return lines.join('\n');
}

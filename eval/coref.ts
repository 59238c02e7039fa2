/**
 * Coreference scorer on GUM's gold chains: MUC, B³, CEAF-e and their mean
 * (the CoNLL-2012 average) over person, organisation and place chains, plus
 * link accuracies — is a pronoun, a common-noun phrase or a name linked to a
 * mention of its own gold chain?
 *
 * Mention matching (documented in docs/RESOLVE.md): our mentions are name,
 * role and pronoun spans, GUM's are full noun phrases, so a predicted mention
 * matches the smallest gold mention of a kept type that contains it and whose
 * head token it covers. Singleton chains are dropped from both sides, as in the
 * CoNLL-2012 evaluation.
 */
import type { CorefDocument, GoldMention } from './coref-data.js';

/** GUM entity types scored. */
export const SCORED_TYPES: ReadonlySet<string> = new Set(['person', 'organization', 'place']);

/** Third-person singular personal pronouns: the `he said` / `told him` case. */
const PERSONAL_PRONOUNS = new Set(['he', 'him', 'his', 'himself', 'she', 'her', 'hers', 'herself']);

/** A predicted chain: mention spans over the document text. */
export type PredictedChain = ReadonlyArray<{ start: number; end: number }>;

/** Precision, recall, F1 (0..1). */
export interface PRF {
  p: number;
  r: number;
  f: number;
}

/** A link accuracy: correct out of total. */
export interface LinkAccuracy {
  correct: number;
  total: number;
  accuracy: number;
}

/** The figures of one system over the documents. */
export interface CorefScore {
  name: string;
  muc: PRF;
  b3: PRF;
  ceafe: PRF;
  /** Mean F1 of MUC, B³ and CEAF-e. */
  conll: number;
  /** he/she/him/his/her...: linked to a mention of the gold chain (the nearest earlier mention in our chain). */
  pronoun: LinkAccuracy;
  /** Every pronoun of a scored chain. */
  pronounAll: LinkAccuracy;
  /** Mentions headed by a common noun (`the minister`). */
  nominal: LinkAccuracy;
  /** Mentions headed by a proper noun (`Cavusoglu`). */
  proper: LinkAccuracy;
  /** Predicted mentions in non-singleton chains, and how many matched a gold mention of a scored type. */
  mentions: { predicted: number; matched: number; gold: number };
  /** Seconds spent predicting chains (analysis excluded). */
  seconds: number;
}

/** Counts summed over documents before the ratios are taken. */
interface Tally {
  mucR: [number, number];
  mucP: [number, number];
  b3R: [number, number];
  b3P: [number, number];
  ceR: [number, number];
  ceP: [number, number];
  pronoun: [number, number];
  pronounAll: [number, number];
  nominal: [number, number];
  name: [number, number];
  predicted: number;
  matched: number;
  gold: number;
}

const newTally = (): Tally => ({
  mucR: [0, 0],
  mucP: [0, 0],
  b3R: [0, 0],
  b3P: [0, 0],
  ceR: [0, 0],
  ceP: [0, 0],
  pronoun: [0, 0],
  pronounAll: [0, 0],
  nominal: [0, 0],
  name: [0, 0],
  predicted: 0,
  matched: 0,
  gold: 0,
});

const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);
const prf = (r: [number, number], p: [number, number]): PRF => {
  const rr = ratio(r[0], r[1]);
  const pp = ratio(p[0], p[1]);
  return { p: pp, r: rr, f: pp + rr > 0 ? (2 * pp * rr) / (pp + rr) : 0 };
};
const acc = (x: [number, number]): LinkAccuracy => ({ correct: x[0], total: x[1], accuracy: ratio(x[0], x[1]) });

/** MUC numerator and denominator of `key` against `response` (swap them for precision). */
export function muc(
  key: ReadonlyArray<readonly string[]>,
  response: ReadonlyArray<readonly string[]>,
): [number, number] {
  const where = new Map<string, number>();
  response.forEach((c, i) => c.forEach((m) => where.set(m, i)));
  let num = 0;
  let den = 0;
  for (const k of key) {
    const parts = new Set<string>();
    for (const m of k) parts.add(where.has(m) ? `r${where.get(m)}` : `m${m}`);
    num += k.length - parts.size;
    den += k.length - 1;
  }
  return [num, den];
}

/** B³ numerator and denominator of `key` against `response` (swap them for precision). */
export function b3(
  key: ReadonlyArray<readonly string[]>,
  response: ReadonlyArray<readonly string[]>,
): [number, number] {
  const where = new Map<string, number>();
  response.forEach((c, i) => c.forEach((m) => where.set(m, i)));
  let num = 0;
  let den = 0;
  for (const k of key) {
    const counts = new Map<number, number>();
    for (const m of k) {
      const r = where.get(m);
      if (r !== undefined) counts.set(r, (counts.get(r) ?? 0) + 1);
    }
    for (const c of counts.values()) num += (c * c) / k.length;
    den += k.length;
  }
  return [num, den];
}

/** CEAF-e: the best one-to-one alignment of chains by φ4 = 2|k∩r|/(|k|+|r|); returns [Σφ, |key|, |response|]. */
export function ceafe(
  key: ReadonlyArray<readonly string[]>,
  response: ReadonlyArray<readonly string[]>,
): [number, number, number] {
  if (!key.length || !response.length) return [0, key.length, response.length];
  const sets = response.map((r) => new Set(r));
  const sim = key.map((k) =>
    sets.map((r) => {
      let both = 0;
      for (const m of k) if (r.has(m)) both++;
      return (2 * both) / (k.length + r.size);
    }),
  );
  return [maxAssignment(sim), key.length, response.length];
}

/** Maximum-weight one-to-one assignment (Hungarian algorithm on a padded square matrix). */
export function maxAssignment(w: ReadonlyArray<readonly number[]>): number {
  const rows = w.length;
  const cols = w[0]?.length ?? 0;
  const n = Math.max(rows, cols);
  if (n === 0) return 0;
  const cost = (i: number, j: number) => -(i < rows && j < cols ? w[i]![j]! : 0);
  const u = new Float64Array(n + 1);
  const v = new Float64Array(n + 1);
  const p = new Int32Array(n + 1);
  const way = new Int32Array(n + 1);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    const minv = new Float64Array(n + 1).fill(Number.POSITIVE_INFINITY);
    const used = new Uint8Array(n + 1);
    do {
      used[j0] = 1;
      const i0 = p[j0]!;
      let delta = Number.POSITIVE_INFINITY;
      let j1 = 0;
      for (let j = 1; j <= n; j++) {
        if (used[j]) continue;
        const cur = cost(i0 - 1, j - 1) - u[i0]! - v[j]!;
        if (cur < minv[j]!) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j]! < delta) {
          delta = minv[j]!;
          j1 = j;
        }
      }
      for (let j = 0; j <= n; j++) {
        if (used[j]) {
          u[p[j]!] = u[p[j]!]! + delta;
          v[j] = v[j]! - delta;
        } else minv[j] = minv[j]! - delta;
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0]!;
      p[j0] = p[j1]!;
      j0 = j1;
    } while (j0);
  }
  let total = 0;
  for (let j = 1; j <= n; j++) if (p[j]! > 0) total -= cost(p[j]! - 1, j - 1);
  return total;
}

/** Token range `[a, b)` of a character span of the document. */
function tokenRange(doc: CorefDocument, s: { start: number; end: number }): [number, number] {
  let a = 0;
  while (a < doc.ends.length && doc.ends[a]! <= s.start) a++;
  let b = a;
  while (b < doc.starts.length && doc.starts[b]! < s.end) b++;
  return [a, b];
}

/** Scores one system's chains on the documents. `predict` gives each document's chains. */
export function scoreCoref(
  name: string,
  docs: readonly CorefDocument[],
  predict: (doc: CorefDocument) => readonly PredictedChain[],
): CorefScore {
  const t = newTally();
  let seconds = 0;
  for (const doc of docs) {
    const started = performance.now();
    const chains = predict(doc);
    seconds += (performance.now() - started) / 1000;
    scoreDocument(doc, chains, t);
  }
  const mucS = prf(t.mucR, t.mucP);
  const b3S = prf(t.b3R, t.b3P);
  const ceS = prf(t.ceR, t.ceP);
  return {
    name,
    muc: mucS,
    b3: b3S,
    ceafe: ceS,
    conll: (mucS.f + b3S.f + ceS.f) / 3,
    pronoun: acc(t.pronoun),
    pronounAll: acc(t.pronounAll),
    nominal: acc(t.nominal),
    proper: acc(t.name),
    mentions: { predicted: t.predicted, matched: t.matched, gold: t.gold },
    seconds,
  };
}

function scoreDocument(doc: CorefDocument, chains: readonly PredictedChain[], t: Tally): void {
  const gold = doc.mentions.filter((m) => SCORED_TYPES.has(m.etype));
  const id = (m: GoldMention) => `${m.start}:${m.end}:${m.chain}`;
  // predicted mention -> gold mention: the smallest gold mention containing it and whose head it covers
  const taken = new Set<string>();
  const matchOf = (s: { start: number; end: number }): GoldMention | null => {
    const [a, b] = tokenRange(doc, s);
    let best: GoldMention | null = null;
    for (const g of gold) {
      if (g.start > a || g.end < b || g.head < a || g.head >= b || taken.has(id(g))) continue;
      if (!best || g.end - g.start < best.end - best.start) best = g;
    }
    if (best) taken.add(id(best));
    return best;
  };
  const response: string[][] = [];
  /** Per predicted mention in order: its gold mention (or null) and its chain. */
  const predicted: Array<{ start: number; gold: GoldMention | null; chain: number }> = [];
  let spurious = 0;
  chains.forEach((c, ci) => {
    const ids: string[] = [];
    for (const m of [...c].sort((x, y) => x.start - y.start)) {
      const g = matchOf(m);
      predicted.push({ start: m.start, gold: g, chain: ci });
      ids.push(g ? id(g) : `spurious:${spurious++}`);
    }
    if (ids.length > 1) {
      response.push(ids);
      t.predicted += ids.length;
      t.matched += ids.filter((x) => !x.startsWith('spurious')).length;
    }
  });
  const byChain = new Map<string, string[]>();
  for (const g of gold) byChain.set(g.chain, [...(byChain.get(g.chain) ?? []), id(g)]);
  const key = [...byChain.values()].filter((k) => k.length > 1);
  t.gold += key.reduce((n, k) => n + k.length, 0);
  add(t.mucR, muc(key, response));
  add(t.mucP, muc(response, key));
  add(t.b3R, b3(key, response));
  add(t.b3P, b3(response, key));
  const [phi, nk, nr] = ceafe(key, response);
  add(t.ceR, [phi, nk]);
  add(t.ceP, [phi, nr]);

  // link accuracies: each gold mention with an earlier mention in its chain
  predicted.sort((a, b) => a.start - b.start);
  const predOf = new Map<string, { start: number; chain: number }>();
  for (const p of predicted) if (p.gold) predOf.set(id(p.gold), p);
  const firstOfChain = new Map<string, number>();
  for (const g of gold) firstOfChain.set(g.chain, Math.min(firstOfChain.get(g.chain) ?? Infinity, g.start));
  for (const g of gold) {
    if (g.start === firstOfChain.get(g.chain)) continue;
    const p = predOf.get(id(g));
    let ok = false;
    if (p) {
      // the nearest earlier mention in our chain
      let prev: (typeof predicted)[number] | null = null;
      for (const q of predicted) {
        if (q.start >= p.start) break;
        if (q.chain === p.chain) prev = q;
      }
      ok = !!prev?.gold && prev.gold.chain === g.chain;
    }
    const word = doc.words[g.start]!.toLowerCase();
    const headPos = doc.upos[g.head];
    const tally = (x: [number, number]) => {
      x[0] += ok ? 1 : 0;
      x[1] += 1;
    };
    if (g.end - g.start === 1 && doc.upos[g.start] === 'PRON') {
      tally(t.pronounAll);
      if (PERSONAL_PRONOUNS.has(word)) tally(t.pronoun);
    } else if (headPos === 'NOUN') tally(t.nominal);
    else if (headPos === 'PROPN') tally(t.name);
  }
}

const add = (x: [number, number], y: [number, number]) => {
  x[0] += y[0];
  x[1] += y[1];
};

/** Prints the scores as a table, one row per system. */
export function formatCorefScores(scores: readonly CorefScore[], title: string): string {
  const pct = (x: number) => (100 * x).toFixed(1).padStart(5);
  const a = (x: LinkAccuracy) => `${pct(x.accuracy)} (${x.correct}/${x.total})`.padEnd(18);
  const lines = [
    title,
    '',
    'system        MUC P/R/F1         B3 P/R/F1          CEAFe P/R/F1       CoNLL',
    ...scores.map(
      (s) =>
        `${s.name.padEnd(12)}  ${[s.muc, s.b3, s.ceafe].map((x) => `${pct(x.p)} ${pct(x.r)} ${pct(x.f)}`).join('  ')}  ${pct(s.conll)}`,
    ),
    '',
    'system        he/she/him/his/her  all pronouns       nominal            name               mentions matched   seconds',
    ...scores.map(
      (s) =>
        `${s.name.padEnd(12)}  ${a(s.pronoun)}  ${a(s.pronounAll)} ${a(s.nominal)} ${a(s.proper)} ${`${s.mentions.matched}/${s.mentions.predicted}`.padEnd(18)} ${s.seconds.toFixed(2)}`,
    ),
  ];
  return lines.join('\n');
}

const BASELINE_PRONOUN = /\b(?:he|him|his|himself|she|her|hers|herself)\b/giu;

/**
 * The baseline: one chain per exact name string among the tagger's entities,
 * and each he/she/him/his/her joined to the chain of the nearest earlier person name.
 */
export function baselineChains(
  text: string,
  entities: ReadonlyArray<{ start: number; end: number; type: string; text: string }>,
): PredictedChain[] {
  const kept = entities
    .filter((e) => ['PERSON', 'ORG', 'LOC', 'NORP', 'PRODUCT', 'EVENT'].includes(e.type))
    .sort((a, b) => a.start - b.start);
  const byText = new Map<string, Array<{ start: number; end: number }>>();
  for (const e of kept) byText.set(e.text, [...(byText.get(e.text) ?? []), { start: e.start, end: e.end }]);
  const persons = kept.filter((e) => e.type === 'PERSON');
  let k = -1;
  for (const m of text.matchAll(BASELINE_PRONOUN)) {
    const at = m.index ?? 0;
    while (k + 1 < persons.length && persons[k + 1]!.end <= at) k++;
    if (k < 0) continue;
    byText.get(persons[k]!.text)!.push({ start: at, end: at + m[0].length });
  }
  return [...byText.values()];
}

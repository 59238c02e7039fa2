/**
 * The coverage matrix: outlets × facts. Facts are the story's statements
 * (sentences matched across outlets, tolerant of paraphrase), its quoted
 * speakers, its key amounts and its named entities. Each cell says whether
 * the outlet carries the fact as the others do, differently (other wording,
 * another number, only paraphrased), or not at all, with its sentences.
 */
import type { Amount } from '../types.js';
import type { CompareOptions } from './options.js';
import { evidenceOf, type PreparedStory, type SentenceRecord } from './prepare.js';
import { entityKey, mergeKeys, nameKey, quoteSpeakerName } from './speakers.js';
import { displayName } from './voices.js';
import { sentenceAt } from './text.js';
import type { Cell, Evidence, Fact } from './types.js';

/** The best match of each sentence in each other outlet, found through an inverted index of stems. */
export interface SentenceMatches {
  /** For sentence i: outlet -> [best similarity, index of that sentence]. */
  best: Array<Map<string, [number, number]>>;
  /** Pairs (i < j) of sentences of different outlets at `sameFact` or more, with their similarity. */
  pairs: Array<[number, number, number]>;
}

/** Postings never skipped however common the stem: small stories match on every shared word. */
const MIN_POSTINGS = 64;
/** Share of the story's sentences beyond which a stem no longer proposes candidate pairs. */
const COMMON_SHARE = 0.1;

/** Matches every sentence against the sentences of the other outlets. Linear in the postings, not quadratic in sentences. */
export function matchSentences(story: PreparedStory, sameFact: number): SentenceMatches {
  const { sentences, weight } = story;
  const postings = new Map<string, number[]>();
  sentences.forEach((s, i) => {
    for (const t of s.stems) {
      let p = postings.get(t);
      if (!p) postings.set(t, (p = []));
      p.push(i);
    }
  });
  // a stem in a tenth of the story's sentences finds candidates by the thousand and decides none: it is
  // still weighed in the overlap, but not followed to find candidates
  const maxPostings = Math.max(MIN_POSTINGS, Math.ceil(sentences.length * COMMON_SHARE));
  const best = sentences.map(() => new Map<string, [number, number]>());
  const pairs: Array<[number, number, number]> = [];
  const total = sentences.map((s) => {
    let w = 0;
    for (const t of s.stems) w += weight(t);
    return w;
  });
  // shared weight accumulated through the postings: sim = 2 * shared / (total_i + total_j), the weighted Dice
  const acc = new Float64Array(sentences.length);
  const touched: number[] = [];
  sentences.forEach((s, i) => {
    const common: string[] = [];
    for (const t of s.stems) {
      const list = postings.get(t) ?? [];
      if (list.length > maxPostings) {
        common.push(t);
        continue;
      }
      const w = weight(t);
      for (const j of list) {
        if (j <= i || (sentences[j] as SentenceRecord).outlet === s.outlet) continue;
        if (acc[j] === 0) touched.push(j);
        acc[j] = (acc[j] as number) + w;
      }
    }
    for (const j of touched) {
      const o = sentences[j] as SentenceRecord;
      let shared = acc[j] as number;
      for (const t of common) if (o.stems.has(t)) shared += weight(t);
      acc[j] = 0;
      const denom = (total[i] as number) + (total[j] as number);
      const sim = denom > 0 ? (2 * shared) / denom : 0;
      const bi = best[i] as Map<string, [number, number]>;
      const bj = best[j] as Map<string, [number, number]>;
      if ((bi.get(o.outlet)?.[0] ?? -1) < sim) bi.set(o.outlet, [sim, j]);
      if ((bj.get(s.outlet)?.[0] ?? -1) < sim) bj.set(s.outlet, [sim, i]);
      if (sim >= sameFact) pairs.push([i, j, sim]);
    }
    touched.length = 0;
  });
  return { best, pairs };
}

/** Union-find over indices. */
function groups(n: number, links: Iterable<[number, number]>): number[][] {
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (x: number): number => {
    let r = x;
    while (parent[r] !== r) r = parent[r] as number;
    while (parent[x] !== r) {
      const next = parent[x] as number;
      parent[x] = r;
      x = next;
    }
    return r;
  };
  for (const [a, b] of links) parent[find(a)] = find(b);
  const out = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const r = find(i);
    let g = out.get(r);
    if (!g) out.set(r, (g = []));
    g.push(i);
  }
  return [...out.values()];
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
const round = (x: number) => Math.round(x * 1000) / 1000;

/** Builds a fact row from each outlet's evidence and state. */
function row(
  story: PreparedStory,
  id: string,
  kind: Fact['kind'],
  label: string,
  filled: Map<string, { state: 'carried' | 'different'; note?: string; sentences: SentenceRecord[] }>,
): Fact {
  const cells: Record<string, Cell> = {};
  const tone: Record<string, number> = {};
  for (const outlet of story.outlets) {
    const f = filled.get(outlet);
    if (!f) {
      cells[outlet] = { state: 'absent', evidence: [] };
      continue;
    }
    const unique = [...new Map(f.sentences.map((s) => [`${s.article}:${s.start}`, s])).values()];
    cells[outlet] = { state: f.state, ...(f.note ? { note: f.note } : {}), evidence: unique.map(evidenceOf) };
    tone[outlet] = round(mean(unique.map((s) => s.tone)));
  }
  return { id, kind, label, outlets: [...filled.keys()], cells, tone };
}

/** The sentence record holding an offset of an article, if any. */
function recordAt(story: PreparedStory, article: string, offset: number): SentenceRecord | null {
  const list = story.byArticle.get(article) ?? [];
  const i = sentenceAt(list, offset);
  return i < 0 ? null : (list[i] as SentenceRecord);
}

/** Statement facts: groups of matching sentences across outlets, and the unmatched sentences as exclusives. */
function statementFacts(story: PreparedStory, matches: SentenceMatches, o: CompareOptions): Fact[] {
  const { sentences } = story;
  const eligible = (i: number) => (sentences[i] as SentenceRecord).stems.size >= o.minFactStems;
  const links = matches.pairs
    .filter(([i, j]) => eligible(i) && eligible(j))
    .map(([i, j]) => [i, j] as [number, number]);
  const facts: Fact[] = [];
  const sim = new Map(matches.pairs.map(([i, j, s]) => [`${i}:${j}`, s]));
  const simOf = (a: number, b: number) => (a === b ? 1 : (sim.get(a < b ? `${a}:${b}` : `${b}:${a}`) ?? 0));
  let n = 0;
  for (const g of groups(sentences.length, links)) {
    if (!g.every(eligible)) continue;
    // the reference wording: the sentence closest to all others of the group, the first on a tie
    let ref = g[0] as number;
    let refScore = -1;
    for (const i of g) {
      const score = g.reduce((acc, j) => acc + simOf(i, j), 0);
      if (score > refScore) [ref, refScore] = [i, score];
    }
    const refRec = sentences[ref] as SentenceRecord;
    const filled = new Map<string, { state: 'carried' | 'different'; note?: string; sentences: SentenceRecord[] }>();
    for (const i of g) {
      const s = sentences[i] as SentenceRecord;
      const cur = filled.get(s.outlet) ?? { state: 'different' as const, sentences: [] };
      cur.sentences.push(s);
      const numbers = numberConflict(story, s, refRec);
      if (s.outlet === refRec.outlet || (simOf(i, ref) >= o.sameWording && !numbers)) cur.state = 'carried';
      else if (cur.state !== 'carried') cur.note = numbers ?? 'other wording';
      filled.set(s.outlet, cur);
    }
    for (const f of filled.values()) if (f.state === 'carried') delete f.note;
    const label = articleText(story, refRec);
    facts.push(row(story, `statement:${n++}`, 'statement', label, filled));
  }
  return facts;
}

/** The text of a sentence record. */
function articleText(story: PreparedStory, s: Evidence): string {
  const a = story.articleById.get(s.article);
  return a ? a.body.slice(s.start, s.end).replace(/\s+/g, ' ').trim() : '';
}

/** Amounts of an article inside a sentence. */
function amountsIn(story: PreparedStory, s: Evidence): Amount[] {
  const a = story.articleById.get(s.article);
  return (a?.analysis.amounts ?? []).filter((m) => m.start >= s.start && m.end <= s.end);
}

/** `number X vs Y` when two matching sentences state amounts of one kind and none of the values agree. */
function numberConflict(story: PreparedStory, s: Evidence, ref: Evidence): string | undefined {
  const mine = amountsIn(story, s);
  const theirs = amountsIn(story, ref);
  for (const m of mine) {
    const same = theirs.filter((t) => t.type === m.type);
    if (same.length && !same.some((t) => t.value === m.value)) return `number ${m.text} vs ${(same[0] as Amount).text}`;
  }
  return undefined;
}

/** Quote facts: one per speaker; quoted directly, or only paraphrased where another outlet quotes directly. */
function quoteFacts(story: PreparedStory): Fact[] {
  const bySpeaker = new Map<string, Array<{ outlet: string; direct: boolean; rec: SentenceRecord | null }>>();
  const names = new Map<string, string[]>();
  for (const a of story.articles) {
    for (const q of a.analysis.quotes ?? []) {
      const name = quoteSpeakerName(q);
      const key = name ? nameKey(name) : '';
      if (!key) continue;
      names.set(key, [...(names.get(key) ?? []), name as string]);
      const list = bySpeaker.get(key) ?? [];
      list.push({ outlet: a.outlet, direct: q.kind !== 'indirect', rec: recordAt(story, a.id, q.start) });
      bySpeaker.set(key, list);
    }
  }
  const merged = mergeKeys(bySpeaker.keys());
  const joined = new Map<string, Array<{ outlet: string; direct: boolean; rec: SentenceRecord | null }>>();
  for (const [k, list] of bySpeaker) {
    const to = merged.get(k) ?? k;
    joined.set(to, [...(joined.get(to) ?? []), ...list]);
  }
  const facts: Fact[] = [];
  for (const [key, list] of joined) {
    const anyDirect = list.some((q) => q.direct);
    const filled = new Map<string, { state: 'carried' | 'different'; note?: string; sentences: SentenceRecord[] }>();
    for (const q of list) {
      const cur = filled.get(q.outlet) ?? { state: 'different' as const, note: 'paraphrased only', sentences: [] };
      if (q.rec) cur.sentences.push(q.rec);
      if (q.direct || !anyDirect) {
        cur.state = 'carried';
        delete cur.note;
      }
      filled.set(q.outlet, cur);
    }
    const forms = [...joined.keys()].length ? [...bySpeaker.keys()].filter((k) => (merged.get(k) ?? k) === key) : [];
    facts.push(
      row(story, `quote:${key}`, 'quote', displayName(forms.flatMap((k) => names.get(k) ?? [])) || key, filled),
    );
  }
  return facts;
}

/** Amount facts: the same value, or another value in a matching sentence (carried differently). */
function amountFacts(story: PreparedStory, matches: SentenceMatches, o: CompareOptions): Fact[] {
  const items: Array<{ amount: Amount; outlet: string; rec: SentenceRecord; idx: number }> = [];
  const indexOf = new Map(story.sentences.map((s, i) => [s, i]));
  for (const a of story.articles) {
    for (const m of a.analysis.amounts) {
      if (!Number.isFinite(m.value)) continue;
      if (m.type === 'QUANTITY' && m.value <= o.minQuantity) continue;
      const rec = recordAt(story, a.id, m.start);
      if (rec) items.push({ amount: m, outlet: a.outlet, rec, idx: indexOf.get(rec) as number });
    }
  }
  const links: Array<[number, number]> = [];
  const close = new Set(matches.pairs.map(([i, j]) => `${i}:${j}`));
  for (let x = 0; x < items.length; x++) {
    for (let y = x + 1; y < items.length; y++) {
      const p = items[x] as (typeof items)[number];
      const q = items[y] as (typeof items)[number];
      if (p.amount.type !== q.amount.type) continue;
      const sameValue = p.amount.value === q.amount.value;
      const [i, j] = p.idx < q.idx ? [p.idx, q.idx] : [q.idx, p.idx];
      if (sameValue || (p.outlet !== q.outlet && close.has(`${i}:${j}`))) links.push([x, y]);
    }
  }
  const facts: Fact[] = [];
  let n = 0;
  for (const g of groups(items.length, links)) {
    // the reference value: the one most outlets give
    const outletsByValue = new Map<number, Set<string>>();
    for (const x of g) {
      const it = items[x] as (typeof items)[number];
      const set = outletsByValue.get(it.amount.value) ?? new Set<string>();
      set.add(it.outlet);
      outletsByValue.set(it.amount.value, set);
    }
    const refValue = [...outletsByValue].sort((a, b) => b[1].size - a[1].size)[0]?.[0] as number;
    const refItem = items[g.find((x) => (items[x] as (typeof items)[number]).amount.value === refValue) as number];
    const filled = new Map<string, { state: 'carried' | 'different'; note?: string; sentences: SentenceRecord[] }>();
    for (const x of g) {
      const it = items[x] as (typeof items)[number];
      const cur = filled.get(it.outlet) ?? { state: 'different' as const, sentences: [] };
      cur.sentences.push(it.rec);
      if (it.amount.value === refValue) {
        cur.state = 'carried';
        delete cur.note;
      } else if (cur.state !== 'carried') cur.note = `number ${it.amount.text} vs ${refItem?.amount.text ?? refValue}`;
      filled.set(it.outlet, cur);
    }
    facts.push(row(story, `amount:${n++}`, 'amount', refItem?.amount.text.replace(/\s+/g, ' ') ?? '', filled));
  }
  return facts;
}

/** Entity facts: which outlets name each entity at all. */
function entityFacts(story: PreparedStory): Fact[] {
  const byKey = new Map<string, Array<{ outlet: string; rec: SentenceRecord; text: string }>>();
  for (const a of story.articles) {
    for (const e of a.analysis.entities) {
      const key = entityKey(e);
      const rec = key ? recordAt(story, a.id, e.start) : null;
      if (!key || !rec) continue;
      const list = byKey.get(key) ?? [];
      list.push({ outlet: a.outlet, rec, text: e.text });
      byKey.set(key, list);
    }
  }
  const merged = mergeKeys(byKey.keys());
  const joined = new Map<string, Array<{ outlet: string; rec: SentenceRecord; text: string }>>();
  for (const [k, list] of byKey) {
    const to = merged.get(k) ?? k;
    joined.set(to, [...(joined.get(to) ?? []), ...list]);
  }
  const facts: Fact[] = [];
  for (const [key, list] of joined) {
    const filled = new Map<string, { state: 'carried' | 'different'; note?: string; sentences: SentenceRecord[] }>();
    for (const it of list) {
      const cur = filled.get(it.outlet) ?? { state: 'carried' as const, sentences: [] };
      cur.sentences.push(it.rec);
      filled.set(it.outlet, cur);
    }
    facts.push(row(story, `entity:${key}`, 'entity', key, filled));
  }
  return facts;
}

/** Every fact of the story, statements first, then quotes, amounts and entities. */
export function coverageMatrix(story: PreparedStory, matches: SentenceMatches, o: CompareOptions): Fact[] {
  return [
    ...statementFacts(story, matches, o),
    ...quoteFacts(story),
    ...amountFacts(story, matches, o),
    ...entityFacts(story),
  ];
}

/** Facts only this outlet carries (when the story has two outlets or more). */
export function exclusivesOf(facts: readonly Fact[], outlet: string, outlets: number): Fact[] {
  if (outlets < 2) return [];
  return facts.filter((f) => f.outlets.length === 1 && f.outlets[0] === outlet);
}

/** Facts more than `share` of the other outlets carry and this one does not. */
export function omissionsOf(facts: readonly Fact[], outlet: string, outlets: number, share: number): Fact[] {
  const others = outlets - 1;
  if (others < 1) return [];
  return facts.filter((f) => f.cells[outlet]?.state === 'absent' && f.outlets.length / others > share);
}

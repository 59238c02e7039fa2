/**
 * Framing terms: the words and two-word phrases that set one outlet's coverage
 * of a story apart from the other outlets', by the weighted log-odds ratio with
 * an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008, "Fightin'
 * Words", eq. 16–22), the prior taken from corpus-wide term counts.
 */
import type { CompareOptions } from './options.js';
import { evidenceOf, type PreparedStory } from './prepare.js';
import { sentenceAt, termsIn } from './text.js';
import type { Evidence, FramingTerm, TermCounts } from './types.js';

/** Counts the framing terms (unigrams and bigrams) of texts: the background a corpus gives. */
export function countTerms(texts: Iterable<string>): TermCounts {
  const counts = new Map<string, number>();
  let total = 0;
  let documents = 0;
  for (const text of texts) {
    documents++;
    for (const { term } of termsIn(text, 0, text.length)) {
      counts.set(term, (counts.get(term) ?? 0) + 1);
      total++;
    }
  }
  return { counts, total, documents };
}

/** Term counts of each outlet, with the sentences each term occurs in. */
interface OutletCounts {
  counts: Map<string, number>;
  total: number;
  where: Map<string, Evidence[]>;
}

function outletCounts(story: PreparedStory): Map<string, OutletCounts> {
  const out = new Map<string, OutletCounts>();
  for (const a of story.articles) {
    let c = out.get(a.outlet);
    if (!c) out.set(a.outlet, (c = { counts: new Map(), total: 0, where: new Map() }));
    const sentences = story.byArticle.get(a.id) ?? [];
    const cited = new Set<string>();
    for (const { term, start } of termsIn(a.body, 0, a.body.length)) {
      c.counts.set(term, (c.counts.get(term) ?? 0) + 1);
      c.total++;
      const at = sentenceAt(sentences, start);
      const s = sentences[at];
      if (!s || cited.has(`${at}\n${term}`)) continue;
      cited.add(`${at}\n${term}`);
      const list = c.where.get(term) ?? [];
      list.push(evidenceOf(s));
      c.where.set(term, list);
    }
  }
  return out;
}

/**
 * The z-scored log-odds of every term of every outlet against the rest of the
 * story, largest first. Without a background the story's own counts are the prior.
 */
export function framingScores(
  story: PreparedStory,
  background: TermCounts | null,
  o: Pick<CompareOptions, 'priorStrength'>,
): Map<string, FramingTerm[]> {
  const byOutlet = outletCounts(story);
  const storyCounts = new Map<string, number>();
  let storyTotal = 0;
  for (const c of byOutlet.values()) {
    for (const [t, n] of c.counts) storyCounts.set(t, (storyCounts.get(t) ?? 0) + n);
    storyTotal += c.total;
  }
  // the story's own counts join the background so every term seen has a prior above zero
  const priorTotal = (background?.total ?? 0) + storyTotal;
  const a0 = o.priorStrength;
  const alpha = (t: string) => (a0 * ((background?.counts.get(t) ?? 0) + (storyCounts.get(t) ?? 0))) / priorTotal;
  const out = new Map<string, FramingTerm[]>();
  for (const [outlet, mine] of byOutlet) {
    const nI = mine.total;
    const nJ = storyTotal - nI;
    const terms: FramingTerm[] = [];
    for (const [term, yI] of mine.counts) {
      const yJ = (storyCounts.get(term) ?? 0) - yI;
      const aw = alpha(term);
      const delta = Math.log((yI + aw) / (nI + a0 - yI - aw)) - Math.log((yJ + aw) / (nJ + a0 - yJ - aw));
      const z = delta / Math.sqrt(1 / (yI + aw) + 1 / (yJ + aw));
      if (!Number.isFinite(z)) continue;
      terms.push({ term, delta, z, count: yI, othersCount: yJ, evidence: mine.where.get(term) ?? [] });
    }
    terms.sort((x, y) => y.z - x.z || (x.term < y.term ? -1 : 1));
    out.set(outlet, terms);
  }
  return out;
}

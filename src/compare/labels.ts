/**
 * Labels for the same referent: the name each outlet gives one entity or
 * group. The referent is an entity mention from the analysis (merged across
 * articles by name key); the label is the mention with the head noun phrase
 * it modifies (`Syrian` + `regime`, `Syrian` + `forces`), so `Syrian regime`
 * and `Syrian forces` meet under the one referent `syrian`. A capital used
 * for its government joins its state's referent (`Damascus` there too,
 * `places.ts`). No list of loaded names is involved.
 */
import { evidenceOf, type PreparedStory } from './prepare.js';
import { governmentOfCapital } from './places.js';
import { entityKey, mergeKeys, nameKey } from './speakers.js';
import { isContentWord, sentenceAt, wordsIn } from './text.js';
import type { Evidence, Label, Referent } from './types.js';

/**
 * Entity types that modify a head noun (`Syrian regime`, `S-400 batteries`);
 * names of people, places and bodies are labels on their own (`Damascus`).
 */
const MODIFIER_TYPES: ReadonlySet<string> = new Set(['NORP', 'PRODUCT']);

/** Words that cannot head a noun phrase after a modifier: adverbs, prepositions, auxiliaries, negations. */
const NOT_A_HEAD =
  /(?:ly|ed|ing|n['’]t)$|^(?:along|since|yesterday|today|tomorrow|earlier|later|cannot|won['’]t|also|now|then|here|there|away|alone|again|instead|too|already|soon|just|once)$/;

/** A first head word that is an adjective (`civil`, `military`, `anti-air`) lets a second word join (`Syrian civil war`). */
const ADJECTIVE_LIKE = /(?:al|ic|ive|an|ary|ous|ful|ern|il|ile|-\p{L}+)$/u;

/** How far past a mention its head noun is looked for, in characters. */
const LOOKAHEAD = 40;

/**
 * The label of a mention: a name as written; a nationality or a named system
 * with the lower-case head noun it modifies (`Syrian regime`, `Syrian civil war`).
 */
export function labelOf(body: string, start: number, end: number, type: string): string {
  const label = body
    .slice(start, end)
    .replace(/\s+/g, ' ')
    .replace(/['’]s$/, '');
  if (!MODIFIER_TYPES.has(type) || /['’]s$/.test(body.slice(start, end))) return label;
  const next = wordsIn(body, end, Math.min(body.length, end + LOOKAHEAD));
  const heads: string[] = [];
  let at = end;
  for (const w of next.slice(0, 2)) {
    if (!/^\s+$/.test(body.slice(at, w.start))) break;
    if (!/^\p{Ll}/u.test(w.text) || !isContentWord(w.norm) || NOT_A_HEAD.test(w.norm)) break;
    if (heads.length === 1 && !ADJECTIVE_LIKE.test(heads[0] as string)) break;
    heads.push(w.norm);
    at = w.end;
    if (/['’]s$/.test(w.text)) break;
  }
  return heads.length ? `${label} ${heads.join(' ')}` : label;
}

/** Labels of one referent by outlet, by label. */
export type Tally = Map<string, Map<string, Label>>;

/** Counts one use of a label by an outlet, with its sentence as evidence (once per sentence). */
export function tally(into: Tally, outlet: string, label: string, s: Evidence): void {
  const labels = into.get(outlet) ?? new Map<string, Label>();
  const l = labels.get(label) ?? { label, count: 0, evidence: [] };
  l.count++;
  if (!l.evidence.some((x) => x.article === s.article && x.start === s.start)) l.evidence.push(evidenceOf(s));
  labels.set(label, l);
  into.set(outlet, labels);
}

/** Referents two or more outlets name, where the outlets' labels differ; most differing first. */
export function referentLabels(story: PreparedStory): Referent[] {
  const raw = new Map<string, Tally>();
  for (const a of story.articles) {
    const sentences = story.byArticle.get(a.id) ?? [];
    for (const e of a.analysis.entities) {
      // a capital standing for its government is the state's referent (`Damascus` beside `Syrian regime`)
      const government = governmentOfCapital(a.body, e.start, e.text);
      const key = government ? nameKey(government) : entityKey(e);
      if (!key) continue;
      const s = sentences[sentenceAt(sentences, e.start)];
      if (!s) continue;
      const label = labelOf(a.body, Math.max(0, e.start), Math.min(a.body.length, e.end), e.type);
      const byOutlet = raw.get(key) ?? new Map();
      tally(byOutlet, a.outlet, label, s);
      raw.set(key, byOutlet);
    }
  }
  return differingReferents(joinKeys(raw), 'name');
}

/** Joins the tallies of name keys that are one name (`cavusoglu` joins `mevlut cavusoglu`). */
export function joinKeys(raw: ReadonlyMap<string, Tally>): Map<string, Tally> {
  const merged = mergeKeys(raw.keys());
  const joined = new Map<string, Tally>();
  for (const [k, byOutlet] of raw) {
    const to = merged.get(k) ?? k;
    const into = joined.get(to) ?? new Map<string, Map<string, Label>>();
    for (const [outlet, labels] of byOutlet) {
      const target = into.get(outlet) ?? new Map<string, Label>();
      for (const [name, l] of labels) {
        const t = target.get(name);
        if (t) {
          t.count += l.count;
          t.evidence.push(...l.evidence);
        } else target.set(name, { ...l, evidence: [...l.evidence] });
      }
      into.set(outlet, target);
    }
    joined.set(to, into);
  }
  return joined;
}

/**
 * The referents two outlets or more label, with different label sets (a
 * referent every outlet names the same way says nothing about labelling);
 * the most labels first, then by key.
 */
export function differingReferents(tallies: ReadonlyMap<string, Tally>, kind: Referent['kind']): Referent[] {
  const out: Array<Referent & { spread: number }> = [];
  for (const [key, byOutlet] of tallies) {
    if (byOutlet.size < 2) continue;
    const sets = [...byOutlet.values()].map((m) => new Set(m.keys()));
    const all = new Set(sets.flatMap((s) => [...s]));
    if (sets.every((s) => s.size === all.size)) continue;
    const labels: Record<string, Label[]> = {};
    for (const [outlet, m] of byOutlet) labels[outlet] = [...m.values()].sort((x, y) => y.count - x.count);
    out.push({ key, kind, labels, spread: all.size });
  }
  out.sort((x, y) => y.spread - x.spread || (x.key < y.key ? -1 : 1));
  return out.map(({ key, labels }) => ({ key, kind, labels }));
}

/**
 * Across stories: an outlet's profile (its most-quoted voices, characteristic
 * labels and framing terms, exclusives, omissions and timing) and two outlets
 * side by side over the stories both covered. Pure reductions of per-story
 * comparisons; the evidence of each item is kept with its story id.
 */
import type { Comparison, Evidence } from './types.js';

/** One story's comparison, with the story's id. */
export interface StoryComparison {
  story: string;
  comparison: Comparison;
}

/** Evidence with the story it belongs to. */
export type StoryEvidence = Evidence & { story: string };

/** A count with where it came from (the first few sentences). */
export interface Tally {
  name: string;
  count: number;
  stories: number;
  evidence: StoryEvidence[];
}

/** What an outlet's coverage looks like over many stories. */
export interface OutletProfile {
  outlet: string;
  /** Stories compared (the outlet and at least one other carried them). */
  stories: string[];
  /** Speakers by quotes over all stories. */
  voices: Tally[];
  /** Framing terms by the number of stories in which they set the outlet apart. */
  framing: Tally[];
  /** Labels it gives referents other outlets name differently. */
  labels: Tally[];
  exclusives: number;
  omissions: number;
  /** Stories it reported first, and the median hours after the first report in the others. */
  first: number;
  medianHoursAfterFirst: number | null;
  /** Mean lexicon-based tone over the stories (AFINN-165, per word). */
  tone: number | null;
}

/** Evidence kept per tally item. */
const MAX_EVIDENCE = 5;

function add(map: Map<string, Tally>, name: string, story: string, count: number, evidence: readonly Evidence[]) {
  const t = map.get(name) ?? { name, count: 0, stories: 0, evidence: [] };
  t.count += count;
  t.stories++;
  for (const e of evidence) if (t.evidence.length < MAX_EVIDENCE) t.evidence.push({ ...e, story });
  map.set(name, t);
}

const ranked = (m: Map<string, Tally>, limit: number) =>
  [...m.values()]
    .sort((a, b) => b.stories - a.stories || b.count - a.count || (a.name < b.name ? -1 : 1))
    .slice(0, limit);

/** Reduces the comparisons of the stories an outlet carried to its profile. */
export function outletProfile(outlet: string, comparisons: readonly StoryComparison[], limit = 15): OutletProfile {
  const voices = new Map<string, Tally>();
  const framing = new Map<string, Tally>();
  const labels = new Map<string, Tally>();
  const stories: string[] = [];
  const hours: number[] = [];
  const tones: number[] = [];
  let exclusives = 0;
  let omissions = 0;
  let first = 0;
  for (const { story, comparison: c } of comparisons) {
    const mine = c.byOutlet.find((o) => o.outlet === outlet);
    if (!mine || c.outlets.length < 2) continue;
    stories.push(story);
    for (const v of mine.voices) add(voices, v.speaker, story, v.quotes, v.evidence.slice(0, 1));
    for (const t of mine.framing) add(framing, t.term, story, t.count, t.evidence.slice(0, 1));
    for (const r of c.referents) {
      for (const l of r.labels[outlet] ?? []) add(labels, l.label, story, l.count, l.evidence.slice(0, 1));
    }
    exclusives += mine.exclusives.length;
    omissions += mine.omissions.length;
    const at = c.timing.order.findIndex((t) => t.outlet === outlet);
    if (at === 0 && c.timing.order[0]?.hoursAfterFirst !== null) first++;
    else if (at > 0 && c.timing.order[at]?.hoursAfterFirst != null)
      hours.push(c.timing.order[at]?.hoursAfterFirst as number);
    if (mine.tone) tones.push(mine.tone.mean);
  }
  hours.sort((a, b) => a - b);
  return {
    outlet,
    stories,
    voices: ranked(voices, limit),
    framing: ranked(framing, limit),
    labels: ranked(labels, limit),
    exclusives,
    omissions,
    first,
    medianHoursAfterFirst: hours.length ? (hours[hours.length >> 1] as number) : null,
    tone: tones.length ? Math.round((tones.reduce((a, b) => a + b, 0) / tones.length) * 1000) / 1000 : null,
  };
}

/** Two outlets over the stories both covered: the facts each carries that the other does not, and both profiles. */
export interface Versus {
  a: OutletProfile;
  b: OutletProfile;
  /** Facts (statements, quotes, amounts) both carry, only A, only B; carried differently by one of them. */
  facts: { both: number; onlyA: number; onlyB: number; different: number };
  /** Referents both name, with different labels: `{story, key, a: [labels], b: [labels]}`. */
  labels: Array<{ story: string; key: string; a: string[]; b: string[] }>;
}

/** Compares two outlets over the comparisons of stories both carried. */
export function versus(a: string, b: string, comparisons: readonly StoryComparison[], limit = 15): Versus {
  const shared = comparisons.filter(({ comparison: c }) => c.outlets.includes(a) && c.outlets.includes(b));
  const facts = { both: 0, onlyA: 0, onlyB: 0, different: 0 };
  const labels: Versus['labels'] = [];
  for (const { story, comparison: c } of shared) {
    for (const f of c.facts) {
      if (f.kind === 'entity') continue;
      const sa = f.cells[a]?.state ?? 'absent';
      const sb = f.cells[b]?.state ?? 'absent';
      if (sa !== 'absent' && sb !== 'absent') facts.both++;
      else if (sa !== 'absent') facts.onlyA++;
      else if (sb !== 'absent') facts.onlyB++;
      if ((sa === 'different') !== (sb === 'different') && sa !== 'absent' && sb !== 'absent') facts.different++;
    }
    for (const r of c.referents) {
      const la = (r.labels[a] ?? []).map((l) => l.label);
      const lb = (r.labels[b] ?? []).map((l) => l.label);
      if (la.length && lb.length && la.join('\n') !== lb.join('\n')) labels.push({ story, key: r.key, a: la, b: lb });
    }
  }
  return {
    a: outletProfile(a, shared, limit),
    b: outletProfile(b, shared, limit),
    facts,
    labels: labels.slice(0, limit * 2),
  };
}

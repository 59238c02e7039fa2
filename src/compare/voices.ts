/**
 * Voices: whose words each outlet carries. Share of quotes by speaker, direct
 * versus paraphrased, the speaker's type from the role words written next to
 * their name, and their country from the nationality or country named there.
 */
import type { EntityMention, Span } from '../types.js';
import { demonymOf } from './places.js';
import { evidenceOf, type PreparedStory } from './prepare.js';
import { entityKey, mergeKeys, nameKey, quoteSpeakerName, ROLE_TYPES } from './speakers.js';
import { sentenceAt, wordsIn } from './text.js';
import type { Evidence, SpeakerType, Voice } from './types.js';

/** How far before a name its title and nationality are looked for (`Turkish Foreign Minister ` + name). */
const TITLE_WINDOW = 48;

/** Entity types a speaker's type falls back to when no role word is written: a country or city speaking is its government (`Ankara said`). */
const TYPE_BY_ENTITY: Readonly<Record<string, SpeakerType>> = {
  LOC: 'government',
  ORG: 'organisation',
  NORP: 'other',
  PERSON: 'other',
};

interface Sighting {
  outlet: string;
  direct: boolean;
  evidence: Evidence | null;
  /** Text around the speaker's mentions: role words and nationality. */
  context: string[];
  /** Nationalities (`Turkish`) and possessive countries (`Turkey's`) in the titles before the name. */
  countries: Array<{ text: string; nationality: boolean }>;
  entityType: string | null;
  name: string;
}

/** Words a title phrase before a name is made of when lower-case (`the Turkish foreign minister`, `president of`). */
const TITLE_JOINERS =
  /^(?:the|of|for|and|state-owned|senior|former|deputy|foreign|defen[cs]e|interior|chief|top|head)$/;

/**
 * The title phrase right before a name: the capitalised words and role words
 * that run up to it without punctuation (`Turkish Foreign Minister` before
 * `Mevlut Cavusoglu`; not `Syria’s Idlib,` across a comma).
 */
export function titleBefore(body: string, start: number): Span {
  const from = Math.max(0, start - TITLE_WINDOW);
  const words = wordsIn(body, from, start);
  let begin = start;
  for (let i = words.length - 1; i >= 0; i--) {
    const w = words[i] as (typeof words)[number];
    const gap = body.slice(w.end, begin);
    if (!/^\s*$/.test(gap)) break;
    const titled = /^\p{Lu}/u.test(w.text) || TITLE_JOINERS.test(w.norm) || ROLE_TYPES.some(([re]) => re.test(w.norm));
    if (!titled) break;
    begin = w.start;
  }
  return { start: begin, end: start };
}

/** Title phrases and mentions of a name in one article, and the nationalities or countries named in those titles. */
function around(body: string, entities: readonly EntityMention[], spans: readonly Span[]) {
  const context: string[] = [];
  const countries: Array<{ text: string; nationality: boolean }> = [];
  for (const s of spans) {
    const title = titleBefore(body, s.start);
    context.push(body.slice(title.start, s.end));
    // a nationality or a possessive country inside the title phrase or the mention itself
    const near = entities
      .filter((e) => e.start >= title.start && e.end <= s.end && (e.type === 'NORP' || e.type === 'LOC'))
      .filter((e) => e.type === 'NORP' || /^['’]s\b/.test(body.slice(e.end, e.end + 3)))
      .sort((a, b) => b.start - a.start)[0];
    // a nationality first (`Turkish`), then a possessive country (`Turkey's`): one form per speaker whatever the order
    if (near) countries.push({ text: near.text, nationality: near.type === 'NORP' });
  }
  return { context, countries };
}

/** The voices of each outlet, most quoted first. */
export function voicesByOutlet(story: PreparedStory): Map<string, Voice[]> {
  const sightings = new Map<string, Sighting[]>();
  for (const a of story.articles) {
    const sentences = story.byArticle.get(a.id) ?? [];
    const keyed = a.analysis.entities.map((e) => [e, entityKey(e)] as const);
    for (const q of a.analysis.quotes ?? []) {
      const name = quoteSpeakerName(q);
      const key = name ? nameKey(name) : '';
      if (!name || !key) continue;
      // every mention of the same name in the article can carry its title
      const mentions = keyed
        .filter(([, k]) => k !== null && (k === key || key.endsWith(` ${k}`) || k.endsWith(` ${key}`)))
        .map(([e]) => e);
      const spans: Span[] = [...mentions, ...(q.speaker.mention ? [q.speaker.mention] : [])];
      const { context, countries } = around(a.body, a.analysis.entities, spans);
      const s = sentences[sentenceAt(sentences, q.start)];
      const list = sightings.get(key) ?? [];
      list.push({
        outlet: a.outlet,
        direct: q.kind !== 'indirect',
        evidence: s ? evidenceOf(s) : null,
        context: [q.speaker.mention?.text ?? '', ...context],
        countries,
        entityType: q.speaker.resolved?.type ?? mentions[0]?.type ?? null,
        name,
      });
      sightings.set(key, list);
    }
  }
  const merged = mergeKeys(sightings.keys());
  const bySpeaker = new Map<string, Sighting[]>();
  for (const [k, list] of sightings) {
    const to = merged.get(k) ?? k;
    bySpeaker.set(to, [...(bySpeaker.get(to) ?? []), ...list]);
  }
  const out = new Map<string, Voice[]>();
  for (const [, list] of bySpeaker) {
    const name = displayName(list.map((s) => s.name));
    const type = speakerType(list);
    const named = list.flatMap((s) => s.countries);
    // one spelling per state: `Turkish`, `Turkey's` and a speaking `Ankara` are all `Turkish`
    const state = (text: string) => demonymOf(text) ?? text;
    const country =
      mostCommon(named.filter((c) => c.nationality).map((c) => state(c.text))) ??
      mostCommon(named.filter((c) => !c.nationality).map((c) => state(c.text))) ??
      (list[0]?.entityType === 'LOC' ? state(name) : null);
    const byOutlet = new Map<string, Sighting[]>();
    for (const s of list) byOutlet.set(s.outlet, [...(byOutlet.get(s.outlet) ?? []), s]);
    for (const [outlet, mine] of byOutlet) {
      const direct = mine.filter((s) => s.direct).length;
      const evidence = [
        ...new Map(
          mine.flatMap((s) => (s.evidence ? [[`${s.evidence.article}:${s.evidence.start}`, s.evidence]] : [])),
        ).values(),
      ] as Evidence[];
      const voices = out.get(outlet) ?? [];
      voices.push({
        speaker: name,
        type,
        country,
        quotes: mine.length,
        direct,
        paraphrased: mine.length - direct,
        share: 0,
        evidence,
      });
      out.set(outlet, voices);
    }
  }
  for (const voices of out.values()) {
    const total = voices.reduce((a, v) => a + v.quotes, 0);
    for (const v of voices) v.share = Math.round((v.quotes / total) * 1000) / 1000;
    voices.sort((a, b) => b.quotes - a.quotes || (a.speaker < b.speaker ? -1 : 1));
  }
  return out;
}

/** The first role table row any context matches, else the fallback of the speaker's entity type. */
function speakerType(list: readonly Sighting[]): SpeakerType {
  const votes = new Map<SpeakerType, number>();
  for (const s of list) {
    for (const text of s.context) {
      const hit = ROLE_TYPES.find(([re]) => re.test(text));
      if (hit) votes.set(hit[1], (votes.get(hit[1]) ?? 0) + 1);
    }
  }
  const best = [...votes].sort((a, b) => b[1] - a[1])[0];
  if (best) return best[0];
  return TYPE_BY_ENTITY[list[0]?.entityType ?? ''] ?? 'other';
}

function mostCommon(xs: readonly string[]): string | null {
  const counts = new Map<string, number>();
  for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

/** The form of a name the story uses most, the longer on a tie (`Kerem Yildirim` over `Minister Kerem Yildirim` used once). */
export function displayName(names: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || b[0].length - a[0].length || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? '';
}

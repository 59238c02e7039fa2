/**
 * Names across a story's articles: one key for `Cavusoglu`, `Mevlut Cavusoglu`
 * and `Foreign Minister Mevlut Cavusoglu`, so outlets that name a speaker or an
 * entity differently still meet.
 */
import type { EntityMention, Quote } from '../types.js';
import { normWord, STOPWORDS, wordsIn } from './text.js';

/** Role words that stand before a name inside a mention (`Foreign Minister Mevlut Cavusoglu`), with the speaker type each points to. */
export const ROLE_TYPES: ReadonlyArray<
  readonly [RegExp, 'government' | 'military' | 'opposition' | 'expert' | 'media']
> = [
  // heads of state and ministries speak for a government
  [
    /\b(president|sheriff|police|judge|attorney general|prime minister|minister|ministry|secretary|spokes(?:man|woman|person)|ambassador|envoy|diplomat|foreign office|government|kremlin|white house|state department|chancellor|official|senator|governor|mayor|lawmaker|congress(?:man|woman)?|parliament|king|queen|emir|premier)\b/i,
    'government',
  ],
  // armed forces and their officers
  [
    /\b(general|army|military|commander|colonel|admiral|defen[cs]e forces|pentagon|officer|troops|navy|air force)\b/i,
    'military',
  ],
  // those who oppose the government in place
  [/\b(opposition|rebels?|insurgents?|activists?|dissidents?|protesters?|militants?)\b/i, 'opposition'],
  // people quoted for what they know
  [
    /\b(analyst|expert|professor|researcher|scholar|economist|fellow|think tank|institute|university|lawyer)\b/i,
    'expert',
  ],
  // other media cited as a source
  [
    /\b(agency|news|tv|television|channel|newspaper|portal|magazine|reuters|reporter|journalist|correspondent|editor|press|times|post|journal|outlet)\b/i,
    'media',
  ],
];

/** Title words: a name key starts after the last of them (`Turkish Foreign Minister Mevlut Cavusoglu` -> `mevlut cavusoglu`). */
const TITLE_WORDS = new Set(
  (
    'president prime minister secretary spokesman spokeswoman spokesperson ambassador envoy chancellor general ' +
    'colonel commander mr ms mrs dr sir fm senator sen gov rep governor mayor king queen emir premier pope'
  ).split(' '),
);

/** Letters that do not decompose into a base letter and a mark. */
const FOLD: Readonly<Record<string, string>> = { ı: 'i', ø: 'o', ł: 'l', đ: 'd', ß: 'ss', æ: 'ae', œ: 'oe', þ: 'th' };

/** Lower case without diacritics: `Yıldırım` and `Yildirim`, `Søberg` and `Soberg` meet. */
export function foldName(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[ıøłđßæœþ]/g, (c) => FOLD[c] ?? c);
}

/** A name's key: folded words after the last title word, without function words and possessives. */
export function nameKey(name: string): string {
  const words = wordsIn(foldName(name)).map((w) => normWord(w.text));
  let from = 0;
  words.forEach((w, i) => {
    if (TITLE_WORDS.has(w)) from = i + 1;
  });
  const rest = words.slice(from);
  // `Rick Perry of Texas` is Rick Perry
  const of = rest.indexOf('of');
  return (of > 0 ? rest.slice(0, of) : rest).filter((w) => !STOPWORDS.has(w)).join(' ');
}

/** The name a quote is attributed to: the resolved mention, else a written name; null for unresolved pronouns and roles. */
export function quoteSpeakerName(q: Quote): string | null {
  const resolved = q.speaker.resolved?.text;
  if (resolved) return resolved;
  const m = q.speaker.mention;
  return m && m.form === 'name' ? m.text : null;
}

/**
 * Maps every key to its longest form in the story: a key that is the last
 * word(s) of a longer key (`cavusoglu` of `mevlut cavusoglu`) joins it when that
 * longer key is the only one it could be.
 */
export function mergeKeys(keys: Iterable<string>): Map<string, string> {
  const all = [...new Set(keys)].filter((k) => k.length > 0);
  const known = new Set(all);
  const out = new Map<string, string>();
  for (const k of all) {
    // `moscow washington` is two names, not a fuller form of `washington`
    const longer = all.filter(
      (o) =>
        o !== k &&
        o.endsWith(` ${k}`) &&
        !o
          .slice(0, -k.length - 1)
          .split(' ')
          .some((w) => known.has(w)),
    );
    out.set(k, longer.length === 1 ? (longer[0] as string) : k);
  }
  return out;
}

/** Named-entity types that name a referent (amounts and dates do not). */
export const NAMED_TYPES: ReadonlySet<string> = new Set(['PERSON', 'ORG', 'LOC', 'NORP', 'PRODUCT', 'EVENT']);

/** The key of an entity mention, or null when it names nothing (`the`, a lone title). */
export function entityKey(e: EntityMention): string | null {
  if (!NAMED_TYPES.has(e.type)) return null;
  const key = nameKey(e.text);
  return key.length > 1 ? key : null;
}

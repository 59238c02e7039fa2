/**
 * In-article entity resolution: every mention of one referent in one article
 * gathered into a chain — full name, surname, title and name, role phrases
 * (`Turkey's foreign minister`, `the senior Turkish diplomat`), pronouns —
 * with the roles the article gives it (titles and appositions), dated with
 * the article's reference date.
 *
 * One pass over the mentions in text order; each rung of the ladder below is
 * tried in turn and the first that decides wins:
 *
 * | form | rule |
 * |---|---|
 * | name | same key as a name already in a chain (`Erdoğan` = `Erdogan`) |
 * | name | a shorter or fuller form of a person's name (`Cavusoglu` <- `Mevlut Cavusoglu`), the most recently mentioned |
 * | name | an acronym of an organisation's name (`NATO` <- `North Atlantic Treaty Organization`) |
 * | role | an apposition next to a name (`Ibrahim Kalin, Erdogan's spokesman`; `The representative of ..., Ibrahim Kalin`) |
 * | role | the speaker of a quote the quote layer already resolved (`the minister said`) |
 * | role | a chain holding a role with the same head and no clashing modifier (`the minister` <- `Foreign Minister Mevlut Cavusoglu`) |
 * | role | a generic person role (`the diplomat`), or an office no one holds yet: the most salient recent person |
 * | role | an organisation or place noun: a chain whose name holds it, or an earlier use of the same noun (`the court` ... `this court`) |
 * | role | a bare general noun (`the alliance`, `the country`): the most salient organisation or place of the recent sentences |
 * | pronoun | a first-person pronoun inside a direct quote: the quote's speaker |
 * | pronoun | I/me/my and we/us/our outside quotes: the writer and the writer's group, an unnamed chain each |
 * | pronoun | the speaker of a quote, as resolved by the quote layer |
 * | pronoun | him/himself/herself: a person earlier in the same sentence (for `him`, not the sentence's subject) |
 * | pronoun | he/she/his/her: the most salient person of this and the three previous sentences — recent mentions weigh more, a sentence's first person double — whose gender agrees (from an earlier pronoun, an honorific or a common first name) |
 * | pronoun | its: the nearest organisation or place in this or the previous sentence |
 * | pronoun | they/them/their: the nearest organisation or people (NORP) in this or the previous sentence |
 * | pronoun | you/your outside quotes: the reader's (or interviewee's) chain |
 *
 * A pure function of the body and its analysis; never throws.
 */
// the tokenizer alone: the analyze index loads every model module, and the store imports this file
import { tokenize } from '../analyze/tokenize.js';
import { nameGender } from '../analyze/name-gender.js';
import type { Analysis, EntityMention, Span, TextSpan } from '../types.js';
import {
  CHAIN_TYPES,
  DEFINITE,
  DEMONYMS,
  FEMALE_WORDS,
  FIRST_PERSON,
  FIRST_PLURAL,
  SECOND_PERSON,
  PLURAL_PRONOUNS,
  GENERIC_PERSON_ROLES,
  PERSON_PRONOUNS,
  PERSON_ROLES,
  POSSESSIVE_PRONOUNS,
  ROLE_FILLER,
  ROLE_SPELLING,
  GENERIC_THINGS,
  MALE_WORDS,
  THING_PRONOUNS,
  THING_ROLES,
} from './lexicon.js';
import { foldWord, initials, isShorterForm, nameKey } from './names.js';

/** Version of the in-article resolver; a change means articles are resolved again. */
export const RESOLVE_VERSION = 'resolve@1';

/** The entity types that form chains. */
export type ChainType = 'PERSON' | 'ORG' | 'LOC' | 'NORP' | 'PRODUCT' | 'EVENT';

/** How a mention names its referent. */
export type MentionForm = 'name' | 'role' | 'pronoun';

/** One mention in a chain: a span of the body, its text and form. */
export interface ChainMention extends TextSpan {
  form: MentionForm;
  /** Which rung linked it: `name:key`, `name:shorter`, `role:title`, `pronoun:subject`, ... (`new` for a chain's first mention). */
  via: string;
}

/** A role the article gives a referent (`Turkish Foreign Minister`), dated with the article's reference date. */
export interface ChainRole extends TextSpan {
  /** The article's reference date (ISO), null when it has none. */
  date: string | null;
}

/** The mentions of one referent in one article. */
export interface Chain {
  /** Index of the chain in the article, in order of first mention. */
  id: number;
  /** The longest proper name in the chain; the first role phrase when it holds no name. */
  name: string;
  /** False for a chain of role phrases and pronouns only (`the defector ... he`). */
  named: boolean;
  type: ChainType;
  mentions: ChainMention[];
  roles: ChainRole[];
}

/** The chains of one article. */
export interface ArticleEntities {
  version: string;
  /** The reference date roles are dated with. */
  date: string | null;
  chains: Chain[];
}

/** Options of in-article resolution. */
export interface ResolveOptions {
  /** How many sentences back a pronoun looks for its antecedent. @default 3 */
  pronounSentences: number;
  /** How many sentences back a generic role phrase (`the diplomat`) looks for a person. @default 6 */
  roleSentences: number;
  /** Longest body resolved, in characters; a longer body is resolved up to this point. @default 2000000 */
  maxChars: number;
}

/** The defaults of `ResolveOptions`. */
export const RESOLVE_DEFAULTS: Readonly<ResolveOptions> = Object.freeze({
  pronounSentences: 3,
  roleSentences: 6,
  maxChars: 2_000_000,
});

/** Office qualifiers that tell two holders of one head apart. Reason: `foreign minister` is not `defense minister`. */
const OFFICE_WORDS = new Set([
  'foreign',
  'defense',
  'interior',
  'finance',
  'prime',
  'vice',
  'deputy',
  'state',
  'health',
  'energy',
  'economy',
  'trade',
  'justice',
  'education',
  'press',
  'general',
]);
const DEMONYM_VALUES = new Set(DEMONYMS.values());

/** A role reduced for comparison: its head noun and the words that tell offices apart. */
interface RoleShape {
  head: string;
  mods: Set<string>;
}

interface Draft {
  type: ChainType;
  typeVotes: Map<ChainType, number>;
  mentions: ChainMention[];
  roles: ChainRole[];
  shapes: RoleShape[];
  /** Key words of the names in the chain. */
  keys: string[][];
  best: string;
  named: boolean;
  gender: 'm' | 'f' | null;
  /** Offset of the latest mention. */
  last: number;
}

/** A candidate mention found in the text, before linking. */
interface Candidate extends TextSpan {
  form: MentionForm;
  sentence: number;
  /** For names: the NER type. */
  type?: ChainType;
  /** For role phrases: the shape and the kind of referent. */
  shape?: RoleShape;
  kind?: 'PERSON' | 'ORG' | 'LOC';
  /** A name's span this role phrase stands beside (apposition), or the span a quote layer resolved it to. */
  linkTo?: Span;
  linkVia?: string;
  /** For a title or apposition: the role to record on the chain of `linkTo`, without adding a mention. */
  roleOnly?: boolean;
  /** Possessor name span (`Erdogan's representative`): never the referent itself. */
  possessor?: Span;
  /** True for a role phrase counted as a role of its referent. */
  isRole?: boolean;
}

/** Words that end a title scanned leftwards. Reason: `On Tuesday US President Donald Trump` has the title `US President`. */
const NOT_IN_TITLE =
  /^(?:on|in|at|by|as|and|but|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|november|december|meanwhile|however|also)$/;
/** Prepositions before a place name, not a person's. Reason: the tagger calls `San Francisco` a person now and then. */
const PLACE_PREPOSITIONS = new Set(['in', 'at', 'near', 'across', 'throughout', 'outside', 'inside']);
const isCapWord = (w: string) => /^\p{Lu}/u.test(w);
const POSS = new Set(['’s', "'s", '’', "'"]);

/** Resolves the entity chains of one article. Never throws; bad input gives no chains. */
export function resolveArticle(
  body: string,
  analysis: Analysis,
  options: Partial<ResolveOptions> = {},
): ArticleEntities {
  const date = analysis?.reference?.value ?? null;
  try {
    return { version: RESOLVE_VERSION, date, chains: resolve(body, analysis, { ...RESOLVE_DEFAULTS, ...options }) };
  } catch {
    return { version: RESOLVE_VERSION, date, chains: [] };
  }
}

function resolve(body: string, analysis: Analysis, o: ResolveOptions): Chain[] {
  if (typeof body !== 'string' || !body) return [];
  const text = body.length > o.maxChars ? body.slice(0, o.maxChars) : body;
  const t = tokenize(text);
  const n = t.length;
  const raw: string[] = new Array<string>(n);
  const low: string[] = new Array<string>(n);
  const sentOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    raw[i] = text.slice(t.starts[i], t.ends[i]);
    low[i] = raw[i]!.toLowerCase();
  }
  for (let s = 0; s < t.sentences; s++) for (let i = t.sentStarts[s]!; i < t.sentEnds[s]!; i++) sentOf[i] = s;
  // token index of a body offset (first token starting at or after it)
  const tokAt = (pos: number): number => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (t.starts[mid]! < pos) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const span = (a: number, b: number): TextSpan => ({
    start: t.starts[a]!,
    end: t.ends[b - 1]!,
    text: text.slice(t.starts[a], t.ends[b - 1]),
  });

  const entities = (analysis?.entities ?? [])
    .filter(
      (e): e is EntityMention & { type: ChainType } => CHAIN_TYPES.has(e.type as ChainType) && e.end <= text.length,
    )
    .sort((a, b) => a.start - b.start);
  const inName = new Int32Array(n).fill(-1);
  entities.forEach((e, k) => {
    for (let i = tokAt(e.start); i < n && t.starts[i]! < e.end; i++) inName[i] = k;
  });

  const cands: Candidate[] = [];
  const roleShape = (a: number, b: number): RoleShape | null => shapeOf(raw.slice(a, b));

  // 1. names, with titles inside or before them and appositions beside them
  for (const e of entities) {
    let a = tokAt(e.start);
    let b = a;
    while (b < n && t.ends[b]! <= e.end) b++;
    if (b <= a) continue;
    let type: ChainType = e.type;
    // a title inside the entity span: `Foreign Minister Mevlut Cavusoglu`
    let lastRole = -1;
    for (let i = a; i < b; i++) if (PERSON_ROLES.has(low[i]!)) lastRole = i;
    if (lastRole >= 0 && lastRole + 1 < b && low[lastRole + 1] !== 'of' && isCapWord(raw[lastRole + 1]!)) {
      // the title may begin before the entity span: `Turkish` + `President Recep Tayyip Erdogan`
      const from = titleBefore(a, false)?.[0] ?? a;
      cands.push({
        ...span(from, lastRole + 1),
        form: 'role',
        sentence: sentOf[a]!,
        roleOnly: true,
        linkTo: span(lastRole + 1, b),
      });
      a = lastRole + 1;
      type = 'PERSON';
    }
    if (low[a] === 'the' && b - a > 1) a++;
    // `in San Francisco`: a place, whatever the tagger said
    if (type === 'PERSON' && a > 0 && PLACE_PREPOSITIONS.has(low[a - 1]!) && !POSS.has(raw[b] ?? '')) type = 'LOC';
    const name = span(a, b);
    cands.push({ ...name, form: 'name', sentence: sentOf[a]!, type });
    if (type !== 'PERSON') continue;
    // a title written before the name: `Turkish Defense Minister Hulusi Akar`, `his Russian counterpart Vladimir Putin`
    const title = lastRole < 0 ? titleBefore(a, true) : null;
    if (title)
      cands.push({ ...span(title[0], title[1]), form: 'role', sentence: sentOf[a]!, roleOnly: true, linkTo: name });
    // apposition after: `Ibrahim Kalin, Erdogan's spokesman,`
    if (raw[b] === ',') {
      const np = nounPhrase(b + 1, true);
      if (np && np.kind === 'PERSON' && (raw[np.end] === ',' || raw[np.end] === '.' || np.end >= n)) {
        cands.push({
          ...span(b + 1, np.end),
          form: 'role',
          sentence: sentOf[a]!,
          shape: np.shape,
          kind: 'PERSON',
          linkTo: name,
          linkVia: 'role:apposition',
          isRole: true,
          possessor: np.possessor,
        });
      }
    }
    // apposition before: `The representative of the Turkish president, Ibrahim Kalin`
    const before = title ? title[0] : a;
    if (before > 0 && raw[before - 1] === ',') {
      const np = phraseEndingAt(before - 1);
      if (np)
        cands.push({
          ...span(np.start, before - 1),
          form: 'role',
          sentence: sentOf[a]!,
          shape: np.shape,
          kind: 'PERSON',
          linkTo: name,
          linkVia: 'role:apposition',
          isRole: true,
        });
    }
  }

  // names the tagger missed: other occurrences of a name it found, and the surnames of people it found
  const known = new Map<string, Array<{ words: string[]; type: ChainType }>>();
  const remember = (words: string[], type: ChainType) => {
    const list = known.get(words[0]!) ?? [];
    if (!list.some((x) => x.words.join(' ') === words.join(' '))) list.push({ words, type });
    known.set(words[0]!, list);
  };
  for (const c of cands) {
    if (c.form !== 'name') continue;
    const words = c.text.split(/\s+/).filter(Boolean);
    if (words.length > 6) continue;
    remember(words, c.type!);
    const last = words[words.length - 1]!;
    if (c.type === 'PERSON' && words.length > 1 && isCapWord(last) && last.length > 2) remember([last], 'PERSON');
  }
  for (let i = 0; i < n; i++) {
    if (inName[i]! >= 0 || !isCapWord(raw[i]!)) continue;
    for (const k of known.get(raw[i]!) ?? []) {
      let ok = i + k.words.length <= n;
      for (let j = 0; ok && j < k.words.length; j++) ok = raw[i + j] === k.words[j] && inName[i + j]! < 0;
      // a longer capitalised run is another name (`Erdogan` in `Erdogan Street` is not the person)
      if (!ok || (i + k.words.length < n && isCapWord(raw[i + k.words.length]!) && !POSS.has(raw[i + k.words.length]!)))
        continue;
      const found = span(i, i + k.words.length);
      cands.push({ ...found, form: 'name', sentence: sentOf[i]!, type: k.type });
      for (let j = 0; j < k.words.length; j++) inName[i + j] = entities.length;
      entities.push({ ...found, type: k.type, via: 'resolve:repeat' });
      const title = k.type === 'PERSON' ? titleBefore(i, true) : null;
      if (title)
        cands.push({ ...span(title[0], title[1]), form: 'role', sentence: sentOf[i]!, roleOnly: true, linkTo: found });
      break;
    }
  }

  // 2. role phrases and pronouns outside names
  const covered = new Uint8Array(n);
  for (const c of cands)
    if (c.form === 'role') for (let i = tokAt(c.start); i < n && t.starts[i]! < c.end; i++) covered[i] = 1;
  for (let i = 0; i < n; i++) {
    if (inName[i]! >= 0 || covered[i]) continue;
    const l = low[i]!;
    if (
      PERSON_PRONOUNS.has(l) ||
      FIRST_PERSON.has(l) ||
      FIRST_PLURAL.has(l) ||
      SECOND_PERSON.has(l) ||
      PLURAL_PRONOUNS.has(l) ||
      THING_PRONOUNS.has(l)
    ) {
      const pronoun = span(i, i + 1);
      cands.push({ ...pronoun, form: 'pronoun', sentence: sentOf[i]! });
      if (!POSSESSIVE_PRONOUNS.has(l)) continue;
      const np = nounPhrase(i, false);
      if (!np || (np.end < n && inName[np.end]! >= 0)) continue;
      for (let k = i + 1; k < np.end; k++) covered[k] = 1;
      cands.push({
        ...span(i, np.end),
        form: 'role',
        sentence: sentOf[i]!,
        shape: np.shape,
        kind: np.kind,
        possessor: pronoun,
        isRole: np.kind === 'PERSON',
      });
      i = np.end - 1;
      continue;
    }
    if (DEFINITE.has(l) || POSSESSIVE_PRONOUNS.has(l)) {
      const np = nounPhrase(i, false);
      if (!np) continue;
      // a title before a name is not a mention of its own
      if (np.end < n && inName[np.end]! >= 0) continue;
      for (let k = i; k < np.end; k++) covered[k] = 1;
      cands.push({
        ...span(i, np.end),
        form: 'role',
        sentence: sentOf[i]!,
        shape: np.shape,
        kind: np.kind,
        possessor: np.possessor,
        isRole: np.kind === 'PERSON',
      });
      i = np.end - 1;
    }
  }
  // possessive role phrases: `Erdogan's representative`, `Turkey's foreign minister`
  for (let i = 1; i + 1 < n; i++) {
    if (!POSS.has(raw[i]!) || covered[i + 1] || inName[i + 1]! >= 0) continue;
    const np = nounPhrase(i + 1, true);
    if (!np || np.kind !== 'PERSON' || (np.end < n && inName[np.end]! >= 0)) continue;
    let a = i - 1;
    const k = inName[a]!;
    if (k >= 0) a = tokAt(entities[k]!.start);
    const possessor = span(a, i);
    const shape = np.shape;
    const dem = DEMONYMS.get(foldWord(possessor.text));
    if (dem) shape.mods.add(dem);
    for (let m = i + 1; m < np.end; m++) covered[m] = 1;
    cands.push({
      ...span(a, np.end),
      form: 'role',
      sentence: sentOf[a]!,
      shape,
      kind: 'PERSON',
      possessor,
      isRole: true,
    });
  }

  // quotes: speaker mentions already resolved by the quote layer; direct quote spans for first-person pronouns
  const quoteLinks = new Map<number, Span>();
  const directQuotes: Array<{ start: number; end: number; speaker: Span | null }> = [];
  for (const q of analysis?.quotes ?? []) {
    const m = q.speaker?.mention;
    const r = q.speaker?.resolved;
    if (m && r && m.form !== 'name') quoteLinks.set(m.start, r);
    if (q.kind !== 'indirect')
      for (const p of q.parts) directQuotes.push({ start: p.start, end: p.end, speaker: r ?? null });
  }

  cands.sort((x, y) => x.start - y.start || (x.form === 'name' ? -1 : 1) - (y.form === 'name' ? -1 : 1));
  return link(cands, o, date(analysis), quoteLinks, directQuotes);

  /** A title before token `a`: capitals, demonyms, possessors and role nouns ending in a person role. */
  function titleBefore(a: number, needRole: boolean): [number, number] | null {
    let s = a;
    let hasRole = false;
    while (s - 1 >= 0 && a - s < 6) {
      const p = s - 1;
      const l = low[p]!;
      if (sentOf[p] !== sentOf[a] || NOT_IN_TITLE.test(l)) break;
      if (
        PERSON_ROLES.has(l) ||
        (isCapWord(raw[p]!) && inName[p]! < 0) ||
        DEMONYMS.has(foldWord(l)) ||
        OFFICE_WORDS.has(l) ||
        l === 'of' ||
        POSS.has(raw[p]!)
      ) {
        if (PERSON_ROLES.has(l)) hasRole = true;
        s = p;
        continue;
      }
      if (inName[p]! >= 0 && (POSS.has(raw[p + 1]!) || entities[inName[p]!]!.type !== 'PERSON')) {
        s = tokAt(entities[inName[p]!]!.start);
        continue;
      }
      break;
    }
    while (s < a && (low[s] === 'of' || POSS.has(raw[s]!))) s++;
    if (s >= a || (needRole && (!hasRole || !PERSON_ROLES.has(low[a - 1]!)))) return null;
    return [s, a];
  }

  /**
   * A noun phrase from token `a`: an optional determiner or possessive, up to four
   * modifiers, a role noun head, and an `of ...` complement. Null when no role noun heads it.
   */
  function nounPhrase(
    a: number,
    bare: boolean,
  ): { end: number; shape: RoleShape; kind: 'PERSON' | 'ORG' | 'LOC'; possessor?: Span } | null {
    let i = a;
    if (
      i < n &&
      (DEFINITE.has(low[i]!) || POSSESSIVE_PRONOUNS.has(low[i]!) || (bare && (low[i] === 'a' || low[i] === 'an')))
    )
      i++;
    else if (!bare) return null;
    let possessor: TextSpan | undefined;
    if (bare && i < n && (inName[i]! >= 0 || isCapWord(raw[i]!))) {
      // `Erdogan's spokesman`: the possessor is not the referent
      let e = i + 1;
      if (inName[i]! >= 0) while (e < n && inName[e] === inName[i]) e++;
      if (e < n && POSS.has(raw[e]!)) {
        possessor = span(i, e);
        i = e + 1;
      }
    }
    let head = -1;
    for (let k = 0; i < n && k < 5; k++, i++) {
      const l = low[i]!;
      if (PERSON_ROLES.has(l) || THING_ROLES.has(l)) {
        head = i;
        // `deputy foreign minister`: a later role noun is the head
        if (i + 1 < n && (PERSON_ROLES.has(low[i + 1]!) || THING_ROLES.has(low[i + 1]!)) && k < 4) continue;
        break;
      }
      if (!/^[\p{L}-]+$/u.test(raw[i]!) || DEFINITE.has(l) || l === 'and' || l === 'or') return null;
      if (inName[i]! >= 0 && entities[inName[i]!]!.type === 'PERSON') return null;
    }
    if (head < 0) return null;
    let end = head + 1;
    // `of the Turkish president`, `of Defense`, `of the Turkish defense company`: up to a role noun, else to the last capital
    if (end < n && low[end] === 'of') {
      let capEnd = -1;
      for (let e = end + 1; e < n && e - end <= 5 && /^[\p{L}-]+$/u.test(raw[e]!); e++) {
        const l = low[e]!;
        if (PERSON_ROLES.has(l) || THING_ROLES.has(l)) {
          capEnd = e + 1;
          break;
        }
        if (isCapWord(raw[e]!)) capEnd = e + 1;
        else if (!DEFINITE.has(l) && !/^[a-z-]+$/.test(raw[e]!)) break;
      }
      if (capEnd > 0) end = capEnd;
    }
    const hl = low[head]!;
    const kind = PERSON_ROLES.has(hl) ? 'PERSON' : THING_ROLES.get(hl)!;
    const shape = roleShape(a, end);
    if (!shape) return null;
    if (possessor) {
      const dem = DEMONYMS.get(foldWord(possessor.text));
      if (dem) shape.mods.add(dem);
    }
    return { end, shape, kind, possessor };
  }

  /** A role phrase ending just before token `e` (exclusive), starting at a determiner after a clause boundary. */
  function phraseEndingAt(e: number): { start: number; shape: RoleShape } | null {
    let s = e - 1;
    let floor = s;
    while (
      floor - 1 >= 0 &&
      e - floor < 10 &&
      sentOf[floor - 1] === sentOf[e - 1] &&
      /^[\p{L}’'-]+$/u.test(raw[floor - 1]!)
    )
      floor--;
    for (s = floor; s < e; s++) {
      if (!DEFINITE.has(low[s]!) && low[s] !== 'a' && low[s] !== 'an') continue;
      const np = nounPhrase(s, true);
      if (np && np.end === e && np.kind === 'PERSON') return { start: s, shape: np.shape };
    }
    return null;
  }
}

/**
 * The chain holding a mention at a span — a quote's `speaker.resolved` or
 * `speaker.mention`, an entity mention — preferring an exact match, then the
 * mention overlapping it most. Null when no mention touches the span.
 */
export function chainAt(entities: ArticleEntities, span: Span): Chain | null {
  let best: Chain | null = null;
  let bestOverlap = 0;
  for (const c of entities?.chains ?? []) {
    for (const m of c.mentions) {
      if (m.start === span.start && m.end === span.end) return c;
      const overlap = Math.min(m.end, span.end) - Math.max(m.start, span.start);
      if (overlap > bestOverlap) [best, bestOverlap] = [c, overlap];
    }
  }
  return best;
}

/** The shape of a role: its first role noun before `of` as head, and the words telling offices apart. */
export function shapeOf(words: readonly string[]): RoleShape | null {
  let head: string | null = null;
  const mods = new Set<string>();
  let afterOf = false;
  for (const w of words) {
    if (POSS.has(w)) continue;
    const l = ROLE_SPELLING.get(w.toLowerCase()) ?? foldWord(w);
    if (l === 'of') {
      afterOf = true;
      continue;
    }
    const isRole = PERSON_ROLES.has(l) || THING_ROLES.has(l);
    if (isRole && !afterOf) {
      if (head) mods.add(head);
      head = l;
      continue;
    }
    if (ROLE_FILLER.has(l) || !l) continue;
    mods.add(DEMONYMS.get(l) ?? l);
  }
  if (w0(words) === 'fm') mods.add('foreign');
  return head ? { head, mods } : null;
}
const w0 = (words: readonly string[]) => (words.length === 1 ? words[0]!.toLowerCase() : '');

/** True when two role shapes can be one office: same head, and no office or nationality word clashes. */
export function compatibleRoles(q: RoleShape, r: RoleShape): boolean {
  if (q.head !== r.head) return false;
  for (const cls of [OFFICE_WORDS, DEMONYM_VALUES]) {
    const qa = [...q.mods].filter((m) => cls.has(m));
    const ra = [...r.mods].filter((m) => cls.has(m));
    if (qa.length && ra.length && !qa.some((m) => ra.includes(m))) return false;
  }
  return true;
}

/** The gender a name suggests: a gendered title (`Queen`), else an honorific or the first name of a two-word name or longer. */
function genderOfName(name: string): 'm' | 'f' | null {
  const first = foldWord(name.split(/\s+/)[0] ?? '');
  if (FEMALE_WORDS.has(first)) return 'f';
  if (MALE_WORDS.has(first)) return 'm';
  return nameGender(name);
}

/** The gender words of a phrase suggest (`the spokeswoman`, `Queen`). */
function genderOfWords(text: string): 'm' | 'f' | null {
  for (const w of text.split(/\s+/)) {
    const f = foldWord(w);
    if (FEMALE_WORDS.has(f)) return 'f';
    if (MALE_WORDS.has(f)) return 'm';
  }
  return null;
}

/** Weight of a mention in the pronoun's own sentence, against 1 for the previous sentence (halving further back); tuned on GUM train. */
const SALIENCE_HERE = 2;
const date = (analysis: Analysis): string | null => analysis?.reference?.value ?? null;

/** Links candidates in text order into chains. */
function link(
  cands: readonly Candidate[],
  o: ResolveOptions,
  refDate: string | null,
  quoteLinks: ReadonlyMap<number, Span>,
  directQuotes: ReadonlyArray<{ start: number; end: number; speaker: Span | null }>,
): Chain[] {
  const drafts: Draft[] = [];
  const byKey = new Map<string, Draft>();
  const byLast = new Map<string, Draft[]>();
  /** Chains of the named mentions covering body offsets, for links by span. */
  const nameAt: Array<{ start: number; end: number; d: Draft }> = [];
  /** Person and thing mentions by sentence, in order, for pronouns and roles. */
  const bySentence = new Map<number, Array<{ d: Draft; start: number }>>();
  /** The chains of first-person pronouns outside quotes. */
  let writer: Draft | null = null;
  let writers: Draft | null = null;
  let reader: Draft | null = null;
  /** Chains by the initials of their multi-word names, for acronyms (`NATO`). */
  const byInitials = new Map<string, Draft>();
  /** Chains pronouns were resolved to, by offset (possessors like `his aide`). */
  const pronounAt = new Map<number, Draft>();

  /** One piece of evidence for a chain's type: a tagged name, a person's title or role, he/she. */
  const vote = (d: Draft, type: ChainType) => {
    d.typeVotes.set(type, (d.typeVotes.get(type) ?? 0) + 1);
    if ((d.typeVotes.get(type) ?? 0) > (d.typeVotes.get(d.type) ?? 0)) d.type = type;
  };
  const note = (d: Draft, c: Candidate, via: string) => {
    d.mentions.push({ start: c.start, end: c.end, text: c.text, form: c.form, via });
    d.last = c.start;
    let list = bySentence.get(c.sentence);
    if (!list) bySentence.set(c.sentence, (list = []));
    list.push({ d, start: c.start });
  };
  const newDraft = (type: ChainType, named: boolean, best: string): Draft => {
    const d: Draft = {
      type,
      typeVotes: new Map(),
      mentions: [],
      roles: [],
      shapes: [],
      keys: [],
      best,
      named,
      gender: null,
      last: -1,
    };
    drafts.push(d);
    return d;
  };
  const addRole = (d: Draft, c: TextSpan, shape: RoleShape | null | undefined) => {
    const clean = c.text.replace(/^(?:the|a|an)\s+/i, '');
    const folded = clean.toLowerCase();
    if (!d.roles.some((r) => r.text.toLowerCase() === folded)) {
      d.roles.push({ start: c.end - clean.length, end: c.end, text: clean, date: refDate });
    }
    if (shape) d.shapes.push(shape);
  };
  const chainAt = (s: Span): Draft | null => {
    for (let k = nameAt.length - 1; k >= 0; k--) {
      const x = nameAt[k]!;
      if (x.start < s.end && s.start < x.end) return x.d;
    }
    return null;
  };
  const addName = (d: Draft, c: Candidate, words: string[], type: ChainType) => {
    d.keys.push(words);
    vote(d, type);
    if (d.gender === null) d.gender = genderOfName(c.text);
    if (!d.named || c.text.length > d.best.length) d.best = c.text;
    if (words.length > 1) {
      const acr = initials(c.text);
      if (acr.length > 1 && !byInitials.has(acr)) byInitials.set(acr, d);
    }
    d.named = true;
    const key = words.join(' ');
    byKey.set(key, d);
    const last = words[words.length - 1]!;
    let l = byLast.get(last);
    if (!l) byLast.set(last, (l = []));
    if (!l.includes(d)) l.push(d);
    nameAt.push({ start: c.start, end: c.end, d });
  };
  /** Pending roles (titles, appositions) waiting for the name they stand beside. */
  const pending: Candidate[] = [];

  for (const c of cands) {
    if (c.form === 'name') {
      const key = nameKey(c.text);
      if (!key) continue;
      const words = key.split(' ');
      const type = c.type ?? 'PERSON';
      let d = byKey.get(key) ?? null;
      let via = 'name:key';
      if (!d && (type === 'PERSON' || words.length === 1)) {
        // shorter or fuller form of a person's name, the most recent
        for (const x of byLast.get(words[words.length - 1]!) ?? []) {
          // only people go by shorter forms: `Netherlands` is not `National Library of the Netherlands`
          if (x.type !== 'PERSON') continue;
          if (x.keys.some((k) => isShorterForm(words, k) || isShorterForm(k, words)) && (!d || x.last > d.last)) d = x;
        }
        via = 'name:shorter';
      }
      if (!d && /^[A-Z]{2,6}$/.test(c.text)) {
        d = byInitials.get(c.text) ?? null;
        if (d && d.type === 'PERSON') d = null;
        via = 'name:acronym';
      }
      if (!d && words.length > 1 && type !== 'PERSON') {
        const acr = initials(c.text);
        const x = byKey.get(nameKey(acr));
        if (x && x.type !== 'PERSON' && x.keys.some((k) => k.length === 1)) {
          d = x;
          via = 'name:expansion';
        }
      }
      if (!d) {
        d = newDraft(type, true, c.text);
        via = 'new';
      }
      addName(d, c, words, type);
      note(d, c, via);
      for (let k = pending.length - 1; k >= 0; k--) {
        const p = pending[k]!;
        if (p.linkTo && p.linkTo.start < c.end && c.start < p.linkTo.end) {
          pending.splice(k, 1);
          place(p, d);
        }
      }
      continue;
    }
    if (c.form === 'role' && c.linkTo) {
      const d = chainAt(c.linkTo);
      if (d) place(c, d);
      else pending.push(c);
      continue;
    }
    if (c.form === 'role') {
      const d = resolveRole(c);
      if (d) {
        note(d.d, c, d.via);
        // `the minister` says no more than the title already recorded; `Turkey’s foreign minister` does
        if (c.isRole && !GENERIC_PERSON_ROLES.has(c.shape!.head) && c.shape!.mods.size > 0 && d.d.named)
          addRole(d.d, c, c.shape);
      } else {
        const nd = newDraft(c.kind === 'PERSON' ? 'PERSON' : (c.kind ?? 'ORG'), false, c.text);
        if (c.kind === 'PERSON') nd.gender = genderOfWords(c.text);
        if (c.shape) nd.shapes.push(c.shape);
        note(nd, c, 'new');
      }
      continue;
    }
    const r = resolvePronoun(c);
    if (r) {
      note(r.d, c, r.via);
      pronounAt.set(c.start, r.d);
    }
  }

  function place(c: Candidate, d: Draft) {
    if (!c.roleOnly) note(d, c, c.linkVia ?? 'role:apposition');
    vote(d, 'PERSON');
    if (d.gender === null) d.gender = genderOfWords(c.text);
    addRole(d, c, c.shape ?? shapeOf(c.text.split(/\s+/)));
  }

  function resolveRole(c: Candidate): { d: Draft; via: string } | null {
    const q = quoteLinks.get(c.start);
    if (q) {
      const d = chainAt(q);
      if (d) return { d, via: 'role:quote-speaker' };
    }
    const shape = c.shape!;
    const possessor = c.possessor ? (pronounAt.get(c.possessor.start) ?? chainAt(c.possessor)) : null;
    const minSentence = c.sentence - o.roleSentences;
    if (c.kind === 'PERSON') {
      let best: Draft | null = null;
      let bestGeneric: Draft | null = null;
      for (const d of drafts) {
        if (d.type !== 'PERSON' || d === possessor || d.last >= c.start) continue;
        if (d.shapes.some((s) => compatibleRoles(shape, s))) {
          if (!best || d.last > best.last) best = d;
        }
      }
      if (best) return { d: best, via: 'role:title' };
      // a generic role, or a bare office no one in the article holds: the most salient recent person with no clashing role
      const generic = GENERIC_PERSON_ROLES.has(shape.head);
      if (!generic && (shape.mods.size > 0 || c.possessor)) return null;
      const nationality = [...shape.mods].filter((m) => DEMONYM_VALUES.has(m));
      const clashes = (d: Draft) =>
        nationality.length > 0 &&
        d.shapes.some((r) => [...r.mods].some((m) => DEMONYM_VALUES.has(m) && !nationality.includes(m)));
      const agrees = (d: Draft) => d.shapes.some((r) => nationality.some((m) => r.mods.has(m)));
      for (const strict of nationality.length ? [true, false] : [false]) {
        for (let s = c.sentence; s >= Math.max(0, minSentence) && !bestGeneric; s--) {
          for (const x of bySentence.get(s) ?? []) {
            if (x.start >= c.start || x.d.type !== 'PERSON' || x.d === possessor || !x.d.named || clashes(x.d))
              continue;
            if (strict && !agrees(x.d)) continue;
            if (!generic && x.d.shapes.length > 0 && !x.d.shapes.some((r) => r.head === shape.head)) continue;
            bestGeneric = x.d;
            break;
          }
        }
        if (bestGeneric) break;
      }
      return bestGeneric ? { d: bestGeneric, via: 'role:salient-person' } : null;
    }
    // organisation or place nouns: a chain whose name holds the noun, else the nearest of that type
    let near: Draft | null = null;
    for (let k = drafts.length - 1; k >= 0; k--) {
      const d = drafts[k]!;
      if (d.type === 'PERSON' || d === possessor || d.last >= c.start) continue;
      if (d.named && d.keys.some((w) => w.includes(shape.head))) return { d, via: 'role:name-head' };
      // `the Court` ... `this Court`: the same noun, already a chain
      if (d.shapes.some((r) => compatibleRoles(shape, r))) return { d, via: 'role:same-noun' };
    }
    // `the Russian military`, `its customs union`: a modified or possessed noun names something new;
    // `the court` names a court, not the last organisation
    if (shape.mods.size > 0 || c.possessor || !GENERIC_THINGS.has(shape.head)) return null;
    // the most salient organisation or place of the recent sentences: recent mentions weigh more
    const score = new Map<Draft, number>();
    for (let s = c.sentence, w = 1; s >= Math.max(0, minSentence); s--, w /= 2) {
      for (const x of bySentence.get(s) ?? []) {
        if (x.start >= c.start || !x.d.named || x.d === possessor) continue;
        if (c.kind === 'LOC' ? x.d.type === 'LOC' : x.d.type === 'ORG') score.set(x.d, (score.get(x.d) ?? 0) + w);
      }
    }
    let best = 0;
    for (const [d, v] of score) if (v > best || (v === best && near && d.last > near.last)) [near, best] = [d, v];
    return near ? { d: near, via: `role:salient-${c.kind === 'LOC' ? 'place' : 'org'}` } : null;
  }

  function resolvePronoun(c: Candidate): { d: Draft; via: string } | null {
    const l = c.text.toLowerCase();
    if (SECOND_PERSON.has(l)) {
      if (directQuotes.some((q) => q.start <= c.start && c.end <= q.end)) return null;
      if (!reader) reader = newDraft('PERSON', false, c.text);
      return { d: reader, via: 'pronoun:reader' };
    }
    if (FIRST_PERSON.has(l) || FIRST_PLURAL.has(l)) {
      let inQuote = false;
      for (const q of directQuotes) {
        if (q.start <= c.start && c.end <= q.end) {
          inQuote = true;
          const d = q.speaker ? chainAt(q.speaker) : null;
          if (d && FIRST_PERSON.has(l)) return { d, via: 'pronoun:quote-speaker' };
        }
      }
      if (inQuote) return null;
      // outside quotes: the writer (`I`) or the writer's group (`we`), one chain each
      const plural = FIRST_PLURAL.has(l);
      let d = plural ? writers : writer;
      if (!d) {
        d = newDraft('PERSON', false, c.text);
        if (plural) writers = d;
        else writer = d;
      }
      return { d, via: plural ? 'pronoun:writers' : 'pronoun:writer' };
    }
    const q = quoteLinks.get(c.start);
    if (q) {
      const d = chainAt(q);
      if (d) return { d, via: 'pronoun:quote-speaker' };
    }
    if (PLURAL_PRONOUNS.has(l)) {
      for (let s = c.sentence; s >= Math.max(0, c.sentence - 1); s--) {
        const list = bySentence.get(s) ?? [];
        for (let k = list.length - 1; k >= 0; k--) {
          const x = list[k]!;
          if (x.start < c.start && x.d.named && (x.d.type === 'ORG' || x.d.type === 'NORP'))
            return { d: x.d, via: 'pronoun:nearest-group' };
        }
      }
      return null;
    }
    if (THING_PRONOUNS.has(l)) {
      for (let s = c.sentence; s >= Math.max(0, c.sentence - 1); s--) {
        const list = bySentence.get(s) ?? [];
        for (let k = list.length - 1; k >= 0; k--) {
          const x = list[k]!;
          if (x.start < c.start && x.d.named && (x.d.type === 'ORG' || x.d.type === 'LOC'))
            return { d: x.d, via: 'pronoun:nearest-thing' };
        }
      }
      return null;
    }
    const gender = PERSON_PRONOUNS.get(l)!;
    const ok = (d: Draft) =>
      d.type === 'PERSON' &&
      d !== writer &&
      d !== writers &&
      d !== reader &&
      (d.gender === null || d.gender === gender);
    const objective = l === 'him' || l === 'himself' || l === 'herself';
    // him/himself/herself: a person in this sentence; he/she/his/her: the most salient recent person
    const here = (bySentence.get(c.sentence) ?? []).filter((x) => x.start < c.start && ok(x.d));
    let pick: Draft | null = null;
    let via = 'pronoun:subject';
    if (here.length && objective) {
      pick = here[0]!.d;
      if (l === 'him' && here.length > 1) {
        // `X told him`: not the subject of its own clause
        const other = here.find((x) => x.d !== pick);
        if (other) pick = other.d;
      }
      if (objective && l !== 'him') pick = here[here.length - 1]!.d;
    } else {
      via = 'pronoun:salient';
      // salience over the previous sentences: recent mentions weigh more, a sentence's subject double
      const score = new Map<Draft, number>();
      let firstHere = true;
      for (const x of here) {
        score.set(x.d, (score.get(x.d) ?? 0) + SALIENCE_HERE * (firstHere ? 2 : 1));
        firstHere = false;
      }
      for (let s = c.sentence - 1, w = 1; s >= Math.max(0, c.sentence - o.pronounSentences); s--, w /= 2) {
        const list = bySentence.get(s) ?? [];
        let first = true;
        for (const x of list) {
          if (!ok(x.d)) continue;
          score.set(x.d, (score.get(x.d) ?? 0) + w * (first ? 2 : 1));
          first = false;
        }
      }
      let best = 0;
      for (const [d, v] of score) if (v > best) [pick, best] = [d, v];
    }
    if (!pick) return null;
    if (pick.gender === null) pick.gender = gender;
    return { d: pick, via };
  }

  // chains in order of first mention; a chain is kept when named, or when it holds two mentions or more
  const kept = drafts.filter((d) => d.mentions.length > 0 && (d.named || d.mentions.length > 1));
  kept.sort((a, b) => a.mentions[0]!.start - b.mentions[0]!.start);
  return kept.map((d, id) => {
    // he/she count for a person too; ties go to the type seen first
    const person = d.mentions.filter((m) => m.form === 'pronoun' && PERSON_PRONOUNS.has(m.text.toLowerCase())).length;
    if (person && d.named) d.typeVotes.set('PERSON', (d.typeVotes.get('PERSON') ?? 0) + person);
    let type = d.type;
    let votes = -1;
    for (const [ty, v] of d.typeVotes) if (v > votes) [type, votes] = [ty, v];
    d.mentions.sort((a, b) => a.start - b.start);
    d.roles.sort((a, b) => a.start - b.start);
    return { id, name: d.best, named: d.named, type, mentions: d.mentions, roles: d.roles };
  });
}

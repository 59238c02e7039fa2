/**
 * In-article speaker resolution: a speaker mention (a name, a role phrase or
 * a pronoun) to the named mention it stands for. A ladder of heuristics tried
 * in order, the rung that decided recorded in `Speaker.via`:
 *
 * | form | rung | rule |
 * |---|---|---|
 * | name | `name:fuller` | the longest earlier name ending in the same word (`Cavusoglu` -> `Mevlut Cavusoglu`); with none earlier, the first later one (a headline's `FM Cavusoglu`) |
 * | name | `name` | the name part of the mention itself (title words dropped) |
 * | role | `role:title` | a title written before a name earlier in the article with the same head and all the role's words (`the Minister of Defense` -> `Turkish Defense Minister Hulusi Akar`); the most recently active such name wins |
 * | role | `role:previous-speaker` | a generic role (`the politician`, `the diplomat`), or an office with no matching title: the previous quote's speaker, when a person |
 * | role | `role:later-title` | with no earlier title nor previous speaker, the first later title with the same head and all the role's words (a headline's `Turkey's Foreign Minister says`) |
 * | role | `role:nearest-org` / `role:nearest-doc` | organisation or publication roles (`the alliance`, `the article`): the nearest earlier organisation named outside quotes |
 * | role | `unresolved` | a common-noun phrase with no role noun (`The two men`, `The situation in Idlib`): nobody the article names |
 * | pronoun | `pronoun:previous-speaker` | the previous quote's speaker within two paragraphs whose gender agrees with he/she |
 * | pronoun | `pronoun:nearest-person` / `pronoun:nearest-org` | the nearest earlier person (he/she, gender agreeing) or organisation (it/they) named outside quotes |
 *
 * A person's gender: their name's (`nameGender`: an honorific or a first name
 * from data), else the one an earlier he/she resolved to their surname gave;
 * unknown agrees with both.
 *
 * Entity types come from the NER spans when given; without them a name's type is null.
 */
import type { EntityMention, EntityType, Span, Speaker, SpeakerForm, TextSpan } from '../types.js';
import {
  COMPLEMENT_PREPOSITIONS,
  DETERMINERS,
  GENERIC_ROLES,
  ROLE_NOUNS,
  SPEAKER_PRONOUNS,
  TITLE_FOLD,
  TITLE_IGNORE,
} from './quote-lexicon.js';
import { type Gender, nameGender } from './name-gender.js';
import { isCap, phraseEndingAt, phraseStartingAt, type TokRange, type TokView } from './quote-phrases.js';
import { WORD_FLAG } from './quote-words.js';

/** A named mention a speaker can resolve to. */
interface NameRef extends TextSpan {
  type: EntityType | null;
}

/** A title written before a name: `Turkish Defense Minister` + `Hulusi Akar`. */
interface Title {
  head: string;
  words: ReadonlySet<string>;
  name: NameRef;
}

/** The gender of a speaker pronoun. Reason: `she said` must not take a man as its speaker. */
const PRONOUN_GENDER: ReadonlyMap<string, Gender> = new Map([
  ['he', 'm'],
  ['him', 'm'],
  ['she', 'f'],
  ['her', 'f'],
]);

/** Relative pronouns: a speaker `who`/`which` is the phrase before it. */
const RELATIVES: ReadonlySet<string> = new Set(['who', 'which']);
/** Longest antecedent of a relative pronoun, in tokens. */
const MAX_ANTECEDENT = 8;

/** How far back (in paragraphs) a pronoun looks for the previous speaker. */
const PRONOUN_PARAGRAPHS = 2;

/** What the resolver needs to know about the article. */
export interface SpeakerContext {
  v: TokView;
  entities: readonly EntityMention[];
  /** True when a body offset lies inside a quotation (names there are not antecedents). */
  quoted: (pos: number) => boolean;
  /** Paragraph index of a body offset. */
  paraOf: (pos: number) => number;
  /** Per token, its flags in the quote layer's word table (`quote-words.ts`): `WORD_FLAG.personRole` marks a person's role noun. */
  flags: Uint8Array;
}

const fold = (w: string) => {
  const l = w.toLowerCase().replace(/[’']s$/, '');
  return TITLE_FOLD.get(l) ?? l;
};

/** The words of a title that tell offices apart, and its head (the role noun before any `of`). */
function titleShape(words: readonly string[]): { head: string | null; mods: Set<string> } {
  let head: string | null = null;
  const mods = new Set<string>();
  let afterOf = false;
  for (const w of words) {
    const l = w.toLowerCase();
    if (l === 'of') afterOf = true;
    if (ROLE_NOUNS.has(l) && !afterOf && head === null) {
      head = l;
      continue;
    }
    if (ROLE_NOUNS.has(l) && !afterOf) {
      // a later role noun before `of` is the head (`deputy foreign minister`): the earlier one is a modifier
      if (head) mods.add(head);
      head = l;
      continue;
    }
    const f = fold(w);
    if (!TITLE_IGNORE.has(f) && !DETERMINERS.has(f)) mods.add(f);
  }
  return { head, mods };
}

/** Splits a speaker phrase into its title part and its trailing name part (tokens after the last role noun, not after `of`). */
export function splitPhrase(v: TokView, r: TokRange): { form: SpeakerForm; name: TokRange | null } {
  if (r.end - r.start === 1 && SPEAKER_PRONOUNS.has(v.low[r.start]!)) return { form: 'pronoun', name: null };
  let lastRole = -1;
  for (let i = r.start; i < r.end; i++) if (ROLE_NOUNS.has(v.low[i]!)) lastRole = i;
  // after a possessive (`Erdogan's representative`) the name is the possessor, not the speaker
  let nameStart = lastRole < 0 ? r.start : lastRole + 1;
  if (v.low[nameStart] === 'of') return { form: 'role', name: null };
  // a capitalised determiner opening a sentence is no name (`The two men discussed`)
  while (nameStart < r.end && (!isCap(v, nameStart) || DETERMINERS.has(v.low[nameStart]!))) nameStart++;
  // a name after a preposition and no role noun is a complement of a common noun, not the speaker (`The situation in Idlib`)
  if (lastRole < 0 && nameStart < r.end && nameStart > r.start && COMPLEMENT_PREPOSITIONS.has(v.low[nameStart - 1]!))
    return { form: 'role', name: null };
  if (nameStart >= r.end) {
    // `the Rosoboronexport company`: an organisation's name before its kind
    if (lastRole === r.end - 1 && ROLE_NOUNS.get(v.low[lastRole]!) !== 'PERSON') {
      let a = lastRole;
      while (a - 1 >= r.start && isCap(v, a - 1)) a--;
      if (a < lastRole) return { form: 'name', name: { start: a, end: lastRole } };
    }
    return { form: 'role', name: null };
  }
  if (lastRole < 0 && DETERMINERS.has(v.low[r.start]!) && r.start + 1 < r.end) {
    // `The New York Post`: a determiner before capitals is a name
    return { form: 'name', name: { start: r.start + 1, end: r.end } };
  }
  return { form: 'name', name: { start: nameStart, end: r.end } };
}

/** Titles written before names (`Turkish Foreign Minister Mevlut Cavusoglu`, `The representative of ..., Ibrahim Kalin`). */
function findTitles(ctx: SpeakerContext, typeAt: (s: Span) => EntityType | null): Array<Title & { pos: number }> {
  const { v } = ctx;
  const n = v.t.length;
  const out: Array<Title & { pos: number }> = [];
  let i = 0;
  while (i < n) {
    if (!(ctx.flags[i]! & WORD_FLAG.personRole) || ctx.quoted(v.t.starts[i]!)) {
      i++;
      continue;
    }
    // the title: left over capitals, possessives and up to two lower-case modifiers; right over `of ...` and later role nouns
    let a = i;
    let lowers = 0;
    while (a - 1 >= 0 && i - a < 5) {
      const p = a - 1;
      const pl = v.low[p]!;
      if (v.raw[p] === ',' || v.raw[p] === '.' || pl === 'and' || pl === 'with' || pl === 'that') break;
      if (isCap(v, p) || pl.endsWith('’s') || pl.endsWith("'s") || pl === '’s' || pl === "'s") {
        a = p;
        continue;
      }
      if (/^[a-z-]+$/.test(pl) && lowers < 2 && !DETERMINERS.has(pl)) {
        lowers++;
        a = p;
        continue;
      }
      break;
    }
    let e = i + 1;
    while (e < n && e - i < 6) {
      const l = v.low[e]!;
      if (l === 'of' || l === 'the' || (ROLE_NOUNS.get(l) === 'PERSON' && !isCap(v, e))) {
        e++;
        continue;
      }
      if (v.low[e - 1] === 'of' || v.low[e - 1] === 'the') {
        if (isCap(v, e) || /^[a-z-]+$/.test(l)) {
          // `of State`, `of the Turkish president`, `of the Turkish defense company`
          let f = e;
          while (f < n && f - e < 4 && !ROLE_NOUNS.has(v.low[f]!) && (isCap(v, f) || /^[a-z-]+$/.test(v.low[f]!))) f++;
          if (f < n && ROLE_NOUNS.has(v.low[f]!)) {
            e = f + 1;
            continue;
          }
          if (isCap(v, e) && v.low[e - 1] === 'of') {
            e++;
            continue;
          }
        }
      }
      break;
    }
    // the name: 1-4 capitalised tokens, after an optional comma
    let s = e;
    if (v.raw[s] === ',') s++;
    let f = s;
    while (f < n && f - s < 4 && isCap(v, f) && !ROLE_NOUNS.has(v.low[f]!)) f++;
    if (f > s && (v.raw[e] !== ',' || v.raw[f] === ',' || v.raw[f] === '.' || f === n || !isCap(v, f))) {
      const words: string[] = [];
      for (let k = a; k < e; k++) if (v.raw[k] !== ',') words.push(v.raw[k]!);
      const { head, mods } = titleShape(words);
      if (head) {
        const start = v.t.starts[s]!;
        const end = v.t.ends[f - 1]!;
        out.push({
          head,
          words: mods,
          name: { start, end, text: v.t.text.slice(start, end), type: typeAt({ start, end }) ?? 'PERSON' },
          pos: start,
        });
      }
      i = f;
      continue;
    }
    i = e;
  }
  return out;
}

/** Resolves speakers for quotes given in body order. */
export class SpeakerResolver {
  private readonly titles: Array<Title & { pos: number }>;
  private readonly names: NameRef[];
  /** Resolved speakers of earlier quotes, in order. */
  private readonly history: Array<{ pos: number; para: number; resolved: NameRef | null; docRole: boolean }> = [];
  /** The folded last word of each title's name and of each name (`fuller` compares them). */
  private readonly titleKeys: string[];
  private readonly nameKeys: string[];
  /** Genders he/she gave to names (folded full name -> gender). */
  private readonly genders = new Map<string, Gender>();

  constructor(private readonly ctx: SpeakerContext) {
    this.names = ctx.entities
      .filter((e) => ['PERSON', 'ORG', 'LOC', 'NORP', 'PRODUCT'].includes(e.type))
      .map((e) => withoutTitle({ start: e.start, end: e.end, text: e.text, type: e.type }));
    this.titles = findTitles(ctx, (s) => this.typeAt(s));
    this.titleKeys = this.titles.map((t) => foldName(lastWord(t.name.text)));
    this.nameKeys = this.names.map((e) => foldName(lastWord(e.text)));
  }

  /** The NER type of a span, from an entity overlapping it. */
  typeAt(s: Span): EntityType | null {
    for (const e of this.names) if (e.start < s.end && s.start < e.end) return e.type;
    return null;
  }

  /** Resolves one quote's speaker phrase (token range) at body offset `pos`; records it for later pronouns and roles. */
  resolve(phrase: TokRange | null, pos: number): Speaker {
    const { v } = this.ctx;
    const para = this.ctx.paraOf(pos);
    if (!phrase) {
      this.history.push({ pos, para, resolved: null, docRole: false });
      return { mention: null, resolved: null, via: 'none' };
    }
    const start = v.t.starts[phrase.start]!;
    const end = v.t.ends[phrase.end - 1]!;
    // `the Chicago Police Department, which reported`: a relative pronoun stands for the phrase right before it
    if (phrase.end - phrase.start === 1 && RELATIVES.has(v.low[phrase.start]!)) {
      const k = v.low[phrase.start - 1] === ',' ? phrase.start - 2 : phrase.start - 1;
      const antecedent = k >= 0 ? phraseEndingAt(v, k, Math.max(0, k - MAX_ANTECEDENT)) : null;
      if (antecedent && !RELATIVES.has(v.low[antecedent.start]!)) {
        const r = this.resolve(antecedent, pos);
        const mention = { start, end, text: v.t.text.slice(start, end), form: 'pronoun' as const };
        return { mention, resolved: r.resolved, via: `relative:${r.via}` };
      }
    }
    const { form, name } = splitPhrase(v, phrase);
    const mention = { start, end, text: v.t.text.slice(start, end), form };
    let resolved: NameRef | null = null;
    let via = 'unresolved';
    let docRole = false;
    if (form === 'name' && name) {
      const ns = v.t.starts[name.start]!;
      const ne = v.t.ends[name.end - 1]!;
      const own: NameRef = {
        start: ns,
        end: ne,
        text: v.t.text.slice(ns, ne),
        type: this.typeAt({ start: ns, end: ne }),
      };
      const fuller = this.fuller(own);
      resolved = fuller ?? own;
      via = fuller ? 'name:fuller' : 'name';
      for (let i = phrase.start; i < phrase.end; i++) if (ROLE_NOUNS.get(v.low[i]!) === 'DOC') docRole = true;
      if (!resolved.type) {
        const t = this.titles.find((x) => x.name.text === resolved!.text || x.name.text.endsWith(` ${resolved!.text}`));
        if (t) resolved = { ...resolved, type: 'PERSON' };
      }
    } else if (form === 'pronoun') {
      const kind = SPEAKER_PRONOUNS.get(v.low[phrase.start]!)!;
      const gender = PRONOUN_GENDER.get(v.low[phrase.start]!) ?? null;
      const prev = this.previousSpeaker(pos, para, PRONOUN_PARAGRAPHS, kind, gender);
      if (prev) {
        resolved = prev;
        via = 'pronoun:previous-speaker';
      } else {
        resolved = this.nearestNamed(pos, kind === 'PERSON' ? ['PERSON'] : ['ORG', 'LOC'], gender);
        if (resolved) via = kind === 'PERSON' ? 'pronoun:nearest-person' : 'pronoun:nearest-org';
      }
      if (resolved && gender && !this.genderOf(resolved)) this.genders.set(genderKey(resolved.text), gender);
    } else {
      const r = this.resolveRole(phrase, pos, para);
      resolved = r.resolved;
      via = r.via;
      docRole = r.docRole;
    }
    this.history.push({ pos, para, resolved, docRole });
    return { mention, resolved, via };
  }

  /** Records a quote that continues an earlier speaker. */
  remember(pos: number, resolved: NameRef | null): void {
    this.history.push({ pos, para: this.ctx.paraOf(pos), resolved, docRole: false });
  }

  private resolveRole(
    phrase: TokRange,
    pos: number,
    para: number,
  ): { resolved: NameRef | null; via: string; docRole: boolean } {
    const { v } = this.ctx;
    const words: string[] = [];
    // the possessor is not part of the office: `Erdogan's representative` -> `representative`
    let from = phrase.start;
    for (let i = phrase.start; i < phrase.end; i++) if (/[’']s$/.test(v.low[i]!) || v.low[i] === '’s') from = i + 1;
    for (let i = from; i < phrase.end; i++) words.push(v.raw[i]!);
    const { head, mods } = titleShape(words);
    // a common-noun phrase with no role noun (`The two men`, `many reporters`) names nobody the article names
    if (!head) return { resolved: null, via: 'unresolved', docRole: false };
    const kind = ROLE_NOUNS.get(head);
    if (kind === 'ORG' || kind === 'DOC') {
      if (kind === 'DOC') {
        for (let h = this.history.length - 1; h >= 0; h--) {
          const x = this.history[h]!;
          if (x.docRole && x.resolved) return { resolved: x.resolved, via: 'role:previous-publication', docRole: true };
        }
      }
      const org = this.nearestNamed(pos, ['ORG']) ?? this.nearestAcronym(pos);
      return { resolved: org, via: org ? `role:nearest-${kind.toLowerCase()}` : 'unresolved', docRole: kind === 'DOC' };
    }
    if (!GENERIC_ROLES.has(head)) {
      let best: { t: Title; active: number } | null = null;
      for (const t of this.titles) {
        if (t.pos >= pos || t.head !== head) continue;
        let ok = true;
        for (const m of mods) if (!t.words.has(m)) ok = false;
        if (!ok) continue;
        const active = Math.max(t.pos, this.lastActive(t.name, pos));
        if (!best || active > best.active) best = { t, active };
      }
      if (best) return { resolved: best.t.name, via: 'role:title', docRole: false };
    }
    const prev = this.previousSpeaker(pos, para, Number.POSITIVE_INFINITY, 'PERSON');
    if (prev) return { resolved: prev, via: 'role:previous-speaker', docRole: false };
    if (!GENERIC_ROLES.has(head)) {
      // a headline's role before the body names its holder (`Turkey's Foreign Minister says ...`): the first later title
      const later = this.titles.find((t) => t.pos > pos && t.head === head && [...mods].every((m) => t.words.has(m)));
      if (later) return { resolved: later.name, via: 'role:later-title', docRole: false };
    }
    const near = this.nearestNamed(pos, ['PERSON']);
    return { resolved: near, via: near ? 'role:nearest-person' : 'unresolved', docRole: false };
  }

  /** The last quote start before `pos` by a speaker resolving to `name` (or -1). */
  private lastActive(name: NameRef, pos: number): number {
    for (let h = this.history.length - 1; h >= 0; h--) {
      const x = this.history[h]!;
      if (x.pos < pos && x.resolved && sameName(x.resolved.text, name.text)) return x.pos;
    }
    return -1;
  }

  /** A name's gender: its honorific or first name, else the one a pronoun gave its surname; null when unknown. */
  private genderOf(name: NameRef): Gender | null {
    return nameGender(name.text) ?? this.genders.get(genderKey(name.text)) ?? null;
  }

  /** Does a name agree with a pronoun's gender (unknown agrees with both)? */
  private agrees(name: NameRef, gender: Gender | null): boolean {
    if (!gender) return true;
    const g = this.genderOf(name);
    return g === null || g === gender;
  }

  private previousSpeaker(
    pos: number,
    para: number,
    paras: number,
    kind: 'PERSON' | 'ORG' | 'ANY',
    gender: Gender | null = null,
  ): NameRef | null {
    for (let h = this.history.length - 1; h >= 0; h--) {
      const x = this.history[h]!;
      if (x.pos >= pos) continue;
      if (para - x.para > paras) return null;
      if (!x.resolved) continue;
      const t = x.resolved.type;
      if (kind === 'PERSON' && t !== null && t !== 'PERSON') continue;
      if (kind === 'ORG' && t === 'PERSON') continue;
      if (!this.agrees(x.resolved, gender)) continue;
      return x.resolved;
    }
    return null;
  }

  /** The nearest earlier named mention of these types, outside quotations, agreeing with a pronoun's gender. */
  private nearestNamed(pos: number, types: readonly EntityType[], gender: Gender | null = null): NameRef | null {
    let best: NameRef | null = null;
    for (const e of this.names) {
      if (e.end > pos) break;
      if (!e.type || !types.includes(e.type) || this.ctx.quoted(e.start)) continue;
      if (gender && !this.agrees(this.fuller(e) ?? e, gender)) continue;
      best = e;
    }
    return best ? (this.fuller(best) ?? best) : null;
  }

  /** The nearest earlier all-capitals word (`NATO`), for organisation roles when NER found none. */
  private nearestAcronym(pos: number): NameRef | null {
    const { v } = this.ctx;
    for (let i = v.t.length - 1; i >= 0; i--) {
      const s = v.t.starts[i]!;
      if (s >= pos || this.ctx.quoted(s)) continue;
      if (/^[A-Z]{2,6}$/.test(v.raw[i]!) && v.raw[i] !== 'US') {
        return { start: s, end: v.t.ends[i]!, text: v.raw[i]!, type: 'ORG' };
      }
    }
    return null;
  }

  /**
   * The longest earlier name (entity or title name) ending in the same word as `name`, when longer;
   * with none earlier, the first such name written later (a headline names `FM Cavusoglu` before
   * the body introduces `Foreign Minister Mevlut Cavusoglu`).
   */
  private fuller(name: NameRef): NameRef | null {
    const last = foldName(lastWord(name.text));
    const pick = (later: boolean): NameRef | null => {
      let best: NameRef | null = null;
      const consider = (c: NameRef, key: string) => {
        if (later ? c.start <= name.start : c.start > name.start) return;
        if (c.text.length <= name.text.length || key !== last) return;
        if (!best || (later ? c.start < best.start : c.text.length > best.text.length)) best = c;
      };
      // names written after a title first: an entity span may hold stray title words (`State Antony Blinken`)
      this.titles.forEach((t, k) => consider(t.name, this.titleKeys[k]!));
      if (!best)
        this.names.forEach((e, k) => {
          if (e.type === 'PERSON' || e.type === name.type) consider(e, this.nameKeys[k]!);
        });
      return best;
    };
    const best = pick(false) ?? pick(true);
    return best ? { ...best, type: best.type ?? name.type } : null;
  }
}

/** A name mention cut after its last title word (`Foreign Minister Mevlut Cavusoglu` -> `Mevlut Cavusoglu`, a person). */
function withoutTitle(e: NameRef): NameRef {
  const re = /[\p{L}\p{N}’'.-]+/gu;
  let cut = -1;
  for (let m = re.exec(e.text); m; m = re.exec(e.text)) {
    if (ROLE_NOUNS.get(m[0].toLowerCase()) === 'PERSON') cut = m.index + m[0].length;
  }
  if (cut < 0) return e;
  let s = cut;
  while (s < e.text.length && /[\s,]/.test(e.text[s]!)) s++;
  // `Minister of Defense`: no name after the title
  if (s >= e.text.length || e.text.startsWith('of ', s)) return e;
  return { start: e.start + s, end: e.end, text: e.text.slice(s), type: 'PERSON' };
}

/** The key under which a name's gender is remembered: its last word, folded (`Clinton` and `Hillary Clinton` share it). */
const genderKey = (name: string): string =>
  (name.split(/\s+/).pop() ?? '').normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

const ASCII = /^[\x00-\x7f]*$/;
/** A name as compared: no diacritics, dotless i as i, lower case. */
const foldName = (s: string): string =>
  // ASCII has no decompositions, marks nor dotless i: lower case alone gives the same
  ASCII.test(s) ? s.toLowerCase() : s.normalize('NFKD').replace(/\p{M}/gu, '').replace(/ı/g, 'i').toLowerCase();

/** The last word of a name. */
const lastWord = (s: string): string => s.split(/\s+/).pop() ?? '';

/** Names compared without diacritics and case (`Erdoğan` = `Erdogan`). */
export function sameName(a: string, b: string): boolean {
  return foldName(a) === foldName(b);
}

/** A speaker copied from an earlier quote (a quote continuing its speaker). */
export function continued(from: Speaker, via: string): Speaker {
  return { mention: null, resolved: from.resolved, via };
}

export { phraseStartingAt };

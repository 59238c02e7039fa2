/**
 * Noun-phrase helpers of the quote layer, over the token columns: the
 * speaker phrase left of a cue (`the senior Turkish diplomat told`), the one
 * right of it (`said the minister`), an addressee (`told state-owned Anadolu
 * Agency`), and the subject of a clause (`Speaking ..., Turkey dismissed ...,
 * telling`). No part-of-speech tagger: capitalisation, the role-noun table and
 * a stop list decide where a phrase begins (see `quote-lexicon.ts`).
 */
import {
  ADDRESSEE_WORDS,
  COMPLEMENT_PREPOSITIONS,
  CUES,
  DETERMINERS,
  INTRO_OPENERS,
  NOT_A_NAME,
  NOT_IN_SPEAKER,
  ROLE_NOUNS,
  SPEAKER_PRONOUNS,
} from './quote-lexicon.js';
import { KIND, type Tokens } from './tokenize.js';

/** A token range `[start, end)`. */
export interface TokRange {
  start: number;
  end: number;
}

/** The token view the quote layer reads: raw and lower-cased texts beside the columns. */
export interface TokView {
  t: Tokens;
  raw: readonly string[];
  low: readonly string[];
}

/** Longest speaker or addressee phrase, in tokens. */
const MAX_PHRASE = 10;
/** Lower-case modifiers allowed inside a phrase before its head (`senior`, `foreign`, `state-owned`). */
const MAX_LOWER_MODIFIERS = 3;

const isWord = (v: TokView, i: number) => v.t.kinds[i] === KIND.word;
/** A capitalised word (not an all-lower token); `S-400` and `US` count. */
export const isCap = (v: TokView, i: number): boolean => {
  if (!isWord(v, i)) return false;
  const c = v.raw[i]!.charAt(0);
  return c !== c.toLowerCase();
};
const isPossessive = (v: TokView, i: number) => v.low[i] === '’s' || v.low[i] === "'s" || v.low[i] === '’';
/** A name token: capitalised and not a function word at a sentence start. */
const isNameTok = (v: TokView, i: number) => isCap(v, i) && !NOT_A_NAME.has(v.low[i]!.replace(/[’']s$/, ''));
const isRole = (v: TokView, i: number) => ROLE_NOUNS.has(v.low[i]!);

/**
 * The speaker phrase ending at token `k` (inclusive), walking left no further
 * than `floor`: a pronoun, a name, or a role phrase. Null when `k` cannot end one.
 */
export function phraseEndingAt(v: TokView, k: number, floor: number): TokRange | null {
  if (k < floor || !isWord(v, k)) return null;
  const low = v.low[k]!;
  if (SPEAKER_PRONOUNS.has(low)) return { start: k, end: k + 1 };
  const head = isNameTok(v, k) || isRole(v, k);
  if (!head) return null;
  let a = k;
  let lowers = 0;
  while (a - 1 >= floor && k - a + 1 < MAX_PHRASE) {
    const p = a - 1;
    const pl = v.low[p]!;
    if (isPossessive(v, p) || pl.endsWith('’s') || pl.endsWith("'s")) {
      a = p;
      continue;
    }
    if (pl === 'of' && a <= k && (isCap(v, a) || DETERMINERS.has(v.low[a]!))) {
      a = p;
      continue;
    }
    if (DETERMINERS.has(pl) && !NOT_IN_SPEAKER.has(pl)) {
      a = p;
      break;
    }
    if (pl === 'the' || pl === 'a' || pl === 'an') {
      a = p;
      break;
    }
    if (isCap(v, p) || (v.t.kinds[p] === KIND.number && v.low[a] === 'percent')) {
      if (NOT_A_NAME.has(pl)) break;
      a = p;
      continue;
    }
    if (isWord(v, p) && !NOT_IN_SPEAKER.has(pl) && lowers < MAX_LOWER_MODIFIERS && !/ly$/.test(pl)) {
      lowers++;
      a = p;
      continue;
    }
    break;
  }
  // a phrase never opens with a preposition or a possessive mark
  while (a < k && (v.low[a] === 'of' || isPossessive(v, a))) a++;
  // lower-case words at the left edge without a determiner are more likely a verb phrase's tail: keep from the first capital or role
  if (!isCap(v, a) && !DETERMINERS.has(v.low[a]!) && !isRole(v, a)) {
    let b = a;
    while (b < k && !isCap(v, b) && !isRole(v, b)) b++;
    a = b;
  }
  // `The situation in Idlib reached`: a name after a place preposition and a common noun completes that noun; it is not the subject
  const p = a - 1;
  if (
    p - 1 >= floor &&
    COMPLEMENT_PREPOSITIONS.has(v.low[p]!) &&
    isWord(v, p - 1) &&
    !isCap(v, p - 1) &&
    !isRole(v, p - 1)
  )
    return null;
  return { start: a, end: k + 1 };
}

/** The speaker phrase starting at token `s`, no further than `limit` (exclusive). */
export function phraseStartingAt(v: TokView, s: number, limit: number): TokRange | null {
  if (s >= limit || !isWord(v, s)) return null;
  if (SPEAKER_PRONOUNS.has(v.low[s]!)) return { start: s, end: s + 1 };
  let e = s;
  let lowers = 0;
  let hasHead = false;
  let lastHead = -1;
  while (e < limit && e - s < MAX_PHRASE) {
    const l = v.low[e]!;
    if (e === s && (DETERMINERS.has(l) || l === 'the') && !NOT_IN_SPEAKER.has(l)) {
      e++;
      continue;
    }
    if (isPossessive(v, e) && hasHead) {
      e++;
      continue;
    }
    if (l === 'of' && hasHead && e + 1 < limit && (isCap(v, e + 1) || v.low[e + 1] === 'the')) {
      e++;
      if (v.low[e] === 'the') e++;
      continue;
    }
    if (isNameTok(v, e) || isRole(v, e)) {
      hasHead = true;
      e++;
      lastHead = e;
      continue;
    }
    if (!hasHead && isWord(v, e) && !NOT_IN_SPEAKER.has(l) && lowers < MAX_LOWER_MODIFIERS && !/ly$/.test(l)) {
      lowers++;
      e++;
      continue;
    }
    break;
  }
  if (!hasHead || lastHead < 0) return null;
  return { start: s, end: lastHead };
}

/** An addressee after `told`/`urged`: reporters, an outlet, a person. */
export function addresseeAt(v: TokView, s: number, limit: number): TokRange | null {
  let e = s;
  while (e < limit && e - s < MAX_PHRASE) {
    const l = v.low[e]!;
    if (l === 'that' || l === 'to') break;
    if (isCap(v, e) || ADDRESSEE_WORDS.has(l) || isPossessive(v, e) || ROLE_NOUNS.has(l)) {
      e++;
      continue;
    }
    break;
  }
  while (e > s && (v.low[e - 1] === 'the' || v.low[e - 1] === 'of' || v.low[e - 1] === 'a')) e--;
  return e > s ? { start: s, end: e } : null;
}

/**
 * The subject of the clause holding token `pos`, in the sentence starting at
 * `sentStart`: after the last `, but` / `, and` / `;` before `pos`, past
 * introductory phrases ended by a comma.
 */
export function clauseSubject(v: TokView, sentStart: number, pos: number): TokRange | null {
  let start = sentStart;
  for (let i = pos - 1; i > sentStart; i--) {
    const l = v.low[i]!;
    if (l === ';' || ((l === 'but' || l === 'while') && v.low[i - 1] === ',')) {
      start = i + 1;
      break;
    }
  }
  for (let hop = 0; hop < 3; hop++) {
    const l = v.low[start];
    if (l === undefined) return null;
    if (!INTRO_OPENERS.has(l) && !(l.endsWith('ing') && l.length > 4)) break;
    let c = start;
    while (c < pos && v.raw[c] !== ',') c++;
    if (c >= pos) break;
    start = c + 1;
  }
  return phraseStartingAt(v, start, pos);
}

/** Longest common-noun speaker, in tokens (`a poll conducted by voters in the primary`). */
const MAX_NOUN_PHRASE = 10;
/** Words that end a common-noun speaker on its left (a clause or another phrase begins there). */
const NP_BOUNDARY = new Set([
  'that',
  'which',
  'who',
  'whom',
  'and',
  'but',
  'or',
  'because',
  'if',
  'when',
  'while',
  'as',
  'so',
  'than',
  'then',
  'after',
  'before',
  'since',
  'although',
  'though',
  'where',
  'whether',
  'is',
  'was',
  'are',
  'were',
  'has',
  'have',
  'had',
  'will',
  'would',
  'to',
  'it',
  'not',
  'be',
  'been',
  'do',
  'does',
  'did',
  'can',
  'could',
]);
/** Words that may open a common-noun speaker besides the determiners (`majorities in all five say`). */
const NP_OPENERS = new Set([
  'all',
  'both',
  'few',
  'no',
  'each',
  'every',
  'any',
  'more',
  'fewer',
  'half',
  'nearly',
  'about',
  'only',
]);

/**
 * A common-noun speaker ending at token `k` (`many reporters`, `a new poll`,
 * `majorities in all five`), for cues whose speaker is not a name, role or
 * pronoun: words back to a clause boundary, opening with a determiner, a
 * quantifier, a capitalised word or a number, or a plural head. Null otherwise.
 */
export function nounPhraseEndingAt(v: TokView, k: number, floor: number): TokRange | null {
  const last = v.low[k]!;
  // `the show` after a verb is a noun, not a cue with a speaker before it
  if (k < floor || !isWord(v, k) || NP_BOUNDARY.has(last) || NOT_IN_SPEAKER.has(last) || DETERMINERS.has(last))
    return null;
  let a = k;
  while (a - 1 >= floor && k - (a - 1) < MAX_NOUN_PHRASE) {
    const j = a - 1;
    const l = v.low[j]!;
    // a verb of saying inside would make the phrase a clause (`Gorab called the show`)
    const ok =
      (isWord(v, j) || v.t.kinds[j] === KIND.number || isPossessive(v, j) || l === '-' || l === '%') &&
      !NP_BOUNDARY.has(l) &&
      !CUES.has(l);
    if (!ok) break;
    a = j;
  }
  // the phrase must open where a clause or the sentence does
  if (a > floor) {
    const before = v.low[a - 1]!;
    if (!(before === ',' || before === ';' || before === ':' || before === '—' || NP_BOUNDARY.has(before))) return null;
  }
  const first = v.low[a]!;
  const plural = v.low[k]!.length > 3 && v.low[k]!.endsWith('s') && !v.low[k]!.endsWith('ss');
  if (DETERMINERS.has(first) || NP_OPENERS.has(first) || isCap(v, a) || v.t.kinds[a] === KIND.number || plural)
    return { start: a, end: k + 1 };
  return null;
}

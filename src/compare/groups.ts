/**
 * Labels for groups: the plural nouns outlets use for one group
 * (`militants` / `terrorists` / `fighters`), found two ways, neither from a
 * list of loaded words:
 *
 * - **named**: a group noun right after a named entity (`PKK militants`,
 *   `Tea Party protesters`): the entity (its name key, merged as for names)
 *   is the group, the plural nouns outlets put after it are its labels;
 * - **aligned**: two outlets' sentences matched as one fact that differ in one
 *   place only by a plural noun phrase of one or two words
 *   (`... fired on the militants near ...` / `... fired on the terrorists near
 *   ...`): the two phrases name one group. Phrases linked this way form one
 *   referent; each outlet's uses of them across the story are its labels.
 *
 * A plural noun: a lower-case word ending in `s` (not `ss`, `us`, `is`) that
 * the story never uses as a verb (after `he`, `she`, `it`, `who`, nor
 * inflected with `-ed` or `-ing`) and that is not followed by what a verb
 * takes (`to`, `that`, a determiner).
 */
import type { SentenceMatches } from './coverage.js';
import { differingReferents, joinKeys, type Tally, tally } from './labels.js';
import type { PreparedStory } from './prepare.js';
import { entityKey } from './speakers.js';
import { isContentWord, sentenceAt, stem, type Word } from './text.js';
import type { Referent } from './types.js';

/** Words after which a word in `-s` is a verb (`he says`, `it wants`, `who claims`): the story's own verbs. */
const SUBJECTS: ReadonlySet<string> = new Set(['he', 'she', 'it', 'who', 'which', 'that']);
/** Words that start what a verb takes, not what follows a noun (`wants to`, `says that`, `leads the`). */
const COMPLEMENTS: ReadonlySet<string> = new Set([
  'to',
  'that',
  'the',
  'a',
  'an',
  'his',
  'her',
  'its',
  'their',
  'him',
  'them',
  'it',
]);
/** Words a noun follows (`the supporters`, `their members`, `many officials`): a plural the story writes after one is a noun. */
const DETERMINERS: ReadonlySet<string> = new Set(
  'the these those some many most more other all its their his her our several few both two three'.split(' '),
);
/**
 * Entity types whose plural heads are groups. Reason: a person's name before a
 * word in `-s` is mostly a subject and its verb (`Trump claims`), so a
 * person's group (`Trump supporters`) needs the noun seen after a determiner
 * too; nationalities and named systems are labelled with their heads already (`labels.ts`).
 */
const GROUP_TYPES: ReadonlySet<string> = new Set(['ORG', 'LOC', 'EVENT', 'PERSON']);

/** Endings of singular words in `-s` (`congress`, `status`, `analysis`). */
const NOT_PLURAL = /(?:ss|us|is|['’]s)$/;
/** Longest phrase on either side of an aligned difference, in content words. */
const MAX_GAP = 2;

/** Group referents of a story, named then aligned; only those two outlets or more label, with different label sets. */
export function groupReferents(story: PreparedStory, matches: SentenceMatches): Referent[] {
  const words = story.sentences.map((s) => s.words);
  const verbs = new Set<string>();
  const nouns = new Set<string>();
  const seen = new Set<string>();
  for (const ws of words) {
    ws.forEach((w, i) => {
      const before = (ws[i - 1] as Word | undefined)?.norm ?? '';
      if (SUBJECTS.has(before)) verbs.add(w.norm);
      if (DETERMINERS.has(before)) nouns.add(w.norm);
      seen.add(w.norm);
    });
  }
  // a word in -s whose stem the story also writes with -ed or -ing is a verb there (`claims`: `claimed`; `keeps`: `keeping`)
  const inflected = (norm: string) =>
    [norm.slice(0, -1), norm.slice(0, -2)].some(
      (base) =>
        seen.has(`${base}ed`) ||
        seen.has(`${base}d`) ||
        seen.has(`${base}ing`) ||
        seen.has(`${base.replace(/e$/, '')}ing`),
    );
  const plural = (w: Word | undefined, next: Word | undefined) =>
    !!w &&
    /^\p{Ll}/u.test(w.text) &&
    w.norm.length >= 4 &&
    w.norm.endsWith('s') &&
    !NOT_PLURAL.test(w.norm) &&
    isContentWord(w.norm) &&
    !verbs.has(w.norm) &&
    !inflected(w.norm) &&
    !(next && COMPLEMENTS.has(next.norm));
  return [...namedGroups(story, words, plural, nouns), ...alignedGroups(story, matches, words, plural)];
}

type PluralTest = (w: Word | undefined, next: Word | undefined) => boolean;
/** Plural nouns right after a named entity: `PKK militants`, `Tea Party activists`. */
function namedGroups(
  story: PreparedStory,
  words: Word[][],
  plural: PluralTest,
  nouns: ReadonlySet<string>,
): Referent[] {
  const raw = new Map<string, Tally>();
  const indexOf = new Map(story.sentences.map((s, i) => [s, i]));
  for (const a of story.articles) {
    const sentences = story.byArticle.get(a.id) ?? [];
    for (const e of a.analysis.entities) {
      const key = entityKey(e);
      const s = sentences[sentenceAt(sentences, e.start)];
      if (!key || !s || e.end > s.end || !GROUP_TYPES.has(e.type)) continue;
      const ws = words[indexOf.get(s) ?? -1] ?? [];
      const at = ws.findIndex((w) => w.start >= e.end);
      const head = ws[at];
      if (!head || !/^\s+$/.test(a.body.slice(e.end, head.start)) || !plural(head, ws[at + 1])) continue;
      if (e.type === 'PERSON' && !nouns.has(head.norm)) continue;
      const label = `${a.body.slice(e.start, e.end).replace(/\s+/g, ' ')} ${head.norm}`;
      const byOutlet: Tally = raw.get(key) ?? new Map();
      tally(byOutlet, a.outlet, label, s);
      raw.set(key, byOutlet);
    }
  }
  return differingReferents(joinKeys(raw), 'group');
}

/** Plural noun phrases two outlets swap in sentences matched as one fact. */
function alignedGroups(
  story: PreparedStory,
  matches: SentenceMatches,
  words: Word[][],
  plural: PluralTest,
): Referent[] {
  const content = words.map((ws) =>
    ws.map((w, i) => ({ w, next: ws[i + 1] })).filter(({ w }) => isContentWord(w.norm)),
  );
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r) as string;
    return r;
  };
  for (const [i, j] of matches.pairs) {
    const a = content[i] ?? [];
    const b = content[j] ?? [];
    for (const [ga, gb] of differences(
      a.map((x) => stem(x.w.norm)),
      b.map((x) => stem(x.w.norm)),
    )) {
      const pa = ga.map((k) => a[k] as (typeof a)[number]);
      const pb = gb.map((k) => b[k] as (typeof b)[number]);
      const ha = pa[pa.length - 1];
      const hb = pb[pb.length - 1];
      if (!ha || !hb || !plural(ha.w, ha.next) || !plural(hb.w, hb.next)) continue;
      const la = pa.map((x) => x.w.norm).join(' ');
      const lb = pb.map((x) => x.w.norm).join(' ');
      if (stem(la) === stem(lb)) continue;
      for (const l of [la, lb]) if (!parent.has(l)) parent.set(l, l);
      parent.set(find(la), find(lb));
    }
  }
  const components = new Map<string, string[]>();
  for (const l of parent.keys()) components.set(find(l), [...(components.get(find(l)) ?? []), l]);
  const tallies = new Map<string, Tally>();
  for (const phrases of components.values()) {
    const byOutlet: Tally = new Map();
    story.sentences.forEach((s, i) => {
      const norms = (words[i] ?? []).filter((w) => isContentWord(w.norm)).map((w) => w.norm);
      for (const p of phrases) {
        const parts = p.split(' ');
        for (let k = 0; k + parts.length <= norms.length; k++)
          if (parts.every((x, d) => norms[k + d] === x)) tally(byOutlet, s.outlet, p, s);
      }
    });
    const most = [...byOutlet.values()]
      .flatMap((m) => [...m.values()])
      .sort((x, y) => y.count - x.count || (x.label < y.label ? -1 : 1))[0];
    tallies.set(most?.label ?? phrases[0] ?? '', byOutlet);
  }
  return differingReferents(tallies, 'group');
}

/**
 * Where two word sequences differ, between words they share (longest common
 * subsequence): pairs of index runs, one or two words each side, with a shared
 * word on at least one side of the difference.
 */
export function differences(a: readonly string[], b: readonly string[]): Array<[number[], number[]]> {
  const n = a.length;
  const m = b.length;
  const lcs = Array.from({ length: n + 1 }, () => new Int32Array(m + 1));
  for (let x = n - 1; x >= 0; x--)
    for (let y = m - 1; y >= 0; y--)
      (lcs[x] as Int32Array)[y] =
        a[x] === b[y]
          ? ((lcs[x + 1] as Int32Array)[y + 1] as number) + 1
          : Math.max((lcs[x + 1] as Int32Array)[y] as number, (lcs[x] as Int32Array)[y + 1] as number);
  const out: Array<[number[], number[]]> = [];
  let ga: number[] = [];
  let gb: number[] = [];
  let anchoredBefore = false;
  const close = (anchoredAfter: boolean) => {
    if (ga.length && gb.length && ga.length <= MAX_GAP && gb.length <= MAX_GAP && (anchoredBefore || anchoredAfter))
      out.push([ga, gb]);
    ga = [];
    gb = [];
  };
  let x = 0;
  let y = 0;
  while (x < n || y < m) {
    if (x < n && y < m && a[x] === b[y]) {
      close(true);
      anchoredBefore = true;
      x++;
      y++;
    } else if (
      y >= m ||
      (x < n && ((lcs[x + 1] as Int32Array)[y] as number) >= ((lcs[x] as Int32Array)[y + 1] as number))
    )
      ga.push(x++);
    else gb.push(y++);
  }
  close(false);
  return out;
}

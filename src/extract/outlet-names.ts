/**
 * One outlet, many spellings: `rt.com`, `www.rt.com`, `RT`, `RT (Russia
 * Today)` are one outlet. The store keeps one name per outlet (its canonical
 * name) and maps every other spelling to it (`OutletAlias`); this module
 * decides which spellings are one outlet and which name they go by, from the
 * evidence alone, with no list of outlets:
 *
 * - **spelling**: a host is one outlet with or without `www.`, in any case;
 * - **qualifier**: a name with a trailing parenthesis (`RT (Russia Today)`,
 *   `Fox News (Online News)`) is the name before it;
 * - **letters**: a host whose label before its suffix is the name's letters
 *   (`rt.com` ↔ `RT`, `middleeastmonitor.com` ↔ `Middle East Monitor`,
 *   `bbc.co.uk` ↔ `BBC`, `guardian.co.uk` ↔ `The Guardian`), across the whole dossier;
 * - **article**: one article gives a name (`Source: RT`, a site name) and a
 *   host (its canonical address, the site of a cross-promotion line) whose
 *   label starts with the name's first word or its initials (`nytimes.com` ↔
 *   `The New York Times`): the weaker agreement needs the one page to state both;
 * - **user**: `dossier outlets --alias rt.com=RT`, whose right side names the outlet.
 *
 * The name an outlet goes by: a user's choice, else a name over a host, a name
 * without a qualifier over one with, the shortest, then the first in
 * alphabetical order, so the result does not depend on the order articles arrived.
 */
import type { Article, OutletAlias } from '../types.js';
import { outletOfText } from './outlet.js';

/** A site name as a host (`rt.com`, `www.bbc.co.uk`). */
const HOST = /^(?:www\.)?(?:[a-z0-9-]{1,63}\.){1,6}[a-z]{2,24}$/i;
/** A trailing qualifier: `RT (Russia Today)`, `Fox News (Online News)`. */
const QUALIFIER = /^(.*?\S)\s*\([^()]*\)$/;
/** Words an outlet's initials leave out (`The New York Times` is `nyt`). */
const NOT_INITIAL: ReadonlySet<string> = new Set(['the', 'of', 'and', 'a', 'an']);
/** The shortest letters a loose agreement (first word, initials) may rest on: one letter agrees with too much. */
const MIN_LOOSE = 2;

/** Whether a spelling is a host. */
export const isHost = (name: string): boolean => HOST.test(name.trim());

/** Letters and digits only, lower case: `Middle East Monitor` is `middleeastmonitor`. */
const squeeze = (name: string) => name.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

/** A spelling as stored: spaces trimmed and runs of them made one; a host in lower case without `www.`. */
export function outletSpelling(name: string): string {
  const s = name.trim().replace(/\s+/g, ' ');
  return isHost(s) ? s.toLowerCase().replace(/^www\./, '') : s;
}

/** The name before a trailing qualifier (`RT (Russia Today)` → `RT`), or null when there is none. */
export function unqualified(name: string): string | null {
  const m = QUALIFIER.exec(name.trim());
  return m && !isHost(name) ? (m[1] as string) : null;
}

/** The labels of a host before its last (`bbc.co.uk` → `bbc`, `co`), squeezed. */
const hostLabels = (host: string) => outletSpelling(host).split('.').slice(0, -1).map(squeeze);

/** The letters a name may be written as in a host: all of them, and without a leading `The`. */
function nameLetters(name: string): string[] {
  const words = name.toLowerCase().split(/\s+/).filter(Boolean);
  const all = squeeze(name);
  return words[0] === 'the' && words.length > 1 ? [all, squeeze(words.slice(1).join(''))] : [all];
}

/** `rt.com` ↔ `RT`: a label of the host before its last is the name's letters. */
export function lettersMatch(host: string, name: string): boolean {
  if (!isHost(host) || isHost(name)) return false;
  const labels = hostLabels(host);
  return nameLetters(name).some((l) => l.length > 0 && labels.includes(l));
}

/** `nytimes.com` ↔ `The New York Times`: the host's first label starts with the name's first word or its initials. */
export function looselyMatch(host: string, name: string): boolean {
  if (lettersMatch(host, name)) return true;
  if (!isHost(host) || isHost(name)) return false;
  const label = hostLabels(host)[0] ?? '';
  const words = name
    .toLowerCase()
    .split(/\s+/)
    .map(squeeze)
    .filter((w) => w && !NOT_INITIAL.has(w));
  const initials = words.map((w) => w[0]).join('');
  const first = words[0] ?? '';
  return [first, initials].some((p) => p.length >= MIN_LOOSE && label.startsWith(p));
}

/** The host of an address, or null. */
function hostOf(url: string | null | undefined): string | null {
  if (!url || !/^https?:\/\//i.test(url)) return null;
  try {
    return outletSpelling(new URL(url).hostname);
  } catch {
    return null;
  }
}

/**
 * The spellings one article gives for its outlet, as pairs that are one
 * outlet (the **article** rule): its named outlets against the hosts of its
 * own addresses and furniture.
 */
export function articleOutletPairs(article: Pick<Article, 'outlet' | 'sources' | 'removed' | 'canonicalUrl'>) {
  const names = [article.outlet?.value, ...article.sources.map((s) => s.outlet)].filter(
    (n): n is string => Boolean(n) && !isHost(n as string),
  );
  if (!names.length) return [];
  const fromText = outletOfText(article)?.value;
  const hosts = [
    hostOf(article.canonicalUrl),
    ...article.sources.map((s) => hostOf(s.url)),
    fromText && isHost(fromText) ? outletSpelling(fromText) : null,
    article.outlet && isHost(article.outlet.value) ? outletSpelling(article.outlet.value) : null,
  ].filter((h): h is string => Boolean(h));
  const pairs: Array<[string, string]> = [];
  for (const name of new Set(names))
    for (const host of new Set(hosts)) if (looselyMatch(host, name)) pairs.push([host, name]);
  return pairs;
}

/** Which of two spellings an outlet goes by, when no user chose: a name, unqualified, short, first alphabetically. */
function better(a: string, b: string): number {
  const rank = (s: string) => [isHost(s) ? 1 : 0, unqualified(s) ? 1 : 0, s.length] as const;
  const [ra, rb] = [rank(a), rank(b)];
  for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return (ra[i] as number) - (rb[i] as number);
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The aliases to store so that every spelling known to be one outlet maps to
 * that outlet's name: only the rows that differ from `current`.
 * @param known the outlet names stored (as the store lists them)
 * @param current the aliases stored
 * @param pairs spellings found to be one outlet: by one article (`articleOutletPairs`) or set by a user
 */
export function outletAliases(
  known: readonly string[],
  current: readonly OutletAlias[],
  pairs: ReadonlyArray<readonly [string, string, ('user' | 'text')?]>,
): OutletAlias[] {
  const spelling = new Map<string, string>(); // lower case → a spelling
  const parent = new Map<string, string>();
  const add = (s: string) => {
    const name = outletSpelling(s);
    const key = name.toLowerCase();
    if (!spelling.has(key)) {
      spelling.set(key, name);
      parent.set(key, key);
    }
    return key;
  };
  const find = (k: string): string => {
    let r = k;
    while (parent.get(r) !== r) r = parent.get(r) as string;
    parent.set(k, r);
    return r;
  };
  const join = (a: string, b: string) => parent.set(find(add(a)), find(add(b)));

  // a user's choice: the outlet a user named for a spelling stays that group's name
  const chosen = new Set<string>();
  const userAliases = new Set<string>();
  for (const a of current) {
    join(a.alias, a.outlet);
    if (a.by === 'user') {
      chosen.add(add(a.outlet));
      userAliases.add(add(a.alias));
    }
  }
  const latest: string[] = []; // the outlets users name now, latest last
  for (const [x, y, by] of pairs) {
    join(x, y);
    if (by === 'user') {
      latest.push(add(y));
      userAliases.add(add(x));
    }
  }
  for (const k of known) add(k);
  // qualifier and letters: over every spelling, hosts looked up by their labels
  const byLetters = new Map<string, string>();
  for (const key of [...spelling.keys()]) {
    const name = spelling.get(key) as string;
    const base = unqualified(name);
    if (base) join(name, base);
  }
  for (const [key, name] of spelling) {
    if (isHost(name)) continue;
    // names of the same letters are one outlet (`Fox News`, `FoxNews`; `The Guardian`, `Guardian`)
    for (const l of nameLetters(name)) {
      const same = byLetters.get(l);
      if (!l) continue;
      if (same) join(key, same);
      else byLetters.set(l, key);
    }
  }
  for (const [key, name] of spelling) {
    if (!isHost(name)) continue;
    for (const l of hostLabels(name)) {
      const named = byLetters.get(l);
      if (named) join(key, named);
    }
  }

  const groups = new Map<string, string[]>();
  for (const key of spelling.keys()) {
    const root = find(key);
    groups.set(root, [...(groups.get(root) ?? []), key]);
  }
  const stored = new Map(current.map((a) => [a.alias.toLowerCase(), a]));
  const changes: OutletAlias[] = [];
  for (const keys of groups.values()) {
    if (keys.length < 2) continue;
    // a user's choice first: the latest one now, else a stored one the user did not alias in turn
    const now = latest.filter((k) => keys.includes(k)).at(-1);
    const picks = now ? [now] : keys.filter((k) => chosen.has(k) && !userAliases.has(k));
    const name = (picks.length ? picks : keys).map((k) => spelling.get(k) as string).sort(better)[0] as string;
    for (const k of keys) {
      if (k === name.toLowerCase()) continue;
      const was = stored.get(k);
      const by = was?.by === 'user' || userAliases.has(k) ? 'user' : 'text';
      if (was && was.outlet === name && was.by === by) continue;
      changes.push({ alias: spelling.get(k) as string, outlet: name, by });
    }
  }
  return changes;
}

/** What `learnOutletAliases` needs of a store. */
export interface OutletAliasStore {
  listOutletNames(): Promise<string[]>;
  listOutletAliases(): Promise<OutletAlias[]>;
  putOutletAliases(aliases: readonly OutletAlias[]): Promise<void>;
}

/**
 * Stores the aliases the stored outlet names and the given pairs imply
 * (`outletAliases`): run after every ingest with the pairs its articles gave,
 * and by `dossier outlets --alias` with the user's. Returns the aliases put.
 */
export async function learnOutletAliases(
  store: OutletAliasStore,
  pairs: ReadonlyArray<readonly [string, string, ('user' | 'text')?]> = [],
): Promise<OutletAlias[]> {
  const changes = outletAliases(await store.listOutletNames(), await store.listOutletAliases(), pairs);
  if (changes.length) await store.putOutletAliases(changes);
  return changes;
}

/**
 * The name each spelling goes by, given the stored aliases and other spellings
 * in view (`compare --articles 0bb4=Middle East Monitor` beside an article
 * stored as `middleeastmonitor.com`): `outletAliases` applied without storing.
 */
export function outletNamer(
  known: readonly string[],
  current: readonly OutletAlias[],
  pairs: ReadonlyArray<readonly [string, string, ('user' | 'text')?]> = [],
): (spelling: string) => string {
  const named = new Map(current.map((a) => [a.alias.toLowerCase(), a.outlet]));
  for (const c of outletAliases(known, current, pairs)) {
    named.delete(c.outlet.toLowerCase());
    named.set(c.alias.toLowerCase(), c.outlet);
  }
  return (spelling) => {
    const s = outletSpelling(spelling);
    return named.get(s.toLowerCase()) ?? s;
  };
}

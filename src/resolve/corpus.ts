/**
 * Corpus resolution: the named chains of many articles gathered into one
 * entity per real-world referent, with its aliases, roles over time and
 * mention counts per outlet and per date.
 *
 * The table keeps one record per (article, named chain): adding an article
 * replaces that article's records, so `add` is O(chains of the article) and can
 * be repeated. The grouping of records into entities is a function of the set
 * of records only, never of the order they arrived in:
 *
 * 1. every record has a key: its longest name, folded (`nameKey`: case,
 *    diacritics, transliteration — `Erdoğan` = `Erdogan`, `Sergei` = `Sergey`);
 * 2. keys linked inside one article chain are one entity (`NATO` and `North
 *    Atlantic Treaty Organization`), person names excepted (a surname would
 *    bridge two people);
 * 3. a person key that is a shorter form of other person keys (`Erdogan`,
 *    `Tayyip Erdogan` < `Recep Tayyip Erdogan`) joins the fuller one when there
 *    is exactly one fullest candidate and their roles do not clash (a Turkish
 *    and a Russian minister); with several candidates, each record goes to the
 *    one whose roles it shares, else stays an entity of its own.
 *
 * An entity's id is a hash of its canonical key, so it is stable while no
 * fuller name of it arrives.
 */
import { createHash } from 'node:crypto';
import { type ArticleEntities, type ChainType, compatibleRoles, shapeOf } from './article.js';
import { DEMONYMS } from './lexicon.js';
import { isShorterForm, nameKey } from './names.js';

/** What the table needs to know of an article. */
export interface ArticleRef {
  /** The article id. */
  id: string;
  /** The outlet that published it, null when unknown. */
  outlet: string | null;
  /** Its date (ISO; the day is kept), null when unknown. */
  date: string | null;
}

/** A role of an entity over time. */
export interface EntityRole {
  /** The role as most often written (`Turkish Foreign Minister`). */
  role: string;
  /** First and last article dates it was given on (ISO days), null when undated. */
  first: string | null;
  last: string | null;
  /** How many articles gave it. */
  articles: number;
}

/** One real-world referent over the corpus. */
export interface Entity {
  /** Stable id: a hash of the canonical key. */
  id: string;
  /** The canonical name: the most frequent spelling of the fullest name. */
  name: string;
  /** The canonical key (`recep taip erdogan`). */
  key: string;
  type: ChainType;
  /** Every spelling of a name seen for it, canonical name included, sorted. */
  aliases: string[];
  roles: EntityRole[];
  /** Mentions (names, roles, pronouns) over all articles. */
  mentions: number;
  articles: number;
  /** Mentions per outlet (`(unknown)` when the outlet is not known). */
  byOutlet: Record<string, number>;
  /** Mentions per date (ISO day; `(undated)` when none). */
  byDate: Record<string, number>;
  /** The (article id, chain id) pairs it was built from. */
  chains: Array<{ article: string; chain: number }>;
}

/** One named chain of one article, as stored. */
interface ChainRecord {
  article: string;
  outlet: string | null;
  date: string | null;
  chain: number;
  key: string;
  words: string[];
  type: ChainType;
  /** Keys of every name in the chain. */
  aliasKeys: string[];
  /** Spellings of names with their counts. */
  names: Record<string, number>;
  roles: string[];
  mentions: number;
}

/** The serialisable state of a table: the records, by article. */
export interface EntityTableState {
  version: 1;
  records: ChainRecord[];
}

const UNKNOWN_OUTLET = '(unknown)';
const UNDATED = '(undated)';
const day = (d: string | null) => (d && /^\d{4}-\d{2}-\d{2}/.test(d) ? d.slice(0, 10) : null);

/** A stable entity id from a canonical key. */
export function entityId(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/** The entity table: add articles' chains, read entities. */
export class EntityTable {
  private readonly byArticle = new Map<string, ChainRecord[]>();
  private cache: { entities: Entity[]; byChain: Map<string, Entity> } | null = null;

  /** Adds (or replaces) one article's chains. Unnamed chains are not entities and are skipped. */
  add(article: ArticleRef, resolved: ArticleEntities): void {
    if (!article || typeof article.id !== 'string') return;
    const records: ChainRecord[] = [];
    for (const c of resolved?.chains ?? []) {
      if (!c || !c.named) continue;
      const key = nameKey(c.name);
      if (!key) continue;
      const words = key.split(' ');
      const names: Record<string, number> = {};
      const aliasKeys = new Set<string>();
      for (const m of c.mentions ?? []) {
        if (m.form !== 'name') continue;
        names[m.text] = (names[m.text] ?? 0) + 1;
        const k = nameKey(m.text);
        if (k) aliasKeys.add(k);
      }
      records.push({
        article: article.id,
        outlet: article.outlet ?? null,
        date: day(article.date),
        chain: c.id,
        key,
        words,
        type: c.type,
        aliasKeys: [...aliasKeys].sort(),
        names,
        roles: (c.roles ?? []).map((r) => r.text),
        mentions: c.mentions?.length ?? 0,
      });
    }
    this.byArticle.set(article.id, records);
    this.cache = null;
  }

  /** Removes one article's chains. */
  remove(articleId: string): void {
    if (this.byArticle.delete(articleId)) this.cache = null;
  }

  /** Number of articles held. */
  get size(): number {
    return this.byArticle.size;
  }

  /** The entities, most mentioned first (then by id). */
  entities(): Entity[] {
    return this.build().entities;
  }

  /** The entity a chain of an article belongs to, null when the chain is unnamed or unknown. */
  entityOf(articleId: string, chainId: number): Entity | null {
    return this.build().byChain.get(`${articleId}\u0000${chainId}`) ?? null;
  }

  /** An entity by id, or by a name in any spelling (the most mentioned one holding that alias). */
  find(nameOrId: string): Entity | null {
    const all = this.entities();
    const byId = all.find((e) => e.id === nameOrId);
    if (byId) return byId;
    const key = nameKey(nameOrId);
    if (!key) return null;
    return all.find((e) => e.key === key) ?? all.find((e) => e.aliases.some((a) => nameKey(a) === key)) ?? null;
  }

  /** The records, to store and load with `EntityTable.from`. */
  toJSON(): EntityTableState {
    const records: ChainRecord[] = [];
    for (const id of [...this.byArticle.keys()].sort()) records.push(...this.byArticle.get(id)!);
    return { version: 1, records };
  }

  /** A table from a stored state. */
  static from(state: EntityTableState): EntityTable {
    const t = new EntityTable();
    for (const r of state?.records ?? []) {
      const list = t.byArticle.get(r.article) ?? [];
      list.push(r);
      t.byArticle.set(r.article, list);
    }
    return t;
  }

  private build(): { entities: Entity[]; byChain: Map<string, Entity> } {
    if (this.cache) return this.cache;
    const records: ChainRecord[] = [];
    for (const id of [...this.byArticle.keys()].sort()) records.push(...this.byArticle.get(id)!);
    this.cache = group(records);
    return this.cache;
  }
}

/** Resolves a whole corpus at once: the entities of these articles' chains. */
export function resolveCorpus(items: Iterable<{ article: ArticleRef; entities: ArticleEntities }>): Entity[] {
  const t = new EntityTable();
  for (const { article, entities } of items) t.add(article, entities);
  return t.entities();
}

/** Union-find over keys. */
class Keys {
  private readonly parent = new Map<string, string>();
  find(k: string): string {
    let p = this.parent.get(k);
    if (p === undefined) {
      this.parent.set(k, k);
      return k;
    }
    if (p === k) return k;
    p = this.find(p);
    this.parent.set(k, p);
    return p;
  }
  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    // the smaller key is the root, so the result does not depend on the order of unions
    if (ra < rb) this.parent.set(rb, ra);
    else if (rb < ra) this.parent.set(ra, rb);
  }
}

/** Role shapes by text, computed once per distinct role. */
const SHAPES = new Map<string, ReturnType<typeof shapeOf>>();
function shape(text: string): ReturnType<typeof shapeOf> {
  let s = SHAPES.get(text);
  if (s === undefined) {
    s = shapeOf(text.split(/\s+/));
    if (SHAPES.size >= 100_000) SHAPES.clear();
    SHAPES.set(text, s);
  }
  return s;
}

/** The nationalities a role names (`Turkish Foreign Minister` -> turkish). */
const NATIONALITIES = new WeakMap<readonly string[], Set<string>>();
function nationalities(roles: readonly string[]): Set<string> {
  const known = NATIONALITIES.get(roles);
  if (known) return known;
  const out = new Set<string>();
  NATIONALITIES.set(roles, out);
  const values = new Set(DEMONYMS.values());
  for (const r of roles) for (const m of shape(r)?.mods ?? []) if (values.has(m)) out.add(m);
  return out;
}

/** True when two role lists cannot belong to one person: nationalities disjoint, or one office head with clashing words. */
function rolesClash(a: readonly string[], b: readonly string[]): boolean {
  if (a.length === 0 || b.length === 0) return false;
  const na = nationalities(a);
  const nb = nationalities(b);
  if (na.size && nb.size && ![...na].some((x) => nb.has(x))) return true;
  // one office held in both, and never compatibly: `defense minister` against `foreign minister`
  let sameHead = false;
  for (const x of a) {
    const sx = shape(x);
    if (!sx) continue;
    for (const y of b) {
      const sy = shape(y);
      if (!sy || sx.head !== sy.head) continue;
      if (compatibleRoles(sx, sy)) return false;
      sameHead = true;
    }
  }
  return sameHead;
}

/** How many roles of `a` are compatible with a role of `b`. */
function sharedRoles(a: readonly string[], b: readonly string[]): number {
  let n = 0;
  for (const x of a) {
    const sx = shape(x);
    if (
      sx &&
      b.some((y) => {
        const sy = shape(y);
        return !!sy && compatibleRoles(sx, sy);
      })
    )
      n++;
  }
  return n;
}

function group(records: readonly ChainRecord[]): { entities: Entity[]; byChain: Map<string, Entity> } {
  // types per key, by mentions
  const typeVotes = new Map<string, Map<ChainType, number>>();
  for (const r of records) {
    const v = typeVotes.get(r.key) ?? new Map<ChainType, number>();
    v.set(r.type, (v.get(r.type) ?? 0) + r.mentions);
    typeVotes.set(r.key, v);
  }
  const isPerson = (key: string) => {
    const v = typeVotes.get(key);
    if (!v) return false;
    const p = v.get('PERSON') ?? 0;
    let other = 0;
    for (const [t, c] of v) if (t !== 'PERSON') other = Math.max(other, c);
    return p >= other && p > 0;
  };
  // 2. keys linked inside chains (not for people)
  const keys = new Keys();
  for (const r of records) {
    keys.find(r.key);
    if (isPerson(r.key)) continue;
    for (const a of r.aliasKeys) if (a !== r.key && !isPerson(a)) keys.union(r.key, a);
  }
  // 3. person keys: shorter forms join the one fullest candidate
  const personKeys = [...new Set(records.filter((r) => isPerson(r.key)).map((r) => r.key))].sort();
  const byLast = new Map<string, string[][]>();
  for (const k of personKeys) {
    const w = k.split(' ');
    const list = byLast.get(w[w.length - 1]!) ?? [];
    list.push(w);
    byLast.set(w[w.length - 1]!, list);
  }
  // distinct roles per key (a frequent name carries the same few roles in thousands of articles)
  const roleSets = new Map<string, Set<string>>();
  for (const r of records) {
    let set = roleSets.get(r.key);
    if (!set) roleSets.set(r.key, (set = new Set()));
    for (const x of r.roles) set.add(x);
  }
  const rolesOfKey = new Map<string, string[]>();
  for (const [k, set] of roleSets) rolesOfKey.set(k, [...set].sort());
  /** Fullest candidates of each shorter person key. */
  const fullest = new Map<string, string[]>();
  for (const k of personKeys) {
    const w = k.split(' ');
    const longer = (byLast.get(w[w.length - 1]!) ?? []).filter((x) => isShorterForm(w, x));
    const maximal = longer.filter((x) => !longer.some((y) => isShorterForm(x, y)));
    if (maximal.length) fullest.set(k, maximal.map((x) => x.join(' ')).sort());
  }
  // where each record goes: its own key's group, or a fuller person's
  const target = (r: ChainRecord): string => {
    const cands = fullest.get(r.key);
    if (!cands) return keys.find(r.key);
    if (cands.length === 1) {
      const c = cands[0]!;
      return rolesClash(r.roles, rolesOfKey.get(c) ?? []) ? keys.find(r.key) : keys.find(c);
    }
    let best: string | null = null;
    let bestShared = 0;
    let tie = false;
    for (const c of cands) {
      const s = sharedRoles(r.roles, rolesOfKey.get(c) ?? []);
      if (s > bestShared) [best, bestShared, tie] = [c, s, false];
      else if (s === bestShared && s > 0) tie = true;
    }
    return best && !tie ? keys.find(best) : keys.find(r.key);
  };
  const groups = new Map<string, ChainRecord[]>();
  for (const r of records) {
    const g = target(r);
    const list = groups.get(g) ?? [];
    list.push(r);
    groups.set(g, list);
  }
  const entities: Entity[] = [];
  const byChain = new Map<string, Entity>();
  for (const list of groups.values()) {
    const e = summarise(list);
    entities.push(e);
    for (const r of list) byChain.set(`${r.article}\u0000${r.chain}`, e);
  }
  entities.sort((a, b) => b.mentions - a.mentions || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { entities, byChain };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** One entity from its records; every choice has a tie-break, so the result is order-free. */
function summarise(list: readonly ChainRecord[]): Entity {
  const mentionsOfKey = new Map<string, number>();
  for (const r of list) mentionsOfKey.set(r.key, (mentionsOfKey.get(r.key) ?? 0) + r.mentions);
  const key = [...mentionsOfKey.keys()].sort(
    (a, b) => b.split(' ').length - a.split(' ').length || mentionsOfKey.get(b)! - mentionsOfKey.get(a)! || cmp(a, b),
  )[0]!;
  const spellings = new Map<string, number>();
  const aliases = new Set<string>();
  const types = new Map<ChainType, number>();
  const byOutlet: Record<string, number> = {};
  const byDate: Record<string, number> = {};
  const roles = new Map<
    string,
    { texts: Map<string, number>; first: string | null; last: string | null; articles: Set<string> }
  >();
  const articles = new Set<string>();
  let mentions = 0;
  for (const r of list) {
    for (const [name, c] of Object.entries(r.names)) {
      aliases.add(name);
      if (nameKey(name) === key) spellings.set(name, (spellings.get(name) ?? 0) + c);
    }
    types.set(r.type, (types.get(r.type) ?? 0) + r.mentions);
    const o = r.outlet ?? UNKNOWN_OUTLET;
    byOutlet[o] = (byOutlet[o] ?? 0) + r.mentions;
    const d = r.date ?? UNDATED;
    byDate[d] = (byDate[d] ?? 0) + r.mentions;
    mentions += r.mentions;
    articles.add(r.article);
    for (const text of r.roles) {
      const s = shape(text);
      const rk = s ? `${s.head}|${[...s.mods].sort().join(' ')}` : text.toLowerCase();
      const x = roles.get(rk) ?? { texts: new Map(), first: null, last: null, articles: new Set<string>() };
      x.texts.set(text, (x.texts.get(text) ?? 0) + 1);
      if (r.date) {
        if (!x.first || r.date < x.first) x.first = r.date;
        if (!x.last || r.date > x.last) x.last = r.date;
      }
      x.articles.add(r.article);
      roles.set(rk, x);
    }
  }
  const most = <T extends string>(m: Map<T, number>): T =>
    [...m.entries()].sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]))[0]![0];
  const name = spellings.size ? most(spellings) : key;
  return {
    id: entityId(key),
    name,
    key,
    type: most(types),
    aliases: [...aliases].sort(cmp),
    roles: [...roles.values()]
      .map((x) => ({ role: longestOfMost(x.texts), first: x.first, last: x.last, articles: x.articles.size }))
      .sort((a, b) => cmp(a.first ?? '', b.first ?? '') || b.articles - a.articles || cmp(a.role, b.role)),
    mentions,
    articles: articles.size,
    byOutlet: sortedRecord(byOutlet),
    byDate: sortedRecord(byDate),
    chains: list
      .map((r) => ({ article: r.article, chain: r.chain }))
      .sort((a, b) => cmp(a.article, b.article) || a.chain - b.chain),
  };
}

/** The most frequent text, the longer on a tie (`Foreign Minister` over `FM`). */
const longestOfMost = (m: Map<string, number>): string =>
  [...m.entries()].sort((a, b) => b[1] - a[1] || b[0].length - a[0].length || cmp(a[0], b[0]))[0]![0];

const sortedRecord = (r: Record<string, number>): Record<string, number> =>
  Object.fromEntries(Object.entries(r).sort((a, b) => cmp(a[0], b[0])));

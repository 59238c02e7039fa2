/**
 * Capital-city metonymy: `Damascus` in `considered by Damascus and Moscow`
 * is the Syrian government, the referent an outlet also labels `Syrian
 * regime` or `Syrian forces`. The capitals and demonyms of sovereign states
 * come from the `world-countries` package, baked into
 * `models/compare-places.json` by `scripts/compare-places.ts`; a capital
 * after a preposition of place (`a meeting in Moscow`) is the city, not its
 * government.
 */
import { existsSync, readFileSync } from 'node:fs';
import { modelCandidates } from '../model-files.js';

/** The committed table: each sovereign state's English demonym and capitals. */
export interface PlacesModel {
  version: string;
  source: string;
  states: Array<{ country: string; demonym: string; names?: string[]; capitals: string[] }>;
}

/**
 * Words before a capital that make it the city, not its government, each
 * with why: a place where something happens or someone goes.
 */
const PLACE_WORDS: ReadonlySet<string> = new Set([
  'in', // `a meeting in Moscow`
  'at', // `talks at Ankara`
  'near', // `near Damascus`
  'around', // `fighting around Damascus`
  'outside', // `a base outside Ankara`
  'inside', // `inside Damascus`
  'across', // `across Moscow`
  'within', // `within Kabul`
  'into', // `drove into Kyiv`
  'throughout', // `throughout Baghdad`
  'visit', // `a visit to` is `to`; `visit Moscow` is a trip
  'visited', // `Erdogan visited Moscow`
  'visiting', // `while visiting Ankara`
  'of', // `the mayor of Ankara`, `the streets of Damascus`
  'downtown', // `downtown Washington`
]);

const CANDIDATES = modelCandidates('compare-places.json');

let byCapital: Map<string, string> | null = null;
let byName: Map<string, string> | null = null;

/** A capital's spelling folded for lookup: no diacritics, lower case. */
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** The committed table (`models/compare-places.json`) as capital -> demonym, read once; throws when it is missing. */
function capitals(): Map<string, string> {
  if (byCapital) return byCapital;
  const path = CANDIDATES.find((p) => existsSync(p));
  if (!path)
    throw new Error(
      `models/compare-places.json: missing (rebuild: npx tsc -p tsconfig.json && node dist/scripts/compare-places.js)`,
    );
  const model = JSON.parse(readFileSync(path, 'utf8')) as PlacesModel;
  if (!Array.isArray(model.states)) throw new Error(`${path}: not a places table (no "states" list)`);
  byCapital = new Map();
  byName = new Map();
  for (const s of model.states) {
    for (const c of s.capitals) byCapital.set(fold(c), s.demonym);
    for (const n of [s.country, s.demonym, ...(s.names ?? [])]) byName.set(nameKey(n), s.demonym);
  }
  return byCapital;
}

/** A state's name folded for lookup; a short code keeps its capitals (`US` is a state, `us` a pronoun). */
const nameKey = (s: string) => (/^\p{Lu}{2,3}$/u.test(s) ? s : fold(s));

/**
 * The demonym of the state a name, a capital or a demonym names (`Turkey`,
 * `Ankara`, `Turkish` → `Turkish`; `US` → `American`), or null: one spelling
 * of a speaker's country whichever the article wrote.
 */
export function demonymOf(text: string): string | null {
  const t = text.trim().replace(/^the\s+/i, '');
  const capital = capitals().get(fold(t));
  return (byName as Map<string, string>).get(nameKey(t)) ?? capital ?? null;
}

/**
 * The demonym of the state whose government a mention names by its capital
 * (`Damascus` -> `Syrian`), or null: the mention is no capital, or it stands
 * after a preposition of place (`in Damascus`) and is the city.
 * @param body the article body
 * @param start the mention's start offset in `body`
 * @param text the mention as written
 */
export function governmentOfCapital(body: string, start: number, text: string): string | null {
  const demonym = capitals().get(fold(text.trim()));
  if (!demonym) return null;
  const before = /([\p{L}]+)[^\p{L}\n]*$/u.exec(body.slice(Math.max(0, start - 30), start))?.[1]?.toLowerCase();
  return before && PLACE_WORDS.has(before) ? null : demonym;
}

/**
 * The usual gender of a person's name, so that `he` and `she` agree with the
 * person they stand for (`Mary Chaworth ... he` does not link when a man is
 * near). First names come from `models/name-genders.json`, built by
 * `npm run train:genders` (`scripts/name-genders.ts`) from GUM train's
 * coreference chains and the `compromise` package's lexicon; honorifics are
 * the table below. A name the table does not know agrees with both.
 */
import { existsSync, readFileSync } from 'node:fs';
import { modelCandidates } from '../model-files.js';

/** A person's gender as pronouns tell it. */
export type Gender = 'm' | 'f';

/** The file format of the first-name table. */
export interface NameGendersFile {
  format: 'dossier-name-genders@1';
  version: string;
  /** Where the names come from. */
  source: string;
  /** Lower-cased first names, sorted. */
  female: string[];
  male: string[];
}

/** Honorifics before a name. Reason: `Mrs. May`, `Mr Johnson` tell the gender without a first name. */
const HONORIFICS: ReadonlyMap<string, Gender> = new Map([
  ['mr', 'm'],
  ['sir', 'm'],
  ['lord', 'm'],
  ['mrs', 'f'],
  ['ms', 'f'],
  ['miss', 'f'],
  ['lady', 'f'],
  ['dame', 'f'],
]);

const PATHS = modelCandidates('name-genders.json');

let table: ReadonlyMap<string, Gender> | undefined;

/** The first-name table, loaded on first use (empty when no file is shipped). */
function names(): ReadonlyMap<string, Gender> {
  if (!table) {
    const path = PATHS.find((p) => existsSync(p));
    const m = new Map<string, Gender>();
    if (path) {
      const file = JSON.parse(readFileSync(path, 'utf8')) as NameGendersFile;
      for (const n of file.female) m.set(n, 'f');
      for (const n of file.male) m.set(n, 'm');
    }
    table = m;
  }
  return table;
}

/** Folds a word for lookup: lower case, no diacritics, no trailing full stop. */
const fold = (w: string) => w.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\.$/, '');

/** The usual gender of a first name (`Mary` -> f), null when unknown or used for both. */
export function firstNameGender(word: string): Gender | null {
  return names().get(fold(word)) ?? null;
}

/**
 * The gender a person's name suggests: an honorific (`Mrs. May`), else the
 * first name of a name of two words or more (`Hillary Clinton`); a single
 * word (`Clinton`, `Jordan`) says nothing.
 */
export function nameGender(name: string): Gender | null {
  const words = name.split(/\s+/).filter(Boolean);
  const first = fold(words[0] ?? '');
  const h = HONORIFICS.get(first);
  if (h) return h;
  if (words.length < 2) return null;
  return firstNameGender(first);
}

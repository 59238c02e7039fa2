import { nameKey } from '../resolve/names.js';
import type { EntityType } from '../types.js';

/**
 * The key that makes two mentions one entity in the store: the type and the
 * name folded (case, diacritics, dotless i, curly apostrophes, a leading
 * "the", a trailing possessive) with the resolve stage's transliteration
 * folding (`Sergei`/`Sergey`). `Erdoğan` and `Erdogan` share a key; `Turkey`
 * the place and `Turkey` the organisation do not.
 */
export function entityKey(type: EntityType | string, name: string): string {
  return `${type}:${nameFold(name)}`;
}

/** The name part of an entity key: how names are compared in the store. */
export function nameFold(name: string): string {
  return foldName(nameKey(name)) || foldName(name);
}

const MARKS = /\p{M}+/gu;
const APOSTROPHES = /[\u2018\u2019\u02bc`´]/g;
const POSSESSIVE = /'s?$/;
const LEADING_THE = /^the\s+/;
const SPACES = /\s+/g;

/** A name folded for comparison: lower case, no diacritics, one space between words. */
export function foldName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(MARKS, '')
    .replace(/\u0131/g, 'i')
    .replace(APOSTROPHES, "'")
    .toLowerCase()
    .replace(SPACES, ' ')
    .trim()
    .replace(LEADING_THE, '')
    .replace(POSSESSIVE, '');
}

/**
 * Which of two spellings of one entity to show: the one with diacritics (the
 * careful spelling), then the longer, then the smaller string, so the choice
 * does not depend on which article came first.
 */
export function preferName(a: string, b: string): string {
  const marks = (s: string) => s.normalize('NFKD').length - s.length;
  const byMarks = marks(b) - marks(a);
  if (byMarks) return byMarks > 0 ? b : a;
  if (a.length !== b.length) return b.length > a.length ? b : a;
  return a <= b ? a : b;
}

/**
 * Metadata lines of scraped text: a source line (`Source: RT`), a date line
 * (`February 17, 2020 at 3:45 pm`, `Published: 3 March 2021`), a byline
 * (`By Jane Doe and John Roe | Reuters`). Each reader returns null when the
 * line is not of its kind, so a body sentence that merely starts with "By" or
 * "On February 28th" stays body.
 */
import { chrono } from './chrono.js';
import { normalizeDate } from './dates.js';
import {
  BYLINE_PREFIX,
  DATE_PREFIX,
  DATE_SPLIT,
  DATE_TOKEN,
  HAS_YEAR,
  NAME_PARTICLE,
  NOT_A_NAME,
  ROLE_WORDS,
  SOURCE_LINE,
  UPDATED_PREFIX,
} from './text-rules.js';
import { endsSentence, wordCount } from './text-shape.js';

/** Longest line read as a date line or byline. */
const MAX_META_LINE = 160;
const URL_HOST = /^(?:https?:\/\/)?(?:www\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)+)(?:[/?#]\S*)?$/i;
const OUTLET_WORD = /^[\p{Lu}\p{N}][\p{L}\p{N}&'’.-]*$/u;
/** Chrono's locales beyond English, tried in this order when an English reading finds no date. */
const OTHER_LOCALES = ['de', 'fr', 'es', 'it', 'ru', 'pt', 'nl'] as const;
const FAR_FUTURE = new Date(Date.UTC(2100, 0, 1));

/** The outlet a `Source:` line names, or null when the line is not one. */
export function readSourceLine(line: string): string | null {
  const m = SOURCE_LINE.exec(line);
  const value = m?.[1]?.trim();
  if (!value) return null;
  const host = URL_HOST.exec(value);
  if (host?.[1] && value.includes('.') && !value.includes(' ')) return host[1].toLowerCase();
  // "Source: a senior official told reporters." is a sentence, not a source line
  if (wordCount(value) > 6 || (endsSentence(value) && wordCount(value) > 3)) return null;
  return value.replace(TRAILING_STOP, '');
}

/** What a date line says. */
export interface DateLine {
  /** ISO 8601 as stated, or null when the line is a date we cannot pin down. */
  iso: string | null;
  /** The line labels the date as an update (`Updated:`), not the publication. */
  updated: boolean;
}

/**
 * Reads a line made only of a date (and a label such as `Published:`), in
 * English or another language chrono knows. Null when any word of the line
 * is not part of a date.
 */
export function readDateLine(line: string): DateLine | null {
  if (line.length > MAX_META_LINE) return null;
  const label = DATE_PREFIX.exec(line);
  const rest = label ? line.slice(label[0].length) : line;
  if (!HAS_YEAR.test(rest)) return null;
  const tokens = rest.split(DATE_SPLIT).filter((t) => t !== '' && t !== '-');
  if (tokens.length === 0 || tokens.length > 12) return null;
  for (const t of tokens) if (!DATE_TOKEN.test(t)) return null;
  // a lone year or number is a figure, not a date
  if (tokens.length < 2 && !rest.includes('-')) return null;
  return { iso: parseAnyDate(rest), updated: label !== null && UPDATED_PREFIX.test(label[0]) };
}

/** ISO 8601 for a date in English or in another language chrono knows, keeping the precision given. */
export function parseAnyDate(text: string): string | null {
  const fast = parseCommonDate(text);
  if (fast) return fast;
  const en = normalizeDate(text);
  if (en) return en.iso;
  for (const locale of OTHER_LOCALES) {
    const [result] = chrono()[locale].parse(text, FAR_FUTURE, { forwardDate: false });
    if (!result) continue;
    const c = result.start;
    if (!c.isCertain('year') || !c.isCertain('month') || !c.isCertain('day')) continue;
    const date = `${c.get('year')}-${pad(c.get('month'))}-${pad(c.get('day'))}`;
    return c.isCertain('hour') ? `${date}T${pad(c.get('hour'))}:${pad(c.get('minute'))}` : date;
  }
  return null;
}

const MONTH_NUMBER: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};
/** `February 17, 2020 at 3:45 pm` and `17 February 2020, 15:45`: the two commonest English date lines. */
const COMMON_DATE =
  /^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?(?:([a-z]{3})[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?|(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]{3})[a-z]*\.?),?\s+(\d{4})(?:,?\s*(?:at\s+)?(\d{1,2})[:.](\d{2})\s*([ap])?\.?m?\.?)?$/i;

/**
 * Chrono costs a fraction of a millisecond a call; the commonest English date
 * lines are read here directly, with the same output as `normalizeDate`. A
 * line with a timezone or anything unusual goes to chrono.
 */
function parseCommonDate(text: string): string | null {
  const m = COMMON_DATE.exec(text.trim());
  if (!m) return null;
  const month = MONTH_NUMBER[(m[1] ?? m[4])!.toLowerCase()];
  const day = Number(m[2] ?? m[3]);
  const year = Number(m[5]);
  if (!month || day < 1 || day > 31) return null;
  const date = `${year}-${pad(month)}-${pad(day)}`;
  if (m[6] === undefined) return date;
  let hour = Number(m[6]);
  const meridiem = m[8]?.toLowerCase();
  if (meridiem === 'p' && hour < 12) hour += 12;
  if (meridiem === 'a' && hour === 12) hour = 0;
  if (hour > 23 || Number(m[7]) > 59) return null;
  return `${date}T${pad(hour)}:${m[7]}`;
}

function pad(n: number | null | undefined): string {
  return String(n ?? 0).padStart(2, '0');
}

/** What a byline says. */
export interface Byline {
  /** People named as authors (never a desk like "Staff", never an outlet). */
  authors: string[];
  /** An outlet named after a separator (`| Reuters`) or as the only author. */
  outlet: string | null;
  /** A date given in the byline. */
  published: string | null;
}

/** Separators between a byline's parts: `|`, `•`, `·`, a spaced dash. */
const BYLINE_PARTS = /\s*(?:\||•|·|\s[—–-]\s)\s*/;
/** Separators between names: commas, `and`, `&` and the same in other languages. */
const NAME_LIST = /\s*,\s*(?:and\s+)?|\s+(?:and|und|et|y|e|en|и)\s+|\s*&\s*/;
/** A place after a name: `Jane Doe in Ankara`. */
const IN_PLACE = /\s+(?:in|from|reporting from|aus|à|en|из|в)\s+\p{Lu}[\p{L}\s,.'’-]{0,60}$/u;
const UPPER_WORD = /^\p{Lu}[\p{Lu}'’.-]*$/u;
const CAPITAL_START = /^\p{Lu}/u;
const DIGIT = /\d/;
const TRAILING_STOP = /[.;,]$/;
const DESK = /\b(?:staff|editorial board|agencies|newsroom|redaktion|rédaction|редакция)\b/i;
const WORD_START = /(^|[\s'’-])(\p{Ll})/gu;

/**
 * Reads a byline. With `requirePrefix` (the default) the line must open with
 * `By`/`Written by`/`Author:`; without it (lines near the head or tail of an
 * article) it must be names and an outlet joined by a separator:
 * `Jane Doe | Reuters`. Null when any part is neither a name, a role, an
 * outlet nor a date.
 */
export function readByline(line: string, requirePrefix = true): Byline | null {
  if (line.length > MAX_META_LINE) return null;
  const prefix = BYLINE_PREFIX.exec(line);
  if (requirePrefix && !prefix) return null;
  const parts = line
    .slice(prefix ? prefix[0].length : 0)
    .split(BYLINE_PARTS)
    .filter((p) => p !== '');
  if (parts.length === 0 || (!prefix && parts.length < 2)) return null;
  const result: Byline = { authors: [], outlet: null, published: null };
  let named = false;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!.replace(TRAILING_STOP, '');
    if (i === 0) {
      if (!readNames(part, result)) return null;
      named = true;
      continue;
    }
    const date = readDateLine(part);
    if (date) {
      result.published ??= date.iso;
      continue;
    }
    if (ROLE_WORDS.test(part) && wordCount(part) <= 5) continue;
    if (isOutletLike(part)) {
      result.outlet ??= part;
      continue;
    }
    // after "By" and real names, an odd part ("4 min read", "Updated") does not unmake the byline
    if (prefix) continue;
    return null;
  }
  if (!named) return null;
  // without a "By", only a line naming a person is a byline ("Turkey | Russia" is not)
  if (!prefix && result.authors.length === 0) return null;
  return result;
}

/** Reads `Jane Doe, John Roe and Ann Poe` into `into.authors`; false when an item is no name, role or outlet. */
function readNames(text: string, into: Byline): boolean {
  const items = text.split(NAME_LIST).filter((p) => p !== '');
  if (items.length === 0 || items.length > 6) return false;
  for (const raw of items) {
    const item = raw.replace(IN_PLACE, '').trim();
    if (isPersonName(item)) {
      const name = UPPER_WORD.test(item.split(' ')[0]!) ? toTitleCase(item) : item;
      if (!into.authors.includes(name)) into.authors.push(name);
      continue;
    }
    if (isStaffOrRole(item)) continue;
    if (isOutletLike(item)) {
      into.outlet ??= item;
      continue;
    }
    return false;
  }
  return true;
}

/** 2–5 capitalised words (name particles and initials allowed), none of them a desk or outlet word. */
export function isPersonName(text: string): boolean {
  const words = text.split(' ');
  if (words.length < 2 || words.length > 5) return false;
  let capitals = 0;
  for (const w of words) {
    const lower = w.toLowerCase();
    if (NOT_A_NAME.has(lower)) return false;
    if (NAME_PARTICLE.has(w)) continue;
    if (!CAPITAL_START.test(w) || DIGIT.test(w)) return false;
    capitals++;
  }
  return capitals >= 2 && CAPITAL_START.test(words[words.length - 1]!);
}

/** `Staff`, `Staff Reporter`, `Our Correspondent`, `Editorial Board`: a desk, not a person. */
function isStaffOrRole(text: string): boolean {
  if (wordCount(text) > 4) return false;
  return ROLE_WORDS.test(text) || DESK.test(text);
}

/** 1–5 capitalised words or a domain: `Reuters`, `The Daily Planet`, `rt.com`. */
export function isOutletLike(text: string): boolean {
  if (URL_HOST.test(text) && text.includes('.') && !text.includes(' ')) return true;
  const words = text.split(' ');
  if (words.length > 5) return false;
  let capitals = 0;
  for (const w of words) {
    if (OUTLET_WORD.test(w)) capitals++;
    else if (!NAME_PARTICLE.has(w) && w !== 'of' && w !== 'the') return false;
  }
  return capitals > 0;
}

function toTitleCase(text: string): string {
  return text.toLowerCase().replace(WORD_START, (_, sep: string, ch: string) => sep + ch.toUpperCase());
}

/**
 * Time expressions: chrono-node finds and resolves them against the article's
 * reference date; a few news patterns chrono misses are added (bare years,
 * seasons, `April last year`). Only sentences holding a date-like word are
 * handed to chrono, and very long sentences are skipped, so hostile text costs
 * one regex scan.
 */
import * as chrono from 'chrono-node';
import type { ReferenceDate, Span, TimeExpression, TimeGranularity } from '../types.js';

/**
 * Cheap tests that decide which sentences chrono sees (it runs dozens of
 * regexes over each), each named with why it is enough:
 * - `CHRONO_TRIGGER`: words chrono's English parsers start from. `may` and
 *   `march` are verbs too: only `May`/`March` capitalised or before a number;
 *   `week`/`month`/`year` only after a word that makes them a date
 *   (`last week`, `this month`, `two years`); a bare year is ours (`BARE_YEAR`);
 *   `now` alone is not a date worth keeping.
 * - `PATTERN_TRIGGER`: what our own patterns (bare years, seasons) start from.
 */
const CHRONO_TRIGGER =
  /\b(?:jan(?:uary)?|feb(?:ruary)?|mar\.|apr(?:il)?|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|(?:mon|tues|wednes|thurs|fri|satur|sun)day|today|tonight|yesterday|tomorrow|ago|spring|summer|autumn|fall|winter|noon|midnight|morning|evening|afternoon|(?:may|march)\s+\d|(?:this|last|past|next|coming|previous|within|in|for|after|the|a|an|one|two|three|four|five|six|seven|eight|nine|ten|few|several|couple|\d+)\s+(?:weeks?|months?|years?)|\d{1,2}:\d\d|\d{1,2}\/\d{1,2}\/\d{2,4}|\d{4}-\d\d-\d\d)\b/i;
/** `May` and `March` as month names: capitalised (case-sensitive on purpose). */
const MONTH_CASED = /\b(?:May|MAY|March|MARCH)\b/;
const PATTERN_TRIGGER = /(?:1[89]|20)\d\d|spring|summer|autumn|fall|winter/i;

/** Whether chrono may find something in the sentence. */
const chronoMay = (text: string): boolean => CHRONO_TRIGGER.test(text) || MONTH_CASED.test(text);

/** Sentences longer than this are not parsed for dates (a 1 MB line is not a sentence). */
const MAX_SENTENCE = 2000;
/** A bare year after a preposition: `in 2018`, `since 2015`. */
const BARE_YEAR = /\b(?:in|since|by|until|during|before|after|from|of|through)\s+((?:1[89]|20)\d\d)\b(?![-,.]?\d)/gi;
/** Seasons: `in the spring of 2022`, `last summer`, `winter 2019`. */
const SEASON =
  /\b(?:(this|last|next|the)\s+)?(spring|summer|autumn|fall|winter)(?:\s+of\s+((?:1[89]|20)\d\d)|\s+((?:1[89]|20)\d\d))?\b/gi;
const SEASON_CODE: Readonly<Record<string, [string, number, number]>> = {
  spring: ['SP', 3, 6],
  summer: ['SU', 6, 9],
  autumn: ['FA', 9, 12],
  fall: ['FA', 9, 12],
  winter: ['WI', 12, 15],
};
/** `April last year`: chrono reads the month and the year apart. */
const MONTH_YEAR_LINK = /^\s+(?:of\s+)?(last|this|next)\s+year\b/i;

const pad = (n: number) => String(n).padStart(2, '0');
const isoDay = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));

/** The reference date as chrono wants it: local noon of that day, so no timezone moves it across midnight. */
function chronoReference(iso: string): Date {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d, 12);
}

/**
 * The reference date: the published date when there is one; else the latest
 * explicit full date in the text (marked estimated); else none.
 */
export function referenceDate(
  body: string,
  sentences: readonly Span[],
  published: string | null | undefined,
): ReferenceDate {
  const stated = published ? /^(\d{4}-\d{2}-\d{2})/.exec(published)?.[1] : undefined;
  if (stated) return { value: stated, estimated: false };
  let latest: string | null = null;
  for (const s of sentences) {
    if (s.end - s.start > MAX_SENTENCE) continue;
    const text = body.slice(s.start, s.end);
    if (!/(?:1[89]|20)\d\d/.test(text)) continue;
    for (const r of chrono.parse(text, new Date(2100, 0, 1, 12), { forwardDate: false })) {
      const c = r.start;
      if (!c.isCertain('year') || !c.isCertain('month') || !c.isCertain('day')) continue;
      const iso = `${c.get('year')}-${pad(c.get('month') ?? 1)}-${pad(c.get('day') ?? 1)}`;
      if (!latest || iso > latest) latest = iso;
    }
  }
  return { value: latest, estimated: latest !== null };
}

/** Time expressions of the body, sentence by sentence. Relative ones need a reference date and are skipped without one. */
export function findTimes(body: string, sentences: readonly Span[], reference: ReferenceDate): TimeExpression[] {
  const out: TimeExpression[] = [];
  const ref = reference.value ? chronoReference(reference.value) : new Date(2100, 0, 1, 12);
  const refYear = reference.value ? Number(reference.value.slice(0, 4)) : null;
  for (const s of sentences) {
    if (s.end - s.start > MAX_SENTENCE) continue;
    const text = body.slice(s.start, s.end);
    const useChrono = chronoMay(text);
    if (!useChrono && !PATTERN_TRIGGER.test(text)) continue;
    const found: TimeExpression[] = [];
    const results = useChrono ? chrono.parse(text, ref, { forwardDate: false }) : [];
    for (let k = 0; k < results.length; k++) {
      const r = results[k] as chrono.ParsedResult;
      let end = r.index + r.text.length;
      let yearOverride: number | null = null;
      const link = MONTH_YEAR_LINK.exec(text.slice(end, end + 20));
      const next = results[k + 1];
      if (link && refYear !== null && r.start.isCertain('month') && !r.start.isCertain('year')) {
        yearOverride = refYear + (link[1]?.toLowerCase() === 'last' ? -1 : link[1]?.toLowerCase() === 'next' ? 1 : 0);
        end += link[0].length;
        if (next && next.index < end) k++;
      }
      const t = fromChrono(r, text.slice(r.index, end), yearOverride);
      if (!t) continue;
      if (t.relative && !reference.value) continue;
      found.push({ ...t, start: s.start + r.index, end: s.start + end });
    }
    addPatterns(text, s.start, refYear, found);
    out.push(...found.sort((a, b) => a.start - b.start));
  }
  return out;
}

function fromChrono(
  r: chrono.ParsedResult,
  text: string,
  yearOverride: number | null,
): Omit<TimeExpression, 'start' | 'end'> | null {
  const c = r.start;
  const year = yearOverride ?? (c.get('year') as number);
  const month = c.get('month') as number;
  const day = c.get('day') as number;
  const relative = !c.isCertain('year') && yearOverride === null;
  let granularity: TimeGranularity;
  if (c.isCertain('hour')) granularity = 'time';
  else if (c.isCertain('day') && /\bweek/i.test(text)) granularity = 'week';
  else if (c.isCertain('day') || c.isCertain('weekday')) granularity = 'day';
  else if (c.isCertain('month')) granularity = 'month';
  else if (c.isCertain('year')) granularity = 'year';
  else return null;
  const date = utc(year, month, day);
  let value: string;
  let start: Date;
  let end: Date;
  switch (granularity) {
    case 'time':
      value = `${isoDay(date)}T${pad(c.get('hour') as number)}:${pad((c.get('minute') as number) ?? 0)}`;
      start = date;
      end = utc(year, month, day + 1);
      break;
    case 'day':
      value = isoDay(date);
      start = date;
      end = utc(year, month, day + 1);
      break;
    case 'week': {
      // ISO week: Monday to Sunday
      const monday = utc(year, month, day - ((date.getUTCDay() + 6) % 7));
      value = isoWeek(monday);
      start = monday;
      end = utc(monday.getUTCFullYear(), monday.getUTCMonth() + 1, monday.getUTCDate() + 7);
      break;
    }
    case 'month':
      value = `${year}-${pad(month)}`;
      start = utc(year, month, 1);
      end = utc(year, month + 1, 1);
      break;
    default:
      value = String(year);
      start = utc(year, 1, 1);
      end = utc(year + 1, 1, 1);
  }
  if (r.end) {
    const e = r.end;
    end = utc(
      (e.get('year') as number) ?? year,
      (e.get('month') as number) ?? month,
      ((e.get('day') as number) ?? day) + 1,
    );
  }
  return {
    type: granularity === 'time' ? 'TIME' : 'DATE',
    text,
    value,
    granularity,
    range: { start: isoDay(start), end: isoDay(end) },
    relative,
  };
}

function isoWeek(monday: Date): string {
  const thursday = new Date(monday.getTime() + 3 * 86_400_000);
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const week = Math.floor((thursday.getTime() - yearStart) / 86_400_000 / 7) + 1;
  return `${thursday.getUTCFullYear()}-W${pad(week)}`;
}

/** Bare years and seasons that chrono leaves out; added where they overlap nothing already found. */
function addPatterns(text: string, offset: number, refYear: number | null, found: TimeExpression[]): void {
  const free = (a: number, b: number) => !found.some((f) => f.start < b && a < f.end);
  for (const m of text.matchAll(SEASON)) {
    const [all, which, name, yearOf, yearAfter] = m;
    const explicit = yearOf ?? yearAfter;
    // "the fall" alone is too often not a season
    if (!explicit && (!which || which.toLowerCase() === 'the')) continue;
    let y = explicit ? Number(explicit) : refYear;
    if (y === null) continue;
    if (!explicit && which?.toLowerCase() === 'last') y -= 1;
    if (!explicit && which?.toLowerCase() === 'next') y += 1;
    const [code, from, to] = SEASON_CODE[(name as string).toLowerCase()] as [string, number, number];
    const a = offset + (m.index ?? 0) + (which?.toLowerCase() === 'the' ? all.indexOf(name as string) : 0);
    const b = offset + (m.index ?? 0) + all.length;
    if (!free(a, b)) continue;
    found.push({
      type: 'DATE',
      start: a,
      end: b,
      text: text.slice(a - offset, b - offset),
      value: `${y}-${code}`,
      granularity: 'season',
      range: { start: isoDay(utc(y, from, 1)), end: isoDay(utc(y, to, 1)) },
      relative: !explicit,
    });
  }
  for (const m of text.matchAll(BARE_YEAR)) {
    const y = Number(m[1]);
    const a = offset + (m.index ?? 0) + m[0].length - 4;
    if (!free(a, a + 4)) continue;
    found.push({
      type: 'DATE',
      start: a,
      end: a + 4,
      text: String(y),
      value: String(y),
      granularity: 'year',
      range: { start: `${y}-01-01`, end: `${y + 1}-01-01` },
      relative: false,
    });
  }
}

import { chrono } from './chrono.js';

/** A date as stated: ISO 8601 with the precision and timezone the source gave, and its instant in UTC for sorting. */
export interface NormalizedDate {
  /** `2020-02-17`, `2020-02-17T15:45`, or `2020-03-03T10:00:00+03:00`. */
  iso: string;
  /** The instant as UTC ISO; a date without a timezone is read as UTC. */
  utc: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Normalises a date string from any source (ISO 8601, RFC 822 as in feeds,
 * `February 17, 2020 at 3:45 pm`, Unix seconds) to ISO 8601 keeping the
 * stated timezone. Returns null when the text holds no full date.
 */
export function normalizeDate(text: string, reference?: Date): NormalizedDate | null {
  const trimmed = text.trim();
  if (/^\d{9,13}$/.test(trimmed)) {
    const ms = trimmed.length > 10 ? Number(trimmed) : Number(trimmed) * 1000;
    const utc = new Date(ms).toISOString();
    return { iso: utc.replace('.000Z', 'Z'), utc };
  }
  if (ISO_DATE.test(trimmed)) {
    const iso = trimmed.replace(' ', 'T');
    const hasZone = /(?:Z|[+-]\d{2}:?\d{2})$/.test(iso) && iso.includes('T');
    const ms = Date.parse(hasZone || !iso.includes('T') ? iso : `${iso}Z`);
    if (Number.isNaN(ms)) return null;
    return { iso, utc: new Date(ms).toISOString() };
  }
  const [result] = chrono().parse(trimmed, reference ?? new Date(Date.UTC(2100, 0, 1)), { forwardDate: false });
  // without a reference date, "yesterday" or "Tuesday" is no date at all
  if (!result || (!reference && !/\d{4}/.test(result.text))) return null;
  const c = result.start;
  if (!c.isCertain('year') || !c.isCertain('month') || !c.isCertain('day')) return null;
  const y = c.get('year') as number;
  const date = `${y}-${pad(c.get('month'))}-${pad(c.get('day'))}`;
  if (!c.isCertain('hour')) return { iso: date, utc: new Date(`${date}T00:00:00Z`).toISOString() };
  const time = `${pad(c.get('hour'))}:${pad(c.get('minute'))}`;
  const offset = c.get('timezoneOffset');
  if (offset === null || offset === undefined || !c.isCertain('timezoneOffset')) {
    return { iso: `${date}T${time}`, utc: new Date(`${date}T${time}:00Z`).toISOString() };
  }
  const sign = offset < 0 ? '-' : '+';
  const zone = offset === 0 ? 'Z' : `${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  const iso = `${date}T${time}:${pad(c.get('second'))}${zone}`;
  return { iso, utc: new Date(Date.parse(iso)).toISOString() };
}

function pad(n: number | null | undefined): string {
  return String(n ?? 0).padStart(2, '0');
}

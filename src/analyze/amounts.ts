/**
 * Amounts: money with its currency and value, percentages, and counts or
 * measures with what they count (`35,000 migrants`, `3.6 million Syrian
 * refugees`). Rules over the token columns; every table below says why it exists.
 */
import type { Amount } from '../types.js';
import { KIND, type Tokens, tokenText } from './tokenize.js';

/** Currency signs before a number. */
const CURRENCY_SIGNS: ReadonlyMap<string, string> = new Map([
  ['$', 'USD'],
  ['€', 'EUR'],
  ['£', 'GBP'],
  ['¥', 'JPY'],
  ['₽', 'RUB'],
  ['₺', 'TRY'],
  ['₹', 'INR'],
]);
/** Currency words and codes after (or, for codes, before) a number. */
const CURRENCY_WORDS: ReadonlyMap<string, string> = new Map([
  ['dollar', 'USD'],
  ['dollars', 'USD'],
  ['usd', 'USD'],
  ['euro', 'EUR'],
  ['euros', 'EUR'],
  ['eur', 'EUR'],
  ['pound', 'GBP'],
  ['pounds', 'GBP'],
  ['gbp', 'GBP'],
  ['lira', 'TRY'],
  ['liras', 'TRY'],
  ['try', 'TRY'],
  ['ruble', 'RUB'],
  ['rubles', 'RUB'],
  ['rouble', 'RUB'],
  ['roubles', 'RUB'],
  ['rub', 'RUB'],
  ['yuan', 'CNY'],
  ['cny', 'CNY'],
  ['yen', 'JPY'],
  ['jpy', 'JPY'],
  ['rupee', 'INR'],
  ['rupees', 'INR'],
  ['riyal', 'SAR'],
  ['riyals', 'SAR'],
  ['dinar', 'IQD'],
  ['dinars', 'IQD'],
  ['shekel', 'ILS'],
  ['shekels', 'ILS'],
]);
/** Scale words: `2.5 billion`, `$2.5-billion`, `3.6m`. */
const SCALES: ReadonlyMap<string, number> = new Map([
  ['hundred', 1e2],
  ['thousand', 1e3],
  ['million', 1e6],
  ['millions', 1e6],
  ['billion', 1e9],
  ['billions', 1e9],
  ['trillion', 1e12],
  ['mn', 1e6],
  ['m', 1e6],
  ['bn', 1e9],
  ['b', 1e9],
  ['k', 1e3],
]);
/** Number words; "one" is left out (too often a pronoun: "one of them"). */
const NUMBER_WORDS: ReadonlyMap<string, number> = new Map([
  ['two', 2],
  ['three', 3],
  ['four', 4],
  ['five', 5],
  ['six', 6],
  ['seven', 7],
  ['eight', 8],
  ['nine', 9],
  ['ten', 10],
  ['eleven', 11],
  ['twelve', 12],
  ['fifteen', 15],
  ['twenty', 20],
  ['thirty', 30],
  ['forty', 40],
  ['fifty', 50],
  ['hundred', 100],
  ['hundreds', 100],
  ['dozens', 24],
  ['dozen', 12],
  ['thousands', 1000],
]);
/** The longest number word. */
const NUMBER_WORD_MAX = Math.max(...[...NUMBER_WORDS.keys()].map((w) => w.length));
/** Units of measure after a number. */
const UNITS = new Set([
  'km',
  'kilometres',
  'kilometers',
  'kilometre',
  'kilometer',
  'miles',
  'mile',
  'm',
  'metres',
  'meters',
  'feet',
  'ft',
  'kg',
  'kilograms',
  'tons',
  'tonnes',
  'tonne',
  'ton',
  'barrels',
  'hectares',
  'acres',
  'square',
  'mw',
  'gw',
  'km/h',
  'mph',
  'degrees',
  'litres',
  'liters',
]);
/** Words that end what a count counts: function words and verbs of saying. */
const COUNT_STOP = new Set([
  'the',
  'a',
  'an',
  'of',
  'in',
  'on',
  'at',
  'to',
  'for',
  'from',
  'by',
  'with',
  'and',
  'or',
  'but',
  'have',
  'has',
  'had',
  'were',
  'was',
  'are',
  'is',
  'be',
  'been',
  'will',
  'would',
  'could',
  'said',
  'say',
  'says',
  'who',
  'that',
  'which',
  'since',
  'after',
  'before',
  'than',
  'more',
  'less',
  'earlier',
  'later',
  'ago',
  'this',
  'last',
  'next',
  'per',
  'percent',
  'as',
  'into',
  'over',
  'under',
  'about',
  'there',
  'it',
  'they',
  'he',
  'she',
  'we',
  'his',
  'her',
  'their',
  'its',
  'each',
  'times',
  'years',
  'year',
  'days',
  'day',
  'months',
  'month',
  'weeks',
  'week',
  'hours',
]);
/** Past and progressive verb forms end a count (`two men discussed`). */
const VERB_FORM = /(?:ed|ing)$/;
const MONTHS = /^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/i;
/** A token that is a number, possibly glued to a scale: `2,500`, `2.5`, `2.5-billion`, `3.6m`. */
const NUMERIC = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?:-?(million|billion|trillion|thousand|bn|mn|m|b|k))?$/i;

/** The numeric value of token `i` (with a glued scale), or null. */
function numberAt(t: Tokens, i: number): { value: number; glued: boolean } | null {
  // cheap tests first: a number starts with a digit, a number word is a short word
  const first = t.text.charCodeAt(t.starts[i] as number);
  const digit = first >= 48 && first <= 57;
  const length = (t.ends[i] as number) - (t.starts[i] as number);
  if (!digit && (t.kinds[i] !== KIND.word || length < 3 || length > NUMBER_WORD_MAX)) return null;
  const w = tokenText(t, i);
  const m = digit ? NUMERIC.exec(w) : null;
  if (m) {
    const base = Number(`${(m[1] as string).replace(/,/g, '')}${m[2] ? `.${m[2]}` : ''}`);
    const scale = m[3] ? (SCALES.get(m[3].toLowerCase()) ?? 1) : 1;
    return { value: base * scale, glued: Boolean(m[3]) };
  }
  const word = NUMBER_WORDS.get(w.toLowerCase());
  return word === undefined ? null : { value: word, glued: false };
}

/** Amounts in the body, from its tokens. */
export function findAmounts(t: Tokens): Amount[] {
  const out: Amount[] = [];
  const text = t.text;
  const lower = (i: number) => (i >= 0 && i < t.length ? tokenText(t, i).toLowerCase() : '');
  for (let i = 0; i < t.length; i++) {
    const num = numberAt(t, i);
    if (!num) continue;
    let first = i;
    let last = i;
    let value = num.value;
    let currency: string | undefined;
    const prev = lower(i - 1);
    if (t.kinds[i - 1] === KIND.symbol && CURRENCY_SIGNS.get(prev)) {
      currency = CURRENCY_SIGNS.get(prev);
      first = i - 1;
      // US$ and C$: the letters glued before the sign
      if (i >= 2 && t.ends[i - 2] === t.starts[i - 1] && /^[A-Z]{1,2}$/.test(tokenText(t, i - 2))) first = i - 2;
    } else if (CURRENCY_WORDS.get(prev) && /^[A-Z]{3}$/.test(tokenText(t, i - 1))) {
      currency = CURRENCY_WORDS.get(prev);
      first = i - 1;
    }
    if (!num.glued) {
      const scale = SCALES.get(lower(i + 1));
      if (scale && scale >= 1e2 && lower(i + 1).length > 2) {
        value *= scale;
        last = i + 1;
      }
    }
    const after = lower(last + 1);
    const start = t.starts[first] as number;
    if (!currency && CURRENCY_WORDS.get(after) && after.length > 1) {
      currency = CURRENCY_WORDS.get(after);
      last++;
    }
    if (currency) {
      out.push(amount('MONEY', t, start, last, value, { currency }));
      i = last;
      continue;
    }
    if (after === '%' || after === 'percent' || (after === 'per' && lower(last + 2) === 'cent')) {
      last += after === 'per' ? 2 : 1;
      out.push(amount('PERCENT', t, start, last, value, {}));
      i = last;
      continue;
    }
    // a year or a day of the month is a date, not a count
    const w = tokenText(t, i);
    if (/^(?:1[89]|20)\d\d$/.test(w) || MONTHS.test(prev) || MONTHS.test(after)) continue;
    if (UNITS.has(after)) {
      last++;
      out.push(amount('QUANTITY', t, start, last, value, { unit: tokenText(t, last) }));
      i = last;
      continue;
    }
    // a count: up to three words after the number, stopping at function words and punctuation
    let k = last + 1;
    while (
      k < t.length &&
      k <= last + 3 &&
      t.kinds[k] === KIND.word &&
      !COUNT_STOP.has(lower(k)) &&
      !VERB_FORM.test(lower(k))
    )
      k++;
    if (k === last + 1) continue;
    const unit = text.slice(t.starts[last + 1], t.ends[k - 1]);
    out.push(amount('QUANTITY', t, start, k - 1, value, { unit }));
    i = k - 1;
  }
  return out;
}

function amount(
  type: Amount['type'],
  t: Tokens,
  start: number,
  last: number,
  value: number,
  extra: { currency?: string; unit?: string },
): Amount {
  const end = t.ends[last] as number;
  return { type, start, end, text: t.text.slice(start, end), value, ...extra };
}

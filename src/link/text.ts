/**
 * Text helpers shared by the link stage: word splitting, 32-bit hashing and
 * the term normalisation clustering uses. Pure functions, regexes compiled once.
 */

/** Words: letters and digits, inner hyphens and apostrophes kept (`S-400`, `Erdogan's`). */
const WORD = /[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu;

/** Lower-cased words of a text, in order. */
export function words(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

/** FNV-1a over the UTF-16 code units of a string: fast, stable across runs and platforms. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** murmur3's finaliser: spreads every input bit over the whole 32-bit result. */
export function fmix32(x: number): number {
  let h = x;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Words that say nothing about which story an article tells. Kept short on
 * purpose: IDF already discounts common words; this list only removes the
 * function words and reporting verbs every article has.
 */
const STOPWORDS = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being below between both ' +
    'but by can could did do does doing down during each few for from further had has have having he her here hers him ' +
    'his how i if in into is it its itself just me more most my no nor not now of off on once only or other our ours out ' +
    'over own same she should so some such than that the their theirs them then there these they this those through to ' +
    'too under until up very was we were what when where which while who whom why will with would you your yours ' +
    'said says say told according new one two three year years time like get got make made us mr ms mrs us’s ' +
    'monday tuesday wednesday thursday friday saturday sunday week weeks day days month months people may many much ' +
    'however since still even well back first last another going went way want wants'
  ).split(' '),
);

/** Possessive endings: `Turkey's` and `Turkey’s` count as `turkey`. */
const POSSESSIVE = /['’]s$/;

/**
 * Terms for story clustering: lower-cased words without stopwords, bare
 * numbers and one-letter words; possessives and a plural `s` stripped so
 * `missiles`/`missile` meet. Named systems like `s-400` stay whole.
 */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const raw of words(text)) {
    let w = raw.replace(POSSESSIVE, '');
    if (w.length < 2 || STOPWORDS.has(w)) continue;
    if (/^\d+$/.test(w) && w.length !== 4) continue; // years are evidence, counts are not
    if (w.length > 4 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) {
      w = w.endsWith('ies') ? `${w.slice(0, -3)}y` : w.slice(0, -1);
    }
    out.push(w);
  }
  return out;
}

/** Letters NFKD does not take apart, with their plain Latin spelling. */
const UNDECOMPOSED: Readonly<Record<string, string>> = {
  ı: 'i',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
};
const MARKS = /\p{M}+/gu;
const UNDECOMPOSED_LETTER = /[ıøłđðþßæœ]/g;
const ASCII = /^[\x20-\x7e]*$/;

/**
 * A lower-cased word without its diacritics (`yıldırım` → `yildirim`,
 * `søberg` → `soberg`), so outlets that spell a name with and without them
 * meet. ASCII words come back as they are.
 */
export function fold(word: string): string {
  if (ASCII.test(word)) return word;
  return word
    .normalize('NFKD')
    .replace(MARKS, '')
    .replace(UNDECOMPOSED_LETTER, (c) => UNDECOMPOSED[c] ?? c);
}

/** Milliseconds in a day. */
export const DAY_MS = 86_400_000;

/** Suffixes stripped by `stem`, longest first, with what replaces them. */
const SUFFIXES: ReadonlyArray<readonly [string, string]> = [
  ['ational', 'ate'],
  ['ations', 'ate'],
  ['ation', 'ate'],
  ['ically', 'ic'],
  ['ities', 'ity'],
  ['ingly', ''],
  ['edly', ''],
  ['ings', ''],
  ['ing', ''],
  ['ies', 'y'],
  ['ied', 'y'],
  ['ed', ''],
  ['es', 'e'],
  ['ly', ''],
  ['s', ''],
];
/** Endings a plural `s` must not be stripped from (`press`, `status`, `crisis`). */
const KEEP_S = /(?:ss|us|is)$/;

/**
 * A light English stemmer: one inflectional or `-ation` suffix stripped
 * (the stem keeps at least three letters), then a final `e` and a doubled
 * final consonant, so `integrated`, `integration` and `integrate` meet, as do
 * `refused`/`refuse` and `stopped`/`stop`. Lower-cased input; words with
 * digits or hyphens (`s-400`) stay whole.
 */
export function stem(word: string): string {
  let w = word;
  if (w.length < 4 || /[\d-]/.test(w)) return w;
  for (const [suffix, repl] of SUFFIXES) {
    if (!w.endsWith(suffix)) continue;
    if (suffix === 's' && KEEP_S.test(w)) break;
    const base = w.slice(0, -suffix.length);
    if (base.length >= 3) w = base + repl;
    break;
  }
  if (w.length > 4 && w.endsWith('e')) w = w.slice(0, -1);
  if (w.length > 4 && /([b-df-hj-np-tv-z])\1$/.test(w) && !/(?:ll|ss|zz)$/.test(w)) w = w.slice(0, -1);
  return w;
}

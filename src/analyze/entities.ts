/**
 * Named entities of one tokenised sentence: the perceptron's spans, then rules
 * that know what a small model cannot (equipment designations, demonyms and
 * country names from the gazetteer). Works on words, so the scorer and the
 * analyze stage run exactly the same code.
 */
import {
  type DocumentContext,
  documentContext,
  MARK_B,
  MARK_L,
  MARK_U,
  markCategory,
  type NerModel,
  spansFromTags,
  tagSentence,
  viewOf,
  type WordInfo,
} from './ner-model.js';

/** An entity over token indices of one sentence, `end` exclusive. */
export interface WordSpan {
  start: number;
  end: number;
  type: string;
  /** `model` or the rule that made it: `rule:designation`, `rule:equipment-noun`, `gazetteer:demonym`, ... */
  via: string;
}

/** Military and industrial designations: letters, a hyphen, a number (S-400, F-35, Su-57, MiG-29, T-72B3). */
const DESIGNATION = /^(?:[A-Z][A-Za-z]{0,3}|[A-Z]{1,3}\d?)-\d{1,4}[A-Z]{0,3}\d?s?$/;
/** Nouns after which a capitalised word names a system (`Patriot missiles`, `Iron Dome system`). */
const EQUIPMENT_NOUNS = new Set([
  'missile',
  'missiles',
  'system',
  'systems',
  'battery',
  'batteries',
  'jet',
  'jets',
  'fighter',
  'fighters',
  'drone',
  'drones',
  'rocket',
  'rockets',
  'tank',
  'tanks',
  'helicopter',
  'helicopters',
  'launcher',
  'launchers',
]);
/** Capitalised words that never name a system before an equipment noun. */
const NOT_EQUIPMENT = new Set([
  'the',
  'a',
  'an',
  'this',
  'that',
  'these',
  'those',
  'our',
  'their',
  'its',
  'his',
  'her',
  'new',
  'air',
  'defense',
  'defence',
  'missile',
  'which',
  'what',
  'such',
  'both',
  'all',
  'some',
  'any',
  'two',
  'three',
  'four',
  'several',
]);
/** Head nouns of facilities: capitalised names ending in one are places (`Murted Airbase`, `Incirlik Air Base`). */
const FACILITY_HEADS = new Set([
  'airbase',
  'airport',
  'airfield',
  'base',
  'port',
  'harbour',
  'harbor',
  'palace',
  'square',
  'bridge',
  'dam',
  'prison',
  'camp',
  'stadium',
  'refinery',
  'checkpoint',
  'crossing',
  'strait',
  'canal',
]);
/** Head nouns of organisations: capitalised names ending in one, or one then `of` and a name, are organisations (`Trinity College`, `World Health Organisation`, `Court of Appeal`). */
const ORG_HEADS = new Set([
  'university',
  'college',
  'school',
  'academy',
  'institute',
  'library',
  'museum',
  'council',
  'committee',
  'commission',
  'congress',
  'parliament',
  'senate',
  'assembly',
  'court',
  'ministry',
  'department',
  'office',
  'agency',
  'bureau',
  'authority',
  'organisation',
  'organization',
  'association',
  'society',
  'foundation',
  'federation',
  'party',
  'company',
  'corporation',
  'corp.',
  'inc.',
  'ltd',
  'ltd.',
  'llc',
  'bank',
  'club',
  'church',
  'army',
  'navy',
  'herald',
  'times',
  'journal',
  'bulletin',
  'gazette',
  'tribune',
  'airlines',
  'airways',
]);
/** Head nouns of events (`Vietnam War`, `French Revolution`, `Summer Olympic Games`, `Cyclone Phailin` is not one: the head comes first). */
const EVENT_HEADS = new Set([
  'war',
  'revolution',
  'games',
  'olympics',
  'festival',
  'championship',
  'championships',
  'cup',
  'summit',
  'conference',
  'crisis',
  'massacre',
  'battle',
]);
/** Nouns before a name that make it an event (`Cyclone Phailin`, `Hurricane Katrina`, `Operation Desert Storm`). */
const EVENT_PREFIXES = new Set(['cyclone', 'hurricane', 'typhoon', 'storm', 'operation']);
/** Roman numerals that end a name (`World War II`, `Norton I`). */
const ROMAN = /^[IVX]+$/;
/** Capitalised words that never start a facility's name (a sentence-initial determiner). */
const NOT_FACILITY = new Set(['the', 'a', 'an', 'this', 'that', 'these', 'those', 'its', 'his', 'her', 'their', 'our']);
/** How many capitalised words before a head noun are taken into its name. */
const MAX_FACILITY_WORDS = 3;
/** How many capitalised words after `of` are taken into a name (`Court of Appeal`, `University of New South Wales`). */
const MAX_OF_WORDS = 3;

/** Titles before a person's name: a span holding one, then only capitalised words, is a person ("Foreign Minister Mevlut Cavusoglu"). */
const PERSON_TITLES = new Set([
  'president',
  'minister',
  'secretary',
  'chancellor',
  'premier',
  'general',
  'gen.',
  'senator',
  'sen.',
  'rep.',
  'governor',
  'gov.',
  'mayor',
  'king',
  'queen',
  'prince',
  'princess',
  'pope',
  'justice',
  'judge',
  'ambassador',
  'spokesman',
  'spokeswoman',
  'dr.',
  'mr.',
  'mrs.',
  'ms.',
]);

/** Capitalised words after a title read as the titled person's name, at most. */
const MAX_TITLED_NAME_WORDS = 3;

/** Gazetteer categories and the entity type a match stands for when the model left it out. */
const GAZETTEER_TYPES: Readonly<Record<string, string>> = { country: 'LOC', capital: 'LOC', demonym: 'NORP' };

/** A capitalised word (`Patriot`), the only kind that names a system before an equipment noun. */
const CAPITALISED_WORD = /^\p{Lu}\p{Ll}+$/u;

/** A word starting with a capital letter. */
const UPPER_START = /^\p{Lu}/u;

/** How a name's first and last tokens begin: a capital letter or a digit (`Idlib`, `F-35`, `Norton I`). */
const NAME_EDGE = /^[\p{Lu}\d]/u;

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) =>
  a.start < b.end && b.start < a.end;

/** Word classes the rules test, as bits of `WordInfo.ruleBits`: computed once per word form, not per token. */
const IS_DESIGNATION = 1;
const IS_EQUIPMENT_NOUN = 2;
const IS_NOT_EQUIPMENT = 4;
const IS_FACILITY_HEAD = 8;
const IS_NOT_FACILITY = 16;
const IS_PERSON_TITLE = 32;
const IS_CAPITALISED_WORD = 64;
const IS_NAME_EDGE = 128;
const IS_ORG_HEAD = 256;
const IS_EVENT_HEAD = 512;
const IS_EVENT_PREFIX = 1024;
const IS_UPPER_START = 2048;
const IS_ROMAN = 4096;

function ruleBits(info: WordInfo, form: string): number {
  if (info.ruleBits >= 0) return info.ruleBits;
  const lower = info.lower;
  info.ruleBits =
    (form.includes('-') && DESIGNATION.test(form) ? IS_DESIGNATION : 0) |
    (EQUIPMENT_NOUNS.has(lower) ? IS_EQUIPMENT_NOUN : 0) |
    (NOT_EQUIPMENT.has(lower) ? IS_NOT_EQUIPMENT : 0) |
    (FACILITY_HEADS.has(lower) ? IS_FACILITY_HEAD : 0) |
    (NOT_FACILITY.has(lower) ? IS_NOT_FACILITY : 0) |
    (PERSON_TITLES.has(lower) ? IS_PERSON_TITLE : 0) |
    (CAPITALISED_WORD.test(form) ? IS_CAPITALISED_WORD : 0) |
    (NAME_EDGE.test(form) ? IS_NAME_EDGE : 0) |
    (ORG_HEADS.has(lower) ? IS_ORG_HEAD : 0) |
    (EVENT_HEADS.has(lower) ? IS_EVENT_HEAD : 0) |
    (EVENT_PREFIXES.has(lower) ? IS_EVENT_PREFIX : 0) |
    (UPPER_START.test(form) ? IS_UPPER_START : 0) |
    (ROMAN.test(form) ? IS_ROMAN : 0);
  return info.ruleBits;
}

/**
 * Entities of one sentence's words. `doc` (from `documentContext` over the
 * whole document) tells how the document writes each word elsewhere.
 */
export function recognize(words: readonly string[], model: NerModel, doc?: DocumentContext): WordSpan[] {
  if (!words.length) return [];
  const view = viewOf(words, model, doc);
  const n = words.length;
  const bits = new Uint16Array(n);
  for (let i = 0; i < n; i++) bits[i] = ruleBits(view.infos[i] as WordInfo, words[i] as string);
  const is = (i: number, bit: number) => ((bits[i] as number) & bit) !== 0;
  const gaz = view.gaz;
  let spans: WordSpan[] = [];
  for (const s of spansFromTags(tagSentence(view, model))) {
    // a small model sometimes swallows a trailing "and" or a bracket: names start and end on a capital or a digit
    let { start, end } = s;
    while (start < end && !is(start, IS_NAME_EDGE)) start++;
    while (end > start && !is(end - 1, IS_NAME_EDGE)) end--;
    if (end > start) spans.push({ start, end, type: s.type, via: 'model' });
  }
  // a title, then a name written in capitals to the end of the span: a person whatever the model said
  for (const s of spans) {
    if (s.type === 'PERSON' || s.end - s.start < 2) continue;
    let title = -1;
    for (let k = s.start; k < s.end - 1; k++) if (is(k, IS_PERSON_TITLE)) title = k;
    if (title < 0) continue;
    let name = true;
    for (let k = title + 1; k < s.end; k++) if (!is(k, IS_CAPITALISED_WORD)) name = false;
    if (name) {
      s.type = 'PERSON';
      s.via = 'model+title';
    }
  }

  const rules: WordSpan[] = [];
  for (let i = 0; i < n; i++) {
    if (is(i, IS_DESIGNATION)) rules.push({ start: i, end: i + 1, type: 'PRODUCT', via: 'rule:designation' });
    else if (
      i > 0 &&
      i + 1 < n &&
      is(i + 1, IS_EQUIPMENT_NOUN) &&
      is(i, IS_CAPITALISED_WORD) &&
      !is(i, IS_NOT_EQUIPMENT) &&
      !gaz[i]
    ) {
      rules.push({ start: i, end: i + 1, type: 'PRODUCT', via: 'rule:equipment-noun' });
    }
  }
  // names by their head noun: capitalised words then a capitalised facility, organisation or event noun
  // ("Murted Airbase", "Trinity College", "Vietnam War"), the noun then "of" and a name ("Court of Appeal"),
  // or an event noun then a name ("Cyclone Phailin")
  for (let i = 0; i < n; i++) {
    if (!is(i, IS_CAPITALISED_WORD)) continue;
    if (is(i, IS_EVENT_PREFIX) && i + 1 < n && is(i + 1, IS_UPPER_START) && !is(i + 1, IS_NOT_FACILITY)) {
      let end = i + 2;
      while (end < n && end - i <= MAX_FACILITY_WORDS && is(end, IS_UPPER_START)) end++;
      rules.push({ start: i, end, type: 'EVENT', via: 'rule:head' });
      i = end - 1;
      continue;
    }
    const head = is(i, IS_FACILITY_HEAD) ? 'LOC' : is(i, IS_ORG_HEAD) ? 'ORG' : is(i, IS_EVENT_HEAD) ? 'EVENT' : '';
    if (!head) continue;
    let start = i;
    for (;;) {
      if (start === 0 || i - start >= MAX_FACILITY_WORDS || rules.some((r) => r.end === start)) break;
      const w = start - 1;
      if (!is(w, IS_UPPER_START) || is(w, IS_NOT_FACILITY)) break;
      if (head === 'LOC' && markCategory(model.gazetteer, gaz[w] as number) === 'demonym') break;
      start = w;
    }
    let end = i + 1;
    if (head !== 'LOC' && end + 1 < n && view.lower[end] === 'of') {
      let k = end + 1;
      if (view.lower[k] === 'the') k++;
      let last = k;
      while (last < n && last - k < MAX_OF_WORDS && is(last, IS_UPPER_START) && !is(last, IS_NOT_FACILITY)) last++;
      if (last > k) end = last;
    }
    if (end < n && is(end, IS_ROMAN)) end++;
    if (end - start < 2) continue;
    rules.push({ start, end, type: head, via: `rule:${head === 'LOC' ? 'facility' : 'head'}` });
    i = end - 1;
  }
  // a title the model left outside any name, then capitalised words: those words name a person
  // ("Foreign Minister Mevlut Cavusoglu" when the model saw only a place in "Cavusoglu")
  for (let i = 0; i + 1 < n; i++) {
    if (!is(i, IS_PERSON_TITLE) || spans.some((sp) => sp.start <= i && i < sp.end)) continue;
    let end = i + 1;
    while (end < n && end - i <= MAX_TITLED_NAME_WORDS && is(end, IS_CAPITALISED_WORD)) end++;
    if (end === i + 1 || rules.some((r) => overlaps(r, { start: i + 1, end }))) continue;
    rules.push({ start: i + 1, end, type: 'PERSON', via: 'rule:title' });
    i = end - 1;
  }
  // rules win over the model where they overlap
  if (rules.length) {
    spans = spans.filter((s) => !rules.some((r) => overlaps(r, s)));
    spans.push(...rules);
  }

  // gazetteer matches (written as names: "turkey" is a bird): a demonym alone is NORP whatever the model
  // said; a country or capital alone is LOC whatever type the model gave it; one the model missed is LOC
  for (let i = 0; i < n; i++) {
    const mark = gaz[i] as number;
    const pos = mark & 7;
    if (!mark || (pos !== MARK_U && pos !== MARK_B) || !is(i, IS_NAME_EDGE)) continue;
    let end = i + 1;
    if (pos === MARK_B) while (end < n && ((gaz[end] as number) & 7) !== MARK_L) end++;
    end = Math.min(end + (pos === MARK_B ? 1 : 0), n);
    const cat = markCategory(model.gazetteer, mark);
    const type = GAZETTEER_TYPES[cat];
    if (!type) continue;
    const match = { start: i, end, type, via: `gazetteer:${cat}` };
    const covering = spans.filter((s) => overlaps(s, match));
    if (type === 'NORP') {
      // "Turkish" alone, or tagged alone as something else, is a nationality
      if (covering.every((s) => s.start === match.start && s.end === match.end)) {
        spans = spans.filter((s) => !covering.includes(s));
        spans.push(match);
      } else if (
        covering.length === 1 &&
        covering[0]?.type === 'PERSON' &&
        covering[0].start === match.start &&
        covering[0].end > match.end
      ) {
        // "Turkish Defence Minister Hulusi Akar": the nationality, then the person
        covering[0].start = match.end;
        spans.push(match);
      }
    } else if (!covering.length) spans.push(match);
    else if (covering.length === 1) {
      const only = covering[0] as WordSpan;
      if (only.start === match.start && only.end === match.end && only.via === 'model' && only.type !== type) {
        only.type = type;
        only.via = `model+gazetteer:${cat}`;
      }
    }
    i = end - 1;
  }
  return spans.sort((a, b) => a.start - b.start);
}

/**
 * Entities of a whole document's sentences: each sentence with the document's
 * context, then one type per name across the document. The model sees one
 * sentence at a time and may call `Cavusoglu` a place in one and a person in
 * the next; model spans that end on the same word take the type most of them
 * got, names of two or more words counting twice (ties: the first seen). Rule
 * and gazetteer spans keep theirs.
 */
export function recognizeDocument(sentences: ReadonlyArray<readonly string[]>, model: NerModel): WordSpan[][] {
  const context = documentContext(sentences);
  const found = sentences.map((words) => recognize(words, model, context));
  const votes = new Map<string, Map<string, number>>();
  const headOf = (words: readonly string[], s: WordSpan) => words[s.end - 1] as string;
  found.forEach((spans, k) => {
    for (const s of spans) {
      if (!s.via.startsWith('model') && s.via !== 'rule:title') continue;
      const head = headOf(sentences[k] as readonly string[], s);
      let v = votes.get(head);
      if (!v) {
        v = new Map();
        votes.set(head, v);
      }
      // a name of two or more words is surer evidence of its type than a lone word, a title surer still
      const weight = s.via === 'rule:title' ? 3 : Math.min(2, s.end - s.start);
      v.set(s.type, (v.get(s.type) ?? 0) + weight);
    }
  });
  found.forEach((spans, k) => {
    for (const s of spans) {
      if (s.via !== 'model') continue;
      const v = votes.get(headOf(sentences[k] as readonly string[], s)) as Map<string, number>;
      let best = s.type;
      let bestCount = 0;
      for (const [type, count] of v) {
        if (count > bestCount) {
          best = type;
          bestCount = count;
        }
      }
      if (best !== s.type && bestCount > (v.get(s.type) ?? 0)) {
        s.type = best;
        s.via = 'model+document';
      }
    }
  });
  return found;
}

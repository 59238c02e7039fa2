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
  infosOf,
  type NerModel,
  type SentenceView,
  spansFromTags,
  tagSentence,
  viewOf,
  type WordInfo,
} from './ner-model.js';
import { bestSpanClass, MAX_SPAN_FEATURES, SPAN_CLASSES, spanFeatures } from './span-types.js';

/** An entity over token indices of one sentence, `end` exclusive. */
export interface WordSpan {
  start: number;
  end: number;
  type: string;
  /** `model` or the rule that made it: `rule:designation`, `rule:equipment-noun`, `gazetteer:demonym`, ... */
  via: string;
  /** For a person named after a title: the index of the title's first word; the title runs to `start` (`US Secretary of State` before `Antony Blinken`). */
  role?: number;
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
  'dr',
  'mr',
  'mrs',
  'ms',
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

/** Where a title's role starts: the title, or up to two capitalised words before it (`US Secretary`, `Foreign Minister`). */
function roleStart(title: number, is: (i: number, bit: number) => boolean): number {
  let start = title;
  while (start > 0 && title - start < 2 && is(start - 1, IS_UPPER_START) && !is(start - 1, IS_NOT_FACILITY)) start--;
  return start;
}

/** Gazetteer categories of a single word that start a person's name. */
const NAME_CATEGORIES = new Set(['firstname', 'person']);

/**
 * Title chains: a title, `of` and its office in capitals, then the holder's name
 * ("Secretary of State Antony Blinken", "Minister of Foreign Affairs Mevlut
 * Cavusoglu"). The office takes the run's first word; the name starts at the
 * first later word the gazetteer knows as a first name, else it is the run's
 * last two words (the last one when only two follow `of`). A PERSON span per
 * name, with its role; a chain with no name after its office ("the Secretary
 * of State said") gives a span of no type, which only marks the office.
 */
function titleChains(
  view: SentenceView,
  n: number,
  is: (i: number, bit: number) => boolean,
  model: NerModel,
): WordSpan[] {
  const out: WordSpan[] = [];
  for (let i = 0; i + 2 < n; i++) {
    if (!is(i, IS_PERSON_TITLE) || view.lower[i + 1] !== 'of') continue;
    const office = view.lower[i + 2] === 'the' ? i + 3 : i + 2;
    let end = office;
    while (end < n && end - office < MAX_OF_WORDS + MAX_TITLED_NAME_WORDS && is(end, IS_CAPITALISED_WORD)) end++;
    if (end === office) continue;
    let name = end;
    for (let j = office + 1; j < end && name === end; j++) {
      const cat = (view.infos[j] as WordInfo).gazCat;
      if (cat && NAME_CATEGORIES.has(model.gazetteer.categories[cat - 1] as string)) name = j;
    }
    if (name === end && end - office >= 2) name = Math.max(office + 1, end - 2);
    const role = roleStart(i, is);
    out.push(
      name < end
        ? { start: name, end, type: 'PERSON', via: 'rule:title', role }
        : { start: role, end, type: '', via: 'rule:office', role },
    );
    i = end - 1;
  }
  return out;
}

/**
 * Entities of one sentence's words. `doc` (from `documentContext` over the
 * whole document) tells how the document writes each word elsewhere.
 */
export function recognize(words: readonly string[], model: NerModel, doc?: DocumentContext): WordSpan[] {
  return words.length ? recognizeView(viewOf(words, model, doc), model) : [];
}

/** Entities of one prepared sentence (`viewOf`). */
function recognizeView(view: SentenceView, model: NerModel): WordSpan[] {
  const words = view.words;
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
  const rules: WordSpan[] = titleChains(view, n, is, model);
  // a span the model put over a title chain's office, or ending on a title ("Foreign Minister"), names no one
  if (rules.length || spans.some((s) => is(s.end - 1, IS_PERSON_TITLE))) {
    spans = spans.filter(
      (s) =>
        !is(s.end - 1, IS_PERSON_TITLE) &&
        !rules.some((r) => r.role !== undefined && r.role <= s.start && s.end <= (r.type ? r.start : r.end)),
    );
  }
  // a title, then a name written in capitals to the end of the span: a person whatever the model said (and the
  // document's vote counts it as a title's)
  for (const s of spans) {
    if (s.end - s.start < 2) continue;
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
    // an organisation noun alone, capitalised mid-sentence, is that body ("Congress authorized", "the Senate")
    const lone = head === 'ORG' && i > 0 && !is(i - 1, IS_UPPER_START) && !(i + 1 < n && is(i + 1, IS_UPPER_START));
    if (end - start < 2 && !lone) continue;
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
    rules.push({ start: i + 1, end, type: 'PERSON', via: 'rule:title', role: roleStart(i, is) });
    i = end - 1;
  }
  // rules win over the model where they overlap (an office alone is no entity: it only removed spans above)
  if (rules.length) {
    spans = spans.filter((s) => !rules.some((r) => overlaps(r, s)));
    for (const r of rules) if (r.type) spans.push(r);
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
  spans.sort((a, b) => a.start - b.start);
  return withAliases(spans, view, is);
}

/** Longest alias read in brackets after a name. */
const MAX_ALIAS_WORDS = 4;

/**
 * A name, then capitalised words alone in brackets, gives an alias of the same
 * type: "World Health Organisation (WHO)", "National Library of the
 * Netherlands (Koninklijke Bibliotheek)". The alias replaces whatever the
 * model made of those words (`via: rule:alias`).
 */
function withAliases(spans: WordSpan[], view: SentenceView, is: (i: number, bit: number) => boolean): WordSpan[] {
  const words = view.words;
  if (!spans.some((s) => words[s.end] === '(')) return spans;
  const out: WordSpan[] = [];
  for (let k = 0; k < spans.length; k++) {
    const s = spans[k] as WordSpan;
    out.push(s);
    if (words[s.end] !== '(' || s.type === 'NORP') continue;
    let close = s.end + 1;
    while (close < words.length && close - s.end <= MAX_ALIAS_WORDS && is(close, IS_UPPER_START)) close++;
    if (close === s.end + 1 || words[close] !== ')') continue;
    while (k + 1 < spans.length && (spans[k + 1] as WordSpan).start < close) k++;
    out.push({ start: s.end + 1, end: close, type: s.type, via: 'rule:alias' });
  }
  return out;
}

/** A word starting with a lower-case ASCII letter and four or more characters long: no title-case headline has one. */
const longLowercase = (w: string) => w.length >= 4 && w.charCodeAt(0) >= 97 && w.charCodeAt(0) <= 122;

/**
 * A headline in title case ("Putin And Erdogan Talk Over Phone") hides which
 * words are names. A sentence is read as one when no word of four or more
 * letters starts in lower case and two or more words past the first are
 * capitalised words news writes in lower case (`WordInfo.ordinary`); those
 * words are then lowered for tagging, so only the names keep their capitals.
 * Returns the words to tag and their infos: other sentences as they are.
 */
function truecased(words: readonly string[], infos: WordInfo[], model: NerModel): [readonly string[], WordInfo[]] {
  for (const w of words) if (longLowercase(w)) return [words, infos];
  let ordinary = 0;
  for (let i = 1; i < infos.length && ordinary < 2; i++) if ((infos[i] as WordInfo).ordinary) ordinary++;
  if (ordinary < 2) return [words, infos];
  const cased = words.map((w, i) => (i > 0 && (infos[i] as WordInfo).ordinary ? (infos[i] as WordInfo).lower : w));
  return [cased, infosOf(cased, model)];
}

/** Receives, in training, each tagger span the span typer sees: its sentence, the span and its features. */
export type SpanCollector = (sentence: number, span: WordSpan, feats: Int32Array, n: number) => void;

const SPAN_FEATS = new Int32Array(MAX_SPAN_FEATURES);

/**
 * Entities of a whole document's sentences: each sentence with the document's
 * context, then one judgement per name across the document. The model sees
 * one sentence at a time and may call `Cavusoglu` a place in one and a person
 * in the next; model spans that end on the same word vote for a type, names of
 * two or more words counting twice, after a title three times. With a span
 * typer in the model (`span-types.ts`), each tagger span is typed again from
 * its own features and those votes (and may be dropped); without one, it takes
 * the type most of them got (ties: the first seen). Rule and gazetteer spans
 * keep theirs. `wordInfos` are the sentences' `infosOf`, when the caller has
 * them; `collect` (training) receives the typer's input and changes nothing.
 */
export function recognizeDocument(
  sentences: ReadonlyArray<readonly string[]>,
  model: NerModel,
  wordInfos?: ReadonlyArray<WordInfo[]>,
  collect?: SpanCollector,
): WordSpan[][] {
  const cased: Array<readonly string[]> = [];
  const infos: WordInfo[][] = [];
  for (let k = 0; k < sentences.length; k++) {
    const words = sentences[k] as readonly string[];
    const [w, i] = truecased(words, wordInfos?.[k] ?? infosOf(words, model), model);
    cased.push(w);
    infos.push(i);
  }
  const context = documentContext(infos);
  const views = cased.map((words, k) => viewOf(words, model, context, infos[k]));
  const found = views.map((view) => (view.words.length ? recognizeView(view, model) : []));
  const votes = new Map<string, Map<string, number>>();
  /** Names read alone elsewhere and their types: last words of people's names of two or more words, one-word aliases. */
  const surnames = new Map<string, string>();
  const headOf = (words: readonly string[], s: WordSpan) => words[s.end - 1] as string;
  found.forEach((spans, k) => {
    for (const s of spans) {
      if (s.via === 'rule:alias' && s.end - s.start === 1)
        surnames.set(headOf(sentences[k] as readonly string[], s), s.type);
      if (!s.via.startsWith('model') && s.via !== 'rule:title') continue;
      const head = headOf(sentences[k] as readonly string[], s);
      let v = votes.get(head);
      if (!v) {
        v = new Map();
        votes.set(head, v);
      }
      if (s.type === 'PERSON' && s.end - s.start >= 2) surnames.set(head, 'PERSON');
      // a name of two or more words is surer evidence of its type than a lone word, a title surer still
      const weight = s.via === 'rule:title' || s.via === 'model+title' ? 3 : Math.min(2, s.end - s.start);
      v.set(s.type, (v.get(s.type) ?? 0) + weight);
    }
  });
  const typer = model.spanTyper;
  found.forEach((spans, k) => {
    let dropped = false;
    for (const s of spans) {
      if (s.via !== 'model') continue;
      const v = votes.get(headOf(sentences[k] as readonly string[], s)) as Map<string, number>;
      if (collect || typer) {
        const n = spanFeatures(views[k] as SentenceView, s.start, s.end, s.type, v, model.lexicon, SPAN_FEATS);
        if (collect) {
          collect(k, s, SPAN_FEATS, n);
          continue;
        }
        const type = SPAN_CLASSES[bestSpanClass(typer!.weights, SPAN_FEATS, n, typer!.drop)] as string;
        if (type !== s.type) {
          s.type = type;
          s.via = 'model+spans';
          dropped ||= !type;
        }
        continue;
      }
      const best = bestType(v);
      if (best !== s.type && (v.get(best) as number) > (v.get(s.type) ?? 0)) {
        s.type = best;
        s.via = 'model+document';
      }
    }
    if (dropped) found[k] = spans.filter((s) => s.type);
  });
  propagate(cased, found, surnames);
  return found;
}

/** The type with the most votes (ties: the first seen). */
function bestType(v: Map<string, number>): string {
  let best = '';
  let bestCount = 0;
  for (const [type, count] of v) {
    if (count > bestCount) {
      best = type;
      bestCount = count;
    }
  }
  return best;
}

/**
 * A person's surname the tagger left out in one sentence but read in a full
 * name elsewhere in the document is that person again ("Macron and Erdogan"
 * after "President Recep Tayyip Erdogan"), and a one-word alias is its name
 * again ("WHO say" after "World Health Organisation (WHO)"), when it stands alone: no
 * capitalised word either side, which would make it part of a longer name the
 * tagger did not see (`via: document`). Checked on GUM dev: a lone surname
 * gains as much as it loses there (one-word names of any type, spread the
 * same way, cost 2.4 F1 points), and news repeats surnames far more.
 */
function propagate(
  sentences: ReadonlyArray<readonly string[]>,
  found: WordSpan[][],
  surnames: ReadonlyMap<string, string>,
): void {
  if (!surnames.size) return;
  const upper = (w: string | undefined) => w !== undefined && w.charCodeAt(0) >= 65 && w.charCodeAt(0) <= 90;
  found.forEach((spans, k) => {
    const words = sentences[k] as readonly string[];
    const extra: WordSpan[] = [];
    let next = 0;
    for (let i = 0; i < words.length; i++) {
      while (next < spans.length && (spans[next] as WordSpan).end <= i) next++;
      if (next < spans.length && (spans[next] as WordSpan).start <= i) continue;
      const w = words[i] as string;
      const type = upper(w) ? surnames.get(w) : undefined;
      if (!type || upper(words[i - 1]) || upper(words[i + 1])) continue;
      extra.push({ start: i, end: i + 1, type, via: 'document' });
    }
    if (extra.length) {
      spans.push(...extra);
      spans.sort((a, b) => a.start - b.start);
    }
  });
}

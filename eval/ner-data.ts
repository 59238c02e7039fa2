/**
 * Readers for named-entity data: GUM's CoNLL-U entity layer (with the flat NER
 * derivation documented in docs/ANALYZE.md) and the CoNLL-2003 column format.
 * Both give documents of tokenised sentences with gold spans over token indices.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** A gold or predicted entity over token indices of one sentence, `end` exclusive. */
export interface TokenSpan {
  start: number;
  end: number;
  type: string;
}

/** One sentence of an NER data set. */
export interface NerSentence {
  words: string[];
  /** Whether a space follows each token in the original text. */
  spaceAfter: boolean[];
  gold: TokenSpan[];
}

/** One document: its id and sentences. */
export interface NerDocument {
  id: string;
  sentences: NerSentence[];
}

/** GUM entity types kept as flat NER types; the other types (abstract, time, substance, animal, plant) are dropped. */
export const GUM_TYPES: Readonly<Record<string, string>> = {
  person: 'PERSON',
  organization: 'ORG',
  place: 'LOC',
  object: 'PRODUCT',
  event: 'EVENT',
};

/** Lower-case words allowed inside a name between capitalised tokens (`Council of Europe`, `Bank of the West`). */
const NAME_CONNECTORS = new Set([
  'of',
  'the',
  'and',
  'for',
  'de',
  'del',
  'la',
  'von',
  'van',
  'du',
  '&',
  '-',
  "'s",
  'on',
]);

/** Files of a path: the file itself, or the `.conllu`/`.conll` files of a folder, sorted by name. */
function filesOf(path: string, ext: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((f) => f.endsWith(ext))
    .sort()
    .map((f) => join(path, f));
}

interface Mention {
  grp: string;
  etype: string;
  identity: string;
  /** 1-based positions of the mention's minimal head inside it. */
  minspan: number[];
  start: number;
  end: number;
}

/**
 * Reads GUM CoNLL-U files (a file or a folder) and derives flat NER: a
 * mention counts when it has a PROPN token and either a Wikipedia identity or
 * a head (minspan) made of PROPN tokens (unlinked names of private people), its
 * type maps through `GUM_TYPES`, it is cut to its run of capitalised name
 * tokens, and only the outermost such mention is kept.
 * `only` limits the documents read to these ids.
 */
export function readGumConllu(path: string, only?: ReadonlySet<string>): NerDocument[] {
  const docs: NerDocument[] = [];
  for (const file of filesOf(path, '.conllu')) {
    for (const doc of parseConlluDocs(readFileSync(file, 'utf8'))) {
      if (!only || only.has(doc.id)) docs.push(doc);
    }
  }
  return docs;
}

function parseConlluDocs(text: string): NerDocument[] {
  const docs: NerDocument[] = [];
  let id = '';
  let words: string[] = [];
  let space: boolean[] = [];
  let upos: string[] = [];
  let plural: boolean[] = [];
  let sentStarts: number[] = [];
  let mentions: Mention[] = [];
  let open: Mention[] = [];
  const finish = () => {
    if (words.length)
      docs.push({ id, sentences: deriveSentences({ words, upos, plural }, space, sentStarts, mentions) });
    words = [];
    space = [];
    upos = [];
    plural = [];
    sentStarts = [];
    mentions = [];
    open = [];
  };
  for (const line of text.split('\n')) {
    if (line.startsWith('# newdoc id = ')) {
      finish();
      id = line.slice(14).trim();
      continue;
    }
    if (line.startsWith('# sent_id')) {
      sentStarts.push(words.length);
      continue;
    }
    if (!line || line.startsWith('#')) continue;
    const cols = line.split('\t');
    if (cols.length < 10 || !/^\d+$/.test(cols[0] as string)) continue; // multiword ranges and empty nodes
    const index = words.length;
    words.push(cols[1] as string);
    upos.push(cols[3] as string);
    plural.push((cols[5] as string).includes('Number=Plur'));
    const misc = cols[9] as string;
    space.push(!misc.includes('SpaceAfter=No'));
    const entity = /(?:^|\|)Entity=([^|]*)/.exec(misc)?.[1];
    if (entity) parseEntityField(entity, index, open, mentions);
  }
  finish();
  return docs;
}

/** Parses chained opens and closes: `(12-person-...-Barack_Obama`, `12)`, `(3-place-...)`. */
function parseEntityField(field: string, index: number, open: Mention[], out: Mention[]): void {
  let pos = 0;
  while (pos < field.length) {
    if (field[pos] === '(') {
      let end = pos + 1;
      while (end < field.length && field[end] !== '(' && field[end] !== ')') end++;
      const parts = field.slice(pos + 1, end).split('-');
      const mention: Mention = {
        grp: parts[0] ?? '',
        etype: parts[1] ?? '',
        identity: parts.slice(7).join('-'),
        minspan: (parts[5] ?? '')
          .split(',')
          .map(Number)
          .filter((x) => x > 0),
        start: index,
        end: index + 1,
      };
      if (field[end] === ')') {
        out.push(mention);
        pos = end + 1;
      } else {
        open.push(mention);
        pos = end;
      }
      continue;
    }
    let end = pos;
    while (end < field.length && field[end] !== ')') end++;
    const grp = field.slice(pos, end);
    for (let k = open.length - 1; k >= 0; k--) {
      const m = open[k] as Mention;
      if (m.grp === grp) {
        m.end = index + 1;
        out.push(m);
        open.splice(k, 1);
        break;
      }
    }
    pos = end + 1;
  }
}

/** A document's tokens: forms, UD part of speech, plural number. */
interface DocTokens {
  words: string[];
  upos: string[];
  plural: boolean[];
}

/** Lower-case words of a Wikipedia title (`Joshua_A._Norton` -> joshua, a, norton), percent-decoded. */
function identityWords(identity: string): Set<string> {
  let title = identity;
  try {
    title = decodeURIComponent(identity);
  } catch {
    // a malformed escape: keep it as written
  }
  return new Set(wordsOf(title).map(stem));
}

/** Lower-case words without diacritics (`Zahā Ḥadīd` -> zaha, hadid). */
const wordsOf = (s: string): string[] =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
/** The first four letters: `Chathams` and `Chatham`, `Clisthenes` and `Cleisthenes` stay apart, `Kiev`/`Kyiv` too, but plurals and endings meet. */
const stem = (w: string): string => w.slice(0, 4);

/**
 * Whether a person mention's name run names the linked person: one of its
 * words starts like a word of the Wikipedia title (`Norton I` ->
 * Joshua_A._Norton), or it is an abbreviation in capitals. `the Secretary`,
 * `General` or `Emperor of the United States` carry their referent's link
 * through coreference but are descriptions, not names. (Places and
 * organisations keep theirs: `America`, `Persia`, `Kiev` name their linked
 * entity under another title.)
 */
function namesIdentity(t: DocTokens, run: { start: number; end: number }, identity: string): boolean {
  const title = identityWords(identity);
  for (let i = run.start; i < run.end; i++) {
    const w = t.words[i] as string;
    if (/^\p{Lu}[\p{Lu}.&]+$/u.test(w)) return true;
    for (const part of wordsOf(w)) if (title.has(stem(part))) return true;
  }
  return false;
}

function deriveSentences(t: DocTokens, space: boolean[], sentStarts: number[], mentions: Mention[]): NerSentence[] {
  const { words, upos } = t;
  const isNameToken = (i: number) => upos[i] === 'PROPN' || /^\p{Lu}/u.test(words[i] as string);
  const spans: TokenSpan[] = [];
  // longest first, so the outermost qualifying mention wins
  const candidates = mentions
    .filter(
      (m) =>
        GUM_TYPES[m.etype] &&
        upos.slice(m.start, m.end).includes('PROPN') &&
        (m.identity || (m.minspan.length > 0 && m.minspan.every((k) => upos[m.start + k - 1] === 'PROPN'))),
    )
    .sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  for (const m of candidates) {
    const name = nameRun(m, words, upos, isNameToken);
    if (!name) continue;
    if (m.etype === 'person' && m.identity && !namesIdentity(t, name, m.identity)) continue;
    if (spans.some((s) => s.start < name.end && name.start < s.end)) continue;
    // a group of people named by one plural proper noun (`Americans`, `the Japanese`) is a nationality or
    // group, NORP in our types; GUM marks no adjectival ones (`Japanese troops`), so NORP is not scored
    const type =
      m.etype === 'person' && name.end - name.start === 1 && t.plural[name.start]
        ? 'NORP'
        : (GUM_TYPES[m.etype] as string);
    spans.push({ ...name, type });
  }
  const sentences: NerSentence[] = [];
  for (let s = 0; s < sentStarts.length; s++) {
    const from = sentStarts[s] as number;
    const to = sentStarts[s + 1] ?? words.length;
    sentences.push({
      words: words.slice(from, to),
      spaceAfter: space.slice(from, to),
      gold: spans
        .filter((sp) => sp.start >= from && sp.end <= to && sp.type !== 'NORP')
        .map((sp) => ({ start: sp.start - from, end: sp.end - from, type: sp.type }))
        .sort((a, b) => a.start - b.start),
    });
  }
  return sentences;
}

/** The run of name tokens inside a mention that holds its first PROPN (`the Russian minister Sergei Lavrov` -> `Sergei Lavrov`). */
function nameRun(
  m: Mention,
  words: string[],
  upos: string[],
  isNameToken: (i: number) => boolean,
): { start: number; end: number } | null {
  let first = -1;
  for (let i = m.start; i < m.end; i++) {
    if (upos[i] === 'PROPN') {
      first = i;
      break;
    }
  }
  if (first < 0) return null;
  let start = first;
  while (start > m.start && isNameToken(start - 1) && upos[start - 1] !== 'DET') start--;
  let end = first + 1;
  for (;;) {
    if (end < m.end && (isNameToken(end) || upos[end] === 'NUM')) {
      end++;
      continue;
    }
    // a connector counts only when a name token follows it
    let k = end;
    while (k < m.end && NAME_CONNECTORS.has((words[k] as string).toLowerCase())) k++;
    if (k > end && k < m.end && isNameToken(k)) {
      end = k + 1;
      continue;
    }
    break;
  }
  return { start, end };
}

/**
 * Reads the CoNLL-2003 column format: one token a line, the NER tag in the last
 * column (IOB1 or IOB2), blank lines between sentences, `-DOCSTART-` between documents.
 */
export function readConll(path: string): NerDocument[] {
  const docs: NerDocument[] = [];
  for (const file of filesOf(path, '.conll')) {
    let doc: NerDocument = { id: file, sentences: [] };
    let words: string[] = [];
    let tags: string[] = [];
    const endSentence = () => {
      if (words.length) doc.sentences.push({ words, spaceAfter: words.map(() => true), gold: spansFromBio(tags) });
      words = [];
      tags = [];
    };
    for (const raw of readFileSync(file, 'utf8').split('\n')) {
      const line = raw.trim();
      if (line.startsWith('-DOCSTART-')) {
        endSentence();
        if (doc.sentences.length) docs.push(doc);
        doc = { id: `${file}#${docs.length}`, sentences: [] };
        continue;
      }
      if (!line) {
        endSentence();
        continue;
      }
      const cols = line.split(/\s+/);
      words.push(cols[0] as string);
      tags.push(cols[cols.length - 1] as string);
    }
    endSentence();
    if (doc.sentences.length) docs.push(doc);
  }
  return docs;
}

/** Spans from BIO tags, IOB1 or IOB2: an I- after O or after another type opens an entity. */
export function spansFromBio(tags: readonly string[]): TokenSpan[] {
  const spans: TokenSpan[] = [];
  let open: TokenSpan | null = null;
  tags.forEach((tag, i) => {
    const type = tag.length > 2 ? tag.slice(2) : '';
    const continues = open && tag.startsWith('I-') && open.type === type;
    if (open && !continues) {
      spans.push(open);
      open = null;
    }
    if (!continues && (tag.startsWith('B-') || tag.startsWith('I-'))) open = { start: i, end: i + 1, type };
    else if (continues && open) open.end = i + 1;
  });
  if (open) spans.push(open);
  return spans;
}

/** The ids of GUM documents in a split (`train`, `dev`), read from the corpus's docs.tsv. */
export function gumSplit(docsTsv: string, split: string, folder = 'conllu'): Set<string> {
  const ids = new Set<string>();
  for (const line of readFileSync(docsTsv, 'utf8').split('\n').slice(1)) {
    const [id, , s, , f] = line.split('\t');
    if (id && s === split && f === folder) ids.add(id);
  }
  return ids;
}

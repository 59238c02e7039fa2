/**
 * Reader for GUM's coreference layer (CoNLL-U, `Entity=` in MISC): documents
 * rebuilt as text (sentences joined by a space, paragraphs by a blank line)
 * with every token's offsets and every gold mention with its chain.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** A gold mention over token indices of the document, `end` exclusive. */
export interface GoldMention {
  /** The chain (GUM's GRP, unique within the document). */
  chain: string;
  /** GUM entity type: person, organization, place, object, ... */
  etype: string;
  start: number;
  end: number;
  /** Token index of the mention's head (the last minspan position; the last token when none is given). */
  head: number;
}

/** One document: its text, tokens and gold mentions. */
export interface CorefDocument {
  id: string;
  text: string;
  /** Offsets of token `i` in `text`. */
  starts: number[];
  ends: number[];
  words: string[];
  upos: string[];
  mentions: GoldMention[];
}

/** Reads GUM CoNLL-U files (a file or a folder); `only` limits the documents to these ids. */
export function readGumCoref(path: string, only?: ReadonlySet<string>): CorefDocument[] {
  const files = statSync(path).isDirectory()
    ? readdirSync(path)
        .filter((f) => f.endsWith('.conllu'))
        .sort()
        .map((f) => join(path, f))
    : [path];
  const docs: CorefDocument[] = [];
  for (const file of files) {
    for (const doc of parseDocuments(readFileSync(file, 'utf8'))) if (!only || only.has(doc.id)) docs.push(doc);
  }
  return docs;
}

interface Open {
  chain: string;
  etype: string;
  start: number;
  minspan: number[];
}

/** Parses the documents of one CoNLL-U text. */
export function parseDocuments(text: string): CorefDocument[] {
  const docs: CorefDocument[] = [];
  let doc: CorefDocument | null = null;
  let open: Open[] = [];
  let out = '';
  let spaceAfter = false;
  let newPar = false;
  let newSent = false;
  const finish = () => {
    if (doc && doc.words.length) docs.push({ ...doc, text: out });
  };
  for (const line of text.split('\n')) {
    if (line.startsWith('# newdoc id = ')) {
      finish();
      doc = { id: line.slice(14).trim(), text: '', starts: [], ends: [], words: [], upos: [], mentions: [] };
      open = [];
      out = '';
      spaceAfter = false;
      newPar = false;
      continue;
    }
    if (line.startsWith('# newpar')) newPar = true;
    if (line.startsWith('# sent_id')) newSent = true;
    if (!line || line.startsWith('#') || !doc) continue;
    const cols = line.split('\t');
    if (cols.length < 10 || !/^\d+$/.test(cols[0]!)) continue; // multiword ranges and empty nodes
    if (out.length) {
      if (newPar) out += '\n\n';
      else if (newSent || spaceAfter) out += ' ';
    }
    newPar = false;
    newSent = false;
    const index = doc.words.length;
    doc.starts.push(out.length);
    out += cols[1]!;
    doc.ends.push(out.length);
    doc.words.push(cols[1]!);
    doc.upos.push(cols[3]!);
    const misc = cols[9]!;
    spaceAfter = !misc.includes('SpaceAfter=No');
    const entity = /(?:^|\|)Entity=([^|]*)/.exec(misc)?.[1];
    if (entity) parseEntityField(entity, index, open, doc.mentions);
  }
  finish();
  return docs;
}

/** Parses chained opens and closes on one token: `(12-person-...-Barack_Obama`, `12)`, `(3-place-...)`. */
function parseEntityField(field: string, index: number, open: Open[], out: GoldMention[]): void {
  const close = (m: Open, end: number) => {
    const head = m.minspan.length ? m.start + m.minspan[m.minspan.length - 1]! - 1 : end - 1;
    out.push({ chain: m.chain, etype: m.etype, start: m.start, end, head: Math.min(Math.max(head, m.start), end - 1) });
  };
  let pos = 0;
  while (pos < field.length) {
    if (field[pos] === '(') {
      let end = pos + 1;
      while (end < field.length && field[end] !== '(' && field[end] !== ')') end++;
      const parts = field.slice(pos + 1, end).split('-');
      const m: Open = {
        chain: parts[0] ?? '',
        etype: parts[1] ?? '',
        start: index,
        minspan: (parts[5] ?? '')
          .split(',')
          .map(Number)
          .filter((x) => x > 0),
      };
      if (field[end] === ')') {
        close(m, index + 1);
        pos = end + 1;
      } else {
        open.push(m);
        pos = end;
      }
      continue;
    }
    let end = pos;
    while (end < field.length && field[end] !== ')') end++;
    const chain = field.slice(pos, end);
    for (let k = open.length - 1; k >= 0; k--) {
      if (open[k]!.chain === chain) {
        close(open[k]!, index + 1);
        open.splice(k, 1);
        break;
      }
    }
    pos = end + 1;
  }
}

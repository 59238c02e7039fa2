import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readGumConllu } from './ner-data.js';
import { nerErrors } from './ner.js';

/** One CoNLL-U token line: id, form, UPOS, FEATS, MISC (the other columns do not matter here). */
const tok = (id: number, form: string, upos: string, feats = '_', misc = '_') =>
  [id, form, form, upos, '_', feats, '0', 'dep', '_', misc].join('\t');

const dir = mkdtempSync(join(tmpdir(), 'dossier-ner-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function read(lines: string[]) {
  const file = join(dir, `${Math.random().toString(36).slice(2)}.conllu`);
  writeFileSync(file, ['# newdoc id = GUM_test', '# sent_id = 1', ...lines, ''].join('\n'));
  const [doc] = readGumConllu(file);
  const s = doc?.sentences[0];
  return s?.gold.map((g) => `${g.type}:${s.words.slice(g.start, g.end).join(' ')}`) ?? [];
}

describe('GUM flat NER derivation', () => {
  it('keeps a linked name, cut to its name run', () => {
    expect(
      read([
        tok(1, 'the', 'DET', '_', 'Entity=(1-person-new-nnnnn-cf1-4,5-coref-Sergei_Lavrov'),
        tok(2, 'Russian', 'ADJ'),
        tok(3, 'minister', 'NOUN'),
        tok(4, 'Sergei', 'PROPN'),
        tok(5, 'Lavrov', 'PROPN', '_', 'Entity=1)'),
      ]),
    ).toEqual(['PERSON:Sergei Lavrov']);
  });
  it('drops a title that carries a person\'s link through coreference ("the Secretary")', () => {
    expect(
      read([
        tok(1, 'the', 'DET', '_', 'Entity=(42-person-giv:act-snsnn-cf1-2-coref-Miguel_Cardona'),
        tok(2, 'Secretary', 'PROPN', 'Number=Sing', 'Entity=42)'),
        tok(3, 'acted', 'VERB'),
      ]),
    ).toEqual([]);
  });
  it('lets the inner place win when the outer person mention only describes ("a citizen of San Francisco")', () => {
    expect(
      read([
        tok(1, 'a', 'DET', '_', 'Entity=(1-person-giv:act-nnnnn-cf1-2-coref-Joshua_A._Norton'),
        tok(2, 'citizen', 'NOUN'),
        tok(3, 'of', 'ADP'),
        tok(4, 'San', 'PROPN', '_', 'Entity=(2-place-new-nnnnn-cf1-1,2-coref-San_Francisco'),
        tok(5, 'Francisco', 'PROPN', '_', 'Entity=2)1)'),
      ]),
    ).toEqual(['LOC:San Francisco']);
  });
  it('does not score a group named by a plural proper noun ("Americans", NORP in our types)', () => {
    expect(
      read([
        tok(1, 'all', 'DET', '_', 'Entity=(19-person-new-nnnnn-cf2-2-coref'),
        tok(2, 'Americans', 'PROPN', 'Number=Plur', 'Entity=19)'),
      ]),
    ).toEqual([]);
  });
  it('keeps an abbreviation of a linked name and an unlinked name with a proper-noun head', () => {
    expect(
      read([
        tok(1, 'US', 'PROPN', 'Number=Sing', 'Entity=(1-place-new-nnnnn-cf1-1-coref-United_States)'),
        tok(2, 'and', 'CCONJ'),
        tok(3, 'Gloria', 'PROPN', 'Number=Sing', 'Entity=(2-person-new-nnnnn-cf1-1-sgl)'),
      ]),
    ).toEqual(['LOC:US', 'PERSON:Gloria']);
  });
});

describe('nerErrors', () => {
  it('puts every gold name and every stray prediction in one bucket', () => {
    const words = 'Ann met Bob Smith at Trinity College in Paris .'.split(' ');
    const doc = {
      id: 'd',
      sentences: [
        {
          words,
          spaceAfter: words.map(() => true),
          gold: [
            { start: 0, end: 1, type: 'PERSON' }, // found
            { start: 2, end: 4, type: 'PERSON' }, // boundary: only "Smith"
            { start: 5, end: 7, type: 'ORG' }, // type: LOC
            { start: 8, end: 9, type: 'LOC' }, // missed
          ],
        },
      ],
    };
    const e = nerErrors([doc], () => [
      [
        { start: 0, end: 1, type: 'PERSON' },
        { start: 3, end: 4, type: 'PERSON' },
        { start: 5, end: 7, type: 'LOC' },
        { start: 4, end: 5, type: 'ORG' }, // spurious
      ],
    ]);
    expect(e.gold.PERSON).toEqual({ correct: 1, type: 0, boundary: 1, both: 0, missed: 0 });
    expect(e.gold.ORG).toEqual({ correct: 0, type: 1, boundary: 0, both: 0, missed: 0 });
    expect(e.gold.LOC).toEqual({ correct: 0, type: 0, boundary: 0, both: 0, missed: 1 });
    expect(e.spurious).toEqual({ ORG: 1 });
    expect(e.confusions).toEqual({ 'ORG>LOC': 1 });
  });
});

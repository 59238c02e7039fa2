import { describe, expect, it } from 'vitest';
import { parseDocuments } from './coref-data.js';
import { b3, baselineChains, ceafe, maxAssignment, muc, scoreCoref } from './coref.js';

describe('coreference metrics', () => {
  // the worked example of Pradhan et al. (2014): key {a,b,c} {d,e,f,g}; response {a,b} {c,d} {f,g,h,i}
  const key = [
    ['a', 'b', 'c'],
    ['d', 'e', 'f', 'g'],
  ];
  const response = [
    ['a', 'b'],
    ['c', 'd'],
    ['f', 'g', 'h', 'i'],
  ];

  it('MUC counts links', () => {
    expect(muc(key, response)).toEqual([2, 5]);
    expect(muc(response, key)).toEqual([2, 5]);
  });

  it('B3 averages per mention', () => {
    const [rn, rd] = b3(key, response);
    expect(rn / rd).toBeCloseTo((1 / 7) * (4 / 3 + 1 / 3 + 1 / 4 + 4 / 4), 6);
    const [pn, pd] = b3(response, key);
    expect(pn / pd).toBeCloseTo((1 / 8) * (4 / 2 + 1 / 2 + 1 / 2 + 4 / 4), 6);
  });

  it('CEAF-e aligns chains one to one', () => {
    const [phi, nk, nr] = ceafe(key, response);
    expect(phi).toBeCloseTo((2 * 2) / 5 + (2 * 2) / 8, 6);
    expect([nk, nr]).toEqual([2, 3]);
    expect(
      maxAssignment([
        [1, 0.9],
        [0.9, 0],
      ]),
    ).toBeCloseTo(1.8, 6);
    expect(maxAssignment([])).toBe(0);
  });
});

const CONLLU = [
  '# newdoc id = doc1',
  '# newpar',
  '# sent_id = doc1-1',
  '1\tMary\tMary\tPROPN\tNNP\t_\t2\tnsubj\t_\tEntity=(1-person-new-sssss-cf1-1-coref-Mary)',
  '2\tmet\tmeet\tVERB\tVBD\t_\t0\troot\t_\t_',
  '3\tJohn\tJohn\tPROPN\tNNP\t_\t2\tobj\t_\tEntity=(2-person-new-sssss-cf1-1-coref)|SpaceAfter=No',
  '4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_',
  '# sent_id = doc1-2',
  '1\tShe\tshe\tPRON\tPRP\t_\t2\tnsubj\t_\tEntity=(1-person-giv:act-sssss-cf1-1-ana)',
  '2\tthanked\tthank\tVERB\tVBD\t_\t0\troot\t_\t_',
  '3\tthe\tthe\tDET\tDT\t_\t4\tdet\t_\tEntity=(2-person-giv:act-sssss-cf1-2-coref',
  '4\tman\tman\tNOUN\tNN\t_\t2\tobj\t_\tEntity=2)|SpaceAfter=No',
  '5\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_',
  '',
].join('\n');

describe('GUM reader and scorer', () => {
  const [doc] = parseDocuments(CONLLU);

  it('rebuilds the text and reads nested and multi-token mentions with their heads', () => {
    expect(doc!.text).toBe('Mary met John. She thanked the man.');
    expect(doc!.mentions.map((m) => [m.chain, m.start, m.end, m.head])).toEqual([
      ['1', 0, 1, 0],
      ['2', 2, 3, 2],
      ['1', 4, 5, 4],
      ['2', 6, 8, 7],
    ]);
  });

  it('gives 100 to the gold chains and less to a wrong pronoun link', () => {
    const t = doc!.text;
    const at = (s: string) => ({ start: t.indexOf(s), end: t.indexOf(s) + s.length });
    const perfect = scoreCoref('gold', [doc!], () => [
      [at('Mary'), at('She')],
      [at('John'), at('man')],
    ]);
    expect(perfect.muc.f).toBe(1);
    expect(perfect.b3.f).toBe(1);
    expect(perfect.conll).toBeCloseTo(1, 6);
    expect(perfect.pronoun).toEqual({ correct: 1, total: 1, accuracy: 1 });
    expect(perfect.nominal.accuracy).toBe(1);
    const wrong = scoreCoref('wrong', [doc!], () => [[at('John'), at('She')]]);
    expect(wrong.pronoun.accuracy).toBe(0);
    expect(wrong.muc.f).toBe(0);
    expect(wrong.conll).toBeLessThan(0.5);
  });

  it('baseline: string-match chains and he/she to the nearest earlier person', () => {
    const text = 'Mary met John. She thanked John.';
    const chains = baselineChains(text, [
      { start: 0, end: 4, type: 'PERSON', text: 'Mary' },
      { start: 9, end: 13, type: 'PERSON', text: 'John' },
      { start: 27, end: 31, type: 'PERSON', text: 'John' },
    ]);
    expect(chains).toEqual([
      [{ start: 0, end: 4 }],
      [
        { start: 9, end: 13 },
        { start: 27, end: 31 },
        { start: 15, end: 18 },
      ],
    ]);
  });

  it('reads nothing from an empty or broken file', () => {
    expect(parseDocuments('')).toEqual([]);
    expect(parseDocuments('# newdoc id = x\n1\tbroken line\n')).toEqual([]);
  });
});

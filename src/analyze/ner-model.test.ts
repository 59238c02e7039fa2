import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { recognize, recognizeDocument } from './entities.js';
import { loadClusters, loadModel, modelPath } from './model.js';
import {
  brownPrefix,
  documentContext,
  gazetteerFrom,
  gazetteerMarks,
  hashString,
  infosOf,
  lexiconFrom,
  type ModelFile,
  modelFrom,
  markName,
  mix,
  N_TAGS,
  tagSentence,
  TAGS,
  viewOf,
  WeightTable,
  wordInfo,
} from './ner-model.js';

describe('feature hashes', () => {
  it('are signed 32-bit integers, never 0, and differ by template and value', () => {
    const seen = new Set<number>();
    for (let template = 1; template < 40; template++) {
      for (const word of ['idlib', 'Idlib', 'the', '', 'S-400', 'Çavuşoğlu']) {
        const h = mix(template, hashString(word));
        expect(h).toBe(h | 0);
        expect(h).not.toBe(0);
        seen.add(h);
      }
    }
    expect(seen.size).toBe(39 * 6);
  });
});

describe('WeightTable', () => {
  it("adds every stored feature's sparse row and nothing for the others", () => {
    const features = Int32Array.from({ length: 1000 }, (_, k) => mix(7, k));
    // feature k: tag k % N_TAGS weighs k, and tag 0 weighs -1 when k is even
    const rows = Array.from(features, (_, k) => (k % 2 ? [k % N_TAGS, k] : [0, -1, k % N_TAGS, k]));
    const table = new WeightTable(features, rows);
    for (let k = 0; k < 1000; k++) {
      const into = new Float32Array(2 * N_TAGS);
      expect(table.add(features[k] as number, into, N_TAGS)).toBe(true);
      const want = new Float32Array(2 * N_TAGS);
      want[N_TAGS + (k % N_TAGS)] += k;
      if (k % 2 === 0) want[N_TAGS] -= 1;
      expect(into).toEqual(want);
    }
    const into = new Float32Array(N_TAGS);
    for (let k = 1000; k < 3000; k++) expect(table.add(mix(7, k), into, 0)).toBe(false);
    expect(into.every((x) => x === 0)).toBe(true);
  });
});

describe('gazetteer marks', () => {
  const gaz = gazetteerFrom({ country: ['United States', 'United Kingdom', 'Turkey'], city: ['New York City'] });
  it('take the longest phrase, growing only along phrase prefixes', () => {
    const words = ['the', 'united', 'states', 'and', 'new', 'york', 'city', 'and', 'new', 'york', 'turkey'];
    const marks = gazetteerMarks(
      words.map((w) => wordInfo(w, new Map(), gaz)),
      gaz,
    );
    expect(Array.from(marks, (m) => markName(gaz, m))).toEqual([
      '',
      'B-country',
      'L-country',
      '',
      'B-city',
      'I-city',
      'L-city',
      '',
      '',
      '',
      'U-country',
    ]);
  });
  it('start a phrase only where the next word can continue one, and not past the sentence end', () => {
    const words = ['united', 'turkey', 'new', 'york', 'city', 'united'];
    const marks = gazetteerMarks(
      words.map((w) => wordInfo(w, new Map(), gaz)),
      gaz,
    );
    expect(Array.from(marks, (m) => markName(gaz, m))).toEqual(['', 'U-country', 'B-city', 'I-city', 'L-city', '']);
  });
});

describe('document context', () => {
  it('records words capitalised away from sentence starts, and words seen in lower case', () => {
    const source = { gazetteer: gazetteerFrom({}), lexicon: new Map(), cache: new Map() };
    const ctx = documentContext(
      [
        ['Idlib', 'is', 'in', 'Syria'],
        ['The', 'army', 'left', '(', 'Idlib', ')', 'and', '"', 'Aleppo', 'él', 'Éric'],
      ].map((words) => infosOf(words, source)),
    );
    // after a bracket or a quote mark the sentence starts over: `Idlib` and `Aleppo` say nothing there
    expect([...ctx.capitalised].sort()).toEqual(['syria', 'éric']);
    expect(ctx.lowercase.has('él')).toBe(true);
    expect(ctx.lowercase.has('the')).toBe(false);
    expect(ctx.lowercase.has('army')).toBe(true);
  });
});

const loadModelFile = () => JSON.parse(readFileSync(modelPath(), 'utf8')) as ModelFile;

describe('word clusters', () => {
  it('are keyed by the hash of the lower-case word and put like names together', () => {
    const lexicon = lexiconFrom(loadClusters());
    const brown = (w: string) => lexicon.get(hashString(w))?.brown ?? 0;
    expect(brown('monday')).toBeGreaterThan(0);
    expect(brownPrefix(brown('monday'), 10)).toBe(brownPrefix(brown('tuesday'), 10));
    expect(brownPrefix(brown('monday'), 4)).not.toBe(brownPrefix(brown('the'), 4));
    expect(lexicon.has(hashString('Monday'))).toBe(false);
  });

  it('must be the version the model was trained with', () => {
    expect(() => modelFrom({ ...loadModelFile(), clusters: 'clusters-0000000000' }, loadClusters())).toThrow(
      /trained with word clusters clusters-0000000000.*npm run train:ner/,
    );
  });
});

describe('the shipped model', () => {
  const model = loadModel();
  it('tags the same words the same way twice (the word cache changes nothing)', () => {
    const words = 'Turkish Foreign Minister Mevlut Cavusoglu met Sergei Lavrov in Moscow on Monday .'.split(' ');
    const first = tagSentence(viewOf(words, model), model);
    const second = tagSentence(viewOf(words, model), model);
    expect([...second]).toEqual([...first]);
  });
  it('finds people and places in a news sentence', () => {
    const words =
      'Turkish Defence Minister Hulusi Akar said the S-400 systems arrived at Murted Airbase near Ankara .'.split(' ');
    const found = recognize(words, model).map((s) => `${s.type}:${words.slice(s.start, s.end).join(' ')}`);
    expect(found).toEqual(
      expect.arrayContaining(['NORP:Turkish', 'PRODUCT:S-400', 'LOC:Murted Airbase', 'LOC:Ankara']),
    );
    expect(found.some((f) => f.startsWith('PERSON:') && f.endsWith('Hulusi Akar'))).toBe(true);
  });
  it('names by their head noun: organisations, events, facilities, whatever the model said', () => {
    const cases: Array<[string, string]> = [
      ['He went up to Trinity College in 1805 .', 'ORG:Trinity College'],
      ['The ruling of the Court of Appeal stands .', 'ORG:Court of Appeal'],
      ['Athens hosted the 2004 Summer Olympic Games .', 'EVENT:Summer Olympic Games'],
      ['The wrecks date from World War II .', 'EVENT:World War II'],
      ['Officials said Cyclone Phailin weakened .', 'EVENT:Cyclone Phailin'],
      ['Jets landed at Murted Airbase on Friday .', 'LOC:Murted Airbase'],
    ];
    for (const [sentence, want] of cases) {
      const words = sentence.split(' ');
      const found = recognize(words, model).map((s) => `${s.type}:${words.slice(s.start, s.end).join(' ')}`);
      expect(found).toContain(want);
    }
  });
  it('a lower-case gazetteer word is not a place ("turkey" the bird)', () => {
    const words = 'They ate turkey and chad cheese .'.split(' ');
    expect(recognize(words, model).filter((s) => s.type === 'LOC')).toEqual([]);
  });
  it('gives one type per name across a document', () => {
    const sentences = [
      'Foreign Minister Mevlut Cavusoglu spoke on Monday .'.split(' '),
      'According to Cavusoglu , talks will go on .'.split(' '),
      'Cavusoglu added that Ankara would wait .'.split(' '),
    ];
    const found = recognizeDocument(sentences, model);
    const types = found.flatMap((spans, k) =>
      spans.filter((s) => (sentences[k] as string[])[s.end - 1] === 'Cavusoglu').map((s) => s.type),
    );
    expect(types.length).toBeGreaterThan(1);
    expect(new Set(types).size).toBe(1);
  });
  it('tags only sequences BILOU allows (it scores only the tags allowed after the previous one)', () => {
    const sentences = [
      'Turkish Foreign Minister Mevlut Cavusoglu met Sergei Lavrov in Moscow on Monday .',
      'The United Nations Security Council and the World Health Organisation ( WHO ) met in New York City',
      Array.from({ length: 40 }, (_, k) => (k % 3 ? 'Smith' : 'of')).join(' '),
    ];
    for (const sentence of sentences) {
      const tags = [...tagSentence(viewOf(sentence.split(' '), model), model)].map((t) => TAGS[t] as string);
      let open = '';
      for (const tag of tags) {
        const [p, type] = [tag[0], tag.slice(2)];
        if (p === 'I' || p === 'L') expect(open).toBe(type);
        else expect(open).toBe('');
        open = p === 'B' || p === 'I' ? type : '';
      }
      expect(open).toBe('');
    }
  });
  it('never throws on odd sentences', () => {
    for (const words of [[''], ['\u0002'], ['-'.repeat(5000)], Array.from({ length: 300 }, () => 'X')]) {
      expect(() => recognize(words, model)).not.toThrow();
    }
  });
});

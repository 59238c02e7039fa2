import type { Command } from 'commander';
import { DossierError } from '../errors.js';
import { EXIT } from './exit.js';

/** Our types onto CoNLL-2003's four. */
const CONLL_TYPES: Readonly<Record<string, string>> = {
  PERSON: 'PER',
  ORG: 'ORG',
  LOC: 'LOC',
  NORP: 'MISC',
  PRODUCT: 'MISC',
  EVENT: 'MISC',
};

/** `dossier eval ner`: entity-level exact-match P/R/F1 of our tagger beside compromise's, on the same data. */
export function registerEvalNer(group: Command, setStatus: (status: number) => void): void {
  group
    .command('ner')
    .description(
      'score named-entity recognition (exact match, per type) beside compromise on GUM CoNLL-U or CoNLL-2003',
    )
    .requiredOption('--data <path>', 'a file or folder: GUM .conllu (entity layer) or CoNLL-2003 .conll')
    .option('--format <format>', 'conllu or conll', 'conllu')
    .option('--split <split>', 'conllu: only documents of this split in docs.tsv beside the folder (train, dev)')
    .option('--json', 'print the figures as one JSON object')
    .option(
      '--errors',
      "also break dossier's errors down per gold type: wrong type, wrong boundaries, missed, spurious",
    )
    .action(async (o: { data: string; format: string; split?: string; json?: boolean; errors?: boolean }) => {
      if (o.format !== 'conllu' && o.format !== 'conll')
        throw new DossierError('E_OPTION', `--format ${o.format}: use conllu or conll`);
      // loaded on use: the scorer needs compromise, a development dependency
      const { readConll, readGumConllu, gumSplit } = await import('../../eval/ner-data.js');
      const { scoreNer, formatNerScores, documentText, charSpansToTokens, nerErrors, formatNerErrors } =
        await import('../../eval/ner.js');
      const { recognizeDocument } = await import('../analyze/entities.js');
      const { loadModel } = await import('../analyze/model.js');
      const { default: nlp } = await import('compromise');
      const { existsSync } = await import('node:fs');
      const { dirname, join } = await import('node:path');
      let only: Set<string> | undefined;
      if (o.split) {
        const tsv = [join(o.data, '..', 'docs.tsv'), join(dirname(o.data), '..', 'docs.tsv')].find((p) =>
          existsSync(p),
        );
        if (!tsv) throw new DossierError('E_OPTION', `--split needs docs.tsv beside ${o.data}`);
        only = gumSplit(tsv, o.split, o.data.replace(/\/+$/, '').split('/').pop());
      }
      const docs = o.format === 'conllu' ? readGumConllu(o.data, only) : readConll(o.data);
      const mapType =
        o.format === 'conll' ? (t: string) => CONLL_TYPES[t] ?? null : (t: string) => (t === 'NORP' ? null : t);
      const model = loadModel();
      const predict = (doc: (typeof docs)[number]) =>
        recognizeDocument(
          doc.sentences.map((s) => s.words),
          model,
        );
      const ours = scoreNer('dossier', docs, predict, mapType);
      const errors = o.errors ? nerErrors(docs, predict, mapType) : undefined;
      const compromiseTypes: Array<[string, string]> = [
        ['#Person', o.format === 'conll' ? 'PER' : 'PERSON'],
        ['#Place', 'LOC'],
        ['#Organization', 'ORG'],
      ];
      const theirs = scoreNer('compromise', docs, (doc) => {
        const { text, offsets } = documentText(doc);
        const d = nlp(text);
        const spans: Array<{ start: number; end: number; type: string }> = [];
        for (const [tag, type] of compromiseTypes) {
          const found = d.match(tag).json({ offset: true }) as Array<{ offset: { start: number; length: number } }>;
          for (const m of found) {
            // compromise's offsets include trailing punctuation it keeps on terms; trim to the name
            let end = m.offset.start + m.offset.length;
            while (end > m.offset.start && /[\s.,;:!?'")\]]/.test(text[end - 1] as string)) end--;
            spans.push({ start: m.offset.start, end, type });
          }
        }
        return charSpansToTokens(offsets, spans);
      });
      const sentences = docs.reduce((n, d) => n + d.sentences.length, 0);
      if (o.json) {
        process.stdout.write(
          `${JSON.stringify({ documents: docs.length, sentences, results: [ours, theirs], ...(errors ? { errors } : {}) })}\n`,
        );
      } else {
        process.stdout.write(
          `${formatNerScores([ours, theirs], `${o.data} (${o.format}${o.split ? `, ${o.split}` : ''}): ${docs.length} documents, ${sentences} sentences; model ${model.version}`)}\n`,
        );
        if (errors) process.stdout.write(`dossier's errors:\n${formatNerErrors(errors)}\n`);
      }
      setStatus(EXIT.ok);
    });
}

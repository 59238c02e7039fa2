import type { Command } from 'commander';
import { DossierError } from '../errors.js';
import { EXIT } from './exit.js';

/** `dossier eval coref`: MUC, B³, CEAF-e and link accuracies on GUM's gold chains, ours beside a string-match baseline. */
export function registerEvalCoref(group: Command, setStatus: (status: number) => void): void {
  group
    .command('coref')
    .description('score entity coreference (MUC, B3, CEAF-e, pronoun and nominal links) on GUM, beside a baseline')
    .requiredOption('--data <path>', 'GUM CoNLL-U with the entity layer: a file or a folder (e.g. gum/conllu)')
    .option('--split <split>', 'only documents of this split in docs.tsv beside the folder (train, dev)')
    .option('--json', 'print the figures as one JSON object')
    .action(async (o: { data: string; split?: string; json?: boolean }) => {
      const { existsSync } = await import('node:fs');
      const { dirname, join } = await import('node:path');
      if (!existsSync(o.data)) throw new DossierError('E_OPTION', `--data ${o.data}: no such file or folder`);
      const { gumSplit } = await import('../../eval/ner-data.js');
      const { readGumCoref } = await import('../../eval/coref-data.js');
      const { scoreCoref, baselineChains, formatCorefScores } = await import('../../eval/coref.js');
      const { analyze } = await import('../analyze/index.js');
      const { resolveArticle } = await import('../resolve/index.js');
      let only: Set<string> | undefined;
      if (o.split) {
        const tsv = [join(o.data, '..', 'docs.tsv'), join(dirname(o.data), '..', 'docs.tsv')].find((p) =>
          existsSync(p),
        );
        if (!tsv) throw new DossierError('E_OPTION', `--split needs docs.tsv beside ${o.data}`);
        only = gumSplit(tsv, o.split, o.data.replace(/\/+$/, '').split('/').pop());
      }
      const docs = readGumCoref(o.data, only);
      // one analysis per document, shared by both systems
      const started = performance.now();
      const analyses = new Map(docs.map((d) => [d.id, analyze(d.text)]));
      const analyzeSeconds = (performance.now() - started) / 1000;
      const ours = scoreCoref('dossier', docs, (d) =>
        resolveArticle(d.text, analyses.get(d.id)!).chains.map((c) => c.mentions),
      );
      const base = scoreCoref('baseline', docs, (d) => baselineChains(d.text, analyses.get(d.id)!.entities));
      const tokens = docs.reduce((n, d) => n + d.words.length, 0);
      if (o.json) {
        process.stdout.write(
          `${JSON.stringify({ data: o.data, split: o.split ?? null, documents: docs.length, tokens, analyzeSeconds, results: [ours, base] })}\n`,
        );
      } else {
        process.stdout.write(
          `${formatCorefScores([ours, base], `${o.data}${o.split ? ` (${o.split})` : ''}: ${docs.length} documents, ${tokens} tokens (analyze ${analyzeSeconds.toFixed(2)} s); person, organization and place chains, singletons dropped`)}\n`,
        );
      }
      setStatus(EXIT.ok);
    });
}

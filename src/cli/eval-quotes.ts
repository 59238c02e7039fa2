import type { Command } from 'commander';
import { DossierError } from '../errors.js';
import type { Quote } from '../types.js';
import { EXIT } from './exit.js';

/** `dossier eval quotes`: Source/Cue/Content span scores and attribution F1 on PolNeAR, beside the published figures. */
export function registerEvalQuotes(group: Command, setStatus: (status: number) => void): void {
  group
    .command('quotes')
    .description('score quote attribution (Source, Cue, Content spans; exact and overlap; attribution F1) on PolNeAR')
    .requiredOption(
      '--data <dir>',
      'a PolNeAR part read in place: a folder with text/ and attributions/ (e.g. polnear/dev)',
    )
    .option('--json', 'print the figures as one JSON object')
    .action(async (o: { data: string; json?: boolean }) => {
      const { existsSync } = await import('node:fs');
      const { join } = await import('node:path');
      if (!existsSync(join(o.data, 'attributions')) || !existsSync(join(o.data, 'text')))
        throw new DossierError(
          'E_OPTION',
          `--data ${o.data}: expected text/ and attributions/ inside (a PolNeAR part)`,
        );
      const { readPolnear, scoreDocuments, formatQuoteScores, predictedSpans } = await import('../../eval/quotes.js');
      const { analyze } = await import('../analyze/index.js');
      const started = performance.now();
      const docs = readPolnear(o.data);
      const cache = new Map<string, Quote[]>();
      const pairs = docs.map((gold) => {
        let quotes = cache.get(gold.text);
        if (!quotes) {
          quotes = analyze(gold.text).quotes ?? [];
          cache.set(gold.text, quotes);
        }
        const pred = predictedSpans(gold.text, quotes);
        return { gold, pred };
      });
      const scores = scoreDocuments(pairs);
      const seconds = (performance.now() - started) / 1000;
      if (o.json) process.stdout.write(`${JSON.stringify({ data: o.data, seconds, ...scores })}\n`);
      else
        process.stdout.write(
          `${formatQuoteScores(scores, `${o.data}: ${docs.length} annotation files (${cache.size} texts), ${seconds.toFixed(1)} s`)}\n`,
        );
      setStatus(EXIT.ok);
    });
}

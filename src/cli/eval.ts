import type { Command } from 'commander';
import { registerEvalCompare } from './eval-compare.js';
import { registerEvalCoref } from './eval-coref.js';
import { registerLinkEvalCommands } from './eval-link.js';
import { registerEvalNer } from './eval-ner.js';
import { registerEvalQuotes } from './eval-quotes.js';
import { EXIT } from './exit.js';

/** `dossier eval ...`: scorers that print our figure beside a reference tool's, measured in one run. */
export function registerEvalCommands(program: Command, setStatus: (status: number) => void): Command {
  const group = program.command('eval').description('measure quality against a benchmark data set');
  group
    .command('extraction')
    .description('score HTML main-content extraction against @mozilla/readability on an article-extraction benchmark')
    .requiredOption('--data <dir>', 'folder with html/<id>.html.gz and ground-truth*.json')
    .option('--out <file>', 'write our predictions as {id: {articleBody}}')
    .option('--worst <n>', 'list the n pages where our F1 is lowest', (v) => Number.parseInt(v, 10), 0)
    .option('--json', 'print the figures as one JSON object')
    .action(async (o: { data: string; out?: string; worst: number; json?: boolean }) => {
      // loaded on use: the scorer needs @mozilla/readability, a development dependency
      const { evalExtraction, formatResults } = await import('../../eval/extraction.js');
      const results = evalExtraction({ data: o.data, out: o.out });
      const pages = results[0]?.documents ?? 0;
      if (o.json) {
        const figures = results.map(({ name, precision, recall, f1, accuracy, pagesPerSecond, seconds }) => ({
          name,
          precision,
          recall,
          f1,
          accuracy,
          pagesPerSecond,
          seconds,
        }));
        process.stdout.write(`${JSON.stringify({ pages, results: figures })}\n`);
      } else {
        process.stdout.write(`${formatResults(results, pages)}\n`);
        const ours = results[0];
        if (ours && o.worst > 0) {
          const worst = [...ours.perDocument].sort((a, b) => a.f1 - b.f1).slice(0, o.worst);
          for (const d of worst) {
            process.stdout.write(
              `  ${d.id.slice(0, 12)}  F1 ${d.f1.toFixed(3)}  P ${(d.precision ?? 0).toFixed(3)}  R ${(d.recall ?? 0).toFixed(3)}\n`,
            );
          }
        }
      }
      setStatus(EXIT.ok);
    });
  registerLinkEvalCommands(group, setStatus);
  registerEvalNer(group, setStatus);
  registerEvalQuotes(group, setStatus);
  registerEvalCompare(group, setStatus);
  registerEvalCoref(group, setStatus);
  return group;
}

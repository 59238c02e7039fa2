import type { Command } from 'commander';
import { DossierError } from '../errors.js';
import { EXIT } from './exit.js';

/** `dossier eval dedup`, `dossier eval clustering` and `dossier eval claims`: the link stage's scorers. */
export function registerLinkEvalCommands(group: Command, setStatus: (status: number) => void): void {
  group
    .command('dedup')
    .description('precision/recall of near-duplicate pairs on syndication variants generated from real texts')
    .option('--basil <dir>', 'BASIL DEV folder', '../shared/data/basil')
    .option('--extraction <dir>', 'article-extraction DEV folder', '../shared/data/article-extraction')
    .option('--seed <n>', 'seed of the variant generator', (v) => Number.parseInt(v, 10), 7)
    .option('--json', 'print the figures as one JSON object')
    .action(async (o: { basil: string; extraction: string; seed: number; json?: boolean }) => {
      const { evalDedup, formatDedup } = await import('../../eval/dedup.js');
      const result = evalDedup({ basil: o.basil, extraction: o.extraction, seed: o.seed });
      process.stdout.write(o.json ? `${JSON.stringify(result)}\n` : `${formatDedup(result)}\n`);
      setStatus(EXIT.ok);
    });
  group
    .command('clustering')
    .description('pairwise and BCubed P/R/F1 of story clustering beside a TF-IDF single-link baseline')
    .requiredOption('--data <dir>', 'BASIL DEV or NeuS AllSides DEV folder')
    .requiredOption('--format <name>', 'basil or neus')
    .option('--json', 'print the figures as one JSON object')
    .action(async (o: { data: string; format: string; json?: boolean }) => {
      if (o.format !== 'basil' && o.format !== 'neus')
        throw new DossierError('E_OPTION', `--format ${o.format}: use basil or neus`);
      const { evalClustering, formatClustering } = await import('../../eval/clustering.js');
      const result = evalClustering({ data: o.data, format: o.format });
      process.stdout.write(o.json ? `${JSON.stringify(result)}\n` : `${formatClustering(result)}\n`);
      setStatus(EXIT.ok);
    });
  group
    .command('claims')
    .description('pairwise P/R/F1 of paraphrase grouping (claims) on NeuS headlines and leads beside word-Jaccard')
    .option('--data <dir>', 'NeuS AllSides DEV folder', '../shared/data/neus_allsides')
    .option('--json', 'print the figures as one JSON object')
    .action(async (o: { data: string; json?: boolean }) => {
      const { evalClaims, formatClaims } = await import('../../eval/claims.js');
      const result = evalClaims({ data: o.data });
      process.stdout.write(o.json ? `${JSON.stringify(result)}\n` : `${formatClaims(result)}\n`);
      setStatus(EXIT.ok);
    });
}

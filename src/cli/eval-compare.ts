import type { Command } from 'commander';
import { DossierError } from '../errors.js';
import { EXIT } from './exit.js';

/** `dossier eval compare`: sentence-level informational-bias detection on BASIL from the bias model (event-level cross-validation, and the committed model), beside baselines and the published figures. */
export function registerEvalCompare(group: Command, setStatus: (status: number) => void): void {
  group
    .command('compare')
    .description(
      'score the informational-bias model (compare signals, tone, words) on BASIL sentences, by event-level cross-validation',
    )
    .requiredOption(
      '--data <dir>',
      "BASIL's development half read in place (articles/, annotations/, dev_triplet_ids.txt)",
    )
    .option('--json', 'print the figures as one JSON object')
    .action(async (o: { data: string; json?: boolean }) => {
      const { existsSync } = await import('node:fs');
      const { join } = await import('node:path');
      for (const part of ['articles', 'annotations', 'dev_triplet_ids.txt']) {
        if (!existsSync(join(o.data, part)))
          throw new DossierError('E_OPTION', `--data ${o.data}: expected ${part} inside (the BASIL development half)`);
      }
      const { evalCompare, formatCompareEval } = await import('../../eval/compare.js');
      const { shippedBiasModel } = await import('../compare/bias.js');
      const result = evalCompare(o.data, shippedBiasModel());
      if (o.json) process.stdout.write(`${JSON.stringify({ data: o.data, ...result })}\n`);
      else process.stdout.write(`${formatCompareEval(result, o.data)}\n`);
      setStatus(EXIT.ok);
    });
}

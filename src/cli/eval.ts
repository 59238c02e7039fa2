import type { Command } from 'commander';

/** `dossier eval ...`: scorers that print our figure beside a reference tool's, measured in one run. */
export function registerEvalCommands(program: Command, _setStatus: (status: number) => void): Command {
  return program.command('eval').description('measure quality against a benchmark data set');
}

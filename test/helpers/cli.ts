import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The built CLI (tests run after `npm run build`, see `pretest`). */
export const BIN = join(ROOT, 'bin', 'dossier.js');
/** The real articles a user scraped, read in place. */
export const SEEDS = join(ROOT, '..', 'shared', 'seeds');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built `dossier` CLI with arguments and optional stdin. */
export function runCli(
  args: readonly string[],
  options: { stdin?: Buffer | string; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, ...options.env };
    if (!options.env?.DOSSIER_DB) delete env.DOSSIER_DB;
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? ROOT, env });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('error', reject);
    child.on('close', (status) =>
      resolve({ status, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }),
    );
    child.stdin.end(options.stdin ?? '');
  });
}

/** A fresh temporary folder. */
export function tempDir(prefix = 'dossier-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

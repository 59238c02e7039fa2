import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, runCli, tempDir } from './helpers/cli.js';
import { type TestPostgres, startPostgres } from './helpers/postgres.js';

// docs/SCALING.md's "Run two workers against one database", step by step as written: DOSSIER_DB names the
// database, a folder is queued, two `dossier worker` processes run until stopped, `dossier status` watches
// the queue, and the read commands answer as on a SQLite dossier of the same inputs.

/** A `dossier worker` as the guide starts it (no option: the database from DOSSIER_DB), its output kept. */
function startWorker(env: NodeJS.ProcessEnv): { child: ChildProcess; exit: Promise<number | null>; out: string[] } {
  const child = spawn(process.execPath, [BIN, 'worker'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const out: string[] = [];
  child.stdout?.on('data', (d: Buffer) => out.push(d.toString('utf8')));
  child.stderr?.on('data', (d: Buffer) => out.push(d.toString('utf8')));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exit, out };
}

/** Calls `probe` every half second until it returns a value, for at most `seconds`. */
async function until<T>(probe: () => Promise<T | undefined>, seconds: number, what: string): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`waited ${seconds} s for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

let postgres: TestPostgres;
beforeAll(async () => {
  postgres = await startPostgres();
});
afterAll(async () => {
  await postgres?.stop();
});

describe('docs/SCALING.md, followed as written', () => {
  it('queues a folder, runs two workers until stopped, shows the queue, and reads as SQLite does', async () => {
    // a crawl folder: the demo's HTML pages (three carry one story) and, in a subfolder, an empty download
    const crawl = join(tempDir('dossier-guide-'), 'crawl');
    mkdirSync(join(crawl, 'broken'), { recursive: true });
    const html = join(ROOT, 'examples', 'html');
    for (const name of readdirSync(html)) copyFileSync(join(html, name), join(crawl, name));
    copyFileSync(join(ROOT, 'examples', 'broken', 'empty.txt'), join(crawl, 'broken', 'empty.txt'));
    const inputs = readdirSync(html).length + 1;

    // with a password, as the guide's URL has (the test cluster trusts loopback, so it is never checked): no
    // command may print it
    const env = { ...process.env, DOSSIER_DB: (await postgres.database()).replace('//dossier@', '//dossier:s3cret@') };
    const printed: string[] = [];
    const cli = async (args: string[]) => {
      const run = await runCli(args, { env });
      printed.push(run.stdout, run.stderr);
      return run;
    };
    const queued = await cli(['ingest', crawl]);
    expect(queued.status).toBe(0);
    expect(queued.stdout).toMatch(new RegExp(`^queued ${inputs} jobs; workers take them: dossier worker`));

    const workers = [startWorker(env), startWorker(env)];
    try {
      // every input done or failed (the empty one after its two retries), and the link run after them stored
      const status = await until(
        async () => {
          const s = await cli(['status']);
          return /ingest {2}waiting 0 \(retrying 0\) {2}running 0/.test(s.stdout) && /failed 1\n/.test(s.stdout)
            ? s
            : undefined;
        },
        60,
        'the queue to drain',
      );
      expect(status.status).toBe(2);
      const lines = status.stdout.trimEnd().split('\n');
      expect(lines.slice(0, 2)).toEqual([
        'jobs',
        `  ingest  waiting 0 (retrying 0)  running 0  done ${inputs - 1}  failed 1`,
      ]);
      expect(lines[2]).toMatch(/^ {2}link {4}waiting \d \(retrying 0\) {2}running \d {2}done \d+ {2}failed 0$/);
      expect(lines[3]).toMatch(/^throughput {2}\d+ inputs in the last minute, \d+ in the last ten$/);
      expect(lines.slice(4)).toEqual([
        'failed inputs (latest first)',
        expect.stringMatching(/^ {2}\d{4}-\d\d-\d\dT[\d:.]+Z {2}.*broken\/empty\.txt: DOSSIER_E_EMPTY: input is empty/),
      ]);

      // the same folder in one SQLite process: the PostgreSQL dossier's stories, once linked, are the same lines
      const sqlite = join(tempDir('dossier-guide-'), 'd.db');
      expect((await runCli(['ingest', crawl, '--db', sqlite, '--quiet'])).status).toBe(2);
      const expected = await runCli(['stories', '--db', sqlite]);
      expect(expected.stdout).toMatch(/ 3 art /);
      await until(
        async () => ((await cli(['stories'])).stdout === expected.stdout ? true : undefined),
        30,
        'the link run',
      );
      const ids = async (db: string[]) =>
        (await cli(['search', 'ceasefire', '--json', ...db])).stdout
          .trim()
          .split('\n')
          .map((line) => (JSON.parse(line) as { id: string }).id)
          .sort();
      const found = await ids([]);
      expect(found.length).toBeGreaterThan(1);
      expect(found).toEqual(await ids(['--db', sqlite]));
      // "Every read command (search, stories, serve, …) works on the PostgreSQL dossier"
      const serve = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { cwd: ROOT, env });
      try {
        const banner = await new Promise<string>((resolve, reject) => {
          let out = '';
          serve.stdout.on('data', (d: Buffer) => {
            out += d.toString('utf8');
            if (out.includes('Ctrl-C')) resolve(out);
          });
          serve.on('exit', (code) => reject(new Error(`dossier serve exited ${code}: ${out}`)));
        });
        printed.push(banner);
        const at = /at (http:\/\/\S+)/.exec(banner)?.[1];
        const listed = (await (await fetch(`${at}api/stories?limit=1`)).json()) as { items: Array<{ id: string }> };
        expect(listed.items[0]?.id).toBe(/^(\S+)/.exec(expected.stdout)?.[1]);
      } finally {
        serve.kill('SIGTERM');
      }
    } finally {
      // "runs until stopped (Ctrl-C or SIGTERM: running jobs finish)": SIGTERM is a normal end
      for (const w of workers) w.child.kill('SIGTERM');
    }
    expect(await Promise.all(workers.map((w) => w.exit))).toEqual([0, 0]);
    for (const w of workers) {
      expect(w.out.join('')).toMatch(/^worker: \d+ jobs, \d+ failed$/m);
      printed.push(...w.out);
    }
    expect(printed.join('')).toContain('postgres://…@127.0.0.1');
    expect(printed.join('')).not.toContain('s3cret');
  }, 120_000);
});

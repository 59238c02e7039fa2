import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** Where Debian's `postgresql` package puts each major version's programs. */
const DEBIAN_PG_ROOT = '/usr/lib/postgresql';

/** A throwaway PostgreSQL cluster on loopback, for one test file. */
export interface TestPostgres {
  /** URL of the cluster's `postgres` database (superuser `dossier`, no password). */
  url: string;
  /** A new empty database; its URL. */
  database(): Promise<string>;
  /** Stops the server (`immediate`, as a crash would) and starts it again on the same port and data. */
  restart(): Promise<void>;
  /** Stops the server and deletes its files. */
  stop(): Promise<void>;
}

/** The folder holding `initdb` and `pg_ctl`: `PG_BIN`, else the newest version under /usr/lib/postgresql. */
export function postgresBin(): string {
  const fromEnv = process.env.PG_BIN;
  if (fromEnv && existsSync(join(fromEnv, 'initdb'))) return fromEnv;
  const versions = existsSync(DEBIAN_PG_ROOT)
    ? readdirSync(DEBIAN_PG_ROOT)
        .filter((v) => existsSync(join(DEBIAN_PG_ROOT, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions.length) {
    throw new Error(
      `PostgreSQL is not installed: no ${DEBIAN_PG_ROOT}/*/bin/initdb (and PG_BIN is unset); install Debian's postgresql package (.ci/run does)`,
    );
  }
  return join(DEBIAN_PG_ROOT, versions[0] as string, 'bin');
}

/** initdb refuses to run as root: as root, the cluster belongs to the `postgres` OS user. */
function clusterUser(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (!uid || !gid) throw new Error('running as root, but there is no `postgres` OS user to own the test cluster');
  return { uid: Number(uid), gid: Number(gid) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Starts a cluster in a temporary folder (initdb + pg_ctl on a free loopback port), tuned for tests: no fsync,
 * so a file's cluster costs about a second. Throws, with what to install, when PostgreSQL is absent.
 */
export async function startPostgres(): Promise<TestPostgres> {
  const bin = postgresBin();
  const owner = clusterUser();
  const root = mkdtempSync(join(tmpdir(), 'dossier-pg-'));
  chmodSync(root, 0o700);
  if (owner) chownSync(root, owner.uid, owner.gid);
  const data = join(root, 'data');
  const run = (program: string, args: string[]) =>
    // run from the cluster's folder: the postgres user may not be allowed into the current one
    execFileSync(join(bin, program), args, {
      stdio: 'pipe',
      cwd: root,
      ...(owner ?? {}),
      env: { ...process.env, LC_ALL: 'C' },
    });
  run('initdb', ['-D', data, '-U', 'dossier', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  const port = await freePort();
  const options = [
    `-p ${port}`,
    `-k ${root}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=60',
  ].join(' ');
  const start = () => run('pg_ctl', ['-D', data, '-o', options, '-l', join(root, 'log'), '-w', 'start']);
  const halt = (mode: string) => run('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop']);
  start();
  const url = `postgres://dossier@127.0.0.1:${port}/postgres`;
  let made = 0;
  return {
    url,
    async database() {
      const name = `t${process.pid}_${++made}`;
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return `postgres://dossier@127.0.0.1:${port}/${name}`;
    },
    async restart() {
      halt('immediate');
      start();
    },
    async stop() {
      try {
        halt('immediate');
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}

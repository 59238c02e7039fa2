import pg from 'pg';
import { DossierError } from '../errors.js';
import { PG_MIGRATIONS, type PgMigration } from './postgres-migrations.js';

/** What runs a query: the pool, or the client of an open transaction. */
export type Queryable = pg.Pool | pg.PoolClient;

/** Type OIDs read as JS numbers: counts and ids are bigint, sums of them numeric, and all stay far below 2^53. */
const NUMERIC_OIDS: ReadonlySet<number> = new Set([20, 1700]);

const TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    NUMERIC_OIDS.has(oid)
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

/** SQLSTATEs of a transaction that can succeed when run again: deadlock detected, serialization failure. */
const RETRIED_CODES: ReadonlySet<string> = new Set(['40P01', '40001']);
/** Attempts of one transaction before its error is reported. */
const TX_ATTEMPTS = 8;

/** The SQLSTATE of an error from the server, or of the one it wraps. */
function sqlState(err: unknown): string {
  const e = err as { code?: unknown; cause?: { code?: unknown } };
  const code = typeof e.code === 'string' && !e.code.startsWith('DOSSIER_') ? e.code : e.cause?.code;
  return typeof code === 'string' ? code : '';
}

/** Clients given an error listener of their own. */
const LISTENED = new WeakSet<pg.PoolClient>();

/** Connections each process keeps to the database. @default 4 */
const POOL_SIZE = 4;

/** Advisory lock keys: one for migrations, one for the link stage's write of the whole corpus. */
export const LOCKS = { migrate: 0x646f7373_0001, link: 0x646f7373_0002 } as const;

/** A database URL with its password hidden, for messages. */
export function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//…@');
}

/** Positional parameters built up with the SQL that uses them: `p.add(value)` gives `$n`. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * The connection pool of one store, reached lazily: nothing connects until the first query, so opening a
 * store stays synchronous. The first query migrates the schema (or, read-only, checks it is current).
 */
export class PgDatabase {
  private readonly pool: pg.Pool;
  private init: Promise<void> | undefined;
  readonly label: string;

  constructor(
    url: string,
    private readonly readonly: boolean,
  ) {
    this.label = redact(url);
    this.pool = new pg.Pool({
      connectionString: url,
      max: POOL_SIZE,
      types: TYPES,
      ...(readonly ? { options: '-c default_transaction_read_only=on' } : {}),
    });
    // a connection the server dropped while idle is discarded; the next query opens another
    this.pool.on('error', () => undefined);
  }

  /** Rows of one query. */
  async rows<T>(sql: string, params: readonly unknown[] = [], on: Queryable = this.pool): Promise<T[]> {
    await this.ready();
    try {
      return (await on.query(sql, params as unknown[])).rows as T[];
    } catch (err) {
      throw this.wrap(err);
    }
  }

  /** The first row of one query, if any. */
  async row<T>(sql: string, params: readonly unknown[] = [], on: Queryable = this.pool): Promise<T | undefined> {
    return (await this.rows<T>(sql, params, on))[0];
  }

  /** Rows a statement changed. */
  async run(sql: string, params: readonly unknown[] = [], on: Queryable = this.pool): Promise<number> {
    await this.ready();
    try {
      return (await on.query(sql, params as unknown[])).rowCount ?? 0;
    } catch (err) {
      throw this.wrap(err);
    }
  }

  /**
   * Runs `work` in one transaction: committed when it returns, rolled back when it throws. A transaction
   * another writer deadlocked with is run again (`work` must only write through the client).
   */
  async tx<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    await this.ready();
    for (let attempt = 1; ; attempt++) {
      const client = await this.connect();
      try {
        await client.query('BEGIN');
        const result = await work(client);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        if (attempt >= TX_ATTEMPTS || !RETRIED_CODES.has(sqlState(err))) throw this.wrap(err);
      } finally {
        client.release();
      }
      // a short random pause, so the two writers that deadlocked do not meet again at once
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 50 * attempt));
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async connect(): Promise<pg.PoolClient> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw this.wrap(err);
    }
    // the pool listens for errors of idle clients only: a server gone mid-transaction fails the query, not the process
    if (!LISTENED.has(client)) {
      LISTENED.add(client);
      client.on('error', () => undefined);
    }
    return client;
  }

  private ready(): Promise<void> {
    // a failed start (server down) is tried again by the next query instead of failing every later one
    this.init ??= this.prepare().catch((err: unknown) => {
      this.init = undefined;
      throw this.wrap(err);
    });
    return this.init;
  }

  private async prepare(): Promise<void> {
    const client = await this.connect();
    try {
      if (this.readonly) return await this.checkVersion(client);
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [LOCKS.migrate]);
      await client.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
      );
      const at = await this.version(client);
      if (at > PG_MIGRATIONS.length) throw this.newer();
      for (let v = at; v < PG_MIGRATIONS.length; v++) {
        const migration = PG_MIGRATIONS[v] as PgMigration;
        if (typeof migration === 'string') await client.query(migration);
        else await migration(client);
        await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [v + 1]);
      }
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  private async checkVersion(client: pg.PoolClient): Promise<void> {
    const found = await client.query<{ t: string | null }>("SELECT to_regclass('schema_migrations')::text AS t");
    const at = found.rows[0]?.t ? await this.version(client) : 0;
    if (at > PG_MIGRATIONS.length) throw this.newer();
    if (at < PG_MIGRATIONS.length) {
      throw new DossierError(
        'E_DB',
        `${this.label}: ${at ? 'the dossier was made by an older version; upgrade it with: dossier upgrade --db PATH' : 'no dossier in this database; create one with: dossier ingest PATH --db URL'}`,
      );
    }
  }

  private async version(client: pg.PoolClient): Promise<number> {
    const { rows } = await client.query<{ v: number }>(
      'SELECT coalesce(max(version), 0)::int AS v FROM schema_migrations',
    );
    return rows[0]?.v ?? 0;
  }

  private newer(): DossierError {
    return new DossierError('E_DB', `${this.label}: the dossier was made by a newer version of dossier; upgrade it`);
  }

  private wrap(err: unknown): unknown {
    if (err instanceof DossierError) return err;
    return new DossierError('E_DB', `${this.label}: ${(err as Error).message}`, { cause: err });
  }
}

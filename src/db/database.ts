import { existsSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Logger } from 'pino';
import { type DirectoryLock, lockDirectory } from './directory-lock.ts';
import { OwnerOnlyNodeFS } from './owner-only-node-fs.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import type { Tables } from './tables.ts';

/** Which PostgreSQL runs the database: a server through DATABASE_URL, or the embedded PGlite. */
export type Engine = 'postgres' | 'pglite';

/** Runs a multi-statement SQL script on the session's connection; returns the last statement's rows. */
export type ScriptRunner = (script: string) => Promise<Record<string, unknown>[]>;

/**
 * A transaction on one raw connection, for the one path Kysely does not cover: bulk COPY of an
 * entrant snapshot (three times faster than INSERT … unnest on 100,000 rows, bench/RESULTS.md).
 */
export interface RawTransaction {
  query<R = Record<string, unknown>>(text: string, parameters?: unknown[]): Promise<R[]>;
  /** `COPY table (columns) FROM STDIN` in PostgreSQL text format; `data` is the whole payload. */
  copyFrom(table: string, columns: readonly string[], data: string): Promise<void>;
}

/** An open database: Kysely for repositories, plus raw scripts for the migrator and bulk COPY. */
export interface Database {
  readonly engine: Engine;
  readonly db: Kysely<Tables>;
  /** Resolves when the database answers a trivial query; rejects when it does not (readiness). */
  ping(): Promise<void>;
  /** Runs `work` with one connection to itself, able to run multi-statement scripts (migrations). */
  withScriptSession<T>(work: (run: ScriptRunner) => Promise<T>): Promise<T>;
  /** Runs `work` in one transaction on a raw connection; commits if it resolves, rolls back if not. */
  withRawTransaction<T>(work: (transaction: RawTransaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL URL; unset means the embedded PGlite. */
  readonly databaseUrl?: string | undefined;
  /** Directory of the embedded database; `undefined` keeps it in memory (tests). */
  readonly pgliteDir?: string | undefined;
  /** A ready PGlite (tests clone one instead of paying initdb again). */
  readonly pglite?: PGlite;
  readonly logger?: Logger;
  readonly poolSize?: number;
}

// Both engines hand ids (int8) and weights (numeric) back as JS numbers: ids stay far below 2^53 and
// weights have two decimals. pg returns strings for both by default; PGlite returns strings for numeric.
const INT8 = 20;
const NUMERIC = 1700;
const parseNumber = (value: string) => Number(value);

/** The PGlite type parsers the program relies on; pass them to any PGlite built outside openDatabase. */
export const PGLITE_PARSERS = { [INT8]: parseNumber, [NUMERIC]: parseNumber };

async function ping(db: Kysely<Tables>): Promise<void> {
  await sql`select 1`.execute(db);
}

/** Opens PostgreSQL (a pool) when `databaseUrl` is given, else PGlite in `pgliteDir` or in memory. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options) : openPGlite(options);
}

function openPostgres(databaseUrl: string, options: DatabaseOptions): Database {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.poolSize ?? 10,
    types: {
      getTypeParser: ((oid: number, format?: string) =>
        oid === INT8 || oid === NUMERIC
          ? parseNumber
          : pg.types.getTypeParser(oid, format as 'text')) as never,
    },
  });
  // An idle client losing its server (restart, network) must not crash the process.
  pool.on('error', (error) => options.logger?.warn({ err: error }, 'idle PostgreSQL connection failed'));
  // The pool listens for errors only while a client is idle. A client checked out (a transaction
  // between two statements) whose server connection is terminated emits 'error' with nobody listening,
  // which would crash the process; its next query fails anyway and release() drops it.
  pool.on('connect', (client) =>
    client.on('error', (error) =>
      options.logger?.warn({ err: error }, 'PostgreSQL connection lost while in use'),
    ),
  );
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  return {
    engine: 'postgres',
    db,
    ping: () => ping(db),
    async withScriptSession(work) {
      const client = await pool.connect();
      try {
        // No parameters: pg uses the simple query protocol, which accepts several statements.
        return await work(async (script) => {
          const result = (await client.query(script)) as pg.QueryResult | pg.QueryResult[];
          const last = Array.isArray(result) ? result.at(-1) : result;
          return (last?.rows ?? []) as Record<string, unknown>[];
        });
      } finally {
        client.release();
      }
    },
    async withRawTransaction(work) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await work({
          query: async (text, parameters) => (await client.query(text, parameters)).rows,
          copyFrom: async (table, columns, data) => {
            const stream = client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`));
            await pipeline(Readable.from([data]), stream);
          },
        });
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => db.destroy(),
  };
}

/**
 * PGlite's start-up flags, with PostgreSQL's default 128 MB of shared buffers cut to 32 MB: the
 * embedded database serves one streamer, and those buffers are most of the idle memory of `npm start`
 * (SPEC §8 allows 400 MB; measured: 379 MB → 255 MB RSS for PGlite alone with 16 MB). make_raffle on
 * 100,000 entrants keeps its PGlite target (bench/RESULTS.md).
 */
export const PGLITE_START_PARAMETERS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'];

async function openPGlite(options: DatabaseOptions): Promise<Database> {
  let pglite = options.pglite;
  let lock: DirectoryLock | undefined;
  if (!pglite) {
    const dir = options.pgliteDir;
    if (dir) {
      // DATA_DIR is the owner's only (SPEC §9); the lock comes before PGlite touches the directory (§5).
      await mkdir(path.dirname(path.resolve(dir)), { recursive: true, mode: 0o700 });
      lock = lockDirectory(dir);
      if (existsSync(path.join(dir, 'PG_VERSION'))) {
        // Older versions left PGlite's files open to everyone: a closed directory hides them.
        await chmod(dir, 0o700);
      } else {
        options.logger?.info(
          { dir },
          'creating the embedded database (first start only; this takes 5-20 seconds)…',
        );
      }
    }
    try {
      pglite = await PGlite.create({
        ...(dir && { fs: new OwnerOnlyNodeFS(dir) }),
        parsers: PGLITE_PARSERS,
        startParams: PGLITE_START_PARAMETERS,
      });
    } catch (error) {
      lock?.release();
      throw error;
    }
  }
  const dialect = new PGliteDialect(pglite);
  const db = new Kysely<Tables>({ dialect });
  return {
    engine: 'pglite',
    db,
    ping: () => ping(db),
    withScriptSession: (work) =>
      dialect.driver.exclusive((connection) =>
        work(async (script) => {
          const results = await connection.exec(script);
          return (results.at(-1)?.rows ?? []) as Record<string, unknown>[];
        }),
      ),
    withRawTransaction: (work) =>
      dialect.driver.exclusive((connection) =>
        connection.transaction((transaction) =>
          work({
            query: async (text, parameters) => (await transaction.query(text, parameters)).rows as never,
            copyFrom: async (table, columns, data) => {
              // PGlite reads COPY input from the virtual file /dev/blob.
              await transaction.query(`copy ${table} (${columns.join(', ')}) from '/dev/blob'`, [], {
                blob: new Blob([data]),
              });
            },
          }),
        ),
      ),
    close: async () => {
      await db.destroy();
      lock?.release();
    },
  };
}

import type { PGlite } from '@electric-sql/pglite';
import { type Kysely, sql } from 'kysely';
import type { Logger } from 'pino';
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
  /**
   * `COPY table (columns) FROM STDIN` in PostgreSQL text format. `data` is the whole payload, or its
   * pieces in order: PostgreSQL takes each piece as it comes, while the next one is being made.
   */
  copyFrom(table: string, columns: readonly string[], data: string | Iterable<string>): Promise<void>;
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
export const INT8 = 20;
export const NUMERIC = 1700;
export const parseNumber = (value: string) => Number(value);

/** The PGlite type parsers the program relies on; pass them to any PGlite built outside openDatabase. */
export const PGLITE_PARSERS = { [INT8]: parseNumber, [NUMERIC]: parseNumber };

/** Resolves when the database answers a trivial query (readiness). */
export async function ping(db: Kysely<Tables>): Promise<void> {
  await sql`select 1`.execute(db);
}

/**
 * Opens PostgreSQL (a pool) when `databaseUrl` is given, else PGlite in `pgliteDir` or in memory.
 * Each engine's code is loaded only when it is used: PGlite's WebAssembly PostgreSQL has no business
 * in the memory of a process that runs on a server, nor pg in one that runs embedded (SPEC §8).
 */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl) {
    const { openPostgres } = await import('./postgres-database.ts');
    return openPostgres(options.databaseUrl, options);
  }
  const { openPGlite } = await import('./pglite-database.ts');
  return openPGlite(options);
}

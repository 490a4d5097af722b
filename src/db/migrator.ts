import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { PACKAGE_ROOT } from '../package-root.ts';
import type { Database, ScriptRunner } from './database.ts';

/** The folder of plain SQL migrations shipped with the project. */
export const MIGRATIONS_DIR = path.join(PACKAGE_ROOT, 'migrations');

/** Thrown when the migrations on disk and those recorded in the database disagree. */
export class MigrationError extends Error {
  override name = 'MigrationError';
}

interface MigrationFile {
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

// Any constant works: it only has to be the same for every process migrating this database.
const MIGRATION_LOCK_KEY = 7_271_021_337;
const MIGRATION_NAME = /^(\d{4})_[a-z0-9_]+\.sql$/;

/**
 * Applies the pending `migrations/NNNN_name.sql` files in order, each in its own transaction and
 * recorded with its checksum, under an advisory lock so that replicas starting together migrate once.
 * Hand-written (about 60 lines) because the migrations are plain SQL with PL/pgSQL bodies, which must
 * go through a multi-statement path on both engines (pg's simple protocol, PGlite's exec), and the
 * TypeScript-first migrators (Kysely's, node-pg-migrate) offer neither plain files nor PGlite.
 * Returns the names it applied.
 */
export async function migrate(database: Database, logger?: Logger, dir = MIGRATIONS_DIR): Promise<string[]> {
  const files = await readMigrationFiles(dir);
  return database.withScriptSession(async (run) => {
    await run(`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
    try {
      await run(`create table if not exists schema_migrations (
        name text primary key, checksum text not null, applied_at timestamptz not null default now())`);
      const applied = new Map(
        (await run('select name, checksum from schema_migrations')).map((row) => [
          String(row.name),
          String(row.checksum),
        ]),
      );
      const done: string[] = [];
      for (const file of files) {
        const recorded = applied.get(file.name);
        if (recorded !== undefined) {
          if (recorded !== file.checksum) {
            throw new MigrationError(
              `migration ${file.name} was edited after it was applied; write a new migration instead`,
            );
          }
          continue;
        }
        await applyOne(run, file);
        logger?.info({ migration: file.name }, 'migration applied');
        done.push(file.name);
      }
      return done;
    } finally {
      await run(`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`);
    }
  });
}

/** Lists the migrations recorded in the database (empty before the first run). */
export async function appliedMigrations(database: Database): Promise<string[]> {
  return database.withScriptSession(async (run) => {
    const [exists] = await run(`select to_regclass('schema_migrations') is not null as present`);
    if (!exists?.present) return [];
    return (await run('select name from schema_migrations order by name')).map((row) => String(row.name));
  });
}

/** The migration files on disk, in order. */
export async function readMigrationFiles(dir = MIGRATIONS_DIR): Promise<MigrationFile[]> {
  const names = (await readdir(dir)).filter((name) => MIGRATION_NAME.test(name)).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

async function applyOne(run: ScriptRunner, file: MigrationFile): Promise<void> {
  await run('begin');
  try {
    await run(file.sql);
    // Names match MIGRATION_NAME and checksums are hex: nothing to escape.
    await run(`insert into schema_migrations (name, checksum) values ('${file.name}', '${file.checksum}')`);
    await run('commit');
  } catch (error) {
    await run('rollback');
    throw new MigrationError(`migration ${file.name} failed: ${(error as Error).message}`, { cause: error });
  }
}

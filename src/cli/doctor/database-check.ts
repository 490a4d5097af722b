import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config/config.ts';
import { type Database, openDatabase } from '../../db/database.ts';
import { DatabaseInUseError } from '../../db/directory-lock.ts';
import { appliedMigrations, readMigrationFiles } from '../../db/migrator.ts';
import { type CheckResult, failed, passed, reasonOf, redactedUrl, withTimeout } from './check.ts';

const TITLE = 'database';
const TIMEOUT_MS = 10_000;
const MIGRATE = { variable: 'migrations', advice: 'run `npx kinoyu migrate` (npm start also applies them)' };

/**
 * The database answers and every migration is applied: PostgreSQL at DATABASE_URL, else the embedded
 * one in DATA_DIR. The embedded one has one owner at a time (SPEC §5): while KinoYu runs, the doctor
 * asks the running API's /readyz instead of opening it.
 */
export async function checkDatabase(config: Config): Promise<CheckResult> {
  if (config.databaseUrl) return checkPostgres(config.databaseUrl);
  return checkEmbedded(config);
}

async function checkPostgres(databaseUrl: string): Promise<CheckResult> {
  const where = `PostgreSQL at ${redactedUrl(databaseUrl)}`;
  const database = await openDatabase({ databaseUrl, poolSize: 1 });
  try {
    await withTimeout(database.ping(), TIMEOUT_MS, where);
    return await migrationsOf(database, where);
  } catch (error) {
    return failed(TITLE, `${where} does not answer (${reasonOf(error)})`, {
      variable: 'DATABASE_URL',
      advice:
        'point it at a running PostgreSQL (postgres://user:password@host:5432/database), or unset it for the embedded database',
    });
  } finally {
    // A pool still dialing a host that never answers would hold the report back: it is left behind.
    await withTimeout(database.close(), 2000, 'closing the pool').catch(() => undefined);
  }
}

async function checkEmbedded(config: Config): Promise<CheckResult> {
  const dir = path.join(config.dataDir, 'pglite');
  const where = `embedded database in ${dir}`;
  if (!existsSync(path.join(dir, 'PG_VERSION'))) {
    return passed(TITLE, `${where}: not created yet (npm start creates it and applies the migrations)`);
  }
  let database: Database;
  try {
    database = await openDatabase({ pgliteDir: dir });
  } catch (error) {
    if (error instanceof DatabaseInUseError) return inUse(config, error);
    return failed(TITLE, `${where} cannot be opened (${reasonOf(error)})`, {
      variable: 'DATA_DIR',
      advice: 'point it at a directory this user can read and write, or restore the database from a backup',
    });
  }
  try {
    return await migrationsOf(database, where);
  } finally {
    await database.close();
  }
}

async function migrationsOf(database: Database, where: string): Promise<CheckResult> {
  const [onDisk, applied] = await Promise.all([readMigrationFiles(), appliedMigrations(database)]);
  const pending = onDisk.map((file) => file.name).filter((name) => !applied.includes(name));
  if (pending.length > 0) {
    return failed(
      TITLE,
      `${where} answers, but ${pending.length} migration(s) are pending: ${pending.join(', ')}`,
      MIGRATE,
    );
  }
  return passed(TITLE, `${where} answers; all ${applied.length} migrations applied`);
}

/** The directory is locked by a running KinoYu: its /readyz says whether the database is ready. */
async function inUse(config: Config, error: DatabaseInUseError): Promise<CheckResult> {
  const readyz = `${config.apiUrl}/readyz`;
  try {
    const response = await fetch(readyz, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    const body = (await response.json()) as { migrations?: number; message?: string };
    if (response.ok) {
      return passed(
        TITLE,
        `the embedded database is open in the running KinoYu (only one process may open it); its ${readyz} says ready, ${body.migrations ?? '?'} migrations applied`,
      );
    }
    return failed(
      TITLE,
      `the running KinoYu says the database is not ready: ${body.message ?? response.status}`,
      MIGRATE,
    );
  } catch {
    return failed(TITLE, error.message, {
      variable: 'DATA_DIR',
      advice: `the process holding it does not answer at ${readyz} (API_URL): stop it, or check another DATA_DIR`,
    });
  }
}

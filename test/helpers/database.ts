import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { inject } from 'vitest';
import { type Database, openDatabase, PGLITE_PARSERS } from '../../src/db/database.ts';
import { adminUrl, withDatabase } from './postgres-admin.ts';

/** A migrated database for one test file, and how to throw it away. */
export interface TestDatabase extends Database {
  readonly url: string | undefined;
  destroy(): Promise<void>;
}

/**
 * Opens a fresh, migrated database for a test file: a copy of the PostgreSQL template when
 * TEST_DATABASE_URL is set, else a PGlite loaded from the migrated dump. Share one per file.
 */
export async function openTestDatabase(
  options: {
    poolSize?: number /** PGlite only: keep the database in this directory (else in memory). */;
    dataDir?: string;
  } = {},
): Promise<TestDatabase> {
  const postgres = process.env.TEST_DATABASE_URL;
  if (postgres) {
    const pg = (await import('pg')).default;
    const name = `kinoyu_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl(postgres) });
    await admin.connect();
    // A backend that just closed its connection to the template can linger for a moment.
    for (let attempt = 1; ; attempt += 1) {
      try {
        await admin.query(`create database ${name} template ${inject('postgresTemplate')}`);
        break;
      } catch (error) {
        if (attempt >= 50 || !/being accessed by other users/.test((error as Error).message)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    await admin.end();
    const url = withDatabase(postgres, name);
    const database = await openDatabase({ databaseUrl: url, poolSize: options.poolSize ?? 10 });
    return {
      ...database,
      url,
      async destroy() {
        await database.close();
        const cleanup = new pg.Client({ connectionString: adminUrl(postgres) });
        await cleanup.connect();
        await cleanup.query(`drop database if exists ${name} with (force)`);
        await cleanup.end();
      },
    };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const dump = await readFile(inject('pgliteTemplate'));
  const pglite = await PGlite.create({
    ...(options.dataDir && { dataDir: options.dataDir }),
    loadDataDir: new Blob([dump]),
    parsers: PGLITE_PARSERS,
  });
  const database = await openDatabase({ pglite });
  return { ...database, url: undefined, destroy: () => database.close() };
}

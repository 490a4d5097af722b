import { existsSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import { type Database, type DatabaseOptions, PGLITE_PARSERS, ping } from './database.ts';
import { type DirectoryLock, lockDirectory } from './directory-lock.ts';
import { OwnerOnlyNodeFS } from './owner-only-node-fs.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import type { Tables } from './tables.ts';

/**
 * PGlite's start-up flags, with PostgreSQL's default 128 MB of shared buffers cut to 32 MB: the
 * embedded database serves one streamer, and those buffers are most of the idle memory of `npm start`
 * (SPEC §8 allows 400 MB; measured: 379 MB → 255 MB RSS for PGlite alone with 16 MB). make_raffle on
 * 100,000 entrants keeps its PGlite target (bench/RESULTS.md).
 */
export const PGLITE_START_PARAMETERS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'];

/** Opens the embedded PGlite in `pgliteDir`, or in memory; `openDatabase` is the way in. */
export async function openPGlite(options: DatabaseOptions): Promise<Database> {
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
                blob: new Blob(typeof data === 'string' ? [data] : [...data]),
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

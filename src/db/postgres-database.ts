import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { type Database, type DatabaseOptions, INT8, NUMERIC, parseNumber, ping } from './database.ts';
import type { Tables } from './tables.ts';

/** Opens a pool on the PostgreSQL server at `databaseUrl`; `openDatabase` is the way in. */
export function openPostgres(databaseUrl: string, options: DatabaseOptions): Database {
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
            await pipeline(Readable.from(typeof data === 'string' ? [data] : data), stream);
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

import pg from 'pg';
import { openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrator.ts';

/** The server tried when DATABASE_URL is not set. */
const LOCAL_SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';
/** The throwaway database the benchmark creates, fills and drops. */
export const BENCH_DATABASE = 'kinoyu_bench';

/** The PostgreSQL server the benchmarks use: DATABASE_URL's, else the local one. */
export function benchServerUrl(): string {
  return process.env.DATABASE_URL || LOCAL_SERVER;
}

/** A PostgreSQL server with a fresh, migrated bench database on it. */
export interface BenchServer {
  /** The bench database, for the child processes. */
  readonly url: string;
  /** Where the bench database came from, without password, for the progress lines. */
  readonly label: string;
  /** Drops the bench database. */
  drop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

function withoutPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  parsed.pathname = '';
  return parsed.toString();
}

async function asAdmin(serverUrl: string, work: (client: pg.Client) => Promise<void>): Promise<void> {
  const client = new pg.Client({
    connectionString: withDatabase(serverUrl, 'postgres'),
    connectionTimeoutMillis: 3000,
  });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Finds the server (DATABASE_URL's, else a local one) and creates a fresh, migrated kinoyu_bench on
 * it; the database DATABASE_URL names is never touched. Returns why not ("not reachable at …") otherwise.
 */
export async function prepareBenchServer(): Promise<BenchServer | { readonly unavailable: string }> {
  const serverUrl = benchServerUrl();
  const label = withoutPassword(serverUrl);
  const drop = () =>
    asAdmin(serverUrl, async (client) => {
      await client.query(`drop database if exists ${BENCH_DATABASE} with (force)`);
    });
  let connected = false;
  try {
    await asAdmin(serverUrl, async (client) => {
      connected = true;
      await client.query(`drop database if exists ${BENCH_DATABASE} with (force)`);
      await client.query(`create database ${BENCH_DATABASE}`);
    });
  } catch (error) {
    const reason = (error as Error).message || (error as Error).name;
    return {
      unavailable: connected
        ? `at ${label} cannot host ${BENCH_DATABASE}: ${reason}`
        : `not reachable at ${label}: ${reason}`,
    };
  }
  const url = withDatabase(serverUrl, BENCH_DATABASE);
  const database = await openDatabase({ databaseUrl: url, poolSize: 1 });
  try {
    await migrate(database);
    // make_raffle reads a snapshot in the transaction that wrote it, before any ANALYZE could see it;
    // an autovacuum waking up between repetitions would instead change plans half-way through a run.
    await database.withScriptSession((run) =>
      run('alter table raffle_entrants set (autovacuum_enabled = false, toast.autovacuum_enabled = false)'),
    );
  } catch (error) {
    await database.close();
    await drop();
    throw error;
  }
  await database.close();
  return { url, label: `${label}/${BENCH_DATABASE}`, drop };
}

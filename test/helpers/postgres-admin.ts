/**
 * The migrated database every PostgreSQL test database of one run is copied from. Named after the
 * run's process so that two runs on one server (two checkouts, two terminals) never drop each other's.
 */
export const templateDatabaseName = (runId: number) => `kinoyu_test_template_${runId}`;

/** TEST_DATABASE_URL names a server (any database on it): administrative work happens in `postgres`. */
export function adminUrl(url: string): string {
  const parsed = new URL(url);
  parsed.pathname = '/postgres';
  return parsed.toString();
}

/** The same server URL with another database name. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** The migrated database every PostgreSQL test database is copied from. */
export const TEMPLATE_DATABASE = 'kinoyu_test_template';

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

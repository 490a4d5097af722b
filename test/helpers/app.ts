import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApp } from '../../src/api/app.ts';
import { createServices, type Services } from '../../src/api/services.ts';
import { type Config, loadConfig } from '../../src/config/config.ts';
import type { Database } from '../../src/db/database.ts';

export const TEST_API_TOKEN = 'test-service-token-0123456789';

/** A configuration with fixed secrets, so nothing is written to a data directory. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    API_TOKEN: TEST_API_TOKEN,
    TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
    SESSION_SECRET: 'test-session-secret-0123456789abcdef',
    PUBLIC_URL: 'http://kinoyu.test',
    LOG_LEVEL: 'silent',
    ...overrides,
  });
}

/** The real API over a test database, for inject(). */
export async function buildTestApp(
  database: Database,
  options: { logLevel?: string } = {},
): Promise<{ app: FastifyInstance; services: Services }> {
  const logger = pino({ level: options.logLevel ?? 'silent' });
  const services = createServices(testConfig(), database, logger);
  const app = await buildApp(services, logger);
  await app.ready();
  return { app, services };
}

/** Headers carrying the service token. */
export const asService = { authorization: `Bearer ${TEST_API_TOKEN}` };

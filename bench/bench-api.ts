import pino, { type Logger } from 'pino';
import { createServices, type Services } from '../src/api/services.ts';
import { type Config, loadConfig } from '../src/config/config.ts';
import { type Database, openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrator.ts';
import type { DrandRelays } from '../src/drand/relay-client.ts';
import { type FakeTwitch, startFakeTwitch } from '../src/sandbox/twitch/index.ts';
import { setUpTwitch } from '../src/twitch/twitch-setup.ts';

/** The environment of a benchmark's API: its secrets and the fake Twitch it talks to. */
export function benchEnvironment(twitch: FakeTwitch): Record<string, string> {
  return {
    NODE_ENV: 'test',
    API_TOKEN: 'bench-service-token-0123456789',
    TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64'),
    SESSION_SECRET: 'bench-session-secret-0123456789abcdef',
    TWITCH_MOCK_URL: twitch.url,
    TWITCH_CLIENT_ID: twitch.clientId,
    TWITCH_CLIENT_SECRET: twitch.clientSecret,
    LOG_LEVEL: 'silent',
  };
}

/** The real API services of a benchmark, over a migrated database and a fake Twitch on loopback. */
export interface BenchApi {
  readonly database: Database;
  readonly twitch: FakeTwitch;
  readonly config: Config;
  readonly environment: Record<string, string>;
  readonly services: Services;
  readonly logger: Logger;
}

/**
 * Opens PostgreSQL (`databaseUrl`) or an in-memory PGlite, migrates it, and wires the services. Draws
 * use no drand beacon unless `beacon` relays are given.
 */
export async function startBenchApi(
  databaseUrl?: string,
  options: { beacon?: DrandRelays } = {},
): Promise<BenchApi> {
  const database = await openDatabase({ databaseUrl });
  await migrate(database);
  const twitch = await startFakeTwitch();
  const logger = pino({ level: 'silent' });
  const environment = benchEnvironment(twitch);
  const config = loadConfig(environment);
  const services = createServices(
    config,
    database,
    logger,
    await setUpTwitch(config, logger, () => Promise.reject()),
    options.beacon ? { beacon: options.beacon } : {},
  );
  return { database, twitch, config, environment, services, logger };
}

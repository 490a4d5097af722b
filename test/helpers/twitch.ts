import pino, { type Logger } from 'pino';
import { createServices, type Services } from '../../src/api/services.ts';
import type { Database } from '../../src/db/database.ts';
import type { DrandRelays } from '../../src/drand/relay-client.ts';
import type { EventBus } from '../../src/events/event-bus.ts';
import type { SessionSchedulerOptions } from '../../src/raffles/session-scheduler.ts';
import type { FakeTwitch } from '../../src/sandbox/twitch/index.ts';
import { setUpTwitch } from '../../src/twitch/twitch-setup.ts';
import { testConfig } from './app.ts';

/** The real services, with all Twitch traffic sent to `fake` through TWITCH_MOCK_URL. */
export async function servicesWithFakeTwitch(
  database: Database,
  fake: FakeTwitch,
  logger: Logger = pino({ level: 'silent' }),
  options: {
    scheduler?: SessionSchedulerOptions;
    config?: Record<string, string>;
    beacon?: DrandRelays;
    /** Another bus than the in-process one (a replica on Redis). */
    events?: EventBus;
  } = {},
): Promise<Services> {
  const config = testConfig({
    TWITCH_MOCK_URL: fake.url,
    TWITCH_CLIENT_ID: fake.clientId,
    TWITCH_CLIENT_SECRET: fake.clientSecret,
    ...options.config,
  });
  const twitch = await setUpTwitch(config, logger, () => Promise.reject(new Error('no sandbox in tests')));
  return createServices(config, database, logger, twitch, {
    scheduler: options.scheduler,
    ...(options.beacon && { beacon: options.beacon }),
    ...(options.events && { events: options.events }),
  });
}

import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { buildApp } from '../../src/api/app.ts';
import { createServices, type Services } from '../../src/api/services.ts';
import type { Channel } from '../../src/channels/channel-repository.ts';
import { DrandRelays } from '../../src/drand/relay-client.ts';
import type { PublishedEvent } from '../../src/events/event-bus.ts';
import {
  type LocalBeacon,
  type LocalBeaconOptions,
  startLocalBeacon,
} from '../../src/sandbox/drand/index.ts';
import {
  type FakeTwitch,
  type FakeTwitchOptions,
  SANDBOX_CHANNEL,
  startFakeTwitch,
} from '../../src/sandbox/twitch/index.ts';
import { testConfig } from './app.ts';
import { openTestDatabase, type TestDatabase } from './database.ts';
import { fixtures } from './fixtures.ts';
import { servicesWithFakeTwitch } from './twitch.ts';

export interface WorldOptions {
  /** Start a fake Twitch (with these options) and send the services' Twitch traffic to it. */
  twitch?: boolean | FakeTwitchOptions;
  /** Build the API: `true` for inject(), `'listen'` to also bind a loopback port (`baseUrl`). */
  app?: boolean | 'listen';
  /** Connect the fake Twitch's sandbox channel, with a valid token (needs `twitch`): `channel`. */
  sandboxChannel?: boolean;
  /** Collect every event the services publish in `events` (a bus subscription of its own). */
  events?: boolean;
  /** The services' and the app's logger (silent unless given). */
  logger?: Logger;
  poolSize?: number;
  /** PGlite only: keep the database files in this directory (tests that read them). */
  dataDir?: string;
  /**
   * Draw with public randomness (SPEC §4.1): start a local drand beacon (the sandbox's; period 1 s
   * unless given) and give the services relays to it: `beacon`. Without it no draw waits for a round.
   */
  beacon?: boolean | LocalBeaconOptions;
}

/** What a test file works with: one database, and whatever else it asked for. */
export interface World {
  readonly database: TestDatabase;
  readonly services: Services;
  readonly twitch: FakeTwitch;
  readonly app: FastifyInstance;
  /** `http://127.0.0.1:<port>` of the app, with `app: 'listen'`. */
  readonly baseUrl: string;
  /** Shortcuts to set up channels, prizes and draws. */
  readonly given: ReturnType<typeof fixtures>;
  /** The sandbox channel, with `sandboxChannel: true`. */
  readonly channel: Channel;
  /** Every event the services published, in order. */
  readonly events: PublishedEvent[];
  /** The local drand beacon, with `beacon`. */
  readonly beacon: LocalBeacon;
}

/** Builds a world at once; `destroy` tears down all it started, in reverse order. */
export async function buildWorld(options: WorldOptions = {}): Promise<World & { destroy(): Promise<void> }> {
  const teardown: (() => unknown)[] = [];
  const destroy = async () => {
    for (const step of teardown.reverse()) await step();
  };
  try {
    const logger = options.logger ?? pino({ level: 'silent' });
    const database = await openTestDatabase({
      ...(options.poolSize !== undefined && { poolSize: options.poolSize }),
      ...(options.dataDir !== undefined && { dataDir: options.dataDir }),
    });
    teardown.push(() => database.destroy());
    let beacon: LocalBeacon | undefined;
    let relays: DrandRelays | undefined;
    if (options.beacon) {
      const started = await startLocalBeacon(options.beacon === true ? {} : options.beacon);
      beacon = started;
      teardown.push(() => started.close());
      relays = new DrandRelays({ urls: [started.url], chainHash: started.chainHash, logger });
    }
    let twitch: FakeTwitch | undefined;
    if (options.twitch) {
      const fake = await startFakeTwitch(options.twitch === true ? {} : options.twitch);
      twitch = fake;
      teardown.push(() => fake.close());
    }
    const services = twitch
      ? await servicesWithFakeTwitch(database, twitch, logger, relays ? { beacon: relays } : {})
      : createServices(testConfig(), database, logger, undefined, relays ? { beacon: relays } : {});
    teardown.push(() => services.chatListener?.stop());
    teardown.push(() => services.claims.stop());
    let channel: Channel | undefined;
    if (options.sandboxChannel) {
      if (!twitch) throw new Error('sandboxChannel needs twitch');
      const id = SANDBOX_CHANNEL.id ?? '';
      channel = await services.channels.connect(id, SANDBOX_CHANNEL.login, SANDBOX_CHANNEL.login);
      await services.tokenStore.save(channel.id, twitch.issueUserToken());
    }
    const events: PublishedEvent[] = [];
    if (options.events) services.events.subscribe((event) => events.push(event));
    let app: FastifyInstance | undefined;
    let baseUrl: string | undefined;
    if (options.app) {
      // Its own rate-limit budget in Redis: files running at once must not spend each other's.
      const built = await buildApp(services, logger, {
        rateLimitPrefix: `kinoyu-test:${randomUUID()}:`,
        ...(relays && { beaconChain: () => relays.chain() }),
      });
      app = built;
      teardown.push(() => built.close());
      if (options.app === 'listen') {
        await built.listen({ port: 0, host: '127.0.0.1' });
        const address = built.server.address();
        if (!address || typeof address === 'string') throw new Error('the test app has no port');
        baseUrl = `http://127.0.0.1:${address.port}`;
      } else {
        await built.ready();
      }
    }
    const asked = <T>(value: T | undefined, what: string): T => {
      if (value === undefined) throw new Error(`this world was built without ${what}`);
      return value;
    };
    return {
      database,
      services,
      get events() {
        return asked(options.events ? events : undefined, 'events: true');
      },
      given: fixtures(database),
      get twitch() {
        return asked(twitch, 'twitch: true');
      },
      get app() {
        return asked(app, 'app: true');
      },
      get baseUrl() {
        return asked(baseUrl, "app: 'listen'");
      },
      get channel() {
        return asked(channel, 'sandboxChannel: true');
      },
      get beacon() {
        return asked(beacon, 'beacon: true');
      },
      destroy,
    };
  } catch (error) {
    await destroy();
    throw error;
  }
}

/**
 * The world of one test file (or describe block): built in its beforeAll, torn down in its afterAll.
 * One database per file, never one per test: that keeps the suite fast. Read its fields inside hooks
 * and tests (they are not there while the file is being collected).
 */
export function useWorld(options: WorldOptions = {}): World {
  let built: (World & { destroy(): Promise<void> }) | undefined;
  beforeAll(async () => {
    built = await buildWorld(options);
  });
  afterAll(() => built?.destroy());
  const current = (): World => {
    if (!built) throw new Error('the world is built in beforeAll: read it inside a hook or a test');
    return built;
  };
  return {
    get database() {
      return current().database;
    },
    get services() {
      return current().services;
    },
    get twitch() {
      return current().twitch;
    },
    get app() {
      return current().app;
    },
    get baseUrl() {
      return current().baseUrl;
    },
    get given() {
      return current().given;
    },
    get channel() {
      return current().channel;
    },
    get events() {
      return current().events;
    },
    get beacon() {
      return current().beacon;
    },
  };
}

import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApp } from '../../src/api/app.ts';
import type { Services } from '../../src/api/services.ts';
import type { Channel } from '../../src/channels/channel-repository.ts';
import type { LocalBeacon } from '../../src/sandbox/drand/index.ts';
import type { FakeTwitch } from '../../src/sandbox/twitch/index.ts';
import { asService } from '../helpers/app.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { resetSettings } from '../helpers/settings.ts';
import { buildWorld } from '../helpers/world.ts';

/** The real API listening on a random loopback port, over a test database and the fake Twitch. */
export interface WebServer {
  readonly url: string;
  readonly app: FastifyInstance;
  readonly services: Services;
  readonly database: TestDatabase;
  readonly fake: FakeTwitch;
  /** The local drand beacon the draws wait for, when started with `beacon` (SPEC §4.1). */
  readonly beacon: LocalBeacon;
  /** The sandbox channel, connected with a valid token: draws take the people in its chat. */
  readonly channel: Channel;
  /** Closes the app and starts a new one on the same port and services, as a restart would. */
  restart(): Promise<void>;
  /** POST with the service token; returns the parsed JSON. */
  post(path: string, payload: unknown): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

/**
 * Starts the server the browser tests open; with `beacon`, draws use public randomness (SPEC §4.1) from
 * a local drand beacon, and the proof page knows its chain, as in the sandbox.
 */
export async function startWebServer(options: { beacon?: boolean } = {}): Promise<WebServer> {
  const world = await buildWorld({ twitch: true, sandboxChannel: true, beacon: options.beacon ?? false });
  const { database, services, channel } = world;
  const logger = pino({ level: 'silent' });
  const relays = services.beacon;
  const appOptions = relays ? { beaconChain: () => relays.chain() } : {};
  let app = await buildApp(services, logger, appOptions);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('the server has no TCP address');
  const { port } = address;
  const url = `http://127.0.0.1:${port}`;
  // Default rules (no subscriber or VIP multipliers): only the chat list is fetched.
  await resetSettings(database.db, channel.id);

  const post = async (path: string, payload: unknown) => {
    const response = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { ...asService, 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    });
    const body = (await response.json()) as Record<string, unknown>;
    if (!response.ok) throw new Error(`POST ${path} answered ${response.status}: ${JSON.stringify(body)}`);
    return body;
  };

  return {
    url,
    get app() {
      return app;
    },
    services,
    database,
    fake: world.twitch,
    get beacon() {
      return world.beacon;
    },
    channel,
    post,
    async restart() {
      await app.close();
      app = await buildApp(services, logger, appOptions);
      await app.listen({ port, host: '127.0.0.1' });
    },
    async close() {
      await app.close();
      await world.destroy();
    },
  };
}

import net from 'node:net';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../src/api/app.ts';
import { registerErrorHandler } from '../../src/api/plugins/error-handler.ts';
import { eventRoutes } from '../../src/api/routes/api/v1/events.ts';
import { createServices } from '../../src/api/services.ts';
import { type Channel, ChannelRepository } from '../../src/channels/channel-repository.ts';
import { OverlayKeyRepository } from '../../src/channels/overlay-key-repository.ts';
import type { KinoYuEvent } from '../../src/events/event-bus.ts';
import { RedisEventBus } from '../../src/events/redis-event-bus.ts';
import { deleteBusKeys } from '../events/redis-keys.ts';
import { openEventStream } from '../events/sse-client.ts';
import { asService, buildTestApp, testConfig } from '../helpers/app.ts';
import { useWorld } from '../helpers/world.ts';

const connected = (channel: Channel): KinoYuEvent => ({
  type: 'channel.connected',
  channel: channel.login,
  channelId: channel.id,
  guildId: null,
});

const reconnectNeeded = (channel: Channel, reason: string): KinoYuEvent => ({
  type: 'channel.reconnect_needed',
  channel: channel.login,
  channelId: channel.id,
  reason,
});

/** Listens on a random loopback port and returns the base URL. */
async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return `http://127.0.0.1:${address.port}`;
}

describe('event streams', () => {
  const world = useWorld({ app: 'listen' });
  let shop: Channel;
  let other: Channel;
  let shopKey: string;
  let otherKey: string;

  beforeAll(async () => {
    shop = await world.services.channels.ensure('loja');
    other = await world.services.channels.ensure('outra');
    const keys = new OverlayKeyRepository(world.database.db);
    shopKey = (await keys.ofChannel(shop.id)) ?? '';
    otherKey = (await keys.ofChannel(other.id)) ?? '';
  });

  it("sends every channel's events on the service-token stream, as id/event/data frames", async () => {
    const stream = await openEventStream(`${world.baseUrl}/api/v1/events`, asService);
    expect(stream.status).toBe(200);
    expect(stream.contentType).toMatch(/^text\/event-stream/);
    world.services.events.publish(connected(shop));
    world.services.events.publish(reconnectNeeded(other, 'token_refused'));

    const first = await stream.nextEvent();
    const second = await stream.nextEvent();
    stream.close();
    expect(stream.frames[0]?.retry).toBe(3000);
    expect(first.event).toBe('channel.connected');
    expect(JSON.parse(first.data)).toEqual({ ...connected(shop), at: expect.any(String) });
    expect(second.event).toBe('channel.reconnect_needed');
    expect(JSON.parse(second.data)).toMatchObject({ channel: 'outra', reason: 'token_refused' });
    expect(Number(second.id)).toBeGreaterThan(Number(first.id));
  });

  it('refuses the all-channels stream without the service token', async () => {
    const stream = await openEventStream(`${world.baseUrl}/api/v1/events`, { authorization: 'Bearer wrong' });
    expect(stream.status).toBe(401);
    expect(await stream.json()).toMatchObject({ code: 'unauthorized' });
  });

  it("carries only its channel's events on a channel stream", async () => {
    const stream = await openEventStream(`${world.baseUrl}/api/v1/channels/LOJA/events`, asService);
    expect(stream.status).toBe(200);
    world.services.events.publish(connected(other));
    world.services.events.publish(reconnectNeeded(shop, 'first'));
    world.services.events.publish(reconnectNeeded(other, 'not for this stream'));
    world.services.events.publish(reconnectNeeded(shop, 'second'));

    const reasons = [await stream.nextEvent(), await stream.nextEvent()].map(
      (frame) => JSON.parse(frame.data).reason,
    );
    stream.close();
    expect(reasons).toEqual(['first', 'second']);
  });

  it("opens a channel's stream with its overlay key, and no other channel's", async () => {
    const own = await openEventStream(`${world.baseUrl}/api/v1/channels/loja/events?key=${shopKey}`);
    expect(own.status).toBe(200);
    world.services.events.publish(connected(shop));
    expect(JSON.parse((await own.nextEvent()).data)).toMatchObject({ channel: 'loja' });
    own.close();

    const borrowed = await openEventStream(`${world.baseUrl}/api/v1/channels/loja/events?key=${otherKey}`);
    expect(borrowed.status).toBe(403);
    expect(borrowed.contentType).toMatch(/^application\/problem\+json/);
    expect(await borrowed.json()).toMatchObject({ code: 'invalid_overlay_key' });
  });

  it('refuses a wrong or missing key, and does not tell an unknown channel from a wrong key', async () => {
    const wrong = await openEventStream(`${world.baseUrl}/api/v1/channels/loja/events?key=${shopKey}x`);
    expect(wrong.status).toBe(403);
    const missing = await openEventStream(`${world.baseUrl}/api/v1/channels/loja/events`);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ code: 'unauthorized' });
    const unknown = await openEventStream(`${world.baseUrl}/api/v1/channels/ninguem/events?key=${shopKey}`);
    expect(unknown.status).toBe(403);
    expect(await unknown.json()).toMatchObject({ code: 'invalid_overlay_key' });
    // The service token may know which channels exist.
    const asBot = await openEventStream(`${world.baseUrl}/api/v1/channels/ninguem/events`, asService);
    expect(asBot.status).toBe(404);
    expect(await asBot.json()).toMatchObject({ code: 'channel_not_found' });
  });

  it("gives a Discord server on the all-channels stream only its own channel's events", async () => {
    const guild = '234567890123456789';
    await world.services.discordLinks.link(guild, shop.id);
    const stream = await openEventStream(`${world.baseUrl}/api/v1/events`, {
      ...asService,
      'x-discord-guild': guild,
    });
    expect(stream.status).toBe(200);
    world.services.events.publish(reconnectNeeded(other, 'not_for_this_server'));
    world.services.events.publish(reconnectNeeded(shop, 'for_this_server'));
    const first = await stream.nextEvent();
    stream.close();
    expect(JSON.parse(first.data)).toMatchObject({ channel: 'loja', reason: 'for_this_server' });
    const unlinked = await openEventStream(`${world.baseUrl}/api/v1/events`, {
      ...asService,
      'x-discord-guild': '345678901234567891',
    });
    expect(unlinked.status).toBe(404);
    expect(await unlinked.json()).toMatchObject({ code: 'guild_not_linked' });
  });

  it("keeps a Discord server acting with the service token to its own channel's stream", async () => {
    const guild = '123456789012345678';
    await world.services.discordLinks.link(guild, other.id);
    const headers = { ...asService, 'x-discord-guild': guild };
    const foreign = await openEventStream(`${world.baseUrl}/api/v1/channels/loja/events`, headers);
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toMatchObject({ code: 'guild_forbidden' });
    const own = await openEventStream(`${world.baseUrl}/api/v1/channels/outra/events`, headers);
    expect(own.status).toBe(200);
    own.close();
  });

  it('brings a draw made through the API to the overlay stream as raffle.drawn', async () => {
    const overlay = await openEventStream(`${world.baseUrl}/api/v1/channels/loja/events?key=${shopKey}`);
    const response = await fetch(`${world.baseUrl}/api/v1/channels/loja/raffles`, {
      method: 'POST',
      headers: { ...asService, 'content-type': 'application/json' },
      body: JSON.stringify({ winners: 1, entrants: [{ userId: '1', login: 'ana' }] }),
    });
    expect(response.status).toBe(201);
    const drawn = await overlay.nextEvent();
    overlay.close();
    expect(drawn.event).toBe('raffle.drawn');
    const event = JSON.parse(drawn.data);
    expect(event).toMatchObject({ type: 'raffle.drawn', channel: 'loja', trigger: 'command' });
    expect(event.raffle).toEqual(await response.json());
  });

  it('replays the events missed while disconnected, after Last-Event-ID, then goes on live', async () => {
    const url = `${world.baseUrl}/api/v1/channels/loja/events?key=${shopKey}`;
    const before = await openEventStream(url);
    world.services.events.publish(reconnectNeeded(shop, 'seen'));
    const seen = await before.nextEvent();
    before.close();
    world.services.events.publish(reconnectNeeded(shop, 'missed 1'));
    world.services.events.publish(reconnectNeeded(other, 'another channel'));
    world.services.events.publish(reconnectNeeded(shop, 'missed 2'));

    const after = await openEventStream(url, { 'last-event-id': seen.id ?? '' });
    const replayed = [await after.nextEvent(), await after.nextEvent()];
    world.services.events.publish(reconnectNeeded(shop, 'live'));
    const live = await after.nextEvent();
    after.close();
    expect(replayed.map((frame) => JSON.parse(frame.data).reason)).toEqual(['missed 1', 'missed 2']);
    expect(JSON.parse(live.data).reason).toBe('live');
    expect(Number(replayed[0]?.id)).toBeGreaterThan(Number(seen.id));
  });

  it('lets go of the bus subscription when the client disconnects', async () => {
    // The streams of the tests above were closed by their clients: their subscriptions are gone too.
    await vi.waitFor(() => expect(world.services.events.listenerCount).toBe(0), { timeout: 10_000 });
    const streams = await Promise.all([
      openEventStream(`${world.baseUrl}/api/v1/events`, asService),
      openEventStream(`${world.baseUrl}/api/v1/channels/loja/events?key=${shopKey}`),
    ]);
    expect(world.services.events.listenerCount).toBe(2);
    for (const stream of streams) stream.close();
    await vi.waitFor(() => expect(world.services.events.listenerCount).toBe(0), { timeout: 10_000 });
  });

  it('documents both streams in OpenAPI under the events tag', async () => {
    const document = (await world.app.inject({ method: 'GET', url: '/docs/json' })).json();
    for (const path of ['/api/v1/events', '/api/v1/channels/{login}/events']) {
      const operation = document.paths[path].get;
      expect(operation.tags).toEqual(['events']);
      expect(operation.description).toContain('Last-Event-ID');
      expect(Object.keys(operation.responses['200'].content)).toEqual(['text/event-stream']);
    }
  });
});

describe('event streams and the app lifecycle', () => {
  const world = useWorld();

  it('keeps the overlay key out of the request log lines', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    const services = createServices(testConfig(), world.database, logger);
    const app = await buildApp(services, logger);
    const channel = await services.channels.ensure('logada');
    const key = (await new OverlayKeyRepository(world.database.db).ofChannel(channel.id)) ?? '';
    const stream = await openEventStream(`${await listen(app)}/api/v1/channels/logada/events?key=${key}`);
    try {
      expect(stream.status).toBe(200);
      expect(lines.join('')).toContain('/api/v1/channels/logada/events?key=[redacted]');
      expect(lines.join('')).not.toContain(key);
    } finally {
      stream.close();
      await app.close();
    }
  });

  it('ends open streams when the app closes, so shutdown is not held up', async () => {
    const { app, services } = await buildTestApp(world.database);
    const baseUrl = await listen(app);
    const stream = await openEventStream(`${baseUrl}/api/v1/events`, asService);
    expect(stream.status).toBe(200);
    await app.close();
    await stream.ended;
    expect(services.events.listenerCount).toBe(0);
  });

  it('sends a heartbeat comment at the configured interval', async () => {
    const logger = pino({ level: 'silent' });
    const { services } = await buildTestApp(world.database);
    const app = Fastify({ loggerInstance: logger as FastifyBaseLogger });
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    registerErrorHandler(app);
    await app.register(eventRoutes(services, { heartbeatMs: 20 }), { prefix: '/api/v1' });
    const stream = await openEventStream(`${await listen(app)}/api/v1/events`, asService);
    try {
      expect(await stream.nextComment()).toBe('heartbeat');
    } finally {
      stream.close();
      await app.close();
    }
  });
  it('closes the stream of a client that stops reading instead of queueing without bound', async () => {
    const logger = pino({ level: 'silent' });
    const { services } = await buildTestApp(world.database);
    const app = Fastify({ loggerInstance: logger as FastifyBaseLogger });
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    await app.register(eventRoutes(services, { maxQueuedFrames: 5 }), { prefix: '/api/v1' });
    const { port } = new URL(await listen(app));
    // A raw socket that sends the request and then never reads: the kernel buffers fill up.
    const socket = net.connect(Number(port), '127.0.0.1');
    socket.pause();
    socket.write(
      `GET /api/v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: ${asService.authorization}\r\n\r\n`,
    );
    try {
      await vi.waitFor(() => expect(services.events.listenerCount).toBe(1));
      const big = 'x'.repeat(64 * 1024);
      for (let published = 0; published < 4000 && services.events.listenerCount > 0; published += 1) {
        services.events.publish({
          type: 'channel.reconnect_needed',
          channel: 'loja',
          channelId: 1,
          reason: big,
        });
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect(services.events.listenerCount).toBe(0);
    } finally {
      socket.destroy();
      await app.close();
    }
  });
});

// Two API replicas on one Redis: the Redis suite runs in CI (.ci/run sets TEST_REDIS_URL).
describe.runIf(process.env.TEST_REDIS_URL)('event streams across API replicas (Redis)', () => {
  const world = useWorld();
  const replicas: { app: FastifyInstance; bus: RedisEventBus; baseUrl: string }[] = [];
  // A prefix of this run only: parallel runs on the same Redis never see each other's events.
  const prefix = `kinoyu-test:${process.pid}:${Date.now()}:`;

  beforeAll(async () => {
    const logger = pino({ level: 'silent' });
    for (let index = 0; index < 2; index += 1) {
      const { services } = await buildTestApp(world.database);
      const bus = new RedisEventBus({ url: process.env.TEST_REDIS_URL ?? '', logger, prefix });
      await bus.ready();
      const app = await buildApp({ ...services, events: bus }, logger);
      replicas.push({ app, bus, baseUrl: await listen(app) });
    }
  });
  afterAll(async () => {
    for (const { app, bus } of replicas) {
      await app.close();
      await bus.close();
    }
    await deleteBusKeys(process.env.TEST_REDIS_URL ?? '', [prefix]);
  });

  it('streams an event published on one replica to the clients of both, once each', async () => {
    const shop = await new ChannelRepository(world.database.db).ensure('replicada');
    const streams = await Promise.all(
      replicas.map(({ baseUrl }) => openEventStream(`${baseUrl}/api/v1/events`, asService)),
    );
    replicas[0]?.bus.publish(reconnectNeeded(shop, 'first'));
    replicas[1]?.bus.publish(reconnectNeeded(shop, 'second'));
    const received = await Promise.all(
      streams.map(async (stream) => [await stream.nextEvent(), await stream.nextEvent()]),
    );
    // A third event as a marker: nothing was duplicated before it.
    replicas[0]?.bus.publish(reconnectNeeded(shop, 'marker'));
    const markers = await Promise.all(streams.map((stream) => stream.nextEvent()));
    for (const stream of streams) stream.close();

    // Published on two replicas: Redis orders the two, and both streams carry that one order.
    for (const frames of received) {
      expect(frames.map((frame) => JSON.parse(frame.data).reason).sort()).toEqual(['first', 'second']);
    }
    expect(received[0]?.map((frame) => [frame.id, frame.data])).toEqual(
      received[1]?.map((frame) => [frame.id, frame.data]),
    );
    expect(markers.map((frame) => JSON.parse(frame.data).reason)).toEqual(['marker', 'marker']);
  });
});

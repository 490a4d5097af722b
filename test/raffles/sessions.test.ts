import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Channel } from '../../src/channels/channel-repository.ts';
import type { PublishedEvent } from '../../src/events/event-bus.ts';
import { RedisEventBus } from '../../src/events/redis-event-bus.ts';
import { RaffleRepository } from '../../src/raffles/raffle-repository.ts';
import { SessionRepository } from '../../src/raffles/session-repository.ts';
import { SessionScheduler } from '../../src/raffles/session-scheduler.ts';
import { SANDBOX_CHANNEL } from '../../src/sandbox/twitch/index.ts';
import { deleteBusKeys } from '../events/redis-keys.ts';
import { asService } from '../helpers/app.ts';
import { makeSessionsDue } from '../helpers/sessions.ts';
import { resetSettings } from '../helpers/settings.ts';
import { servicesWithFakeTwitch } from '../helpers/twitch.ts';
import { useWorld } from '../helpers/world.ts';

const LOGIN = SANDBOX_CHANNEL.login;
const REDIS_URL = process.env.TEST_REDIS_URL;

// Automatic sessions (SPEC §2.3) through the HTTP API and the real scheduler, over the fake Twitch.
// The scheduler's passes are driven by hand (runOnce) after making a tick due, so nothing waits on time.
describe('automatic raffle sessions', () => {
  const world = useWorld({ twitch: true, app: true, events: true });
  let channel: Channel;

  beforeAll(async () => {
    world.twitch.setChatterCount(50);
    channel = await world.services.channels.connect(SANDBOX_CHANNEL.id ?? '', LOGIN, LOGIN);
  });

  beforeEach(async () => {
    world.events.length = 0;
    world.twitch.clearFaults();
    world.twitch.setLive(true);
    await world.services.tokenStore.save(channel.id, world.twitch.issueUserToken());
    await world.database.db.updateTable('raffle_sessions').set({ status: 'stopped' }).execute();
    await world.database.db.deleteFrom('items').execute();
    await resetSettings(world.database.db);
    // No cooldown, so that the same 50 chatters can win tick after tick.
    await world.services.settings.update(channel.id, { cooldownMinutes: 0 });
  });

  const call = (method: 'GET' | 'POST' | 'DELETE', body?: object) =>
    world.app.inject({ method, url: `/api/v1/channels/${LOGIN}/session`, headers: asService, payload: body });
  const addPrizes = (text: string) =>
    world.app.inject({
      method: 'POST',
      url: `/api/v1/channels/${LOGIN}/items`,
      headers: asService,
      payload: { text },
    });
  /** Makes the active session's next tick due now. */
  const makeDue = () => makeSessionsDue(world.database.db);
  /** A scheduler claims the due tick (raffle stored pending, with its commitment) and dies. */
  const claimAndDie = async () => {
    const [claimed] = await new SessionRepository(
      world.database.db,
      new RaffleRepository(world.database),
    ).claimDueTicks(5);
    return claimed;
  };
  /** The lease of the tick's pending raffle is over: the next pass takes it over. */
  const endLease = (raffleId: number | null | undefined) =>
    world.database.db
      .updateTable('raffles')
      .set({ draw_attempt_at: new Date(Date.now() - 60_000) })
      .where('id', '=', raffleId ?? 0)
      .execute();
  const sessionRaffles = (sessionId: number) =>
    world.database.db
      .selectFrom('raffles')
      .select(['id', 'session_tick', 'status'])
      .where('session_id', '=', sessionId)
      .orderBy('session_tick')
      .execute();

  it('refuses to start without a prize in stock, and starts once there is one', async () => {
    const refused = await call('POST', { intervalSeconds: 30 });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('no_prizes_left');
    expect((await call('GET')).json()).toMatchObject({ active: false, sessionId: null });

    await addPrizes('skin dourada:50');
    const started = await call('POST', { intervalSeconds: 30 });
    expect(started.statusCode).toBe(201);
    const session = started.json();
    expect(session).toMatchObject({ active: true, intervalSeconds: 30, chance: 1, drawsDone: 0 });
    const untilFirst = Date.parse(session.nextDrawAt) - Date.now();
    expect(untilFirst).toBeGreaterThan(20_000);
    expect(untilFirst).toBeLessThanOrEqual(30_000);
    expect(world.events.map((event) => event.type)).toEqual(['session.started']);

    const again = await call('POST', { intervalSeconds: 10 });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('session_already_active');
  });

  it('takes the interval, chance and limit from the settings when the request leaves them out', async () => {
    await addPrizes('chave:5x*');
    await world.app.inject({
      method: 'PATCH',
      url: `/api/v1/channels/${LOGIN}/settings`,
      headers: asService,
      payload: { sessionIntervalSeconds: 120, sessionChance: 0.5, sessionMaxDraws: 7 },
    });
    const started = await call('POST');
    expect(started.statusCode).toBe(201);
    expect(started.json()).toMatchObject({ intervalSeconds: 120, chance: 0.5, maxDraws: 7 });
  });

  it('rejects a bad start request and starts nothing', async () => {
    await addPrizes('chave:5');
    for (const body of [
      { intervalSeconds: 0 },
      { intervalSeconds: 1.5 },
      { chance: 0 },
      { chance: 2 },
      // Four decimals would store these as 0 (the table refuses it) or round them.
      { chance: 0.00001 },
      { chance: 0.12345 },
      { speed: 1 },
    ]) {
      const response = await call('POST', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
    }
    expect((await call('GET')).json().active).toBe(false);
  });

  it('draws on a due tick: one winner with a prize, announced as an event and in Twitch chat', async () => {
    await addPrizes('skin dourada:50x*');
    const { sessionId } = (await call('POST', { intervalSeconds: 60 })).json();
    expect(await world.services.scheduler.runOnce()).toBe(0);

    await makeDue();
    const dueAt = (
      await world.database.db
        .selectFrom('raffle_sessions')
        .select('next_draw_at')
        .where('id', '=', sessionId)
        .executeTakeFirstOrThrow()
    ).next_draw_at;
    expect(await world.services.scheduler.runOnce()).toBe(1);
    const raffles = await sessionRaffles(sessionId);
    expect(raffles).toEqual([expect.objectContaining({ session_tick: 1, status: 'drawn' })]);
    const drawn = world.events.find((event) => event.type === 'raffle.drawn');
    // SPEC §5: a session draw carries its tick and when it was due.
    expect(drawn).toMatchObject({
      trigger: 'session',
      sessionId,
      requestedByGuild: null,
      raffle: {
        sessionTick: 1,
        dueAt: new Date(dueAt).toISOString(),
        winners: [expect.objectContaining({ itemName: 'skin dourada' })],
      },
    });
    const session = (await call('GET')).json();
    expect(session).toMatchObject({ active: true, drawsDone: 1, ticksDone: 1 });
    expect(Date.parse(session.nextDrawAt) - Date.now()).toBeGreaterThan(50_000);
    // The chat line is sent in the background.
    await expect.poll(() => world.twitch.sentChatMessages.length).toBeGreaterThan(0);
    const line = world.twitch.sentChatMessages.at(-1)?.text ?? '';
    expect(line).toContain(`#${drawn?.type === 'raffle.drawn' ? drawn.raffleId : 0}`);
    expect(line).toContain('skin dourada');

    // Not due again yet: nothing happens.
    expect(await world.services.scheduler.runOnce()).toBe(0);
    expect(await sessionRaffles(sessionId)).toHaveLength(1);
  });

  it('stops by itself when the prizes run out', async () => {
    await addPrizes('skin prata:30x2');
    const { sessionId } = (await call('POST', { intervalSeconds: 5 })).json();
    for (let tick = 0; tick < 2; tick += 1) {
      await makeDue();
      await world.services.scheduler.runOnce();
    }
    const session = (await call('GET')).json();
    expect(session).toMatchObject({ active: false, drawsDone: 2, stopReason: 'no_prizes_left' });
    expect(world.events.filter((event) => event.type === 'session.stopped')).toEqual([
      expect.objectContaining({
        sessionId,
        session: expect.objectContaining({ stopReason: 'no_prizes_left' }),
      }),
    ]);
    const [item] = (
      await world.app.inject({ method: 'GET', url: `/api/v1/channels/${LOGIN}/items`, headers: asService })
    ).json().items;
    expect(item.quantity).toBe(0);
  });

  it('stops after maxDraws draws', async () => {
    await addPrizes('chave:5x*');
    await call('POST', { intervalSeconds: 5, maxDraws: 2 });
    for (let tick = 0; tick < 3; tick += 1) {
      await makeDue();
      await world.services.scheduler.runOnce();
    }
    expect((await call('GET')).json()).toMatchObject({
      active: false,
      drawsDone: 2,
      ticksDone: 2,
      stopReason: 'max_draws_reached',
    });
  });

  it('stops when the stream goes offline, if the setting says so', async () => {
    await addPrizes('chave:5x*');
    await world.services.settings.update(channel.id, { stopWhenOffline: true });
    const { sessionId } = (await call('POST', { intervalSeconds: 5 })).json();
    world.twitch.setLive(false);
    await makeDue();
    await world.services.scheduler.runOnce();
    expect((await call('GET')).json()).toMatchObject({ active: false, stopReason: 'stream_offline' });
    expect(await sessionRaffles(sessionId)).toEqual([]);
  });

  it('keeps going while the stream is offline when the setting is off', async () => {
    await addPrizes('chave:5x*');
    const { sessionId } = (await call('POST', { intervalSeconds: 5 })).json();
    world.twitch.setLive(false);
    await makeDue();
    await world.services.scheduler.runOnce();
    expect((await call('GET')).json()).toMatchObject({ active: true, drawsDone: 1 });
    expect(await sessionRaffles(sessionId)).toHaveLength(1);
  });

  it('stops at the user’s request, once', async () => {
    await addPrizes('chave:5x*');
    await call('POST', { intervalSeconds: 5 });
    const stopped = await call('DELETE');
    expect(stopped.statusCode).toBe(200);
    expect(stopped.json()).toMatchObject({ active: false, stopReason: 'stopped_by_user' });
    const again = await call('DELETE');
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('no_active_session');
    await makeDue();
    expect(await world.services.scheduler.runOnce()).toBe(0);
  });

  it('discards a tick made ready ahead of its due time when the session stops, and never draws it', async () => {
    await addPrizes('chave:5x*');
    const { sessionId } = (await call('POST', { intervalSeconds: 5 })).json();
    // Due in 5 s, and a scheduler that makes ticks ready a minute ahead: it claims the tick and makes
    // it ready now, then waits for its due time.
    await world.database.db
      .updateTable('raffle_sessions')
      .set({ next_draw_at: new Date(Date.now() + 5_000) })
      .where('id', '=', sessionId)
      .execute();
    const { services } = world;
    const scheduler = new SessionScheduler(
      {
        sessions: new SessionRepository(services.database.db, services.raffleRepository),
        sessionService: services.sessions,
        raffles: services.raffleRepository,
        channels: services.channels,
        draws: services.draws,
        twitch: { isLive: async () => true },
        logger: pino({ level: 'silent' }),
      },
      { prepareAheadMs: 60_000 },
    );
    const run = scheduler.runOnce();
    await vi.waitFor(
      async () =>
        expect(await sessionRaffles(sessionId)).toEqual([expect.objectContaining({ status: 'pending' })]),
      { timeout: 10_000, interval: 20 },
    );

    expect((await call('DELETE')).statusCode).toBe(200);
    // Gone with the stop itself, before its due time.
    expect(await sessionRaffles(sessionId)).toEqual([]);
    // At its due time the tick finds its raffle gone and draws nothing.
    expect(await run).toBe(1);
    expect(await sessionRaffles(sessionId)).toEqual([]);
    expect(world.events.filter((event) => event.type === 'raffle.drawn')).toEqual([]);
  });

  it('fires a tick once when two schedulers race for it', async () => {
    await addPrizes('chave:5x*');
    const { sessionId } = (await call('POST', { intervalSeconds: 5 })).json();
    const other = await servicesWithFakeTwitch(world.database, world.twitch, pino({ level: 'silent' }));
    await makeDue();
    const fired = await Promise.all([world.services.scheduler.runOnce(), other.scheduler.runOnce()]);
    expect(fired.reduce((sum, count) => sum + count, 0)).toBe(1);
    expect(await sessionRaffles(sessionId)).toEqual([
      expect.objectContaining({ session_tick: 1, status: 'drawn' }),
    ]);
  });

  it('finishes a tick whose scheduler died between the claim and the draw, exactly once', async () => {
    await addPrizes('chave:5x*');
    const { sessionId } = (await call('POST', { intervalSeconds: 5 })).json();
    await makeDue();
    const claimed = await claimAndDie();
    expect(claimed?.raffleId).toEqual(expect.any(Number));
    // Within the lease nobody takes it over.
    expect(await world.services.scheduler.runOnce()).toBe(0);
    expect(await sessionRaffles(sessionId)).toEqual([expect.objectContaining({ status: 'pending' })]);
    // Once the lease is over, the next pass draws it, and only once.
    await endLease(claimed?.raffleId);
    await world.services.scheduler.runOnce();
    await world.services.scheduler.runOnce();
    expect(await sessionRaffles(sessionId)).toEqual([
      expect.objectContaining({ session_tick: 1, status: 'drawn' }),
    ]);
    expect(world.events.filter((event) => event.type === 'raffle.drawn')).toHaveLength(1);
  });

  it('claims no new tick of a session while its last one is pending, then the next one', async () => {
    await addPrizes('chave:5x*');
    const { sessionId } = (await call('POST', { intervalSeconds: 5 })).json();
    const repository = new SessionRepository(world.database.db, new RaffleRepository(world.database));
    await makeDue();
    const [first] = await repository.claimDueTicks(5);
    expect(first).toMatchObject({ tick: 1, raffleId: expect.any(Number) });
    // Due again, but tick 1 is still pending: nothing to claim, however late it gets.
    await makeDue();
    expect(await repository.claimDueTicks(5)).toEqual([]);
    await world.database.db
      .updateTable('raffles')
      .set({ status: 'void', void_reason: 'interrupted' })
      .where('id', '=', first?.raffleId ?? 0)
      .execute();
    const [second] = await repository.claimDueTicks(5);
    expect(second).toMatchObject({ tick: 2, raffleId: expect.any(Number) });
    // Stopping discards the pending tick 2 (and only it), drawn by nobody.
    expect(await call('DELETE')).toMatchObject({ statusCode: 200 });
    expect(await sessionRaffles(sessionId)).toEqual([
      expect.objectContaining({ session_tick: 1, status: 'void' }),
    ]);
    await world.database.db.deleteFrom('raffles').where('session_id', '=', sessionId).execute();
  });

  it('draws on about `chance` of the ticks', async () => {
    await addPrizes('chave:5x*');
    const { sessionId } = (await call('POST', { intervalSeconds: 5, chance: 0.5 })).json();
    const repository = new SessionRepository(world.database.db, new RaffleRepository(world.database));
    let draws = 0;
    const ticks = 200;
    for (let tick = 0; tick < ticks; tick += 1) {
      await makeDue();
      const [claimed] = await repository.claimDueTicks(5);
      if (claimed?.raffleId != null) {
        draws += 1;
        // Done with (a session gets no new tick while its last one is pending).
        await world.database.db
          .updateTable('raffles')
          .set({ status: 'void', void_reason: 'interrupted' })
          .where('id', '=', claimed.raffleId)
          .execute();
      }
    }
    // Binomial(200, 0.5): mean 100, standard deviation ~7; 60..140 is more than five deviations.
    expect(draws).toBeGreaterThan(60);
    expect(draws).toBeLessThan(140);
    const session = await repository.findById(sessionId);
    expect(session?.ticksDone).toBe(ticks);
    expect(await sessionRaffles(sessionId)).toHaveLength(draws);
    await world.database.db.deleteFrom('raffles').where('session_id', '=', sessionId).execute();
  });

  it('starts the first tick after a restart right away, without firing the missed ones in a burst', async () => {
    await addPrizes('chave:5x*');
    const { sessionId } = (await call('POST', { intervalSeconds: 5 })).json();
    // The API was down for ten intervals.
    await world.database.db
      .updateTable('raffle_sessions')
      .set({ next_draw_at: new Date(Date.now() - 50_000) })
      .where('id', '=', sessionId)
      .execute();
    expect(await world.services.scheduler.runOnce()).toBe(1);
    expect(await world.services.scheduler.runOnce()).toBe(0);
    const session = (await call('GET')).json();
    expect(session.ticksDone).toBe(1);
    expect(Date.parse(session.nextDrawAt)).toBeGreaterThan(Date.now() - 1000);
  });

  it('fires, one after another, the ticks that came due while a tick was held up for less than a lease', async () => {
    await addPrizes('chave:5x*');
    const { sessionId } = (await call('POST', { intervalSeconds: 10 })).json();
    await makeDue();
    // A replica claims tick 1 and dies; another takes it over after the 20-second lease. Meanwhile
    // (as if 25 s had passed) ticks 2, 3 and 4 came due, 25, 15 and 5 seconds ago.
    const claimed = await claimAndDie();
    const nextDue = Date.now() - 25_000;
    await endLease(claimed?.raffleId);
    await world.database.db
      .updateTable('raffle_sessions')
      .set({ next_draw_at: new Date(nextDue) })
      .where('id', '=', sessionId)
      .execute();
    // One tick per pass (a session gets no new tick while its last one is pending), until none is due.
    for (let pass = 0; pass < 8; pass += 1) await world.services.scheduler.runOnce();
    const drawn = (await sessionRaffles(sessionId)).filter((raffle) => raffle.status === 'drawn');
    expect(drawn.map((raffle) => raffle.session_tick).slice(0, 4)).toEqual([1, 2, 3, 4]);
    // Still on its schedule: the next tick is due a whole number of intervals after tick 2's due time.
    const next = Date.parse((await call('GET')).json().nextDrawAt);
    expect(next).toBeGreaterThan(Date.now() - 10_000);
    expect((next - nextDue) % 10_000).toBe(0);
  });

  // With replicas on Redis (CI's services suite; locally npm run test:services).
  describe.runIf(REDIS_URL)('with replicas on Redis', () => {
    const prefix = `kinoyu-test:${process.pid}:${Date.now()}:sessions:`;
    const silent = pino({ level: 'silent' });
    const buses: RedisEventBus[] = [];
    afterAll(async () => {
      await Promise.all(buses.map((bus) => bus.close()));
      await deleteBusKeys(REDIS_URL ?? '', [prefix]);
    });

    /** A replica of the API on Redis, and the events its subscriber receives. */
    const replica = async (bus = new RedisEventBus({ url: REDIS_URL ?? '', logger: silent, prefix })) => {
      buses.push(bus);
      await bus.ready();
      const received: PublishedEvent[] = [];
      bus.subscribe((event) => received.push(event));
      const services = await servicesWithFakeTwitch(world.database, world.twitch, silent, { events: bus });
      return { bus, services, received };
    };
    const drawsOf = (received: readonly PublishedEvent[], raffleId: number) =>
      received.filter((event) => event.type === 'raffle.drawn' && event.raffleId === raffleId);

    it('announces once, after the lease, a session draw whose replica died between its commit and its announcement', async () => {
      await addPrizes('chave:5x*');
      const { sessionId } = (await call('POST', { intervalSeconds: 600 })).json();
      // This replica commits its draw, then dies before its announcement leaves.
      class DiesBeforeAnnouncing extends RedisEventBus {
        override async publishOwed(): Promise<boolean> {
          return false;
        }
      }
      const dying = await replica(new DiesBeforeAnnouncing({ url: REDIS_URL ?? '', logger: silent, prefix }));
      const others = [await replica(), await replica()];
      const chatBefore = world.twitch.sentChatMessages.length;
      await makeDue();
      expect(await dying.services.scheduler.runOnce()).toBe(1);
      const [tick] = await sessionRaffles(sessionId);
      expect(tick).toEqual(expect.objectContaining({ session_tick: 1, status: 'drawn' }));
      const raffleId = tick?.id ?? 0;
      /** Runs a pass on both other replicas at once, then waits for a marker: what it published came before. */
      const passOfOthers = async (marker: string) => {
        await Promise.all(others.map(({ services }) => services.scheduler.runOnce()));
        others[0]?.bus.publish({
          type: 'channel.reconnect_needed',
          channel: marker,
          channelId: 0,
          reason: marker,
        });
        await vi.waitFor(() => {
          for (const { received } of others) expect(received.map((event) => event.channel)).toContain(marker);
        });
      };

      // Within the lease, nobody else announces it.
      await passOfOthers('within the lease');
      for (const { received } of others) expect(drawsOf(received, raffleId)).toEqual([]);

      // The lease is over (as if 20 s had passed): one of the two announces it, on every replica, and in chat.
      const redis = new Redis(REDIS_URL ?? '');
      try {
        expect(await redis.zscore(`${prefix}announcements:owed`, `${raffleId}:0`)).not.toBeNull();
        await redis.zadd(`${prefix}announcements:owed`, Date.now() - 1, `${raffleId}:0`);
      } finally {
        redis.disconnect();
      }
      await passOfOthers('after the lease');
      await passOfOthers('once more');
      for (const { received } of others) {
        expect(drawsOf(received, raffleId)).toEqual([
          expect.objectContaining({
            trigger: 'session',
            sessionId,
            requestedByGuild: null,
            raffle: expect.objectContaining({ raffleId, status: 'drawn', sessionTick: 1 }),
          }),
        ]);
      }
      await expect.poll(() => world.twitch.sentChatMessages.length).toBe(chatBefore + 1);
      expect(world.twitch.sentChatMessages.at(-1)?.text).toContain(`#${raffleId}`);
    });

    it('drops, unannounced, an owed entry whose raffle id now names another raffle (a database made anew)', async () => {
      await addPrizes('chave:5x*');
      const { sessionId } = (await call('POST', { intervalSeconds: 600 })).json();
      const drawing = await replica();
      const other = await replica();
      await makeDue();
      expect(await drawing.services.scheduler.runOnce()).toBe(1);
      const [tick] = await sessionRaffles(sessionId);
      const raffleId = tick?.id ?? 0;
      await vi.waitFor(() => expect(drawsOf(other.received, raffleId)).toHaveLength(1));
      // Left in Redis by a run on an older database, where raffle `raffleId` was another raffle.
      const owedKey = `${prefix}announcements:owed`;
      const redis = new Redis(REDIS_URL ?? '');
      try {
        const context = { trigger: 'session', requestedByGuild: null, commitment: 'f'.repeat(64) };
        await redis.hset(`${prefix}announcements:context`, `${raffleId}:0`, JSON.stringify(context));
        await redis.zadd(owedKey, Date.now() - 1, `${raffleId}:0`);
        await other.services.scheduler.runOnce();
        expect(await redis.zscore(owedKey, `${raffleId}:0`)).toBeNull();
      } finally {
        redis.disconnect();
      }
      drawing.bus.publish({
        type: 'channel.reconnect_needed',
        channel: 'marker',
        channelId: 0,
        reason: 'marker',
      });
      await vi.waitFor(() => expect(other.received.map((event) => event.channel)).toContain('marker'));
      expect(drawsOf(other.received, raffleId)).toHaveLength(1);
    });

    it('leaves nothing owed once a replica announced its own draw', async () => {
      await addPrizes('chave:5x*');
      const { sessionId } = (await call('POST', { intervalSeconds: 600 })).json();
      const drawing = await replica();
      await makeDue();
      expect(await drawing.services.scheduler.runOnce()).toBe(1);
      const [tick] = await sessionRaffles(sessionId);
      await vi.waitFor(() => expect(drawsOf(drawing.received, tick?.id ?? 0)).toHaveLength(1));
      const redis = new Redis(REDIS_URL ?? '');
      try {
        expect(await redis.zscore(`${prefix}announcements:owed`, `${tick?.id}:0`)).toBeNull();
      } finally {
        redis.disconnect();
      }
    });
  });
});

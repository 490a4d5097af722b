import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareByteOrder } from '../../src/raffles/draw-algorithm.ts';
import type { Proof } from '../../src/raffles/proof.ts';
import { SANDBOX_CHANNEL } from '../../src/sandbox/twitch/index.ts';
import type { HelixClient } from '../../src/twitch/helix.ts';
import { MemoryRosterStore, RedisRosterStore, WarmRosters } from '../../src/twitch/warm-rosters.ts';
import { asService } from '../helpers/app.ts';
import { makeSessionsDue } from '../helpers/sessions.ts';
import { useWorld } from '../helpers/world.ts';

const LOGIN = SANDBOX_CHANNEL.login;
const BROADCASTER = SANDBOX_CHANNEL.id ?? '';

// Issue 13 / SPEC §8: while a session runs, its chat list is kept warm in the background, so a tick
// does not page through Twitch; the proof says when the roster was read (`rosterAt`).
describe('warm rosters', () => {
  const world = useWorld({ twitch: true, app: true, sandboxChannel: true });
  const chatterRequests = () => world.twitch.requestCount('/mock/chat/chatters');
  const warm = () => {
    const rosters = world.services.warmRosters;
    if (!rosters) throw new Error('no warm rosters');
    return rosters;
  };
  const proofOf = async (raffleId: number): Promise<Proof> =>
    (await world.app.inject({ method: 'GET', url: `/api/v1/raffles/${raffleId}/proof` })).json();
  const makeDue = () => makeSessionsDue(world.database.db);

  beforeAll(async () => {
    world.twitch.setChatterCount(2500);
    await world.services.settings.update(world.channel.id, { cooldownMinutes: 0 });
    await world.app.inject({
      method: 'POST',
      url: `/api/v1/channels/${LOGIN}/items`,
      headers: asService,
      payload: { name: 'skin', weight: 1, quantity: null },
    });
  });

  it('reads the roster of a running session in the background, and the tick takes it without paging', async () => {
    expect(await warm().refreshDue()).toBe(0); // no session yet: nothing to keep warm
    const started = await world.app.inject({
      method: 'POST',
      url: `/api/v1/channels/${LOGIN}/session`,
      headers: asService,
      payload: { intervalSeconds: 60 },
    });
    expect(started.statusCode).toBe(201);
    const before = chatterRequests();
    const readFrom = Date.now();
    expect(await warm().refreshDue()).toBe(1);
    // 2,500 chatters: three pages read in the background.
    expect(chatterRequests() - before).toBe(3);
    expect(await warm().refreshDue()).toBe(0); // fresh: not read again yet

    await makeDue();
    const duringTick = chatterRequests();
    expect(await world.services.scheduler.runOnce()).toBe(1);
    expect(chatterRequests()).toBe(duringTick);
    const raffle = await world.database.db
      .selectFrom('raffles')
      .select(['id', 'roster_at', 'snapshot_at'])
      .where('session_id', 'is not', null)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const proof = await proofOf(raffle.id);
    const inChat = world.twitch.channel().chatterIds.filter((id) => id !== '').length;
    expect(proof.entrants.length + proof.excluded.length).toBe(inChat);
    expect(Date.parse(proof.rosterAt ?? '')).toBeGreaterThanOrEqual(readFrom - 5);
    expect(Date.parse(proof.rosterAt ?? '')).toBeLessThanOrEqual(raffle.snapshot_at?.getTime() ?? 0);
  });

  it('keeps the chatters in user-id byte order, whatever order Twitch lists them in', async () => {
    const listed = world.twitch.channel().chatterIds.filter((id) => id !== '');
    const inOrder = [...listed].sort(compareByteOrder);
    expect(listed).not.toEqual(inOrder);
    const roster = await warm().read(BROADCASTER, { moderators: false, weights: false });
    expect(roster.chatters.map((chatter) => chatter.userId)).toEqual(inOrder);
  });

  it('reads the chat list itself when the warm roster is too old, and says so in the proof', async () => {
    const roster = await warm().read(BROADCASTER, { moderators: false, weights: false });
    await warm().keep(BROADCASTER, { ...roster, readAt: Date.now() - 10 * 60_000 });
    await makeDue();
    const before = chatterRequests();
    const drawnFrom = Date.now();
    expect(await world.services.scheduler.runOnce()).toBe(1);
    expect(chatterRequests()).toBeGreaterThan(before);
    const raffle = await world.database.db
      .selectFrom('raffles')
      .select('id')
      .where('session_id', 'is not', null)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(Date.parse((await proofOf(raffle.id)).rosterAt ?? '')).toBeGreaterThanOrEqual(drawnFrom - 5);
  });

  it('has no rosterAt for entrants sent in the request', async () => {
    const drawn = await world.app.inject({
      method: 'POST',
      url: '/api/v1/channels/scripted_rosters/raffles',
      headers: asService,
      payload: { winners: 1, entrants: [{ userId: '1', login: 'one' }] },
    });
    expect(drawn.statusCode).toBe(201);
    expect((await proofOf(drawn.json().raffleId)).rosterAt).toBeNull();
  });

  it('spaces the readings of a big chat to stay within half the Helix budget', () => {
    expect(warm().refreshIntervalOf(3)).toBe(10_000);
    // 100,000 chatters: 100 pages every 15 s, 400 of the channel's 800 points a minute.
    expect(warm().refreshIntervalOf(100)).toBe(15_000);
  });
});

describe('the refresh pass', () => {
  it('asks the store again only when a roster it saw comes due', async () => {
    const store = new MemoryRosterStore();
    let gets = 0;
    const counting = {
      get: (id: string) => {
        gets += 1;
        return store.get(id);
      },
      set: store.set.bind(store),
      lead: store.lead.bind(store),
    };
    let reads = 0;
    const helix = {
      chatters: async () => {
        reads += 1;
        return [{ userId: '1', login: 'ana' }];
      },
      roles: async () => ({ subscriberTiers: new Map(), vips: new Set(), moderators: new Set() }),
    } as unknown as HelixClient;
    const channels = [{ broadcasterId: 'b1', wanted: { moderators: false, weights: false } }];
    const rosters = new WarmRosters(
      { helix, store: counting, channels: async () => channels, logger: pino({ level: 'silent' }) },
      { refreshMs: 60_000 },
    );
    expect(await rosters.refreshDue()).toBe(1);
    expect(reads).toBe(1);
    const getsAfterRead = gets;
    for (let pass = 0; pass < 5; pass += 1) expect(await rosters.refreshDue()).toBe(0);
    // The roster it read is due in a minute: five passes later the store was not asked once.
    expect(gets).toBe(getsAfterRead);
    expect(reads).toBe(1);
    // Another replica's older roster makes it due again: seen through the store after a restart of the
    // local schedule (a new process), and read again.
    const fresh = new WarmRosters(
      { helix, store: counting, channels: async () => channels, logger: pino({ level: 'silent' }) },
      { refreshMs: 60_000 },
    );
    const roster = await store.get('b1');
    if (!roster) throw new Error('no roster stored');
    await store.set('b1', { ...roster, readAt: Date.now() - 61_000 }, 120_000);
    expect(await fresh.refreshDue()).toBe(1);
    expect(reads).toBe(2);
  });
});

describe.runIf(process.env.TEST_REDIS_URL)('warm rosters shared through Redis', () => {
  const clients: { disconnect(): void }[] = [];
  afterAll(() => {
    for (const client of clients) client.disconnect();
  });

  it('lets one replica read a roster and every replica take it, with its roles', async () => {
    const { Redis } = await import('ioredis');
    const replicas = [
      new Redis(process.env.TEST_REDIS_URL ?? ''),
      new Redis(process.env.TEST_REDIS_URL ?? ''),
    ];
    clients.push(...replicas);
    const broadcaster = `test-${Date.now()}`;
    const stores = replicas.map((redis) => new RedisRosterStore(redis));
    // These rosters are only stored and taken here: Twitch is never asked.
    const [first, second] = stores.map(
      (store) =>
        new WarmRosters({
          helix: {} as HelixClient,
          store,
          channels: async () => [],
          logger: pino({ level: 'silent' }),
        }),
    ) as [WarmRosters, WarmRosters];
    expect(await stores[0]?.lead(broadcaster, 5000)).toBe(true);
    expect(await stores[1]?.lead(broadcaster, 5000)).toBe(false);
    const roster = {
      chatters: [
        { userId: '11', login: 'ana' },
        { userId: '12', login: 'bia' },
      ],
      roles: {
        subscriberTiers: new Map([['11', '2000' as const]]),
        vips: new Set(['12']),
        moderators: new Set(['12']),
      },
      wanted: { moderators: true, weights: true },
      readAt: Date.now(),
      pages: 3,
    };
    await first.keep(broadcaster, roster);
    const seen = await second.fresh(broadcaster, { moderators: true, weights: false });
    expect(seen).toEqual(roster);
    expect(await new MemoryRosterStore().get(broadcaster)).toBeUndefined();
    // Too old for a draw: not taken.
    await first.keep(broadcaster, { ...roster, readAt: Date.now() - 60_000 });
    expect(await second.fresh(broadcaster, { moderators: false, weights: false })).toBeUndefined();
  });
});

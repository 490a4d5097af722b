import { sql } from 'kysely';
import pino from 'pino';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Channel } from '../../src/channels/channel-repository.ts';
import type { PublishedEvent } from '../../src/events/event-bus.ts';
import { drawRoundFor } from '../../src/raffles/beacon.ts';
import type { RaffleView } from '../../src/raffles/raffle-view.ts';
import { SessionRepository } from '../../src/raffles/session-repository.ts';
import { SessionScheduler } from '../../src/raffles/session-scheduler.ts';
import { nodeSha256 } from '../../src/raffles/sha256-node.ts';
import { verifyProof } from '../../src/raffles/verify.ts';
import { SANDBOX_CHANNEL } from '../../src/sandbox/twitch/index.ts';
import { asService } from '../helpers/app.ts';
import { viewers } from '../helpers/fixtures.ts';
import { makeSessionsDue } from '../helpers/sessions.ts';
import { useWorld } from '../helpers/world.ts';

// SPEC §4.1 end to end through the API: the snapshot is frozen and published with its round before the
// round exists, the draw waits for it, and only a verified round draws; a round that does not come in
// time leaves the raffle pending (202) for the beacon waiter, which draws it late or makes it void.
describe('draws with public randomness', () => {
  const world = useWorld({ beacon: true, twitch: true, app: true, events: true });
  const entrants = viewers(40);

  const draw = async (login: string, body: object = {}) => {
    const response = await world.app.inject({
      method: 'POST',
      url: `/api/v1/channels/${login}/raffles`,
      headers: asService,
      payload: { winners: 2, entrants, ...body },
    });
    return { status: response.statusCode, body: response.json() as RaffleView & { code?: string } };
  };
  const eventsOf = (raffleId: number) =>
    world.events.filter((event) => 'raffleId' in event && event.raffleId === raffleId);
  const proofOf = async (raffleId: number) =>
    (await world.app.inject({ method: 'GET', url: `/api/v1/raffles/${raffleId}/proof` })).json();
  const relays = () => {
    const { beacon } = world.services;
    if (!beacon) throw new Error('this world has no drand relays');
    return beacon;
  };
  const waiter = () => {
    const { beaconWaiter } = world.services;
    if (!beaconWaiter) throw new Error('this world has no beacon waiter');
    return beaconWaiter;
  };
  const trusted = async () => ({ trustedChains: [await relays().chain()] });

  async function channelWithPrizes() {
    return world.given.channel({ prizes: [{ name: 'skin', weight: 1, quantity: null }] });
  }

  it('freezes, publishes the round, waits for it and draws with it; the proof verifies', async () => {
    const channel = await channelWithPrizes();
    const { status, body } = await draw(channel.login);
    expect(status).toBe(201);
    expect(body.status).toBe('drawn');
    expect(body.winners).toHaveLength(2);
    const chain = await relays().chain();
    expect(body.beacon?.chainHash).toBe(chain.chainHash);
    // Exactly the first round at least 1 s after the snapshot: the server cannot pick another.
    expect(body.beacon?.round).toBe(drawRoundFor(chain, Date.parse(body.snapshotAt ?? '')));
    expect(body.beacon?.randomness).toMatch(/^[0-9a-f]{64}$/);

    const events = eventsOf(body.raffleId);
    expect(events.map((event) => event.type)).toEqual(['raffle.snapshot', 'raffle.drawn']);
    const snapshot = events[0] as Extract<PublishedEvent, { type: 'raffle.snapshot' }>;
    expect(snapshot).toMatchObject({
      channel: channel.login,
      entrantsDigest: body.entrantsDigest,
      snapshotAt: body.snapshotAt,
      round: body.beacon?.round,
      chainHash: chain.chainHash,
      trigger: 'command',
    });
    // Published before the round existed.
    expect(Date.parse(snapshot.at)).toBeLessThan(Date.parse(body.beacon?.roundAt ?? ''));
    expect(snapshot.raffle.status).toBe('pending');
    expect(snapshot.raffle.seed).toBeNull();

    const proof = await proofOf(body.raffleId);
    expect(proof.algorithm).toBe('kinoyu-es-sha256-drand-v1');
    expect(await verifyProof(proof, nodeSha256, await trusted())).toMatchObject({ ok: true });
  });

  it('draws as before (kinoyu-es-sha256-v1, no round) with publicRandomness off', async () => {
    const channel = await channelWithPrizes();
    await world.services.settings.update(channel.id, { publicRandomness: false });
    const { status, body } = await draw(channel.login);
    expect(status).toBe(201);
    expect(body.beacon).toBeNull();
    expect(eventsOf(body.raffleId).map((event) => event.type)).toEqual(['raffle.drawn']);
    const proof = await proofOf(body.raffleId);
    expect(proof.algorithm).toBe('kinoyu-es-sha256-v1');
    expect((await verifyProof(proof, nodeSha256)).ok).toBe(true);
  });

  it('a repeated idempotency key gives the same draw, announced once', async () => {
    const channel = await channelWithPrizes();
    const [first, second] = await Promise.all([
      draw(channel.login, { idempotencyKey: 'same-key' }),
      draw(channel.login, { idempotencyKey: 'same-key' }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 201]);
    expect(second.body.raffleId).toBe(first.body.raffleId);
    expect(second.body.winners).toEqual(first.body.winners);
    const types = eventsOf(first.body.raffleId).map((event) => event.type);
    expect(types).toEqual(['raffle.snapshot', 'raffle.drawn']);
  });

  it('never draws with a round whose signature is wrong: 202 pending, then drawn late by the waiter', async () => {
    const channel = await channelWithPrizes();
    world.beacon.faults.wrongSignature = true;
    let pending: Awaited<ReturnType<typeof draw>>;
    try {
      pending = await draw(channel.login);
    } finally {
      world.beacon.faults.wrongSignature = false;
    }
    expect(pending.status).toBe(202);
    expect(pending.body.status).toBe('pending');
    expect(pending.body.seed).toBeNull();
    expect(pending.body.beacon?.randomness).toBeNull();
    // Past the grace the request waited, the waiter asks the relays again and draws.
    await vi.waitFor(
      async () => {
        await waiter().runOnce();
        expect(eventsOf(pending.body.raffleId).map((event) => event.type)).toContain('raffle.drawn');
      },
      { timeout: 15_000, interval: 300 },
    );
    const drawn = eventsOf(pending.body.raffleId).find((event) => event.type === 'raffle.drawn');
    expect(drawn).toMatchObject({ requestedByGuild: null, trigger: 'command' });
    const proof = await proofOf(pending.body.raffleId);
    expect(proof.beacon.round).toBe(pending.body.beacon?.round);
    expect(await verifyProof(proof, nodeSha256, await trusted())).toMatchObject({ ok: true });
  });

  it("makes void a raffle whose round never came, 2 minutes after the round's time; the seed stays secret", async () => {
    const channel = await channelWithPrizes();
    world.beacon.faults.down = 'unavailable';
    let pending: Awaited<ReturnType<typeof draw>>;
    try {
      pending = await draw(channel.login);
      expect(pending.status).toBe(202);
      // Two minutes pass (the round's time is moved back rather than waited for).
      await sql`update raffles set beacon_round_at = now() - interval '121 seconds'
                 where id = ${pending.body.raffleId}`.execute(world.database.db);
      expect((await waiter().runOnce()).voided).toBeGreaterThanOrEqual(1);
    } finally {
      world.beacon.faults.down = false;
    }
    const voided = eventsOf(pending.body.raffleId).find((event) => event.type === 'raffle.voided');
    expect(voided).toMatchObject({ reason: 'beacon_unavailable', channel: channel.login });
    const proof = await proofOf(pending.body.raffleId);
    expect(proof.seed).toBeNull();
    expect(proof.winners).toEqual([]);
    // Never drawn afterwards, even once the round can be had.
    await waiter().runOnce();
    expect(eventsOf(pending.body.raffleId).map((event) => event.type)).not.toContain('raffle.drawn');
  });

  it('a raffle nobody can win is void at once, without waiting for a round', async () => {
    const channel = await channelWithPrizes();
    const { status, body } = await draw(channel.login, { entrants: [] });
    expect(status).toBe(409);
    expect(body.code).toBe('no_eligible_entrants');
    const published = world.events.filter(
      (event) => event.type === 'raffle.snapshot' && event.channel === channel.login,
    );
    expect(published).toEqual([]);
  });

  describe('session ticks', () => {
    let channel: Channel;
    const LOGIN = SANDBOX_CHANNEL.login;
    const session = (method: 'POST' | 'DELETE', body?: object) =>
      world.app.inject({
        method,
        url: `/api/v1/channels/${LOGIN}/session`,
        headers: asService,
        payload: body,
      });
    /** Starts a session whose first tick is due `ms` from now, within what the scheduler prepares ahead. */
    async function sessionDueIn(ms: number) {
      const started = await session('POST', { intervalSeconds: 3600 });
      expect(started.statusCode).toBe(201);
      const { sessionId } = started.json() as { sessionId: number };
      await sql`update raffle_sessions set next_draw_at = now() + make_interval(secs => ${ms / 1000})
                 where id = ${sessionId}`.execute(world.database.db);
      return sessionId;
    }
    const sessionRaffles = (sessionId: number) =>
      world.database.db.selectFrom('raffles').selectAll().where('session_id', '=', sessionId).execute();

    beforeAll(async () => {
      world.twitch.setChatterCount(30);
      channel = await world.services.channels.connect(SANDBOX_CHANNEL.id ?? '', LOGIN, LOGIN);
      await world.services.tokenStore.save(channel.id, world.twitch.issueUserToken());
      await world.services.settings.update(channel.id, { cooldownMinutes: 0 });
      await world.services.items.add(channel.id, [{ name: 'skin', weight: 1, quantity: null }]);
    });
    afterEach(() => session('DELETE'));

    it('are anchored ahead: the snapshot and its round are published before the due time, the draw is at it', async () => {
      await world.services.settings.update(channel.id, { publicRandomness: true });
      const sessionId = await sessionDueIn(2500);
      expect(await world.services.scheduler.runOnce()).toBe(1);
      const [raffle] = await sessionRaffles(sessionId);
      expect(raffle?.status).toBe('drawn');
      const dueAt = raffle?.due_at as Date;
      const events = eventsOf(raffle?.id ?? 0);
      expect(events.map((event) => event.type)).toEqual(['raffle.snapshot', 'raffle.drawn']);
      const [snapshot, drawn] = events as [
        Extract<PublishedEvent, { type: 'raffle.snapshot' }>,
        Extract<PublishedEvent, { type: 'raffle.drawn' }>,
      ];
      expect(snapshot).toMatchObject({ trigger: 'session', sessionId });
      expect(Date.parse(snapshot.at)).toBeLessThan(dueAt.getTime());
      // Never drawn before its due time, and only with its round.
      expect(Date.parse(drawn.raffle.drawnAt ?? '')).toBeGreaterThanOrEqual(dueAt.getTime());
      expect(drawn.raffle.beacon).toMatchObject({ round: snapshot.round });
      expect(await verifyProof(await proofOf(raffle?.id ?? 0), nodeSha256, await trusted())).toMatchObject({
        ok: true,
      });
    });

    it('claims no tick ahead for a session that made its maxDraws, even before its stop is recorded', async () => {
      const started = await session('POST', { intervalSeconds: 1, maxDraws: 1 });
      expect(started.statusCode).toBe(201);
      const repository = new SessionRepository(world.database.db, world.services.raffleRepository);
      await makeSessionsDue(world.database.db);
      const [first] = await repository.claimDueTicks(5, 0);
      expect(first?.raffleId).toEqual(expect.any(Number));
      const drawn = await world.services.draws.drawPending(channel, first?.raffleId ?? 0, {
        trigger: 'session',
        requestedByGuild: null,
      });
      expect(drawn.kind).toBe('drawn');
      // The session is still active (the scheduler records the stop after the draw), and its next tick
      // is within what would be claimed ahead: it is not claimed.
      expect((await repository.findById(first?.session.id ?? 0))?.status).toBe('active');
      expect(await repository.claimDueTicks(5, 5000)).toEqual([]);
    });

    it('a session draw the beacon waiter finishes late counts at once: the session stops at its maxDraws', async () => {
      await world.services.settings.update(channel.id, { publicRandomness: true });
      const started = await session('POST', { intervalSeconds: 3600, maxDraws: 1 });
      expect(started.statusCode).toBe(201);
      const { sessionId } = started.json() as { sessionId: number };
      await makeSessionsDue(world.database.db);
      // The relays serve a round that does not verify: the tick gives up waiting, pending.
      world.beacon.faults.wrongSignature = true;
      try {
        expect(await world.services.scheduler.runOnce()).toBe(1);
      } finally {
        world.beacon.faults.wrongSignature = false;
      }
      const [pending] = await sessionRaffles(sessionId);
      expect(pending?.status).toBe('pending');
      expect((await world.services.sessions.get(channel)).active).toBe(true);
      await vi.waitFor(
        async () => {
          await waiter().runOnce();
          expect((await sessionRaffles(sessionId))[0]?.status).toBe('drawn');
        },
        { timeout: 15_000, interval: 300 },
      );
      // Stopped by the waiter's draw, not by a next tick (an hour away).
      const stopped = world.events.find(
        (event) => event.type === 'session.stopped' && event.sessionId === sessionId,
      );
      expect(stopped).toMatchObject({ session: { active: false, stopReason: 'max_draws_reached' } });
    });

    it('a tick whose session stops between its freeze and its anchoring is dropped without a warning', async () => {
      await world.services.settings.update(channel.id, { publicRandomness: true });
      const sessionId = await sessionDueIn(0);
      const { services } = world;
      const repository = services.raffleRepository;
      const anchor = repository.anchorToRound.bind(repository);
      // The stop lands after the snapshot is frozen and before the round is chosen for it.
      const anchoring = vi.spyOn(repository, 'anchorToRound').mockImplementationOnce(async (...args) => {
        expect((await session('DELETE')).statusCode).toBe(200);
        return anchor(...args);
      });
      const lines: { level: number; msg: string }[] = [];
      const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
      const scheduler = new SessionScheduler({
        sessions: new SessionRepository(services.database.db, repository),
        sessionService: services.sessions,
        raffles: repository,
        channels: services.channels,
        draws: services.draws,
        twitch: { isLive: async () => true },
        logger,
      });
      try {
        expect(await scheduler.runOnce()).toBe(1);
        expect(anchoring).toHaveBeenCalledTimes(1);
      } finally {
        anchoring.mockRestore();
      }
      expect(await sessionRaffles(sessionId)).toEqual([]);
      expect(
        world.events.some((event) => event.type === 'raffle.drawn' && event.sessionId === sessionId),
      ).toBe(false);
      expect(lines.map((line) => line.msg)).toContain(
        'session tick dropped: the session stopped while it was being prepared',
      );
      expect(lines.filter((line) => line.level >= 40)).toEqual([]);
    });

    it('a tick prepared without a beacon is dropped when its session stops before it is due', async () => {
      await world.services.settings.update(channel.id, { publicRandomness: false });
      const sessionId = await sessionDueIn(2500);
      const pass = world.services.scheduler.runOnce();
      // Prepared: the snapshot is frozen, then the tick waits for its due time.
      await vi.waitFor(async () => expect((await sessionRaffles(sessionId))[0]?.snapshot_at).toBeTruthy(), {
        timeout: 10_000,
        interval: 50,
      });
      expect((await session('DELETE')).statusCode).toBe(200);
      await pass;
      expect(await sessionRaffles(sessionId)).toEqual([]);
      expect(
        world.events.some((event) => event.type === 'raffle.drawn' && event.sessionId === sessionId),
      ).toBe(false);
    });
  });
});

import { describe, expect, it } from 'vitest';
import { asService } from '../helpers/app.ts';
import { useWorld } from '../helpers/world.ts';
import { inParallel, notAnnouncedOnce, readLedger, unverifiedProofs } from './draw-ledger.ts';

const CHATTERS = '/mock/chat/chatters';

// SPEC §9 "Faults": the fake Twitch slow, rate limiting and failing while draws (entrants from Twitch's
// chatter list) and session ticks run. twurple retries a 5xx three times (0.5, 1 and 2 s apart): four
// failures in a row make a draw give up with 503 twitch_unavailable.
describe('Twitch slow or failing during draws and session ticks', () => {
  const world = useWorld({ twitch: true, app: true, events: true, sandboxChannel: true });
  let faults = 0;

  const draw = (key: string) =>
    world.app.inject({
      method: 'POST',
      url: `/api/v1/channels/${world.channel.login}/raffles`,
      headers: asService,
      payload: { winners: 2, idempotencyKey: key },
    });

  it('draws through slow answers, 429 and 5xx bursts; a draw Twitch fails answers 503 and leaves nothing', async () => {
    world.twitch.setChatterCount(60);
    await world.services.settings.update(world.channel.id, { cooldownMinutes: 0 });
    const statuses: number[] = [];
    const keys: string[] = [];
    const round = async (name: string, count: number) => {
      const batch = Array.from({ length: count }, (_, index) => `twitch-${name}-${index}`);
      keys.push(...batch);
      const answers = await inParallel(
        4,
        batch.map((key) => () => draw(key)),
      );
      statuses.push(...answers.map((answer) => answer.statusCode));
      return answers;
    };

    // Slow: every chatter page takes 150 ms.
    world.twitch.setDelay(150, CHATTERS);
    faults += 1;
    expect((await round('slow', 8)).map((answer) => answer.statusCode)).toEqual(Array(8).fill(201));
    world.twitch.setDelay(0, CHATTERS);

    // Bursts Twitch's client waits out or retries: 429 (Ratelimit-Reset now) and single 5xx answers.
    world.twitch.failNext(CHATTERS, 3, { status: 429, resetAfterMs: 0 });
    world.twitch.failNext(CHATTERS, 3, { status: 502 });
    faults += 6;
    expect((await round('bursts', 6)).map((answer) => answer.statusCode)).toEqual(Array(6).fill(201));

    // Failing: four 500s per draw (the first try and the three retries) for three draws.
    world.twitch.failNext(CHATTERS, 12, { status: 500 });
    faults += 12;
    const failed = await round('failing', 3);
    for (const answer of failed) {
      expect(answer.statusCode).toBe(503);
      expect(answer.json().code).toBe('twitch_unavailable');
    }
    const afterFailure = await readLedger(world.database.db, [world.channel.id]);
    expect(afterFailure.pendingIds).toEqual([]);
    expect(afterFailure.raffles.filter((raffle) => raffle.idempotencyKey?.includes('failing'))).toEqual([]);

    // Twitch answers again: the same keys draw now, once.
    const retried = await Promise.all(['twitch-failing-0', 'twitch-failing-1', 'twitch-failing-2'].map(draw));
    expect(retried.map((answer) => answer.statusCode)).toEqual([201, 201, 201]);

    const ledger = await readLedger(world.database.db, [world.channel.id]);
    expect(ledger.raffles.map((raffle) => raffle.idempotencyKey).sort()).toEqual([...keys].sort());
    expect(ledger.pendingIds).toEqual([]);
    expect(ledger.duplicateWinners).toEqual([]);
    expect(ledger.drawnIds).toHaveLength(keys.length);
    expect(notAnnouncedOnce(world.events, ledger.drawnIds)).toEqual([]);
    expect(await unverifiedProofs(world.app, ledger.drawnIds)).toEqual([]);
    console.log(
      `faults: twitch (draws) — ${faults} slow or failed Twitch answers during ${keys.length} draws: ` +
        `${statuses.filter((status) => status === 201).length} drawn through them, ` +
        `${statuses.filter((status) => status === 503).length} answered 503 twitch_unavailable and left nothing, ` +
        `${ledger.drawnIds.length} drawn once each after retries, 0 pending, 0 lost`,
    );
  }, 30_000);

  it('skips the session ticks Twitch fails, never draws them later, and draws the next ones once', async () => {
    world.twitch.setLive(true);
    await world.given.items.add(world.channel.id, [{ name: 'adesivo', weight: 1, quantity: null }]);
    const started = await world.app.inject({
      method: 'POST',
      url: `/api/v1/channels/${world.channel.login}/session`,
      headers: asService,
      payload: { intervalSeconds: 5 },
    });
    expect(started.statusCode).toBe(201);
    const sessionId: number = started.json().sessionId;
    const tick = async () => {
      await world.database.db
        .updateTable('raffle_sessions')
        .set({ next_draw_at: new Date(Date.now() - 1000) })
        .where('id', '=', sessionId)
        .execute();
      expect(await world.services.scheduler.runOnce()).toBe(1);
    };
    const ticks = 6;
    const drawnTicks: number[] = [];
    for (let index = 1; index <= ticks; index += 1) {
      // Every third tick Twitch fails the chatter list four times (the tick is skipped); the others are slow.
      if (index % 3 === 2) world.twitch.failNext(CHATTERS, 4, { status: 503 });
      else {
        world.twitch.setDelay(100, CHATTERS);
        drawnTicks.push(index);
      }
      await tick();
      world.twitch.setDelay(0, CHATTERS);
    }
    // Passes with nothing due change nothing: a skipped tick is not drawn later.
    expect(await world.services.scheduler.runOnce()).toBe(0);

    const raffles = await world.database.db
      .selectFrom('raffles')
      .select(['id', 'session_tick', 'status'])
      .where('session_id', '=', sessionId)
      .orderBy('session_tick')
      .execute();
    expect(raffles.map((raffle) => raffle.session_tick)).toEqual(drawnTicks);
    expect(raffles.every((raffle) => raffle.status === 'drawn')).toBe(true);
    const session = await world.database.db
      .selectFrom('raffle_sessions')
      .select(['ticks_done', 'draws_done'])
      .where('id', '=', sessionId)
      .executeTakeFirstOrThrow();
    expect(session).toEqual({ ticks_done: ticks, draws_done: drawnTicks.length });
    const ids = raffles.map((raffle) => raffle.id);
    expect(notAnnouncedOnce(world.events, ids)).toEqual([]);
    expect(await unverifiedProofs(world.app, ids)).toEqual([]);
    const skipped = ticks - drawnTicks.length;
    console.log(
      `faults: twitch (session) — ${skipped} ticks failed by Twitch (${skipped * 4} 503 answers) and ` +
        `${drawnTicks.length} slow ones: ${skipped} skipped and never drawn later, ${raffles.length} drawn once each, 0 pending`,
    );
  }, 30_000);
});

import pino from 'pino';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { Channel } from '../../src/channels/channel-repository.ts';
import type { DrawPipeline } from '../../src/raffles/draw-pipeline.ts';
import { SessionRepository } from '../../src/raffles/session-repository.ts';
import { SessionScheduler } from '../../src/raffles/session-scheduler.ts';
import { useWorld } from '../helpers/world.ts';

// Issue 13: ticks are drawn as a pipeline. A draw that takes long (Twitch paging a big chat, a slow
// database) must not hold up the ticks of other sessions due meanwhile, as waiting for a whole batch did.
describe('session scheduler pipeline', () => {
  const world = useWorld();
  let release: () => void = () => {};
  afterAll(() => release());

  it('keeps firing other sessions while one draw is stuck', async () => {
    const { services } = world;
    const slow = await services.channels.ensure('slow_channel');
    const quick = await services.channels.ensure('quick_channel');
    for (const channel of [slow, quick]) {
      await services.items.add(channel.id, [{ name: 'skin', weight: 1, quantity: null }]);
      await services.sessions.start(channel, { intervalSeconds: 1 });
    }
    const stuck = new Promise<void>((resolve) => {
      release = resolve;
    });
    const calls = new Map<number, number>();
    // Only the pipeline's entry point is replaced: the claims, leases and ticks are the real ones.
    const draws = {
      prepareAheadMs: (plainMs: number) => plainMs,
      oweSessionAnnouncements: async () => {},
      announceOverdue: async () => 0,
      async prepare(channel: Channel, raffleId: number) {
        calls.set(channel.id, (calls.get(channel.id) ?? 0) + 1);
        if (channel.id === slow.id) await stuck;
        else await services.raffleRepository.discardPending(raffleId);
        return { kind: 'drawn_elsewhere' };
      },
    } as unknown as DrawPipeline;
    const scheduler = new SessionScheduler(
      {
        sessions: new SessionRepository(services.database.db, services.raffleRepository),
        sessionService: services.sessions,
        raffles: services.raffleRepository,
        channels: services.channels,
        draws,
        twitch: { isLive: async () => true },
        logger: pino({ level: 'silent' }),
      },
      { pollMs: 200 },
    );
    scheduler.start();
    try {
      await vi.waitFor(() => expect(calls.get(quick.id) ?? 0).toBeGreaterThanOrEqual(3), {
        timeout: 10_000,
        interval: 100,
      });
      // The stuck session gets no other tick while its draw is in flight: one draw of a session at a time.
      expect(calls.get(slow.id)).toBe(1);
    } finally {
      release();
      await scheduler.stop();
    }
  });
});

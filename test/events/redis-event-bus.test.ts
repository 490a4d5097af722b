import pino from 'pino';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { KinoYuEvent, PublishedEvent } from '../../src/events/event-bus.ts';
import { RedisEventBus } from '../../src/events/redis-event-bus.ts';
import { deleteBusKeys } from './redis-keys.ts';
import { closedPort, startTcpProxy } from './tcp-proxy.ts';

const REDIS_URL = process.env.TEST_REDIS_URL;

const reconnectNeeded = (reason: string): KinoYuEvent => ({
  type: 'channel.reconnect_needed',
  channel: 'loja',
  channelId: 1,
  reason,
});

const reasonOf = (event: PublishedEvent) => (event.type === 'channel.reconnect_needed' ? event.reason : '');

/** A prefix for this run and test only: parallel runs on one Redis never see each other's events. */
const prefixes: string[] = [];
const uniquePrefix = () => {
  prefixes.push(`kinoyu-test:${process.pid}:${Date.now()}:${prefixes.length}:`);
  return prefixes.at(-1) ?? '';
};

const silent = pino({ level: 'silent' });
const opened: RedisEventBus[] = [];

/** A bus ("replica") that records what its subscriber receives. */
function replica(url: string, prefix: string) {
  const bus = new RedisEventBus({ url, logger: silent, prefix });
  opened.push(bus);
  const received: { reason: string; id: number }[] = [];
  bus.subscribe((event, id) => received.push({ reason: reasonOf(event), id }));
  return { bus, received, reasons: () => received.map((entry) => entry.reason) };
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((bus) => bus.close()));
});
afterAll(async () => {
  if (REDIS_URL) await deleteBusKeys(REDIS_URL, prefixes);
});

describe('the Redis event bus', () => {
  it('still delivers to its own subscribers, without throwing, when Redis cannot be reached', async () => {
    const { bus, reasons } = replica(`redis://127.0.0.1:${await closedPort()}`, uniquePrefix());
    expect(() => bus.publish(reconnectNeeded('local'))).not.toThrow();
    expect(reasons()).toEqual(['local']);
  });

  // The Redis suite runs in CI (.ci/run sets TEST_REDIS_URL); locally: npm run test:services.
  describe.runIf(REDIS_URL)('on a real Redis', () => {
    const url = REDIS_URL ?? '';

    it('delivers an event published on one replica to the subscribers of both, exactly once', async () => {
      const prefix = uniquePrefix();
      const first = replica(url, prefix);
      const second = replica(url, prefix);
      await Promise.all([first.bus.ready(), second.bus.ready()]);

      first.bus.publish(reconnectNeeded('from the first'));
      second.bus.publish(reconnectNeeded('from the second'));
      const both = ['from the first', 'from the second'];
      await vi.waitFor(() => {
        expect(first.reasons()).toEqual(expect.arrayContaining(both));
        expect(second.reasons()).toEqual(expect.arrayContaining(both));
      });
      // A marker after both: a duplicate of either would have arrived before it.
      first.bus.publish(reconnectNeeded('marker'));
      await vi.waitFor(() => {
        expect(first.reasons()).toContain('marker');
        expect(second.reasons()).toContain('marker');
      });

      // Two publishers on two connections: Redis decides which of the two comes first, but every replica
      // sees the same order, with the same ids, each event once.
      expect([...first.reasons()].sort()).toEqual(['from the first', 'from the second', 'marker']);
      expect(second.received).toEqual(first.received);
      const ids = first.received.map((entry) => entry.id);
      expect(ids).toEqual([...ids].sort((x, y) => x - y));
      expect(new Set(ids).size).toBe(3);
    });

    it('keeps replicas of another prefix (another deployment or test run) apart', async () => {
      const ours = replica(url, uniquePrefix());
      const theirs = replica(url, uniquePrefix());
      await Promise.all([ours.bus.ready(), theirs.bus.ready()]);
      ours.bus.publish(reconnectNeeded('ours'));
      theirs.bus.publish(reconnectNeeded('theirs'));
      await vi.waitFor(() => expect(ours.reasons()).toEqual(['ours']));
      await vi.waitFor(() => expect(theirs.reasons()).toEqual(['theirs']));
    });

    it('serves its own subscribers while Redis is away and fans out again once it is back', async () => {
      const redis = new URL(url);
      const proxy = await startTcpProxy({ host: redis.hostname, port: Number(redis.port || 6379) });
      try {
        const prefix = uniquePrefix();
        const direct = replica(url, prefix);
        const proxied = replica(`redis://127.0.0.1:${proxy.port}`, prefix);
        await Promise.all([direct.bus.ready(), proxied.bus.ready()]);

        proxy.cut();
        await vi.waitFor(() => expect(proxied.bus.connected).toBe(false));
        proxied.bus.publish(reconnectNeeded('during the outage'));
        expect(proxied.reasons()).toEqual(['during the outage']);

        proxy.restore();
        await vi.waitFor(
          () => {
            direct.bus.publish(reconnectNeeded('probe'));
            expect(proxied.reasons()).toContain('probe');
            expect(proxied.bus.connected).toBe(true);
          },
          { timeout: 20_000, interval: 250 },
        );
        proxied.bus.publish(reconnectNeeded('after the outage'));
        await vi.waitFor(() => expect(direct.reasons()).toContain('after the outage'));
        expect(direct.reasons()).not.toContain('during the outage');
        expect(proxied.reasons().filter((reason) => reason === 'after the outage')).toHaveLength(1);
      } finally {
        await proxy.close();
      }
    });

    it('publishes an owed announcement once between the replica that owes it and those taking it over', async () => {
      const prefix = uniquePrefix();
      const owing = replica(url, prefix);
      const others = [replica(url, prefix), replica(url, prefix)];
      const all = [owing, ...others];
      await Promise.all(all.map(({ bus }) => bus.ready()));
      const [second, third] = others.map(({ bus }) => bus);
      if (!second || !third) throw new Error('two other replicas expected');
      const inAnHour = Date.now() + 3_600_000;

      // Nothing owed: an announcement is published by the one that made it, and by nobody as overdue.
      expect(await owing.bus.publishOwed(reconnectNeeded('not owed'), 'n', 'first')).toBe(true);
      expect(await second.publishOwed(reconnectNeeded('not owed, overdue'), 'n', 'overdue')).toBe(false);

      // Owed and made in time: never overdue.
      expect(await owing.bus.owe([{ key: 'a', context: 'of a' }], inAnHour)).toBe(true);
      expect(await second.overdueAnnouncements(10)).toEqual([]);
      expect(await owing.bus.publishOwed(reconnectNeeded('a'), 'a', 'first')).toBe(true);

      // Owed past its time (the replica died after its draw): two replicas race, one publishes it; the
      // owing replica, had it only been slow, finds it published.
      expect(await owing.bus.owe([{ key: 'b', context: 'of b' }], Date.now() - 1)).toBe(true);
      expect(await third.overdueAnnouncements(10)).toEqual([{ key: 'b', context: 'of b' }]);
      const raced = await Promise.all([
        second.publishOwed(reconnectNeeded('b overdue'), 'b', 'overdue'),
        third.publishOwed(reconnectNeeded('b overdue'), 'b', 'overdue'),
      ]);
      expect(raced.filter(Boolean)).toHaveLength(1);
      expect(await owing.bus.publishOwed(reconnectNeeded('b late'), 'b', 'first')).toBe(false);
      expect(await second.overdueAnnouncements(10)).toEqual([]);

      // One whose draw is not done yet is looked at later; one that will never be drawn is dropped.
      await owing.bus.owe(
        [
          { key: 'c', context: 'of c' },
          { key: 'd', context: 'of d' },
        ],
        Date.now() - 1,
      );
      await second.postponeOwed('c', inAnHour);
      await second.forgetOwed('d');
      expect(await third.overdueAnnouncements(10)).toEqual([]);
      expect(await third.publishOwed(reconnectNeeded('d overdue'), 'd', 'overdue')).toBe(false);

      owing.bus.publish(reconnectNeeded('marker'));
      await vi.waitFor(() => {
        for (const { reasons } of all) expect(reasons()).toContain('marker');
      });
      for (const { reasons } of all) {
        expect(reasons()).toEqual(['not owed', 'a', 'b overdue', 'marker']);
      }
    });
  });
});

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { deleteBusKeys } from '../events/redis-keys.ts';
import { startTcpProxy, type TcpProxy } from '../events/tcp-proxy.ts';
import { asService } from '../helpers/app.ts';
import { viewers } from '../helpers/fixtures.ts';
import { useWorld } from '../helpers/world.ts';
import { type ApiReplica, idsNotGrowing, startApiReplica } from './api-replica.ts';
import { readLedger, unverifiedProofs } from './draw-ledger.ts';

const REDIS_URL = process.env.TEST_REDIS_URL;
const CYCLES = 3;
const DRAWS_PER_PHASE = 4;
/** Entrants of each replica's draws: a draw's replica shows in its event (`eligibleCount`). */
const ENTRANTS = { a: 10, b: 12 } as const;

/**
 * When a draw was announced: with both replicas on Redis (and its fan-out awaited before the next cut),
 * around a cut (its publication may have been on the wire), or while "a" had no Redis.
 */
type Moment = 'connected' | 'in flight' | 'outage';

// SPEC §9 "Faults": Redis taken away and back (a TCP proxy cut) between two API replicas on one database
// while both draw. Replica "a" reaches Redis through the proxy, "b" directly. A draw must reach its own
// replica's subscribers once, through Redis or, while Redis is away, in process; a draw announced while
// both are connected reaches both, once. Pub/sub keeps nothing for a replica that is away: what the
// other replica announced meanwhile is not replayed to it.
describe.runIf(REDIS_URL)(
  REDIS_URL
    ? 'Redis lost and back while two API replicas draw'
    : 'Redis faults (skipped: TEST_REDIS_URL is unset)',
  () => {
    const world = useWorld();
    const prefix = `kinoyu-test:faults:${process.pid}:${Date.now()}:`;
    let proxy: TcpProxy;
    let a: ApiReplica<'a'>;
    let b: ApiReplica<'b'>;

    beforeAll(async () => {
      const redis = new URL(REDIS_URL ?? '');
      proxy = await startTcpProxy({ host: redis.hostname, port: Number(redis.port || 6379) });
      const database = world.database;
      a = await startApiReplica('a', { database, url: `redis://127.0.0.1:${proxy.port}`, prefix });
      b = await startApiReplica('b', { database, url: REDIS_URL ?? '', prefix });
      await Promise.all([a.bus.ready(), b.bus.ready()]);
    });
    afterAll(async () => {
      await a?.close();
      await b?.close();
      await proxy?.close();
      if (REDIS_URL) await deleteBusKeys(REDIS_URL, [prefix]);
    });

    it('delivers every draw once to its own replica, to both while connected, with growing ids', async () => {
      const channel = await world.given.channel({ prizes: [{ name: 'pin', weight: 1, quantity: 500 }] });
      const draws = new Map<number, { replica: ApiReplica<'a' | 'b'>; moment: Moment }>();
      const keys: string[] = [];
      const other = (replica: ApiReplica<'a' | 'b'>) => (replica === a ? b : a);
      let cuts = 0;

      /** DRAWS_PER_PHASE draws on each replica at once: their raffle ids. */
      const drawPhase = async (phase: string, moment: Moment) =>
        Promise.all(
          [a, b].flatMap((replica) =>
            Array.from({ length: DRAWS_PER_PHASE }, async (_, index) => {
              const key = `redis-${phase}-${replica.name}-${index}`;
              keys.push(key);
              const response = await replica.app.inject({
                method: 'POST',
                url: `/api/v1/channels/${channel.login}/raffles`,
                headers: asService,
                payload: { winners: 1, idempotencyKey: key, entrants: viewers(ENTRANTS[replica.name]) },
              });
              expect(response.statusCode, key).toBe(201);
              const id: number = response.json().raffleId;
              draws.set(id, { replica, moment });
              return id;
            }),
          ),
        );
      /**
       * Draws with a cut in the middle: as soon as b receives one of a's new draws, Redis has run its
       * publication while a's reply, a's own copy and a's next publications are still on their way.
       */
      const drawPhaseCut = async (phase: string) => {
        let cut = false;
        const cutNow = () => {
          if (cut) return;
          cut = true;
          proxy.cut();
          cuts += 1;
        };
        const stop = b.bus.subscribe((event) => {
          const fromA = event.type === 'raffle.drawn' && event.raffle.eligibleCount === ENTRANTS.a;
          if (fromA && !draws.has(event.raffleId)) cutNow();
        });
        try {
          await drawPhase(phase, 'in flight');
        } finally {
          stop();
          cutNow();
        }
      };
      /** Waits until both replicas received every one of `ids` (a lost one fails here, by its deadline). */
      const fannedOut = (ids: readonly number[]) =>
        vi.waitFor(
          () => {
            for (const replica of [a, b]) {
              const missing = ids.filter((id) => !replica.drawn().includes(id));
              expect(missing, `draws replica ${replica.name} did not receive`).toEqual([]);
            }
          },
          { timeout: 10_000, interval: 50 },
        );
      /** Publishes `reason` from `from` until both replicas received it through Redis. */
      const crossesOver = (reason: string) =>
        vi.waitFor(
          () => {
            for (const from of [a, b]) {
              from.bus.publish({ type: 'channel.reconnect_needed', channel: 'probe', channelId: 0, reason });
            }
            expect(a.bus.connected && b.bus.connected).toBe(true);
            for (const replica of [a, b]) {
              const seen = replica.received.filter(
                ({ event }) => event.type === 'channel.reconnect_needed' && event.reason === reason,
              );
              // Two copies: its own and the other replica's (only Redis brings that one).
              expect(seen.length, `${reason} on ${replica.name}`).toBeGreaterThanOrEqual(2);
            }
          },
          { timeout: 20_000, interval: 250 },
        );

      for (let cycle = 0; cycle < CYCLES; cycle += 1) {
        await fannedOut(await drawPhase(`up${cycle}`, 'connected'));
        await drawPhaseCut(`cut${cycle}`);
        await vi.waitFor(() => expect(a.bus.connected).toBe(false));
        await drawPhase(`down${cycle}`, 'outage');
        proxy.restore();
        await crossesOver(`restored ${cycle}`);
      }
      await fannedOut(await drawPhase('after', 'connected'));
      // Everything published before a marker arrived before it: a late or repeated copy shows by now.
      await crossesOver('marker');

      const doubled = [a, b].flatMap((replica) =>
        replica
          .drawn()
          .filter((id, index, ids) => ids.indexOf(id) !== index)
          .map((id) => `${replica.name}:${id}`),
      );
      const lost = [...draws].flatMap(([id, { replica, moment }]) => [
        ...(replica.drawn().includes(id) ? [] : [`${id} on ${replica.name}, its own (${moment})`]),
        ...(moment !== 'connected' || other(replica).drawn().includes(id)
          ? []
          : [`${id} on ${other(replica).name}`]),
      ]);
      expect(doubled).toEqual([]);
      expect(lost).toEqual([]);
      expect(idsNotGrowing(a.received)).toEqual([]);
      expect(idsNotGrowing(b.received)).toEqual([]);

      const ledger = await readLedger(world.database.db, [channel.id]);
      expect(ledger.raffles.map((raffle) => raffle.idempotencyKey).sort()).toEqual([...keys].sort());
      expect(ledger.drawnIds).toHaveLength(keys.length);
      expect(ledger.pendingIds).toEqual([]);
      expect(await unverifiedProofs(a.app, ledger.drawnIds)).toEqual([]);

      const faulted = [...draws].filter(([, { moment }]) => moment !== 'connected');
      const crossed = faulted.filter(([id, { replica }]) => other(replica).drawn().includes(id)).length;
      const delivered = a.drawn().length + b.drawn().length;
      console.log(
        `faults: redis — ${cuts} cuts (connections dropped, refused, restored) during ${keys.length} draws on 2 replicas: ` +
          `${keys.length} raffle.drawn published, ${delivered} delivered (${draws.size - faulted.length} connected ` +
          `to both; ${faulted.length} in flight at a cut or in the outage to their own replica, ${crossed} of them ` +
          `to the other too), ${lost.length} lost, ${doubled.length} doubled, ids growing on both subscribers, ` +
          `${ledger.drawnIds.length} proofs verified`,
      );
    }, 60_000);
  },
);

import { randomInt } from 'node:crypto';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../src/api/services.ts';
import type { Channel } from '../../src/channels/channel-repository.ts';
import { asService } from '../helpers/app.ts';
import { viewers } from '../helpers/fixtures.ts';
import { servicesWithFakeTwitch } from '../helpers/twitch.ts';
import { useWorld } from '../helpers/world.ts';
import { inParallel, notAnnouncedOnce, readLedger, unverifiedProofs } from './draw-ledger.ts';

const POSTGRES = process.env.TEST_DATABASE_URL;
const DRAWS = 80;
const CLIENTS = 6;
/** A client gives up after this many 5xx answers for one draw: the suite fails rather than loops. */
const MAX_ATTEMPTS = 40;
/** Draws completed between two rounds of terminations. */
const KILL_EVERY = 4;

// SPEC §9 "Faults": the app pool's PostgreSQL backends are terminated (pg_terminate_backend, as a
// server restart or a failover does to them) again and again while one-off draws and session ticks run.
describe.runIf(POSTGRES)(
  POSTGRES
    ? 'PostgreSQL connections terminated in the middle of draws'
    : 'PostgreSQL connection faults (skipped: TEST_DATABASE_URL is unset, and PGlite has no server connections to terminate)',
  () => {
    const world = useWorld({
      twitch: true,
      app: true,
      events: true,
      sandboxChannel: true,
      poolSize: 10,
      logger: pino({ level: process.env.FAULT_DEBUG ? 'error' : 'silent' }),
    });
    let admin: pg.Client;
    let scheduler: Services['scheduler'];

    beforeAll(async () => {
      admin = new pg.Client({ connectionString: world.database.url });
      await admin.connect();
      world.twitch.setChatterCount(40);
      // A scheduler of its own, whose lease on a session draw left pending by a failed pass is 1 s.
      const services = await servicesWithFakeTwitch(world.database, world.twitch, pino({ level: 'silent' }), {
        scheduler: { leaseSeconds: 1 },
      });
      scheduler = services.scheduler;
      services.events.subscribe((event) => world.events.push(event));
    });
    afterAll(async () => {
      await admin?.end();
    });

    /** Terminates every backend of the test database but the admin's own; returns how many. */
    const terminateBackends = async () => {
      const { rows } = await admin.query<{ terminated: number }>(
        `select count(*) filter (where pg_terminate_backend(pid))::int as terminated
           from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
      );
      return rows[0]?.terminated ?? 0;
    };

    it('draws each request exactly once, oversells nothing and keeps every proof valid while backends die', async () => {
      const oneOff = await world.given.channel({
        prizes: [
          { name: 'skin dourada', weight: 50, quantity: 40 },
          { name: 'chave', weight: 50, quantity: null },
        ],
      });
      const session = await startSession(world.channel);
      const startingStock = new Map(
        (await world.given.items.list(oneOff.id)).map((item) => [item.id, item.quantity] as const),
      );

      let inFlight = 0;
      let serverErrors = 0;
      let running = true;
      let faults = 0;
      let failedPasses = 0;
      const answers = new Map<string, { status: number; raffleId: number }>();
      const progress = progressSignal();

      const drawOnce = (key: string) => async () => {
        const entrants = viewers(20 + randomInt(30));
        for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
          inFlight += 1;
          const response = await world.app
            .inject({
              method: 'POST',
              url: `/api/v1/channels/${oneOff.login}/raffles`,
              headers: asService,
              payload: { winners: 2, idempotencyKey: key, entrants },
            })
            .finally(() => {
              inFlight -= 1;
            });
          if (response.statusCode < 500) {
            answers.set(key, { status: response.statusCode, raffleId: response.json().raffleId });
            progress.made();
            return;
          }
          serverErrors += 1;
        }
        throw new Error(`draw ${key}: still 5xx after ${MAX_ATTEMPTS} attempts`);
      };
      // Each round waits for a few more draws to complete (so every round lets the run progress), then
      // 0-40 ms more, then terminates every backend: most rounds catch draws half way.
      const killer = (async () => {
        while (running) {
          await progress.next(KILL_EVERY);
          await new Promise((resolve) => setTimeout(resolve, randomInt(40)));
          const busy = inFlight > 0;
          const terminated = await terminateBackends();
          if (busy) faults += terminated;
        }
      })();
      const ticker = (async () => {
        while (running) {
          await world.database.db
            .updateTable('raffle_sessions')
            .set({ next_draw_at: new Date(Date.now() - 1000) })
            .where('id', '=', session)
            .execute()
            .catch(() => undefined);
          await scheduler.runOnce().catch(() => {
            failedPasses += 1;
          });
        }
      })();

      const started = performance.now();
      try {
        const keys = Array.from({ length: DRAWS }, (_, index) => `fault-pg-${index}`);
        await inParallel(
          CLIENTS,
          keys.map((key) => drawOnce(key)),
        );
      } finally {
        running = false;
        progress.made(true);
        await Promise.all([killer, ticker]);
      }
      const drawMs = performance.now() - started;
      if (process.env.FAULT_DEBUG) console.log('draws done', drawMs, faults, serverErrors, failedPasses);

      // Session draws left pending by a failed pass are taken over once their 1 s lease is over.
      const deadline = Date.now() + 15_000;
      // A read can still meet a pooled connection killed by the last round (the pool drops it then).
      while ((await pendingOf(session).catch(() => 1)) > 0 && Date.now() < deadline) {
        await scheduler.runOnce().catch(() => undefined);
      }

      // The pool recovered: the API answers, and a new draw goes through.
      if (process.env.FAULT_DEBUG) console.log('pending done', performance.now() - started);
      expect((await world.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
      const after = await world.app.inject({
        method: 'POST',
        url: `/api/v1/channels/${oneOff.login}/raffles`,
        headers: asService,
        payload: { idempotencyKey: 'fault-pg-after', entrants: viewers(5) },
      });
      expect(after.statusCode).toBe(201);

      const ledger = await readLedger(world.database.db, [oneOff.id], startingStock);
      const oneOffRaffles = ledger.raffles.filter((raffle) => raffle.idempotencyKey !== 'fault-pg-after');
      // Every key has exactly one raffle (the unique key enforces at most one), drawn, and it is the one
      // its client was answered with.
      expect(oneOffRaffles.map((raffle) => raffle.idempotencyKey).sort()).toEqual([...answers.keys()].sort());
      expect(answers.size).toBe(DRAWS);
      expect(oneOffRaffles.filter((raffle) => raffle.status !== 'drawn')).toEqual([]);
      for (const raffle of oneOffRaffles) {
        expect(answers.get(raffle.idempotencyKey ?? '')?.raffleId).toBe(raffle.id);
      }
      expect(ledger.pendingIds).toEqual([]);
      expect(ledger.duplicateWinners).toEqual([]);
      expect(ledger.stockErrors).toEqual([]);

      const sessionLedger = await readLedger(world.database.db, [world.channel.id]);
      const ticks = await ticksDone(session);
      expect(sessionLedger.pendingIds).toEqual([]);
      expect(sessionLedger.duplicateWinners).toEqual([]);
      // One raffle per tick at most (a tick whose draw failed before its snapshot has none), never two.
      const tickNumbers = sessionLedger.raffles.map((raffle) => raffle.sessionTick);
      expect(new Set(tickNumbers).size).toBe(tickNumbers.length);
      expect(tickNumbers.length).toBeLessThanOrEqual(ticks);

      const drawn = [...ledger.drawnIds, ...sessionLedger.drawnIds];
      expect(notAnnouncedOnce(world.events, ledger.drawnIds)).toEqual([]);
      expect(notAnnouncedOnce(world.events, sessionLedger.drawnIds)).toEqual([]);
      expect(await unverifiedProofs(world.app, drawn)).toEqual([]);
      // The run must actually have hit draws in flight, or it proves nothing.
      expect(faults).toBeGreaterThan(0);
      expect(serverErrors).toBeGreaterThan(0);

      console.log(
        `faults: postgres — ${faults} backends terminated during ${DRAWS} draws and ${ticks} session ticks ` +
          `(${serverErrors} answers 5xx and retried, ${failedPasses} scheduler passes failed), ` +
          `${oneOffRaffles.length} drawn once each, ${sessionLedger.drawnIds.length} session draws, ` +
          `${ledger.pendingIds.length + sessionLedger.pendingIds.length} pending, 0 lost, ` +
          `${drawn.length} proofs verified, draws took ${Math.round(drawMs)} ms`,
      );
    }, 60_000);

    /** Resolves `next()` when `made()` is called next: the killer waits for the run to move on. */
    function progressSignal() {
      let made = 0;
      let waiting: { until: number; resolve: () => void }[] = [];
      return {
        /** Resolves once `count` more draws have completed (or the run ends). */
        next: (count: number) =>
          new Promise<void>((resolve) => waiting.push({ until: made + count, resolve })),
        made: (finished = false) => {
          made += 1;
          for (const waiter of waiting) if (finished || waiter.until <= made) waiter.resolve();
          waiting = waiting.filter((waiter) => !finished && waiter.until > made);
        },
      };
    }

    /** Starts a session of 1-second ticks on the sandbox channel, with unlimited prizes; its id. */
    async function startSession(channel: Channel): Promise<number> {
      await world.services.settings.update(channel.id, { cooldownMinutes: 0 });
      await world.given.items.add(channel.id, [{ name: 'figurinha', weight: 1, quantity: null }]);
      const started = await world.app.inject({
        method: 'POST',
        url: `/api/v1/channels/${channel.login}/session`,
        headers: asService,
        payload: { intervalSeconds: 1 },
      });
      expect(started.statusCode).toBe(201);
      return started.json().sessionId;
    }

    async function pendingOf(sessionId: number): Promise<number> {
      const rows = await world.database.db
        .selectFrom('raffles')
        .select('id')
        .where('session_id', '=', sessionId)
        .where('status', '=', 'pending')
        .execute();
      return rows.length;
    }

    async function ticksDone(sessionId: number): Promise<number> {
      const row = await world.database.db
        .selectFrom('raffle_sessions')
        .select('ticks_done')
        .where('id', '=', sessionId)
        .executeTakeFirstOrThrow();
      return row.ticks_done;
    }
  },
);

import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Tables } from '../../src/db/tables.ts';
import type { PublishedEvent } from '../../src/events/event-bus.ts';
import { nodeSha256 } from '../../src/raffles/sha256-node.ts';
import { verifyProof } from '../../src/raffles/verify.ts';
import { asService } from '../helpers/app.ts';

/** What the database holds, after a fault run, about the raffles of some channels. */
export interface DrawLedger {
  readonly raffles: {
    id: number;
    status: string;
    idempotencyKey: string | null;
    sessionTick: number | null;
  }[];
  readonly drawnIds: number[];
  readonly pendingIds: number[];
  /** Raffles where one user holds two current slots. */
  readonly duplicateWinners: number[];
  /** Prizes given away beyond their starting stock, or whose stock does not add up. */
  readonly stockErrors: string[];
}

/**
 * Reads the raffles, winners and prizes of `channelIds`. `startingStock` maps a prize id to the
 * quantity it had before the run (null: unlimited); the stock left must be that minus the slots won.
 */
export async function readLedger(
  db: Kysely<Tables>,
  channelIds: number[],
  startingStock: ReadonlyMap<number, number | null> = new Map(),
): Promise<DrawLedger> {
  const raffles = await db
    .selectFrom('raffles')
    .select(['id', 'status', 'idempotency_key', 'session_tick'])
    .where('channel_id', 'in', channelIds)
    .orderBy('id')
    .execute();
  const duplicates = await db
    .selectFrom('raffle_winners')
    .select('raffle_id')
    .where('channel_id', 'in', channelIds)
    .where('replaced_at', 'is', null)
    .groupBy(['raffle_id', 'user_id'])
    .having((eb) => eb.fn.countAll(), '>', 1)
    .execute();
  const given = await db
    .selectFrom('raffle_winners')
    .select(['item_id', (eb) => eb.fn.countAll<string>().as('slots')])
    .where('channel_id', 'in', channelIds)
    .where('item_id', 'is not', null)
    .groupBy('item_id')
    .execute();
  const items = await db
    .selectFrom('items')
    .select(['id', 'quantity'])
    .where('channel_id', 'in', channelIds)
    .execute();
  const stockErrors: string[] = [];
  for (const item of items) {
    if (!startingStock.has(item.id)) continue;
    const start = startingStock.get(item.id) ?? null;
    const slots = Number(given.find((row) => row.item_id === item.id)?.slots ?? 0);
    if (start === null) {
      if (item.quantity !== null) stockErrors.push(`prize ${item.id}: unlimited, now ${item.quantity}`);
    } else if (slots > start || item.quantity !== start - slots) {
      stockErrors.push(`prize ${item.id}: ${start} in stock, ${slots} given, ${item.quantity} left`);
    }
  }
  return {
    raffles: raffles.map((row) => ({
      id: row.id,
      status: row.status,
      idempotencyKey: row.idempotency_key,
      sessionTick: row.session_tick,
    })),
    drawnIds: raffles.filter((row) => row.status === 'drawn').map((row) => row.id),
    pendingIds: raffles.filter((row) => row.status === 'pending').map((row) => row.id),
    duplicateWinners: [...new Set(duplicates.map((row) => row.raffle_id))],
    stockErrors,
  };
}

/** The raffles among `ids` whose public proof (GET /api/v1/raffles/:id/proof) does not verify. */
export async function unverifiedProofs(app: FastifyInstance, ids: readonly number[]): Promise<string[]> {
  const failures: string[] = [];
  for (const id of ids) {
    // With the service token: a run of a hundred proofs is not a crowd at the public budget.
    const response = await app.inject({
      method: 'GET',
      url: `/api/v1/raffles/${id}/proof`,
      headers: asService,
    });
    if (response.statusCode !== 200) {
      failures.push(`${id}: proof answered ${response.statusCode}`);
      continue;
    }
    const verdict = await verifyProof(response.json(), nodeSha256);
    if (!verdict.ok) failures.push(`${id}: ${verdict.problems.map((problem) => problem.code).join(', ')}`);
  }
  return failures;
}

/** How many `raffle.drawn` events each raffle got (a draw is announced once, by the call that drew it). */
export function announcementsPerRaffle(events: readonly PublishedEvent[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const event of events) {
    if (event.type === 'raffle.drawn') counts.set(event.raffleId, (counts.get(event.raffleId) ?? 0) + 1);
  }
  return counts;
}

/** The raffles among `ids` not announced exactly once, as "id×count". */
export function notAnnouncedOnce(events: readonly PublishedEvent[], ids: readonly number[]): string[] {
  const counts = announcementsPerRaffle(events);
  return ids.filter((id) => counts.get(id) !== 1).map((id) => `${id}×${counts.get(id) ?? 0}`);
}

/** Runs `tasks` with at most `width` in flight at once. */
export async function inParallel<T>(width: number, tasks: readonly (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next;
      next += 1;
      results[index] = await (tasks[index] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, tasks.length) }, worker));
  return results;
}

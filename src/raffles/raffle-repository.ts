import { randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Database, RawTransaction } from '../db/database.ts';
import type { Executor } from '../db/executor.ts';
import type { Tables } from '../db/tables.ts';
import { type BeaconChain, type BeaconRound, roundTimeMs } from './beacon.ts';
import { formatWeight, inUserIdOrder } from './draw-algorithm.ts';
import { type RaffleResult, toRaffleResult } from './raffle-result.ts';

/** One row of an entrant snapshot; `excludedReason` set means listed in the proof but not drawable. */
export interface SnapshotEntrant {
  readonly userId: string;
  readonly login: string;
  readonly weight: number;
  readonly excludedReason?: string | null;
}

export interface NewRaffle {
  readonly channelId: number;
  readonly winnersRequested: number;
  readonly idempotencyKey?: string | null;
  readonly sessionId?: number | null;
  readonly sessionTick?: number | null;
  /** When the session tick was due. */
  readonly dueAt?: Date | null;
  /** Only for reproducible tests and benchmarks; real raffles always get a fresh CSPRNG seed. */
  readonly seed?: string;
}

/** The columns of raffle_entrants that a snapshot COPY fills, in payload order. */
export const ENTRANT_COLUMNS = ['raffle_id', 'user_id', 'login', 'weight', 'excluded_reason'] as const;

const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** Escapes a value for COPY's text format (backslash, tab, new line, carriage return). */
function copyField(value: string): string {
  // Twitch ids and logins never need it: test first, replace only when needed (hot path at 1M rows).
  return COPY_SPECIAL.test(value) ? value.replace(/[\\\t\n\r]/g, (char) => COPY_ESCAPES[char] ?? '') : value;
}

/** How many entrants each piece of a streamed snapshot COPY holds (about 140 KB of text). */
const COPY_CHUNK_ROWS = 5000;

/**
 * The COPY text payload of an entrant snapshot in pieces of COPY_CHUNK_ROWS lines, made as they are
 * asked for: one line per entrant, in ENTRANT_COLUMNS order and in user-id order (inUserIdOrder). Sent
 * piece by piece, PostgreSQL writes one piece while the next is being made (the two run on separate
 * cores): at 100,000 entrants making the text takes about 100 ms and the insert about 250.
 */
export function* snapshotCopyChunks(
  raffleId: number,
  entrants: readonly SnapshotEntrant[],
): Generator<string> {
  let lines: string[] = [];
  for (const entrant of inUserIdOrder(entrants)) {
    const reason = entrant.excludedReason ? copyField(entrant.excludedReason) : '\\N';
    const login = copyField(entrant.login.toLowerCase());
    lines.push(
      `${raffleId}\t${copyField(entrant.userId)}\t${login}\t${formatWeight(entrant.weight)}\t${reason}\n`,
    );
    if (lines.length === COPY_CHUNK_ROWS) {
      yield lines.join('');
      lines = [];
    }
  }
  if (lines.length > 0) yield lines.join('');
}

/** The whole COPY text payload of an entrant snapshot at once (snapshotCopyChunks joined). */
export function snapshotCopyPayload(raffleId: number, entrants: readonly SnapshotEntrant[]): string {
  return [...snapshotCopyChunks(raffleId, entrants)].join('');
}

/**
 * Snapshots up to this size are frozen and drawn in one statement (snapshot_and_draw, one round trip);
 * bigger ones go through COPY, which is faster per row.
 */
export const ONE_STATEMENT_SNAPSHOT = 1000;

/** A snapshot as snapshot_and_draw takes it: JSON rows, logins in lower case, weights as decimals. */
function snapshotJson(entrants: readonly SnapshotEntrant[]): string {
  return JSON.stringify(
    entrants.map((entrant) => ({
      u: entrant.userId,
      l: entrant.login.toLowerCase(),
      w: formatWeight(entrant.weight),
      r: entrant.excludedReason ?? null,
    })),
  );
}

/** Raffles: creation with a committed seed, the snapshot + draw transaction, redraws and reads. */
export class RaffleRepository {
  /**
   * @param oneStatementUpTo the biggest snapshot frozen in one statement (tests set 0 to force COPY).
   */
  constructor(
    private readonly database: Database,
    private readonly oneStatementUpTo = ONE_STATEMENT_SNAPSHOT,
  ) {}

  /** Chains whose beacon_chains row this process has written (see anchorToRound). */
  readonly #storedChains = new Set<string>();

  private get db(): Kysely<Tables> {
    return this.database.db;
  }

  /**
   * Creates a pending raffle with a fresh 32-byte seed (CSPRNG) and its SHA-256 commitment.
   * With an idempotency key already used on this channel, returns that raffle with `created: false`.
   */
  async createPending(
    raffle: NewRaffle,
    executor: Executor = this.db,
  ): Promise<{ id: number; commitment: string; created: boolean }> {
    const seed = raffle.seed ?? randomBytes(32).toString('hex');
    const inserted = await executor
      .insertInto('raffles')
      .values({
        channel_id: raffle.channelId,
        winners_requested: raffle.winnersRequested,
        idempotency_key: raffle.idempotencyKey ?? null,
        session_id: raffle.sessionId ?? null,
        session_tick: raffle.sessionTick ?? null,
        due_at: raffle.dueAt ?? null,
        draw_attempt_at: raffle.sessionId != null ? new Date() : null,
        seed,
        commitment: sql<string>`encode(sha256(convert_to(${seed}, 'UTF8')), 'hex')`,
      })
      .onConflict((conflict) => conflict.doNothing())
      .returning(['id', 'commitment'])
      .executeTakeFirst();
    if (inserted) return { id: inserted.id, commitment: inserted.commitment, created: true };
    const existing = await executor
      .selectFrom('raffles')
      .select(['id', 'commitment'])
      .where((eb) =>
        raffle.sessionId != null
          ? eb.and([
              eb('session_id', '=', raffle.sessionId),
              eb('session_tick', '=', raffle.sessionTick ?? -1),
            ])
          : eb.and([
              eb('channel_id', '=', raffle.channelId),
              eb('idempotency_key', '=', raffle.idempotencyKey ?? ''),
            ]),
      )
      .executeTakeFirstOrThrow();
    return { id: existing.id, commitment: existing.commitment, created: false };
  }

  /**
   * In one transaction: freezes the entrant snapshot with COPY (unless this raffle already has one:
   * a snapshot is taken once) and calls make_raffle. Entrants must have distinct user ids.
   */
  async snapshotAndDraw(raffleId: number, entrants: readonly SnapshotEntrant[]): Promise<RaffleResult> {
    return (await this.snapshotAndDrawOnce(raffleId, entrants)).result;
  }

  /**
   * snapshotAndDraw that also says whether this call did the draw (`drewNow`) or found it already done
   * by another caller: only the caller that drew announces it.
   */
  async snapshotAndDrawOnce(
    raffleId: number,
    entrants: readonly SnapshotEntrant[],
    rosterAt: Date | null = null,
  ): Promise<{ result: RaffleResult; drewNow: boolean }> {
    if (entrants.length <= this.oneStatementUpTo) {
      const { rows } = await sql<{ outcome: { drewNow: boolean; result: Record<string, unknown> } }>`
        select snapshot_and_draw(${raffleId}, ${snapshotJson(entrants)}::jsonb, ${rosterAt}) as outcome`.execute(
        this.db,
      );
      const outcome = rows[0]?.outcome;
      return { result: toRaffleResult(outcome?.result ?? {}), drewNow: outcome?.drewNow === true };
    }
    return this.database.withRawTransaction(async (transaction) => {
      const status = await this.#snapshot(transaction, raffleId, entrants, rosterAt);
      const [row] = await transaction.query<{ result: Record<string, unknown> }>(
        'select make_raffle($1) as result',
        [raffleId],
      );
      return { result: toRaffleResult(row?.result ?? {}), drewNow: status === 'pending' };
    });
  }

  /**
   * Locks the raffle and, when it is pending without a snapshot, writes its entrants with COPY and the
   * snapshot time. Returns the raffle's status as found (undefined: no such raffle).
   */
  async #snapshot(
    transaction: RawTransaction,
    raffleId: number,
    entrants: readonly SnapshotEntrant[],
    rosterAt: Date | null,
  ): Promise<string | undefined> {
    const [raffle] = await transaction.query<{ status: string; snapshot_at: Date | null }>(
      'select status, snapshot_at from raffles where id = $1 for update',
      [raffleId],
    );
    if (raffle?.status === 'pending' && raffle.snapshot_at === null) {
      if (entrants.length > 0) {
        await transaction.copyFrom(
          'raffle_entrants',
          ENTRANT_COLUMNS,
          snapshotCopyChunks(raffleId, entrants),
        );
      }
      await transaction.query('update raffles set snapshot_at = now(), roster_at = $2 where id = $1', [
        raffleId,
        rosterAt,
      ]);
    }
    return raffle?.status;
  }

  /**
   * SPEC §4.1 step 1: in one transaction, the entrant snapshot (once, as in snapshotAndDrawOnce) and its
   * freezing — exclusions, digest, `snapshotAt` in whole milliseconds — without drawing. The result
   * carries the digest and snapshotAt the beacon round is chosen from.
   */
  async snapshotAndFreeze(
    raffleId: number,
    entrants: readonly SnapshotEntrant[],
    rosterAt: Date | null = null,
  ): Promise<RaffleResult> {
    if (entrants.length <= this.oneStatementUpTo) {
      const { rows } = await sql<{ result: Record<string, unknown> }>`
        select snapshot_and_freeze(${raffleId}, ${snapshotJson(entrants)}::jsonb, ${rosterAt}) as result`.execute(
        this.db,
      );
      return toRaffleResult(rows[0]?.result ?? {});
    }
    return this.database.withRawTransaction(async (transaction) => {
      await this.#snapshot(transaction, raffleId, entrants, rosterAt);
      const [row] = await transaction.query<{ result: Record<string, unknown> }>(
        'select freeze_raffle($1) as result',
        [raffleId],
      );
      return toRaffleResult(row?.result ?? {});
    });
  }

  /**
   * SPEC §4.1 step 2: anchors a frozen, pending raffle to `round` of `chain` (the chain is recorded for
   * the proof). Once: false when the raffle is not pending, not frozen, or already has its round.
   */
  async anchorToRound(raffleId: number, chain: BeaconChain, round: number): Promise<boolean> {
    // The chain's row is written once per process (rows are never deleted): then anchoring is one update.
    if (!this.#storedChains.has(chain.chainHash)) {
      await this.db
        .insertInto('beacon_chains')
        .values({
          chain_hash: chain.chainHash,
          public_key: chain.publicKey,
          scheme: chain.scheme,
          period: chain.period,
          genesis_time: chain.genesisTime,
        })
        .onConflict((conflict) => conflict.column('chain_hash').doNothing())
        .execute();
      this.#storedChains.add(chain.chainHash);
    }
    const anchored = await this.db
      .updateTable('raffles')
      .set({
        beacon_chain_hash: chain.chainHash,
        beacon_round: round,
        beacon_round_at: new Date(roundTimeMs(chain, round)),
      })
      .where('id', '=', raffleId)
      .where('status', '=', 'pending')
      .where('entrants_digest', 'is not', null)
      .where('beacon_round', 'is', null)
      .executeTakeFirst();
    return anchored.numUpdatedRows > 0n;
  }

  /**
   * SPEC §4.1 step 3: stores the round — fetched and verified by the caller — and draws with drawSeed.
   * `drewNow` as in snapshotAndDrawOnce; a round other than the one the raffle is anchored to changes
   * nothing (and nothing is drawn).
   */
  async drawWithRound(
    raffleId: number,
    beacon: BeaconRound,
  ): Promise<{ result: RaffleResult; drewNow: boolean }> {
    const { rows } = await sql<{ outcome: { drewNow: boolean; result: Record<string, unknown> } }>`
      select draw_with_round(${raffleId}, ${beacon.round}, ${beacon.signature}, ${beacon.randomness}) as outcome`.execute(
      this.db,
    );
    const outcome = rows[0]?.outcome;
    return { result: toRaffleResult(outcome?.result ?? {}), drewNow: outcome?.drewNow === true };
  }

  /**
   * Makes void, with reason `beacon_unavailable`, the raffles still waiting `afterSeconds` after their
   * round's time (SPEC §4.1: never drawn without its round; the seed stays secret).
   */
  async voidWithoutBeacon(afterSeconds: number): Promise<{ raffleId: number; channelId: number }[]> {
    const rows = await this.db
      .updateTable('raffles')
      .set({ status: 'void', void_reason: 'beacon_unavailable', drawn_at: sql<Date>`clock_timestamp()` })
      .where('status', '=', 'pending')
      .where('beacon_round', 'is not', null)
      .where('beacon_randomness', 'is', null)
      .where('beacon_round_at', '<', sql<Date>`now() - make_interval(secs => ${afterSeconds})`)
      .returning(['id', 'channel_id'])
      .execute();
    return rows.map((row) => ({ raffleId: row.id, channelId: row.channel_id }));
  }

  /**
   * Takes (with a lease of `leaseSeconds`, FOR UPDATE SKIP LOCKED: one replica each) up to `limit`
   * raffles still waiting for their round `graceMs` after its time: whoever was waiting gave up (a
   * one-off draw answered 202) or died. The waiter asks the relays again for them.
   */
  async claimAwaitingBeacon(
    graceMs: number,
    leaseSeconds: number,
    limit: number,
  ): Promise<{ raffleId: number; channelId: number }[]> {
    const { rows } = await sql<{ id: number; channel_id: number }>`
      update raffles set draw_attempt_at = now()
       where id in (
         select id from raffles
          where status = 'pending' and beacon_round is not null and beacon_randomness is null
            and beacon_round_at < now() - make_interval(secs => ${graceMs / 1000})
            and (draw_attempt_at is null
                 or draw_attempt_at < now() - make_interval(secs => ${leaseSeconds}))
          order by beacon_round_at
          limit ${limit}
          for update skip locked)
      returning id, channel_id`.execute(this.db);
    return rows.map((row) => ({ raffleId: Number(row.id), channelId: Number(row.channel_id) }));
  }

  /** Deletes a raffle that is still pending (its entrants could not be gathered). */
  async discardPending(raffleId: number): Promise<void> {
    await this.db.deleteFrom('raffles').where('id', '=', raffleId).where('status', '=', 'pending').execute();
  }

  /**
   * Makes void, with reason `interrupted`, the one-off raffles still pending `leaseSeconds` after they
   * were created: the process drawing them died between the commitment and the draw. Their seed stays
   * secret (raffle_result and the proof never reveal it). A session's pending draw is not touched: the
   * scheduler takes it over instead.
   */
  async voidInterrupted(leaseSeconds: number): Promise<{ raffleId: number; channelId: number }[]> {
    const rows = await this.db
      .updateTable('raffles')
      .set({ status: 'void', void_reason: 'interrupted' })
      .where('status', '=', 'pending')
      .where('session_id', 'is', null)
      .where('created_at', '<', sql<Date>`now() - make_interval(secs => ${leaseSeconds})`)
      .returning(['id', 'channel_id'])
      .execute();
    return rows.map((row) => ({ raffleId: row.id, channelId: row.channel_id }));
  }

  /** Redraws one slot (reroll_raffle); the status says 'rerolled' or why not. */
  async reroll(raffleId: number, position: number): Promise<RaffleResult & { rerollStatus: string }> {
    const { rows } = await sql<{
      result: Record<string, unknown>;
    }>`select reroll_raffle(${raffleId}, ${position}) as result`.execute(this.db);
    const json = rows[0]?.result ?? {};
    const rerollStatus = String(json.status);
    if (rerollStatus === 'not_found') return { rerollStatus } as RaffleResult & { rerollStatus: string };
    return { ...toRaffleResult({ ...json, status: 'drawn' }), rerollStatus };
  }

  /** The channel a raffle belongs to. */
  async channelOf(raffleId: number): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('raffles')
      .select('channel_id')
      .where('id', '=', raffleId)
      .executeTakeFirst();
    return row?.channel_id;
  }

  async result(raffleId: number): Promise<RaffleResult | undefined> {
    const { rows } = await sql<{
      result: Record<string, unknown> | null;
    }>`select raffle_result(${raffleId}) as result`.execute(this.db);
    const json = rows[0]?.result;
    return json ? toRaffleResult(json) : undefined;
  }

  /** A channel's raffles, newest first; `before` is the id to continue below (keyset pagination). */
  async history(channelId: number, limit: number, before?: number): Promise<RaffleResult[]> {
    const { rows } = await sql<{ result: Record<string, unknown> }>`
      select raffle_result(id) as result from raffles
       where channel_id = ${channelId} and (${before ?? null}::bigint is null or id < ${before ?? null}::bigint)
       order by id desc limit ${limit}`.execute(this.db);
    return rows.map((row) => toRaffleResult(row.result));
  }
}

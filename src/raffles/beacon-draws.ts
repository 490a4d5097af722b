// The §4.1 steps between a frozen snapshot and its draw: choose the round, anchor the raffle to it,
// wait for it (fetched and verified by src/drand/), draw with drawSeed. The database keeps the state
// (migration 0012), so any replica can finish a raffle another one anchored.
import type { Logger } from 'pino';
import type { DrandRelays } from '../drand/relay-client.ts';
import { BeaconUnavailableError } from '../drand/relay-failure.ts';
import { sleepFor } from '../drand/waiting.ts';
import { AppError } from '../errors.ts';
import { type BeaconChain, drawRoundFor, roundTimeMs } from './beacon.ts';
import type { RaffleRepository } from './raffle-repository.ts';
import type { RaffleResult } from './raffle-result.ts';

/** SPEC §4.1: a one-off draw answers 202 (still pending) when its round has not come this long after its time. */
export const ROUND_GRACE_MS = 2000;
/** SPEC §4.1: a raffle still without its round this long after the round's time is void (`beacon_unavailable`). */
export const BEACON_VOID_AFTER_SECONDS = 120;

/** A frozen raffle could not be tied to a round: no relay gave the chain (nothing was published). */
export function beaconUnavailable(cause?: unknown): AppError {
  const error = new AppError(
    503,
    'beacon_unavailable',
    'No drand relay answered, so the draw could not be tied to a public round. Nothing was drawn: try again in a moment.',
  );
  if (cause) error.cause = cause;
  return error;
}

/** What waiting for a round gave: the draw (as snapshotAndDrawOnce says it), or nothing in time. */
export type RoundDraw = { readonly result: RaffleResult; readonly drewNow: boolean } | undefined;

export class BeaconDraws {
  constructor(private readonly deps: { relays: DrandRelays; raffles: RaffleRepository; logger: Logger }) {}

  /** The chain rounds come from (cached by the relays after the first answer). */
  chain(): Promise<BeaconChain> {
    return this.deps.relays.chain();
  }

  /** The chain's period in seconds when the relays gave the chain already (else asked in the background). */
  knownPeriod(): number | undefined {
    return this.deps.relays.knownChain()?.period;
  }

  /**
   * §4.1 step 2 for a frozen, pending raffle: the round is the first at least 1 s after `snapshotAt`,
   * stored with the chain. Returns the raffle as anchored and whether this call anchored it (only that
   * call publishes `raffle.snapshot`); a raffle anchored already keeps its round.
   * @throws AppError 503 `beacon_unavailable` when no relay gives the chain.
   */
  async anchor(frozen: RaffleResult): Promise<{ result: RaffleResult; anchoredNow: boolean }> {
    if (frozen.beacon) return { result: frozen, anchoredNow: false };
    if (frozen.snapshotAt === null) throw new Error(`raffle ${frozen.raffleId} is not frozen`);
    let chain: BeaconChain;
    try {
      chain = await this.chain();
    } catch (error) {
      if (error instanceof BeaconUnavailableError) throw beaconUnavailable(error);
      throw error;
    }
    const round = drawRoundFor(chain, Date.parse(frozen.snapshotAt));
    const anchoredNow = await this.deps.raffles.anchorToRound(frozen.raffleId, chain, round);
    if (anchoredNow) {
      // What the database now holds, without reading it back (one query less for every tick).
      const beacon = {
        chainHash: chain.chainHash,
        round,
        roundAt: new Date(roundTimeMs(chain, round)).toISOString(),
        signature: null,
        randomness: null,
      };
      return { result: { ...frozen, beacon }, anchoredNow };
    }
    // Anchored by someone else meanwhile (a repeated request): its round, as stored.
    const result = await this.deps.raffles.result(frozen.raffleId);
    if (!result) throw new Error(`raffle ${frozen.raffleId} disappeared while anchored`);
    return { result, anchoredNow };
  }

  /**
   * Waits for an anchored raffle's round until `until` (default: the round's time + ROUND_GRACE_MS),
   * and draws with it — not before `notBefore` (a session tick's due time). Undefined when the round
   * did not come in time: the raffle stays pending for the {@link BeaconWaiter}.
   */
  async drawWhenOut(
    anchored: RaffleResult,
    options: { notBefore?: number; until?: number; signal?: AbortSignal } = {},
  ): Promise<RoundDraw> {
    const beacon = anchored.beacon;
    if (!beacon) throw new Error(`raffle ${anchored.raffleId} has no round`);
    const roundAt = Date.parse(beacon.roundAt);
    const until = options.until ?? roundAt + ROUND_GRACE_MS;
    let verified: Awaited<ReturnType<DrandRelays['waitForRound']>>;
    try {
      [verified] = await Promise.all([
        this.deps.relays.waitForRound(beacon.round, { deadline: until, signal: options.signal }),
        sleepFor((options.notBefore ?? 0) - Date.now(), options.signal),
      ]);
    } catch (error) {
      if (error instanceof BeaconUnavailableError) {
        this.deps.logger.warn(
          { raffleId: anchored.raffleId, round: beacon.round, err: error },
          'drand round not fetched in time: the raffle stays pending',
        );
        return undefined;
      }
      throw error;
    }
    return this.deps.raffles.drawWithRound(anchored.raffleId, verified.beacon);
  }

  /** One pass over the relays for an anchored raffle's round, and the draw if it came (the waiter's step). */
  async drawIfOut(anchored: RaffleResult, signal?: AbortSignal): Promise<RoundDraw> {
    const beacon = anchored.beacon;
    if (!beacon) return undefined;
    const fetched = await this.deps.relays.fetchRound(beacon.round, signal);
    if (fetched.status !== 'ok') return undefined;
    return this.deps.raffles.drawWithRound(anchored.raffleId, fetched.beacon);
  }
}

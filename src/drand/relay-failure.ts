import type { BeaconProblem } from '../raffles/beacon.ts';

/**
 * Why one relay's answer was not used:
 * - `not_yet`: the relay has not published the round (drand answers 425 Too Early, older relays 404);
 * - `unreachable` / `timeout`: no answer (connection refused, DNS, reset) / none within the request timeout;
 * - `http_error`: another HTTP status (see `status`);
 * - `bad_answer`: not drand's JSON shape;
 * - `unknown_chain`: the relay does not serve the configured chain (404 on its info);
 * - `hash_mismatch`: the info names another chain hash, or its fields do not hash to the configured one;
 * - `not_the_known_chain`: the info of a chain KinoYu knows by heart (quicknet) differs from it;
 * - `wrong_round`: the answer is another round than the one asked for;
 * - a {@link BeaconProblem}: the round does not verify under the chain (a wrong signature above all).
 */
export type RelayProblem =
  | 'not_yet'
  | 'unreachable'
  | 'timeout'
  | 'http_error'
  | 'bad_answer'
  | 'unknown_chain'
  | 'hash_mismatch'
  | 'not_the_known_chain'
  | 'wrong_round'
  | BeaconProblem;

/** One relay that could not be used, and why. */
export interface RelayFailure {
  /** The relay's base URL. */
  readonly relay: string;
  readonly problem: RelayProblem;
  /** The HTTP status, when the relay answered one. */
  readonly status?: number;
  /** A short reason for a person (the network error), never the relay's whole answer. */
  readonly detail?: string;
}

/** One line per failure: `https://relay: problem (detail)`. */
export function describeFailures(failures: readonly RelayFailure[]): string {
  if (failures.length === 0) return 'no relay was asked';
  return failures
    .map((failure) => {
      const extra = failure.detail ?? (failure.status === undefined ? undefined : `HTTP ${failure.status}`);
      return `${failure.relay}: ${failure.problem}${extra ? ` (${extra})` : ''}`;
    })
    .join('; ');
}

/**
 * No relay gave a verified answer in time: the chain's info (round undefined) or a round. Carries the
 * last answer of each relay, so a caller can log why (SPEC §4.1: the raffle stays pending, then void).
 */
export class BeaconUnavailableError extends Error {
  override name = 'BeaconUnavailableError';

  constructor(
    readonly round: number | undefined,
    readonly failures: readonly RelayFailure[],
  ) {
    super(
      `${round === undefined ? 'the drand chain info' : `drand round ${round}`} could not be fetched and verified: ${describeFailures(failures)}`,
    );
  }
}

/** Faults a test switches on to see how KinoYu copes with a bad relay; all off by default. */
export interface BeaconFaults {
  /** `unavailable`: every request gets 503; `reset`: every connection is dropped unanswered. */
  down: false | 'unavailable' | 'reset';
  /** Wait this long before answering anything. */
  delayMs: number;
  /** Serve each round with the valid signature of the next round (and its matching randomness). */
  wrongSignature: boolean;
  /** Rounds never served: 404, as a relay that lost them. */
  missingRounds: Set<number>;
}

export function noFaults(): BeaconFaults {
  return { down: false, delayMs: 0, wrongSignature: false, missingRounds: new Set() };
}

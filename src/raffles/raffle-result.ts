/** A slot of a raffle and who holds it now. */
export interface Winner {
  readonly position: number;
  readonly userId: string;
  readonly login: string;
  readonly itemId: number | null;
  readonly itemName: string | null;
}

/** Why a raffle gave nothing: nobody could win, or every prize is gone. */
export type VoidReason = 'no_eligible_entrants' | 'no_prizes_left';

/** What make_raffle and reroll_raffle return (see raffle_result() in migrations/0002_make_raffle.sql). */
export interface RaffleResult {
  readonly raffleId: number;
  readonly channelId: number;
  readonly sessionId: number | null;
  readonly status: 'pending' | 'drawn' | 'void';
  readonly reason: VoidReason | null;
  readonly commitment: string;
  readonly entrantsDigest: string | null;
  readonly seed: string | null;
  readonly winnersRequested: number;
  readonly eligibleCount: number | null;
  readonly excludedCount: number | null;
  readonly createdAt: string;
  readonly drawnAt: string | null;
  readonly winners: readonly Winner[];
}

/** Converts the JSON of raffle_result() (timestamps as PostgreSQL text) into a RaffleResult. */
export function toRaffleResult(json: Record<string, unknown>): RaffleResult {
  const isoOrNull = (value: unknown) => (value == null ? null : new Date(String(value)).toISOString());
  return {
    ...(json as unknown as RaffleResult),
    createdAt: new Date(String(json.createdAt)).toISOString(),
    drawnAt: isoOrNull(json.drawnAt),
  };
}

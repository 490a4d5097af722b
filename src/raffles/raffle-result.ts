import type { Claim } from '../contract/raffle.ts';
import type { ReplacedReason, VoidReason } from '../contract/raffles.ts';

/** A slot of a raffle and who holds it now, with its claim window (null without one). */
export interface Winner {
  readonly position: number;
  readonly userId: string;
  readonly login: string;
  readonly itemId: number | null;
  readonly itemName: string | null;
  /** A secret code goes with the slot (SPEC §2.8): its holder collects it on the claim page. */
  readonly hasCode: boolean;
  readonly claim: Claim;
}

/** An earlier holder of a slot, and why it was replaced. */
export interface ReplacedHolder {
  readonly position: number;
  readonly userId: string;
  readonly login: string;
  readonly reason: ReplacedReason;
}

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
  readonly replaced: readonly ReplacedHolder[];
  /** The claim word and window of the raffle; null without claims. */
  readonly claimWord: string | null;
  readonly claimSeconds: number | null;
}

/** Converts the JSON of raffle_result() (timestamps as PostgreSQL text) into a RaffleResult. */
export function toRaffleResult(json: Record<string, unknown>): RaffleResult {
  const isoOrNull = (value: unknown) => (value == null ? null : new Date(String(value)).toISOString());
  const winners = Array.isArray(json.winners) ? (json.winners as Record<string, unknown>[]) : [];
  return {
    ...(json as unknown as RaffleResult),
    createdAt: new Date(String(json.createdAt)).toISOString(),
    drawnAt: isoOrNull(json.drawnAt),
    claimWord: (json.claimWord as string | null | undefined) ?? null,
    claimSeconds: (json.claimSeconds as number | null | undefined) ?? null,
    winners: winners.map((winner) => {
      const claim = winner.claim as Record<string, unknown> | null | undefined;
      return {
        ...(winner as unknown as Winner),
        hasCode: winner.hasCode === true,
        claim: claim
          ? {
              state: claim.state as NonNullable<Claim>['state'],
              deadline: isoOrNull(claim.deadline),
              claimedAt: isoOrNull(claim.claimedAt),
              firstMessage: (claim.firstMessage as string | null | undefined) ?? null,
              firstMessageAt: isoOrNull(claim.firstMessageAt),
            }
          : null,
      };
    }),
    replaced: Array.isArray(json.replaced) ? (json.replaced as ReplacedHolder[]) : [],
  };
}

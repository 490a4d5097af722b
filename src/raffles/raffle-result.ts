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
  /** A session draw's tick and when it was due (SPEC §5); null for a one-off draw. */
  readonly sessionTick: number | null;
  readonly dueAt: string | null;
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
  /** When the entrant snapshot was frozen (whole milliseconds); null before. */
  readonly snapshotAt: string | null;
  /** The drand round of a draw of SPEC §4.1 (signature and randomness null until fetched); null for §4. */
  readonly beacon: RaffleBeacon | null;
}

/** The beacon round a raffle is anchored to (SPEC §4.1). */
export interface RaffleBeacon {
  readonly chainHash: string;
  readonly round: number;
  /** When the round comes: genesisTime + (round − 1) × period. */
  readonly roundAt: string;
  readonly signature: string | null;
  readonly randomness: string | null;
}

/** Converts the JSON of raffle_result() (timestamps as PostgreSQL text) into a RaffleResult. */
export function toRaffleResult(json: Record<string, unknown>): RaffleResult {
  const isoOrNull = (value: unknown) => (value == null ? null : new Date(String(value)).toISOString());
  const winners = Array.isArray(json.winners) ? (json.winners as Record<string, unknown>[]) : [];
  return {
    ...(json as unknown as RaffleResult),
    createdAt: new Date(String(json.createdAt)).toISOString(),
    drawnAt: isoOrNull(json.drawnAt),
    sessionTick: (json.sessionTick as number | null | undefined) ?? null,
    dueAt: isoOrNull(json.dueAt),
    claimWord: (json.claimWord as string | null | undefined) ?? null,
    claimSeconds: (json.claimSeconds as number | null | undefined) ?? null,
    snapshotAt: isoOrNull(json.snapshotAt),
    beacon: json.beacon
      ? (() => {
          const beacon = json.beacon as Record<string, unknown>;
          return {
            chainHash: String(beacon.chainHash),
            round: Number(beacon.round),
            roundAt: new Date(String(beacon.roundAt)).toISOString(),
            signature: (beacon.signature as string | null | undefined) ?? null,
            randomness: (beacon.randomness as string | null | undefined) ?? null,
          };
        })()
      : null,
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

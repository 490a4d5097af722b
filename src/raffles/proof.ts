import { z } from 'zod';
import { CLAIM_STATES, REPLACED_REASONS } from '../contract/raffles.ts';

/** The algorithm name a proof of SPEC §4 carries. */
export const PROOF_ALGORITHM_V1 = 'kinoyu-es-sha256-v1';

/** The algorithm of SPEC §4.1: the draw also depends on a drand round published after the snapshot. */
export const PROOF_ALGORITHM_DRAND = 'kinoyu-es-sha256-drand-v1';

/** The algorithms a verifier knows; it refuses any other. */
export const PROOF_ALGORITHMS = [PROOF_ALGORITHM_V1, PROOF_ALGORITHM_DRAND] as const;

const userId = z.string();
const login = z.string();

/** An eligible entrant of the frozen snapshot. */
export const proofEntrantSchema = z.object({ userId, login, weight: z.number() });

/** A viewer left out of the draw, and why (bot, blocklist, cooldown…). */
export const proofExcludedSchema = z.object({ userId, login, reason: z.string() });

/** A prize as it stood before the draw; `quantity` null means unlimited. */
export const proofItemSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  weight: z.number().int(),
  quantity: z.number().int().nullable(),
});

/**
 * A slot's claim window (SPEC §2.6): its state, the current deadline and when it was claimed. Null
 * when the raffle had no claim window; absent from proofs made before claim windows existed.
 */
export const proofClaimSchema = z.object({
  state: z.enum(CLAIM_STATES),
  deadline: z.string().nullable(),
  claimedAt: z.string().nullable(),
});

/** The current holder of a slot, with its prize (both null without prizes). */
export const proofWinnerSchema = z.object({
  position: z.number().int(),
  userId,
  login,
  itemId: z.number().int().nullable(),
  itemName: z.string().nullable(),
  claim: proofClaimSchema.nullish(),
});

/**
 * An earlier holder of a slot, replaced by a redraw: a moderator's (`reroll`) or because the claim
 * window ran out (`unclaimed`). Proofs made before claim windows have no reason.
 */
export const proofReplacedSchema = z.object({
  position: z.number().int(),
  userId,
  login,
  reason: z.enum(REPLACED_REASONS).optional(),
});

// The fields every proof has, whatever its algorithm.
const proofFields = {
  raffleId: z.number().int(),
  channel: z.string(),
  createdAt: z.string(),
  drawnAt: z.string().nullable(),
  /**
   * When the Twitch chat list the entrants come from was read (a session keeps it warm and reads it
   * again every few seconds); null when the entrants were not read from Twitch. Not part of the draw's
   * arithmetic, so older proofs without it verify as before.
   */
  rosterAt: z.string().nullable().optional(),
  commitment: z.string(),
  entrantsDigest: z.string(),
  seed: z.string().nullable(),
  entrants: z.array(proofEntrantSchema),
  excluded: z.array(proofExcludedSchema),
  items: z.array(proofItemSchema),
  winners: z.array(proofWinnerSchema),
  replaced: z.array(proofReplacedSchema),
};

/**
 * The public proof of a draw of SPEC §4, as `GET /api/v1/raffles/{id}/proof` serves it. Unknown keys
 * are ignored, so a newer server can add fields without breaking older verifiers.
 */
export const proofV1Schema = z.object({ algorithm: z.literal(PROOF_ALGORITHM_V1), ...proofFields });

const lowercaseHex = z.string().regex(/^(?:[0-9a-f]{2})+$/, 'expected lowercase hexadecimal');
const hex32 = z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hexadecimal characters');

/**
 * The drand round a draw of SPEC §4.1 used, with the chain it comes from as drand's `/info` describes it
 * (hex lowercase; `period` and `genesisTime` in whole seconds).
 */
export const proofBeaconSchema = z.object({
  chainHash: hex32,
  publicKey: lowercaseHex,
  scheme: z.string(),
  period: z.number().int().positive(),
  genesisTime: z.number().int().nonnegative(),
  round: z.number().int().positive(),
  signature: lowercaseHex,
  randomness: hex32,
});

/**
 * The proof of a draw of SPEC §4.1 (`kinoyu-es-sha256-drand-v1`): a §4 proof plus when the snapshot was
 * frozen and the beacon round the draw mixed into its seed. Both are null while the raffle is pending
 * (the round may not have come yet); a drawn proof carries them.
 */
export const drandProofSchema = z.object({
  algorithm: z.literal(PROOF_ALGORITHM_DRAND),
  ...proofFields,
  snapshotAt: z.string().nullable(),
  beacon: proofBeaconSchema.nullable(),
});

/** A proof of either algorithm, told apart by `algorithm`. */
export const proofSchema = z.discriminatedUnion('algorithm', [proofV1Schema, drandProofSchema]);

/** The public proof of a draw (SPEC §4, §4.1). */
export type Proof = z.infer<typeof proofSchema>;
/** A proof of SPEC §4 (`kinoyu-es-sha256-v1`). */
export type ProofV1 = z.infer<typeof proofV1Schema>;
/** A proof of SPEC §4.1, anchored to a drand round. */
export type DrandProof = z.infer<typeof drandProofSchema>;
export type ProofBeacon = z.infer<typeof proofBeaconSchema>;
export type ProofEntrant = z.infer<typeof proofEntrantSchema>;
export type ProofExcluded = z.infer<typeof proofExcludedSchema>;
export type ProofItem = z.infer<typeof proofItemSchema>;
export type ProofWinner = z.infer<typeof proofWinnerSchema>;
export type ProofReplaced = z.infer<typeof proofReplacedSchema>;
export type ProofClaim = z.infer<typeof proofClaimSchema>;

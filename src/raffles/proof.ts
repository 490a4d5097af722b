import { z } from 'zod';
import { CLAIM_STATES, REPLACED_REASONS } from '../contract/raffles.ts';

/** The algorithm name a proof of SPEC §4 carries; a verifier refuses any other. */
export const PROOF_ALGORITHM_V1 = 'kinoyu-es-sha256-v1';

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

/**
 * The public proof of a draw (SPEC §4), as `GET /api/v1/raffles/{id}/proof` serves it. Unknown keys
 * are ignored, so a newer server can add fields without breaking older verifiers.
 */
export const proofSchema = z.object({
  algorithm: z.literal(PROOF_ALGORITHM_V1),
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
});

/** The public proof of a draw (SPEC §4). */
export type Proof = z.infer<typeof proofSchema>;
export type ProofEntrant = z.infer<typeof proofEntrantSchema>;
export type ProofExcluded = z.infer<typeof proofExcludedSchema>;
export type ProofItem = z.infer<typeof proofItemSchema>;
export type ProofWinner = z.infer<typeof proofWinnerSchema>;
export type ProofReplaced = z.infer<typeof proofReplacedSchema>;
export type ProofClaim = z.infer<typeof proofClaimSchema>;

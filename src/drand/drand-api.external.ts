// drand's HTTP API shapes (https://docs.drand.love/docs/dev-guide/API%20Documentation%20v1/), the only
// place for their snake_case names: each answer is mapped once into the project's own types.
import { z } from 'zod';
import type { BeaconChain, BeaconRound } from '../raffles/beacon.ts';

const hex = z.string().regex(/^(?:[0-9a-f]{2})+$/);

/** `GET /{chainHash}/info`. */
const chainInfoSchema = z.object({
  public_key: hex,
  // drand's chain hash writes the period as a u32.
  period: z.number().int().positive().max(0xffff_ffff),
  genesis_time: z.number().int().nonnegative(),
  hash: hex,
  groupHash: hex.optional(),
  schemeID: z.string().min(1),
  metadata: z.object({ beaconID: z.string().optional() }).optional(),
});

/** `GET /{chainHash}/public/{round}`; an unchained round has no `previous_signature` (ignored if sent). */
const roundSchema = z.object({
  round: z.number().int().positive(),
  randomness: hex,
  signature: hex,
});

/** A chain as a relay describes it: the chain, plus the two fields drand's chain hash also covers. */
export interface RelayChainInfo {
  readonly chain: BeaconChain;
  /** drand's "group hash" (genesis seed), lowercase hex; absent when the relay left it out. */
  readonly groupHash: string | undefined;
  /** The chain's beacon id (`quicknet`, `default`…); absent when the relay left it out. */
  readonly beaconId: string | undefined;
}

/** drand's chain info JSON → {@link RelayChainInfo}; undefined when it is not that shape. */
export function parseChainInfo(body: unknown): RelayChainInfo | undefined {
  const parsed = chainInfoSchema.safeParse(body);
  if (!parsed.success) return undefined;
  const info = parsed.data;
  return {
    chain: {
      chainHash: info.hash,
      publicKey: info.public_key,
      scheme: info.schemeID,
      period: info.period,
      genesisTime: info.genesis_time,
    },
    groupHash: info.groupHash,
    beaconId: info.metadata?.beaconID,
  };
}

/** drand's round JSON → {@link BeaconRound}; undefined when it is not that shape. */
export function parseRound(body: unknown): BeaconRound | undefined {
  const parsed = roundSchema.safeParse(body);
  return parsed.success ? parsed.data : undefined;
}

import { bls12_381 } from '@noble/curves/bls12-381.js';
import { z } from 'zod';
import { loadOrCreateDataFile } from '../config/dev-secrets.ts';
import { bytesToHex, hexToBytes } from '../raffles/beacon-chain.ts';

/** Where the sandbox's local beacon keeps its identity, next to the generated dev secrets. */
export const SANDBOX_BEACON_FILE = 'drand-sandbox.json';

/** One round a second: a sandbox draw waits about a second for its round. */
const SANDBOX_PERIOD_SECONDS = 1;

const identitySchema = z.object({
  secretKey: z.string().regex(/^[0-9a-f]{64}$/),
  genesisTime: z.number().int().nonnegative(),
  period: z.number().int().positive(),
});

/** What makes the local beacon the same chain on every start: its key, genesis and period. */
export interface SandboxBeaconIdentity {
  /** The BLS secret key, 32 bytes. Never logged. */
  readonly secretKey: Uint8Array;
  /** Unix seconds of round 1. */
  readonly genesisTime: number;
  /** Seconds between rounds. */
  readonly period: number;
}

/**
 * The local beacon's identity from `DATA_DIR/drand-sandbox.json` (mode 0600), created on the first
 * sandbox start: a new key and genesis now. Kept, so the proofs of earlier sandbox draws keep verifying
 * against the same chain.
 */
export function loadOrCreateSandboxBeaconIdentity(dataDir: string, now = Date.now()): SandboxBeaconIdentity {
  const stored = loadOrCreateDataFile(dataDir, SANDBOX_BEACON_FILE, identitySchema, () => ({
    secretKey: bytesToHex(bls12_381.utils.randomSecretKey()),
    genesisTime: Math.floor(now / 1000),
    period: SANDBOX_PERIOD_SECONDS,
  }));
  return { secretKey: hexToBytes(stored.secretKey), genesisTime: stored.genesisTime, period: stored.period };
}

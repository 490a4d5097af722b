import { createHash } from 'node:crypto';

/** What drand's chain hash covers. */
export interface ChainHashInput {
  /** Seconds between rounds. */
  readonly period: number;
  /** Unix time of round 1, in seconds. */
  readonly genesisTime: number;
  /** Lowercase hex. */
  readonly publicKey: string;
  /** Lowercase hex. */
  readonly groupHash: string;
  readonly beaconId: string | undefined;
}

/**
 * drand's chain hash (`chain.Info.Hash` in drand/drand): SHA-256 of the period in seconds (u32,
 * big-endian), the genesis time (i64, big-endian), the public key, the group hash, and the beacon id
 * unless it is empty or `default`. The scheme is not part of it. Quicknet's hash 52db9ba7…e971 is this
 * over its published info, so a relay cannot serve another key under a chain's hash without the hash
 * giving it away.
 */
export function drandChainHash(input: ChainHashInput): string {
  const header = Buffer.alloc(12);
  header.writeUInt32BE(input.period, 0);
  header.writeBigInt64BE(BigInt(input.genesisTime), 4);
  const hash = createHash('sha256')
    .update(header)
    .update(Buffer.from(input.publicKey, 'hex'))
    .update(Buffer.from(input.groupHash, 'hex'));
  if (input.beaconId && input.beaconId !== 'default') hash.update(input.beaconId, 'utf8');
  return hash.digest('hex');
}

// The drand chains of SPEC §4.1 as data: quicknet by heart, round times, the round a draw must use, hex.
// No cryptography here (beacon.ts checks rounds with @noble/curves), so the configuration and the bot can
// name a chain without loading the pairing code.

/** The only signature scheme §4.1 accepts. */
export const BEACON_SCHEME = 'bls-unchained-g1-rfc9380';

/** A drand chain, as its `/info` describes it (the fields a proof's `beacon` repeats). */
export interface BeaconChain {
  /** Lowercase hex. */
  readonly chainHash: string;
  /** Lowercase hex, the G2 point compressed (96 bytes). */
  readonly publicKey: string;
  readonly scheme: string;
  /** Seconds between rounds. */
  readonly period: number;
  /** Unix time of round 1, in seconds. */
  readonly genesisTime: number;
}

/** One round of a chain: its number, signature and randomness (lowercase hex). */
export interface BeaconRound {
  readonly round: number;
  readonly signature: string;
  readonly randomness: string;
}

/**
 * The League of Entropy's quicknet chain (https://api.drand.sh/52db9ba7…e971/info): one round every
 * 3 seconds since 2023-08-23. A verifier knows it by heart, so a proof cannot bring its own key.
 */
export const QUICKNET: BeaconChain = Object.freeze({
  chainHash: '52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971',
  publicKey:
    '83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a',
  scheme: BEACON_SCHEME,
  period: 3,
  genesisTime: 1692803367,
});

/** The public chains a verifier trusts without being told: by chain hash. */
export const KNOWN_CHAINS: ReadonlyMap<string, BeaconChain> = new Map([[QUICKNET.chainHash, QUICKNET]]);

/** Unix time of a round, in milliseconds: genesisTime + (round − 1) × period. */
export function roundTimeMs(chain: BeaconChain, round: number): number {
  return (chain.genesisTime + (round - 1) * chain.period) * 1000;
}

/** The round that is current at `timeMs` (0 before genesis). */
export function roundAt(chain: BeaconChain, timeMs: number): number {
  const sinceGenesis = timeMs - chain.genesisTime * 1000;
  return sinceGenesis < 0 ? 0 : Math.floor(sinceGenesis / (chain.period * 1000)) + 1;
}

/** Seconds a draw's round comes at least after its snapshot (§4.1 step 2). */
export const ROUND_GAP_MS = 1000;

/**
 * The round a draw whose snapshot was frozen at `snapshotAtMs` must use (§4.1 step 2): the first whose
 * time is at least one second after the snapshot. Exactly that one: the verifier refuses any other.
 * The snapshot time must be the one published (whole milliseconds), so both sides agree at the edges.
 */
export function drawRoundFor(chain: BeaconChain, snapshotAtMs: number): number {
  const earliest = snapshotAtMs + ROUND_GAP_MS;
  const periodMs = chain.period * 1000;
  const sinceGenesis = earliest - chain.genesisTime * 1000;
  return sinceGenesis <= 0 ? 1 : Math.ceil(sinceGenesis / periodMs) + 1;
}

export function hexToBytes(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i += 1) bytes[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

/** Lowercase hex of some bytes (draw-algorithm's, under the name the beacon code uses). */
export { toHex as bytesToHex } from './draw-algorithm.ts';

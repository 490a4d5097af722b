// The drand beacon step of SPEC §4.1, shared by the server (which fetches and checks a round before
// drawing with it), `kinoyu verify` and the proof page in the browser: no Node-only import here.
//
// A drand chain in the unchained G1 scheme (`bls-unchained-g1-rfc9380`, the scheme of the public
// quicknet chain) signs, for round r, the message SHA-256(r as 8 bytes big-endian) with BLS12-381,
// signatures in G1 (48 bytes compressed), the public key in G2 (96 bytes compressed), hashed to the
// curve as RFC 9380 says with the domain tag below. The round's randomness is SHA-256(signature).
// The pairing arithmetic comes from @noble/curves (audited, pure JavaScript, runs in the browser).
import { bls12_381 } from '@noble/curves/bls12-381.js';
import type { Sha256 } from './draw-algorithm.ts';

/** The only signature scheme §4.1 accepts. */
export const BEACON_SCHEME = 'bls-unchained-g1-rfc9380';

/** RFC 9380's domain separation tag for BLS signatures in G1, as drand's unchained G1 scheme uses it. */
const SIGNATURE_DST = 'BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_';

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

/** What can be wrong with a round; null when it checks. */
export type BeaconProblem = 'unsupported_scheme' | 'bad_encoding' | 'randomness_mismatch' | 'bad_signature';

const HEX = /^(?:[0-9a-f]{2})+$/;

export function hexToBytes(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i += 1) bytes[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

export function bytesToHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/** The message a chain of the unchained scheme signs for `round`: SHA-256 of it as a u64, big-endian. */
export async function roundMessage(round: number, sha256: Sha256): Promise<Uint8Array> {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(round), false);
  return sha256(bytes);
}

/**
 * Checks a round against its chain: the scheme, the encodings, `randomness` = SHA-256(signature), and
 * the BLS signature of the round under the chain's public key. Returns null when all hold.
 */
export async function checkBeaconRound(
  chain: BeaconChain,
  beacon: BeaconRound,
  sha256: Sha256,
): Promise<BeaconProblem | null> {
  if (chain.scheme !== BEACON_SCHEME) return 'unsupported_scheme';
  if (
    !Number.isSafeInteger(beacon.round) ||
    beacon.round < 1 ||
    !HEX.test(beacon.signature) ||
    beacon.signature.length !== 96 ||
    !HEX.test(chain.publicKey) ||
    chain.publicKey.length !== 192 ||
    !/^[0-9a-f]{64}$/.test(beacon.randomness)
  ) {
    return 'bad_encoding';
  }
  const signature = hexToBytes(beacon.signature);
  if (bytesToHex(await sha256(signature)) !== beacon.randomness) return 'randomness_mismatch';
  const scheme = bls12_381.shortSignatures;
  try {
    const message = scheme.hash(await roundMessage(beacon.round, sha256), SIGNATURE_DST);
    const signaturePoint = scheme.Signature.fromBytes(signature);
    const publicKey = bls12_381.G2.Point.fromBytes(hexToBytes(chain.publicKey));
    return scheme.verify(signaturePoint, message, publicKey) ? null : 'bad_signature';
  } catch {
    // Not a point of the curve (or not in its subgroup): no signature at all.
    return 'bad_encoding';
  }
}

/** §4.1 step 3: drawSeed = lowercase hex SHA-256 of the ASCII string `seed + ":" + randomness`. */
export async function drawSeedOf(seed: string, randomness: string, sha256: Sha256): Promise<string> {
  return bytesToHex(await sha256(new TextEncoder().encode(`${seed}:${randomness}`)));
}

// The drand beacon step of SPEC §4.1, shared by the server (which fetches and checks a round before
// drawing with it), `kinoyu verify` and the proof page in the browser: no Node-only import here.
//
// A drand chain in the unchained G1 scheme (`bls-unchained-g1-rfc9380`, the scheme of the public
// quicknet chain) signs, for round r, the message SHA-256(r as 8 bytes big-endian) with BLS12-381,
// signatures in G1 (48 bytes compressed), the public key in G2 (96 bytes compressed), hashed to the
// curve as RFC 9380 says with the domain tag below. The round's randomness is SHA-256(signature).
// The pairing arithmetic comes from @noble/curves (audited, pure JavaScript, runs in the browser).
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { BEACON_SCHEME, type BeaconChain, type BeaconRound, bytesToHex, hexToBytes } from './beacon-chain.ts';
import type { Sha256 } from './draw-algorithm.ts';

export * from './beacon-chain.ts';

/** RFC 9380's domain separation tag for BLS signatures in G1, as drand's unchained G1 scheme uses it. */
const SIGNATURE_DST = 'BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_';

/** What can be wrong with a round; null when it checks. */
export type BeaconProblem = 'unsupported_scheme' | 'bad_encoding' | 'randomness_mismatch' | 'bad_signature';

const HEX = /^(?:[0-9a-f]{2})+$/;

/**
 * Public keys decoded already, by their hex: decoding a G2 point (decompression and subgroup check) is
 * a tenth of a check's time, and a server checks every round of its one chain.
 */
const decodedKeys = new Map<string, ReturnType<typeof bls12_381.G2.Point.fromBytes>>();

function publicKeyPoint(hex: string) {
  let point = decodedKeys.get(hex);
  if (!point) {
    point = bls12_381.G2.Point.fromBytes(hexToBytes(hex));
    if (decodedKeys.size >= 16) decodedKeys.clear();
    decodedKeys.set(hex, point);
  }
  return point;
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
    const publicKey = publicKeyPoint(chain.publicKey);
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

import { createHash } from 'node:crypto';
import { bls12_381 } from '@noble/curves/bls12-381.js';

/** drand's unchained G1 scheme, the one quicknet uses and KinoYu verifies. */
export const SCHEME_ID = 'bls-unchained-g1-rfc9380';
/** The beacon id the local chain names itself with (it is part of the chain hash). */
export const BEACON_ID = 'kinoyu-sandbox';
/** RFC 9380's tag for BLS signatures in G1, as drand's unchained G1 scheme uses it. */
const SIGNATURE_DST = 'BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_';
/** Signatures kept, so the rounds everyone polls are signed once. */
const SIGNATURE_CACHE = 256;

/** A chain's `/info` in drand's JSON shape. */
export interface DrandInfoJson {
  readonly public_key: string;
  readonly period: number;
  readonly genesis_time: number;
  readonly hash: string;
  readonly groupHash: string;
  readonly schemeID: string;
  readonly metadata: { readonly beaconID: string };
}

/** A round in drand's JSON shape (unchained: no previous signature). */
export interface DrandRoundJson {
  readonly round: number;
  readonly randomness: string;
  readonly signature: string;
}

const sha256 = (...parts: Uint8Array[]) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};

/**
 * A one-signer drand chain: what the League of Entropy's nodes do together with a threshold key, done
 * here with one BLS key. The chain hash is drand's own formula (`chain.Info.Hash`): SHA-256 of the
 * period (u32 big-endian), the genesis time (i64 big-endian), the public key, the group hash and the
 * beacon id. With no group of nodes, the group hash is SHA-256 of the public key. So the hash is the
 * same on every start with the same key, genesis and period, and any drand client can recompute it.
 */
export class BeaconChainSigner {
  readonly info: DrandInfoJson;
  readonly #secretKey: Uint8Array;
  readonly #signatures = new Map<number, string>();

  constructor(secretKey: Uint8Array, genesisTime: number, period: number) {
    this.#secretKey = secretKey;
    const publicKey = bls12_381.shortSignatures.getPublicKey(secretKey).toBytes(true);
    const groupHash = sha256(publicKey);
    const header = Buffer.alloc(12);
    header.writeUInt32BE(period, 0);
    header.writeBigInt64BE(BigInt(genesisTime), 4);
    const hash = sha256(header, publicKey, groupHash, Buffer.from(BEACON_ID, 'utf8'));
    this.info = Object.freeze({
      public_key: Buffer.from(publicKey).toString('hex'),
      period,
      genesis_time: genesisTime,
      hash: hash.toString('hex'),
      groupHash: groupHash.toString('hex'),
      schemeID: SCHEME_ID,
      metadata: Object.freeze({ beaconID: BEACON_ID }),
    });
  }

  /** Unix time of a round in ms: genesis + (round − 1) × period. */
  roundTimeMs(round: number): number {
    return (this.info.genesis_time + (round - 1) * this.info.period) * 1000;
  }

  /** The round current at `nowMs` (0 before genesis). */
  latestRound(nowMs = Date.now()): number {
    const since = nowMs - this.info.genesis_time * 1000;
    return since < 0 ? 0 : Math.floor(since / (this.info.period * 1000)) + 1;
  }

  /** Round `round` as drand serves it, signed by `signedRound` (another round only for a fault). */
  roundJson(round: number, signedRound = round): DrandRoundJson {
    const signature = this.#signature(signedRound);
    const randomness = sha256(Buffer.from(signature, 'hex')).toString('hex');
    return { round, randomness, signature };
  }

  /** The BLS signature of SHA-256(round as u64 big-endian), compressed G1, hex. */
  #signature(round: number): string {
    const cached = this.#signatures.get(round);
    if (cached) return cached;
    const message = Buffer.alloc(8);
    message.writeBigUInt64BE(BigInt(round));
    const scheme = bls12_381.shortSignatures;
    const point = scheme.sign(scheme.hash(sha256(message), SIGNATURE_DST), this.#secretKey);
    const signature = Buffer.from(point.toBytes(true)).toString('hex');
    if (this.#signatures.size >= SIGNATURE_CACHE) this.#signatures.clear();
    this.#signatures.set(round, signature);
    return signature;
  }
}

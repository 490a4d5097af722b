// A drand chain of the tests' own: a BLS key made from a fixed seed, so its rounds can be signed here and
// proofs of SPEC §4.1 built that verify only when the chain is trusted (as the sandbox's local beacon is).
import { createHash, randomBytes } from 'node:crypto';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import {
  BEACON_SCHEME,
  type BeaconChain,
  type BeaconRound,
  bytesToHex,
  drawRoundFor,
  drawSeedOf,
  hexToBytes,
  QUICKNET,
  roundMessage,
  roundTimeMs,
} from '../../src/raffles/beacon.ts';
import { type DrandProof, PROOF_ALGORITHM_DRAND } from '../../src/raffles/proof.ts';
import { nodeSha256 } from '../../src/raffles/sha256-node.ts';
import { buildProof, type ProofOptions } from './proofs.ts';

// RFC 9380's tag for BLS signatures in G1, as drand's unchained G1 scheme (and so beacon.ts) uses it.
const SIGNATURE_DST = 'BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_';

const sha256Hex = (text: string) => bytesToHex(nodeSha256(new TextEncoder().encode(text)) as Uint8Array);

/** A chain whose secret key the tests hold: `signRound` makes any of its rounds. */
export interface TestBeacon {
  readonly chain: BeaconChain;
  signRound(round: number): Promise<BeaconRound>;
}

/**
 * A chain keyed by `label` (the same label, the same key): its hash is SHA-256 of the label, one round
 * every `period` seconds from `genesisTime` (1 November 2023 unless said).
 */
export function testBeacon(label: string, chain: Partial<BeaconChain> = {}): TestBeacon {
  const scheme = bls12_381.shortSignatures;
  // keygen takes 48 bytes of seed material: SHA-384 of the label.
  const { secretKey, publicKey } = scheme.keygen(createHash('sha384').update(label).digest());
  const full: BeaconChain = {
    chainHash: sha256Hex(label),
    publicKey: bytesToHex(publicKey.toBytes(true)),
    scheme: BEACON_SCHEME,
    period: 3,
    genesisTime: 1_698_796_800,
    ...chain,
  };
  return {
    chain: full,
    async signRound(round) {
      const message = scheme.hash(await roundMessage(round, nodeSha256), SIGNATURE_DST);
      const signature = scheme.sign(message, secretKey).toBytes(true);
      return {
        round,
        signature: bytesToHex(signature),
        randomness: bytesToHex(nodeSha256(signature) as Uint8Array),
      };
    },
  };
}

/**
 * A chain whose rounds the tests cannot sign, only quote: `rounds` as the chain published them. Asking
 * for another round is a mistake in the test.
 */
export function publishedBeacon(chain: BeaconChain, rounds: readonly BeaconRound[]): TestBeacon {
  return {
    chain,
    async signRound(round) {
      const published = rounds.find((candidate) => candidate.round === round);
      if (!published)
        throw new Error(`round ${round} of chain ${chain.chainHash} is not among the quoted ones`);
      return published;
    },
  };
}

/** The tests' local beacon, like the sandbox's: its own key, unknown to any verifier until trusted. */
export const TEST_BEACON = testBeacon('kinoyu test beacon');

/** What a test proof of §4.1 is made of, besides what every proof is. */
export interface DrandProofOptions extends ProofOptions {
  /** The chain signing the round; TEST_BEACON unless given. */
  beacon?: TestBeacon;
  /** When the snapshot was frozen (ISO); a time in the chain's second year unless given. */
  snapshotAt?: string;
  /** `seed` draws with the raw seed, as a server that forgot §4.1 step 3 would. */
  drawWith?: 'drawSeed' | 'seed';
}

/**
 * A valid proof of §4.1 as the server would publish it: the round is the first at least one second after
 * the snapshot, signed by the beacon's key, and the draw reads drawSeed = SHA-256(seed ":" randomness).
 */
export async function makeDrandProof(options: DrandProofOptions = {}): Promise<DrandProof> {
  const beacon = options.beacon ?? TEST_BEACON;
  const { chain } = beacon;
  const seed = options.seed ?? randomBytes(32).toString('hex');
  const snapshotAt = options.snapshotAt ?? new Date(roundTimeMs(chain, 10_512_000) + 1_234).toISOString();
  const round = await beacon.signRound(drawRoundFor(chain, Date.parse(snapshotAt)));
  const drawSeed = options.drawWith === 'seed' ? seed : await drawSeedOf(seed, round.randomness, nodeSha256);
  const proof = await buildProof({ ...options, seed, drawSeed });
  return {
    ...proof,
    algorithm: PROOF_ALGORITHM_DRAND,
    snapshotAt,
    beacon: { ...chain, ...round },
  };
}

/**
 * Round 5928395 of the public quicknet chain, as https://api.drand.sh/52db9ba7…e971/public/5928395 serves
 * it (test/raffles/beacon.test.ts checks it against quicknet's key).
 */
const QUICKNET_SIGNATURE =
  'a5d07c0071b4e386b3ae09206522253c68fefe8490ad59ecc44a7dd0d0745be91da5779e2247a82403fbc0cb9a34cb61';
export const QUICKNET_ROUND: BeaconRound = {
  round: 5928395,
  signature: QUICKNET_SIGNATURE,
  randomness: bytesToHex(nodeSha256(hexToBytes(QUICKNET_SIGNATURE)) as Uint8Array),
};

/** When the snapshot of quicknetDrandProof() was frozen: 2.5 s before QUICKNET_ROUND came. */
export const QUICKNET_SNAPSHOT_AT = new Date(
  roundTimeMs(QUICKNET, QUICKNET_ROUND.round) - 2_500,
).toISOString();

/** A valid proof of §4.1 on a real quicknet round, which any verifier checks without being told a chain. */
export function quicknetDrandProof(options: ProofOptions = {}): Promise<DrandProof> {
  return makeDrandProof({
    ...options,
    beacon: publishedBeacon(QUICKNET, [QUICKNET_ROUND]),
    snapshotAt: QUICKNET_SNAPSHOT_AT,
  });
}

/** `hex` with bit `bit` (0 = the lowest bit of the first byte) flipped. */
export function flipBit(hex: string, bit: number): string {
  const bytes = Buffer.from(hex, 'hex');
  const index = Math.floor(bit / 8);
  bytes[index] = (bytes[index] ?? 0) ^ (1 << (bit % 8));
  return bytes.toString('hex');
}

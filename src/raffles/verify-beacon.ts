// The beacon step of a proof of SPEC §4.1, checked for `kinoyu verify` and the proof page alike: which
// chain the round comes from and whether this verifier may trust it, whether the round is genuine (its
// randomness and its BLS signature), and whether it is exactly the round the snapshot time calls for.
// Browser-safe, like beacon.ts.
import {
  BEACON_SCHEME,
  type BeaconChain,
  bytesToHex,
  checkBeaconRound,
  drawRoundFor,
  hexToBytes,
  KNOWN_CHAINS,
  QUICKNET,
  ROUND_GAP_MS,
  roundTimeMs,
} from './beacon.ts';
import type { Sha256 } from './draw-algorithm.ts';
import type { ProofBeacon } from './proof.ts';

/** What can be wrong with the beacon step of a proof; stable, like the other verify codes. */
export type BeaconProblemCode =
  | 'bad_snapshot_at'
  | 'unknown_chain'
  | 'unsupported_beacon_scheme'
  | 'beacon_chain_mismatch'
  | 'beacon_randomness_mismatch'
  | 'beacon_bad_signature'
  | 'beacon_round_mismatch';

/** The beacon codes that mean "cannot check" rather than "checked and differs". */
export const UNVERIFIABLE_BEACON_CODES: readonly BeaconProblemCode[] = [
  'bad_snapshot_at',
  'unknown_chain',
  'unsupported_beacon_scheme',
];

/** How far the verifier trusts the proof's chain: known by heart, trusted on request, or neither. */
export type ChainTrust = 'known' | 'trusted' | 'unknown';

/** The result of the BLS check of the round: unchecked when the chain cannot be trusted. */
export type SignatureCheck = 'valid' | 'invalid' | 'unchecked';

/** The beacon step checked: the problems found (empty when it holds) and what was decided on the way. */
export interface BeaconVerification {
  readonly trust: ChainTrust;
  readonly signature: SignatureCheck;
  /** The round the snapshot time calls for; null when `snapshotAt` is not a time. */
  readonly expectedRound: number | null;
  readonly problems: { readonly code: BeaconProblemCode; readonly message: string }[];
}

/** What a reader wants to know of a proof's round: which chain, which round, when, and where to see it. */
export interface BeaconFacts {
  readonly chainHash: string;
  /** The chain's public name ("quicknet") when this verifier knows it; null otherwise. */
  readonly chainName: string | null;
  readonly round: number;
  /** When the round came, as the proof's chain parameters say (ISO). */
  readonly roundTime: string;
  readonly snapshotAt: string;
  /** Seconds from the snapshot to the round; null when `snapshotAt` is not a time. */
  readonly secondsAfterSnapshot: number | null;
  /** The round at drand's public API, for the chains it serves; null otherwise. */
  readonly roundUrl: string | null;
}

const KNOWN_CHAIN_NAMES: ReadonlyMap<string, string> = new Map([[QUICKNET.chainHash, 'quicknet']]);

// An ISO time as the server writes it (toISOString, or with an offset): milliseconds at most, because the
// round is chosen from the time in whole milliseconds and both sides must read the same instant.
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:\d{2})$/;

/** The instant of an ISO time in milliseconds, or NaN when it is not one. */
export function parseIsoTime(iso: string): number {
  return ISO_TIME.test(iso) ? Date.parse(iso) : Number.NaN;
}

const chainOf = (beacon: ProofBeacon): BeaconChain => ({
  chainHash: beacon.chainHash,
  publicKey: beacon.publicKey,
  scheme: beacon.scheme,
  period: beacon.period,
  genesisTime: beacon.genesisTime,
});

// A forged round number can put the round past the last time a Date holds: say so rather than throw.
const isoOf = (ms: number) => {
  const time = new Date(ms);
  return Number.isNaN(time.getTime()) ? 'a time past the year 275,760' : time.toISOString();
};
const short = (hex: string) => `${hex.slice(0, 16)}…`;
const chainLabel = (chainHash: string) => {
  const name = KNOWN_CHAIN_NAMES.get(chainHash);
  return name ? `drand ${name} (${short(chainHash)})` : `chain ${chainHash}`;
};

/** The facts of a proof's round, for the CLI's summary and the proof page. */
export function describeBeacon(beacon: ProofBeacon, snapshotAt: string): BeaconFacts {
  const roundMs = roundTimeMs(chainOf(beacon), beacon.round);
  const snapshotMs = parseIsoTime(snapshotAt);
  const known = KNOWN_CHAINS.has(beacon.chainHash);
  return {
    chainHash: beacon.chainHash,
    chainName: KNOWN_CHAIN_NAMES.get(beacon.chainHash) ?? null,
    round: beacon.round,
    roundTime: isoOf(roundMs),
    snapshotAt,
    secondsAfterSnapshot: Number.isNaN(snapshotMs) ? null : (roundMs - snapshotMs) / 1000,
    roundUrl: known ? `https://api.drand.sh/${beacon.chainHash}/public/${beacon.round}` : null,
  };
}

/** The fields of the proof's chain that differ from the chain the verifier holds under the same hash. */
function chainDifferences(claimed: BeaconChain, reference: BeaconChain): string[] {
  const fields = ['publicKey', 'scheme', 'period', 'genesisTime'] as const;
  return fields
    .filter((field) => claimed[field] !== reference[field])
    .map((field) => {
      const show = (value: string | number) =>
        typeof value === 'string' && value.length > 40 ? short(value) : String(value);
      return `${field} ${show(claimed[field])} instead of ${show(reference[field])}`;
    });
}

/** The chain to check the round against, and how far it is trusted. */
function resolveChain(
  claimed: BeaconChain,
  trustedChains: readonly BeaconChain[],
): { reference: BeaconChain | undefined; trust: ChainTrust } {
  // A chain known by heart cannot be overridden by a trusted one of the same hash.
  const known = KNOWN_CHAINS.get(claimed.chainHash);
  if (known) return { reference: known, trust: 'known' };
  const trusted = trustedChains.find((chain) => chain.chainHash === claimed.chainHash);
  return trusted ? { reference: trusted, trust: 'trusted' } : { reference: undefined, trust: 'unknown' };
}

const unknownChainMessage = (chainHash: string) =>
  `the proof names drand chain ${chainHash}, which this verifier does not know (it knows the public ` +
  `quicknet chain, ${QUICKNET.chainHash}), so it cannot check that chain's round. A local test beacon ` +
  `(the sandbox's) has such a chain of its own. If you trust that chain, give its chain info: ` +
  `kinoyu verify <proof> --trust <chain info file or URL>`;

/** The BLS check of the round, given SHA-256 of its signature (the proof's randomness is checked apart). */
async function checkSignature(
  reference: BeaconChain,
  beacon: ProofBeacon,
  randomness: string,
  sha256: Sha256,
): Promise<{ code: BeaconProblemCode; message: string } | null> {
  const problem = await checkBeaconRound(reference, { ...beacon, randomness }, sha256);
  const chain = chainLabel(reference.chainHash);
  if (problem === null) return null;
  if (problem === 'bad_signature') {
    return {
      code: 'beacon_bad_signature',
      message: `the signature of round ${beacon.round} does not verify under the public key of ${chain}: it is not that chain's round ${beacon.round}`,
    };
  }
  return {
    code: 'beacon_bad_signature',
    message: `the signature of round ${beacon.round} is not a valid BLS12-381 signature (a compressed G1 point of 48 bytes)`,
  };
}

/**
 * Checks the beacon step of a proof of SPEC §4.1: the chain (known by heart, or trusted by the caller,
 * with the same key and times), `randomness` = SHA-256(signature), the BLS signature of the round, and
 * that the round is exactly the first at least one second after `snapshotAt`.
 */
export async function checkProofBeacon(
  beacon: ProofBeacon,
  snapshotAt: string,
  sha256: Sha256,
  trustedChains: readonly BeaconChain[] = [],
): Promise<BeaconVerification> {
  const problems: { code: BeaconProblemCode; message: string }[] = [];
  const claimed = chainOf(beacon);
  const { reference, trust } = resolveChain(claimed, trustedChains);
  const differences = reference ? chainDifferences(claimed, reference) : [];
  // The randomness is checked on its own, and the signature with the randomness it gives: a forged
  // signature is named as such even when the randomness was forged to match it, and the other way round.
  const fromSignature = bytesToHex(await sha256(hexToBytes(beacon.signature)));
  let signature: SignatureCheck = 'unchecked';
  if (!reference) {
    problems.push({ code: 'unknown_chain', message: unknownChainMessage(beacon.chainHash) });
  } else if (differences.length > 0) {
    problems.push({
      code: 'beacon_chain_mismatch',
      message: `the proof names ${chainLabel(reference.chainHash)} with ${differences.join(', ')}: a proof cannot bring its own key or times for a chain the verifier holds`,
    });
  } else if (reference.scheme !== BEACON_SCHEME) {
    problems.push({
      code: 'unsupported_beacon_scheme',
      message: `${chainLabel(reference.chainHash)} signs with scheme "${reference.scheme}"; this verifier checks "${BEACON_SCHEME}" only`,
    });
  } else {
    const problem = await checkSignature(reference, beacon, fromSignature, sha256);
    signature = problem ? 'invalid' : 'valid';
    if (problem) problems.push(problem);
  }

  if (fromSignature !== beacon.randomness) {
    problems.push({
      code: 'beacon_randomness_mismatch',
      message: `the round's randomness is ${beacon.randomness}, SHA-256 of its signature is ${fromSignature}`,
    });
  }

  const snapshotMs = parseIsoTime(snapshotAt);
  if (Number.isNaN(snapshotMs)) {
    problems.push({
      code: 'bad_snapshot_at',
      message: `snapshotAt "${snapshotAt}" is not an ISO time (like 2026-01-01T12:00:00.000Z), so the round it calls for cannot be told`,
    });
    return { trust, signature, expectedRound: null, problems };
  }
  const timing = reference ?? claimed;
  const expectedRound = drawRoundFor(timing, snapshotMs);
  if (beacon.round !== expectedRound) {
    problems.push({
      code: 'beacon_round_mismatch',
      message:
        `round ${beacon.round} comes at ${isoOf(roundTimeMs(timing, beacon.round))}, the snapshot was frozen at ${snapshotAt}: ` +
        `the draw must use round ${expectedRound}, the first at least ${ROUND_GAP_MS / 1000} s after the snapshot (it comes at ${isoOf(roundTimeMs(timing, expectedRound))})`,
    });
  }
  return { trust, signature, expectedRound, problems };
}

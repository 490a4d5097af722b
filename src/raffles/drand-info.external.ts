// drand's chain info (`GET /{chainHash}/info`, https://docs.drand.love/developer/http-api/#chain-hashinfo),
// the only place its snake_case shape appears: read once into the project's BeaconChain. `kinoyu verify
// --trust` reads it from a file or URL; anything that fetches a chain's info can use it too.
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { z } from 'zod';
import { BEACON_SCHEME, type BeaconChain, hexToBytes } from './beacon.ts';

const hex = (length: number) =>
  z.string().regex(new RegExp(`^[0-9a-fA-F]{${length}}$`), `expected ${length} hexadecimal characters`);
const hexBytes = z.string().regex(/^(?:[0-9a-fA-F]{2})+$/, 'expected hexadecimal bytes');

/**
 * The fields of drand's `/info` a chain is known by; others (genesis_seed…) are ignored. The v1 API
 * names the hash and scheme `hash` and `schemeID`, the v2 API (`/v2/chains/{hash}/info`) `chain_hash`
 * and `scheme`: either is read. `groupHash` and `metadata.beaconID` enter drand's chain hash (the relay
 * client recomputes it for a chain it does not know by heart).
 */
const drandInfoSchema = z
  .object({
    public_key: hexBytes,
    // drand's chain hash writes the period as a u32.
    period: z.number().int().positive().max(0xffff_ffff),
    genesis_time: z.number().int().nonnegative(),
    hash: hex(64).optional(),
    chain_hash: hex(64).optional(),
    schemeID: z.string().min(1).optional(),
    scheme: z.string().min(1).optional(),
    groupHash: hexBytes.optional(),
    metadata: z.object({ beaconID: z.string().optional() }).optional(),
  })
  .transform(({ hash, chain_hash, schemeID, scheme, ...rest }) => ({
    ...rest,
    hash: hash ?? chain_hash,
    schemeID: schemeID ?? scheme,
  }))
  .refine((info) => info.hash !== undefined, { path: ['hash'], message: 'the chain hash is missing' })
  .refine((info) => info.schemeID !== undefined, { path: ['schemeID'], message: 'the scheme is missing' });

/** A chain as drand's `/info` describes it: the chain, plus the two fields its chain hash also covers. */
export interface DrandChainInfo {
  readonly chain: BeaconChain;
  /** drand's "group hash" (genesis seed), lowercase hex; absent when the relay left it out. */
  readonly groupHash: string | undefined;
  /** The chain's beacon id (`quicknet`, `default`…); absent when the relay left it out. */
  readonly beaconId: string | undefined;
}

/**
 * drand's chain info JSON, read as it is (hex lowercased, any scheme, the key unchecked): a relay's
 * answer, judged afterwards against the configured chain. A message saying what is wrong otherwise.
 */
export function readDrandInfo(
  json: unknown,
): { ok: true; info: DrandChainInfo } | { ok: false; message: string } {
  const parsed = drandInfoSchema.safeParse(json);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'the chain info';
    return { ok: false, message: `not drand chain info: ${where}: ${issue?.message ?? 'invalid'}` };
  }
  const data = parsed.data;
  return {
    ok: true,
    info: {
      chain: {
        chainHash: (data.hash ?? '').toLowerCase(),
        publicKey: data.public_key.toLowerCase(),
        scheme: data.schemeID ?? '',
        period: data.period,
        genesisTime: data.genesis_time,
      },
      groupHash: data.groupHash?.toLowerCase(),
      beaconId: data.metadata?.beaconID,
    },
  };
}

/** Chain info that cannot be used; its message is one line for the user. */
export class ChainInfoError extends Error {
  override name = 'ChainInfoError';
}

/**
 * Reads drand's chain info JSON into a BeaconChain (hex lowercased). Refuses a malformed one, a scheme
 * other than §4.1's, and a public key that is not a point of the curve.
 */
export function chainFromDrandInfo(json: unknown): BeaconChain {
  const read = readDrandInfo(json);
  if (!read.ok) throw new ChainInfoError(read.message);
  const { chainHash, publicKey, scheme, period, genesisTime } = read.info.chain;
  if (scheme !== BEACON_SCHEME) {
    throw new ChainInfoError(
      `chain ${chainHash} uses scheme "${scheme}"; only "${BEACON_SCHEME}" can be checked`,
    );
  }
  let point: ReturnType<typeof bls12_381.G2.Point.fromBytes>;
  try {
    // fromBytes checks the length, that the point is on the curve and in the prime-order subgroup.
    point = bls12_381.G2.Point.fromBytes(hexToBytes(publicKey));
  } catch {
    throw new ChainInfoError(`the public_key of chain ${chainHash} is not a BLS12-381 G2 point`);
  }
  // The point at infinity is a valid encoding, but under it the signature at infinity verifies for
  // every round: such a key signs nothing.
  if (point.equals(bls12_381.G2.Point.ZERO)) {
    throw new ChainInfoError(
      `the public_key of chain ${chainHash} is the point at infinity, which signs nothing`,
    );
  }
  return { chainHash, publicKey, scheme: BEACON_SCHEME, period, genesisTime };
}

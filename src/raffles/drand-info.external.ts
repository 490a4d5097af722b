// drand's chain info (`GET /{chainHash}/info`, https://docs.drand.love/developer/http-api/#chain-hashinfo),
// the only place its snake_case shape appears: read once into the project's BeaconChain. `kinoyu verify
// --trust` reads it from a file or URL; anything that fetches a chain's info can use it too.
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { z } from 'zod';
import { BEACON_SCHEME, type BeaconChain, hexToBytes } from './beacon.ts';

const hex = (length: number) =>
  z.string().regex(new RegExp(`^[0-9a-fA-F]{${length}}$`), `expected ${length} hexadecimal characters`);

/**
 * The fields of drand's `/info` a chain is known by; others (genesis_seed, metadata…) are ignored. The
 * v1 API names the hash and scheme `hash` and `schemeID`, the v2 API (`/v2/chains/{hash}/info`)
 * `chain_hash` and `scheme`: either is read.
 */
const drandInfoSchema = z
  .object({
    public_key: hex(192),
    period: z.number().int().positive(),
    genesis_time: z.number().int().nonnegative(),
    hash: hex(64).optional(),
    chain_hash: hex(64).optional(),
    schemeID: z.string().optional(),
    scheme: z.string().optional(),
  })
  .transform(({ hash, chain_hash, schemeID, scheme, ...rest }) => ({
    ...rest,
    hash: hash ?? chain_hash,
    schemeID: schemeID ?? scheme,
  }))
  .refine((info) => info.hash !== undefined, { path: ['hash'], message: 'the chain hash is missing' })
  .refine((info) => info.schemeID !== undefined, { path: ['schemeID'], message: 'the scheme is missing' });

/** Chain info that cannot be used; its message is one line for the user. */
export class ChainInfoError extends Error {
  override name = 'ChainInfoError';
}

/**
 * Reads drand's chain info JSON into a BeaconChain (hex lowercased). Refuses a malformed one, a scheme
 * other than §4.1's, and a public key that is not a point of the curve.
 */
export function chainFromDrandInfo(json: unknown): BeaconChain {
  const parsed = drandInfoSchema.safeParse(json);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'the chain info';
    throw new ChainInfoError(`not drand chain info: ${where}: ${issue?.message ?? 'invalid'}`);
  }
  const info = parsed.data;
  const chainHash = (info.hash ?? '').toLowerCase();
  if (info.schemeID !== BEACON_SCHEME) {
    throw new ChainInfoError(
      `chain ${chainHash} uses scheme "${info.schemeID}"; only "${BEACON_SCHEME}" can be checked`,
    );
  }
  const publicKey = info.public_key.toLowerCase();
  let point: ReturnType<typeof bls12_381.G2.Point.fromBytes>;
  try {
    // fromBytes checks that the point is on the curve and in the prime-order subgroup.
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
  return { chainHash, publicKey, scheme: BEACON_SCHEME, period: info.period, genesisTime: info.genesis_time };
}

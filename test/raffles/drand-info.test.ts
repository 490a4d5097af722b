import { describe, expect, it } from 'vitest';
import { QUICKNET } from '../../src/raffles/beacon.ts';
import { ChainInfoError, chainFromDrandInfo } from '../../src/raffles/drand-info.external.ts';
import { flipBit } from '../helpers/beacon-chain.ts';

// quicknet's chain info as https://api.drand.sh/52db9ba7…e971/info serves it (v1 HTTP API), the fields
// a chain is known by plus the metadata that is ignored.
const QUICKNET_INFO = {
  public_key: QUICKNET.publicKey,
  period: 3,
  genesis_time: 1692803367,
  hash: QUICKNET.chainHash,
  schemeID: 'bls-unchained-g1-rfc9380',
  metadata: { beaconID: 'quicknet' },
};

const refusal = (json: unknown) => {
  try {
    chainFromDrandInfo(json);
  } catch (error) {
    expect(error).toBeInstanceOf(ChainInfoError);
    return (error as Error).message;
  }
  throw new Error('the chain info was accepted');
};

describe('chainFromDrandInfo', () => {
  it('reads quicknet’s /info into the chain the verifier knows by heart', () => {
    expect(chainFromDrandInfo(QUICKNET_INFO)).toEqual(QUICKNET);
  });

  it('reads the v2 API’s field names, and upper-case hex', () => {
    const { hash, schemeID, ...rest } = QUICKNET_INFO;
    const v2 = { ...rest, public_key: rest.public_key.toUpperCase(), chain_hash: hash, scheme: schemeID };
    expect(chainFromDrandInfo(v2)).toEqual(QUICKNET);
  });

  it('refuses what is not chain info, naming the field', () => {
    expect(refusal({ ...QUICKNET_INFO, period: 0 })).toMatch(/^not drand chain info: period: /);
    expect(refusal({ ...QUICKNET_INFO, public_key: 'abc' })).toMatch(/^not drand chain info: public_key: /);
    expect(refusal({ ...QUICKNET_INFO, hash: undefined })).toBe(
      'not drand chain info: hash: the chain hash is missing',
    );
    expect(refusal([])).toMatch(/^not drand chain info: the chain info: /);
  });

  it('refuses a scheme it cannot check, and a key that is not a curve point', () => {
    expect(refusal({ ...QUICKNET_INFO, schemeID: 'pedersen-bls-chained' })).toBe(
      `chain ${QUICKNET.chainHash} uses scheme "pedersen-bls-chained"; only "bls-unchained-g1-rfc9380" can be checked`,
    );
    expect(refusal({ ...QUICKNET_INFO, public_key: flipBit(QUICKNET.publicKey, 9) })).toBe(
      `the public_key of chain ${QUICKNET.chainHash} is not a BLS12-381 G2 point`,
    );
    // The compressed encoding of the point at infinity: under it the signature at infinity passes.
    const infinity = `c0${'00'.repeat(95)}`;
    expect(refusal({ ...QUICKNET_INFO, public_key: infinity })).toBe(
      `the public_key of chain ${QUICKNET.chainHash} is the point at infinity, which signs nothing`,
    );
  });
});

import { bls12_381 } from '@noble/curves/bls12-381.js';
import { describe, expect, it } from 'vitest';
import {
  type BeaconChain,
  bytesToHex,
  checkBeaconRound,
  drawRoundFor,
  drawSeedOf,
  QUICKNET,
  roundAt,
  roundMessage,
  roundTimeMs,
} from '../../src/raffles/beacon.ts';
import { nodeSha256 } from '../../src/raffles/sha256-node.ts';

// Rounds the League of Entropy's quicknet chain published (https://api.drand.sh/52db9ba7…e971/public/N):
// facts anyone can fetch again. Round 657413's randomness is quoted beside it in drand-verify's README.
const QUICKNET_ROUNDS = [
  {
    round: 1000,
    signature:
      'b44679b9a59af2ec876b1a6b1ad52ea9b1615fc3982b19576350f93447cb1125e342b73a8dd2bacbe47e4b6b63ed5e39',
  },
  {
    round: 657413,
    signature:
      'b713718a38ae728dfd477991af2822e08d2f305e47718cef9f7848ce4050e7be41076862b98fad56e91a6b85b89cd97b',
    randomness: 'fc1873a13f3545aeade8401532ef5519920652eee6b0d2b19ca12643b87b3587',
  },
  {
    round: 5928395,
    signature:
      'a5d07c0071b4e386b3ae09206522253c68fefe8490ad59ecc44a7dd0d0745be91da5779e2247a82403fbc0cb9a34cb61',
  },
];

const sha256Hex = async (hex: string) =>
  bytesToHex(await nodeSha256(Uint8Array.from(Buffer.from(hex, 'hex'))));

const withRandomness = async (round: { round: number; signature: string }) => ({
  ...round,
  randomness: await sha256Hex(round.signature),
});

function flipBit(hex: string, bit: number): string {
  const bytes = Buffer.from(hex, 'hex');
  bytes[Math.floor(bit / 8)] = (bytes[Math.floor(bit / 8)] as number) ^ (1 << (bit % 8));
  return bytes.toString('hex');
}

describe('the beacon step of §4.1 against published quicknet rounds', () => {
  it.each(QUICKNET_ROUNDS)('quicknet round $round verifies', async (published) => {
    const beacon = await withRandomness(published);
    if (published.randomness) expect(beacon.randomness).toBe(published.randomness);
    expect(await checkBeaconRound(QUICKNET, beacon, nodeSha256)).toBeNull();
  });

  it('a signature of one round does not pass for another round', async () => {
    const beacon = await withRandomness(QUICKNET_ROUNDS[1] as (typeof QUICKNET_ROUNDS)[number]);
    expect(await checkBeaconRound(QUICKNET, { ...beacon, round: beacon.round + 1 }, nodeSha256)).toBe(
      'bad_signature',
    );
  });

  it('a flipped bit anywhere in the signature fails', async () => {
    const beacon = await withRandomness(QUICKNET_ROUNDS[0] as (typeof QUICKNET_ROUNDS)[number]);
    // Bits of the x coordinate and of the flag byte: each makes another point, or no point at all.
    for (const bit of [0, 5, 7, 100, 383]) {
      const signature = flipBit(beacon.signature, bit);
      const problem = await checkBeaconRound(
        QUICKNET,
        { ...beacon, signature, randomness: await sha256Hex(signature) },
        nodeSha256,
      );
      expect(problem === 'bad_signature' || problem === 'bad_encoding').toBe(true);
    }
  });

  it('randomness that is not SHA-256 of the signature fails', async () => {
    const beacon = await withRandomness(QUICKNET_ROUNDS[0] as (typeof QUICKNET_ROUNDS)[number]);
    expect(
      await checkBeaconRound(QUICKNET, { ...beacon, randomness: flipBit(beacon.randomness, 3) }, nodeSha256),
    ).toBe('randomness_mismatch');
  });

  it('another key, or another scheme, does not accept quicknet rounds', async () => {
    const beacon = await withRandomness(QUICKNET_ROUNDS[0] as (typeof QUICKNET_ROUNDS)[number]);
    const otherKey = bytesToHex(
      bls12_381.shortSignatures.getPublicKey(bls12_381.utils.randomSecretKey()).toBytes(true),
    );
    expect(await checkBeaconRound({ ...QUICKNET, publicKey: otherKey }, beacon, nodeSha256)).toBe(
      'bad_signature',
    );
    expect(await checkBeaconRound({ ...QUICKNET, scheme: 'pedersen-bls-chained' }, beacon, nodeSha256)).toBe(
      'unsupported_scheme',
    );
    expect(await checkBeaconRound(QUICKNET, { ...beacon, signature: 'zz' }, nodeSha256)).toBe('bad_encoding');
  });

  it('signs SHA-256 of the round as 8 bytes big-endian', async () => {
    expect(bytesToHex(await roundMessage(1, nodeSha256))).toBe(await sha256Hex('0000000000000001'));
  });
});

describe('round times', () => {
  const chain: BeaconChain = { ...QUICKNET, genesisTime: 1_000, period: 3 };

  it('round r comes at genesis + (r − 1) × period', () => {
    expect(roundTimeMs(chain, 1)).toBe(1_000_000);
    expect(roundTimeMs(chain, 4)).toBe(1_009_000);
    expect(roundAt(chain, 1_008_999)).toBe(3);
    expect(roundAt(chain, 1_009_000)).toBe(4);
    expect(roundAt(chain, 999_999)).toBe(0);
  });

  it('a draw takes the first round at least one second after its snapshot, exactly', () => {
    // Round 4 comes at 1,009,000 ms.
    expect(drawRoundFor(chain, 1_008_000)).toBe(4); // exactly 1 s before: that round
    expect(drawRoundFor(chain, 1_008_001)).toBe(5); // 1 ms later: too close, the next one
    expect(drawRoundFor(chain, 1_006_500)).toBe(4);
    expect(drawRoundFor(chain, 0)).toBe(1);
    for (const snapshotAt of [1_000_000, 1_234_567, 1_500_001, 2_000_000]) {
      const round = drawRoundFor(chain, snapshotAt);
      expect(roundTimeMs(chain, round) - snapshotAt).toBeGreaterThanOrEqual(1000);
      expect(roundTimeMs(chain, round - 1) - snapshotAt).toBeLessThan(1000);
    }
  });

  it('quicknet: round 1000 came 2,997 s after genesis', () => {
    expect(roundTimeMs(QUICKNET, 1000)).toBe((1692803367 + 2997) * 1000);
  });
});

describe('drawSeed', () => {
  it('is SHA-256 of "seed:randomness" in lowercase hex (value from coreutils sha256sum)', async () => {
    const seed = 'a'.repeat(64);
    const randomness = 'fc1873a13f3545aeade8401532ef5519920652eee6b0d2b19ca12643b87b3587';
    expect(await drawSeedOf(seed, randomness, nodeSha256)).toBe(
      'c9682761769c0ec3071c4cc1b87bd721561016ddfc59f0863865e1384a84dcdf',
    );
  });
});

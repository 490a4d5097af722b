import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareByteOrder } from '../../src/raffles/draw-algorithm.ts';
import { nodeSha256 } from '../../src/raffles/sha256-node.ts';
import { verifyProof } from '../../src/raffles/verify.ts';
import { flipBit, makeDrandProof, testBeacon } from '../helpers/beacon-chain.ts';
import { WEIGHTS } from '../helpers/proofs.ts';

// Any draw of §4.1 — any entrants, weights, prizes, redraws, on any round of any trusted chain — built
// from replayDraw with drawSeed verifies; the same proof with one bit of the round's randomness changed
// does not. Each run signs a round and checks two BLS signatures, hence a few hundred runs, not thousands.
const RUNS = 200;

// Three chains of the tests' own with different rhythms: one round a second, every 3 s, every 30 s.
const CHAINS = [
  testBeacon('property chain 1 s', { period: 1, genesisTime: 1_600_000_000 }),
  testBeacon('property chain 3 s', { period: 3, genesisTime: 1_692_803_367 }),
  testBeacon('property chain 30 s', { period: 30, genesisTime: 1_595_431_050 }),
];
const TRUSTED = { trustedChains: CHAINS.map((beacon) => beacon.chain) };
const TEN_YEARS_MS = 10 * 365 * 86_400_000;

const userId = fc.oneof(
  fc.integer({ min: 1, max: 999_999_999 }).map(String),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 4 }),
);

const drawCase = fc.record({
  ids: fc.uniqueArray(userId, { maxLength: 40 }),
  weights: fc.array(fc.constantFrom(...WEIGHTS), { minLength: 40, maxLength: 40 }),
  items: fc.array(
    fc.record({
      weight: fc.integer({ min: 1, max: 1_000_000 }),
      quantity: fc.option(fc.integer({ min: 0, max: 3 })),
    }),
    { maxLength: 4 },
  ),
  winners: fc.integer({ min: 0, max: 5 }),
  redraws: fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 3 }),
  chain: fc.integer({ min: 0, max: CHAINS.length - 1 }),
  snapshotMs: fc.integer({ min: 0, max: TEN_YEARS_MS }),
  bit: fc.integer({ min: 0, max: 255 }),
});

describe('proofs of random §4.1 draws', () => {
  it(`verify when built from replayDraw with drawSeed, and a flipped bit of randomness is caught (${RUNS} draws)`, async () => {
    await fc.assert(
      fc.asyncProperty(drawCase, async (draw) => {
        const entrants = [...draw.ids]
          .sort(compareByteOrder)
          .map((id, index) => ({ userId: id, login: `viewer_${index}`, weight: draw.weights[index] ?? 1 }));
        const winners = Math.min(draw.winners, entrants.length);
        const beacon = CHAINS[draw.chain] ?? CHAINS[0];
        if (!beacon) throw new Error('no chain');
        const proof = await makeDrandProof({
          beacon,
          snapshotAt: new Date(beacon.chain.genesisTime * 1000 + draw.snapshotMs).toISOString(),
          entrants,
          items: draw.items.map((item, index) => ({ id: index + 1, name: `prize ${index + 1}`, ...item })),
          winners,
          redraws: draw.redraws.filter((position) => position <= winners),
          excluded: [],
        });
        const honest = await verifyProof(proof, nodeSha256, TRUSTED);
        expect(honest.problems).toEqual([]);
        const randomness = flipBit(proof.beacon?.randomness ?? '', draw.bit);
        const tampered = { ...proof, beacon: proof.beacon && { ...proof.beacon, randomness } };
        const caught = await verifyProof(tampered, nodeSha256, TRUSTED);
        expect(caught.ok).toBe(false);
        expect(caught.problems.map((problem) => problem.code)).toContain('beacon_randomness_mismatch');
      }),
      { numRuns: RUNS },
    );
  }, 120_000);
});

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { drawRoundFor } from '../../src/raffles/beacon.ts';
import { PROOF_ALGORITHM_DRAND, type Proof } from '../../src/raffles/proof.ts';
import { loadProof } from '../../src/raffles/proof-repository.ts';
import { nodeSha256 } from '../../src/raffles/sha256-node.ts';
import { verifyProof } from '../../src/raffles/verify.ts';
import { flipBit, TEST_BEACON } from '../helpers/beacon-chain.ts';
import { useWorld } from '../helpers/world.ts';

/** A small deterministic PRNG (mulberry32): the random draws of this file are the same every run. */
function prng(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(values: readonly T[]) => values[int(0, values.length - 1)] as T;
  return { next, int, pick };
}

const seedFor = (label: string) => createHash('sha256').update(label).digest('hex');

// One database for the whole file.
const world = useWorld();

describe('the verifier and make_raffle agree', () => {
  const proofs: Proof[] = [];

  const fetchProof = async (raffleId: number) => {
    const proof = await loadProof(world.database.db, raffleId);
    // Through JSON, as a viewer downloads it.
    return JSON.parse(JSON.stringify(proof)) as Proof;
  };

  it('on 300 random draws: weights, prizes, quantities, cooldowns, exclusions and redraws', async () => {
    const random = prng(20261125);
    const weights = [1, 1, 1, 1.5, 2, 2.25, 3, 0.5, 10, 0.01];
    const idStyles = [
      (n: number) => String(100000 + n * 7919),
      (n: number) => String(n),
      (n: number) => `u${n}ção`,
      (n: number) => `${n}😀`,
    ];
    let checked = 0;
    let rerolls = 0;
    let excluded = 0;
    for (let channelIndex = 0; channelIndex < 30; channelIndex += 1) {
      const itemCount = random.int(0, 4);
      const channel = await world.given.channel({
        prizes: Array.from({ length: itemCount }, (_, index) => ({
          name: `prize ${index}`,
          weight: random.pick([1, 5, 50, 999, 1_000_000, random.int(1, 1_000_000)]),
          quantity: random.pick([null, 0, 1, 2, 3, 10]),
        })),
        settings: { cooldown_minutes: random.pick([0, 0, 60]) },
      });
      const idStyle = random.pick(idStyles);
      const pool = Array.from({ length: random.int(1, 60) }, (_, index) => ({
        userId: idStyle(index),
        login: `viewer_${index}`,
        weight: random.pick(weights),
      }));
      for (let drawIndex = 0; drawIndex < 10; drawIndex += 1) {
        const entrants = pool
          .filter(() => random.next() < 0.8)
          .map((entrant) => ({ ...entrant, excludedReason: random.next() < 0.05 ? ('bot' as const) : null }));
        const { result } = await world.given.draw(channel.id, entrants, random.int(1, 5));
        if (result.status === 'drawn') {
          for (let redraw = random.int(0, 2); redraw > 0; redraw -= 1) {
            const position = random.int(1, result.winners.length);
            await world.given.raffles.reroll(result.raffleId, position).then(
              () => (rerolls += 1),
              (error) => expect(error.code).toBe('nobody_left'),
            );
          }
        }
        const proof = await fetchProof(result.raffleId);
        excluded += proof.excluded.length;
        const verdict = await verifyProof(proof, nodeSha256);
        expect(verdict.problems).toEqual([]);
        expect(verdict.ok).toBe(true);
        if (proof.winners.length > 0) proofs.push(proof);
        checked += 1;
      }
    }
    expect(checked).toBe(300);
    // The random cases did reach the paths they are meant to cover.
    expect(rerolls).toBeGreaterThan(20);
    expect(excluded).toBeGreaterThan(50);
    expect(proofs.some((proof) => proof.excluded.some((entry) => entry.reason === 'cooldown'))).toBe(true);
    expect(
      proofs.some((proof) => proof.items.length > 0 && proof.winners.some((w) => w.itemId === null)),
    ).toBe(true);
  });

  it('rejects a real proof with an entrant, weight, winner, prize or seed changed', async () => {
    const tampered: [string, (proof: Proof) => boolean][] = [
      [
        'a weight',
        (proof) => {
          const [first, ...rest] = proof.entrants;
          if (!first) return false;
          proof.entrants = [{ ...first, weight: first.weight + 1 }, ...rest];
          return true;
        },
      ],
      ['an entrant removed', (proof) => proof.entrants.length > 1 && proof.entrants.splice(-1, 1).length > 0],
      [
        'an entrant added',
        (proof) => proof.entrants.push({ userId: '\u{10FFFF}', login: 'intruder', weight: 1 }) > 0,
      ],
      [
        'a winner',
        (proof) => {
          const other = proof.entrants.find(
            (entrant) => !proof.winners.some((w) => w.userId === entrant.userId),
          );
          if (!other || !proof.winners[0]) return false;
          proof.winners[0] = { ...proof.winners[0], userId: other.userId, login: other.login };
          return true;
        },
      ],
      [
        'a prize',
        (proof) => {
          const winner = proof.winners[0];
          const other = proof.items.find((item) => item.id !== winner?.itemId);
          if (!winner || !other) return false;
          proof.winners[0] = { ...winner, itemId: other.id, itemName: other.name };
          return true;
        },
      ],
      [
        'the seed',
        (proof) => {
          proof.seed = seedFor(`other ${proof.seed}`);
          return true;
        },
      ],
    ];
    for (const [what, tamper] of tampered) {
      let rejected = 0;
      for (const original of proofs.slice(0, 40)) {
        const copy = structuredClone(original);
        if (!tamper(copy)) continue;
        const verdict = await verifyProof(copy, nodeSha256);
        expect(verdict.ok, `${what} changed in raffle ${original.raffleId}`).toBe(false);
        rejected += 1;
      }
      expect(rejected, what).toBeGreaterThan(0);
    }
  });
});

describe('draw frequencies match the weights', () => {
  // Pearson's statistic; the thresholds are the chi-square quantiles at p = 0.001. The seeds are fixed,
  // so the outcome is the same on every run and engine: it cannot flake, and a bias fails it.
  const chiSquare = (observed: number[], probabilities: number[], total: number) =>
    observed.reduce((sum, count, index) => {
      const expected = (probabilities[index] ?? 0) * total;
      return sum + (count - expected) ** 2 / expected;
    }, 0);

  it('over 800 seeded draws, for the first winner and for the prize', async () => {
    const channel = await world.given.channel({
      prizes: [
        { name: 'A', weight: 10, quantity: null },
        { name: 'B', weight: 30, quantity: null },
        { name: 'C', weight: 60, quantity: null },
      ],
    });
    const entrants = [1, 2, 3, 4].map((weight) => ({ userId: `user${weight}`, login: `w${weight}`, weight }));
    const winnerCounts = [0, 0, 0, 0];
    const prizeCounts = [0, 0, 0];
    const draws = 800;
    for (let index = 0; index < draws; index += 1) {
      const { id } = await world.given.raffleRepository.createPending({
        channelId: channel.id,
        winnersRequested: 1,
        seed: seedFor(`frequency ${index}`),
      });
      const result = await world.given.raffleRepository.snapshotAndDraw(id, entrants);
      const winner = result.winners[0];
      const winnerIndex = Number(winner?.userId.slice(4)) - 1;
      const prizeIndex = ['A', 'B', 'C'].indexOf(winner?.itemName ?? '');
      winnerCounts[winnerIndex] = (winnerCounts[winnerIndex] ?? 0) + 1;
      prizeCounts[prizeIndex] = (prizeCounts[prizeIndex] ?? 0) + 1;
    }
    expect(winnerCounts.reduce((a, b) => a + b)).toBe(draws);
    expect(prizeCounts.reduce((a, b) => a + b)).toBe(draws);
    expect(chiSquare(winnerCounts, [0.1, 0.2, 0.3, 0.4], draws)).toBeLessThan(16.27);
    expect(chiSquare(prizeCounts, [0.1, 0.3, 0.6], draws)).toBeLessThan(13.82);
    // And the statistic does tell a biased wheel apart: uniform odds would fail the same threshold.
    expect(chiSquare(winnerCounts, [0.25, 0.25, 0.25, 0.25], draws)).toBeGreaterThan(16.27);
  });
});

// SPEC §4.1: the same agreement over draws anchored to beacon rounds. The database freezes the snapshot,
// the round is the one its snapshot time calls for, signed by the tests' own chain (trusted here, as the
// sandbox's local beacon is on its own proof page), and make_raffle draws with drawSeed.
describe('the verifier and make_raffle agree on draws with a beacon round', () => {
  it('on 200 random draws with redraws: every proof verifies, and a flipped bit of its round does not', async () => {
    const random = prng(20261203);
    const chain = TEST_BEACON.chain;
    let checked = 0;
    let rerolls = 0;
    for (let channelIndex = 0; channelIndex < 20; channelIndex += 1) {
      const channel = await world.given.channel({
        prizes: Array.from({ length: random.int(0, 3) }, (_, index) => ({
          name: `prize ${index}`,
          weight: random.int(1, 1000),
          quantity: random.pick([null, 1, 2, 5]),
        })),
        settings: { cooldown_minutes: random.pick([0, 60]) },
      });
      const pool = Array.from({ length: random.int(1, 40) }, (_, index) => ({
        userId: String(5000 + index * 13),
        login: `viewer_${index}`,
        weight: random.pick([1, 1, 1.5, 2, 0.25]),
      }));
      for (let drawIndex = 0; drawIndex < 10; drawIndex += 1) {
        const repository = world.given.raffleRepository;
        const { id } = await repository.createPending({
          channelId: channel.id,
          winnersRequested: random.int(1, 4),
          seed: seedFor(`beacon ${channelIndex} ${drawIndex}`),
        });
        const entrants = pool.filter(() => random.next() < 0.85);
        const frozen = await repository.snapshotAndFreeze(id, entrants);
        const round = drawRoundFor(chain, Date.parse(frozen.snapshotAt ?? ''));
        expect(await repository.anchorToRound(id, chain, round)).toBe(true);
        const { result } = await repository.drawWithRound(id, await TEST_BEACON.signRound(round));
        if (result.status === 'drawn') {
          for (let redraw = random.int(0, 2); redraw > 0; redraw -= 1) {
            const rerolled = await repository.reroll(id, random.int(1, result.winners.length));
            if (rerolled.rerollStatus === 'rerolled') rerolls += 1;
          }
        }
        const proof = JSON.parse(JSON.stringify(await loadProof(world.database.db, id))) as Proof;
        expect(proof.algorithm).toBe(PROOF_ALGORITHM_DRAND);
        const verdict = await verifyProof(proof, nodeSha256, { trustedChains: [chain] });
        expect(verdict.problems).toEqual([]);
        expect(verdict.ok).toBe(true);
        // Unknown to a verifier that was not told about this chain: it cannot check, and says so.
        const untrusted = await verifyProof(proof, nodeSha256);
        expect(untrusted.problems.map((problem) => problem.code)).toContain('unknown_chain');
        if (proof.algorithm === PROOF_ALGORITHM_DRAND && proof.beacon && checked % 20 === 0) {
          const flipped = {
            ...proof,
            beacon: { ...proof.beacon, randomness: flipBit(proof.beacon.randomness, 5) },
          };
          expect((await verifyProof(flipped, nodeSha256, { trustedChains: [chain] })).ok).toBe(false);
        }
        checked += 1;
      }
    }
    expect(checked).toBe(200);
    expect(rerolls).toBeGreaterThan(20);
  });
});

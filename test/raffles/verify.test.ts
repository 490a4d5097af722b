import { randomBytes, randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { compareByteOrder } from '../../src/raffles/draw-algorithm.ts';
import type { Proof, ProofEntrant, ProofItem } from '../../src/raffles/proof.ts';
import { nodeSha256 } from '../../src/raffles/sha256-node.ts';
import { webCryptoSha256 } from '../../src/raffles/sha256-web.ts';
import { verifyProof } from '../../src/raffles/verify.ts';
import { buildProof, randomEntrants, WEIGHTS } from '../helpers/proofs.ts';

const PRIZES: ProofItem[] = [
  { id: 3, name: 'skin dourada', weight: 50, quantity: 1 },
  { id: 5, name: 'skin prata', weight: 30, quantity: 1 },
  { id: 11, name: 'chave', weight: 5, quantity: 1 },
];

/** The codes a proof is rejected with (empty when it verifies). */
const codesOf = async (proof: unknown) => {
  const result = await verifyProof(proof, nodeSha256);
  expect(result.ok).toBe(result.problems.length === 0);
  return [...new Set(result.problems.map((problem) => problem.code))];
};

const nonWinner = (proof: Proof) => {
  const holders = new Set([...proof.winners, ...proof.replaced].map((person) => person.userId));
  const entrant = proof.entrants.find((candidate) => !holders.has(candidate.userId));
  if (!entrant) throw new Error('every entrant won');
  return entrant;
};

describe('verifyProof accepts', () => {
  it('proofs of random draws with prizes and redraws', async () => {
    for (let round = 0; round < 20; round++) {
      const winners = 1 + randomInt(5);
      const redraws = Array.from({ length: randomInt(4) }, () => 1 + randomInt(winners));
      const items =
        randomInt(3) === 0 ? [] : PRIZES.map((item) => ({ ...item, quantity: randomInt(3) || null }));
      const proof = await buildProof({
        entrants: randomEntrants(5 + randomInt(60)),
        items,
        winners,
        redraws,
      });
      const result = await verifyProof(proof, nodeSha256);
      expect(result.problems).toEqual([]);
      expect(result.ok).toBe(true);
    }
  });

  it('the same proof with the WebCrypto hash', async () => {
    const proof = await buildProof({ items: PRIZES, redraws: [2] });
    expect(await verifyProof(proof, webCryptoSha256)).toMatchObject({ ok: true, problems: [] });
  });

  it('a proof with unknown extra keys, which a newer server may add', async () => {
    const proof = await buildProof({ items: PRIZES });
    const extended = {
      ...proof,
      version: 2,
      entrants: proof.entrants.map((entrant) => ({ ...entrant, subscriber: true })),
    };
    expect(await codesOf(extended)).toEqual([]);
  });

  it('a void draw: no winners over an empty snapshot', async () => {
    expect(await codesOf(await buildProof({ entrants: [], winners: 0 }))).toEqual([]);
  });

  it('a proof of 100,000 entrants', async () => {
    const entrants = Array.from({ length: 100_000 }, (_, index) => ({
      userId: String(10_000_000 + index * 13),
      login: `viewer_${index}`,
      weight: WEIGHTS[index % WEIGHTS.length] ?? 1,
    })).sort((a, b) => compareByteOrder(a.userId, b.userId));
    const proof = await buildProof({ entrants, items: PRIZES, winners: 10 });
    expect(await codesOf(proof)).toEqual([]);
  });
});

describe('verifyProof rejects', () => {
  it('a changed entrant weight', async () => {
    const proof = await buildProof({});
    const entrants = proof.entrants.map((entrant, index) =>
      index === 4 ? { ...entrant, weight: entrant.weight === 2 ? 3 : 2 } : entrant,
    );
    expect(await codesOf({ ...proof, entrants })).toContain('entrants_digest_mismatch');
  });

  it('an added entrant', async () => {
    const proof = await buildProof({});
    const entrants = [...proof.entrants, { userId: '~added', login: 'intruder', weight: 1 }];
    expect(await codesOf({ ...proof, entrants })).toContain('entrants_digest_mismatch');
  });

  it('a removed entrant', async () => {
    const proof = await buildProof({});
    const gone = nonWinner(proof);
    const entrants = proof.entrants.filter((entrant) => entrant !== gone);
    expect(await codesOf({ ...proof, entrants })).toEqual(['entrants_digest_mismatch']);
  });

  it('a changed winner, naming both users', async () => {
    const proof = await buildProof({});
    const impostor = nonWinner(proof);
    const honest = proof.winners[1];
    const winners = proof.winners.map((winner, index) =>
      index === 1 ? { ...winner, userId: impostor.userId, login: impostor.login } : winner,
    );
    const result = await verifyProof({ ...proof, winners }, nodeSha256);
    expect(result.problems).toEqual([
      {
        code: 'winner_mismatch',
        message: `position 2: proof says user ${impostor.userId} (${impostor.login}), the seed gives user ${honest?.userId} (${honest?.login})`,
      },
    ]);
  });

  it('swapped prizes', async () => {
    const proof = await buildProof({ items: PRIZES });
    const [first, second] = proof.winners;
    if (!first || !second) throw new Error('two winners expected');
    expect(first.itemId).not.toBe(second.itemId);
    const swap = (winner: typeof first, other: typeof first) => ({
      ...winner,
      itemId: other.itemId,
      itemName: other.itemName,
    });
    const winners = [swap(first, second), swap(second, first), ...proof.winners.slice(2)];
    expect(await codesOf({ ...proof, winners })).toEqual(['prize_mismatch']);
  });

  it('a prize renamed in the winners list', async () => {
    const proof = await buildProof({ items: PRIZES });
    const winners = proof.winners.map((winner, index) =>
      index === 0 ? { ...winner, itemName: 'iPhone' } : winner,
    );
    expect(await codesOf({ ...proof, winners })).toEqual(['prize_mismatch']);
  });

  it('a different seed', async () => {
    const proof = await buildProof({ items: PRIZES });
    expect(await codesOf({ ...proof, seed: randomBytes(32).toString('hex') })).toContain(
      'commitment_mismatch',
    );
  });

  it('a different commitment', async () => {
    const proof = await buildProof({});
    expect(await codesOf({ ...proof, commitment: '0'.repeat(64) })).toEqual(['commitment_mismatch']);
  });

  it('reordered entrants', async () => {
    const proof = await buildProof({});
    const entrants = [...proof.entrants];
    [entrants[3], entrants[4]] = [entrants[4] as ProofEntrant, entrants[3] as ProofEntrant];
    expect(await codesOf({ ...proof, entrants })).toEqual(['entrants_not_sorted']);
  });

  it('an entrant listed twice', async () => {
    const proof = await buildProof({});
    const entrants = [...proof.entrants];
    entrants.splice(5, 0, entrants[5] as ProofEntrant);
    expect(await codesOf({ ...proof, entrants })).toContain('duplicate_entrant');
  });

  it.each([0, -1, 1.234, Number.MAX_VALUE])('a weight of %s', async (weight) => {
    const proof = await buildProof({});
    const entrants = proof.entrants.map((entrant, index) => (index === 0 ? { ...entrant, weight } : entrant));
    expect(await codesOf({ ...proof, entrants })).toEqual(['bad_weight']);
  });

  it('a hidden redraw: the replaced holder removed from the history', async () => {
    const proof = await buildProof({ redraws: [1] });
    expect(await codesOf({ ...proof, replaced: [] })).toEqual(['winner_mismatch']);
  });

  it('a redraw that names the wrong earlier holder', async () => {
    const proof = await buildProof({ redraws: [2] });
    const other = nonWinner(proof);
    const replaced = [{ position: 2, userId: other.userId, login: other.login }];
    expect(await codesOf({ ...proof, replaced })).toEqual(['replaced_mismatch']);
  });

  it('a redraw of a position the raffle does not have', async () => {
    const proof = await buildProof({ winners: 2 });
    const other = nonWinner(proof);
    const replaced = [{ position: 3, userId: other.userId, login: other.login }];
    expect(await codesOf({ ...proof, replaced })).toEqual(['replaced_mismatch']);
  });

  it('one user in two slots', async () => {
    const proof = await buildProof({});
    const [first] = proof.winners;
    const winners = proof.winners.map((winner, index) =>
      index === 2 ? { ...winner, userId: first?.userId ?? '', login: first?.login ?? '' } : winner,
    );
    expect(await codesOf({ ...proof, winners })).toEqual(['duplicate_winner', 'winner_mismatch']);
  });

  it('winners out of position order', async () => {
    const proof = await buildProof({});
    const winners = [...proof.winners].reverse();
    expect(await codesOf({ ...proof, winners })).toContain('bad_position');
  });

  it('more winners than entrants', async () => {
    const proof = await buildProof({ entrants: randomEntrants(2), winners: 2 });
    const winners = [
      ...proof.winners,
      { position: 3, userId: 'ghost', login: 'ghost', itemId: null, itemName: null },
    ];
    const result = await verifyProof({ ...proof, winners }, nodeSha256);
    expect(result.problems).toEqual([
      {
        code: 'winner_mismatch',
        message: 'position 3: proof says user ghost (ghost), but there are only 2 entrants',
      },
    ]);
  });

  it('an excluded viewer who is also an entrant', async () => {
    const proof = await buildProof({});
    const [entrant] = proof.entrants;
    const excluded = [{ userId: entrant?.userId ?? '', login: entrant?.login ?? '', reason: 'blocklist' }];
    expect(await codesOf({ ...proof, excluded })).toEqual(['excluded_is_entrant']);
  });

  it('a prize with a non-positive weight', async () => {
    const proof = await buildProof({ items: PRIZES });
    const items = proof.items.map((item, index) => (index === 1 ? { ...item, weight: 0 } : item));
    expect(await codesOf({ ...proof, items })).toEqual(['bad_item']);
  });

  it('a raffle not drawn yet, without comparing anything', async () => {
    const proof = await buildProof({});
    const pending = { ...proof, seed: null, entrants: [], winners: [], entrantsDigest: '' };
    expect(await codesOf(pending)).toEqual(['seed_not_revealed']);
  });

  it('a seed that is not 64 lowercase hex characters', async () => {
    const proof = await buildProof({});
    expect(await codesOf({ ...proof, seed: proof.seed?.toUpperCase() })).toEqual(['bad_seed']);
  });

  it('another algorithm', async () => {
    const proof = await buildProof({});
    const result = await verifyProof({ ...proof, algorithm: 'kinoyu-es-sha256-v2' }, nodeSha256);
    expect(result.problems.map((problem) => problem.code)).toEqual(['unknown_algorithm']);
    expect(result.problems[0]?.message).toContain('kinoyu-es-sha256-v2');
  });

  it('something that is not a proof, naming the bad field', async () => {
    for (const input of [null, 'proof', [], { hello: 'world' }]) {
      expect(await codesOf(input)).toEqual(['malformed']);
    }
    const proof = await buildProof({});
    const entrants = proof.entrants.map((entrant, index) =>
      index === 2 ? { ...entrant, weight: '1' } : entrant,
    );
    const result = await verifyProof({ ...proof, entrants }, nodeSha256);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]?.message).toMatch(/^entrants\.2\.weight: /);
  });

  it('with at most ten lines per kind of problem, and a count of the rest', async () => {
    const proof = await buildProof({ entrants: randomEntrants(50) });
    const entrants = proof.entrants.map((entrant) => ({ ...entrant, weight: 0 }));
    const result = await verifyProof({ ...proof, entrants }, nodeSha256);
    expect(result.problems).toHaveLength(11);
    expect(result.problems[10]).toEqual({ code: 'bad_weight', message: '…and 40 more like these' });
  });
});

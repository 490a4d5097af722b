import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes, QUICKNET, roundTimeMs } from '../../src/raffles/beacon.ts';
import type { DrandProof, ProofEntrant, ProofItem } from '../../src/raffles/proof.ts';
import { nodeSha256 } from '../../src/raffles/sha256-node.ts';
import { webCryptoSha256 } from '../../src/raffles/sha256-web.ts';
import { UNVERIFIABLE_CODES, type VerifyOptions, verifyProof } from '../../src/raffles/verify.ts';
import { describeBeacon } from '../../src/raffles/verify-beacon.ts';
import {
  flipBit,
  makeDrandProof,
  QUICKNET_ROUND as PUBLISHED,
  quicknetDrandProof,
  TEST_BEACON,
  testBeacon,
} from '../helpers/beacon-chain.ts';

const PRIZES: ProofItem[] = [
  { id: 3, name: 'skin dourada', weight: 50, quantity: 1 },
  { id: 5, name: 'skin prata', weight: 30, quantity: 2 },
  { id: 11, name: 'chave', weight: 5, quantity: null },
];

// Fixed entrants and seed: which users win is then the same every run.
const ENTRANTS: ProofEntrant[] = Array.from({ length: 40 }, (_, index) => ({
  userId: String(5_000_000 + index * 37),
  login: `viewer_${index}`,
  weight: [1, 1.5, 2, 0.5][index % 4] ?? 1,
}));
const SEED = 'c0ffee'.repeat(10).padEnd(64, '0');

const TRUSTED: VerifyOptions = { trustedChains: [TEST_BEACON.chain] };

/** The codes a proof is rejected with (empty when it verifies). */
const codesOf = async (proof: unknown, options: VerifyOptions = TRUSTED) => {
  const result = await verifyProof(proof, nodeSha256, options);
  expect(result.ok).toBe(result.problems.length === 0);
  return [...new Set(result.problems.map((problem) => problem.code))];
};

const withBeacon = (proof: DrandProof, change: Partial<NonNullable<DrandProof['beacon']>>): DrandProof => {
  if (!proof.beacon) throw new Error('a drawn proof has its beacon');
  return { ...proof, beacon: { ...proof.beacon, ...change } };
};

const shiftedIso = (iso: string | null, ms: number) => new Date(Date.parse(iso ?? '') + ms).toISOString();

const quicknetProof = () => quicknetDrandProof({ items: PRIZES, seed: SEED, entrants: ENTRANTS });
const QUICKNET_ROUND = PUBLISHED.round;

describe('verifyProof accepts a proof anchored to a drand round (§4.1)', () => {
  it('on a published quicknet round, with no chain to trust: quicknet is known by heart', async () => {
    const result = await verifyProof(await quicknetProof(), nodeSha256);
    expect(result.problems).toEqual([]);
    expect(result.beacon).toMatchObject({
      trust: 'known',
      signature: 'valid',
      expectedRound: QUICKNET_ROUND,
    });
  });

  it('on the tests’ own chain once it is trusted, with prizes and redraws', async () => {
    const proof = await makeDrandProof({ items: PRIZES, winners: 4, redraws: [2, 1] });
    expect(proof.replaced).toHaveLength(2);
    const result = await verifyProof(proof, nodeSha256, TRUSTED);
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.beacon).toMatchObject({ trust: 'trusted', signature: 'valid' });
  });

  it('with the WebCrypto hash, as in the browser', async () => {
    const proof = await makeDrandProof({ items: PRIZES });
    expect(await verifyProof(proof, webCryptoSha256, TRUSTED)).toMatchObject({ ok: true, problems: [] });
  });

  it('a pending raffle that has no round yet, as not drawn', async () => {
    const proof = await makeDrandProof({});
    const pending = { ...proof, seed: null, beacon: null, snapshotAt: null, winners: [] };
    expect(await codesOf(pending)).toEqual(['seed_not_revealed']);
  });
});

describe('verifyProof on the chain of a §4.1 proof', () => {
  it('cannot check a chain it does not know, and says how to trust it', async () => {
    const proof = await makeDrandProof({});
    const result = await verifyProof(proof, nodeSha256);
    expect(result.problems.map((problem) => problem.code)).toEqual(['unknown_chain']);
    expect(UNVERIFIABLE_CODES.has('unknown_chain')).toBe(true);
    const [problem] = result.problems;
    expect(problem?.message).toContain(`names drand chain ${TEST_BEACON.chain.chainHash}`);
    expect(problem?.message).toContain('does not know');
    expect(problem?.message).toContain('--trust <chain info file or URL>');
    expect(result.beacon).toMatchObject({ trust: 'unknown', signature: 'unchecked' });
  });

  it('still finds what differs in the draw of an unknown chain', async () => {
    const proof = await makeDrandProof({ entrants: ENTRANTS, seed: SEED });
    const winners = proof.winners.map((winner, index) =>
      index === 0 ? { ...winner, login: 'impostor' } : winner,
    );
    expect(await codesOf({ ...proof, winners }, {})).toEqual(['unknown_chain', 'winner_mismatch']);
  });

  it('refuses a proof naming quicknet with another key, even one that signed the round', async () => {
    const impostor = testBeacon('not quicknet', {
      chainHash: QUICKNET.chainHash,
      period: QUICKNET.period,
      genesisTime: QUICKNET.genesisTime,
    });
    const proof = await makeDrandProof({ beacon: impostor, snapshotAt: '2026-01-01T12:00:00.000Z' });
    const result = await verifyProof(proof, nodeSha256, { trustedChains: [impostor.chain] });
    expect(result.problems.map((problem) => problem.code)).toEqual(['beacon_chain_mismatch']);
    expect(result.problems[0]?.message).toMatch(
      /^the proof names drand quicknet \(52db9ba70e0cc0f6…\) with publicKey /,
    );
    expect(UNVERIFIABLE_CODES.has('beacon_chain_mismatch')).toBe(false);
  });

  it('refuses a proof whose period or genesis differ from the trusted chain of the same hash', async () => {
    const proof = await makeDrandProof({});
    expect(await codesOf(withBeacon(proof, { period: 30 }))).toContain('beacon_chain_mismatch');
    expect(await codesOf(withBeacon(proof, { genesisTime: 1 }))).toContain('beacon_chain_mismatch');
  });

  it('cannot check a trusted chain of another signature scheme', async () => {
    const chained = testBeacon('chained', { scheme: 'pedersen-bls-chained' });
    const proof = await makeDrandProof({ beacon: chained });
    expect(await codesOf(proof, { trustedChains: [chained.chain] })).toEqual(['unsupported_beacon_scheme']);
  });
});

describe('verifyProof rejects a §4.1 proof with', () => {
  it('another round number: its signature is not that round’s, and it is not the round of the snapshot', async () => {
    const proof = await makeDrandProof({});
    const round = (proof.beacon?.round ?? 0) + 1;
    expect(await codesOf(withBeacon(proof, { round }))).toEqual([
      'beacon_bad_signature',
      'beacon_round_mismatch',
    ]);
  });

  it('a later round, genuinely signed, and the draw redone with it: the operator cannot pick a round', async () => {
    const honest = await makeDrandProof({ entrants: ENTRANTS, seed: SEED });
    // Built as if the snapshot were 3 s later, then published with the real snapshot time.
    const later = await makeDrandProof({
      entrants: ENTRANTS,
      seed: SEED,
      snapshotAt: shiftedIso(honest.snapshotAt, 3_000),
    });
    const forged = { ...later, snapshotAt: honest.snapshotAt };
    const result = await verifyProof(forged, nodeSha256, TRUSTED);
    const expected = honest.beacon?.round ?? 0;
    expect(result.problems).toEqual([
      {
        code: 'beacon_round_mismatch',
        message: `round ${expected + 1} comes at ${new Date(roundTimeMs(TEST_BEACON.chain, expected + 1)).toISOString()}, the snapshot was frozen at ${honest.snapshotAt}: the draw must use round ${expected}, the first at least 1 s after the snapshot (it comes at ${new Date(roundTimeMs(TEST_BEACON.chain, expected)).toISOString()})`,
      },
    ]);
  });

  it.each([3_000, -3_000])(
    'the snapshot time moved by %i ms, so that another round applies',
    async (shift) => {
      const proof = await makeDrandProof({});
      const moved = { ...proof, snapshotAt: shiftedIso(proof.snapshotAt, shift) };
      expect(await codesOf(moved)).toEqual(['beacon_round_mismatch']);
    },
  );

  it('a snapshot time within the same round window: still that round', async () => {
    const proof = await makeDrandProof({ snapshotAt: '2026-03-01T10:00:00.500Z' });
    // Round times fall on whole periods of 3 s from genesis: 10:00:00 is one, 10:00:03 the next.
    expect(await codesOf({ ...proof, snapshotAt: '2026-03-01T10:00:00.001Z' })).toEqual([]);
    expect(await codesOf({ ...proof, snapshotAt: '2026-03-01T10:00:02.000Z' })).toEqual([]);
    expect(await codesOf({ ...proof, snapshotAt: '2026-03-01T10:00:02.001Z' })).toEqual([
      'beacon_round_mismatch',
    ]);
  });

  it.each(['yesterday', '2026-03-01', '2026-13-01T10:00:00Z', '2026-03-01T10:00:00.0001Z'])(
    'a snapshot time that is not an ISO time with milliseconds at most: %s',
    async (snapshotAt) => {
      const proof = await makeDrandProof({});
      expect(await codesOf({ ...proof, snapshotAt })).toEqual(['bad_snapshot_at']);
      expect(UNVERIFIABLE_CODES.has('bad_snapshot_at')).toBe(true);
    },
  );

  it('a flipped bit in the signature', async () => {
    const proof = await makeDrandProof({});
    for (const bit of [0, 9, 200, 383]) {
      const signature = flipBit(proof.beacon?.signature ?? '', bit);
      const codes = await codesOf(withBeacon(proof, { signature }));
      expect(codes).toContain('beacon_bad_signature');
      expect(codes).toContain('beacon_randomness_mismatch');
    }
  });

  it('a forged signature whose randomness was recomputed to match it', async () => {
    const proof = await makeDrandProof({});
    const signature = (await TEST_BEACON.signRound((proof.beacon?.round ?? 0) + 7)).signature;
    const randomness = bytesToHex(nodeSha256(hexToBytes(signature)) as Uint8Array);
    const codes = await codesOf(withBeacon(proof, { signature, randomness }));
    expect(codes).toContain('beacon_bad_signature');
    expect(codes).not.toContain('beacon_randomness_mismatch');
  });

  it('a flipped bit in the randomness, even with the draw redone with it', async () => {
    const honest = await makeDrandProof({ entrants: ENTRANTS, seed: SEED });
    const round = honest.beacon?.round ?? 0;
    const genuine = await TEST_BEACON.signRound(round);
    const lying = {
      chain: TEST_BEACON.chain,
      signRound: async () => ({ ...genuine, randomness: flipBit(genuine.randomness, 17) }),
    };
    const forged = await makeDrandProof({
      entrants: ENTRANTS,
      seed: SEED,
      beacon: lying,
      snapshotAt: honest.snapshotAt ?? '',
    });
    expect(await codesOf(forged)).toEqual(['beacon_randomness_mismatch']);
    const randomnessOnly = withBeacon(honest, { randomness: flipBit(genuine.randomness, 17) });
    expect(await codesOf(randomnessOnly)).toEqual(['beacon_randomness_mismatch', 'winner_mismatch']);
  });

  it('a draw computed with the raw seed instead of drawSeed', async () => {
    const proof = await makeDrandProof({ entrants: ENTRANTS, seed: SEED, drawWith: 'seed' });
    const result = await verifyProof(proof, nodeSha256, TRUSTED);
    expect([...new Set(result.problems.map((problem) => problem.code))]).toEqual(['winner_mismatch']);
    expect(result.problems[0]?.message).toMatch(
      new RegExp(
        `^position \\d: proof says user \\d+ \\(viewer_\\d+\\), the seed with round ${proof.beacon?.round} gives`,
      ),
    );
  });

  it('another seed, or another commitment', async () => {
    const proof = await makeDrandProof({ entrants: ENTRANTS });
    expect(await codesOf({ ...proof, seed: SEED })).toContain('commitment_mismatch');
    expect(await codesOf({ ...proof, commitment: '0'.repeat(64) })).toEqual(['commitment_mismatch']);
  });

  it('an entrant list edited after the snapshot', async () => {
    const proof = await makeDrandProof({ entrants: ENTRANTS, seed: SEED });
    const entrants = proof.entrants.map((entrant, index) =>
      index === 7 ? { ...entrant, weight: 10 } : entrant,
    );
    expect(await codesOf({ ...proof, entrants })).toContain('entrants_digest_mismatch');
  });

  it('a changed winner', async () => {
    const proof = await makeDrandProof({ entrants: ENTRANTS, seed: SEED });
    const holders = new Set(proof.winners.map((winner) => winner.userId));
    const outsider = proof.entrants.find((entrant) => !holders.has(entrant.userId));
    const winners = proof.winners.map((winner, index) =>
      index === 1 ? { ...winner, userId: outsider?.userId ?? '', login: outsider?.login ?? '' } : winner,
    );
    expect(await codesOf({ ...proof, winners })).toEqual(['winner_mismatch']);
  });

  it('no beacon although the seed is revealed', async () => {
    const proof = await makeDrandProof({});
    const result = await verifyProof({ ...proof, beacon: null }, nodeSha256, TRUSTED);
    expect(result.problems).toEqual([
      {
        code: 'malformed',
        message:
          'beacon: a drawn proof of kinoyu-es-sha256-drand-v1 carries the snapshot time and the round it was drawn with',
      },
    ]);
  });

  it('a beacon field that is not lowercase hex, naming it', async () => {
    const proof = await makeDrandProof({});
    const result = await verifyProof(
      withBeacon(proof, { signature: proof.beacon?.signature.toUpperCase() }),
      nodeSha256,
      TRUSTED,
    );
    expect(result.problems.map((problem) => problem.code)).toEqual(['malformed']);
    expect(result.problems[0]?.message).toMatch(/^beacon\.signature: /);
  });

  it('a round far beyond any date, without throwing', async () => {
    const proof = await makeDrandProof({});
    expect(await codesOf(withBeacon(proof, { round: Number.MAX_SAFE_INTEGER }))).toEqual([
      'beacon_bad_signature',
      'beacon_round_mismatch',
    ]);
  });
});

describe('describeBeacon', () => {
  it('names quicknet, links its round at drand’s API and tells the time from the snapshot', async () => {
    const proof = await quicknetProof();
    expect(describeBeacon(proof.beacon as NonNullable<DrandProof['beacon']>, proof.snapshotAt ?? '')).toEqual(
      {
        chainHash: QUICKNET.chainHash,
        chainName: 'quicknet',
        round: QUICKNET_ROUND,
        roundTime: new Date(roundTimeMs(QUICKNET, QUICKNET_ROUND)).toISOString(),
        snapshotAt: proof.snapshotAt,
        secondsAfterSnapshot: 2.5,
        roundUrl: `https://api.drand.sh/${QUICKNET.chainHash}/public/${QUICKNET_ROUND}`,
      },
    );
  });

  it('gives no name and no link for a chain that is not public', async () => {
    const proof = await makeDrandProof({});
    const facts = describeBeacon(proof.beacon as NonNullable<DrandProof['beacon']>, proof.snapshotAt ?? '');
    expect(facts).toMatchObject({ chainName: null, roundUrl: null, secondsAfterSnapshot: 1.766 });
  });
});

import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import {
  type BeaconChain,
  drawRoundFor,
  drawSeedOf,
  QUICKNET,
  roundTimeMs,
} from '../../src/raffles/beacon.ts';
import { loadProof } from '../../src/raffles/proof-repository.ts';
import { nodeSha256 } from '../../src/raffles/sha256-node.ts';
import { viewers } from '../helpers/fixtures.ts';
import { useWorld } from '../helpers/world.ts';

// SPEC §4.1 on the database side: a raffle is frozen (digest, snapshotAt), anchored to a beacon round,
// and drawn only with the round's randomness, every x52 reading drawSeed instead of the seed. The
// round's signature is checked before it reaches the database (src/drand, beacon.ts): here any value.
describe('make_raffle with a beacon round', () => {
  const world = useWorld({});
  const chain: BeaconChain = {
    ...QUICKNET,
    chainHash: 'ab'.repeat(32),
    period: 1,
    genesisTime: 1_700_000_000,
  };
  const beaconOf = (round: number, seed: number) => ({
    round,
    signature: seed.toString(16).padStart(2, '0').repeat(48),
    randomness: seed.toString(16).padStart(2, '0').repeat(32),
  });
  const entrants = viewers(120, (index) => (index % 5 === 0 ? 2 : 1));

  /** A frozen raffle anchored to its round, and a §4 twin whose seed is the first one's drawSeed. */
  async function anchoredAndTwin(randomnessSeed: number) {
    const channel = await world.given.channel({
      prizes: [
        { name: 'skin', weight: 3, quantity: 4 },
        { name: 'gift', weight: 1, quantity: null },
      ],
    });
    const seed = 'd'.repeat(63) + (randomnessSeed % 10);
    const { id } = await world.given.raffleRepository.createPending({
      channelId: channel.id,
      winnersRequested: 3,
      seed,
    });
    const frozen = await world.given.raffleRepository.snapshotAndFreeze(id, entrants);
    const snapshotAt = Date.parse(frozen.snapshotAt ?? '');
    const round = drawRoundFor(chain, snapshotAt);
    expect(await world.given.raffleRepository.anchorToRound(id, chain, round)).toBe(true);
    const beacon = beaconOf(round, randomnessSeed);
    const twinChannel = await world.given.channel({
      prizes: [
        { name: 'skin', weight: 3, quantity: 4 },
        { name: 'gift', weight: 1, quantity: null },
      ],
    });
    const twin = await world.given.raffleRepository.createPending({
      channelId: twinChannel.id,
      winnersRequested: 3,
      seed: await drawSeedOf(seed, beacon.randomness, nodeSha256),
    });
    return { id, frozen, round, beacon, twinId: twin.id };
  }

  it('freezes the snapshot with its digest and a snapshot time in whole milliseconds, drawing nothing', async () => {
    const { id, frozen } = await anchoredAndTwin(1);
    expect(frozen.status).toBe('pending');
    expect(frozen.entrantsDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(frozen.eligibleCount).toBe(120);
    const { rows } = await sql<{ micros: number }>`
      select extract(microseconds from snapshot_at)::int % 1000 as micros from raffles where id = ${id}`.execute(
      world.database.db,
    );
    expect(Number(rows[0]?.micros)).toBe(0);
  });

  it('stays pending without its round, then draws exactly what §4 draws with drawSeed', async () => {
    const { id, frozen, round, beacon, twinId } = await anchoredAndTwin(2);
    const early = await sql<{ result: { status: string; winners: unknown[]; seed: string | null } }>`
      select make_raffle(${id}) as result`.execute(world.database.db);
    expect(early.rows[0]?.result.status).toBe('pending');
    expect(early.rows[0]?.result.winners).toEqual([]);
    expect(early.rows[0]?.result.seed).toBeNull();

    // Another round than the one it is anchored to changes nothing.
    expect((await world.given.raffleRepository.drawWithRound(id, beaconOf(round + 1, 2))).result.status).toBe(
      'pending',
    );

    const { result, drewNow } = await world.given.raffleRepository.drawWithRound(id, beacon);
    expect(drewNow).toBe(true);
    expect(result.status).toBe('drawn');
    expect(result.entrantsDigest).toBe(frozen.entrantsDigest);
    expect(result.beacon).toMatchObject({ chainHash: chain.chainHash, round, randomness: beacon.randomness });
    expect(result.beacon?.roundAt).toBe(new Date(roundTimeMs(chain, round)).toISOString());
    const twin = await world.given.raffleRepository.snapshotAndDraw(twinId, entrants);
    expect(result.winners.map((winner) => [winner.userId, winner.itemName])).toEqual(
      twin.winners.map((winner) => [winner.userId, winner.itemName]),
    );
    // Drawn once: asked again, nothing new.
    expect((await world.given.raffleRepository.drawWithRound(id, beacon)).drewNow).toBe(false);
  });

  it('redraws a slot with drawSeed too', async () => {
    const { id, beacon, twinId } = await anchoredAndTwin(3);
    await world.given.raffleRepository.drawWithRound(id, beacon);
    await world.given.raffleRepository.snapshotAndDraw(twinId, entrants);
    const redrawn = await world.given.raffleRepository.reroll(id, 2);
    const twinRedrawn = await world.given.raffleRepository.reroll(twinId, 2);
    expect(redrawn.rerollStatus).toBe('rerolled');
    expect(redrawn.winners.map((winner) => winner.userId)).toEqual(
      twinRedrawn.winners.map((winner) => winner.userId),
    );
  });

  it('a raffle whose round never came is void after the limit, and its seed is never revealed', async () => {
    const { id } = await anchoredAndTwin(4);
    await world.database.db
      .updateTable('raffles')
      .set({ beacon_round_at: new Date(Date.now() - 121_000) })
      .where('id', '=', id)
      .execute();
    const voided = await world.given.raffleRepository.voidWithoutBeacon(120);
    expect(voided.map((raffle) => raffle.raffleId)).toContain(id);
    const result = await world.given.raffleRepository.result(id);
    expect(result?.status).toBe('void');
    expect(result?.reason).toBe('beacon_unavailable');
    expect(result?.seed).toBeNull();
    const proof = await loadProof(world.database.db, id);
    expect(proof?.seed).toBeNull();
    expect(proof?.winners).toEqual([]);
    // Void is final: a late round draws nothing.
    expect((await world.given.raffleRepository.drawWithRound(id, beaconOf(1, 4))).result.status).toBe('void');
  });

  it('anchors a raffle once, and only a frozen pending one', async () => {
    const { id, round } = await anchoredAndTwin(5);
    expect(await world.given.raffleRepository.anchorToRound(id, chain, round + 5)).toBe(false);
    const channel = await world.given.channel();
    const notFrozen = await world.given.raffleRepository.createPending({
      channelId: channel.id,
      winnersRequested: 1,
    });
    expect(await world.given.raffleRepository.anchorToRound(notFrozen.id, chain, round)).toBe(false);
  });
});

import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { entrantsDigest } from '../../src/raffles/draw-algorithm.ts';
import { RaffleRepository } from '../../src/raffles/raffle-repository.ts';
import { nodeSha256 } from '../../src/raffles/sha256-node.ts';
import { viewers } from '../helpers/fixtures.ts';
import { useWorld } from '../helpers/world.ts';

describe('make_raffle', () => {
  const world = useWorld({ poolSize: 20 });

  const quantities = async (channelId: number) =>
    Object.fromEntries(
      (await world.given.items.list(channelId)).map((item) => [item.name, item.quantity] as const),
    );

  it('draws distinct winners, gives each a prize and takes it out of stock', async () => {
    const channel = await world.given.channel({
      prizes: [
        { name: 'skin dourada', weight: 50, quantity: 2 },
        { name: 'chave', weight: 5, quantity: null },
      ],
    });
    const { result } = await world.given.draw(channel.id, viewers(30), 3);
    expect(result.status).toBe('drawn');
    expect(result.winners.map((winner) => winner.position)).toEqual([1, 2, 3]);
    expect(new Set(result.winners.map((winner) => winner.userId)).size).toBe(3);
    expect(result.winners.every((winner) => winner.itemName !== null)).toBe(true);
    const golden = result.winners.filter((winner) => winner.itemName === 'skin dourada').length;
    expect((await quantities(channel.id))['skin dourada']).toBe(2 - golden);
    expect((await quantities(channel.id)).chave).toBeNull();
    expect(result.seed).toMatch(/^[0-9a-f]{64}$/);
    expect(result.eligibleCount).toBe(30);
  });

  it('draws winners without prizes when the channel has none', async () => {
    const channel = await world.given.channel();
    const { result } = await world.given.draw(channel.id, viewers(5), 2);
    expect(result.status).toBe('drawn');
    expect(result.winners).toHaveLength(2);
    expect(result.winners.every((winner) => winner.itemId === null && winner.itemName === null)).toBe(true);
  });

  it('gives no prize to positions beyond the stock', async () => {
    const channel = await world.given.channel({ prizes: [{ name: 'única', weight: 1, quantity: 1 }] });
    const { result } = await world.given.draw(channel.id, viewers(5), 3);
    expect(result.winners.map((winner) => winner.itemName)).toEqual(['única', null, null]);
    expect((await quantities(channel.id)).única).toBe(0);
  });

  it('draws as many winners as there are eligible entrants when fewer than asked', async () => {
    const channel = await world.given.channel();
    const { result } = await world.given.draw(channel.id, viewers(2), 5);
    expect(result.winners).toHaveLength(2);
  });

  it('says "nothing to draw" when nobody is eligible', async () => {
    const channel = await world.given.channel();
    const everyoneExcluded = viewers(3).map((viewer) => ({ ...viewer, excludedReason: 'bot' as const }));
    const { result } = await world.given.draw(channel.id, everyoneExcluded);
    expect(result).toMatchObject({ status: 'void', reason: 'no_eligible_entrants', winners: [] });
    const empty = await world.given.draw(channel.id, []);
    expect(empty.result).toMatchObject({ status: 'void', reason: 'no_eligible_entrants' });
  });

  it('says "nothing to draw" when every prize is given away, and changes no stock', async () => {
    const channel = await world.given.channel({ prizes: [{ name: 'esgotado', weight: 1, quantity: 0 }] });
    const { result } = await world.given.draw(channel.id, viewers(3));
    expect(result).toMatchObject({ status: 'void', reason: 'no_prizes_left', winners: [] });
    expect((await quantities(channel.id)).esgotado).toBe(0);
  });

  it('keeps recent winners out for the cooldown, and lets them back in without one', async () => {
    const strict = await world.given.channel({ settings: { cooldown_minutes: 60 } });
    const first = await world.given.draw(strict.id, viewers(3), 2);
    const second = await world.given.draw(strict.id, viewers(3), 3);
    const firstIds = first.result.winners.map((winner) => winner.userId);
    expect(second.result.winners).toHaveLength(1);
    expect(firstIds).not.toContain(second.result.winners[0]?.userId);
    expect(second.result.excludedCount).toBe(2);

    const relaxed = await world.given.channel({ settings: { cooldown_minutes: 0 } });
    await world.given.draw(relaxed.id, viewers(3), 3);
    const again = await world.given.draw(relaxed.id, viewers(3), 3);
    expect(again.result.winners).toHaveLength(3);
  });

  it('excludes a list of viewers the same way below and above 2,000 of them (one by one, or joined)', async () => {
    const entrants = viewers(3000);
    const listed = entrants.filter((_, index) => index % 97 === 0).map((viewer) => viewer.userId);
    const outsiders = Array.from({ length: 2500 }, (_, index) => `absent-${index}`);
    for (const ids of [listed, [...outsiders, ...listed]]) {
      const channel = await world.given.channel();
      const { id } = await world.given.raffleRepository.createPending({
        channelId: channel.id,
        winnersRequested: 1,
      });
      const rows = entrants.map((viewer, index) => ({
        u: viewer.userId,
        l: viewer.login,
        w: 1,
        r: index === 0 ? 'bot' : null,
      }));
      await sql`select write_small_snapshot(${id}, ${JSON.stringify(rows)}::jsonb, null)`.execute(
        world.database.db,
      );
      await sql`select exclude_entrants(${id}, ${ids}::text[], 'cooldown')`.execute(world.database.db);
      const excluded = await world.database.db
        .selectFrom('raffle_entrants')
        .select(['user_id', 'excluded_reason'])
        .where('raffle_id', '=', id)
        .where('excluded_reason', 'is not', null)
        .orderBy('user_id')
        .execute();
      // An entrant excluded already keeps its first reason.
      expect(excluded).toEqual(
        [...listed]
          .sort()
          .map((userId) => ({ user_id: userId, excluded_reason: userId === '1000' ? 'bot' : 'cooldown' })),
      );
    }
  });

  it('applies the cooldown only to wins inside the window', async () => {
    const channel = await world.given.channel({ settings: { cooldown_minutes: 10 } });
    const first = await world.given.draw(channel.id, viewers(2), 1);
    // Move the first win 11 minutes into the past: the winner is eligible again.
    await world.database.db
      .updateTable('raffle_winners')
      .set({ won_at: sql`now() - interval '11 minutes'` as never })
      .where('raffle_id', '=', first.result.raffleId)
      .execute();
    const second = await world.given.draw(channel.id, viewers(2), 2);
    expect(second.result.winners).toHaveLength(2);
  });

  it('stops a viewer at the maximum wins per session, counting only that session', async () => {
    const channel = await world.given.channel({ settings: { max_wins_per_session: 1 } });
    const session = await world.database.db
      .insertInto('raffle_sessions')
      .values({ channel_id: channel.id, interval_seconds: 30, next_draw_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow();
    const drawInSession = async (tick: number) => {
      const { id } = await world.given.raffleRepository.createPending({
        channelId: channel.id,
        winnersRequested: 2,
        sessionId: session.id,
        sessionTick: tick,
      });
      return world.given.raffleRepository.snapshotAndDraw(id, viewers(3));
    };
    const first = await drawInSession(1);
    const second = await drawInSession(2);
    expect(first.winners).toHaveLength(2);
    expect(second.winners).toHaveLength(1);
    expect(first.winners.map((winner) => winner.userId)).not.toContain(second.winners[0]?.userId);
    const reasons = await world.database.db
      .selectFrom('raffle_entrants')
      .select('excluded_reason')
      .where('raffle_id', '=', second.raffleId)
      .where('excluded_reason', 'is not', null)
      .execute();
    expect(reasons.map((row) => row.excluded_reason)).toEqual(['max_wins', 'max_wins']);
    // A one-off draw is not part of the session: everyone may win it.
    const oneOff = await world.given.draw(channel.id, viewers(3), 3);
    expect(oneOff.result.winners).toHaveLength(3);
  });

  it('never draws a blocked viewer, matched by login', async () => {
    const channel = await world.given.channel();
    await world.database.db
      .insertInto('blocked_viewers')
      .values({ channel_id: channel.id, login: 'viewer_1' })
      .execute();
    const { result } = await world.given.draw(channel.id, viewers(3), 3);
    expect(result.winners.map((winner) => winner.login)).not.toContain('viewer_1');
    expect(result.winners).toHaveLength(2);
  });

  it('returns the same result when asked again, drawing nothing new', async () => {
    const channel = await world.given.channel({ prizes: [{ name: 'p', weight: 1, quantity: 5 }] });
    const first = await world.given.draw(channel.id, viewers(10), 2, 'same-key');
    const second = await world.given.draw(channel.id, viewers(50), 2, 'same-key');
    expect(second.replayed).toBe(true);
    expect(second.result).toEqual(first.result);
    expect((await quantities(channel.id)).p).toBe(3);
  });

  it('freezes the snapshot: a second snapshot for the same raffle is ignored', async () => {
    const channel = await world.given.channel();
    const { id } = await world.given.raffleRepository.createPending({
      channelId: channel.id,
      winnersRequested: 1,
    });
    const first = await world.given.raffleRepository.snapshotAndDraw(id, viewers(4));
    const second = await world.given.raffleRepository.snapshotAndDraw(id, viewers(40));
    expect(second).toEqual(first);
    const count = await world.database.db
      .selectFrom('raffle_entrants')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('raffle_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(Number(count.count)).toBe(4);
  });

  it('draws the same from a snapshot sent in one statement as from one sent with COPY', async () => {
    const viaCopy = new RaffleRepository(world.database, 0);
    const seed = 'c'.repeat(64);
    const entrants = viewers(300).map((viewer, index) => ({
      ...viewer,
      login: viewer.login.toUpperCase(),
      weight: index % 7 === 0 ? 2.5 : 1,
      excludedReason: index % 11 === 0 ? 'bot' : null,
    }));
    const draws = [];
    for (const repository of [world.given.raffleRepository, viaCopy]) {
      const channel = await world.given.channel({ prizes: [{ name: 'p', weight: 1, quantity: 9 }] });
      const { id } = await repository.createPending({ channelId: channel.id, winnersRequested: 5, seed });
      const { result, drewNow } = await repository.snapshotAndDrawOnce(id, entrants, new Date(0));
      expect(drewNow).toBe(true);
      // Asked again: the snapshot stays as it was, nothing is drawn again.
      expect((await repository.snapshotAndDrawOnce(id, viewers(3))).drewNow).toBe(false);
      const rows = await world.database.db
        .selectFrom('raffle_entrants')
        .select(['user_id', 'login', 'weight', 'excluded_reason'])
        .where('raffle_id', '=', id)
        .orderBy('user_id')
        .execute();
      draws.push({ result, rows });
    }
    const [oneStatement, copy] = draws as [(typeof draws)[number], (typeof draws)[number]];
    expect(oneStatement.rows).toHaveLength(300);
    expect(oneStatement.rows).toEqual(copy.rows);
    expect(oneStatement.rows.every((row) => row.login === row.login.toLowerCase())).toBe(true);
    expect(oneStatement.result.entrantsDigest).toBe(copy.result.entrantsDigest);
    expect(oneStatement.result.winners.map((winner) => winner.userId)).toEqual(
      copy.result.winners.map((winner) => winner.userId),
    );
    expect(oneStatement.result.excludedCount).toBe(28);
  });

  it('digests the snapshot in user-id byte order whatever order its rows were written in', async () => {
    // Migration 0016 reads the snapshot through its primary key instead of sorting; the rows are
    // normally written in that order. Here they are written in reverse and shuffled, bypassing it.
    const entrants = viewers(3000, (index) => (index % 5 === 0 ? 1.5 : 1)).map((viewer, index) => ({
      ...viewer,
      userId: index % 9 === 0 ? `\u00e9${index}` : String(index * 7919),
    }));
    const expected = await entrantsDigest(entrants, nodeSha256);
    const shuffled = [...entrants].sort((a, b) => (a.login < b.login ? -1 : 1));
    const digests = [];
    for (const order of [[...entrants].reverse(), shuffled]) {
      const channel = await world.given.channel();
      const { id } = await world.given.raffleRepository.createPending({
        channelId: channel.id,
        winnersRequested: 3,
      });
      await sql`insert into raffle_entrants (raffle_id, user_id, login, weight)
                select ${id}, u, l, w from unnest(${order.map((e) => e.userId)}::text[],
                  ${order.map((e) => e.login)}::text[], ${order.map((e) => e.weight)}::numeric[])
                  with ordinality as t(u, l, w, n) order by n`.execute(world.database.db);
      await sql`update raffles set snapshot_at = now() where id = ${id}`.execute(world.database.db);
      const { rows } = await sql<{ r: { entrantsDigest: string } }>`select make_raffle(${id}) as r`.execute(
        world.database.db,
      );
      digests.push(rows[0]?.r.entrantsDigest);
    }
    expect(digests).toEqual([expected, expected]);
  });

  it('writes a snapshot sent with COPY in several pieces whole, in Helix order or sorted', async () => {
    const viaCopy = new RaffleRepository(world.database, 0);
    // 12,001 entrants: three pieces of COPY text (5,000 lines each), the last one short.
    const entrants = viewers(12_001, (index) => (index % 4 === 0 ? 2 : 1)).map((viewer, index) => ({
      ...viewer,
      userId: String((index * 7_919) % 1_000_003),
    }));
    const expected = await entrantsDigest(entrants, nodeSha256);
    for (const order of [entrants, [...entrants].sort((a, b) => (a.userId < b.userId ? -1 : 1))]) {
      const channel = await world.given.channel();
      const { id } = await viaCopy.createPending({ channelId: channel.id, winnersRequested: 2 });
      const { result } = await viaCopy.snapshotAndDrawOnce(id, order);
      expect(result.eligibleCount).toBe(12_001);
      expect(result.entrantsDigest).toBe(expected);
    }
  });

  it('deletes the entrant snapshot with its raffle, also when the channel goes', async () => {
    const channel = await world.given.channel();
    const { result } = await world.given.draw(channel.id, viewers(5));
    const snapshotSize = async () =>
      Number(
        (
          await world.database.db
            .selectFrom('raffle_entrants')
            .select((eb) => eb.fn.countAll<number>().as('count'))
            .where('raffle_id', '=', result.raffleId)
            .executeTakeFirstOrThrow()
        ).count,
      );
    expect(await snapshotSize()).toBe(5);
    await world.database.db.deleteFrom('channels').where('id', '=', channel.id).execute();
    expect(await snapshotSize()).toBe(0);
  });

  it('rerolls a slot to someone who never held one, keeping its prize', async () => {
    const channel = await world.given.channel({ prizes: [{ name: 'p', weight: 1, quantity: null }] });
    const { result } = await world.given.draw(channel.id, viewers(4), 2);
    const holders = new Set(result.winners.map((winner) => winner.userId));
    const rerolled = await world.given.raffles.reroll(result.raffleId, 1);
    const newHolder = rerolled.winners.find((winner) => winner.position === 1);
    expect(holders.has(newHolder?.userId ?? '')).toBe(false);
    expect(newHolder?.itemName).toBe('p');
    expect(rerolled.winners.find((winner) => winner.position === 2)).toEqual(result.winners[1]);
    // 4 entrants: 2 held slots, 1 got the reroll, 1 is left; then nobody.
    await world.given.raffles.reroll(result.raffleId, 1);
    await expect(world.given.raffles.reroll(result.raffleId, 2)).rejects.toMatchObject({
      code: 'nobody_left',
    });
    await expect(world.given.raffles.reroll(result.raffleId, 9)).rejects.toMatchObject({
      code: 'position_not_found',
    });
    await expect(world.given.raffles.reroll(987654, 1)).rejects.toMatchObject({ code: 'raffle_not_found' });
  });

  it('never oversells, never repeats a winner, and keeps cooldowns under 50 parallel draws', async () => {
    const channel = await world.given.channel({
      prizes: [
        { name: 'raro', weight: 1, quantity: 3 },
        { name: 'comum', weight: 9, quantity: 12 },
      ],
      settings: { cooldown_minutes: 60 },
    });
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, () =>
        world.given.draw(
          channel.id,
          viewers(200, (index) => 1 + (index % 3)),
          2,
        ),
      ),
    );
    const drawn = outcomes.filter((outcome) => outcome.result.status === 'drawn');
    const allWinners = drawn.flatMap((outcome) => outcome.result.winners);
    for (const outcome of drawn) {
      const ids = outcome.result.winners.map((winner) => winner.userId);
      expect(new Set(ids).size).toBe(ids.length);
    }
    // Cooldown of 60 minutes: nobody wins twice across the 50 draws.
    expect(new Set(allWinners.map((winner) => winner.userId)).size).toBe(allWinners.length);
    // 15 units in stock: exactly 15 prizes handed out, then "no prizes left".
    expect(allWinners.filter((winner) => winner.itemName === 'raro')).toHaveLength(3);
    expect(allWinners.filter((winner) => winner.itemName === 'comum')).toHaveLength(12);
    expect(await quantities(channel.id)).toEqual({ raro: 0, comum: 0 });
    const voided = outcomes.filter((outcome) => outcome.result.status === 'void');
    expect(voided.every((outcome) => outcome.result.reason === 'no_prizes_left')).toBe(true);
    expect(drawn.length + voided.length).toBe(50);
  });
});

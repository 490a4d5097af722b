import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { asService } from '../helpers/app.ts';
import { viewers } from '../helpers/fixtures.ts';
import { useWorld } from '../helpers/world.ts';

// SPEC §9: a draw that fails leaves nothing behind, and a one-off draw interrupted between its
// commitment and its draw does not stay pending for ever: it is void ('interrupted') after a lease,
// and its seed is never revealed.
describe('draws that fail or are interrupted', () => {
  const world = useWorld({ app: true });

  const raffleCount = async () =>
    Number(
      (await sql<{ count: string }>`select count(*) as count from raffles`.execute(world.database.db)).rows[0]
        ?.count,
    );
  const draw = (login: string, payload: Record<string, unknown>) =>
    world.app.inject({
      method: 'POST',
      url: `/api/v1/channels/${login}/raffles`,
      headers: asService,
      payload,
    });
  const proofOf = async (raffleId: number) =>
    (await world.app.inject({ method: 'GET', url: `/api/v1/raffles/${raffleId}/proof` })).json();

  it('refuses an entrant weight that rounds to 0, and creates neither the channel nor a raffle', async () => {
    const before = await raffleCount();
    const response = await draw('tiny_weights', {
      winners: 1,
      entrants: [...viewers(3), { userId: '99', login: 'tiny', weight: 1e-9 }],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code: 'invalid_request',
      fields: [{ field: 'entrants.3.weight', problem: 'must be at least 0.01' }],
    });
    // The service checks again (draws from Twitch's list do not pass the route's schema).
    const channel = await world.given.channel();
    await expect(
      world.given.draw(channel.id, [{ userId: '99', login: 'tiny', weight: 1e-9 }]),
    ).rejects.toMatchObject({ code: 'invalid_entrant', status: 400 });
    expect(await raffleCount()).toBe(before);
    expect(await world.services.channels.findByLogin('tiny_weights')).toBeUndefined();
  });

  it('leaves no pending raffle behind when the database refuses the snapshot', async () => {
    const channel = await world.given.channel();
    // A real refusal from inside the draw's transaction: the database itself rejects one entrant row.
    await sql`create function refuse_boom() returns trigger language plpgsql as $$
      begin
        if new.login = 'boom' then raise exception 'refused by the test'; end if;
        return new;
      end $$`.execute(world.database.db);
    await sql`create trigger refuse_boom before insert on raffle_entrants
      for each row execute function refuse_boom()`.execute(world.database.db);
    try {
      const before = await raffleCount();
      await expect(
        world.given.draw(channel.id, [...viewers(3), { userId: '77', login: 'boom', weight: 1 }]),
      ).rejects.toThrow(/refused by the test/);
      expect(await raffleCount()).toBe(before);
      const history = await world.services.raffleRepository.history(channel.id, 10);
      expect(history).toEqual([]);
    } finally {
      await sql`drop trigger refuse_boom on raffle_entrants`.execute(world.database.db);
      await sql`drop function refuse_boom()`.execute(world.database.db);
    }
  });

  it('voids a one-off draw left pending past the lease, keeps its seed secret, and never draws it', async () => {
    const channel = await world.given.channel({ prizes: [{ name: 'chave', weight: 1, quantity: null }] });
    const repository = world.services.raffleRepository;
    const stale = await repository.createPending({ channelId: channel.id, winnersRequested: 1 });
    const fresh = await repository.createPending({ channelId: channel.id, winnersRequested: 1 });
    await world.database.db
      .updateTable('raffles')
      .set({ created_at: sql<Date>`now() - interval '1 hour'` })
      .where('id', '=', stale.id)
      .execute();

    await world.services.scheduler.runOnce();

    const interrupted = await repository.result(stale.id);
    expect(interrupted).toMatchObject({ status: 'void', reason: 'interrupted', seed: null, winners: [] });
    expect((await repository.result(fresh.id))?.status).toBe('pending');
    const proof = await proofOf(stale.id);
    expect(proof.seed).toBeNull();
    expect(proof.entrants).toEqual([]);
    const page = await world.app.inject({ method: 'GET', url: `/r/${stale.id}` });
    expect(page.body).toContain('O sorteio foi interrompido antes de acontecer');
    const stored = await world.database.db
      .selectFrom('raffles')
      .select('seed')
      .where('id', '=', stale.id)
      .executeTakeFirstOrThrow();
    expect(page.body).not.toContain(stored.seed);
    expect(JSON.stringify(proof)).not.toContain(stored.seed);

    // The process that was drawing it comes back late: it finds the raffle void and draws nothing.
    const late = await repository.snapshotAndDraw(stale.id, [
      { userId: '1', login: 'late', weight: 1, excludedReason: null },
    ]);
    expect(late).toMatchObject({ status: 'void', reason: 'interrupted', winners: [] });
    expect((await proofOf(stale.id)).seed).toBeNull();
    await repository.discardPending(fresh.id);
  });
});

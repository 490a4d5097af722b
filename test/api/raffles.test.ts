import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readMigrationFiles } from '../../src/db/migrator.ts';
import { asService } from '../helpers/app.ts';
import { viewers } from '../helpers/fixtures.ts';
import { useWorld } from '../helpers/world.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('draw, proof and health endpoints', () => {
  const world = useWorld({ app: true });

  const draw = (login: string, payload: Record<string, unknown>) =>
    world.app.inject({
      method: 'POST',
      url: `/api/v1/channels/${login}/raffles`,
      headers: asService,
      payload,
    });

  it('draws among the entrants of the body and reveals the committed seed', async () => {
    await world.app.inject({
      method: 'POST',
      url: '/api/v1/channels/sorteio/items',
      headers: asService,
      payload: { text: 'skin dourada:50, skin prata:30x2' },
    });
    const response = await draw('sorteio', { winners: 2, entrants: viewers(20) });
    expect(response.statusCode).toBe(201);
    const raffle = response.json();
    expect(raffle).toMatchObject({
      channel: 'sorteio',
      status: 'drawn',
      winnersRequested: 2,
      eligibleCount: 20,
    });
    expect(raffle.winners).toHaveLength(2);
    expect(raffle.winners[0]).toEqual({
      position: 1,
      userId: expect.any(String),
      login: expect.stringMatching(/^viewer_/),
      itemId: expect.any(Number),
      itemName: expect.stringMatching(/^skin /),
      hasCode: false,
      claim: null,
    });
    expect(sha256(raffle.seed)).toBe(raffle.commitment);
    expect(raffle.proofUrl).toBe(`http://kinoyu.test/api/v1/raffles/${raffle.raffleId}/proof`);
  });

  it('serves the public proof of SPEC §4 without authentication', async () => {
    const drawn = (
      await draw('proofs', { winners: 1, entrants: viewers(5, (index) => (index === 0 ? 2.5 : 1)) })
    ).json();
    const response = await world.app.inject({
      method: 'GET',
      url: `/api/v1/raffles/${drawn.raffleId}/proof`,
    });
    expect(response.statusCode).toBe(200);
    const proof = response.json();
    expect(proof).toMatchObject({
      algorithm: 'kinoyu-es-sha256-v1',
      raffleId: drawn.raffleId,
      channel: 'proofs',
      commitment: drawn.commitment,
      entrantsDigest: drawn.entrantsDigest,
      seed: drawn.seed,
      excluded: [],
      items: [],
      replaced: [],
      // The proof's winners are the raffle's, without what only the API shows (a code goes with the prize).
      winners: drawn.winners.map(({ hasCode: _, ...winner }: { hasCode: boolean }) => winner),
    });
    expect(proof.entrants).toHaveLength(5);
    expect(proof.entrants[0]).toEqual({ userId: '1000', login: 'viewer_0', weight: 2.5 });
    const lines = proof.entrants.map(
      (entrant: { userId: string; weight: number }) => `${entrant.userId}\t${entrant.weight}\n`,
    );
    expect(sha256(lines.join(''))).toBe(proof.entrantsDigest);
  });

  it('keeps the seed secret while a raffle is pending', async () => {
    const channel = await world.services.channels.ensure('pending_one');
    const { id } = await world.services.raffleRepository.createPending({
      channelId: channel.id,
      winnersRequested: 1,
    });
    const proof = (await world.app.inject({ method: 'GET', url: `/api/v1/raffles/${id}/proof` })).json();
    expect(proof.seed).toBeNull();
    expect(proof.commitment).toMatch(/^[0-9a-f]{64}$/);
    expect(proof.entrants).toEqual([]);
    const stored = await world.database.db
      .selectFrom('raffles')
      .select('seed')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(sha256(stored.seed)).toBe(proof.commitment);
  });

  it('returns the first draw for a repeated idempotency key', async () => {
    const first = await draw('idem', { winners: 1, idempotencyKey: 'msg-42', entrants: viewers(10) });
    const second = await draw('idem', { winners: 1, idempotencyKey: 'msg-42', entrants: viewers(10) });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(200);
    expect(second.json()).toEqual(first.json());
    const history = (
      await world.app.inject({ method: 'GET', url: '/api/v1/channels/idem/raffles', headers: asService })
    ).json();
    expect(history.raffles).toHaveLength(1);
  });

  it('answers "nothing to draw" with a 409 and a code', async () => {
    const nobody = await draw('empty_chat', { winners: 1, entrants: [] });
    expect(nobody.statusCode).toBe(409);
    expect(nobody.json()).toMatchObject({ code: 'no_eligible_entrants', raffleId: expect.any(Number) });

    await world.app.inject({
      method: 'POST',
      url: '/api/v1/channels/sold_out/items',
      headers: asService,
      payload: { text: 'fim:1x1' },
    });
    expect((await draw('sold_out', { entrants: viewers(3) })).statusCode).toBe(201);
    const soldOut = await draw('sold_out', { entrants: viewers(3) });
    expect(soldOut.statusCode).toBe(409);
    expect(soldOut.json().code).toBe('no_prizes_left');
  });

  it.each([
    ['zero winners', { winners: 0, entrants: viewers(2) }, /winners/],
    ['too many winners', { winners: 101, entrants: viewers(2) }, /winners/],
    ['a weight of zero', { entrants: [{ userId: '1', login: 'a', weight: 0 }] }, /weight/],
    [
      'a weight with three decimals',
      { entrants: [{ userId: '1', login: 'a', weight: 1.125 }] },
      /two decimals/,
    ],
    ['an empty user id', { entrants: [{ userId: '', login: 'a' }] }, /userId/],
    ['entrants that are not a list', { winners: 1, entrants: 'everyone' }, /entrants/],
  ])('refuses a draw with %s', async (_, payload, message) => {
    const response = await draw('bad_draws', payload);
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toMatch(message);
    const history = await world.app.inject({
      method: 'GET',
      url: '/api/v1/channels/bad_draws/raffles',
      headers: asService,
    });
    expect(history.statusCode === 404 || history.json().raffles.length === 0).toBe(true);
  });

  it('asks for the entrants when the server has no Twitch connection', async () => {
    await draw('no_twitch', { entrants: viewers(2) });
    const response = await draw('no_twitch', { winners: 1 });
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('twitch_not_configured');
  });

  it('rerolls a slot through the API', async () => {
    const drawn = (await draw('reroll', { winners: 1, entrants: viewers(3) })).json();
    const response = await world.app.inject({
      method: 'POST',
      url: `/api/v1/raffles/${drawn.raffleId}/reroll`,
      headers: asService,
      payload: { position: 1 },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().winners[0].userId).not.toBe(drawn.winners[0].userId);
    const proof = (
      await world.app.inject({ method: 'GET', url: `/api/v1/raffles/${drawn.raffleId}/proof` })
    ).json();
    expect(proof.replaced).toEqual([
      { position: 1, userId: drawn.winners[0].userId, login: drawn.winners[0].login, reason: 'reroll' },
    ]);
  });

  it('pages through the history, newest first', async () => {
    for (let index = 0; index < 5; index += 1) await draw('history', { entrants: viewers(3) });
    const first = (
      await world.app.inject({
        method: 'GET',
        url: '/api/v1/channels/history/raffles?limit=2',
        headers: asService,
      })
    ).json();
    expect(first.raffles).toHaveLength(2);
    expect(first.raffles[0].raffleId).toBeGreaterThan(first.raffles[1].raffleId);
    const second = (
      await world.app.inject({
        method: 'GET',
        url: `/api/v1/channels/history/raffles?limit=2&before=${first.nextBefore}`,
        headers: asService,
      })
    ).json();
    expect(second.raffles[0].raffleId).toBeLessThan(first.raffles[1].raffleId);
  });

  it('answers 404 for an unknown raffle and 400 for a malformed id', async () => {
    const unknown = await world.app.inject({ method: 'GET', url: '/api/v1/raffles/99999999/proof' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('raffle_not_found');
    const malformed = await world.app.inject({ method: 'GET', url: '/api/v1/raffles/abc/proof' });
    expect(malformed.statusCode).toBe(400);
  });

  it('reports health, readiness and the OpenAPI document', async () => {
    expect((await world.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await world.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready', migrations: (await readMigrationFiles()).length });
    const openapi = (await world.app.inject({ method: 'GET', url: '/docs/json' })).json();
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/channels/{login}/items',
        '/api/v1/channels/{login}/items/{id}',
        '/api/v1/channels/{login}/raffles',
        '/api/v1/raffles/{id}/proof',
        '/api/v1/raffles/{id}/reroll',
      ]),
    );
    const docs = await world.app.inject({ method: 'GET', url: '/docs' });
    expect([200, 302]).toContain(docs.statusCode);
    const unknownRoute = await world.app.inject({ method: 'GET', url: '/nope' });
    expect(unknownRoute.json().code).toBe('route_not_found');
  });
});

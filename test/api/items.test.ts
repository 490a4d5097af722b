import { beforeAll, describe, expect, it } from 'vitest';
import { dashboardEn } from '../../src/web/pages/dashboard/messages/en.ts';
import { dashboardPtBR } from '../../src/web/pages/dashboard/messages/pt-BR.ts';
import { asService } from '../helpers/app.ts';
import { useWorld } from '../helpers/world.ts';

describe('prize endpoints', () => {
  const world = useWorld({ app: true });

  const items = (login: string) => `/api/v1/channels/${login}/items`;
  const list = async (login: string) =>
    (await world.app.inject({ method: 'GET', url: items(login), headers: asService })).json();

  it('refuses a prize name the channel has with a code the dashboard names in pt-BR and en', async () => {
    const add = () =>
      world.app.inject({
        method: 'POST',
        url: items('painel'),
        headers: asService,
        payload: { name: 'caneca', weight: 10 },
      });
    expect((await add()).statusCode).toBe(201);
    const refused = await add();
    expect(refused.statusCode).toBe(409);
    const { code } = refused.json() as { code: string };
    for (const errors of [dashboardPtBR.client.errors, dashboardEn.client.errors]) {
      expect(errors[code], code).toBeTruthy();
    }
  });

  it('adds prizes from the chat form, with quantities, and lists each chance', async () => {
    const created = await world.app.inject({
      method: 'POST',
      url: items('Loja'),
      headers: asService,
      payload: { text: 'skin dourada:50, skin prata;30x2, chave:20 x*' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().items.map((item: { name: string }) => item.name)).toEqual([
      'skin dourada',
      'skin prata',
      'chave',
    ]);
    const { items: listed, totalWeight } = await list('loja');
    expect(totalWeight).toBe(100);
    expect(listed).toEqual([
      expect.objectContaining({ name: 'skin dourada', weight: 50, quantity: 1, chance: 50 }),
      expect.objectContaining({ name: 'skin prata', weight: 30, quantity: 2, chance: 30 }),
      expect.objectContaining({ name: 'chave', weight: 20, quantity: null, chance: 20 }),
    ]);
  });

  it('adds one prize as JSON, edits it and removes it', async () => {
    const created = await world.app.inject({
      method: 'POST',
      url: items('edit_me'),
      headers: asService,
      payload: { name: 'caneca', weight: 10 },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ name: 'caneca', weight: 10, quantity: 1 });
    const id = created.json().id;
    const patched = await world.app.inject({
      method: 'PATCH',
      url: `${items('edit_me')}/${id}`,
      headers: asService,
      payload: { weight: 25, quantity: null },
    });
    expect(patched.json()).toMatchObject({ id, name: 'caneca', weight: 25, quantity: null });
    const removed = await world.app.inject({
      method: 'DELETE',
      url: `${items('edit_me')}/${id}`,
      headers: asService,
    });
    expect(removed.statusCode).toBe(204);
    expect((await list('edit_me')).items).toEqual([]);
    const again = await world.app.inject({
      method: 'DELETE',
      url: `${items('edit_me')}/${id}`,
      headers: asService,
    });
    expect(again.statusCode).toBe(404);
    expect(again.json().code).toBe('prize_not_found');
  });

  it('clears every prize of a channel', async () => {
    await world.app.inject({
      method: 'POST',
      url: items('clearing'),
      headers: asService,
      payload: { text: 'a:1, b:2' },
    });
    const cleared = await world.app.inject({ method: 'DELETE', url: items('clearing'), headers: asService });
    expect(cleared.json()).toEqual({ removed: 2 });
    expect((await list('clearing')).items).toEqual([]);
  });

  describe('bad input gets a 4xx with a clear message and changes nothing', () => {
    const login = 'guarded';
    beforeAll(async () => {
      await world.app.inject({
        method: 'POST',
        url: items(login),
        headers: asService,
        payload: { text: 'original:10x3' },
      });
    });

    it.each([
      ['a malformed list', { text: 'skin dourada 50' }, 400, 'invalid_prize_list', /name:weight/],
      ['an empty list', { text: ' , ,' }, 400, 'invalid_prize_list', /empty/],
      ['a weight of zero', { text: 'a:0' }, 400, 'invalid_prize_weight', /1 to 1,000,000/],
      ['a negative weight', { text: 'a:-5' }, 400, 'invalid_prize_weight', /whole number/],
      ['a weight too large', { text: 'a:1000001' }, 400, 'invalid_prize_weight', /1,000,000/],
      ['a weight that is not a number', { text: 'a:abc' }, 400, 'invalid_prize_weight', /"abc"/],
      ['a fractional weight', { text: 'a:1.5' }, 400, 'invalid_prize_weight', /whole number/],
      ['a bad quantity', { text: 'a:5xabc' }, 400, 'invalid_prize_quantity', /x\*/],
      ['a name over 100 characters', { text: `${'n'.repeat(101)}:5` }, 400, 'invalid_prize_name', /100/],
      [
        'one bad entry among good ones',
        { text: 'boa:5, ruim:0, outra:3' },
        400,
        'invalid_prize_weight',
        /ruim/,
      ],
      ['a name twice in one list', { text: 'x:1, X:2' }, 400, 'duplicate_prize', /twice/],
      ['a name the channel already has', { text: 'nova:1, ORIGINAL:2' }, 409, 'prize_exists', /original/],
      ['JSON weight zero', { name: 'a', weight: 0 }, 400, 'invalid_request', /weight/],
      ['JSON weight as a string', { name: 'a', weight: '50' }, 400, 'invalid_request', /weight/],
      ['JSON weight fractional', { name: 'a', weight: 2.5 }, 400, 'invalid_request', /weight/],
      ['JSON weight too large', { name: 'a', weight: 2_000_000 }, 400, 'invalid_request', /weight/],
      ['JSON empty name', { name: '   ', weight: 3 }, 400, 'invalid_request', /name/],
      ['JSON long name', { name: 'n'.repeat(101), weight: 3 }, 400, 'invalid_request', /name/],
      ['JSON negative quantity', { name: 'a', weight: 3, quantity: -1 }, 400, 'invalid_request', /quantity/],
      ['JSON without a weight', { name: 'a' }, 400, 'invalid_request', /name and weight/],
      [
        'text and JSON fields together',
        { text: 'a:1', name: 'b', weight: 1 },
        400,
        'invalid_request',
        /not both/,
      ],
      ['an unknown field', { name: 'a', weight: 1, color: 'red' }, 400, 'invalid_request', /color/],
    ])('refuses %s', async (_, payload, status, code, message) => {
      const before = await list(login);
      const response = await world.app.inject({
        method: 'POST',
        url: items(login),
        headers: asService,
        payload,
      });
      expect(response.statusCode).toBe(status);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.json()).toMatchObject({ status, code });
      expect(response.json().message).toMatch(message);
      expect(await list(login)).toEqual(before);
    });

    it('refuses a body that is not JSON', async () => {
      const before = await list(login);
      const response = await world.app.inject({
        method: 'POST',
        url: items(login),
        headers: { ...asService, 'content-type': 'application/json' },
        payload: '{"text": "a:1"',
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().code).toBe('invalid_json');
      expect(await list(login)).toEqual(before);
    });

    it('refuses an oversize body', async () => {
      const before = await list(login);
      const response = await world.app.inject({
        method: 'POST',
        url: items(login),
        headers: asService,
        payload: { text: `a:1, ${'b'.repeat(2 * 1024 * 1024)}:1` },
      });
      expect(response.statusCode).toBe(413);
      expect(response.json().code).toBe('body_too_large');
      expect(await list(login)).toEqual(before);
    });

    it('refuses a bad edit and keeps the prize as it was', async () => {
      const [original] = (await list(login)).items;
      for (const payload of [{ weight: 0 }, { quantity: -2 }, { name: '' }, {}]) {
        const response = await world.app.inject({
          method: 'PATCH',
          url: `${items(login)}/${original.id}`,
          headers: asService,
          payload,
        });
        expect(response.statusCode).toBe(400);
      }
      expect((await list(login)).items[0]).toEqual(original);
    });

    it('stores hostile strings as plain text', async () => {
      const hostile = `'); drop table items; -- <script>alert(1)</script> @everyone`;
      const response = await world.app.inject({
        method: 'POST',
        url: items('hostile'),
        headers: asService,
        payload: { name: hostile, weight: 1 },
      });
      expect(response.statusCode).toBe(201);
      expect((await list('hostile')).items[0].name).toBe(hostile);
    });
  });

  it('rejects a bad channel login and an unknown channel', async () => {
    const bad = await world.app.inject({
      method: 'GET',
      url: items('no-dashes-allowed'),
      headers: asService,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/Twitch login/);
    const unknown = await world.app.inject({ method: 'GET', url: items('nobody_here'), headers: asService });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('channel_not_found');
  });

  it('requires the service token', async () => {
    const none = await world.app.inject({ method: 'GET', url: items('loja') });
    expect(none.statusCode).toBe(401);
    expect(none.json().code).toBe('unauthorized');
    const wrong = await world.app.inject({
      method: 'POST',
      url: items('loja'),
      headers: { authorization: 'Bearer not-the-token' },
      payload: { text: 'x:1' },
    });
    expect(wrong.statusCode).toBe(401);
    expect((await list('loja')).items.map((item: { name: string }) => item.name)).not.toContain('x');
  });
});

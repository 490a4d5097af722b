import { beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_CHANNEL } from '../../src/sandbox/twitch/index.ts';
import { asService } from '../helpers/app.ts';
import { consentOnFakeTwitch } from '../helpers/twitch-consent.ts';
import { useWorld } from '../helpers/world.ts';

const GUILD_A = '111111111111111111';
const GUILD_B = '222222222222222222';
const GUILD_UNLINKED = '333333333333333333';
const OTHER = 'outro_canal';

// Channels, their rules, Discord server links, and the rule that a Discord server acts only on the
// channel it is linked to (SPEC §7).
describe('channels, settings and Discord servers', () => {
  const world = useWorld({
    twitch: { redirectUris: ['http://kinoyu.test/auth/twitch/callback'] },
    app: true,
    events: true,
  });

  beforeAll(async () => {
    world.twitch.setChatterCount(20);
    // The sandbox channel connects through a link minted for server A, with its preferences.
    const minted = await world.app.inject({
      method: 'POST',
      url: `/api/v1/discord/${GUILD_A}/link`,
      headers: asService,
      payload: { announcementChannelId: '444444444444444444', language: 'en' },
    });
    const link = new URL(minted.json().url);
    const callback = await consentOnFakeTwitch(world.app, world.twitch, `${link.pathname}${link.search}`);
    expect((await world.app.inject({ method: 'GET', url: callback })).statusCode).toBe(200);
    // Another channel, linked to server B.
    const other = await world.services.channels.ensure(OTHER);
    await world.services.discordLinks.link(GUILD_B, other.id);
  });

  const request = (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    options: { guild?: string; payload?: object } = {},
  ) =>
    world.app.inject({
      method,
      url,
      headers: { ...asService, ...(options.guild && { 'x-discord-guild': options.guild }) },
      payload: options.payload,
    });

  it('shows a channel with its connection, default rules and linked servers', async () => {
    const response = await request('GET', `/api/v1/channels/${SANDBOX_CHANNEL.login}`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      login: SANDBOX_CHANNEL.login,
      connectionState: 'connected',
      settings: { cooldownMinutes: 30, vipMultiplier: 1, sessionChance: 1, activeChattersMinutes: null },
      discord: [
        {
          guildId: GUILD_A,
          channel: SANDBOX_CHANNEL.login,
          announcementChannelId: '444444444444444444',
          language: 'en',
        },
      ],
    });
    const missing = await request('GET', '/api/v1/channels/ninguem');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('channel_not_found');
  });

  it('changes only the settings sent', async () => {
    const response = await request('PATCH', `/api/v1/channels/${OTHER}/settings`, {
      payload: { cooldownMinutes: 5, vipMultiplier: 2.5, maxWinsPerSession: 3, sessionChance: 0.5 },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().settings).toMatchObject({
      cooldownMinutes: 5,
      vipMultiplier: 2.5,
      maxWinsPerSession: 3,
      sessionChance: 0.5,
      subscriberTier1Multiplier: 1,
    });
    const cleared = await request('PATCH', `/api/v1/channels/${OTHER}/settings`, {
      payload: { maxWinsPerSession: null },
    });
    expect(cleared.json().settings).toMatchObject({ maxWinsPerSession: null, cooldownMinutes: 5 });
  });

  it('refuses bad settings with a message naming the field, and changes nothing', async () => {
    const before = (await request('GET', `/api/v1/channels/${OTHER}`)).json().settings;
    const bad: [object, string][] = [
      [{ cooldownMinutes: -1 }, 'cooldownMinutes'],
      [{ vipMultiplier: 11 }, 'vipMultiplier'],
      [{ vipMultiplier: 1.234 }, 'vipMultiplier'],
      [{ sessionChance: 0 }, 'sessionChance'],
      // Found by the property test: four decimals would store it as 0.
      [{ sessionChance: 5e-324 }, 'sessionChance'],
      [{ sessionIntervalSeconds: 'soon' }, 'sessionIntervalSeconds'],
      [{ claimWord: '' }, 'claimWord'],
      [{ cooldownMinutes: 1, colour: 'blue' }, 'colour'],
    ];
    for (const [payload, field] of bad) {
      const response = await request('PATCH', `/api/v1/channels/${OTHER}/settings`, { payload });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.body).toContain(field);
    }
    expect((await request('GET', `/api/v1/channels/${OTHER}`)).json().settings).toEqual(before);
  });

  it('tells the bot which channel a server is linked to, and lets it change its preferences', async () => {
    const linked = await request('GET', `/api/v1/discord/${GUILD_A}`);
    expect(linked.json()).toMatchObject({ channel: SANDBOX_CHANNEL.login, connectionState: 'connected' });
    const unlinked = await request('GET', `/api/v1/discord/${GUILD_UNLINKED}`);
    expect(unlinked.statusCode).toBe(404);
    expect(unlinked.json().code).toBe('guild_not_linked');

    const changed = await request('PATCH', `/api/v1/discord/${GUILD_A}`, {
      payload: { language: 'pt-BR', managerRoleId: '555555555555555555' },
    });
    expect(changed.json()).toMatchObject({
      language: 'pt-BR',
      managerRoleId: '555555555555555555',
      announcementChannelId: '444444444444444444',
    });
    const bad = await request('PATCH', `/api/v1/discord/${GUILD_A}`, {
      payload: { managerRoleId: '@everyone' },
    });
    expect(bad.statusCode).toBe(400);
    expect((await request('GET', `/api/v1/discord/${GUILD_A}`)).json().managerRoleId).toBe(
      '555555555555555555',
    );
  });

  it('lets a Discord server act on its own channel only', async () => {
    const own = await request('POST', `/api/v1/channels/${SANDBOX_CHANNEL.login}/items`, {
      guild: GUILD_A,
      payload: { text: 'skin:10x*' },
    });
    expect(own.statusCode).toBe(201);

    const itemsBefore = await world.database.db.selectFrom('items').selectAll().execute();
    const attempts = [
      request('GET', `/api/v1/channels/${OTHER}/items`, { guild: GUILD_A }),
      request('POST', `/api/v1/channels/${OTHER}/items`, { guild: GUILD_A, payload: { text: 'x:1' } }),
      request('POST', `/api/v1/channels/novo_canal/items`, { guild: GUILD_A, payload: { text: 'x:1' } }),
      request('PATCH', `/api/v1/channels/${OTHER}/settings`, {
        guild: GUILD_A,
        payload: { cooldownMinutes: 0 },
      }),
      request('POST', `/api/v1/channels/${OTHER}/session`, { guild: GUILD_A, payload: {} }),
      request('GET', `/api/v1/channels/${SANDBOX_CHANNEL.login}/raffles`, { guild: GUILD_B }),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.statusCode, response.body).toBe(403);
      expect(response.json().code).toBe('guild_forbidden');
    }
    const unlinked = await request('GET', `/api/v1/channels/${SANDBOX_CHANNEL.login}/items`, {
      guild: GUILD_UNLINKED,
    });
    expect(unlinked.statusCode).toBe(404);
    expect(unlinked.json().code).toBe('guild_not_linked');
    const malformed = await request('GET', `/api/v1/channels/${SANDBOX_CHANNEL.login}/items`, {
      guild: 'abc',
    });
    expect(malformed.statusCode).toBe(400);
    expect(await world.database.db.selectFrom('items').selectAll().execute()).toEqual(itemsBefore);
    expect(await world.services.channels.findByLogin('novo_canal')).toBeUndefined();
  });

  it('lets a Discord server read, change and mint links for its own server record only', async () => {
    const before = (await request('GET', `/api/v1/discord/${GUILD_A}`)).json();
    const attempts = [
      request('GET', `/api/v1/discord/${GUILD_A}`, { guild: GUILD_B }),
      request('PATCH', `/api/v1/discord/${GUILD_A}`, {
        guild: GUILD_B,
        payload: { managerRoleId: '666666666666666666' },
      }),
      request('POST', `/api/v1/discord/${GUILD_A}/link`, { guild: GUILD_B, payload: {} }),
      request('POST', `/api/v1/discord/${GUILD_UNLINKED}/link`, { guild: GUILD_B, payload: {} }),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.statusCode, response.body).toBe(403);
      expect(response.json().code).toBe('guild_forbidden');
    }
    expect((await request('GET', `/api/v1/discord/${GUILD_A}`)).json()).toEqual(before);
    expect((await request('GET', `/api/v1/discord/${GUILD_A}`, { guild: GUILD_A })).statusCode).toBe(200);
    const ownLink = await request('POST', `/api/v1/discord/${GUILD_UNLINKED}/link`, {
      guild: GUILD_UNLINKED,
      payload: {},
    });
    expect(ownLink.statusCode).toBe(201);
  });

  it('announces a one-off draw once, naming the server that asked; a redraw too; a replay not at all', async () => {
    world.events.length = 0;
    const draw = () =>
      request('POST', `/api/v1/channels/${SANDBOX_CHANNEL.login}/raffles`, {
        guild: GUILD_A,
        payload: { winners: 1, idempotencyKey: 'discord-message-1' },
      });
    const first = await draw();
    expect(first.statusCode).toBe(201);
    const raffle = first.json();
    expect(raffle.proofPageUrl).toBe(`http://kinoyu.test/r/${raffle.raffleId}`);
    expect((await draw()).statusCode).toBe(200);
    expect(world.events).toEqual([
      expect.objectContaining({
        type: 'raffle.drawn',
        trigger: 'command',
        requestedByGuild: GUILD_A,
        raffleId: raffle.raffleId,
        raffle: expect.objectContaining({ winners: raffle.winners }),
      }),
    ]);

    const forbidden = await request('POST', `/api/v1/raffles/${raffle.raffleId}/reroll`, {
      guild: GUILD_B,
      payload: { position: 1 },
    });
    expect(forbidden.statusCode).toBe(403);
    const rerolled = await request('POST', `/api/v1/raffles/${raffle.raffleId}/reroll`, {
      guild: GUILD_A,
      payload: { position: 1 },
    });
    expect(rerolled.statusCode).toBe(200);
    expect(rerolled.json().winners[0].userId).not.toBe(raffle.winners[0].userId);
    expect(world.events.at(-1)).toMatchObject({ trigger: 'reroll', position: 1, requestedByGuild: GUILD_A });
    expect(world.events).toHaveLength(2);
  });
});

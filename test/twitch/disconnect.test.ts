import { beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_CHANNEL } from '../../src/sandbox/twitch/index.ts';
import { ChannelAuthProvider, ReconnectNeededError } from '../../src/twitch/auth-provider.ts';
import { asService } from '../helpers/app.ts';
import { connectThroughTwitch } from '../helpers/twitch-consent.ts';
import { useWorld } from '../helpers/world.ts';

const login = SANDBOX_CHANNEL.login;
const broadcasterId = SANDBOX_CHANNEL.id ?? '';

// DELETE /api/v1/channels/{login}/twitch: the streamer's "disconnect" revokes the token at Twitch
// (SPEC §9), forgets it, stops reading the chat, and a new connection through the normal flow works.
describe('disconnecting a channel from Twitch', () => {
  const world = useWorld({
    twitch: { redirectUris: ['http://kinoyu.test/auth/twitch/callback'] },
    app: true,
    events: true,
  });
  beforeEach(async () => {
    world.twitch.clearFaults();
    const connected = await connectThroughTwitch(world.app, world.twitch);
    expect(connected.body).toContain('data-outcome="connected"');
    world.events.length = 0;
  });

  const disconnect = () =>
    world.app.inject({ method: 'DELETE', url: `/api/v1/channels/${login}/twitch`, headers: asService });
  const channelId = async () => (await world.services.channels.findByLogin(login))?.id ?? 0;
  const tokenRows = async () =>
    (
      await world.database.db
        .selectFrom('twitch_tokens')
        .select('channel_id')
        .where('channel_id', '=', await channelId())
        .execute()
    ).length;
  const draw = () =>
    world.app.inject({
      method: 'POST',
      url: `/api/v1/channels/${login}/raffles`,
      headers: asService,
      payload: { winners: 1 },
    });
  /** Whether Twitch (the world.twitch) still accepts an access token. */
  const twitchAccepts = async (accessToken: string) =>
    (await fetch(`${world.twitch.url}/auth/validate`, { headers: { authorization: `OAuth ${accessToken}` } }))
      .ok;

  it('revokes the token at Twitch, forgets it, stops the chat, and draws answer channel_not_connected', async () => {
    const id = await channelId();
    const token = await world.services.tokenStore.load(id);
    if (!token) throw new Error('no token after connecting');
    const listener = world.services.chatListener;
    if (!listener) throw new Error('no chat listener');
    const subscribed = listener.subscribed();
    listener.listen(id, broadcasterId);
    await subscribed;
    const chatSubscriptions = () =>
      world.twitch
        .eventSubSubscriptions()
        .filter((subscription) => subscription.type === 'channel.chat.message');
    expect(chatSubscriptions()).toHaveLength(1);
    const revokesBefore = world.twitch.requestCount('/auth/revoke', 'POST');

    const response = await disconnect();
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ channel: login, connectionState: 'disconnected' });
    expect(world.twitch.requestCount('/auth/revoke', 'POST') - revokesBefore).toBe(1);
    expect(await twitchAccepts(token.accessToken)).toBe(false);
    expect(await tokenRows()).toBe(0);
    expect(chatSubscriptions()).toHaveLength(0);
    expect(world.events.map((event) => event.type)).toEqual(['channel.disconnected']);
    expect(world.events[0]).toMatchObject({ channel: login, channelId: id });

    const afterwards = await draw();
    expect(afterwards.statusCode).toBe(409);
    expect(afterwards.json().code).toBe('channel_not_connected');
    // Disconnecting again changes nothing and tells nobody.
    expect((await disconnect()).json()).toEqual({ channel: login, connectionState: 'disconnected' });
    expect(world.events).toHaveLength(1);
  });

  it("refuses another Discord server's request (403) and leaves the connection alone", async () => {
    const other = await world.given.channel();
    const otherGuild = '345678901234567890';
    await world.services.discordLinks.link(otherGuild, other.id);
    const response = await world.app.inject({
      method: 'DELETE',
      url: `/api/v1/channels/${login}/twitch`,
      headers: { ...asService, 'x-discord-guild': otherGuild },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('guild_forbidden');
    expect((await world.services.channels.findByLogin(login))?.connectionState).toBe('connected');
    expect(await tokenRows()).toBe(1);
    expect(world.events).toEqual([]);
  });

  it('disconnects locally when Twitch fails to revoke', async () => {
    world.twitch.failNext('/auth/revoke', 10, { status: 503 });
    const response = await disconnect();
    expect(response.statusCode).toBe(200);
    expect(response.json().connectionState).toBe('disconnected');
    expect(await tokenRows()).toBe(0);
    expect((await draw()).json().code).toBe('channel_not_connected');
  });

  it('connects again through the normal flow after a disconnect, and draws work again', async () => {
    expect((await disconnect()).statusCode).toBe(200);
    const again = await connectThroughTwitch(world.app, world.twitch);
    expect(again.body).toContain('data-outcome="connected"');
    expect((await world.services.channels.findByLogin(login))?.connectionState).toBe('connected');
    expect(await tokenRows()).toBe(1);
    const response = await draw();
    expect(response.statusCode).toBe(201);
    expect(response.json().winners).toHaveLength(1);
  });

  it('does not turn a disconnected channel into "reconnect needed" when a request in flight meets a 401', async () => {
    const told: number[] = [];
    const provider = new ChannelAuthProvider({
      clientId: world.twitch.clientId,
      clientSecret: world.twitch.clientSecret,
      store: world.services.tokenStore,
      channelOfUser: async (userId) => (await world.services.channels.findByTwitchUserId(userId))?.id,
      onReconnectNeeded: async (channelId) => {
        told.push(channelId);
      },
    });
    expect(await provider.getAccessTokenForUser(broadcasterId)).not.toBeNull();
    expect((await disconnect()).statusCode).toBe(200);
    // What twurple does after a 401 from a request sent with the token before the disconnect.
    await expect(provider.refreshAccessTokenForUser(broadcasterId)).rejects.toBeInstanceOf(
      ReconnectNeededError,
    );
    expect(told).toEqual([]);
    expect((await world.services.channels.findByLogin(login))?.connectionState).toBe('disconnected');
    expect(world.events.map((event) => event.type)).toEqual(['channel.disconnected']);
  });

  it('is in the OpenAPI document with a summary', async () => {
    const document = (await world.app.inject({ method: 'GET', url: '/docs/json' })).json();
    expect(document.paths['/api/v1/channels/{login}/twitch']?.delete?.summary).toMatch(/Disconnect/);
  });

  it('answers 404 for an unknown channel and 401 without the service token', async () => {
    const unknown = await world.app.inject({
      method: 'DELETE',
      url: '/api/v1/channels/nobody_here/twitch',
      headers: asService,
    });
    expect(unknown.statusCode).toBe(404);
    expect(
      (await world.app.inject({ method: 'DELETE', url: `/api/v1/channels/${login}/twitch` })).statusCode,
    ).toBe(401);
  });
});

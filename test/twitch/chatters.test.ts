import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Channel } from '../../src/channels/channel-repository.ts';
import { SANDBOX_CHANNEL } from '../../src/sandbox/twitch/index.ts';
import { asService } from '../helpers/app.ts';
import { resetSettings } from '../helpers/settings.ts';
import { useWorld } from '../helpers/world.ts';

// The chatter list through the real twurple client code and the database-backed auth provider,
// against the fake Twitch over loopback.
describe('chatters and draws from the Twitch chat', () => {
  const world = useWorld({ twitch: true, app: true });
  let channel: Channel;
  const events: string[] = [];

  beforeAll(() => {
    world.services.events.subscribe((event) => events.push(`${event.type}:${event.channel}`));
  });

  beforeEach(async () => {
    // A freshly connected sandbox channel with a valid token before each test.
    world.twitch.clearFaults();
    channel = await world.services.channels.connect(
      SANDBOX_CHANNEL.id ?? '',
      SANDBOX_CHANNEL.login,
      SANDBOX_CHANNEL.login,
    );
    // Default rules: no multipliers, so only the chat list is fetched (not thousands of subscribers).
    await resetSettings(world.database.db, channel.id);
    await world.services.tokenStore.save(channel.id, world.twitch.issueUserToken());
  });

  const getChatters = () =>
    world.app.inject({
      method: 'GET',
      url: `/api/v1/channels/${SANDBOX_CHANNEL.login}/chatters`,
      headers: asService,
    });

  it('draws among the people in chat when no entrants are given, leaving bots out', async () => {
    const response = await world.app.inject({
      method: 'POST',
      url: `/api/v1/channels/${SANDBOX_CHANNEL.login}/raffles`,
      headers: asService,
      payload: { winners: 3 },
    });
    expect(response.statusCode).toBe(201);
    const raffle = response.json();
    const inChat = new Set(world.twitch.channel().chatterIds);
    expect(raffle.winners).toHaveLength(3);
    for (const winner of raffle.winners) expect(inChat.has(winner.userId)).toBe(true);
    const proof = (
      await world.app.inject({ method: 'GET', url: `/api/v1/raffles/${raffle.raffleId}/proof` })
    ).json();
    expect(proof.excluded).toEqual(
      expect.arrayContaining([expect.objectContaining({ login: 'nightbot', reason: 'bot' })]),
    );
    expect(proof.entrants.map((entrant: { login: string }) => entrant.login)).not.toContain('streamelements');
  });

  it('lists the eligible chatters with weights from the subscriber and VIP multipliers', async () => {
    await world.database.db
      .insertInto('channel_settings')
      .values({ channel_id: channel.id, subscriber_tier1_multiplier: 2, vip_multiplier: 1.5 })
      .onConflict((conflict) =>
        conflict.column('channel_id').doUpdateSet({ subscriber_tier1_multiplier: 2, vip_multiplier: 1.5 }),
      )
      .execute();
    const body = (await getChatters()).json();
    expect(body.total).toBe(world.twitch.channel().chatterIds.length);
    expect(body.chatters.some((chatter: { weight: number }) => chatter.weight >= 2)).toBe(true);
    expect(body.chatters.some((chatter: { weight: number }) => chatter.weight === 1)).toBe(true);
    expect(body.excluded.map((entry: { login: string }) => entry.login)).toEqual(
      expect.arrayContaining(['nightbot', 'streamelements']),
    );
  });

  it('fetches 100,000 chatters across 100 pages, skipping empty ids', async () => {
    world.twitch.setChatterCount(100_000, { emptyUserIds: 3 });
    const pagesBefore = world.twitch.requestCount('/mock/chat/chatters');
    const body = (await getChatters()).json();
    expect(world.twitch.requestCount('/mock/chat/chatters') - pagesBefore).toBeGreaterThanOrEqual(100);
    expect(body.total).toBeGreaterThanOrEqual(100_000 - 3);
    expect(body.chatters.every((chatter: { userId: string }) => chatter.userId !== '')).toBe(true);
    world.twitch.setChatterCount(SANDBOX_CHANNEL.chatters ?? 300);
  });

  it('waits out a 429 and retries a 5xx', async () => {
    world.twitch.failNext('/mock/chat/chatters', 1, { status: 429, resetAfterMs: 0 });
    expect((await getChatters()).statusCode).toBe(200);
    world.twitch.failNext('/mock/chat/chatters', 1, { status: 503 });
    expect((await getChatters()).statusCode).toBe(200);
  });

  it('refreshes an expired token exactly once when 20 requests race', async () => {
    // Twitch killed the token early: all 20 get a 401 (without Ratelimit-* headers) and retry.
    world.twitch.expireAllAccessTokens();
    const refreshesBefore = world.twitch.requestCount('/auth/token', 'POST');
    const responses = await Promise.all(Array.from({ length: 20 }, () => getChatters()));
    expect(responses.map((response) => response.statusCode)).toEqual(Array(20).fill(200));
    expect(world.twitch.requestCount('/auth/token', 'POST') - refreshesBefore).toBe(1);
  });

  it('answers all of 20 requests racing an expired token while every third Helix call is a 429', async () => {
    // SPEC §9: a 429 is waited out until Ratelimit-Reset, then succeeds — however often it comes back.
    world.twitch.expireAllAccessTokens();
    world.twitch.setSingleUseRefreshTokens(true);
    world.twitch.failEvery('/mock/', 3, { status: 429, resetAfterMs: 1000 });
    const refreshesBefore = world.twitch.requestCount('/auth/token', 'POST');
    try {
      const responses = await Promise.all(Array.from({ length: 20 }, () => getChatters()));
      expect(responses.map((response) => response.statusCode)).toEqual(Array(20).fill(200));
      expect(world.twitch.requestCount('/auth/token', 'POST') - refreshesBefore).toBe(1);
    } finally {
      world.twitch.setSingleUseRefreshTokens(false);
    }
  });

  it('marks the channel "reconnect needed" when the refresh token is refused, without crashing', async () => {
    await world.services.tokenStore.save(channel.id, {
      ...world.twitch.issueUserToken(),
      refreshToken: 'not-a-valid-refresh-token',
      obtainmentTimestamp: Date.now() - 5 * 3600_000,
      expiresIn: 3600,
    });
    events.length = 0;
    const response = await getChatters();
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('twitch_reconnect_needed');
    expect((await world.services.channels.findById(channel.id))?.connectionState).toBe('reconnect_needed');
    expect(events).toEqual(['channel.reconnect_needed:kinoyu_sandbox']);
    // And no retry storm: the next request does not call Twitch at all.
    const tokenCalls = world.twitch.requestCount('/auth/token', 'POST');
    expect((await getChatters()).json().code).toBe('twitch_reconnect_needed');
    expect(world.twitch.requestCount('/auth/token', 'POST')).toBe(tokenCalls);
  });

  it('answers "not connected" for a channel without Twitch', async () => {
    await world.services.channels.ensure('offline_one');
    const response = await world.app.inject({
      method: 'GET',
      url: '/api/v1/channels/offline_one/chatters',
      headers: asService,
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('channel_not_connected');
  });
});

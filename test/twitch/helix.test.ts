import type { AccessTokenWithUserId, AuthProvider } from '@twurple/auth';
import pino from 'pino';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Channel } from '../../src/channels/channel-repository.ts';
import { AppError } from '../../src/errors.ts';
import { SANDBOX_CHANNEL } from '../../src/sandbox/twitch/index.ts';
import { ChannelAuthProvider } from '../../src/twitch/auth-provider.ts';
import { ChatterRoster } from '../../src/twitch/chatter-roster.ts';
import { HelixClient } from '../../src/twitch/helix.ts';
import { useWorld } from '../helpers/world.ts';

const CHATTERS = '/mock/chat/chatters';
const broadcasterId = SANDBOX_CHANNEL.id ?? '';

// The Helix client's own behaviour (timeouts, retries, rate limiting) against the fake Twitch.
describe('Helix client', () => {
  const world = useWorld({ twitch: true });
  let channel: Channel;
  const logger = pino({ level: 'silent' });

  beforeAll(async () => {
    channel = await world.services.channels.connect(
      broadcasterId,
      SANDBOX_CHANNEL.login,
      SANDBOX_CHANNEL.login,
    );
  });
  beforeEach(async () => {
    world.twitch.clearFaults();
    await world.services.tokenStore.save(channel.id, world.twitch.issueUserToken());
  });

  /** A roster whose Helix requests give up after `timeoutMs` (and token refreshes after `refreshTimeoutMs`). */
  function rosterWithTimeout(
    timeoutMs: number,
    refreshTimeoutMs?: number,
    rateLimitDeadlineMs?: number,
  ): ChatterRoster {
    const provider = new ChannelAuthProvider({
      refreshTimeoutMs,
      clientId: world.twitch.clientId,
      clientSecret: world.twitch.clientSecret,
      store: world.services.tokenStore,
      channelOfUser: async (userId) => (await world.services.channels.findByTwitchUserId(userId))?.id,
      onReconnectNeeded: async () => {},
    });
    return new ChatterRoster(
      new HelixClient(provider, { timeoutMs, rateLimitDeadlineMs }),
      world.services.settings,
      world.services.chatActivity,
      logger,
    );
  }

  // First: the slow answers of the timeout tests below still arrive at the world.twitch after their tests.
  it('waits for Ratelimit-Reset after a 429 instead of failing, however often the 429 comes back', async () => {
    // Each reset is the next whole second: four of them take at most about four seconds.
    world.twitch.failNext(CHATTERS, 4, { status: 429, resetAfterMs: 0 });
    const before = world.twitch.requestCount(CHATTERS);
    const entrants = await rosterWithTimeout(10_000).entrants(channel);
    expect(entrants.length).toBe(world.twitch.channel().chatterIds.length);
    expect(world.twitch.requestCount(CHATTERS) - before).toBe(5);
  });

  it('stops waiting out 429s at the rate-limit deadline and answers twitch_unavailable (503)', async () => {
    world.twitch.failEvery(CHATTERS, 1, { status: 429, resetAfterMs: 0 });
    const before = world.twitch.requestCount(CHATTERS);
    const failure = await rosterWithTimeout(10_000, undefined, 1_500)
      .entrants(channel)
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ status: 503, code: 'twitch_unavailable' });
    // At least one reset was waited out; none past the deadline, and twurple does not retry a 429.
    const tries = world.twitch.requestCount(CHATTERS) - before;
    expect(tries).toBeGreaterThanOrEqual(2);
    expect(tries).toBeLessThanOrEqual(3);
  });

  it('retries a request that timed out, and answers when Twitch is quick again', async () => {
    world.twitch.setDelay(5_000, CHATTERS);
    const before = world.twitch.requestCount(CHATTERS);
    const entrants = rosterWithTimeout(200).entrants(channel);
    await vi.waitFor(() => expect(world.twitch.requestCount(CHATTERS)).toBe(before + 1), { timeout: 5_000 });
    world.twitch.setDelay(0, CHATTERS);
    expect((await entrants).length).toBe(world.twitch.channel().chatterIds.length);
    expect(world.twitch.requestCount(CHATTERS) - before).toBe(2);
  });

  it('gives up after a bounded number of timed-out tries and answers twitch_unavailable (503)', async () => {
    world.twitch.setDelay(5_000, CHATTERS);
    const before = world.twitch.requestCount(CHATTERS);
    const failure = await rosterWithTimeout(100)
      .entrants(channel)
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AppError);
    expect(failure).toMatchObject({ status: 503, code: 'twitch_unavailable' });
    // The first try and twurple's three retries, then no more.
    expect(world.twitch.requestCount(CHATTERS) - before).toBe(4);
  });

  it('settles every one of 20 parallel requests answered 401 without rate-limit headers', async () => {
    // twurple 8.1.4's own rate limiter read such a batch as "limit 0" and left the queued requests
    // waiting for good; each of these must come back (rejected: the token is dead) instead.
    const dead: AccessTokenWithUserId = {
      accessToken: 'dead-access-token',
      refreshToken: null,
      scope: ['moderator:read:chatters'],
      expiresIn: null,
      obtainmentTimestamp: 0,
      userId: broadcasterId,
    };
    const deadTokens: AuthProvider = {
      clientId: world.twitch.clientId,
      authorizationType: 'Bearer',
      getCurrentScopesForUser: () => dead.scope,
      getAccessTokenForUser: async () => dead,
      getAnyAccessToken: async () => dead,
      refreshAccessTokenForUser: async () => dead,
    };
    const helix = new HelixClient(deadTokens);
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => helix.chatters(broadcasterId)));
    expect(results.map((result) => result.status)).toEqual(Array(20).fill('rejected'));
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/401/);
  });

  it('refreshes a newer token Twitch refuses right after an earlier refresh', async () => {
    const roster = rosterWithTimeout(10_000);
    const refreshes = () => world.twitch.requestCount('/auth/token', 'POST');
    const before = refreshes();
    world.twitch.expireAllAccessTokens();
    await roster.entrants(channel);
    // The streamer connects again within seconds, and Twitch soon refuses that token too.
    await world.services.tokenStore.save(channel.id, world.twitch.issueUserToken());
    world.twitch.expireAllAccessTokens();
    const entrants = await roster.entrants(channel);
    expect(entrants.length).toBe(world.twitch.channel().chatterIds.length);
    expect(refreshes() - before).toBe(2);
  });

  it('gives up a token refresh Twitch does not answer in time, without marking the channel, and refreshes later', async () => {
    await world.services.tokenStore.save(channel.id, {
      ...world.twitch.issueUserToken(),
      obtainmentTimestamp: Date.now() - 5 * 3600_000,
      expiresIn: 3600,
    });
    world.twitch.setDelay(3_000, '/auth/token');
    const failure = await rosterWithTimeout(10_000, 200)
      .entrants(channel)
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ status: 503, code: 'twitch_unavailable' });
    expect((await world.services.channels.findById(channel.id))?.connectionState).toBe('connected');
    // The token row is not left locked: the next refresh goes through.
    world.twitch.setDelay(0, '/auth/token');
    const entrants = await rosterWithTimeout(10_000, 200).entrants(channel);
    expect(entrants.length).toBe(world.twitch.channel().chatterIds.length);
  });
});

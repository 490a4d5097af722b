import { ApiClient } from '@twurple/api';
import { RefreshingAuthProvider } from '@twurple/auth';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeTwitch, type FakeUserToken, startFakeTwitch } from '../../src/sandbox/twitch/index.ts';

// The anti-alt rules of SPEC §2.7 read Get Users (`created_at`) and Get Channel Followers; these are
// the fake's versions of both, driven through the real twurple client and raw HTTP.
const QUIET = { minLevel: 'critical' } as const;
const DAY_MS = 86_400_000;

let fake: FakeTwitch;
let broadcasterId: string;

beforeAll(async () => {
  fake = await startFakeTwitch({ seed: 'followers' });
  broadcasterId = fake.channel().broadcaster.id;
  process.env.TWURPLE_MOCK_API_PORT = String(fake.port);
});

afterAll(async () => {
  delete process.env.TWURPLE_MOCK_API_PORT;
  await fake.close();
});

beforeEach(() => {
  fake.clearFaults();
  fake.clearRequestLog();
});

/** A twurple client acting as `token`'s user, as the app builds it. */
function clientFor(token: FakeUserToken): ApiClient {
  const authProvider = new RefreshingAuthProvider({
    clientId: fake.clientId,
    clientSecret: fake.clientSecret,
  });
  authProvider.addUser(token.userId, token);
  return new ApiClient({ authProvider, logger: QUIET });
}

/** A raw Helix GET with a token, for what twurple would hide (status codes, exact bodies). */
function helix(path: string, token: { accessToken: string }): Promise<Response> {
  return fetch(`${fake.url}/mock/${path}`, {
    headers: { 'Client-Id': fake.clientId, Authorization: `Bearer ${token.accessToken}` },
  });
}

/** The viewers in the sandbox chat (no bots, no empty entries). */
function viewersInChat(): string[] {
  const channel = fake.channel();
  return channel.chatterIds.filter((id) => id !== '' && !channel.isBot(id));
}

describe('fake Twitch Get Channel Followers', () => {
  it('lists followers newest first, 100 a page, most of the audience, none before their account existed', async () => {
    const api = clientFor(fake.issueUserToken());
    const followers = await api.channels.getChannelFollowersPaginated(broadcasterId).getAll();
    const audience = fake.channel().audienceSize;
    expect(followers.length).toBeGreaterThan(audience * 0.65);
    expect(followers.length).toBeLessThan(audience * 0.85);
    expect(fake.requestCount('/mock/channels/followers')).toBe(Math.ceil(followers.length / 100));
    expect(fake.requests[0]?.query).toMatchObject({ broadcaster_id: broadcasterId, first: '100' });
    const dates = followers.map((follower) => follower.followDate.getTime());
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
    const now = Date.now();
    const daysAgo = dates.map((date) => (now - date) / DAY_MS);
    expect(daysAgo.filter((days) => days < 7).length).toBeGreaterThan(followers.length * 0.04);
    expect(daysAgo.filter((days) => days > 365).length).toBeGreaterThan(followers.length * 0.4);
    expect(Math.max(...daysAgo)).toBeLessThanOrEqual(3 * 365 + 1);
    const users = await api.users.getUsersByIds(followers.slice(0, 100).map((follower) => follower.userId));
    for (const user of users) {
      const follow = followers.find((follower) => follower.userId === user.id);
      expect(follow?.followDate.getTime()).toBeGreaterThanOrEqual(user.creationDate.getTime());
    }
  });

  it('answers the same follows for the same seed, and pages of 20 by default with a cursor', async () => {
    const twin = await startFakeTwitch({ seed: 'followers' });
    try {
      const ids = (list: readonly { account: { id: string } }[]) =>
        list.map((follower) => follower.account.id);
      expect(ids(twin.world.followersOf(broadcasterId))).toEqual(ids(fake.world.followersOf(broadcasterId)));
      // Dates count back from the moment each world began, a few milliseconds apart (and the creation
      // date a young account's follow is bound by has whole seconds).
      const offset = Math.abs(twin.world.startedAt - fake.world.startedAt);
      for (const viewer of viewersInChat()) {
        const mine = fake.world.followedAt(broadcasterId, viewer);
        const theirs = twin.world.followedAt(broadcasterId, viewer);
        expect(theirs === null).toBe(mine === null);
        expect(Math.abs((theirs ?? 0) - (mine ?? 0))).toBeLessThanOrEqual(offset + 1000);
      }
    } finally {
      await twin.close();
    }
    const token = fake.issueUserToken();
    const first = await (await helix(`channels/followers?broadcaster_id=${broadcasterId}`, token)).json();
    expect(first.data).toHaveLength(20);
    expect(first.total).toBe(fake.world.followersOf(broadcasterId).length);
    expect(Object.keys(first.data[0]).sort()).toEqual(['followed_at', 'user_id', 'user_login', 'user_name']);
    expect(first.data[0].followed_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const next = await (
      await helix(
        `channels/followers?broadcaster_id=${broadcasterId}&after=${first.pagination.cursor}`,
        token,
      )
    ).json();
    expect(next.data[0].user_id).toBe(fake.world.followersOf(broadcasterId)[20]?.account.id);
  });

  it('answers one follow, or nothing, for user_id', async () => {
    const api = clientFor(fake.issueUserToken());
    const viewers = viewersInChat();
    const follower = viewers.find((id) => fake.world.followedAt(broadcasterId, id) !== null) ?? '';
    const stranger = viewers.find((id) => fake.world.followedAt(broadcasterId, id) === null) ?? '';
    const follows = await api.channels.getChannelFollowers(broadcasterId, follower);
    expect(follows.data.map((follow) => follow.userId)).toEqual([follower]);
    expect(follows.data[0]?.followDate.getTime()).toBe(
      Math.floor((fake.world.followedAt(broadcasterId, follower) ?? 0) / 1000) * 1000,
    );
    expect(follows.total).toBe(fake.world.followersOf(broadcasterId).length);
    expect((await api.channels.getChannelFollowers(broadcasterId, stranger)).data).toEqual([]);
    // The broadcaster does not follow their own channel.
    expect((await api.channels.getChannelFollowers(broadcasterId, broadcasterId)).data).toEqual([]);
  });

  it('gives the list only to moderator:read:followers of the broadcaster or a moderator: the total otherwise, and 410 for one user', async () => {
    const total = fake.world.followersOf(broadcasterId).length;
    const someone = viewersInChat()[0] ?? '';
    const query = `channels/followers?broadcaster_id=${broadcasterId}`;
    const unscoped = fake.issueUserToken({ scopes: ['moderator:read:chatters'] });
    expect(await (await helix(query, unscoped)).json()).toEqual({ total, data: [], pagination: {} });
    const oneUser = await helix(`${query}&user_id=${someone}`, unscoped);
    expect(oneUser.status).toBe(410);
    const moderator = [...fake.channel().moderators].find((id) => !fake.channel().isBot(id)) ?? '';
    const viewer = viewersInChat().find((id) => !fake.channel().moderators.has(id)) ?? '';
    const viewerToken = fake.issueUserToken({ userId: viewer, scopes: ['moderator:read:followers'] });
    expect((await (await helix(query, viewerToken)).json()).data).toEqual([]);
    expect((await helix(`${query}&user_id=${someone}`, viewerToken)).status).toBe(410);
    const moderatorToken = fake.issueUserToken({ userId: moderator, scopes: ['moderator:read:followers'] });
    expect((await (await helix(query, moderatorToken)).json()).data).toHaveLength(20);
    const app = await (
      await fetch(`${fake.url}/auth/token`, {
        method: 'POST',
        body: new URLSearchParams({
          client_id: fake.clientId,
          client_secret: fake.clientSecret,
          grant_type: 'client_credentials',
        }),
      })
    ).json();
    expect((await helix(query, { accessToken: app.access_token })).status).toBe(401);
    expect((await helix('channels/followers', fake.issueUserToken())).status).toBe(400);
  });
});

describe('fake Twitch Get Users account ages', () => {
  it('answers created_at by id and login, about one viewer in ten made in the last 30 days', async () => {
    const api = clientFor(fake.issueUserToken());
    const viewers = viewersInChat();
    const users = [
      ...(await api.users.getUsersByIds(viewers.slice(0, 100))),
      ...(await api.users.getUsersByIds(viewers.slice(100, 200))),
      ...(await api.users.getUsersByIds(viewers.slice(200, 300))),
    ];
    expect(users).toHaveLength(viewers.length);
    expect(fake.requestCount('/mock/users')).toBe(3);
    const ages = users.map((user) => (Date.now() - user.creationDate.getTime()) / DAY_MS);
    const young = ages.filter((days) => days < 30).length;
    expect(young).toBeGreaterThan(viewers.length * 0.05);
    expect(young).toBeLessThan(viewers.length * 0.16);
    expect(ages.every((days) => days > 0)).toBe(true);
    expect(new Set(users.map((user) => user.creationDate.toISOString().slice(0, 7))).size).toBeGreaterThan(
      50,
    );
    const logins = users.slice(0, 5).map((user) => user.name);
    const byLogin = await api.users.getUsersByNames(logins);
    expect(byLogin.map((user) => user.creationDate.getTime()).sort()).toEqual(
      users
        .slice(0, 5)
        .map((user) => user.creationDate.getTime())
        .sort(),
    );
    const token = fake.issueUserToken();
    const tooMany = viewers.slice(0, 100).map((id) => `id=${id}`);
    expect((await helix(`users?${tooMany.join('&')}&login=kinoyu_sandbox`, token)).status).toBe(400);
  });
});

describe('fake Twitch anti-alt test hooks and faults', () => {
  it('sets an account creation date and a follow exactly, for a viewer of the chat or a made-up one', async () => {
    const api = clientFor(fake.issueUserToken());
    const viewer = viewersInChat()[3] ?? '';
    const made = new Date(Date.now() - 2 * DAY_MS);
    fake.setAccountCreatedAt(viewer, made);
    expect((await api.users.getUserById(viewer))?.creationDate.getTime()).toBe(
      Math.floor(made.getTime() / 1000) * 1000,
    );
    const followed = '2025-01-02T03:04:05Z';
    fake.setFollow('kinoyu_sandbox', viewer, followed);
    const follow = await api.channels.getChannelFollowers(broadcasterId, viewer);
    expect(follow.data[0]?.followDate.toISOString()).toBe('2025-01-02T03:04:05.000Z');
    fake.setFollow(broadcasterId, viewer, null);
    expect((await api.channels.getChannelFollowers(broadcasterId, viewer)).data).toEqual([]);
    const all = await api.channels.getChannelFollowersPaginated(broadcasterId).getAll();
    expect(all.some((follower) => follower.userId === viewer)).toBe(false);

    const newcomer = fake.setAccountCreatedAt('alt_account_01', '2026-01-01T00:00:00Z');
    fake.setFollow(broadcasterId, 'alt_account_01', new Date(Date.now() - DAY_MS));
    const [user] = await api.users.getUsersByNames(['alt_account_01']);
    expect(user?.id).toBe(newcomer.id);
    expect(user?.creationDate.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    const newest = await api.channels.getChannelFollowers(broadcasterId);
    expect(newest.data.map((follower) => follower.userName)).toContain('alt_account_01');
  });

  it('makes users and followers calls fail with a 5xx on demand, for a count or until cleared', async () => {
    const token = fake.issueUserToken();
    const followers = `channels/followers?broadcaster_id=${broadcasterId}&user_id=${viewersInChat()[0]}`;
    fake.failHelix('followers');
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await helix(followers, token)).status);
    expect(statuses).toEqual([503, 503, 503, 503]);
    expect((await helix('users?login=kinoyu_sandbox', token)).status).toBe(200);
    fake.clearFaults();
    expect((await helix(followers, token)).status).toBe(200);

    fake.failHelix('users', { count: 1, status: 500 });
    const api = clientFor(token);
    // twurple retries a 5xx: one failure is absorbed, and the log shows both answers.
    expect((await api.users.getUserByName('kinoyu_sandbox'))?.id).toBe(broadcasterId);
    const calls = fake.requests.filter((entry) => entry.path === '/mock/users');
    expect(calls.map((entry) => entry.status)).toEqual([200, 500, 200]);
    expect(() => fake.failHelix('users', { status: 429 })).toThrow(/5xx/);
  });

  it('counts followers calls against the Helix rate limit, with its headers', async () => {
    const limited = await startFakeTwitch({ rateLimitPerMinute: 2 });
    try {
      const token = limited.issueUserToken();
      const call = () =>
        fetch(`${limited.url}/mock/channels/followers?broadcaster_id=${broadcasterId}`, {
          headers: { 'Client-Id': limited.clientId, Authorization: `Bearer ${token.accessToken}` },
        });
      const answers = [await call(), await call(), await call()];
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 429]);
      expect(answers[0]?.headers.get('ratelimit-limit')).toBe('2');
      expect(answers[2]?.headers.get('ratelimit-remaining')).toBe('0');
    } finally {
      await limited.close();
    }
  });
});

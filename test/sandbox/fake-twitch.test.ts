import { ApiClient } from '@twurple/api';
import { HttpStatusCodeError } from '@twurple/api-call';
import {
  type AccessToken,
  exchangeCode,
  getTokenInfo,
  InvalidTokenError,
  RefreshingAuthProvider,
  refreshUserToken,
  revokeToken,
} from '@twurple/auth';
import { EventSubWsListener } from '@twurple/eventsub-ws';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { type FakeTwitch, startFakeTwitch } from '../../src/sandbox/twitch/index.ts';

const REDIRECT_URI = 'http://localhost:3000/auth/twitch/callback';
const QUIET = { minLevel: 'critical' } as const;

let fake: FakeTwitch;
let broadcasterId: string;

beforeAll(async () => {
  fake = await startFakeTwitch({ redirectUris: [REDIRECT_URI] });
  broadcasterId = fake.channel().broadcaster.id;
  // twurple 8 sends auth, Helix and EventSub to localhost:<port> when this is set (read per request).
  process.env.TWURPLE_MOCK_API_PORT = String(fake.port);
});

afterAll(async () => {
  delete process.env.TWURPLE_MOCK_API_PORT;
  await fake.close();
});

beforeEach(() => {
  fake.clearFaults();
  fake.clearRequestLog();
  fake.setSingleUseRefreshTokens(false);
});

/** The broadcaster's twurple client over a RefreshingAuthProvider, as the app would build it. */
function clientFor(token: AccessToken) {
  const authProvider = new RefreshingAuthProvider({
    clientId: fake.clientId,
    clientSecret: fake.clientSecret,
  });
  authProvider.addUser(broadcasterId, token);
  return { authProvider, apiClient: new ApiClient({ authProvider, logger: QUIET }) };
}

function authorizeUrl(params: Record<string, string>): string {
  const query = new URLSearchParams({
    client_id: fake.clientId,
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    scope: 'moderator:read:chatters user:read:chat',
    state: 'signed-state-123',
    ...params,
  });
  return `${fake.url}/auth/authorize?${query}`;
}

/** Opens the consent page and presses a button; returns where the browser is sent. */
async function decide(decision: 'authorize' | 'cancel'): Promise<URL> {
  const html = await (await fetch(authorizeUrl({}))).text();
  const consent = /name="consent" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const account = /name="account" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const response = await fetch(`${fake.url}/auth/authorize/decision`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ consent, decision, account }),
    redirect: 'manual',
  });
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location') ?? '');
}

describe('fake Twitch OAuth', () => {
  it('renders the consent page in Portuguese by default and in English on lang=en', async () => {
    const portuguese = await fetch(authorizeUrl({}));
    const html = await portuguese.text();
    expect(portuguese.status).toBe(200);
    expect(html).toContain('lang="pt-BR"');
    expect(html).toContain('Autorizar');
    expect(html).toContain('Cancelar');
    expect(html).toContain('moderator:read:chatters');
    expect(html).toContain('Ver a lista de pessoas no chat');
    expect(html).toContain('kinoyu_sandbox');
    expect(html).not.toMatch(/<script|https?:\/\/(?!localhost:3000)/);
    const english = await (await fetch(authorizeUrl({ lang: 'en' }))).text();
    expect(english).toContain('Authorize');
    expect(english).toContain('View the list of people in chat');
  });

  it('answers an unknown client_id or a missing parameter with a 400 page', async () => {
    expect((await fetch(authorizeUrl({ client_id: 'x'.repeat(30) }))).status).toBe(400);
    expect((await fetch(authorizeUrl({ redirect_uri: 'http://elsewhere.example/cb' }))).status).toBe(400);
    const withoutScope = authorizeUrl({}).replace(/&scope=[^&]*/, '');
    expect((await fetch(withoutScope)).status).toBe(400);
  });

  it('sends Autorizar back with code, scope and state, and Cancelar with access_denied', async () => {
    const granted = await decide('authorize');
    expect(`${granted.origin}${granted.pathname}`).toBe(REDIRECT_URI);
    expect(granted.searchParams.get('code')).toMatch(/^[a-z0-9]{30}$/);
    expect(granted.searchParams.get('scope')).toBe('moderator:read:chatters user:read:chat');
    expect(granted.searchParams.get('state')).toBe('signed-state-123');
    const denied = await decide('cancel');
    expect(denied.searchParams.get('error')).toBe('access_denied');
    expect(denied.searchParams.get('error_description')).toBe('The user denied you access');
    expect(denied.searchParams.get('state')).toBe('signed-state-123');
    expect(denied.searchParams.has('code')).toBe(false);
  });

  it('exchanges a code once with exchangeCode, and getTokenInfo describes the token', async () => {
    const code = (await decide('authorize')).searchParams.get('code') ?? '';
    const token = await exchangeCode(fake.clientId, fake.clientSecret, code, REDIRECT_URI);
    expect(token.scope).toEqual(['moderator:read:chatters', 'user:read:chat']);
    expect(token.refreshToken).toBeTruthy();
    const info = await getTokenInfo(token.accessToken, fake.clientId);
    expect(info.userId).toBe(broadcasterId);
    expect(info.userName).toBe('kinoyu_sandbox');
    expect(info.clientId).toBe(fake.clientId);
    expect(info.scopes).toEqual(token.scope);
    const again = exchangeCode(fake.clientId, fake.clientSecret, code, REDIRECT_URI);
    await expect(again).rejects.toMatchObject({ statusCode: 400 });
  });

  it('lets RefreshingAuthProvider refresh an expired token after a 401, firing onRefresh', async () => {
    const { authProvider, apiClient } = clientFor(fake.issueUserToken());
    const refreshed: AccessToken[] = [];
    authProvider.onRefresh((_userId, token) => refreshed.push(token));
    fake.expireAllAccessTokens();
    const user = await apiClient.users.getAuthenticatedUser(broadcasterId);
    expect(user.name).toBe('kinoyu_sandbox');
    expect(refreshed).toHaveLength(1);
    expect(fake.requests.map((entry) => `${entry.status} ${entry.method} ${entry.path}`)).toEqual([
      '401 GET /mock/users',
      '200 POST /auth/token',
      '200 GET /mock/users',
    ]);
    expect(fake.requests[1]?.query.grant_type).toBe('refresh_token');
  });

  it('refuses a single-use refresh token the second time with 400 "Invalid refresh token"', async () => {
    fake.setSingleUseRefreshTokens(true);
    const { refreshToken } = fake.issueUserToken();
    const rotated = await refreshUserToken(fake.clientId, fake.clientSecret, refreshToken);
    expect(rotated.refreshToken).not.toBe(refreshToken);
    const reused = await refreshUserToken(fake.clientId, fake.clientSecret, refreshToken).catch(
      (e: unknown) => e,
    );
    expect(reused).toBeInstanceOf(HttpStatusCodeError);
    expect((reused as HttpStatusCodeError).statusCode).toBe(400);
    expect(JSON.parse((reused as HttpStatusCodeError).body)).toEqual({
      status: 400,
      message: 'Invalid refresh token',
    });
  });

  it('makes validate fail after revokeToken, and after the user disconnects the app', async () => {
    const first = fake.issueUserToken();
    await revokeToken(fake.clientId, first.accessToken);
    await expect(getTokenInfo(first.accessToken)).rejects.toBeInstanceOf(InvalidTokenError);
    await expect(revokeToken(fake.clientId, first.accessToken)).rejects.toMatchObject({ statusCode: 400 });
    const second = fake.issueUserToken();
    fake.revokeUserTokens(broadcasterId);
    await expect(getTokenInfo(second.accessToken)).rejects.toBeInstanceOf(InvalidTokenError);
    const refresh = refreshUserToken(fake.clientId, fake.clientSecret, second.refreshToken);
    await expect(refresh).rejects.toMatchObject({ statusCode: 400 });
  });
});

describe('fake Twitch Helix', () => {
  it('records Send Chat Message, and reads subscriptions, VIPs and moderators', async () => {
    const { apiClient } = clientFor(fake.issueUserToken());
    await apiClient.chat.sendChatMessage(broadcasterId, 'Parabéns @fulano!');
    expect(fake.sentChatMessages.at(-1)).toMatchObject({
      chatterId: broadcasterId,
      text: 'Parabéns @fulano!',
    });
    const subscriptions = await apiClient.subscriptions.getSubscriptionsPaginated(broadcasterId).getAll();
    expect(subscriptions.length).toBe(fake.channel().subscriptions.size);
    expect(new Set(subscriptions.map((subscription) => subscription.tier))).toEqual(
      new Set(['1000', '2000', '3000']),
    );
    const moderators = await apiClient.moderation.getModeratorsPaginated(broadcasterId).getAll();
    expect(moderators.map((moderator) => moderator.userName)).toEqual(
      expect.arrayContaining(['nightbot', 'streamelements']),
    );
    expect((await apiClient.channels.getVipsPaginated(broadcasterId).getAll()).length).toBe(
      fake.channel().vips.size,
    );
  });

  it('pages through 100,000 chatters in 100 pages with getChattersPaginated().getAll()', async () => {
    fake.setChatterCount(100_000);
    const { apiClient } = clientFor(fake.issueUserToken());
    const chatters = await apiClient.chat.getChattersPaginated(broadcasterId).getAll();
    expect(chatters).toHaveLength(100_000);
    expect(new Set(chatters.map((chatter) => chatter.userId)).size).toBe(100_000);
    expect(fake.requestCount('/mock/chat/chatters')).toBe(100);
    expect(fake.requests[0]?.query).toMatchObject({ broadcaster_id: broadcasterId, first: '1000' });
    fake.setChatterCount(300, { includeBots: true });
  });

  it('has twurple wait out a 429 until Ratelimit-Reset, then succeed', async () => {
    const { apiClient } = clientFor(fake.issueUserToken());
    // Reset at the next whole second: twurple waits until then (under a second), then retries.
    fake.failNext('/mock/users', 1, { status: 429, resetAfterMs: 0 });
    const user = await apiClient.users.getUserByName('kinoyu_sandbox');
    expect(user?.id).toBe(broadcasterId);
    const [limited, retried] = fake.requests.filter((entry) => entry.path === '/mock/users');
    expect([limited?.status, retried?.status]).toEqual([429, 200]);
    expect(retried?.time).toBeGreaterThanOrEqual(Math.ceil((limited?.time ?? 0) / 1000) * 1000);
  });

  it('answers every n-th Helix call with a 429 and an empty bucket that resets in a second, until cleared', async () => {
    const { accessToken } = fake.issueUserToken();
    const call = () =>
      fetch(`${fake.url}/mock/users?login=kinoyu_sandbox`, {
        headers: { 'Client-Id': fake.clientId, Authorization: `Bearer ${accessToken}` },
      });
    fake.failEvery('/mock/', 3);
    const answers: Response[] = [];
    for (let i = 0; i < 6; i++) answers.push(await call());
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 429, 200, 200, 429]);
    const limited = answers[2] as Response;
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    const reset = Number(limited.headers.get('ratelimit-reset'));
    expect(reset * 1000).toBeGreaterThan(Date.now());
    expect(reset * 1000).toBeLessThanOrEqual(Date.now() + 2000);
    // Other paths do not count; clearing the faults stops it.
    expect((await fetch(`${fake.url}/auth/validate`)).status).toBe(401);
    const more: number[] = [];
    for (let i = 0; i < 3; i++) more.push((await call()).status);
    expect(more).toEqual([200, 200, 429]);
    fake.clearFaults();
    for (let i = 0; i < 3; i++) expect((await call()).status).toBe(200);
  });

  it('has twurple retry a 5xx', async () => {
    const { apiClient } = clientFor(fake.issueUserToken());
    fake.failNext('/mock/streams', 1, { status: 503 });
    const stream = await apiClient.streams.getStreamByUserId(broadcasterId);
    expect(stream?.userName).toBe('kinoyu_sandbox');
    const calls = fake.requests.filter((entry) => entry.path === '/mock/streams');
    expect(calls.map((entry) => entry.status)).toEqual([503, 200]);
  });

  it('checks client id, scopes and the moderator like Helix, and sends rate-limit headers', async () => {
    const token = fake.issueUserToken({ scopes: ['user:read:chat'] });
    const call = (path: string, clientId = fake.clientId) =>
      fetch(`${fake.url}/mock/${path}`, {
        headers: { 'Client-Id': clientId, Authorization: `Bearer ${token.accessToken}` },
      });
    const chatters = `chat/chatters?broadcaster_id=${broadcasterId}&moderator_id=${broadcasterId}`;
    const missingScope = await call(chatters);
    expect(missingScope.status).toBe(401);
    expect(await missingScope.json()).toEqual({
      error: 'Unauthorized',
      status: 401,
      message: 'Missing scope: moderator:read:chatters',
    });
    expect((await call('users', 'y'.repeat(30))).status).toBe(401);
    const users = await call('users');
    expect(users.headers.get('ratelimit-limit')).toBe('800');
    expect(Number(users.headers.get('ratelimit-remaining'))).toBeLessThan(800);
    expect(Number(users.headers.get('ratelimit-reset'))).toBeGreaterThanOrEqual(
      Math.floor(Date.now() / 1000),
    );
    const viewer =
      fake.channel().chatterIds.find((id) => id !== '' && !fake.channel().moderators.has(id)) ?? '';
    const viewerToken = fake.issueUserToken({ userId: viewer });
    const notModerator = await fetch(
      `${fake.url}/mock/chat/chatters?broadcaster_id=${broadcasterId}&moderator_id=${viewer}`,
      {
        headers: { 'Client-Id': fake.clientId, Authorization: `Bearer ${viewerToken.accessToken}` },
      },
    );
    expect(notModerator.status).toBe(403);
  });

  it('serves empty user_id entries when asked to, as Twitch once did', async () => {
    fake.setChatterCount(10, { emptyUserIds: 2 });
    const { apiClient } = clientFor(fake.issueUserToken());
    const page = await apiClient.chat.getChatters(broadcasterId);
    expect(page.total).toBe(10);
    expect(page.data.filter((chatter) => chatter.userId === '')).toHaveLength(2);
    fake.setChatterCount(300, { includeBots: true });
  });

  it('changes the chatter list and says chat messages on its own once the sandbox timers run', async () => {
    const before = [...fake.channel().chatterIds];
    const steps = Array.from({ length: 5 }, () => fake.churnChatters());
    expect(steps.some((step) => step.joined.length + step.left.length > 0)).toBe(true);
    expect(fake.channel().chatterIds).not.toEqual(before);
    const said = fake.chatMessages.length;
    fake.startSandboxActivity({ churnEveryMs: 10, chatEveryMs: 10 });
    try {
      await vi.waitFor(() => expect(fake.chatMessages.length).toBeGreaterThan(said + 2));
    } finally {
      fake.stopSandboxActivity();
    }
    expect(fake.chatMessages.at(-1)).toMatchObject({ via: 'chat', broadcasterId });
  });

  it('slows every page down by the configured delay', async () => {
    const { apiClient } = clientFor(fake.issueUserToken());
    fake.setDelay(20, '/mock/chat/chatters');
    const started = Date.now();
    await apiClient.chat.getChatters(broadcasterId);
    expect(Date.now() - started).toBeGreaterThanOrEqual(20);
  });
});

interface Frame {
  metadata: { message_type: string; message_id: string };
  payload: {
    session: { id: string; keepalive_timeout_seconds: number | null; reconnect_url: string | null };
    event?: Record<string, unknown>;
  };
}

describe('fake Twitch EventSub', () => {
  /** Connects a raw socket and collects its frames. */
  async function connect() {
    const socket = new WebSocket(`ws://127.0.0.1:${fake.port}/ws`);
    const frames: Frame[] = [];
    socket.on('message', (data) => frames.push(JSON.parse(String(data))));
    await vi.waitFor(() => expect(frames[0]?.metadata.message_type).toBe('session_welcome'));
    return { socket, frames, sessionId: frames[0]?.payload.session.id ?? '' };
  }

  it('delivers a duplicated chat notification twice over /ws with the same message id', async () => {
    const { socket, frames, sessionId } = await connect();
    expect(frames[0]?.payload.session.keepalive_timeout_seconds).toBe(10);
    const token = fake.issueUserToken();
    const created = await fetch(`${fake.url}/eventsub/subscriptions`, {
      method: 'POST',
      headers: { 'Client-Id': fake.clientId, Authorization: `Bearer ${token.accessToken}` },
      body: JSON.stringify({
        type: 'channel.chat.message',
        version: '1',
        condition: { broadcaster_user_id: broadcasterId, user_id: broadcasterId },
        transport: { method: 'websocket', session_id: sessionId },
      }),
    });
    expect(created.status).toBe(202);
    expect((await created.json()).data[0]).toMatchObject({ type: 'channel.chat.message', status: 'enabled' });
    const pushed = fake.pushChatMessage({ chatter: 'fulano_de_tal', text: '!claim', deliveries: 2 });
    await vi.waitFor(() => expect(frames).toHaveLength(3));
    const [first, second] = frames.slice(1);
    expect(first?.metadata.message_type).toBe('notification');
    expect(first?.metadata.message_id).toBe(second?.metadata.message_id);
    expect(first?.payload.event).toEqual(second?.payload.event);
    expect(first?.payload.event).toMatchObject({
      message_id: pushed.messageId,
      chatter_user_login: 'fulano_de_tal',
    });
    fake.closeEventSubSocket(sessionId, 4000, 'test');
    await vi.waitFor(() => expect(socket.readyState).toBe(WebSocket.CLOSED));
    expect(fake.eventSubSubscriptions()).toHaveLength(0);
  });

  it('hands a twice-delivered message to an EventSubWsListener handler once (twurple dedupes)', async () => {
    const { apiClient } = clientFor(fake.issueUserToken());
    const listener = new EventSubWsListener({ apiClient, logger: QUIET });
    const texts: string[] = [];
    const subscribed = new Promise((resolve) => listener.onSubscriptionCreateSuccess(resolve));
    listener.onChannelChatMessage(broadcasterId, broadcasterId, (event) => {
      texts.push(`${event.chatterName}: ${event.messageText}`);
    });
    listener.start();
    try {
      await subscribed;
      fake.pushChatMessage({ chatter: 'fulano_de_tal', text: 'primeira', deliveries: 2 });
      fake.pushChatMessage({ chatter: 'fulano_de_tal', text: 'segunda' });
      await vi.waitFor(() => expect(texts).toContain('fulano_de_tal: segunda'));
      expect(texts).toEqual(['fulano_de_tal: primeira', 'fulano_de_tal: segunda']);
    } finally {
      listener.stop();
    }
  });

  it('moves a session to the reconnect URL with its subscriptions, then closes with a code', async () => {
    const { socket, frames, sessionId } = await connect();
    const token = fake.issueUserToken();
    await fetch(`${fake.url}/eventsub/subscriptions`, {
      method: 'POST',
      headers: { 'Client-Id': fake.clientId, Authorization: `Bearer ${token.accessToken}` },
      body: JSON.stringify({
        type: 'channel.chat.message',
        version: '1',
        condition: { broadcaster_user_id: broadcasterId, user_id: broadcasterId },
        transport: { method: 'websocket', session_id: sessionId },
      }),
    });
    expect(fake.sendReconnect(sessionId)).toEqual([sessionId]);
    await vi.waitFor(() => expect(frames.at(-1)?.metadata.message_type).toBe('session_reconnect'));
    const next = new WebSocket(frames.at(-1)?.payload.session.reconnect_url ?? '');
    const nextFrames: Frame[] = [];
    next.on('message', (data) => nextFrames.push(JSON.parse(String(data))));
    await vi.waitFor(() => expect(nextFrames[0]?.payload.session.id).toBe(sessionId));
    socket.close();
    fake.pushChatMessage({ text: 'depois do reconnect' });
    await vi.waitFor(() =>
      expect(nextFrames[1]?.payload.event?.message).toMatchObject({ text: 'depois do reconnect' }),
    );
    const closed = new Promise<number>((resolve) => next.on('close', (code) => resolve(code)));
    fake.closeEventSubSocket(sessionId, 4004, 'reconnect grace time expired');
    expect(await closed).toBe(4004);
  });
});

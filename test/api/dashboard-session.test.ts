import type { InjectOptions } from 'fastify';
import Fastify from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DASHBOARD_COOKIE,
  dashboardSessions,
  sessionIdOf,
  sessionTokenOf,
} from '../../src/api/plugins/dashboard-session.ts';
import { SANDBOX_CHANNEL } from '../../src/sandbox/twitch/index.ts';
import { asService, testConfig } from '../helpers/app.ts';
import { cookieSet, type DashboardBrowser, logInToDashboard } from '../helpers/dashboard-login.ts';
import { useWorld } from '../helpers/world.ts';

const OTHER_STREAMER = { id: '81000001', login: 'outro_canal', displayName: 'Outro_Canal', chatters: 20 };
/** Disconnected by a test: kept apart from the channels the other tests use. */
const LEAVING_STREAMER = { id: '81000002', login: 'canal_saindo', displayName: 'Canal_Saindo', chatters: 5 };
const GUILD = '223456789012345678';

// The dashboard login of SPEC §7 through the real connect flow against the fake Twitch: the session
// cookie, the rule "its own channel only" on every route kind, and CSRF on every state change.
describe('dashboard sessions', () => {
  const world = useWorld({
    twitch: { channels: [SANDBOX_CHANNEL, OTHER_STREAMER, LEAVING_STREAMER] },
    app: true,
  });
  let streamer: DashboardBrowser;
  let other: DashboardBrowser;
  const own = SANDBOX_CHANNEL.login;
  const foreign = OTHER_STREAMER.login;

  const asBrowser = (browser: DashboardBrowser, withToken = true) => ({
    cookie: browser.cookie,
    ...(withToken && { 'x-csrf-token': browser.csrfToken }),
  });
  const call = (options: InjectOptions) => world.app.inject(options);
  const itemsOf = async (login: string) =>
    (await call({ method: 'GET', url: `/api/v1/channels/${login}/items`, headers: asService })).json().items;

  beforeAll(async () => {
    streamer = await logInToDashboard(world.app, world.twitch, { twitchUserId: SANDBOX_CHANNEL.id });
    other = await logInToDashboard(world.app, world.twitch, { twitchUserId: OTHER_STREAMER.id });
  });

  it('logs in through Twitch: an HttpOnly, SameSite=Lax session cookie and a redirect to the dashboard', async () => {
    expect(streamer.callback.statusCode).toBe(302);
    expect(streamer.callback.headers.location).toBe('/');
    const cookie = cookieSet(streamer.callback, DASHBOARD_COOKIE);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/', maxAge: 7 * 24 * 3600 });
    expect(cookie?.secure).toBeFalsy();
    const whoAmI = await call({ method: 'GET', url: '/auth/session', headers: { cookie: streamer.cookie } });
    expect(whoAmI.statusCode).toBe(200);
    expect(whoAmI.json()).toMatchObject({ channel: own, csrfToken: expect.any(String) });
    expect(whoAmI.headers['cache-control']).toBe('no-store');
  });

  it('marks the cookie Secure when PUBLIC_URL is https', async () => {
    const tiny = Fastify();
    const config = testConfig({ PUBLIC_URL: 'https://kinoyu.example' });
    await tiny.register(dashboardSessions(config, world.services.dashboardSessions));
    const channelId = (await world.services.channels.findByLogin(own))?.id ?? 0;
    tiny.get('/in', async (_request, reply) => {
      await reply.startDashboardSession(channelId);
      return 'ok';
    });
    const response = await tiny.inject({ method: 'GET', url: '/in' });
    await tiny.close();
    expect(cookieSet(response, DASHBOARD_COOKIE)?.secure).toBe(true);
  });

  it('opens no session when the callback comes back to another browser (login CSRF)', async () => {
    const elsewhere = await logInToDashboard(world.app, world.twitch, { keepLoginCookie: false });
    expect(cookieSet(elsewhere.callback, DASHBOARD_COOKIE)).toBeUndefined();
    expect(elsewhere.callback.statusCode).toBe(200);
    expect(elsewhere.callback.body).toContain('data-outcome="connected"');
  });

  it('keeps the "connected" page, and opens no session, for a connection from a Discord link', async () => {
    const minted = await call({ method: 'POST', url: `/api/v1/discord/${GUILD}/link`, headers: asService });
    const link = new URL(minted.json().url);
    const fromDiscord = await logInToDashboard(world.app, world.twitch, {
      loginUrl: `${link.pathname}${link.search}`,
    });
    expect(fromDiscord.callback.statusCode).toBe(200);
    expect(fromDiscord.callback.body).toContain('data-outcome="connected"');
    expect(cookieSet(fromDiscord.callback, DASHBOARD_COOKIE)).toBeUndefined();
  });

  it('reads and changes its own channel with the CSRF token', async () => {
    const read = await call({
      method: 'GET',
      url: `/api/v1/channels/${own}`,
      headers: asBrowser(streamer, false),
    });
    expect(read.statusCode).toBe(200);
    expect(read.json().login).toBe(own);
    const added = await call({
      method: 'POST',
      url: `/api/v1/channels/${own}/items`,
      headers: asBrowser(streamer),
      payload: { text: 'skin dourada:50, chave:5x2' },
    });
    expect(added.statusCode).toBe(201);
    const patched = await call({
      method: 'PATCH',
      url: `/api/v1/channels/${own}/settings`,
      headers: asBrowser(streamer),
      payload: { cooldownMinutes: 12 },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().settings.cooldownMinutes).toBe(12);
  });

  it('cannot read or change another channel, on any route, and changes nothing there', async () => {
    await call({
      method: 'POST',
      url: `/api/v1/channels/${foreign}/items`,
      headers: asService,
      payload: { text: 'camisa:10' },
    });
    const drawn = await call({
      method: 'POST',
      url: `/api/v1/channels/${foreign}/raffles`,
      headers: asService,
      payload: {
        entrants: [
          { userId: '1', login: 'ana' },
          { userId: '2', login: 'bia' },
        ],
      },
    });
    expect(drawn.statusCode).toBe(201);
    const foreignRaffle = drawn.json().raffleId;
    const itemId = (await itemsOf(foreign))[0].id;
    const before = {
      items: await itemsOf(foreign),
      channel: (await call({ method: 'GET', url: `/api/v1/channels/${foreign}`, headers: asService })).json(),
    };

    const attempts: InjectOptions[] = [
      { method: 'GET', url: `/api/v1/channels/${foreign}` },
      { method: 'PATCH', url: `/api/v1/channels/${foreign}/settings`, payload: { cooldownMinutes: 99 } },
      { method: 'GET', url: `/api/v1/channels/${foreign}/items` },
      { method: 'POST', url: `/api/v1/channels/${foreign}/items`, payload: { text: 'roubado:1' } },
      { method: 'DELETE', url: `/api/v1/channels/${foreign}/items/${itemId}` },
      { method: 'DELETE', url: `/api/v1/channels/${foreign}/items` },
      { method: 'GET', url: `/api/v1/channels/${foreign}/chatters` },
      { method: 'POST', url: `/api/v1/channels/${foreign}/session`, payload: { intervalSeconds: 5 } },
      { method: 'GET', url: `/api/v1/channels/${foreign}/session` },
      { method: 'DELETE', url: `/api/v1/channels/${foreign}/session` },
      { method: 'POST', url: `/api/v1/channels/${foreign}/raffles`, payload: { winners: 1 } },
      { method: 'GET', url: `/api/v1/channels/${foreign}/raffles` },
      { method: 'POST', url: `/api/v1/raffles/${foreignRaffle}/reroll`, payload: { position: 1 } },
      { method: 'GET', url: `/api/v1/channels/${foreign}/overlay-key` },
      { method: 'POST', url: `/api/v1/channels/${foreign}/overlay-key` },
      { method: 'GET', url: `/api/v1/channels/${foreign}/events` },
      { method: 'GET', url: '/api/v1/channels/nobody_here/items' },
    ];
    for (const attempt of attempts) {
      const response = await call({ ...attempt, headers: asBrowser(streamer) });
      expect({ route: `${attempt.method} ${attempt.url}`, status: response.statusCode }).toEqual({
        route: `${attempt.method} ${attempt.url}`,
        status: 403,
      });
      expect(response.json().code).toBe('forbidden_channel');
    }

    expect(await itemsOf(foreign)).toEqual(before.items);
    const after = await call({ method: 'GET', url: `/api/v1/channels/${foreign}`, headers: asService });
    expect(after.json()).toEqual(before.channel);
    const raffle = await call({
      method: 'GET',
      url: `/api/v1/channels/${foreign}/raffles`,
      headers: asService,
    });
    expect(raffle.json().raffles[0].winners).toEqual(drawn.json().winners);
  });

  it('stays out of the routes that name no channel (service token only)', async () => {
    for (const attempt of [
      { method: 'GET', url: '/api/v1/events' },
      { method: 'GET', url: `/api/v1/discord/${GUILD}` },
      { method: 'PATCH', url: `/api/v1/discord/${GUILD}`, payload: { language: 'en' } },
      { method: 'POST', url: `/api/v1/discord/${GUILD}/link` },
    ] as InjectOptions[]) {
      const response = await call({ ...attempt, headers: asBrowser(streamer) });
      expect({ route: attempt.url, status: response.statusCode }).toEqual({
        route: attempt.url,
        status: 401,
      });
    }
  });

  it("refuses a state change without the CSRF token, or with another session's, and changes nothing", async () => {
    const before = await itemsOf(own);
    const settingsBefore = (
      await call({ method: 'GET', url: `/api/v1/channels/${own}`, headers: asService })
    ).json().settings;
    const forged: InjectOptions[] = [
      { method: 'POST', url: `/api/v1/channels/${own}/items`, payload: { text: 'forjado:1' } },
      { method: 'PATCH', url: `/api/v1/channels/${own}/settings`, payload: { cooldownMinutes: 77 } },
      { method: 'DELETE', url: `/api/v1/channels/${own}/items` },
      { method: 'POST', url: `/api/v1/channels/${own}/session`, payload: { intervalSeconds: 5 } },
      { method: 'POST', url: `/api/v1/channels/${own}/raffles`, payload: { winners: 1 } },
      { method: 'POST', url: `/api/v1/channels/${own}/overlay-key` },
    ];
    for (const token of [undefined, other.csrfToken, 'not-a-token']) {
      for (const attempt of forged) {
        const response = await call({
          ...attempt,
          headers: { cookie: streamer.cookie, ...(token && { 'x-csrf-token': token }) },
        });
        expect({ route: `${attempt.method} ${attempt.url}`, status: response.statusCode }).toEqual({
          route: `${attempt.method} ${attempt.url}`,
          status: 403,
        });
        expect(response.json().code).toBe('csrf_invalid');
      }
    }
    expect(await itemsOf(own)).toEqual(before);
    const settingsAfter = (
      await call({ method: 'GET', url: `/api/v1/channels/${own}`, headers: asService })
    ).json().settings;
    expect(settingsAfter).toEqual(settingsBefore);
    const session = await call({ method: 'GET', url: `/api/v1/channels/${own}/session`, headers: asService });
    expect(session.json().active).toBe(false);
  });

  it('starts and stops the automatic session, and draws, with the token', async () => {
    const started = await call({
      method: 'POST',
      url: `/api/v1/channels/${own}/session`,
      headers: asBrowser(streamer),
      payload: { intervalSeconds: 600 },
    });
    expect(started.statusCode).toBe(201);
    const stopped = await call({
      method: 'DELETE',
      url: `/api/v1/channels/${own}/session`,
      headers: asBrowser(streamer),
    });
    expect(stopped.statusCode).toBe(200);
    expect(stopped.json().stopReason).toBe('stopped_by_user');
    const published: string[] = [];
    const unsubscribe = world.services.events.subscribe((event) => {
      if (event.type === 'raffle.drawn') published.push(event.trigger);
    });
    const drawn = await call({
      method: 'POST',
      url: `/api/v1/channels/${own}/raffles`,
      headers: asBrowser(streamer),
      payload: { winners: 1 },
    });
    unsubscribe();
    expect(drawn.statusCode).toBe(201);
    // SPEC §7: a draw made on the dashboard is announced with trigger "dashboard".
    expect(published).toEqual(['dashboard']);
    const rerolled = await call({
      method: 'POST',
      url: `/api/v1/raffles/${drawn.json().raffleId}/reroll`,
      headers: asBrowser(streamer),
      payload: { position: 1 },
    });
    expect(rerolled.statusCode).toBe(200);
  });

  it('needs no CSRF token with the service token, even when a cookie comes along', async () => {
    const response = await call({
      method: 'PATCH',
      url: `/api/v1/channels/${foreign}/settings`,
      headers: { ...asService, cookie: streamer.cookie },
      payload: { cooldownMinutes: 3 },
    });
    expect(response.statusCode).toBe(200);
  });

  it('treats a cookie with a forged value or signature as no login', async () => {
    const [value = '', signature = ''] = decodeURIComponent(streamer.cookie.split('=')[1] ?? '').split(
      /\.(?=[^.]*$)/,
    );
    const forgedValue = value.replace(/^v2:.{4}/, 'v2:AAAA');
    for (const cookie of [
      `${DASHBOARD_COOKIE}=${encodeURIComponent(`${forgedValue}.${signature}`)}`,
      `${DASHBOARD_COOKIE}=${encodeURIComponent(`${value}.AAAA${signature.slice(4)}`)}`,
      `${DASHBOARD_COOKIE}=${encodeURIComponent(value)}`,
    ]) {
      const response = await call({ method: 'GET', url: `/api/v1/channels/${own}`, headers: { cookie } });
      expect(response.statusCode).toBe(401);
      const whoAmI = await call({ method: 'GET', url: '/auth/session', headers: { cookie } });
      expect(whoAmI.json().code).toBe('not_logged_in');
    }
  });

  it('reads no session token from a malformed value, nor from the stateless v1 cookies of before', () => {
    const token = 'A'.repeat(43);
    expect(sessionTokenOf(`v2:${token}`)).toBe(token);
    expect(sessionTokenOf(`v2:${token}A`)).toBeNull();
    expect(sessionTokenOf(`v2:${'A'.repeat(42)}.`)).toBeNull();
    expect(sessionTokenOf(`v1:7:${Math.floor(Date.now() / 1000) + 60}:secret`)).toBeNull();
    expect(sessionTokenOf('')).toBeNull();
  });

  it('treats a login whose server-side record expired as no login', async () => {
    const session = await logInToDashboard(world.app, world.twitch, { twitchUserId: SANDBOX_CHANNEL.id });
    const token = sessionTokenOf(decodeURIComponent(session.sessionCookie).replace(/\.[^.]*$/, '')) ?? '';
    const expired = await world.database.db
      .updateTable('dashboard_sessions')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('token_hash', '=', sessionIdOf(token))
      .executeTakeFirst();
    expect(Number(expired.numUpdatedRows)).toBe(1);
    const whoAmI = await call({ method: 'GET', url: '/auth/session', headers: { cookie: session.cookie } });
    expect(whoAmI.statusCode).toBe(401);
    expect(whoAmI.json().code).toBe('not_logged_in');
  });

  it('logs out with the token, and the cookie is cleared', async () => {
    const session = await logInToDashboard(world.app, world.twitch, { twitchUserId: SANDBOX_CHANNEL.id });
    const forged = await call({ method: 'POST', url: '/auth/logout', headers: { cookie: session.cookie } });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().code).toBe('csrf_invalid');
    const out = await call({ method: 'POST', url: '/auth/logout', headers: asBrowser(session) });
    expect(out.statusCode).toBe(204);
    const cleared = cookieSet(out, DASHBOARD_COOKIE);
    expect(cleared?.value).toBe('');
    expect(cleared?.maxAge).toBe(0);
    const whoAmI = await call({
      method: 'GET',
      url: '/auth/session',
      headers: { cookie: `${DASHBOARD_COOKIE}=` },
    });
    expect(whoAmI.statusCode).toBe(401);
  });

  it('ends the session on the server at logout: the old cookie and its CSRF token get 401 and change nothing', async () => {
    const session = await logInToDashboard(world.app, world.twitch, { twitchUserId: SANDBOX_CHANNEL.id });
    const before = await itemsOf(own);
    const out = await call({ method: 'POST', url: '/auth/logout', headers: asBrowser(session) });
    expect(out.statusCode).toBe(204);

    // A copy of the cookie kept after logout (another tab, a stolen copy) opens nothing any more.
    const whoAmI = await call({ method: 'GET', url: '/auth/session', headers: { cookie: session.cookie } });
    expect(whoAmI.statusCode).toBe(401);
    expect(whoAmI.json().code).toBe('not_logged_in');
    for (const attempt of [
      { method: 'GET', url: `/api/v1/channels/${own}` },
      { method: 'POST', url: `/api/v1/channels/${own}/items`, payload: { text: 'depois do logout:1' } },
      { method: 'GET', url: `/api/v1/channels/${own}/events` },
    ] as InjectOptions[]) {
      const response = await call({ ...attempt, headers: asBrowser(session) });
      expect({ route: `${attempt.method} ${attempt.url}`, status: response.statusCode }).toEqual({
        route: `${attempt.method} ${attempt.url}`,
        status: 401,
      });
    }
    expect(await itemsOf(own)).toEqual(before);
    const page = await call({ method: 'GET', url: '/', headers: { cookie: session.cookie } });
    expect(page.body).toContain('data-page="welcome"');
    // Logging out ended that login only: the streamer's other browser stays in.
    const stillIn = await call({ method: 'GET', url: '/auth/session', headers: { cookie: streamer.cookie } });
    expect(stillIn.statusCode).toBe(200);
  });

  it("ends every dashboard session of a channel when it disconnects from Twitch, and no other channel's", async () => {
    const first = await logInToDashboard(world.app, world.twitch, { twitchUserId: LEAVING_STREAMER.id });
    const second = await logInToDashboard(world.app, world.twitch, { twitchUserId: LEAVING_STREAMER.id });
    for (const browser of [first, second]) {
      const whoAmI = await call({ method: 'GET', url: '/auth/session', headers: { cookie: browser.cookie } });
      expect(whoAmI.json().channel).toBe(LEAVING_STREAMER.login);
    }
    const disconnected = await call({
      method: 'DELETE',
      url: `/api/v1/channels/${LEAVING_STREAMER.login}/twitch`,
      headers: asBrowser(first),
    });
    expect(disconnected.statusCode).toBe(200);

    for (const browser of [first, second]) {
      const whoAmI = await call({ method: 'GET', url: '/auth/session', headers: { cookie: browser.cookie } });
      expect(whoAmI.statusCode).toBe(401);
      const read = await call({
        method: 'GET',
        url: `/api/v1/channels/${LEAVING_STREAMER.login}`,
        headers: asBrowser(browser),
      });
      expect(read.statusCode).toBe(401);
    }
    const otherChannel = await call({
      method: 'GET',
      url: '/auth/session',
      headers: { cookie: other.cookie },
    });
    expect(otherChannel.statusCode).toBe(200);
  });
});

import { describe, expect, it } from 'vitest';
import { answerConsentPage, signInAsViewer } from '../helpers/twitch-consent.ts';
import { useWorld } from '../helpers/world.ts';

// SPEC §2.8: the viewers' sign-in of the claim page is its own flow (no scopes, a signed single-use
// state, its own cookie), and it never becomes a way into the streamer's dashboard or another site.
describe('viewer sign-in', () => {
  const world = useWorld({ twitch: true, app: true, sandboxChannel: true });
  const viewerId = () => world.twitch.channel().chatterIds.find((id) => /^\d+$/.test(id)) ?? '';

  it('asks Twitch for no scope, signs the chosen viewer in and lands on next', async () => {
    const login = await world.app.inject({ method: 'GET', url: '/auth/twitch/viewer/login?next=/resgatar' });
    expect(login.statusCode).toBe(302);
    const authorize = new URL(String(login.headers.location));
    expect(authorize.searchParams.get('scope')).toBe('');
    expect(authorize.searchParams.get('redirect_uri')).toBe('http://kinoyu.test/auth/twitch/viewer/callback');
    const back = await answerConsentPage(authorize.toString(), 'authorize', viewerId());
    const callback = await world.app.inject({ method: 'GET', url: `${back.pathname}${back.search}` });
    expect(callback.statusCode).toBe(302);
    expect(callback.headers.location).toBe('/resgatar');
    const cookie = [callback.cookies].flat().find((entry) => entry.name === 'kinoyu_viewer');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    // The same callback again: its state is spent.
    const replay = await world.app.inject({ method: 'GET', url: `${back.pathname}${back.search}` });
    expect(replay.headers.location).toBe('/resgatar?signin=invalid_state');
    expect([replay.cookies].flat().some((entry) => entry.name === 'kinoyu_viewer')).toBe(false);

    // The viewer's cookie opens the viewer's routes only, never the dashboard.
    const headers = { cookie: `kinoyu_viewer=${cookie?.value}` };
    const prizes = await world.app.inject({ method: 'GET', url: '/api/v1/viewer/prizes', headers });
    expect(prizes.json().viewer.userId).toBe(viewerId());
    expect((await world.app.inject({ method: 'GET', url: '/auth/session', headers })).statusCode).toBe(401);
    const channel = await world.app.inject({
      method: 'GET',
      url: `/api/v1/channels/${world.channel.login}`,
      headers,
    });
    expect(channel.statusCode).toBe(401);
  });

  it('lands back with the reason when the viewer cancels, and opens no session', async () => {
    const login = await world.app.inject({
      method: 'GET',
      url: `/auth/twitch/viewer/login?next=${encodeURIComponent('/vincular?link=abc')}`,
    });
    const back = await answerConsentPage(String(login.headers.location), 'cancel');
    const callback = await world.app.inject({ method: 'GET', url: `${back.pathname}${back.search}` });
    expect(callback.headers.location).toBe('/vincular?link=abc&signin=denied');
    expect([callback.cookies].flat().some((entry) => entry.name === 'kinoyu_viewer')).toBe(false);
  });

  it('refuses to send the viewer anywhere but the claim and account-link pages', async () => {
    for (const next of ['https://evil.example/', '//evil.example/resgatar', '/auth/session', '/resgatar#x']) {
      const response = await world.app.inject({
        method: 'GET',
        url: `/auth/twitch/viewer/login?next=${encodeURIComponent(next)}`,
      });
      expect(response.statusCode, next).toBe(400);
    }
  });

  it('reads a forged or expired session cookie as no session, and signs out with the CSRF token only', async () => {
    const forged = await world.app.inject({
      method: 'GET',
      url: '/api/v1/viewer/prizes',
      headers: { cookie: 'kinoyu_viewer=eyJ1IjoiMSJ9.AAAA' },
    });
    expect(forged.statusCode).toBe(401);
    expect(forged.json().code).toBe('viewer_not_logged_in');
    const cookie = await signInAsViewer(world.app, viewerId());
    const refused = await world.app.inject({
      method: 'POST',
      url: '/auth/twitch/viewer/logout',
      headers: { cookie },
    });
    expect(refused.statusCode).toBe(403);
    const { csrfToken } = (
      await world.app.inject({ method: 'GET', url: '/api/v1/viewer/prizes', headers: { cookie } })
    ).json();
    const out = await world.app.inject({
      method: 'POST',
      url: '/auth/twitch/viewer/logout',
      headers: { cookie, 'x-csrf-token': csrfToken },
    });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/kinoyu_viewer=;/);
  });
});

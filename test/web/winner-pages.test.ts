import { beforeAll, describe, expect, it } from 'vitest';
import { loadWebAssets } from '../../src/web/server/assets.ts';
import { asService } from '../helpers/app.ts';
import { useWorld } from '../helpers/world.ts';
import { signInAsViewer, type ViewerBrowser } from './viewer-sign-in.ts';

// The winner's pages before signing in (SPEC §2.8): /resgatar explains and offers the viewer sign-in;
// /vincular refuses a missing or forged link with the invalid-link page. Nothing here is cached.
describe('the winner pages for a visitor who is not signed in', () => {
  const world = useWorld({ app: true });
  const get = (url: string, headers: Record<string, string> = {}) =>
    world.app.inject({ method: 'GET', url, headers });

  it('/resgatar explains the page and signs in with Twitch, back to /resgatar', async () => {
    const response = await get('/resgatar');
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toContain('<html lang="pt-BR">');
    expect(response.body).toContain('data-signed-in="false"');
    expect(response.body).toContain('Entrar com a Twitch');
    expect(response.body).toContain('href="http://kinoyu.test/auth/twitch/viewer/login?next=%2Fresgatar"');
    // No list, no script: there is nothing to load without a viewer.
    const assets = await loadWebAssets();
    expect(response.body).not.toContain(assets.url('claim.js'));
    expect(response.body).toContain(assets.url('claim.css'));
  });

  it('/resgatar speaks English with ?lang=en or an English browser, and keeps the language through the sign-in', async () => {
    for (const response of [
      await get('/resgatar?lang=en'),
      await get('/resgatar', { 'accept-language': 'en-US,en;q=0.9' }),
    ]) {
      expect(response.body).toContain('<html lang="en">');
      expect(response.body).toContain('Sign in with Twitch');
      expect(response.body).toContain('/auth/twitch/viewer/login?next=%2Fresgatar&amp;lang=en');
    }
  });

  it('says why a sign-in that came back did not happen, and ignores an unknown reason', async () => {
    const denied = await get('/resgatar?signin=denied');
    expect(denied.body).toContain(
      '<p class="sign-in-notice" role="alert">Você cancelou a entrada com a Twitch.',
    );
    const english = await get('/resgatar?signin=invalid_state&lang=en');
    expect(english.body).toContain('The Twitch sign-in took too long or was opened twice.');
    for (const reason of ['constructor', 'toString', 'signed_in', '<b>x</b>']) {
      const response = await get(`/resgatar?signin=${encodeURIComponent(reason)}`);
      expect(response.statusCode).toBe(200);
      expect(response.body).not.toContain('sign-in-notice');
    }
  });

  it('/vincular without a link, or with a forged one, answers the invalid-link page with 400', async () => {
    for (const url of [
      '/vincular',
      '/vincular?link=',
      '/vincular?link=forged.link',
      `/vincular?link=${'a'.repeat(3000)}`,
    ]) {
      const response = await get(url);
      expect({ url, status: response.statusCode }).toEqual({ url, status: 400 });
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
      expect(response.body).toContain('data-outcome="invalid_link"');
      expect(response.body).toContain('Este link não vale mais');
    }
    const english = await get('/vincular?link=forged.link&lang=en');
    expect(english.statusCode).toBe(400);
    expect(english.body).toContain('This link no longer works');
  });
});

// The same pages for a viewer signed in with Twitch: the claim page greets them and carries only a
// CSRF token (their prizes, and any code, load in the browser); the account-link page asks before it
// links, and viewing it spends nothing.
describe('the winner pages for a signed-in viewer', () => {
  const world = useWorld({ twitch: true, app: true, sandboxChannel: true });
  const CODE = 'INJECT-CODE-0001';
  const GUILD = '223456789012345678';
  const DISCORD_USER = '876543210987654322';
  let winner: { userId: string; login: string };
  let signedIn: ViewerBrowser;
  let linkPath: string;

  const asServiceCall = async (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) => {
    const response = await world.app.inject({ method, url, headers: asService, payload: payload as never });
    if (response.statusCode >= 300)
      throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
    return response.json();
  };

  beforeAll(async () => {
    const login = world.channel.login;
    world.twitch.setChatterCount(3);
    const { items } = await asServiceCall('POST', `/api/v1/channels/${login}/items`, { text: 'chave:1' });
    await asServiceCall('POST', `/api/v1/channels/${login}/items/${items[0].id}/codes`, { codes: [CODE] });
    await asServiceCall('PATCH', `/api/v1/channels/${login}/settings`, { claimEnabled: false });
    const raffle = await asServiceCall('POST', `/api/v1/channels/${login}/raffles`, { winners: 1 });
    winner = raffle.winners[0];
    signedIn = await signInAsViewer(world.app, world.twitch, winner.userId);
    await world.services.discordLinks.link(GUILD, world.channel.id);
    const { url } = await asServiceCall('POST', `/api/v1/discord/${GUILD}/users/${DISCORD_USER}/link`, {
      username: 'ana<b>discord</b>',
    });
    linkPath = `${new URL(url).pathname}${new URL(url).search}`;
  });

  const get = (url: string, cookie?: string) =>
    world.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });

  it('the sign-in comes back to /resgatar', () => {
    expect(signedIn.callback.statusCode).toBe(302);
    expect(signedIn.callback.headers.location).toMatch(/\/resgatar$/);
  });

  it('/resgatar greets the viewer, never cached, with no prize or code in the HTML', async () => {
    const response = await get('/resgatar', signedIn.cookie);
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).toContain('data-signed-in="true"');
    expect(response.body).toMatch(/<h1 id="hello">Olá, [^<]+<\/h1>/);
    expect(response.body).toContain(winner.login);
    expect(response.body).not.toContain(CODE);
    expect(response.body).not.toContain('chave');
    const data = JSON.parse(/id="page-data">(.*?)<\/script>/s.exec(response.body)?.[1] ?? '{}');
    expect(data).toMatchObject({ language: 'pt-BR', csrfToken: expect.any(String) });
    const english = await get('/resgatar?lang=en', signedIn.cookie);
    expect(english.body).toMatch(/<h1 id="hello">Hi, /);
    expect(english.body).toContain('Sign out');
  });

  it('/vincular names the Discord account (as text) before and after signing in, and spends nothing', async () => {
    const visitor = await get(linkPath);
    expect(visitor.statusCode).toBe(200);
    expect(visitor.headers['cache-control']).toBe('no-store');
    expect(visitor.headers['referrer-policy']).toBe('no-referrer');
    expect(visitor.body).toContain('ana&lt;b&gt;discord&lt;/b&gt;');
    expect(visitor.body).toContain(`(id ${DISCORD_USER})`);
    const next = encodeURIComponent(linkPath);
    expect(visitor.body).toContain(`/auth/twitch/viewer/login?next=${next}`);
    const denied = await get(`${linkPath}&signin=denied`);
    expect(denied.body).toContain('Você cancelou a entrada com a Twitch.');

    const viewer = await get(linkPath, signedIn.cookie);
    expect(viewer.statusCode).toBe(200);
    expect(viewer.body).toContain(
      `Vincular o Discord ana&lt;b&gt;discord&lt;/b&gt; à Twitch ${winner.login}?`,
    );
    // Looking twice spent nothing: the confirmation still links.
    const data = JSON.parse(/id="page-data">(.*?)<\/script>/s.exec(viewer.body)?.[1] ?? '{}');
    const confirm = await world.app.inject({
      method: 'POST',
      url: '/api/v1/viewer/account-link',
      headers: { cookie: signedIn.cookie, 'x-csrf-token': data.csrfToken },
      payload: { link: data.link },
    });
    expect(confirm.statusCode).toBe(200);
    expect(confirm.json()).toMatchObject({ discordUserId: DISCORD_USER, twitchLogin: winner.login });
  });
});

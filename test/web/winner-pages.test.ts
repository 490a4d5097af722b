import { describe, expect, it } from 'vitest';
import { loadWebAssets } from '../../src/web/server/assets.ts';
import { useWorld } from '../helpers/world.ts';

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

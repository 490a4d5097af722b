import { describe, expect, it } from 'vitest';
import { asService } from '../helpers/app.ts';
import { useWorld } from '../helpers/world.ts';

/** Every GET route of the app, read from Fastify's own route tree (`printRoutes`). */
function getRoutes(tree: string): string[] {
  const paths: string[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([│ ]*)[├└]── (.+) \(([^)]*)\)$/.exec(line);
    if (!match) continue;
    const [, indent = '', segment = '', methods = ''] = match;
    const depth = indent.length / 4;
    stack.length = depth;
    const path = `${stack[depth - 1] ?? ''}${segment}`;
    stack.push(path);
    if (methods.split(', ').includes('GET')) paths.push(path.replace(/\/{2,}/g, '/'));
  }
  return paths;
}

/** The parameters a route takes, filled in with values that exist or not: each page has an error page too. */
function fillIn(path: string, login: string): string {
  return path
    .replace(':login', login)
    .replace(':channel', login)
    .replace(':raffleId', '999999')
    .replace(':id', '999999')
    .replace(':guildId', '123456789012345678')
    .replace(':file', 'missing.css')
    .replace('*', 'missing');
}

// SPEC §9 / the pages' Content-Security-Policy: every HTML answer, whichever route makes it, carries
// the site's security headers. The routes are read from the app itself, so a new page cannot be
// forgotten here; a few query strings add the result pages that only some inputs reach.
describe('security headers on every page', () => {
  const world = useWorld({ twitch: true, app: true, sandboxChannel: true });

  it('sends the CSP (no inline script, no framing), nosniff and a referrer policy with every HTML answer', async () => {
    const routes = getRoutes(world.app.printRoutes({ commonPrefix: false }));
    expect(routes).toEqual(
      expect.arrayContaining(['/', '/auth/twitch/callback', '/overlay/:channel', '/docs/']),
    );
    // Event streams answer text/event-stream and never end: the one kind of GET left out.
    const pageRoutes = routes.filter((route) => !route.endsWith('/events'));
    const urls = [
      ...pageRoutes.map((route) => fillIn(route, world.channel.login)),
      '/auth/twitch/login?link=forged.link',
      '/auth/twitch/callback?state=forged.state&code=abc',
      '/auth/twitch/callback?error=access_denied',
      '/overlay/nobody_here?key=wrong',
      '/r/1',
      '/?lang=en',
    ];
    const pages: string[] = [];
    for (const url of urls) {
      for (const headers of [{}, asService]) {
        const response = await world.app.inject({ method: 'GET', url, headers });
        if (!String(response.headers['content-type']).startsWith('text/html')) continue;
        pages.push(url);
        const policy = String(response.headers['content-security-policy'] ?? '');
        expect({ url, policy }).toEqual({ url, policy: expect.stringContaining("default-src 'self'") });
        expect({ url, policy }).toEqual({ url, policy: expect.stringContaining("frame-ancestors 'none'") });
        expect({ url, policy }).toEqual({
          url,
          policy: expect.not.stringMatching(/unsafe-inline|unsafe-eval/),
        });
        expect({ url, nosniff: response.headers['x-content-type-options'] }).toEqual({
          url,
          nosniff: 'nosniff',
        });
        // same-origin, or no-referrer where the address holds a secret (the overlay's key).
        expect({ url, referrer: response.headers['referrer-policy'] }).toEqual({
          url,
          referrer: expect.stringMatching(/^(same-origin|no-referrer)$/),
        });
      }
    }
    // The walk did reach the pages: the dashboard, an overlay, a proof, the Twitch results, the docs.
    for (const expected of [
      '/',
      '/auth/twitch/callback',
      '/auth/twitch/login?link=forged.link',
      '/docs/',
      '/r/1',
    ])
      expect(pages).toContain(expected);
    expect(pages.some((url) => url.startsWith('/overlay/'))).toBe(true);
  });
});

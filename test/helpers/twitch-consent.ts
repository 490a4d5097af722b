import type { FastifyInstance } from 'fastify';
import type { FakeTwitch } from '../../src/sandbox/twitch/index.ts';

/**
 * Opens the fake Twitch's consent page at `authorizeUrl` and answers it as a streamer would; returns
 * the URL Twitch sends the browser back to (KinoYu's callback, with code and state, or the denial).
 */
export async function answerConsentPage(
  authorizeUrl: string,
  decision: 'authorize' | 'cancel' = 'authorize',
  /** The account to pick (a viewer's id or login on a viewer sign-in); the page's first by default. */
  account?: string,
): Promise<URL> {
  const page = await (await fetch(authorizeUrl)).text();
  const answer = await fetch(`${new URL(authorizeUrl).origin}/auth/authorize/decision`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      consent: /name="consent" value="([^"]+)"/.exec(page)?.[1] ?? '',
      account: account ?? /name="account" value="([^"]+)"/.exec(page)?.[1] ?? '',
      decision,
      lang: 'pt-BR',
    }),
  });
  return new URL(answer.headers.get('location') ?? '');
}

/**
 * Follows `/auth/twitch/login…` (through inject) to the fake Twitch's consent page and answers it;
 * returns the callback path (with code and state) Twitch sends the browser back to.
 */
export async function consentOnFakeTwitch(
  app: FastifyInstance,
  _fake: FakeTwitch,
  loginUrl: string,
  decision: 'authorize' | 'cancel' = 'authorize',
): Promise<string> {
  const login = await app.inject({ method: 'GET', url: loginUrl });
  if (login.statusCode !== 302) throw new Error(`login answered ${login.statusCode}: ${login.body}`);
  const back = await answerConsentPage(String(login.headers.location), decision);
  return `${back.pathname}${back.search}`;
}

/** The whole dashboard-style connect flow (no Discord link); returns the callback's response. */
export async function connectThroughTwitch(app: FastifyInstance, fake: FakeTwitch) {
  const callback = await consentOnFakeTwitch(app, fake, '/auth/twitch/login');
  return app.inject({ method: 'GET', url: callback });
}

/**
 * Signs a viewer in on the claim page through the fake Twitch (no scopes, the consent page picks
 * `viewer`, an id or a login); returns the `cookie` header value of the viewer session.
 */
export async function signInAsViewer(
  app: FastifyInstance,
  viewer: string,
  next = '/resgatar',
): Promise<string> {
  const login = await app.inject({
    method: 'GET',
    url: `/auth/twitch/viewer/login?next=${encodeURIComponent(next)}`,
  });
  if (login.statusCode !== 302) throw new Error(`viewer login answered ${login.statusCode}: ${login.body}`);
  const back = await answerConsentPage(String(login.headers.location), 'authorize', viewer);
  const callback = await app.inject({ method: 'GET', url: `${back.pathname}${back.search}` });
  const cookie = [callback.cookies].flat().find((entry) => entry.name === 'kinoyu_viewer');
  if (callback.statusCode !== 302 || !cookie) {
    throw new Error(
      `viewer callback answered ${callback.statusCode} without a session: ${callback.headers.location}`,
    );
  }
  return `kinoyu_viewer=${cookie.value}`;
}

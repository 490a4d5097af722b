import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { FakeTwitch } from '../../src/sandbox/twitch/index.ts';

/** A browser's dashboard login: the cookies to send and the CSRF token of its pages. */
export interface DashboardBrowser {
  /** `kinoyu_session=…`, for a `cookie` header. */
  readonly cookie: string;
  readonly sessionCookie: string;
  readonly csrfToken: string;
  /** The callback's answer (a redirect to `/` when the login worked). */
  readonly callback: LightMyRequestResponse;
}

/** The value a response sets for cookie `name` (undefined when it sets none). */
export function cookieSet(response: LightMyRequestResponse, name: string) {
  return response.cookies.find((cookie) => cookie.name === name);
}

/**
 * Plays a browser through "Entrar com a Twitch": GET /auth/twitch/login (keeping its cookie), the fake
 * Twitch's consent page answered for `twitchUserId` (default: the first account offered), and the
 * callback sent back with the cookie. Returns the session cookie and a CSRF token from /auth/session.
 */
export async function logInToDashboard(
  app: FastifyInstance,
  fake: FakeTwitch,
  options: { twitchUserId?: string; loginUrl?: string; keepLoginCookie?: boolean } = {},
): Promise<DashboardBrowser> {
  const login = await app.inject({ method: 'GET', url: options.loginUrl ?? '/auth/twitch/login' });
  if (login.statusCode !== 302) throw new Error(`login answered ${login.statusCode}: ${login.body}`);
  const loginCookie = cookieSet(login, 'kinoyu_login');
  const page = await (await fetch(login.headers.location as string)).text();
  const consent = /name="consent" value="([^"]+)"/.exec(page)?.[1] ?? '';
  const account = options.twitchUserId ?? /name="account" value="([^"]+)"/.exec(page)?.[1] ?? '';
  const answer = await fetch(`${fake.url}/auth/authorize/decision`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ consent, account, decision: 'authorize', lang: 'pt-BR' }),
  });
  const back = new URL(answer.headers.get('location') ?? '');
  const callback = await app.inject({
    method: 'GET',
    url: `${back.pathname}${back.search}`,
    cookies: loginCookie && options.keepLoginCookie !== false ? { kinoyu_login: loginCookie.value } : {},
  });
  const session = cookieSet(callback, 'kinoyu_session');
  const sessionCookie = session?.value ?? '';
  const cookie = `kinoyu_session=${encodeURIComponent(sessionCookie)}`;
  const whoAmI = session
    ? await app.inject({ method: 'GET', url: '/auth/session', headers: { cookie } })
    : undefined;
  return { cookie, sessionCookie, csrfToken: whoAmI?.json().csrfToken ?? '', callback };
}

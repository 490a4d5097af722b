import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { FakeTwitch } from '../../src/sandbox/twitch/index.ts';

/** A browser signed in with Twitch as a viewer (SPEC §2.8): its cookie header, and the callback's answer. */
export interface ViewerBrowser {
  /** `kinoyu_viewer=…`, for a `cookie` header. */
  readonly cookie: string;
  readonly callback: LightMyRequestResponse;
}

/**
 * Plays a browser through the viewer sign-in: `GET /auth/twitch/viewer/login?next=…` (keeping the
 * cookies it sets), the fake Twitch's consent page answered for the simulated viewer `userId`, and the
 * callback sent back with those cookies.
 */
export async function signInAsViewer(
  app: FastifyInstance,
  fake: FakeTwitch,
  userId: string,
  next = '/resgatar',
): Promise<ViewerBrowser> {
  const login = await app.inject({
    method: 'GET',
    url: `/auth/twitch/viewer/login?next=${encodeURIComponent(next)}`,
  });
  if (login.statusCode !== 302) throw new Error(`viewer login answered ${login.statusCode}: ${login.body}`);
  const page = await (await fetch(String(login.headers.location))).text();
  const consent = /name="consent" value="([^"]+)"/.exec(page)?.[1] ?? '';
  const answer = await fetch(`${fake.url}/auth/authorize/decision`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ consent, account: userId, decision: 'authorize', lang: 'pt-BR' }),
  });
  const back = new URL(answer.headers.get('location') ?? '');
  const callback = await app.inject({
    method: 'GET',
    url: `${back.pathname}${back.search}`,
    cookies: Object.fromEntries(login.cookies.map((cookie) => [cookie.name, cookie.value])),
  });
  const viewer = callback.cookies.find((cookie) => cookie.name === 'kinoyu_viewer');
  if (!viewer)
    throw new Error(`the viewer callback set no cookie (${callback.statusCode}: ${callback.body})`);
  return { cookie: `kinoyu_viewer=${encodeURIComponent(viewer.value)}`, callback };
}

import type { FastifyInstance } from 'fastify';
import type { FakeTwitch } from '../../src/twitch/fake/index.ts';

/**
 * Goes through the connect flow as a streamer would: KinoYu's login redirect, the fake Twitch's
 * consent page, "Authorize", and KinoYu's callback. Returns the callback's response.
 */
export async function connectThroughTwitch(app: FastifyInstance, fake: FakeTwitch) {
  const login = await app.inject({ method: 'GET', url: '/auth/twitch/login' });
  const page = await (await fetch(String(login.headers.location))).text();
  const answer = await fetch(`${fake.url}/auth/authorize/decision`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      consent: /name="consent" value="([^"]+)"/.exec(page)?.[1] ?? '',
      account: /name="account" value="([^"]+)"/.exec(page)?.[1] ?? '',
      decision: 'authorize',
    }),
  });
  const back = new URL(answer.headers.get('location') ?? '');
  return app.inject({ method: 'GET', url: `${back.pathname}${back.search}` });
}

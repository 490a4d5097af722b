import type { FastifyInstance } from 'fastify';
import type { FakeTwitch } from '../../src/twitch/fake/index.ts';

/**
 * Follows `/auth/twitch/login…` to the fake Twitch's consent page and answers it as a streamer would;
 * returns the callback path (with code and state) Twitch sends the browser back to.
 */
export async function consentOnFakeTwitch(
  app: FastifyInstance,
  fake: FakeTwitch,
  loginUrl: string,
  decision: 'authorize' | 'cancel' = 'authorize',
): Promise<string> {
  const login = await app.inject({ method: 'GET', url: loginUrl });
  if (login.statusCode !== 302) throw new Error(`login answered ${login.statusCode}: ${login.body}`);
  const page = await (await fetch(login.headers.location as string)).text();
  const consent = /name="consent" value="([^"]+)"/.exec(page)?.[1] ?? '';
  const account = /name="account" value="([^"]+)"/.exec(page)?.[1] ?? '';
  const answer = await fetch(`${fake.url}/auth/authorize/decision`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ consent, account, decision, lang: 'pt-BR' }),
  });
  const back = new URL(answer.headers.get('location') ?? '');
  return `${back.pathname}${back.search}`;
}

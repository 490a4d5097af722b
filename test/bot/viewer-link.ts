import type { FastifyInstance } from 'fastify';

/** The Twitch account a test signed in with as a viewer, and its session on the claim page. */
export interface SignedInViewer {
  readonly id: string;
  readonly login: string;
  /** The `kinoyu_viewer` cookie and the CSRF token the viewer's changes need. */
  readonly session: { readonly cookie: string; readonly csrfToken: string };
}

/**
 * Completes an account link as the `/vincular?link=…` page does in a browser (SPEC §2.8): signs in
 * with Twitch as a viewer, back to that page (on the fake Twitch's consent page: `login` typed in, or
 * the first person in chat it offers), then confirms the link with the viewer session and its CSRF
 * token. Returns the Twitch account that was linked (its id only when picked from the list).
 */
export async function linkAsViewer(
  app: FastifyInstance,
  linkUrl: string,
  login?: string,
): Promise<SignedInViewer> {
  const url = new URL(linkUrl);
  const next = `${url.pathname}${url.search}`;
  const start = await app.inject({
    method: 'GET',
    url: `/auth/twitch/viewer/login?next=${encodeURIComponent(next)}`,
  });
  if (start.statusCode !== 302) throw new Error(`viewer login answered ${start.statusCode}: ${start.body}`);
  const authorize = String(start.headers.location);
  const consent = await (await fetch(authorize)).text();
  // A login is typed in the page's field (any login works); without one, the first person offered.
  const account = login ? { id: '', login } : firstAccount(consent);
  const decision = await fetch(`${new URL(authorize).origin}/auth/authorize/decision`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      consent: /name="consent" value="([^"]+)"/.exec(consent)?.[1] ?? '',
      account: account.id,
      ...(login && { account_login: login }),
      decision: 'authorize',
      lang: 'pt-BR',
    }),
  });
  if (decision.status !== 302) throw new Error(`the consent decision answered ${decision.status}`);
  const back = new URL(decision.headers.get('location') ?? '');
  const callback = await app.inject({ method: 'GET', url: `${back.pathname}${back.search}` });
  const cookie = cookieOf(callback.headers['set-cookie'], 'kinoyu_viewer');
  if (!cookie)
    throw new Error(`the viewer callback set no session (${callback.statusCode}): ${callback.body}`);
  const prizes = await app.inject({ method: 'GET', url: '/api/v1/viewer/prizes', headers: { cookie } });
  const csrfToken = (prizes.json() as { csrfToken?: string }).csrfToken ?? '';
  const linked = await app.inject({
    method: 'POST',
    url: '/api/v1/viewer/account-link',
    headers: { cookie, 'x-csrf-token': csrfToken },
    payload: { link: url.searchParams.get('link') },
  });
  if (linked.statusCode >= 300) throw new Error(`account-link answered ${linked.statusCode}: ${linked.body}`);
  return { ...account, session: { cookie, csrfToken } };
}

// One `<label class="account">` per account: its radio (or hidden) input, then its login in <code>.
function firstAccount(page: string): { id: string; login: string } {
  const [row] = page.split('<label class="account">').slice(1);
  const account = {
    id: /name="account" value="([^"]+)"/.exec(row ?? '')?.[1] ?? '',
    login: /<code>([^<]+)<\/code>/.exec(row ?? '')?.[1] ?? '',
  };
  if (!account.id) throw new Error('the consent page offers no account');
  return account;
}

function cookieOf(header: string | string[] | undefined, name: string): string | undefined {
  const cookies = Array.isArray(header) ? header : header ? [header] : [];
  return cookies.find((cookie) => cookie.startsWith(`${name}=`))?.split(';')[0];
}

import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { asService } from '../helpers/app.ts';
import { answerConsentPage } from '../helpers/twitch-consent.ts';
import { useWorld } from '../helpers/world.ts';

const GUILD = '123456789012345678';

// The whole connect flow of SPEC §2.1 against the fake Twitch over loopback: the real twurple code
// exchanges the code and validates the token; the API stores it encrypted and links the Discord server.
describe('connecting a Twitch channel', () => {
  const logLines: string[] = [];
  const world = useWorld({
    twitch: { redirectUris: ['http://kinoyu.test/auth/twitch/callback'] },
    app: true,
    logger: pino({ level: 'debug' }, { write: (line: string) => logLines.push(line) }),
  });

  /** Follows the login redirect to the fake's consent page and answers it like a streamer would. */
  async function authorizeOnTwitch(loginUrl: string, decision: 'authorize' | 'cancel') {
    const login = await world.app.inject({ method: 'GET', url: loginUrl });
    expect(login.statusCode).toBe(302);
    const authorize = new URL(login.headers.location as string);
    expect(authorize.origin).toBe(world.twitch.url);
    expect(authorize.searchParams.get('scope')?.split(' ')).toEqual(
      expect.arrayContaining(['moderator:read:chatters', 'user:write:chat', 'channel:read:vips']),
    );
    const back = await answerConsentPage(authorize.toString(), decision);
    expect(back.pathname).toBe('/auth/twitch/callback');
    return `${back.pathname}${back.search}`;
  }

  /** Mints a Discord link for `guild` and connects through it once; returns the link's path and query. */
  async function connectThroughNewLink(guild: string): Promise<string> {
    const minted = await world.app.inject({
      method: 'POST',
      url: `/api/v1/discord/${guild}/link`,
      headers: asService,
    });
    const link = new URL(minted.json().url);
    const callback = await authorizeOnTwitch(`${link.pathname}${link.search}`, 'authorize');
    expect((await world.app.inject({ method: 'GET', url: callback })).statusCode).toBe(200);
    return `${link.pathname}${link.search}`;
  }

  it('links the Discord server that asked, with an encrypted token, and says so', async () => {
    const events: string[] = [];
    const unsubscribe = world.services.events.subscribe((event) =>
      events.push(`${event.type}:${event.channel}`),
    );
    const minted = await world.app.inject({
      method: 'POST',
      url: `/api/v1/discord/${GUILD}/link`,
      headers: asService,
    });
    expect(minted.statusCode).toBe(201);
    const link = new URL(minted.json().url);
    expect(link.pathname).toBe('/auth/twitch/login');
    expect(link.search).not.toContain(GUILD);

    const callback = await authorizeOnTwitch(`${link.pathname}${link.search}`, 'authorize');
    const done = await world.app.inject({ method: 'GET', url: callback });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('data-outcome="connected"');
    expect(done.body).toContain('kinoyu_sandbox');
    unsubscribe();

    const channel = await world.services.channels.findByLogin('kinoyu_sandbox');
    expect(channel).toMatchObject({ connectionState: 'connected', twitchUserId: expect.any(String) });
    const linked = await world.database.db
      .selectFrom('discord_links')
      .selectAll()
      .where('guild_id', '=', GUILD)
      .execute();
    expect(linked).toEqual([expect.objectContaining({ channel_id: channel?.id })]);
    const token = await world.services.tokenStore.load(channel?.id ?? 0);
    expect(token?.scope).toContain('moderator:read:chatters');
    const row = await world.database.db.selectFrom('twitch_tokens').selectAll().executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(token?.accessToken);
    expect(JSON.stringify(row)).not.toContain(token?.refreshToken);
    expect(logLines.join('\n')).not.toContain(token?.accessToken);
    expect(events).toEqual(['channel.connected:kinoyu_sandbox']);

    // The same callback again (a replayed state) changes nothing.
    const replay = await world.app.inject({ method: 'GET', url: callback });
    expect(replay.statusCode).toBe(400);
    expect(replay.body).toContain('data-outcome="invalid_link"');
  });

  it('refuses a Discord link used twice, a forged one and a forged state', async () => {
    const link = await connectThroughNewLink(GUILD.replace('1', '2'));
    // The link was spent by that connection: a second round trip through it is refused at the end.
    const again = await authorizeOnTwitch(link, 'authorize');
    const refused = await world.app.inject({ method: 'GET', url: again });
    expect(refused.body).toContain('data-outcome="invalid_link"');

    const forgedLink = await world.app.inject({
      method: 'GET',
      url: '/auth/twitch/login?link=eyJnIjoiMSJ9.AAAA',
    });
    expect(forgedLink.statusCode).toBe(400);
    expect(forgedLink.body).toContain('data-outcome="invalid_link"');
    const forgedState = await world.app.inject({
      method: 'GET',
      url: '/auth/twitch/callback?code=abc&state=forged.state',
    });
    expect(forgedState.statusCode).toBe(400);
    expect(forgedState.body).toContain('data-outcome="invalid_link"');
  });

  it('revokes at Twitch the token a callback got through a Discord link already used', async () => {
    const link = await connectThroughNewLink(GUILD.replace('1', '3'));
    const channel = await world.services.channels.findByLogin('kinoyu_sandbox');
    const stored = await world.services.tokenStore.load(channel?.id ?? 0);

    const again = await authorizeOnTwitch(link, 'authorize');
    world.twitch.clearRequestLog();
    const refused = await world.app.inject({ method: 'GET', url: again });
    expect(refused.body).toContain('data-outcome="invalid_link"');

    // The code was exchanged for a new token, which the refused connection stores nowhere: revoked.
    const revokes = world.twitch.requests.filter((entry) => entry.path === '/auth/revoke');
    expect(revokes).toEqual([expect.objectContaining({ method: 'POST', status: 200 })]);
    const revoked = String(revokes[0]?.query.token ?? '');
    expect(revoked).not.toBe('');
    expect(revoked).not.toBe(stored?.accessToken);
    const validates = async (accessToken: string) =>
      (
        await fetch(`${world.twitch.url}/auth/validate`, {
          headers: { authorization: `OAuth ${accessToken}` },
        })
      ).ok;
    expect(await validates(revoked)).toBe(false);
    // The first connection's token, the one stored, is untouched.
    expect(await world.services.tokenStore.load(channel?.id ?? 0)).toEqual(stored);
    expect(await validates(stored?.accessToken ?? '')).toBe(true);
  });

  it('shows a friendly page and changes nothing when the streamer cancels, in English on request', async () => {
    const before = await world.database.db.selectFrom('channels').selectAll().execute();
    const callback = await authorizeOnTwitch('/auth/twitch/login', 'cancel');
    const page = await world.app.inject({ method: 'GET', url: `${callback}&lang=en` });
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('data-outcome="denied"');
    expect(page.body).toContain('Connection cancelled');
    expect(await world.database.db.selectFrom('channels').selectAll().execute()).toEqual(before);
  });

  it('shows a friendly page and changes nothing when the code exchange fails', async () => {
    const tokensBefore = await world.database.db.selectFrom('twitch_tokens').selectAll().execute();
    const callback = await authorizeOnTwitch('/auth/twitch/login', 'authorize');
    world.twitch.failNext('/auth/token', 5, { status: 503 });
    const page = await world.app.inject({ method: 'GET', url: callback });
    world.twitch.clearFaults();
    expect(page.statusCode).toBe(502);
    expect(page.body).toContain('data-outcome="exchange_failed"');
    expect(page.body).toContain('A Twitch não confirmou');
    expect(await world.database.db.selectFrom('twitch_tokens').selectAll().execute()).toEqual(tokensBefore);
  });

  it('refuses to mint a link for something that is not a Discord server id', async () => {
    const response = await world.app.inject({
      method: 'POST',
      url: '/api/v1/discord/abc/link',
      headers: asService,
    });
    expect(response.statusCode).toBe(400);
    const unauthenticated = await world.app.inject({ method: 'POST', url: `/api/v1/discord/${GUILD}/link` });
    expect(unauthenticated.statusCode).toBe(401);
  });
});

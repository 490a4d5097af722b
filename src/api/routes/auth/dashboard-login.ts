import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ChannelRepository } from '../../../channels/channel-repository.ts';
import type { ConnectResult } from '../../../twitch/connect-service.ts';

/** Remembers, in the browser that started it, which OAuth round trip is its dashboard login. */
const LOGIN_COOKIE = 'kinoyu_login';
const LOGIN_COOKIE_PATH = '/auth/twitch';
// As long as the OAuth state itself lives (connect-service.ts).
const LOGIN_COOKIE_SECONDS = 10 * 60;

const digest = (state: string) => createHash('sha256').update(state).digest('base64url');

/**
 * The dashboard's "Entrar com a Twitch": a plain login (no Discord link) that completes opens a
 * dashboard session for the channel and lands on `/`. The session opens only in the browser that
 * started the login — the one holding a cookie bound to the OAuth `state` — so nobody can log a
 * victim into the attacker's channel by sending them a callback URL (login CSRF, RFC 6749 §10.12).
 */
export class DashboardLogin {
  constructor(
    private readonly deps: { readonly channels: ChannelRepository; readonly secureCookies: boolean },
  ) {}

  /** Binds a plain login's OAuth state (in the authorize URL) to this browser. */
  begin(reply: FastifyReply, authorizeUrl: string): void {
    const state = new URL(authorizeUrl).searchParams.get('state');
    if (!state) return;
    reply.setCookie(LOGIN_COOKIE, digest(state), {
      path: LOGIN_COOKIE_PATH,
      httpOnly: true,
      sameSite: 'lax',
      secure: this.deps.secureCookies,
      signed: true,
      maxAge: LOGIN_COOKIE_SECONDS,
    });
  }

  /**
   * After Twitch's redirect back: when this browser's plain login connected a channel, opens the
   * session and returns true (the caller redirects to the dashboard).
   */
  async complete(
    request: FastifyRequest,
    reply: FastifyReply,
    state: string | undefined,
    result: ConnectResult,
  ): Promise<boolean> {
    const bound = request.cookies[LOGIN_COOKIE];
    if (bound === undefined) return false;
    reply.clearCookie(LOGIN_COOKIE, { path: LOGIN_COOKIE_PATH });
    if (result.outcome !== 'connected' || result.linkedToDiscord || !result.channel || !state) return false;
    const unsigned = request.unsignCookie(bound);
    if (!unsigned.valid || unsigned.value !== digest(state)) return false;
    const channel = await this.deps.channels.findByLogin(result.channel);
    if (!channel) return false;
    await reply.startDashboardSession(channel.id);
    request.log.info({ channel: channel.login, channelId: channel.id }, 'dashboard login');
    return true;
  }
}

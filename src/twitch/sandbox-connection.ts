import type { Logger } from 'pino';
import type { ChannelRepository } from '../channels/channel-repository.ts';
import { BROADCASTER_SCOPES } from './scopes.ts';

/** An answer of the app to a GET, as far as a browser following the login needs it. */
export interface BrowsedPage {
  readonly statusCode: number;
  readonly location: string | undefined;
}

/** What connecting the sandbox channel needs; main.ts wires it to the app and the running sandbox. */
export interface SandboxConnectionDeps {
  readonly channels: ChannelRepository;
  /** The sandbox channel's login (`kinoyu_sandbox`). */
  readonly login: string;
  /** Scopes of the token the sandbox was handed from an earlier run, when it was (none on a first start). */
  readonly carriedOverScopes: readonly string[] | undefined;
  /** GETs a path of the app as a browser would, without following redirects (the app's `inject`). */
  readonly browse: (path: string) => Promise<BrowsedPage>;
  /** Presses "Autorizar" on the sandbox's consent page for this authorize URL; returns where it sends the browser. */
  readonly approve: (authorizeUrl: string) => string;
  readonly logger: Logger;
}

/** What `connectSandboxChannel` did. */
export type SandboxConnectionOutcome = 'kept' | 'connected' | 'failed';

/**
 * Connects the sandbox channel when it is not connected yet, so that the API works with no credentials
 * and nobody logging in through a browser: the same round trip as "Entrar com a Twitch" (the app's
 * login redirect, the sandbox's consent, the app's callback that exchanges the code and stores the
 * token). A channel connected before, whose token the sandbox took over and which has every scope the
 * app asks for, is kept as it is. Only for the built-in sandbox: main.ts never calls it with real
 * credentials or TWITCH_MOCK_URL. A failure is logged, and the start goes on.
 */
export async function connectSandboxChannel(deps: SandboxConnectionDeps): Promise<SandboxConnectionOutcome> {
  const { logger, login } = deps;
  const channel = await deps.channels.findByLogin(login);
  const scopes = deps.carriedOverScopes;
  const hasEveryScope = scopes !== undefined && BROADCASTER_SCOPES.every((scope) => scopes.includes(scope));
  if (channel?.connectionState === 'connected' && hasEveryScope) {
    logger.debug({ channel: login }, 'TWITCH SANDBOX: the sandbox channel stays connected');
    return 'kept';
  }
  try {
    const redirect = await deps.browse('/auth/twitch/login');
    if (redirect.statusCode !== 302 || !redirect.location)
      throw new Error(`the login answered ${redirect.statusCode} without a redirect`);
    const back = new URL(deps.approve(redirect.location));
    const callback = await deps.browse(`/auth/twitch/callback${back.search}`);
    const connected = await deps.channels.findByLogin(login);
    if (callback.statusCode !== 200 || connected?.connectionState !== 'connected')
      throw new Error(`the callback answered ${callback.statusCode}`);
  } catch (error) {
    logger.warn(
      { err: error, channel: login },
      `TWITCH SANDBOX: could not connect ${login} by itself; log in with Twitch on the dashboard instead`,
    );
    return 'failed';
  }
  logger.info(
    { channel: login },
    `TWITCH SANDBOX: connected the sandbox channel ${login} (no login needed: the API can draw on it now)`,
  );
  return 'connected';
}

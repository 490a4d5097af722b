import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import type { TwitchApplication } from './connect-service.ts';

/** The client id and secret of the sandbox, and of a stand-in given without TWITCH_CLIENT_ID. */
export const SANDBOX_CLIENT = {
  clientId: 'kinoyusandboxclientid0000000000',
  clientSecret: 'kinoyu-sandbox-client-secret',
} as const;

/** Where Twitch traffic goes for this process. */
export interface TwitchSetup {
  readonly mode: 'twitch' | 'stand-in' | 'sandbox';
  readonly application: TwitchApplication;
  /** The stand-in's base URL (TWITCH_MOCK_URL or the sandbox), if any. */
  readonly mockUrl: string | undefined;
  close(): Promise<void>;
}

/**
 * Points the Twitch client code at the real Twitch, at a loopback stand-in (TWITCH_MOCK_URL), or at
 * the built-in sandbox when there is no TWITCH_CLIENT_ID (SPEC §5, §6). twurple 8 sends every call
 * (auth, Helix, EventSub) to http://localhost:$TWURPLE_MOCK_API_PORT when that variable is set (its
 * only way to reach a stand-in), so the stand-in's port is handed to it that way.
 */
export async function setUpTwitch(
  config: Config,
  logger: Logger,
  startSandbox: () => Promise<{ url: string; close(): Promise<void> }>,
): Promise<TwitchSetup> {
  const { clientId, clientSecret, mockUrl } = config.twitch;
  if (clientId && clientSecret && !mockUrl) {
    delete process.env.TWURPLE_MOCK_API_PORT;
    return {
      mode: 'twitch',
      application: { clientId, clientSecret, authorizeUrl: 'https://id.twitch.tv/oauth2/authorize' },
      mockUrl: undefined,
      close: async () => {},
    };
  }
  const sandbox = mockUrl ? undefined : await startSandbox();
  const base = mockUrl ?? sandbox?.url ?? '';
  process.env.TWURPLE_MOCK_API_PORT = new URL(base).port;
  const application = {
    clientId: clientId ?? SANDBOX_CLIENT.clientId,
    clientSecret: clientSecret ?? SANDBOX_CLIENT.clientSecret,
    authorizeUrl: `${base}/auth/authorize`,
  };
  if (sandbox) {
    logger.warn(
      { twitch: base },
      'TWITCH SANDBOX: no TWITCH_CLIENT_ID is set, so KinoYu talks to its built-in simulated Twitch (fake accounts and chatters)',
    );
  } else {
    logger.info({ twitch: base }, 'Twitch traffic goes to the stand-in at TWITCH_MOCK_URL');
  }
  return {
    mode: sandbox ? 'sandbox' : 'stand-in',
    application,
    mockUrl: base,
    close: async () => sandbox?.close(),
  };
}

import { HttpStatusCodeError } from '@twurple/api-call';
import { getAppToken } from '@twurple/auth';
import type { Config } from '../../config/config.ts';
import { type CheckResult, failed, passed, reasonOf, withTimeout } from './check.ts';

const TITLE = 'Twitch app';
const TIMEOUT_MS = 10_000;

/** The OAuth redirect URLs KinoYu uses, each to be registered in the Twitch console exactly as written. */
export function redirectUrls(publicUrl: string): string[] {
  return [`${publicUrl}/auth/twitch/callback`, `${publicUrl}/auth/twitch/viewer/callback`];
}

/**
 * With TWITCH_CLIENT_ID and TWITCH_CLIENT_SECRET, asks for an app token (client-credentials grant,
 * POST /oauth2/token, through twurple) to prove the pair is accepted, and lists the redirect URLs to
 * register. Without them KinoYu runs its sandbox, which is not a fault.
 */
export async function checkTwitch(config: Config): Promise<CheckResult> {
  const { clientId, clientSecret, mockUrl } = config.twitch;
  if (!clientId || !clientSecret) {
    const where = mockUrl ? `the stand-in at ${mockUrl}` : 'its built-in simulated Twitch';
    return passed(
      TITLE,
      `sandbox (no credentials): KinoYu talks to ${where}; set TWITCH_CLIENT_ID and TWITCH_CLIENT_SECRET for the real Twitch`,
    );
  }
  const where = mockUrl ? `the stand-in at ${mockUrl}` : 'Twitch';
  const register = [
    'register these OAuth Redirect URLs in the Twitch console (dev.twitch.tv/console):',
    ...redirectUrls(config.publicUrl).map((url) => `  ${url}`),
  ];
  try {
    await withTimeout(
      withMockPort(mockUrl, () => getAppToken(clientId, clientSecret)),
      TIMEOUT_MS,
      where,
    );
    return passed(TITLE, `${where} issued an app token for TWITCH_CLIENT_ID (client credentials)`, register);
  } catch (error) {
    if (error instanceof HttpStatusCodeError && error.statusCode >= 400 && error.statusCode < 500) {
      return failed(
        TITLE,
        `${where} refused the client id and secret (${error.statusCode}: ${twitchMessage(error.body)})`,
        {
          variable: 'TWITCH_CLIENT_ID, TWITCH_CLIENT_SECRET',
          advice:
            'copy both from your application at dev.twitch.tv/console (Manage; "New Secret" makes a new secret)',
        },
      );
    }
    return failed(TITLE, `${where} could not be reached (${reasonOf(error)})`, {
      variable: mockUrl ? 'TWITCH_MOCK_URL' : 'network',
      advice: mockUrl
        ? 'start the stand-in, or unset TWITCH_MOCK_URL'
        : 'this host must reach id.twitch.tv over https',
    });
  }
}

/**
 * twurple reaches a stand-in only through TWURPLE_MOCK_API_PORT (as the API's twitch-setup does); it is
 * set for this one call and put back after.
 */
async function withMockPort<T>(mockUrl: string | undefined, work: () => Promise<T>): Promise<T> {
  const before = process.env.TWURPLE_MOCK_API_PORT;
  if (mockUrl) process.env.TWURPLE_MOCK_API_PORT = new URL(mockUrl).port;
  else delete process.env.TWURPLE_MOCK_API_PORT;
  try {
    return await work();
  } finally {
    if (before === undefined) delete process.env.TWURPLE_MOCK_API_PORT;
    else process.env.TWURPLE_MOCK_API_PORT = before;
  }
}

function twitchMessage(body: string): string {
  try {
    const { message } = JSON.parse(body) as { message?: unknown };
    return typeof message === 'string' ? message : body.slice(0, 200);
  } catch {
    return body.slice(0, 200);
  }
}

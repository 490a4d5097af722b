import { type AccessToken, exchangeCode, getTokenInfo } from '@twurple/auth';
import type { TwitchApplication } from './connect-service.ts';
import { TWITCH_AUTH_TIMEOUT_MS, withinTimeout } from './time-limit.ts';

/**
 * The end of an authorization-code flow (the streamer's connection and the viewer's sign-in alike):
 * exchanges the code for a token and asks Twitch whose it is, each step within the OAuth time limit.
 * Throws when either fails or the token names no user.
 */
export async function exchangeForUser(
  application: TwitchApplication,
  code: string,
  redirectUri: string,
): Promise<{ token: AccessToken; user: { userId: string; login: string } }> {
  const { clientId, clientSecret } = application;
  const token = await withinTimeout(
    exchangeCode(clientId, clientSecret, code, redirectUri),
    TWITCH_AUTH_TIMEOUT_MS,
    'the code exchange',
  );
  const info = await withinTimeout(
    getTokenInfo(token.accessToken, clientId),
    TWITCH_AUTH_TIMEOUT_MS,
    'a token validation',
  );
  if (!info.userId || !info.userName) throw new Error('the token has no user');
  return { token, user: { userId: info.userId, login: info.userName } };
}

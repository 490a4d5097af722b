import { revokeToken } from '@twurple/auth';
import { TWITCH_AUTH_TIMEOUT_MS, withinTimeout } from './time-limit.ts';

/**
 * Revokes an access token at Twitch, waiting at most the OAuth time limit.
 * https://dev.twitch.tv/docs/authentication/revoke-tokens/ — an already dead token answers 400.
 */
export function revokeAtTwitch(clientId: string, accessToken: string): Promise<void> {
  return withinTimeout(revokeToken(clientId, accessToken), TWITCH_AUTH_TIMEOUT_MS, 'a revoke');
}

/** How long one call to Twitch's OAuth endpoints (token, validate, revoke) may take. */
export const TWITCH_AUTH_TIMEOUT_MS = 10_000;

/** Raised when Twitch did not answer in time: not a verdict on the token, just no answer. */
export class TwitchTimeoutError extends Error {
  override name = 'TwitchTimeoutError';
}

/**
 * `call`, or a TwitchTimeoutError after `ms`. twurple's OAuth helpers (refreshUserToken, getTokenInfo,
 * revokeToken, exchangeCode) take no fetch options, so the wait is bounded here rather than aborted.
 */
export function withinTimeout<T>(call: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new TwitchTimeoutError(`Twitch did not answer ${what} within ${ms} ms`)),
      ms,
    );
  });
  return Promise.race([call, timeout]).finally(() => clearTimeout(timer));
}

import { describe, expect, it } from 'vitest';
import { TwitchTimeoutError, withinTimeout } from '../../src/twitch/time-limit.ts';

// The bound on twurple's OAuth helpers, which take no abort signal.
describe('withinTimeout', () => {
  it('gives up on a call that never answers with a TwitchTimeoutError naming it', async () => {
    const never = new Promise<string>(() => {});
    const failure = await withinTimeout(never, 20, 'a revoke').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TwitchTimeoutError);
    expect(String(failure)).toContain('a revoke');
  });

  it('passes an answer or a failure through untouched', async () => {
    expect(await withinTimeout(Promise.resolve('ok'), 1_000, 'x')).toBe('ok');
    const refused = new Error('Invalid refresh token');
    await expect(withinTimeout(Promise.reject(refused), 1_000, 'x')).rejects.toBe(refused);
  });
});

import { describe, expect, it, vi } from 'vitest';
import { HelixBucket } from '../../src/twitch/helix-bucket.ts';

/** A Helix answer with the rate-limit headers Twitch sends (none when `remaining` is undefined). */
function answer(status: number, remaining?: number, limit = 6, resetInSeconds = 60): Response {
  const headers: Record<string, string> =
    remaining === undefined
      ? {}
      : {
          'Ratelimit-Limit': String(limit),
          'Ratelimit-Remaining': String(remaining),
          'Ratelimit-Reset': String(Math.ceil(Date.now() / 1000) + resetInSeconds),
        };
  return new Response(null, { status, headers });
}

describe('Helix rate-limit bucket', () => {
  it('sends no more requests than the headers left points for, and a headerless answer gives its point back', async () => {
    const bucket = new HelixBucket();
    const deadline = Date.now() + 30_000;
    expect(await bucket.take(deadline)).toBe(true);
    // 2 points left, refilling one every 10 s (6 a minute).
    bucket.settle(answer(200, 2, 6));
    expect(await bucket.take(deadline)).toBe(true);
    expect(await bucket.take(deadline)).toBe(true);
    let third = false;
    const waiting = bucket.take(deadline).then((taken) => {
      third = taken;
    });
    // Empty: a request with a deadline before the next point fails at once instead of waiting.
    expect(await bucket.take(Date.now() + 100)).toBe(false);
    expect(third).toBe(false);
    // A 401 (no Ratelimit headers) says nothing about the bucket: its point comes back to the waiter.
    bucket.settle(answer(401));
    await vi.waitFor(() => expect(third).toBe(true), { timeout: 5_000 });
    await waiting;
  });

  it('waits for the reset of a 429 even when answers sent before it still report points left', async () => {
    const bucket = new HelixBucket();
    const deadline = Date.now() + 30_000;
    await bucket.take(deadline);
    await bucket.take(deadline);
    bucket.settle(answer(429, 0, 800, 1));
    bucket.settle(answer(200, 700, 800));
    expect(bucket.resetsAt).toBeGreaterThan(Date.now());
    expect(await bucket.take(bucket.resetsAt - 1)).toBe(false);
    expect(await bucket.take(deadline)).toBe(true);
    expect(Date.now()).toBeGreaterThanOrEqual(bucket.resetsAt);
  });
});

/** The state of a Helix rate-limit bucket after a request, as the `Ratelimit-*` headers tell it. */
export interface RateLimitState {
  readonly allowed: boolean;
  readonly limit: number;
  readonly remaining: number;
  /** Epoch seconds when the bucket is full again. */
  readonly reset: number;
}

/**
 * Helix's token buckets: `limit` points a minute, refilled continuously, one bucket per client for app
 * tokens and one per client and user for user tokens (https://dev.twitch.tv/docs/api/guide/#twitch-rate-limits).
 */
export class RateLimitBuckets {
  readonly #buckets = new Map<string, { points: number; updatedAt: number }>();

  constructor(private readonly limit: number) {}

  /** Spends one point from the bucket `key`; a request finding it empty is not allowed. */
  take(key: string, now = Date.now()): RateLimitState {
    const perMs = this.limit / 60_000;
    const bucket = this.#buckets.get(key) ?? { points: this.limit, updatedAt: now };
    bucket.points = Math.min(this.limit, bucket.points + (now - bucket.updatedAt) * perMs);
    bucket.updatedAt = now;
    const allowed = bucket.points >= 1;
    if (allowed) bucket.points -= 1;
    this.#buckets.set(key, bucket);
    const reset = Math.ceil((now + (this.limit - bucket.points) / perMs) / 1000);
    return { allowed, limit: this.limit, remaining: Math.floor(bucket.points), reset };
  }
}

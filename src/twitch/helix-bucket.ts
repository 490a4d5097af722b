// A 429 without a usable Ratelimit-Reset is waited out this long (the header has whole seconds).
const DEFAULT_RATE_LIMIT_WAIT_MS = 1000;

/**
 * One Helix rate-limit bucket (https://dev.twitch.tv/docs/api/guide/#twitch-rate-limits) as this process
 * sees it, shared by every request that spends from it. Twitch's bucket refills `Ratelimit-Limit` points
 * a minute and is full again at `Ratelimit-Reset`. A point is taken here before each request is sent,
 * and each answer's headers correct the count, so requests that find the bucket empty wait together —
 * for the next refilled point, or after a 429 for its reset — instead of all going out into more 429s.
 *
 * Answers without the headers (a 401 for a dead token, a 5xx from a proxy) and requests that threw say
 * nothing about the bucket: their point is given back, so they never leave the others waiting.
 */
export class HelixBucket {
  /** Points left as far as this process knows (refilling over time); undefined while unknown. */
  #remaining: number | undefined;
  #countedAt = 0;
  /** Points added a minute, and the bucket's size (`Ratelimit-Limit`). */
  #limit: number | undefined;
  /** When Twitch said the bucket is full again (epoch ms). */
  #resetsAt = 0;
  // Until then a 429 said the bucket is empty, whatever the answers to requests sent before it say.
  #emptyUntil = 0;
  #inFlight = 0;
  #change: { readonly promise: Promise<void>; readonly at: number; readonly wake: () => void } | undefined;

  /**
   * Takes a point for a request about to be sent, waiting while the bucket is empty; false (nothing
   * taken) when it would still be empty at `deadline` (epoch ms).
   */
  async take(deadline: number): Promise<boolean> {
    for (;;) {
      const now = Date.now();
      const wait = this.#waitForPoint(now);
      if (wait === 0) {
        if (this.#remaining !== undefined) this.#remaining -= 1;
        this.#inFlight += 1;
        return true;
      }
      if (now + wait > deadline) return false;
      await this.#changed(now + wait);
    }
  }

  /** When Twitch said the bucket is full again (epoch ms). */
  get resetsAt(): number {
    return this.#resetsAt;
  }

  /** Learns from the answer of a request that took a point (undefined when it threw). */
  settle(response: Response | undefined, now = Date.now()): void {
    this.#inFlight -= 1;
    const limit = Number(response?.headers.get('ratelimit-limit'));
    const remaining = response?.headers.get('ratelimit-remaining');
    const reset = Number(response?.headers.get('ratelimit-reset'));
    if (limit > 0) this.#limit = limit;
    if (response?.status === 429) {
      this.#resetsAt = Math.max(this.#resetsAt, reset > 0 ? reset * 1000 : now + DEFAULT_RATE_LIMIT_WAIT_MS);
      this.#emptyUntil = this.#resetsAt;
      this.#count(0, now);
    } else if (remaining === null || remaining === undefined || !(reset > 0)) {
      if (this.#remaining !== undefined) this.#remaining += 1;
    } else if (now >= this.#emptyUntil) {
      // Twitch's count may not include the requests still in flight: count them as spent.
      this.#count(Math.max(0, Number(remaining) - this.#inFlight), now);
      this.#resetsAt = reset * 1000;
    }
    // Whatever changed, the waiting requests look again.
    this.#change?.wake();
  }

  // 0 when a point is there; otherwise how long until one may be.
  #waitForPoint(now: number): number {
    if (now < this.#emptyUntil) return this.#emptyUntil - now;
    if (this.#remaining === undefined) return 0;
    if (now >= this.#resetsAt) this.#count(this.#limit, now);
    else if (this.#limit !== undefined) {
      const refilled = ((now - this.#countedAt) * this.#limit) / 60_000;
      this.#count(Math.min(this.#limit, this.#remaining + refilled), now);
    }
    if (this.#remaining === undefined || this.#remaining >= 1) return 0;
    const untilPoint = this.#limit ? Math.ceil(((1 - this.#remaining) * 60_000) / this.#limit) : Infinity;
    return Math.max(1, Math.min(this.#resetsAt - now, untilPoint));
  }

  #count(remaining: number | undefined, now: number): void {
    this.#remaining = remaining;
    this.#countedAt = now;
  }

  // Resolves at `at` (epoch ms), or sooner when an answer comes back; one timer for all who wait.
  #changed(at: number): Promise<void> {
    if (this.#change && at < this.#change.at) this.#change.wake();
    if (!this.#change) {
      let resolve: () => void = () => {};
      const promise = new Promise<void>((done) => {
        resolve = done;
      });
      const timer = setTimeout(() => wake(), at - Date.now());
      const wake = () => {
        clearTimeout(timer);
        if (this.#change?.promise === promise) this.#change = undefined;
        resolve();
      };
      this.#change = { promise, at, wake };
    }
    return this.#change.promise;
  }
}

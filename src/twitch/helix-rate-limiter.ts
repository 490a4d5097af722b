import { ApiClient, type ApiConfig } from '@twurple/api';
import {
  callTwitchApiRaw,
  type TwitchApiCallFetchOptions,
  type TwitchApiCallOptions,
} from '@twurple/api-call';

// twurple leaves this interface empty for applications to fill with their fetch's options.
declare module '@twurple/api-call' {
  interface TwitchApiCallFetchOptions extends Omit<RequestInit, 'headers' | 'method' | 'body'> {}
}

/** One Helix request as twurple's ApiClient hands it to its rate limiter. */
export interface HelixLimiterRequest {
  readonly options: TwitchApiCallOptions & { readonly userId?: string };
  readonly clientId?: string;
  readonly accessToken?: string;
  readonly authorizationType?: string;
  readonly fetchOptions?: TwitchApiCallFetchOptions;
}

export interface HelixRateLimiterOptions {
  /** How long one request may take, answer body included, before it is aborted. */
  readonly timeoutMs: number;
  /** How many times a 429 is waited out before it is handed back as the answer. */
  readonly maxRateLimitWaits?: number;
}

interface Bucket {
  remaining: number;
  resetsAt: number;
}

// Ratelimit-Reset is in whole seconds; a 429 without a usable one waits this long.
const DEFAULT_RATE_LIMIT_WAIT_MS = 1000;
const MAX_RATE_LIMIT_WAIT_MS = 60_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Helix rate limiting without a queue (https://dev.twitch.tv/docs/api/guide/#twitch-rate-limits):
 * each request waits only when the last `Ratelimit-*` headers of its bucket said it is empty, and a 429
 * is waited out until `Ratelimit-Reset`, a bounded number of times. Every request gets a timeout.
 *
 * It replaces twurple 8.1.4's ResponseBasedRateLimiter, whose queue stalls for good when a batch of
 * answers carries no `Ratelimit-*` headers (Twitch's 401s for a dead token, or requests that threw):
 * it then reads the limit as 0 and starts the next batch with 0 requests, so whatever waited in the
 * queue waits until some unrelated request comes by — 20 requests racing an expired token hung that way.
 */
export class HelixRateLimiter {
  readonly #buckets = new Map<string, Bucket>();
  readonly #timeoutMs: number;
  readonly #maxRateLimitWaits: number;

  constructor(options: HelixRateLimiterOptions) {
    this.#timeoutMs = options.timeoutMs;
    this.#maxRateLimitWaits = options.maxRateLimitWaits ?? 3;
  }

  /** Sends one request (twurple retries what throws: timeouts, network errors, 5xx). */
  async request(request: HelixLimiterRequest): Promise<Response> {
    // Twitch keeps one bucket per client for app tokens, and one per client and user for user tokens.
    const key = `${request.clientId ?? ''}:${request.options.userId ?? 'app'}`;
    for (let waits = 0; ; waits += 1) {
      await this.#waitForRoom(key);
      const response = await callTwitchApiRaw(
        request.options,
        request.clientId,
        request.accessToken,
        request.authorizationType,
        { ...request.fetchOptions, signal: AbortSignal.timeout(this.#timeoutMs) },
      );
      this.#learn(key, response);
      if (response.status !== 429 || waits >= this.#maxRateLimitWaits) return response;
      await response.body?.cancel();
    }
  }

  // The ApiClient's rate limiter interface; nothing is queued, so there is nothing to clear or pause.
  clear(): void {}
  pause(): void {}
  resume(): void {}

  async #waitForRoom(key: string): Promise<void> {
    const bucket = this.#buckets.get(key);
    if (!bucket || bucket.remaining > 0) return;
    const wait = bucket.resetsAt - Date.now();
    if (wait > 0) await sleep(Math.min(wait, MAX_RATE_LIMIT_WAIT_MS));
    this.#buckets.delete(key);
  }

  // An answer without the headers (a 401, a 5xx from a proxy) says nothing about the bucket.
  #learn(key: string, response: Response): void {
    const remaining = response.headers.get('ratelimit-remaining');
    const reset = Number(response.headers.get('ratelimit-reset'));
    if (response.status === 429) {
      const resetsAt = reset > 0 ? reset * 1000 : Date.now() + DEFAULT_RATE_LIMIT_WAIT_MS;
      this.#buckets.set(key, { remaining: 0, resetsAt });
    } else if (remaining !== null && reset > 0) {
      this.#buckets.set(key, { remaining: Number(remaining), resetsAt: reset * 1000 });
    }
  }
}

/** twurple's ApiClient with a HelixRateLimiter in place of its own. */
export class RateLimitedApiClient extends ApiClient {
  constructor(config: ApiConfig, limiter: HelixRateLimiter) {
    super(config);
    // The limiter is a protected readonly field of twurple's BaseApiClient, set in its constructor and
    // read on every Helix call (also by the clients asUser() makes); twurple 8.1.4 offers no option.
    Object.defineProperty(this, '_rateLimiter', { value: limiter });
  }
}

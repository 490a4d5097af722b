import { ApiClient, type ApiConfig } from '@twurple/api';
import {
  callTwitchApiRaw,
  type TwitchApiCallFetchOptions,
  type TwitchApiCallOptions,
} from '@twurple/api-call';
import { recordTwitchRequest } from '../metrics/metrics.ts';
import { HelixBucket } from './helix-bucket.ts';

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
  /** How long a request may wait for its bucket's resets before a 429 is its answer (default 30 s). */
  readonly rateLimitDeadlineMs?: number;
}

/**
 * How long one request may wait out 429s and empty buckets: long enough for several of Twitch's resets
 * (a second or so each), short enough that a caller hears "Twitch unavailable" within a minute.
 */
export const RATE_LIMIT_DEADLINE_MS = 30_000;

/**
 * Helix rate limiting without a queue (https://dev.twitch.tv/docs/api/guide/#twitch-rate-limits): one
 * HelixBucket per client id and user, shared by every request. A request takes a point before it is
 * sent; when the bucket is empty (the headers said 0 left, a 429 came back, or the points the headers
 * promised are all taken by requests in flight), it waits with the others for the bucket's reset. A 429
 * is waited out until its `Ratelimit-Reset` however often it comes back, within one deadline per
 * request (RATE_LIMIT_DEADLINE_MS); after it, the 429 is the answer (the API then says 503
 * `twitch_unavailable`). Every request also gets a timeout.
 *
 * It replaces twurple 8.1.4's ResponseBasedRateLimiter, whose queue stalls for good when a batch of
 * answers carries no `Ratelimit-*` headers (Twitch's 401s for a dead token, or requests that threw):
 * it then reads the limit as 0 and starts the next batch with 0 requests, so whatever waited in the
 * queue waits until some unrelated request comes by — 20 requests racing an expired token hung that way.
 * Here such answers say nothing about the bucket and give their point back.
 */
export class HelixRateLimiter {
  readonly #buckets = new Map<string, HelixBucket>();
  readonly #timeoutMs: number;
  readonly #deadlineMs: number;

  constructor(options: HelixRateLimiterOptions) {
    this.#timeoutMs = options.timeoutMs;
    this.#deadlineMs = options.rateLimitDeadlineMs ?? RATE_LIMIT_DEADLINE_MS;
  }

  /** Sends one request (twurple retries what throws: timeouts, network errors, 5xx). */
  async request(request: HelixLimiterRequest): Promise<Response> {
    const bucket = this.#bucketOf(request);
    const deadline = Date.now() + this.#deadlineMs;
    for (;;) {
      if (!(await bucket.take(deadline))) return emptyBucketAnswer(bucket.resetsAt);
      let response: Response;
      try {
        response = await callTwitchApiRaw(
          request.options,
          request.clientId,
          request.accessToken,
          request.authorizationType,
          { ...request.fetchOptions, signal: AbortSignal.timeout(this.#timeoutMs) },
        );
      } catch (error) {
        recordTwitchRequest(request.options.url, 'error');
        bucket.settle(undefined);
        throw error;
      }
      recordTwitchRequest(request.options.url, response.status);
      bucket.settle(response);
      if (response.status !== 429 || bucket.resetsAt > deadline) return response;
      await response.body?.cancel();
    }
  }

  // The ApiClient's rate limiter interface; nothing is queued, so there is nothing to clear or pause.
  clear(): void {}
  pause(): void {}
  resume(): void {}

  // Twitch keeps one bucket per client for app tokens, and one per client and user for user tokens.
  #bucketOf(request: HelixLimiterRequest): HelixBucket {
    const key = `${request.clientId ?? ''}:${request.options.userId ?? 'app'}`;
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      bucket = new HelixBucket();
      this.#buckets.set(key, bucket);
    }
    return bucket;
  }
}

/**
 * The answer for a request whose bucket stays empty past its deadline: the 429 Twitch would send, without
 * asking it (twurple turns it into the same HttpStatusCodeError, and does not retry it).
 */
function emptyBucketAnswer(resetsAt: number): Response {
  const body = { error: 'Too Many Requests', status: 429, message: 'The Helix rate-limit bucket is empty' };
  return new Response(JSON.stringify(body), {
    status: 429,
    headers: {
      'Content-Type': 'application/json',
      'Ratelimit-Remaining': '0',
      'Ratelimit-Reset': String(Math.ceil(resetsAt / 1000)),
    },
  });
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

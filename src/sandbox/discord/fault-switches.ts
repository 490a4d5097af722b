import { DiscordHttpError } from './http-io.ts';

/** A failure a test asks the fake to answer instead of running the route. */
export interface InjectedFailure {
  /** Only requests with this method (any by default). */
  method?: string;
  /** Requests whose path after /api/v10 starts with this. */
  pathPrefix: string;
  /** 429 is answered as a rate limit (with Retry-After), anything else as a plain Discord error. */
  status: number;
  /** How many matching requests fail; 1 by default. */
  times?: number;
  /** For a 429: how long the client must wait; 100 ms by default. */
  retryAfterMs?: number;
}

/** The failures still to inject, first added first used. */
export class FaultSwitches {
  readonly #pending: { failure: InjectedFailure; left: number }[] = [];

  /** Makes the next matching request(s) fail. */
  add(failure: InjectedFailure): void {
    this.#pending.push({ failure, left: failure.times ?? 1 });
  }

  /** Forgets every pending failure. */
  clear(): void {
    this.#pending.length = 0;
  }

  /** The error to answer for this request, if a pending failure matches it (that use counts). */
  take(method: string, path: string): DiscordHttpError | undefined {
    const index = this.#pending.findIndex(
      ({ failure }) =>
        path.startsWith(failure.pathPrefix) && (!failure.method || failure.method.toUpperCase() === method),
    );
    const entry = this.#pending[index];
    if (!entry) return undefined;
    entry.left -= 1;
    if (entry.left <= 0) this.#pending.splice(index, 1);
    return toError(entry.failure);
  }
}

// A 429 as Discord sends it: Retry-After in seconds and the bucket headers @discordjs/rest reads.
// https://discord.com/developers/docs/topics/rate-limits#header-format
function toError(failure: InjectedFailure): DiscordHttpError {
  if (failure.status !== 429)
    return new DiscordHttpError(failure.status, 0, `${failure.status}: injected by the fake Discord`);
  const seconds = (failure.retryAfterMs ?? 100) / 1000;
  return new DiscordHttpError(429, 0, 'You are being rate limited.', undefined, {
    headers: {
      'Retry-After': String(seconds),
      'X-RateLimit-Limit': '5',
      'X-RateLimit-Remaining': '0',
      'X-RateLimit-Reset-After': String(seconds),
      'X-RateLimit-Bucket': 'fake-bucket',
      'X-RateLimit-Scope': 'user',
    },
    body: { retry_after: seconds, global: false },
  });
}

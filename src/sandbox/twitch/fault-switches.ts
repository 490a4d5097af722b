/** A failure the fake answers instead of the real response. */
export interface InjectedFailure {
  /** 429, or a 5xx status. */
  readonly status: number;
  /** For 429: how far ahead `Ratelimit-Reset` points (default 1000 ms; the header has whole seconds). */
  readonly resetAfterMs?: number;
}

interface FailureRule extends InjectedFailure {
  readonly pathPrefix: string;
  remaining: number;
}

interface RecurringFailureRule extends InjectedFailure {
  readonly pathPrefix: string;
  readonly every: number;
  seen: number;
}

interface DelayRule {
  readonly pathPrefix: string;
  readonly ms: number;
}

/** Test switches that make the fake misbehave: failures for the next requests, and slow answers. */
export class FaultSwitches {
  readonly #failures: FailureRule[] = [];
  readonly #recurring: RecurringFailureRule[] = [];
  #delays: DelayRule[] = [];

  /** The next `count` requests whose path starts with `pathPrefix` get `failure` instead of an answer. */
  failNext(pathPrefix: string, count: number, failure: InjectedFailure): void {
    checkInjectable(failure);
    this.#failures.push({ ...failure, pathPrefix, remaining: count });
  }

  /** Every `every`-th request whose path starts with `pathPrefix` gets `failure`, until cleared. */
  failEvery(pathPrefix: string, every: number, failure: InjectedFailure): void {
    checkInjectable(failure);
    if (!Number.isInteger(every) || every < 1)
      throw new Error(`fail every n-th request, n ≥ 1, not ${every}`);
    this.#recurring.push({ ...failure, pathPrefix, every, seen: 0 });
  }

  /** Every request under `pathPrefix` waits `ms` before it is answered (0 removes the delay). */
  setDelay(ms: number, pathPrefix = '/'): void {
    this.#delays = this.#delays.filter((rule) => rule.pathPrefix !== pathPrefix);
    if (ms > 0) this.#delays.push({ pathPrefix, ms });
  }

  /** Consumes one injected failure for this path, if any is armed (counting it for the recurring ones). */
  takeFailure(path: string): InjectedFailure | undefined {
    const due = this.#recurring.filter(
      (rule) => path.startsWith(rule.pathPrefix) && ++rule.seen % rule.every === 0,
    );
    const rule = this.#failures.find(
      (candidate) => candidate.remaining > 0 && path.startsWith(candidate.pathPrefix),
    );
    if (!rule) return due[0];
    rule.remaining--;
    return rule;
  }

  /** The delay for a path: the one with the longest matching prefix. */
  delayFor(path: string): number {
    let best: DelayRule | undefined;
    for (const rule of this.#delays) {
      if (path.startsWith(rule.pathPrefix) && (!best || rule.pathPrefix.length > best.pathPrefix.length))
        best = rule;
    }
    return best?.ms ?? 0;
  }

  /** Disarms every failure and delay. */
  clear(): void {
    this.#failures.length = 0;
    this.#recurring.length = 0;
    this.#delays = [];
  }
}

function checkInjectable(failure: InjectedFailure): void {
  if (failure.status !== 429 && (failure.status < 500 || failure.status > 599)) {
    throw new Error(`inject 429 or a 5xx, not ${failure.status}`);
  }
}

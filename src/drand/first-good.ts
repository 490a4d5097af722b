import type { RelayFailure } from './relay-failure.ts';

/** What asking one relay gave: a value, or why not. */
export type RelayOutcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly failure: RelayFailure };

/** The first relay's value, or every relay's failure (in the order they came). */
export type FirstGood<T> =
  | { readonly ok: true; readonly value: T; readonly relay: string }
  | { readonly ok: false; readonly failures: readonly RelayFailure[] };

export interface HedgeOptions {
  /** How long one relay may take before the next is asked too. */
  readonly staggerMs: number;
  /** The caller's; aborting it rejects with its reason and cancels every request. */
  readonly signal?: AbortSignal;
}

/**
 * Asks the relays in order, hedged: the next relay is asked as soon as one fails, or `staggerMs` after
 * the last one was asked without an answer. The first good answer wins and the requests still running
 * are aborted. So one relay answers a quiet day, and a dead or slow relay costs at most `staggerMs`.
 */
export function firstGood<T>(
  relays: readonly string[],
  ask: (relay: string, signal: AbortSignal) => Promise<RelayOutcome<T>>,
  options: HedgeOptions,
): Promise<FirstGood<T>> {
  return new Promise((resolve, reject) => {
    const { signal } = options;
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const cancel = new AbortController();
    const failures: RelayFailure[] = [];
    let next = 0;
    let running = 0;
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (settle: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      cancel.abort();
      signal?.removeEventListener('abort', onAbort);
      settle();
    };
    const onAbort = () => finish(() => reject(signal?.reason));
    const failed = (failure: RelayFailure) => {
      failures.push(failure);
      if (next < relays.length) launch();
      else if (running === 0) finish(() => resolve({ ok: false, failures }));
    };
    const launch = () => {
      clearTimeout(timer);
      const relay = relays[next];
      if (settled || relay === undefined) return;
      next += 1;
      running += 1;
      const requestSignal = signal ? AbortSignal.any([signal, cancel.signal]) : cancel.signal;
      ask(relay, requestSignal).then(
        (outcome) => {
          running -= 1;
          if (settled) return;
          if (outcome.ok) finish(() => resolve({ ok: true, value: outcome.value, relay }));
          else failed(outcome.failure);
        },
        (error: unknown) => {
          running -= 1;
          if (settled) return;
          failed({
            relay,
            problem: 'bad_answer',
            detail: error instanceof Error ? error.message : String(error),
          });
        },
      );
      if (next < relays.length) timer = setTimeout(launch, options.staggerMs);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    if (relays.length === 0) finish(() => resolve({ ok: false, failures }));
    else launch();
  });
}

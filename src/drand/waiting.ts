// How the relay client waits: for a round's time, between polls, and for work a caller may abort.
import { setTimeout as sleep } from 'node:timers/promises';

/** 200, 300, 400, then 500 ms; 2 s once the round is 10 s late (the relays are not just a bit slow). */
export function retryDelay(attempt: number, lateMs: number): number {
  return lateMs > 10_000 ? 2000 : Math.min(500, 200 + 100 * attempt);
}

/** Sleeps `ms`; rejects with the signal's own reason when it aborts (as every other wait here does). */
export async function sleepFor(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (ms <= 0) {
    signal?.throwIfAborted();
    return;
  }
  await sleep(ms, undefined, { signal }).catch((error: unknown) => {
    throw signal?.aborted ? signal.reason : error;
  });
}

/** `work`, or a rejection with the signal's reason as soon as it aborts (the work itself goes on). */
export function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

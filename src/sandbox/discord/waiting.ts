/** Promises that settle when the fake's state changes so that a lookup finds something. */
export class ChangeWaiters {
  readonly #pending = new Set<() => boolean>();

  /** Re-runs every pending lookup; call after each change a test might wait for. */
  notify(): void {
    for (const settle of [...this.#pending]) if (settle()) this.#pending.delete(settle);
  }

  /** Resolves with the first non-undefined result of `find`, now or after a later change. */
  waitFor<T>(find: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(settle);
        reject(new Error(`fake Discord: no ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      const settle = () => {
        const found = find();
        if (found === undefined) return false;
        clearTimeout(timer);
        resolve(found);
        return true;
      };
      if (!settle()) this.#pending.add(settle);
    });
  }
}

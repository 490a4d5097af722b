import { AppError } from '../errors.ts';

/** The 503 of a draw asked of a server that is shutting down: another replica (or a retry) takes it. */
export const shuttingDown = () =>
  new AppError(503, 'shutting_down', 'This server is shutting down: try again in a moment.');

/**
 * The door of the draws a caller asks for (commands, the dashboard, redraws). On SIGTERM it closes:
 * a new draw is refused with a 503 `shutting_down`, and `close()` resolves once the draws already
 * inside have finished (drawn and announced). Session ticks have their own stop (the scheduler's).
 */
export class DrawGate {
  #closed = false;
  readonly #inside = new Set<Promise<unknown>>();

  /** Whether the gate is closed (the process is draining). */
  get closed(): boolean {
    return this.#closed;
  }

  /** Runs `draw` unless the gate is closed (then throws the 503), and keeps count of it until it ends. */
  async pass<T>(draw: () => Promise<T>): Promise<T> {
    if (this.#closed) throw shuttingDown();
    const running = draw();
    this.#inside.add(running);
    try {
      return await running;
    } finally {
      this.#inside.delete(running);
    }
  }

  /** Closes the gate and waits for the draws inside to finish, however they end. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.allSettled([...this.#inside]);
  }
}

import type { Logger } from 'pino';
import type { DashboardSessionRepository } from '../channels/dashboard-session-repository.ts';
import type { Executor } from '../db/executor.ts';
import { purgeExpiredNonces } from './nonce-store.ts';

// Neither table is read past its rows' expiry, so the purge only keeps them small: hourly is plenty.
const PURGE_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Deletes the single-use records that can no longer matter: spent nonces past their keep-until time
 * and expired dashboard logins. main.ts starts it; tests call {@link ExpiredRecordsPurge.runOnce}.
 */
export class ExpiredRecordsPurge {
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly deps: {
      readonly db: Executor;
      readonly dashboardSessions: DashboardSessionRepository;
      readonly logger: Logger;
    },
  ) {}

  /** One purge; returns how many rows of each kind went. */
  async runOnce(now = new Date()): Promise<{ spentNonces: number; dashboardSessions: number }> {
    const spentNonces = await purgeExpiredNonces(this.deps.db, now);
    const dashboardSessions = await this.deps.dashboardSessions.purgeExpired(now);
    if (spentNonces + dashboardSessions > 0)
      this.deps.logger.debug({ spentNonces, dashboardSessions }, 'purged expired records');
    return { spentNonces, dashboardSessions };
  }

  /** Purges now and then hourly, in the background; a failed round is logged and the next one tries again. */
  start(intervalMs = PURGE_INTERVAL_MS): void {
    if (this.#timer) return;
    const run = () => {
      this.runOnce().catch((error: unknown) =>
        this.deps.logger.warn({ err: error }, 'could not purge expired records'),
      );
    };
    run();
    this.#timer = setInterval(run, intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}

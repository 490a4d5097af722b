import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Services } from './services.ts';

/**
 * How long the draws in flight may take to finish on SIGTERM. The whole stop must end within 10 s
 * (SPEC §5; a container runtime's usual grace before SIGKILL); closing the server, the bot and the
 * database after the draws takes well under a second.
 */
export const DRAIN_BUDGET_MS = 7_000;

/**
 * The first half of a graceful stop (SPEC §5 "SIGTERM drains"), before the server closes: the draw gate
 * closes (a draw asked for from now on is a 503 `shutting_down`, and /readyz says so, so a load balancer
 * moves on), the session scheduler claims nothing more and releases the ticks it claimed but had not
 * started (another replica takes them at once), the claim windows' expiry pass stops, and the draws in
 * flight — one-off and session alike — finish, drawn and announced (their Twitch chat lines sent too),
 * within `budgetMs`. Returns whether they all did. One still running after it is left to its lease (a
 * session's) or voided later (a one-off's), never half-drawn: make_raffle commits whole or not at all.
 */
export async function drainDraws(
  services: Services,
  logger: Logger,
  budgetMs = DRAIN_BUDGET_MS,
): Promise<boolean> {
  const startedAt = performance.now();
  const drained = Promise.all([
    services.draws.gate.close(),
    services.scheduler.stop(),
    services.claims.stop(),
  ])
    // The draws' lines in Twitch chat are sent in the background: they are part of the announcement.
    .then(() => services.chat?.idle())
    .then(() => true);
  const timeout = new AbortController();
  const finished = await Promise.race([
    drained,
    sleep(budgetMs, false, { signal: timeout.signal }).catch(() => false),
  ]);
  timeout.abort();
  const ms = Math.round(performance.now() - startedAt);
  if (finished) logger.info({ ms }, 'draining: the draws in flight are done');
  else logger.warn({ ms }, 'draining: draws still in flight after the budget; leaving them to their lease');
  return finished;
}

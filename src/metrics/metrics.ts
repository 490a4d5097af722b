// The Prometheus metrics of SPEC §5, in one registry per process. The API serves it at GET /metrics;
// the bot records into the same registry, so its two metrics are served when it runs in the API's
// process (`npm start`). Code records through the typed helpers below, never through prom-client.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { DrawTrigger } from '../contract/raffles.ts';

/** The one registry of this process. */
export const metricsRegistry = new Registry();

/**
 * How a draw attempt ended: `drawn` (committed with winners), `void` (nobody eligible or no prize
 * left), `replayed` (a repeated idempotency key: nothing drawn again), `refused` (the server was
 * shutting down) or `failed` (entrants not gathered, a database error…).
 */
export type DrawResultLabel = 'drawn' | 'void' | 'replayed' | 'refused' | 'failed';

/** How a Discord command ended: `ok`, `refused` (a user error, a 4xx of the API) or `failed`. */
export type CommandResultLabel = 'ok' | 'refused' | 'failed';

/** How a token refresh with Twitch ended: `ok`, `refused` (the streamer must reconnect) or `failed`. */
export type RefreshResultLabel = 'ok' | 'refused' | 'failed';

const draws = new Counter({
  name: 'kinoyu_draws_total',
  help: 'Draw attempts, by what caused them and how they ended.',
  labelNames: ['trigger', 'result'] as const,
  registers: [metricsRegistry],
});

// SPEC §8 asks for p95 ≤ 1 s (session ticks) and ≤ 1 s (claim expiries): buckets around that second.
const LATENESS_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30];

const tickLateness = new Histogram({
  name: 'kinoyu_session_tick_lateness_seconds',
  help: 'How late a session tick fired after its due time.',
  buckets: LATENESS_BUCKETS,
  registers: [metricsRegistry],
});

const claimExpiryLateness = new Histogram({
  name: 'kinoyu_claim_expiry_lateness_seconds',
  help: 'How long after its deadline a claim window was handled.',
  buckets: LATENESS_BUCKETS,
  registers: [metricsRegistry],
});

const twitchRequests = new Counter({
  name: 'kinoyu_twitch_requests_total',
  help: 'Helix requests sent to Twitch, by endpoint and HTTP status ("error": no answer).',
  labelNames: ['endpoint', 'status'] as const,
  registers: [metricsRegistry],
});

const tokenRefreshes = new Counter({
  name: 'kinoyu_token_refreshes_total',
  help: 'Twitch user-token refreshes this process made, by result.',
  labelNames: ['result'] as const,
  registers: [metricsRegistry],
});

const sseClients = new Gauge({
  name: 'kinoyu_sse_clients',
  help: 'Server-sent event streams open now.',
  registers: [metricsRegistry],
});

const discordCommands = new Counter({
  name: 'kinoyu_discord_commands_total',
  help: 'Discord commands the bot handled, by command and result.',
  labelNames: ['command', 'result'] as const,
  registers: [metricsRegistry],
});

const discordCommandSeconds = new Histogram({
  name: 'kinoyu_discord_command_seconds',
  help: 'How long the bot took from a command to its reply.',
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 30],
  registers: [metricsRegistry],
});

// SPEC §8 allows a one-off draw one beacon period + 1.5 s more than without a beacon.
const beaconFetchSeconds = new Histogram({
  name: 'kinoyu_beacon_fetch_seconds',
  help: 'How long after its time (or after it was asked for, if later) a drand round was fetched and verified.',
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 1.5, 2, 3, 5, 10, 30, 120],
  registers: [metricsRegistry],
});

const beaconFetchFailures = new Counter({
  name: 'kinoyu_beacon_fetch_failures_total',
  help: 'drand relay answers that could not be used, by problem (a round not published yet is not counted).',
  labelNames: ['problem'] as const,
  registers: [metricsRegistry],
});

let processMetrics = false;

/** Adds Node's process metrics (memory, CPU, event loop lag…) with the `kinoyu_` prefix, once. */
export function collectProcessMetrics(): void {
  if (processMetrics) return;
  processMetrics = true;
  collectDefaultMetrics({ register: metricsRegistry, prefix: 'kinoyu_' });
}

/** Counts one draw attempt. */
export function recordDraw(trigger: DrawTrigger, result: DrawResultLabel): void {
  draws.inc({ trigger, result });
}

/** Records how late a session tick fired (`dueAt` its due time). */
export function recordTickLateness(dueAt: Date, firedAt = Date.now()): void {
  tickLateness.observe(Math.max(0, firedAt - dueAt.getTime()) / 1000);
}

/** Records how long after its deadline a claim window was handled. */
export function recordClaimExpiryLateness(deadline: Date, handledAt = Date.now()): void {
  claimExpiryLateness.observe(Math.max(0, handledAt - deadline.getTime()) / 1000);
}

/**
 * Counts one Helix request. `endpoint` is twurple's path (`chat/chatters`); a path segment that is
 * only digits becomes `:id`, so that one label value stands for one endpoint.
 */
export function recordTwitchRequest(endpoint: string, status: number | 'error'): void {
  const path =
    endpoint
      .split('?')[0]
      ?.replace(/^\/+/, '')
      .replace(/\/\d+(?=\/|$)/g, '/:id') ?? '';
  twitchRequests.inc({ endpoint: path, status: String(status) });
}

/** Counts one Twitch token refresh. */
export function recordTokenRefresh(result: RefreshResultLabel): void {
  tokenRefreshes.inc({ result });
}

/** Counts an event stream as open; call the function it returns when it closes (once). */
export function openSseClient(): () => void {
  sseClients.inc();
  let open = true;
  return () => {
    if (!open) return;
    open = false;
    sseClients.dec();
  };
}

/** Counts one Discord command and how long it took to its reply. */
export function recordDiscordCommand(command: string, result: CommandResultLabel, seconds: number): void {
  discordCommands.inc({ command, result });
  discordCommandSeconds.observe(seconds);
}

/** Records how long a drand round took to come verified, in seconds. */
export function recordBeaconFetch(seconds: number): void {
  beaconFetchSeconds.observe(Math.max(0, seconds));
}

/** Counts one relay answer that could not be used (`problem` is a RelayProblem code: a few values). */
export function recordBeaconFailure(problem: string): void {
  beaconFetchFailures.inc({ problem });
}

/** The registry in Prometheus text format, and its content type. */
export async function metricsText(): Promise<{ contentType: string; body: string }> {
  return { contentType: metricsRegistry.contentType, body: await metricsRegistry.metrics() };
}

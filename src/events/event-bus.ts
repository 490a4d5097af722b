import { EventEmitter } from 'node:events';
import type { RaffleView } from '../raffles/raffle-view.ts';

/** An automatic session as clients see it (`GET …/session` and `session.*` events). */
export interface SessionView {
  readonly active: boolean;
  readonly sessionId: number | null;
  readonly intervalSeconds: number | null;
  readonly chance: number | null;
  readonly maxDraws: number | null;
  readonly drawsDone: number;
  readonly ticksDone: number;
  readonly nextDrawAt: string | null;
  readonly startedAt: string | null;
  readonly stoppedAt: string | null;
  /** Why it stopped: `stopped_by_user`, `no_prizes_left`, `max_draws_reached`, `stream_offline`, … */
  readonly stopReason: string | null;
}

/**
 * The events of SPEC §7's streams. Every event names its channel (login) and channel id.
 * - `raffle.drawn`: a draw committed (one-off, session tick, or a slot redrawn: `trigger`).
 *   `requestedByGuild` is the Discord server whose command caused it (the bot already answered there).
 * - `session.started` / `session.stopped`: the automatic session, with its state after the change.
 * - `channel.connected` / `channel.reconnect_needed` / `channel.disconnected`: the Twitch connection.
 */
export type KinoYuEvent =
  | { type: 'channel.connected'; channel: string; channelId: number; guildId: string | null }
  | { type: 'channel.reconnect_needed'; channel: string; channelId: number; reason: string }
  | { type: 'channel.disconnected'; channel: string; channelId: number }
  | {
      type: 'raffle.drawn';
      channel: string;
      channelId: number;
      raffleId: number;
      trigger: 'command' | 'session' | 'reroll';
      requestedByGuild: string | null;
      sessionId: number | null;
      /** The slot that was redrawn, for `trigger: 'reroll'`. */
      position: number | null;
      raffle: RaffleView;
    }
  | {
      type: 'session.started' | 'session.stopped';
      channel: string;
      channelId: number;
      sessionId: number;
      session: SessionView;
    };

/** An event as delivered: with the time it was published. */
export type PublishedEvent = KinoYuEvent & { at: string };

/**
 * In-process fan-out of events to the SSE streams and the bot. One process for now; with REDIS_URL
 * the same interface publishes across API replicas.
 */
export class EventBus {
  readonly #emitter = new EventEmitter();

  constructor() {
    // Every open event stream is a listener; there may be many.
    this.#emitter.setMaxListeners(0);
  }

  publish(event: KinoYuEvent): void {
    this.#emitter.emit('event', { ...event, at: new Date().toISOString() });
  }

  /** Calls `listener` for every event until the returned function is called. */
  subscribe(listener: (event: PublishedEvent) => void): () => void {
    this.#emitter.on('event', listener);
    return () => this.#emitter.off('event', listener);
  }
}

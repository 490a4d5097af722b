import type { Logger } from 'pino';
import type { Channel } from '../channels/channel-repository.ts';
import type { ChannelSettings, SettingsRepository } from '../channels/settings-repository.ts';
import { conflict } from '../errors.ts';
import type { EventBus, SessionView } from '../events/event-bus.ts';
import type { ItemService } from './item-service.ts';
import { type Session, type SessionRepository, toSessionView } from './session-repository.ts';

/** What a start request may set; the rest comes from the channel's settings (SPEC §3). */
export interface SessionStart {
  readonly intervalSeconds?: number | undefined;
  readonly chance?: number | undefined;
  readonly maxDraws?: number | null | undefined;
  readonly startedBy?: string | undefined;
  /** The Discord server whose command asks, if any. */
  readonly requestedByGuild?: string | null | undefined;
}

/** Why a session ended, as events and `GET …/session` say it. */
export type StopReason =
  | 'stopped_by_user'
  | 'no_prizes_left'
  | 'max_draws_reached'
  | 'stream_offline'
  | 'channel_not_connected'
  | 'twitch_reconnect_needed';

/** Starting, stopping and reading a channel's automatic session; every change is an event. */
export class SessionService {
  constructor(
    private readonly deps: {
      sessions: SessionRepository;
      settings: SettingsRepository;
      items: ItemService;
      events: EventBus;
      logger: Logger;
      /** Wakes the local scheduler so the first tick is not late by a poll interval. */
      onStarted?: () => void;
    },
  ) {}

  settingsOf(channel: Channel): Promise<ChannelSettings> {
    return this.deps.settings.get(channel.id);
  }

  async get(channel: Channel): Promise<SessionView> {
    return toSessionView(await this.deps.sessions.current(channel.id));
  }

  async start(channel: Channel, request: SessionStart): Promise<SessionView> {
    const items = await this.deps.items.list(channel.id);
    if (!items.some((item) => item.quantity === null || item.quantity > 0)) {
      throw conflict('no_prizes_left', 'Add prizes before starting a session: every tick gives one away.');
    }
    const settings = await this.deps.settings.get(channel.id);
    const session = await this.deps.sessions.start(channel.id, {
      intervalSeconds: request.intervalSeconds ?? settings.sessionIntervalSeconds,
      chance: request.chance ?? settings.sessionChance,
      maxDraws: request.maxDraws === undefined ? settings.sessionMaxDraws : request.maxDraws,
      startedBy: request.startedBy ?? null,
    });
    if (!session) {
      throw conflict('session_already_active', `A session is already running on "${channel.login}".`);
    }
    this.deps.logger.info(
      { channel: channel.login, sessionId: session.id, intervalSeconds: session.intervalSeconds },
      'raffle session started',
    );
    const view = this.#publish('session.started', channel, session, request.requestedByGuild ?? null);
    this.deps.onStarted?.();
    return view;
  }

  /** Stops the channel's active session at a user's request. */
  async stopByUser(channel: Channel, requestedByGuild: string | null = null): Promise<SessionView> {
    const current = await this.deps.sessions.current(channel.id);
    const stopped =
      current?.status === 'active' &&
      (await this.stop(channel, current, 'stopped_by_user', requestedByGuild));
    if (!stopped) throw conflict('no_active_session', `No session is running on "${channel.login}".`);
    return stopped;
  }

  /** Stops `session` for `reason` unless it already stopped; publishes `session.stopped` once. */
  async stop(
    channel: Channel,
    session: Session,
    reason: StopReason,
    requestedByGuild: string | null = null,
  ): Promise<SessionView | undefined> {
    const stopped = await this.deps.sessions.stop(session.id, reason);
    if (!stopped) return undefined;
    this.deps.logger.info(
      { channel: channel.login, sessionId: session.id, reason },
      'raffle session stopped',
    );
    return this.#publish('session.stopped', channel, stopped, requestedByGuild);
  }

  #publish(
    type: 'session.started' | 'session.stopped',
    channel: Channel,
    session: Session,
    requestedByGuild: string | null,
  ): SessionView {
    const view = toSessionView(session);
    this.deps.events.publish({
      type,
      channel: channel.login,
      channelId: channel.id,
      sessionId: session.id,
      requestedByGuild,
      session: view,
    });
    return view;
  }
}

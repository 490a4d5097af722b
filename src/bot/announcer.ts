import type { Client } from 'discord.js';
import type { DiscordLink, PublishedEvent, StopReason } from './api-types.ts';
import { NO_MENTIONS } from './bot.ts';
import type { CommandReply } from './commands/command.ts';
import type { BotServices } from './dispatch.ts';
import { type Messages, messagesFor } from './messages/index.ts';
import { formatInterval } from './parse/interval.ts';
import { neutralize } from './render/escape.ts';
import { raffleAnnouncement } from './render/raffle-announcement.ts';
import { relativeTime } from './render/time.ts';

type EventOf<T extends PublishedEvent['type']> = Extract<PublishedEvent, { type: T }>;

/** The stop reasons the bot names in its own words; the others are quoted (`session.stopReason.other`). */
const STOP_REASONS = [
  'stopped_by_user',
  'no_prizes_left',
  'max_draws_reached',
  'stream_offline',
] as const satisfies readonly StopReason[];

/**
 * Turns API events into Discord messages in each linked server's announcement channel (SPEC §2):
 * draws (except in the server whose command already answered), session notices, the Twitch
 * connection confirmed, and "reconnect needed" warnings. Events are handled one at a time, in order.
 */
export class Announcer {
  #queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly client: Client,
    private readonly services: BotServices,
  ) {}

  /** Queues one event; never throws (failures are logged). */
  handle(event: PublishedEvent): void {
    this.#queue = this.#queue.then(() =>
      this.#announce(event).catch((error: unknown) => {
        this.services.logger.error(
          { type: event.type, channel: event.channel, err: error },
          'could not announce',
        );
      }),
    );
  }

  /** Resolves when every event queued so far has been handled. */
  idle(): Promise<void> {
    return this.#queue;
  }

  async #announce(event: PublishedEvent): Promise<void> {
    if (event.type === 'channel.connected' && event.guildId) this.services.links.forget(event.guildId);
    if (event.type === 'channel.connected' || event.type === 'channel.reconnect_needed') {
      this.services.links.forgetChannel(event.channel);
    }
    const { discord } = await this.services.api.channel(event.channel);
    for (const link of discord) {
      if (!link.announcementChannelId) continue;
      const reply = await this.#replyFor(event, link, messagesFor(link.language));
      if (reply) await this.#post(link, reply, event);
    }
  }

  async #replyFor(
    event: PublishedEvent,
    link: DiscordLink,
    messages: Messages,
  ): Promise<CommandReply | null> {
    const channel = neutralize(event.channel);
    switch (event.type) {
      case 'raffle.drawn':
        return event.requestedByGuild === link.guildId ? null : await this.#drawReply(event, messages);
      case 'session.started':
        if (this.#answeredByCommand(link, event)) return null;
        return {
          content: messages['event.sessionStarted']({
            interval: formatInterval(event.session.intervalSeconds ?? 0),
            next: relativeTime(event.session.nextDrawAt),
          }),
        };
      case 'session.stopped':
        if (this.#answeredByCommand(link, event)) return null;
        return {
          content: messages['event.sessionStopped']({
            reason: stopReason(event.session.stopReason, messages),
            draws: event.session.drawsDone,
          }),
        };
      case 'channel.connected':
        return event.guildId === null || event.guildId === link.guildId
          ? { content: messages['event.connected']({ channel }) }
          : null;
      case 'channel.reconnect_needed':
        return { content: messages['event.reconnectNeeded']({ channel }) };
      case 'channel.disconnected':
        return { content: messages['event.disconnected']({ channel }) };
      case 'raffle.claimed':
      case 'raffle.forfeited':
      case 'entries.opened':
      case 'entries.closed':
      case 'entries.updated':
        return null;
    }
  }

  #answeredByCommand(link: DiscordLink, event: EventOf<'session.started' | 'session.stopped'>): boolean {
    const requestedBy = (event as { requestedByGuild?: string | null }).requestedByGuild;
    if (requestedBy !== undefined && requestedBy !== null) return requestedBy === link.guildId;
    return this.services.echoes.consume(link.guildId, event.type, event.channel);
  }

  async #drawReply(event: EventOf<'raffle.drawn'>, messages: Messages): Promise<CommandReply> {
    if (event.trigger !== 'reroll') return raffleAnnouncement(event.raffle, messages);
    const replaced = await this.services.api.proof(event.raffleId).then(
      (proof) => proof.replaced,
      () => [],
    );
    return raffleAnnouncement(event.raffle, messages, { replaced, rerolledPosition: event.position });
  }

  async #post(link: DiscordLink, reply: CommandReply, event: PublishedEvent): Promise<void> {
    const logContext = { guildId: link.guildId, channel: event.channel, type: event.type };
    try {
      const target = await this.client.channels.fetch(link.announcementChannelId ?? '');
      if (!target?.isSendable()) {
        this.services.logger.warn(logContext, 'the announcement channel cannot receive messages');
        return;
      }
      await target.send({ ...reply, allowedMentions: NO_MENTIONS });
      this.services.logger.info(
        { ...logContext, ...(event.type === 'raffle.drawn' && { raffleId: event.raffleId }) },
        'announced in Discord',
      );
    } catch (error) {
      this.services.logger.warn({ ...logContext, err: error }, 'could not post the announcement');
    }
  }
}

function stopReason(reason: string | null, messages: Messages): string {
  const known = STOP_REASONS.find((candidate) => candidate === reason);
  return known
    ? messages[`session.stopReason.${known}`]()
    : messages['session.stopReason.other']({ reason: neutralize(reason ?? '—') });
}

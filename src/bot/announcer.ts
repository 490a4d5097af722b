import { type Client, DiscordAPIError, RESTJSONErrorCodes } from 'discord.js';
import type { DiscordLink, PublishedEvent, Recipient, StopReason } from './api-types.ts';
import type { CommandReply } from './commands/command.ts';
import { toPayload } from './discord-payload.ts';
import type { BotServices } from './dispatch.ts';
import { holdsGuild } from './guild-shard.ts';
import { type Messages, messagesFor } from './messages/index.ts';
import { formatInterval } from './parse/interval.ts';
import type { PostedAnnouncement } from './posted-announcements.ts';
import { PrizeDelivery } from './prize-delivery.ts';
import { recipientsToMention } from './raffle-recipients.ts';
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

/** Events about one raffle: they post its announcement, or edit where it was shown. */
type RaffleEvent = EventOf<'raffle.drawn' | 'raffle.claimed' | 'raffle.forfeited' | 'raffle.claim_restarted'>;

/**
 * Turns API events into Discord messages in each linked server's announcement channel (SPEC §2):
 * draws (except in the server whose command already answered), their claims, unclaimed redraws and
 * forfeits (edits of the messages that showed the raffle), entry windows, session notices, the Twitch
 * connection confirmed, and "reconnect needed" warnings. A draw or a claim then sends the codes that
 * became deliverable to their linked winners by DM (prize-delivery.ts). Events are handled one at a
 * time, in order.
 */
export class Announcer {
  #queue: Promise<void> = Promise.resolve();
  readonly #delivery: PrizeDelivery;

  constructor(
    private readonly client: Client,
    private readonly services: BotServices,
  ) {
    this.#delivery = new PrizeDelivery(client, services);
  }

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
    if (event.type === 'entries.updated') return; // a running count for the overlay, not a message
    if (event.type === 'raffle.snapshot' || event.type === 'raffle.voided') return; // shown by the drawn raffle's announcement
    if (event.type === 'channel.connected' && event.guildId) this.services.links.forget(event.guildId);
    if (event.type === 'channel.connected' || event.type === 'channel.reconnect_needed') {
      this.services.links.forgetChannel(event.channel);
    }
    const channel = await this.services.api.channel(event.channel);
    // With several shards, each posts in the servers it holds only.
    const links = channel.discord.filter((link) => holdsGuild(this.client, link.guildId));
    if (
      event.type === 'raffle.drawn' ||
      event.type === 'raffle.claimed' ||
      event.type === 'raffle.forfeited' ||
      event.type === 'raffle.claim_restarted'
    ) {
      for (const link of links) await this.#showRaffle(event, link, channel.settings.claimWord);
      if (event.type === 'raffle.drawn' || event.type === 'raffle.claimed')
        await this.#delivery.deliver(event, channel);
      return;
    }
    for (const link of links) {
      if (!link.announcementChannelId) continue;
      const reply = this.#replyFor(event, link, messagesFor(link.language));
      if (reply) await this.#post(link, reply, event);
    }
  }

  #replyFor(
    event: Exclude<
      PublishedEvent,
      RaffleEvent | EventOf<'entries.updated' | 'raffle.snapshot' | 'raffle.voided'>
    >,
    link: DiscordLink,
    messages: Messages,
  ): CommandReply | null {
    const channel = neutralize(event.channel);
    switch (event.type) {
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
      case 'entries.opened':
        if (event.requestedByGuild === link.guildId) return null;
        return { content: messages['event.entriesOpened']({ keyword: neutralize(event.keyword) }) };
      case 'entries.closed':
        if (event.requestedByGuild === link.guildId) return null;
        return { content: messages['event.entriesClosed']({ count: event.count }) };
      case 'channel.connected':
        return event.guildId === null || event.guildId === link.guildId
          ? { content: messages['event.connected']({ channel }) }
          : null;
      case 'channel.reconnect_needed':
        return { content: messages['event.reconnectNeeded']({ channel }) };
      case 'channel.disconnected':
        return { content: messages['event.disconnected']({ channel }) };
    }
  }

  #answeredByCommand(link: DiscordLink, event: EventOf<'session.started' | 'session.stopped'>): boolean {
    const requestedBy = (event as { requestedByGuild?: string | null }).requestedByGuild;
    if (requestedBy !== undefined && requestedBy !== null) return requestedBy === link.guildId;
    return this.services.echoes.consume(link.guildId, event.type, event.channel);
  }

  /**
   * One raffle event in one server. A new draw is posted (not where its command answered). A change
   * to a drawn raffle (a reroll, a claim, an unclaimed redraw, a forfeit) edits every message that
   * showed it there; when none is known (the bot restarted), a new message is posted instead. A reroll
   * made from another server is also posted, as before claims existed.
   */
  async #showRaffle(event: RaffleEvent, link: DiscordLink, claimWord: string): Promise<void> {
    const messages = messagesFor(link.language);
    const render = (rerolledPosition: number | null, recipients: readonly Recipient[] | undefined) =>
      raffleAnnouncement(event.raffle, messages, { rerolledPosition, claimWord, recipients });
    // A new message mentions the linked winners; an edit pings nobody and keeps the earlier mentions.
    const post = async (rerolledPosition: number | null) => {
      const recipients = await recipientsToMention(this.services, link.guildId, event.raffleId);
      await this.#post(link, render(rerolledPosition, recipients), event);
    };
    const trigger = event.type === 'raffle.drawn' ? event.trigger : null;
    if (trigger === 'command' || trigger === 'dashboard' || trigger === 'session') {
      if (event.type === 'raffle.drawn' && event.requestedByGuild !== link.guildId) await post(null);
      return;
    }
    let edited = 0;
    for (const posted of this.services.announcements.inGuild(event.raffleId, link.guildId)) {
      if (await this.#edit(posted, render(posted.rerolledPosition, posted.recipients), event)) edited++;
    }
    const redrawn = event.type === 'raffle.drawn' ? event.position : null;
    if (trigger === 'reroll') {
      if (event.type === 'raffle.drawn' && event.requestedByGuild !== link.guildId) await post(redrawn);
    } else if (edited === 0) {
      await post(redrawn);
    }
  }

  async #post(link: DiscordLink, reply: CommandReply, event: PublishedEvent): Promise<void> {
    const raffleId = 'raffleId' in event ? event.raffleId : undefined;
    const logContext = { guildId: link.guildId, channel: event.channel, type: event.type, raffleId };
    if (!link.announcementChannelId) return;
    try {
      const target = await this.client.channels.fetch(link.announcementChannelId);
      if (!target?.isSendable()) {
        this.services.logger.warn(logContext, 'the announcement channel cannot receive messages');
        return;
      }
      const sent = await target.send(toPayload(reply));
      if (reply.shows) {
        this.services.announcements.remember(reply.shows.raffleId, {
          guildId: link.guildId,
          channelId: sent.channelId,
          messageId: sent.id,
          rerolledPosition: reply.shows.rerolledPosition,
          recipients: reply.shows.recipients,
        });
      }
      this.services.logger.info(logContext, 'announced in Discord');
    } catch (error) {
      this.services.logger.warn({ ...logContext, err: error }, 'could not post the announcement');
    }
  }

  /** Edits a message that showed the raffle; false (and forgotten when it is gone) when it failed. */
  async #edit(posted: PostedAnnouncement, reply: CommandReply, event: RaffleEvent): Promise<boolean> {
    const logContext = {
      guildId: posted.guildId,
      channel: event.channel,
      type: event.type,
      raffleId: event.raffleId,
      messageId: posted.messageId,
    };
    try {
      const target = await this.client.channels.fetch(posted.channelId);
      if (!target?.isSendable()) throw new Error('the channel cannot hold messages');
      await target.messages.edit(posted.messageId, toPayload(reply));
      this.services.logger.info(logContext, 'announcement edited in Discord');
      return true;
    } catch (error) {
      if (isGone(error)) this.services.announcements.forget(event.raffleId, posted.messageId);
      this.services.logger.warn({ ...logContext, err: error }, 'could not edit the announcement');
      return false;
    }
  }
}

/** Discord says the message or its channel no longer exists. */
function isGone(error: unknown): boolean {
  return (
    error instanceof DiscordAPIError &&
    (error.code === RESTJSONErrorCodes.UnknownMessage || error.code === RESTJSONErrorCodes.UnknownChannel)
  );
}

function stopReason(reason: string | null, messages: Messages): string {
  const known = STOP_REASONS.find((candidate) => candidate === reason);
  return known
    ? messages[`session.stopReason.${known}`]()
    : messages['session.stopReason.other']({ reason: neutralize(reason ?? '—') });
}

import type { Client } from 'discord.js';
import { AnnouncementChannel } from './announcement-channel.ts';
import type { DiscordLink, PublishedEvent, Recipient, StopReason } from './api-types.ts';
import type { CommandReply } from './commands/command.ts';
import type { BotServices } from './dispatch.ts';
import { DrawAnnouncements, isNewDraw } from './draw-announcements.ts';
import { holdsGuild } from './guild-shard.ts';
import { type Messages, messagesFor } from './messages/index.ts';
import { formatInterval } from './parse/interval.ts';
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

/** Events about a drawn raffle: they edit where it was shown (new draws: draw-announcements.ts). */
type RaffleEvent = EventOf<'raffle.drawn' | 'raffle.claimed' | 'raffle.forfeited' | 'raffle.claim_restarted'>;

/**
 * Turns API events into Discord messages in each linked server's announcement channel (SPEC §2):
 * draws (waiting for their drand round, then the result or "void": draw-announcements.ts; except in
 * the server whose command already answered), their claims, unclaimed redraws and forfeits (edits of
 * the messages that showed the raffle), entry windows, session notices, the Twitch connection
 * confirmed, and "reconnect needed" warnings. A draw or a claim then sends the codes that became
 * deliverable to their linked winners by DM (prize-delivery.ts). Events are handled one at a time, in
 * order.
 */
export class Announcer {
  #queue: Promise<void> = Promise.resolve();
  readonly #delivery: PrizeDelivery;
  readonly #channel: AnnouncementChannel;
  readonly #draws: DrawAnnouncements;

  constructor(
    private readonly client: Client,
    private readonly services: BotServices,
  ) {
    this.#delivery = new PrizeDelivery(client, services);
    this.#channel = new AnnouncementChannel(client, services);
    this.#draws = new DrawAnnouncements(services, this.#channel, (work) =>
      this.#enqueue({ type: 'held event' }, work),
    );
  }

  /** Queues one event; never throws (failures are logged). */
  handle(event: PublishedEvent): void {
    // At once, not behind the queue: the command waiting for this draw shows its round right away.
    if (event.type === 'raffle.snapshot') this.services.draws.offerSnapshot(event);
    this.#enqueue({ type: event.type, channel: event.channel }, () => this.#announce(event));
  }

  #enqueue(logContext: { type: string; channel?: string }, work: () => Promise<void>): void {
    this.#queue = this.#queue.then(() =>
      work().catch((error: unknown) => {
        this.services.logger.error({ ...logContext, err: error }, 'could not announce');
      }),
    );
  }

  /** Resolves when every event queued so far has been handled. */
  idle(): Promise<void> {
    return this.#queue;
  }

  async #announce(event: PublishedEvent): Promise<void> {
    if (event.type === 'entries.updated') return; // a running count for the overlay, not a message
    if (event.type === 'channel.connected' && event.guildId) this.services.links.forget(event.guildId);
    if (event.type === 'channel.connected' || event.type === 'channel.reconnect_needed') {
      this.services.links.forgetChannel(event.channel);
    }
    const channel = await this.services.api.channel(event.channel);
    // With several shards, each posts in the servers it holds only.
    const links = channel.discord.filter((link) => holdsGuild(this.client, link.guildId));
    if (event.type === 'raffle.snapshot') return this.#draws.snapshot(event, links);
    if (event.type === 'raffle.voided') {
      for (const link of links) await this.#draws.voided(event, link);
      return;
    }
    if (event.type === 'raffle.drawn' && isNewDraw(event.trigger)) {
      for (const link of links) await this.#draws.drawn(event, link, channel.settings.claimWord);
      await this.#delivery.deliver(event, channel);
      return;
    }
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
      if (reply) await this.#channel.post(link, reply, { channel: event.channel, type: event.type });
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
   * A change to a drawn raffle in one server (a reroll, a claim, an unclaimed redraw, a forfeit): it
   * edits every message that showed the raffle there; when none is known (the bot restarted), a new
   * message is posted instead. A reroll made from another server is also posted, as before claims
   * existed. (New draws: draw-announcements.ts.)
   */
  async #showRaffle(event: RaffleEvent, link: DiscordLink, claimWord: string): Promise<void> {
    const messages = messagesFor(link.language);
    const context = { channel: event.channel, type: event.type, raffleId: event.raffleId };
    const render = (rerolledPosition: number | null, recipients: readonly Recipient[] | undefined) =>
      raffleAnnouncement(event.raffle, messages, { rerolledPosition, claimWord, recipients });
    // A new message mentions the linked winners; an edit pings nobody and keeps the earlier mentions.
    const post = async (rerolledPosition: number | null) => {
      const recipients = await recipientsToMention(this.services, link.guildId, event.raffleId);
      await this.#channel.post(link, render(rerolledPosition, recipients), context);
    };
    let edited = 0;
    for (const posted of this.services.announcements.inGuild(event.raffleId, link.guildId)) {
      const reply = render(posted.rerolledPosition, posted.recipients);
      if (await this.#channel.edit(posted, event.raffleId, reply, context)) edited++;
    }
    const redrawn = event.type === 'raffle.drawn' ? event.position : null;
    if (event.type === 'raffle.drawn' && event.trigger === 'reroll') {
      if (event.requestedByGuild !== link.guildId) await post(redrawn);
    } else if (edited === 0) {
      await post(redrawn);
    }
  }
}

function stopReason(reason: string | null, messages: Messages): string {
  const known = STOP_REASONS.find((candidate) => candidate === reason);
  return known
    ? messages[`session.stopReason.${known}`]()
    : messages['session.stopReason.other']({ reason: neutralize(reason ?? '—') });
}

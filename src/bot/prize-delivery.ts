import { type Client, escapeMarkdown } from 'discord.js';
import { ApiError } from './api-error.ts';
import type { ChannelView, DeliveryOutcome, PublishedEvent, RaffleView } from './api-types.ts';
import { discordErrorSummary } from './discord-error.ts';
import { NO_MENTIONS } from './discord-payload.ts';
import type { BotServices } from './dispatch.ts';
import { messagesFor } from './messages/index.ts';
import { neutralize } from './render/escape.ts';

type DeliveryEvent = Extract<PublishedEvent, { type: 'raffle.drawn' | 'raffle.claimed' }>;

/** Discord's "Cannot send messages to this user": DMs closed for the server, or the bot blocked. */
const DIRECT_MESSAGES_CLOSED = 50007;

/**
 * Sends each code that became deliverable to its linked holder by DM (SPEC §2.8): on a draw (a slot
 * without a claim window is deliverable at once) and on a claim. For each recipient the API marks
 * deliverable, the bot takes the code (the API hands each one out once), DMs it, and always reports
 * the outcome: a refused DM releases the code, which stays on the claim page. A code is never logged,
 * and neither is a Discord error of its DM (its request body holds the code).
 */
export class PrizeDelivery {
  constructor(
    private readonly client: Client,
    private readonly services: BotServices,
  ) {}

  /** Delivers what `event` made deliverable; never throws (failures are logged). */
  async deliver(event: DeliveryEvent, channel: ChannelView): Promise<void> {
    // One server this bot is in speaks for the channel; the API gives each code out once anyway.
    const link = channel.discord.find((candidate) => this.client.guilds.cache.has(candidate.guildId));
    if (!link) return;
    const positions = slotsOf(event);
    const logContext = { guildId: link.guildId, channel: event.channel, raffleId: event.raffleId };
    let recipients: { position: number; deliverable: boolean }[];
    try {
      ({ recipients } = await this.services.api.recipients(link.guildId, event.raffleId));
    } catch (error) {
      this.services.logger.warn({ ...logContext, err: error }, 'could not read who to send codes to');
      return;
    }
    const due = recipients.filter(
      (recipient) => recipient.deliverable && (positions === 'all' || positions.includes(recipient.position)),
    );
    const messages = messagesFor(link.language);
    const displayName = neutralize(channel.displayName || event.channel);
    for (const { position } of due) {
      await this.#deliverSlot(link.guildId, event.raffle, position, (code) =>
        messages['delivery.dm']({
          prize: neutralize(event.raffle.winners.find((w) => w.position === position)?.itemName ?? '—'),
          channel: displayName,
          raffleId: event.raffleId,
          code: escapeMarkdown(code),
          url: event.raffle.claimPageUrl,
        }),
      );
    }
  }

  async #deliverSlot(
    guildId: string,
    raffle: RaffleView,
    position: number,
    compose: (code: string) => string,
  ): Promise<void> {
    const logContext = { guildId, channel: raffle.channel, raffleId: raffle.raffleId, position };
    let delivery: { discordUserId: string; code: string };
    try {
      delivery = await this.services.api.takeDelivery(guildId, raffle.raffleId, position);
    } catch (error) {
      // Already delivered, or another bot process is sending it: nothing to do here.
      if (error instanceof ApiError && error.code === 'not_deliverable') return;
      this.services.logger.warn({ ...logContext, err: error }, 'could not take a code to send');
      return;
    }
    const outcome = await this.#sendDirect(delivery.discordUserId, compose(delivery.code), logContext);
    try {
      await this.services.api.reportDelivery(guildId, raffle.raffleId, position, outcome);
    } catch (error) {
      this.services.logger.error(
        { ...logContext, delivered: outcome.delivered, err: error },
        'could not report how the code DM went',
      );
    }
  }

  async #sendDirect(
    discordUserId: string,
    content: string,
    logContext: Record<string, unknown>,
  ): Promise<DeliveryOutcome> {
    const context = { ...logContext, discordUserId };
    try {
      const user = await this.client.users.fetch(discordUserId);
      await user.send({ content, allowedMentions: NO_MENTIONS });
      this.services.logger.info(context, 'prize code sent by DM');
      return { delivered: true };
    } catch (error) {
      const reason = discordErrorSummary(error);
      const { discordError } = reason;
      if (discordError === DIRECT_MESSAGES_CLOSED)
        this.services.logger.info(
          { ...context, ...reason },
          'the winner does not accept DMs; the code stays on the claim page',
        );
      else
        this.services.logger.warn(
          { ...context, ...reason },
          'could not DM a prize code; it stays on the claim page',
        );
      return { delivered: false, ...(discordError !== undefined && { discordError }) };
    }
  }
}

/** The slots an event may have made deliverable: a redraw or a claim names one, a new draw all. */
function slotsOf(event: DeliveryEvent): number[] | 'all' {
  if (event.type === 'raffle.claimed') return [event.position];
  return event.position === null ? 'all' : [event.position];
}

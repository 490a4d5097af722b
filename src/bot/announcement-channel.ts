import { type Client, DiscordAPIError, RESTJSONErrorCodes } from 'discord.js';
import type { DiscordLink } from './api-types.ts';
import type { CommandReply } from './commands/command.ts';
import { toPayload } from './discord-payload.ts';
import type { BotServices } from './dispatch.ts';
import type { PostedAnnouncement } from './posted-announcements.ts';

/** What every log line about one announcement names. */
export interface AnnouncementLogContext {
  readonly channel: string;
  readonly type: string;
  readonly raffleId?: number | undefined;
}

/**
 * Posts in a linked server's announcement channel and edits the bot's messages there. A message that
 * shows a raffle (`reply.shows`) is remembered, so later events about that raffle edit it. Failures
 * are logged, never thrown: one server's broken channel must not hold the others back.
 */
export class AnnouncementChannel {
  constructor(
    private readonly client: Client,
    private readonly services: BotServices,
  ) {}

  /** Posts `reply` in the server's announcement channel (none set: nothing); true when it was sent. */
  async post(link: DiscordLink, reply: CommandReply, context: AnnouncementLogContext): Promise<boolean> {
    const logContext = { guildId: link.guildId, ...context };
    if (!link.announcementChannelId) return false;
    try {
      const target = await this.client.channels.fetch(link.announcementChannelId);
      if (!target?.isSendable()) {
        this.services.logger.warn(logContext, 'the announcement channel cannot receive messages');
        return false;
      }
      const sent = await target.send(toPayload(reply));
      this.remember(reply, { guildId: link.guildId, channelId: sent.channelId, messageId: sent.id });
      this.services.logger.info(logContext, 'announced in Discord');
      return true;
    } catch (error) {
      this.services.logger.warn({ ...logContext, err: error }, 'could not post the announcement');
      return false;
    }
  }

  /**
   * Edits a message that showed raffle `raffleId` into `reply`; false (and forgotten when it is gone)
   * when it failed.
   */
  async edit(
    posted: PostedAnnouncement,
    raffleId: number,
    reply: CommandReply,
    context: AnnouncementLogContext,
  ): Promise<boolean> {
    const logContext = { guildId: posted.guildId, ...context, raffleId, messageId: posted.messageId };
    try {
      const target = await this.client.channels.fetch(posted.channelId);
      if (!target?.isSendable()) throw new Error('the channel cannot hold messages');
      await target.messages.edit(posted.messageId, toPayload(reply));
      this.services.logger.info(logContext, 'announcement edited in Discord');
      return true;
    } catch (error) {
      if (isGone(error)) this.services.announcements.forget(raffleId, posted.messageId);
      this.services.logger.warn({ ...logContext, err: error }, 'could not edit the announcement');
      return false;
    }
  }

  /** Sends `reply` as a new message in the channel of a message the bot edited; true when it was sent. */
  async followUp(
    edited: Pick<PostedAnnouncement, 'guildId' | 'channelId'>,
    reply: CommandReply,
    context: AnnouncementLogContext,
  ): Promise<boolean> {
    const logContext = { guildId: edited.guildId, ...context };
    try {
      const target = await this.client.channels.fetch(edited.channelId);
      if (!target?.isSendable()) throw new Error('the channel cannot hold messages');
      await target.send(toPayload(reply));
      return true;
    } catch (error) {
      this.services.logger.warn({ ...logContext, err: error }, 'could not send the follow-up message');
      return false;
    }
  }

  /** Remembers where `reply` shows its raffle (nothing when it shows none). */
  remember(
    reply: CommandReply,
    where: Pick<PostedAnnouncement, 'guildId' | 'channelId' | 'messageId'>,
  ): void {
    if (!reply.shows) return;
    this.services.announcements.remember(reply.shows.raffleId, {
      guildId: where.guildId,
      channelId: where.channelId,
      messageId: where.messageId,
      rerolledPosition: reply.shows.rerolledPosition,
      recipients: reply.shows.recipients,
    });
  }
}

/** Discord says the message or its channel no longer exists. */
function isGone(error: unknown): boolean {
  return (
    error instanceof DiscordAPIError &&
    (error.code === RESTJSONErrorCodes.UnknownMessage || error.code === RESTJSONErrorCodes.UnknownChannel)
  );
}

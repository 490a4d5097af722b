import type { DiscordLink } from './api-types.ts';
import type { CommandReply } from './commands/command.ts';
import type { BotServices } from './dispatch.ts';
import { type Messages, messagesFor } from './messages/index.ts';
import type { MemberAccess } from './preconditions.ts';
import { replyForError } from './reply-error.ts';

/** A click on one of the bot's buttons, reduced at the edge (bot.ts) to what its handler needs. */
export interface ButtonClick {
  readonly id: string;
  readonly guildId: string;
  readonly channelId: string;
  /** The message the button is on. */
  readonly messageId: string;
  readonly userId: string;
  readonly member: MemberAccess;
  /** deferUpdate: acknowledges within 3 seconds without changing the message yet. */
  acknowledge(): Promise<void>;
  /** Replaces the message the button is on. */
  update(reply: CommandReply): Promise<void>;
  /** A reply only the clicker sees (ephemeral). */
  tellPrivately(content: string): Promise<void>;
}

/**
 * Runs a button's handler: acknowledges within Discord's 3 seconds (deferUpdate), reads the server's
 * link and language, and tells any failure to the clicker alone.
 */
export async function runButtonClick(
  services: BotServices,
  click: ButtonClick,
  logContext: Record<string, unknown>,
  handle: (link: DiscordLink | null, messages: Messages) => Promise<void>,
): Promise<void> {
  let messages = messagesFor(null);
  try {
    await click.acknowledge();
    const link = await services.links.get(click.guildId);
    messages = messagesFor(link?.language);
    await handle(link, messages);
  } catch (error) {
    const content = replyForError(error, messages, services.logger, logContext);
    await click.tellPrivately(content).catch((sendError: unknown) => {
      services.logger.error({ ...logContext, err: sendError }, 'could not tell the clicker what went wrong');
    });
  }
}

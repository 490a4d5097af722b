import { CommandError } from './command-error.ts';
import type { CommandReply } from './commands/command.ts';
import type { BotServices } from './dispatch.ts';
import { messagesFor } from './messages/index.ts';
import { failedPreconditions, type MemberAccess, serverManager } from './preconditions.ts';
import { raffleAnnouncement } from './render/raffle-announcement.ts';
import { replyForError } from './reply-error.ts';

/** A click on a `reroll:<raffleId>:<position>` button, reduced at the edge (bot.ts). */
export interface RerollClick {
  readonly id: string;
  readonly guildId: string;
  readonly userId: string;
  readonly member: MemberAccess;
  readonly raffleId: number;
  readonly position: number;
  /** deferUpdate: acknowledges within 3 seconds without changing the message yet. */
  acknowledge(): Promise<void>;
  /** Replaces the announcement the button is on. */
  update(reply: CommandReply): Promise<void>;
  /** A reply only the clicker sees. */
  tellPrivately(content: string): Promise<void>;
}

/**
 * "Sortear de novo" (SPEC §2.4): a server manager redraws one slot; the announcement is edited to
 * show the new holder and, from the proof, who was replaced. Errors go only to the clicker.
 */
export async function handleRerollClick(services: BotServices, click: RerollClick): Promise<void> {
  const logContext = { guildId: click.guildId, raffleId: click.raffleId, position: click.position };
  let messages = messagesFor(null);
  try {
    await click.acknowledge();
    let link = await services.links.get(click.guildId);
    messages = messagesFor(link?.language);
    if (failedPreconditions([serverManager], click.member, link).length > 0) {
      // Checked again against a fresh link before refusing: the manager role may have just changed.
      services.links.forget(click.guildId);
      link = await services.links.get(click.guildId);
      if (failedPreconditions([serverManager], click.member, link).length > 0) {
        throw new CommandError('error.missing_permission');
      }
    }
    const raffle = await services.api.reroll(click.guildId, click.raffleId, click.position);
    services.logger.info({ ...logContext, channel: raffle.channel }, 'slot redrawn from Discord');
    const replaced = await services.api.proof(click.raffleId).then(
      (proof) => proof.replaced,
      (error: unknown) => {
        services.logger.warn({ ...logContext, err: error }, 'could not read who was replaced');
        return [];
      },
    );
    await click.update(raffleAnnouncement(raffle, messages, { replaced }));
  } catch (error) {
    const content = replyForError(error, messages, services.logger, logContext);
    await click.tellPrivately(content).catch((sendError: unknown) => {
      services.logger.error({ ...logContext, err: sendError }, 'could not tell the clicker what went wrong');
    });
  }
}

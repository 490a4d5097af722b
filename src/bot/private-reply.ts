import type { CommandReply } from './commands/command.ts';
import { discordErrorSummary } from './discord-error.ts';
import type { BotServices } from './dispatch.ts';

/** What happened to a DM: delivered, or refused by Discord because the member does not accept DMs. */
export type DirectMessageOutcome = 'sent' | 'refused';

/**
 * Sends a private reply of a text command to its author by DM and returns what to say in the channel
 * instead: never the private content itself, whatever went wrong.
 */
export async function replyPrivately(
  services: BotServices,
  reply: CommandReply,
  sendDirect: (reply: CommandReply) => Promise<DirectMessageOutcome>,
  logContext: Record<string, unknown>,
): Promise<CommandReply> {
  const notices = reply.privately;
  if (!notices) return reply;
  const outcome = await sendDirect({ ...reply, privately: undefined }).catch((error: unknown) => {
    // Not the error itself: its request body holds the private content (a link).
    services.logger.error(
      { ...logContext, ...discordErrorSummary(error) },
      'could not send a private reply by DM',
    );
    return 'failed' as const;
  });
  if (outcome === 'refused') services.logger.info(logContext, 'the member does not accept DMs');
  return { content: outcome === 'sent' ? notices.dmSent : notices.dmRefused };
}

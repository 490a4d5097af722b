import type { CommandReply } from './commands/command.ts';

/** No message of the bot ever pings anyone: user text may hold `@everyone` (SPEC §9). */
export const NO_MENTIONS = { parse: [] as [], repliedUser: false };

/**
 * A reply as discord.js sends it: every part set (an edit clears what is gone), mentions off but for
 * the users the reply names (linked winners), never roles, @everyone or @here.
 */
export function toPayload(reply: CommandReply) {
  const users = reply.mentions ?? [];
  return {
    content: reply.content ?? '',
    embeds: reply.embeds ?? [],
    components: reply.components ?? [],
    allowedMentions: users.length > 0 ? { ...NO_MENTIONS, users: [...users] } : NO_MENTIONS,
  };
}

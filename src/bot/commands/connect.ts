import { serverManager } from '../preconditions.ts';
import { relativeTime } from '../render/time.ts';
import { defineCommand } from './command.ts';

/** `!conectar` / `/sorteio conectar`: the single-use, expiring link the streamer opens (SPEC §2.1). */
export const connectCommand = defineCommand<void>({
  id: 'connect',
  text: [['conectar']],
  slash: { command: 'sorteio', subcommand: 'conectar' },
  preconditions: [serverManager],
  ephemeral: true,
  parseText: () => undefined,
  parseSlash: () => undefined,
  async run(context) {
    // Announcements go where the command was typed; the link carries the server's language.
    const link = await context.api.mintConnectLink(context.guildId, {
      announcementChannelId: context.channelId,
      language: context.language,
    });
    return {
      content: context.messages['connect.link']({ url: link.url, expiresAt: relativeTime(link.expiresAt) }),
    };
  },
});

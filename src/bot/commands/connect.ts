import type { ApiClient } from '../api-client.ts';
import type { Language } from '../api-types.ts';
import type { Messages } from '../messages/index.ts';
import { serverManager } from '../preconditions.ts';
import { confirmMoveReply } from '../render/connect-confirmation.ts';
import { relativeTime } from '../render/time.ts';
import type { CommandReply } from './command.ts';
import { defineCommand } from './command.ts';

/**
 * `!conectar` / `/sorteio conectar`: the single-use, expiring link the streamer opens (SPEC §2.1).
 * Whoever opens the link first decides which channel the server is linked to, so it is only ever
 * shown to the member who asked (ephemeral, or by DM for the text command), and a server already
 * linked is asked to confirm first (connect-button.ts mints the link on "Sim, trocar").
 */
export const connectCommand = defineCommand<void>({
  id: 'connect',
  text: [['conectar']],
  slash: { command: 'sorteio', subcommand: 'conectar' },
  preconditions: [serverManager],
  ephemeral: true,
  parseText: () => undefined,
  parseSlash: () => undefined,
  async run(context) {
    // Asked fresh: a link cached a few seconds ago must not decide whether a move goes unconfirmed.
    context.links.forget(context.guildId);
    const current = await context.links.get(context.guildId);
    if (current) return confirmMoveReply(current, context.userId, context.messages);
    return connectLinkReply(context.api, context, context.messages);
  },
});

/**
 * Mints a connect link whose announcements go to `channelId` (where it was asked) in the server's
 * language, as a private reply.
 */
export async function connectLinkReply(
  api: ApiClient,
  target: { readonly guildId: string; readonly channelId: string; readonly language: Language },
  messages: Messages,
): Promise<CommandReply> {
  const link = await api.mintConnectLink(target.guildId, {
    announcementChannelId: target.channelId,
    language: target.language,
  });
  return {
    content: messages['connect.link']({ url: link.url, expiresAt: relativeTime(link.expiresAt) }),
    privately: { dmSent: messages['connect.sentByDm'](), dmRefused: messages['connect.dmRefused']() },
  };
}

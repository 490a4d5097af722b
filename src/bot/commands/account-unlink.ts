import { defineCommand } from './command.ts';

/**
 * `!desvincular` / `/sorteio desvincular` (SPEC §2.8): removes the member's own account link, answered
 * privately (ephemeral, or by DM for the text command; nothing secret, so a refused DM says it in
 * the channel). No link: the `not_linked` reply.
 */
export const accountUnlinkCommand = defineCommand<void>({
  id: 'account.unlink',
  text: [['desvincular']],
  slash: { command: 'sorteio', subcommand: 'desvincular' },
  preconditions: [],
  ephemeral: true,
  parseText: () => undefined,
  parseSlash: () => undefined,
  async run(context) {
    await context.api.unlinkAccount(context.guildId, context.userId);
    context.logger.info({ guildId: context.guildId, userId: context.userId }, 'account unlinked');
    const unlinked = context.messages['account.unlinked']();
    return {
      content: unlinked,
      privately: { dmSent: context.messages['account.answeredByDm'](), dmRefused: unlinked },
    };
  },
});

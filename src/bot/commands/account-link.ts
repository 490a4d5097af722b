import { relativeTime } from '../render/time.ts';
import { defineCommand } from './command.ts';

/**
 * `!vincular` / `/sorteio vincular` (SPEC §2.8): a signed, single-use, 15-minute link that ties this
 * Discord account to the Twitch account the member signs in with. Anyone may ask. Whoever opens the
 * link first links *their* Twitch account to the asker's Discord account, so it is shown to the asker
 * only: ephemeral for the slash command, by DM for the text command — never in the channel.
 */
export const accountLinkCommand = defineCommand<void>({
  id: 'account.link',
  text: [['vincular']],
  slash: { command: 'sorteio', subcommand: 'vincular' },
  preconditions: [],
  ephemeral: true,
  parseText: () => undefined,
  parseSlash: () => undefined,
  async run(context) {
    const link = await context.api.mintAccountLink(context.guildId, context.userId, {
      username: context.userName.slice(0, 100) || undefined,
      language: context.language,
    });
    context.logger.info({ guildId: context.guildId, userId: context.userId }, 'account link minted');
    return {
      content: context.messages['account.link']({ url: link.url, expiresAt: relativeTime(link.expiresAt) }),
      privately: {
        dmSent: context.messages['account.sentByDm'](),
        dmRefused: context.messages['account.dmRefused'](),
      },
    };
  },
});

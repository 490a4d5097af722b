import { parseKeyword } from '../parse/keyword.ts';
import { serverManager } from '../preconditions.ts';
import { neutralize } from '../render/escape.ts';
import { defineCommand } from './command.ts';
import { requireLink } from './require-link.ts';

/**
 * `!abrir [palavra]` / `/sorteio abrir palavra:…` (SPEC §2.7): opens an entry window; viewers who type
 * the keyword in Twitch chat enter (the API announces it there). Without a keyword, the channel's
 * default. A hint follows when the channel still draws among everyone in chat.
 */
export const openEntriesCommand = defineCommand<string | undefined>({
  id: 'entries.open',
  text: [['abrir']],
  slash: { command: 'sorteio', subcommand: 'abrir' },
  preconditions: [serverManager],
  parseText: parseKeyword,
  parseSlash: (options) => parseKeyword(options.getString('palavra')),
  async run(context, keyword) {
    const link = requireLink(context);
    const [entries, channel] = await Promise.all([
      context.api.openEntries(context.guildId, link.channel, keyword),
      context.api.channel(link.channel).catch((error: unknown) => {
        context.logger.warn({ guildId: context.guildId, err: error }, 'could not read the entry mode');
        return null;
      }),
    ]);
    context.logger.info(
      { guildId: context.guildId, channel: link.channel, windowId: entries.windowId },
      'entries opened from Discord',
    );
    const opened = context.messages['entries.opened']({
      keyword: neutralize(entries.keyword ?? keyword ?? ''),
    });
    const hint =
      channel?.settings.entryMode === 'chat' ? `\n${context.messages['entries.chatModeHint']()}` : '';
    return { content: `${opened}${hint}` };
  },
});

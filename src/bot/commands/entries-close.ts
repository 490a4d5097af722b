import { serverManager } from '../preconditions.ts';
import { defineCommand } from './command.ts';
import { requireLink } from './require-link.ts';

/** `!fechar` / `/sorteio fechar` (SPEC §2.7): closes the entry window; its entries stay for the draws. */
export const closeEntriesCommand = defineCommand<void>({
  id: 'entries.close',
  text: [['fechar']],
  slash: { command: 'sorteio', subcommand: 'fechar' },
  preconditions: [serverManager],
  parseText: () => undefined,
  parseSlash: () => undefined,
  async run(context) {
    const link = requireLink(context);
    const entries = await context.api.closeEntries(context.guildId, link.channel);
    context.logger.info(
      { guildId: context.guildId, channel: link.channel, windowId: entries.windowId, count: entries.count },
      'entries closed from Discord',
    );
    return {
      content: context.messages['entries.closed']({ count: entries.count, refused: entries.refusedCount }),
    };
  },
});

import { serverManager } from '../preconditions.ts';
import { defineCommand } from './command.ts';
import { requireLink } from './require-link.ts';

/** `!itens limpar` / `/itens limpar`: removes every prize of the channel. */
export const clearItemsCommand = defineCommand<void>({
  id: 'items.clear',
  text: [['itens', 'limpar']],
  slash: { command: 'itens', subcommand: 'limpar' },
  preconditions: [serverManager],
  parseText: () => undefined,
  parseSlash: () => undefined,
  async run(context) {
    const link = requireLink(context);
    await context.api.clearPrizes(context.guildId, link.channel);
    return { content: context.messages['items.cleared']() };
  },
});

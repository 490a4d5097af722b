import { CommandError } from '../command-error.ts';
import { serverManager } from '../preconditions.ts';
import { neutralize, truncate } from '../render/escape.ts';
import { defineCommand } from './command.ts';
import { requireLink } from './require-link.ts';

/**
 * `!itens adicionar skin dourada:50, skin prata:30x2` / `/itens adicionar lista:…`: the list goes to
 * the API as typed; it parses `nome:peso` / `nome;peso`, `x2` / `x*`, all or nothing, and names the
 * bad part of a malformed list (shown by reply-error.ts).
 */
export const addItemsCommand = defineCommand<string>({
  id: 'items.add',
  text: [['itens', 'adicionar']],
  slash: { command: 'itens', subcommand: 'adicionar' },
  preconditions: [serverManager],
  parseText: prizeListText,
  parseSlash: (options) => prizeListText(options.getString('lista') ?? ''),
  async run(context, text) {
    const link = requireLink(context);
    const { items } = await context.api.addPrizes(context.guildId, link.channel, text);
    const names = items.map((item) => `**${neutralize(item.name)}**`).join(', ');
    return {
      content: truncate(context.messages['items.added']({ count: items.length, names }), 2000),
    };
  },
});

function prizeListText(text: string): string {
  const list = text.trim();
  if (list === '') throw new CommandError('error.missing_prize_list');
  return list;
}

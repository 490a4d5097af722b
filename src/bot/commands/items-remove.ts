import { CommandError } from '../command-error.ts';
import { serverManager } from '../preconditions.ts';
import { neutralize } from '../render/escape.ts';
import { defineCommand } from './command.ts';
import { requireLink } from './require-link.ts';

/** `!itens remover <nome>` / `/itens remover nome:…`: the prize of that name (any case) is deleted. */
export const removeItemCommand = defineCommand<string>({
  id: 'items.remove',
  text: [['itens', 'remover']],
  slash: { command: 'itens', subcommand: 'remover' },
  preconditions: [serverManager],
  parseText: prizeName,
  parseSlash: (options) => prizeName(options.getString('nome') ?? ''),
  async run(context, name) {
    const link = requireLink(context);
    const { items } = await context.api.prizes(context.guildId, link.channel);
    const wanted = name.toLocaleLowerCase();
    const prize = items.find((item) => item.name.toLocaleLowerCase() === wanted);
    if (!prize) throw new CommandError('error.prize_not_found', { name });
    await context.api.removePrize(context.guildId, link.channel, prize.id);
    return { content: context.messages['items.removed']({ name: neutralize(prize.name) }) };
  },
});

function prizeName(text: string): string {
  const name = text.trim().replace(/\s+/g, ' ');
  if (name === '') throw new CommandError('error.missing_prize_name');
  return name;
}

import { EmbedBuilder } from 'discord.js';
import type { Prize } from '../api-types.ts';
import type { Messages } from '../messages/index.ts';
import { DISCORD_LIMITS, fitLines } from '../render/discord-limits.ts';
import { neutralize, truncate } from '../render/escape.ts';
import { defineCommand } from './command.ts';
import { requireLink } from './require-link.ts';

/** `!itens` / `/itens listar`: the prizes with each one's chance and quantity (SPEC §2.2). */
export const listItemsCommand = defineCommand<void>({
  id: 'items.list',
  text: [['itens'], ['itens', 'listar']],
  slash: { command: 'itens', subcommand: 'listar' },
  preconditions: [],
  parseText: () => undefined,
  parseSlash: () => undefined,
  async run(context) {
    const link = requireLink(context);
    const { items } = await context.api.prizes(context.guildId, link.channel);
    const embed = new EmbedBuilder()
      .setTitle(truncate(context.messages['items.title']({ channel: neutralize(link.displayName) }), 256))
      .setDescription(prizeLines(items, context.messages, context.language));
    return { embeds: [embed] };
  },
});

/** One line per prize: name, chance in percent, quantity (∞ for unlimited), cut to the embed's limit. */
export function prizeLines(items: readonly Prize[], messages: Messages, language: string): string {
  if (items.length === 0) return messages['items.empty']();
  const percent = new Intl.NumberFormat(language, { maximumFractionDigits: 2 });
  const lines = items.map((item) =>
    messages['items.line']({
      name: neutralize(item.name),
      chance: percent.format(item.chance),
      quantity: item.quantity === null ? messages.unlimited() : String(item.quantity),
    }),
  );
  return fitLines(lines, DISCORD_LIMITS.embedDescription, (count) => messages['items.more']({ count }));
}

import { EmbedBuilder } from 'discord.js';
import { defineCommand } from './command.ts';

/** `!ajuda` / `/sorteio ajuda`: every command in one embed. */
export const helpCommand = defineCommand<void>({
  id: 'help',
  text: [['ajuda'], ['help']],
  slash: { command: 'sorteio', subcommand: 'ajuda' },
  preconditions: [],
  parseText: () => undefined,
  parseSlash: () => undefined,
  async run(context) {
    const embed = new EmbedBuilder()
      .setTitle(context.messages['help.title']())
      .setDescription(context.messages['help.body']());
    return { embeds: [embed] };
  },
});

import { CommandError } from '../command-error.ts';
import { defineCommand } from './command.ts';

/**
 * `!itens codigos` (SPEC §2.8): codes are never pasted in a channel, so the text form only points to
 * the slash command, whose form only the manager sees (codes-form.ts). Its slash form never reaches
 * this handler: bot.ts answers `/itens codigos` with the form, which must be the first response.
 */
export const itemCodesCommand = defineCommand<void>({
  id: 'items.codes',
  text: [
    ['itens', 'codigos'],
    ['itens', 'códigos'],
  ],
  slash: { command: 'itens', subcommand: 'codigos' },
  preconditions: [],
  parseText: () => {
    throw new CommandError('error.codes_slash_only');
  },
  parseSlash: () => undefined,
  async run() {
    throw new CommandError('error.codes_slash_only');
  },
});

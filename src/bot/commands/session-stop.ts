import { serverManager } from '../preconditions.ts';
import { defineCommand } from './command.ts';
import { requireLink } from './require-link.ts';

/** `!parar` / `/sorteio parar`: stops the automatic session. */
export const stopSessionCommand = defineCommand<void>({
  id: 'session.stop',
  text: [['parar']],
  slash: { command: 'sorteio', subcommand: 'parar' },
  preconditions: [serverManager],
  parseText: () => undefined,
  parseSlash: () => undefined,
  async run(context) {
    const link = requireLink(context);
    context.echoes.expect(context.guildId, 'session.stopped', link.channel);
    const session = await context.api.stopSession(context.guildId, link.channel).catch((error: unknown) => {
      // No session changed, so no event will come: stop expecting one.
      context.echoes.consume(context.guildId, 'session.stopped', link.channel);
      throw error;
    });
    return { content: context.messages['session.stopped']({ draws: session.drawsDone }) };
  },
});

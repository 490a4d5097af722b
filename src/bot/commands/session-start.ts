import { formatInterval, parseInterval } from '../parse/interval.ts';
import { serverManager } from '../preconditions.ts';
import { relativeTime } from '../render/time.ts';
import { defineCommand } from './command.ts';
import { requireLink } from './require-link.ts';

/**
 * `!iniciar [intervalo]` / `/sorteio iniciar intervalo:…` (SPEC §2.3): starts the automatic session;
 * no interval = the channel's default. Its draws are announced in the channel where it was started.
 */
export const startSessionCommand = defineCommand<number | undefined>({
  id: 'session.start',
  text: [['iniciar']],
  slash: { command: 'sorteio', subcommand: 'iniciar' },
  preconditions: [serverManager],
  parseText: (rest) => (rest.trim() === '' ? undefined : parseInterval(rest)),
  parseSlash: (options) => {
    const given = options.getString('intervalo');
    return given === null || given.trim() === '' ? undefined : parseInterval(given);
  },
  async run(context, intervalSeconds) {
    const link = requireLink(context);
    if (link.announcementChannelId !== context.channelId) {
      context.links.remember(
        context.guildId,
        await context.api.updateDiscordLink(context.guildId, { announcementChannelId: context.channelId }),
      );
    }
    // This reply is the notice here; the session.started event is for the other linked servers.
    context.echoes.expect(context.guildId, 'session.started', link.channel);
    const session = await context.api
      .startSession(context.guildId, link.channel, intervalSeconds === undefined ? {} : { intervalSeconds })
      .catch((error: unknown) => {
        // No session changed, so no event will come: stop expecting one.
        context.echoes.consume(context.guildId, 'session.started', link.channel);
        throw error;
      });
    return {
      content: context.messages['session.started']({
        interval: formatInterval(session.intervalSeconds ?? intervalSeconds ?? 0),
        next: relativeTime(session.nextDrawAt),
      }),
    };
  },
});

import { EmbedBuilder } from 'discord.js';
import type { ChatterList, Prize, SessionView } from '../api-types.ts';
import type { Messages } from '../messages/index.ts';
import { formatInterval } from '../parse/interval.ts';
import { neutralize, truncate } from '../render/escape.ts';
import { relativeTime } from '../render/time.ts';
import { type CommandContext, defineCommand } from './command.ts';
import { requireLink } from './require-link.ts';

/**
 * `!status` / `/sorteio status` (SPEC §2.5): connection, session, prizes left and eligible chatters.
 * Each part is asked separately, so Twitch being down still shows the rest.
 */
export const statusCommand = defineCommand<void>({
  id: 'status',
  text: [['status']],
  slash: { command: 'sorteio', subcommand: 'status' },
  preconditions: [],
  parseText: () => undefined,
  parseSlash: () => undefined,
  async run(context) {
    const link = requireLink(context);
    const { api, guildId, messages } = context;
    const [session, prizes, chatters] = await Promise.allSettled([
      api.session(guildId, link.channel),
      api.prizes(guildId, link.channel),
      api.chatters(guildId, link.channel),
    ]);
    const embed = new EmbedBuilder()
      .setTitle(truncate(messages['status.title']({ channel: neutralize(link.displayName) }), 256))
      .addFields(
        {
          name: messages['status.field.connection'](),
          value: messages[`status.connection.${link.connectionState}`](),
        },
        { name: messages['status.field.session'](), value: part(context, session, sessionLine) },
        {
          name: messages['status.field.prizes'](),
          value: part(context, prizes, (v, m) => prizeLine(v.items, m)),
        },
        { name: messages['status.field.chatters'](), value: part(context, chatters, chatterLine) },
      );
    return { embeds: [embed] };
  },
});

/** One field: its value, or "unavailable right now" (logged) when that call failed. */
function part<T>(
  context: CommandContext,
  result: PromiseSettledResult<T>,
  render: (value: T, messages: Messages) => string,
): string {
  if (result.status === 'fulfilled') return render(result.value, context.messages);
  context.logger.warn({ guildId: context.guildId, err: result.reason }, 'a part of !status failed');
  return context.messages['status.unavailable']();
}

function sessionLine(session: SessionView, m: Messages): string {
  if (!session.active) return m['status.session.inactive']();
  return m['status.session.active']({
    interval: formatInterval(session.intervalSeconds ?? 0),
    next: relativeTime(session.nextDrawAt),
    draws: session.drawsDone,
  });
}

function prizeLine(items: readonly Prize[], m: Messages): string {
  const inStock = items.filter((item) => item.quantity === null || item.quantity > 0);
  const unlimited = inStock.some((item) => item.quantity === null);
  const units = inStock.reduce((sum, item) => sum + (item.quantity ?? 0), 0);
  return m['status.prizes']({ kinds: inStock.length, units: unlimited ? m.unlimited() : String(units) });
}

function chatterLine(list: ChatterList, m: Messages): string {
  return m['status.chatters']({ eligible: list.chatters.length, excluded: list.excluded.length });
}

import { EmbedBuilder } from 'discord.js';
import type { ChannelView, ChatterList, EntriesView, Prize, SessionView } from '../api-types.ts';
import type { Messages } from '../messages/index.ts';
import { formatInterval } from '../parse/interval.ts';
import { neutralize, truncate } from '../render/escape.ts';
import { relativeTime } from '../render/time.ts';
import { type CommandContext, defineCommand } from './command.ts';
import { requireLink } from './require-link.ts';

/**
 * `!status` / `/sorteio status` (SPEC §2.5, §2.7): connection, session, prizes left, and who can win —
 * the eligible chatters, or in keyword mode the entry window (open or closed, keyword, entrants,
 * refused). Each part is asked separately, so Twitch being down still shows the rest.
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
    const [session, prizes, entrants] = await Promise.allSettled([
      api.session(guildId, link.channel),
      api.prizes(guildId, link.channel),
      entrantsPart(context, link.channel),
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
        {
          name:
            entrants.status === 'fulfilled' && entrants.value.kind === 'keyword'
              ? messages['status.field.entries']()
              : messages['status.field.chatters'](),
          value: part(context, entrants, (v, m) =>
            v.kind === 'keyword' ? entriesLine(v.entries, m) : chatterLine(v.chatters, m),
          ),
        },
      );
    return { embeds: [embed] };
  },
});

type EntrantsPart =
  | { readonly kind: 'chat'; readonly chatters: ChatterList }
  | { readonly kind: 'keyword'; readonly entries: EntriesView };

/**
 * Who can win, by the channel's entry mode. When the mode cannot be read, the chatters are shown as
 * before (the default mode).
 */
async function entrantsPart(context: CommandContext, login: string): Promise<EntrantsPart> {
  const channel: ChannelView | null = await context.api.channel(login).catch((error: unknown) => {
    context.logger.warn({ guildId: context.guildId, err: error }, 'could not read the entry mode');
    return null;
  });
  if (channel?.settings.entryMode === 'keyword') {
    return { kind: 'keyword', entries: await context.api.entries(context.guildId, login) };
  }
  return { kind: 'chat', chatters: await context.api.chatters(context.guildId, login) };
}

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

function entriesLine(entries: EntriesView, m: Messages): string {
  if (entries.windowId === null) return m['status.entries.none']();
  const keyword = neutralize(entries.keyword ?? '—');
  return entries.open
    ? m['status.entries.open']({
        keyword,
        count: entries.count,
        refused: entries.refusedCount,
        pending: entries.pendingCount,
      })
    : m['status.entries.closed']({ keyword, count: entries.count, refused: entries.refusedCount });
}

function chatterLine(list: ChatterList, m: Messages): string {
  return m['status.chatters']({ eligible: list.chatters.length, excluded: list.excluded.length });
}

import { ActionRowBuilder, ButtonBuilder, ButtonStyle, EmbedBuilder } from 'discord.js';
import type { RaffleView } from '../api-types.ts';
import type { CommandReply } from '../commands/command.ts';
import type { Messages } from '../messages/index.ts';
import { DISCORD_LIMITS, fitLines } from './discord-limits.ts';
import { neutralize, shortCommitment, truncate } from './escape.ts';

export const REROLL_PREFIX = 'reroll';
const ANNOUNCEMENT_COLOR = 0x9146ff;
// Description and the replaced field share the 6000 characters of a message with title and fields.
const DESCRIPTION_BUDGET = 3500;

export interface AnnouncementOptions {
  /** Earlier holders of slots replaced by redraws (from the proof), oldest first. */
  readonly replaced?: readonly { position: number; login: string }[];
  /** Set when this announces the redraw of one slot. */
  readonly rerolledPosition?: number | null;
}

/** The button id of one slot: `reroll:<raffleId>:<position>`. */
export function rerollButtonId(raffleId: number, position: number): string {
  return `${REROLL_PREFIX}:${raffleId}:${position}`;
}

/** Reads a reroll button id back; null for any other id. */
export function parseRerollButtonId(customId: string): { raffleId: number; position: number } | null {
  const match = /^reroll:(\d{1,15}):(\d{1,3})$/.exec(customId);
  return match ? { raffleId: Number(match[1]), position: Number(match[2]) } : null;
}

/**
 * The draw announcement (SPEC §2.3): winners and prizes, raffle id, short commitment, the proof link,
 * and one "draw again" button per slot (at most 25: 5 per row, 5 rows). Logins and prize names are
 * neutralized; long lists are cut to Discord's limits.
 */
export function raffleAnnouncement(
  raffle: RaffleView,
  messages: Messages,
  options: AnnouncementOptions = {},
): CommandReply {
  const channel = neutralize(raffle.channel);
  const title =
    options.rerolledPosition != null
      ? messages['draw.rerollTitle']({ channel, position: options.rerolledPosition })
      : messages['draw.title']({ channel });
  const lines = raffle.winners.map((winner) =>
    winner.itemName === null
      ? messages['draw.winnerNoPrize']({ position: winner.position, login: neutralize(winner.login) })
      : messages['draw.winnerLine']({
          position: winner.position,
          login: neutralize(winner.login),
          prize: neutralize(winner.itemName),
        }),
  );
  const embed = new EmbedBuilder()
    .setColor(ANNOUNCEMENT_COLOR)
    .setTitle(truncate(title, DISCORD_LIMITS.embedTitle))
    .setURL(raffle.proofPageUrl)
    .setDescription(fitLines(lines, DESCRIPTION_BUDGET, (count) => messages['draw.more']({ count })) || '—')
    .addFields(
      { name: messages['draw.field.raffle'](), value: `#${raffle.raffleId}`, inline: true },
      {
        name: messages['draw.field.commitment'](),
        value: `\`${shortCommitment(raffle.commitment)}\``,
        inline: true,
      },
      { name: messages['draw.field.entrants'](), value: String(raffle.eligibleCount ?? '—'), inline: true },
    );
  const replaced = options.replaced ?? [];
  if (replaced.length > 0) {
    const replacedLines = replaced.map((holder) =>
      messages['draw.replacedLine']({ position: holder.position, login: `~~${neutralize(holder.login)}~~` }),
    );
    embed.addFields({
      name: messages['draw.field.replaced'](),
      value: fitLines(replacedLines, DISCORD_LIMITS.embedFieldValue, (count) =>
        messages['items.more']({ count }),
      ),
    });
  }
  embed.addFields({
    name: messages['draw.field.proof'](),
    value: `[${messages['draw.proofLink']()}](${raffle.proofPageUrl})`,
  });
  return { embeds: [embed], components: rerollButtons(raffle, messages) };
}

function rerollButtons(raffle: RaffleView, messages: Messages): ActionRowBuilder<ButtonBuilder>[] {
  const slots = raffle.winners.slice(0, DISCORD_LIMITS.buttonsPerRow * DISCORD_LIMITS.rowsPerMessage);
  const rows: ActionRowBuilder<ButtonBuilder>[] = [];
  for (let start = 0; start < slots.length; start += DISCORD_LIMITS.buttonsPerRow) {
    const buttons = slots.slice(start, start + DISCORD_LIMITS.buttonsPerRow).map((winner) =>
      new ButtonBuilder()
        .setCustomId(rerollButtonId(raffle.raffleId, winner.position))
        .setLabel(messages['draw.rerollButton']({ position: winner.position }))
        .setStyle(ButtonStyle.Secondary),
    );
    rows.push(new ActionRowBuilder<ButtonBuilder>().addComponents(buttons));
  }
  return rows;
}

import { ActionRowBuilder, ButtonBuilder, ButtonStyle, EmbedBuilder } from 'discord.js';
import type { RaffleView } from '../api-types.ts';
import type { CommandReply } from '../commands/command.ts';
import type { Messages } from '../messages/index.ts';
import { DISCORD_LIMITS, fitLines } from './discord-limits.ts';
import { neutralize, shortCommitment, truncate } from './escape.ts';
import { relativeTime } from './time.ts';

export const REROLL_PREFIX = 'reroll';
const ANNOUNCEMENT_COLOR = 0x9146ff;
// Description and the replaced field share the 6000 characters of a message with title and fields.
const DESCRIPTION_BUDGET = 3500;

export interface AnnouncementOptions {
  /** Set when this announces the redraw of one slot. */
  readonly rerolledPosition?: number | null;
  /** What a winner types in Twitch chat to claim (the channel's `claimWord`); null when unknown. */
  readonly claimWord?: string | null;
}

type Winner = RaffleView['winners'][number];

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
 * The draw announcement (SPEC §2.3, §2.6): winners and prizes, each slot's claim state (a live
 * countdown to its deadline while it awaits the claim word, then claimed or forfeited), who was
 * replaced and why, raffle id, short commitment, the proof link, and one "draw again" button per slot
 * still in play (at most 25: 5 per row, 5 rows). Logins and prize names are neutralized; long lists
 * are cut to Discord's limits.
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
  const lines = raffle.winners.map((winner) => winnerLine(winner, messages, options.claimWord ?? null));
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
  const replacedLines = replacedLinesOf(raffle, messages);
  if (replacedLines.length > 0) {
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
  return {
    embeds: [embed],
    components: rerollButtons(raffle, messages),
    shows: { raffleId: raffle.raffleId, rerolledPosition: options.rerolledPosition ?? null },
  };
}

/** One slot: position, holder, prize, and where its claim stands. */
function winnerLine(winner: Winner, messages: Messages, claimWord: string | null): string {
  const forfeited = winner.claim?.state === 'forfeited';
  const login = forfeited ? `~~${neutralize(winner.login)}~~` : neutralize(winner.login);
  const line =
    winner.itemName === null
      ? messages['draw.winnerNoPrize']({ position: winner.position, login })
      : messages['draw.winnerLine']({ position: winner.position, login, prize: neutralize(winner.itemName) });
  const claim = claimText(winner, messages, claimWord);
  return claim ? `${line} · ${claim}` : line;
}

function claimText(winner: Winner, messages: Messages, claimWord: string | null): string | null {
  switch (winner.claim?.state) {
    case undefined:
      return null;
    case 'awaiting_claim':
      return messages['draw.claim.awaiting']({
        word: claimWord ? `**${neutralize(claimWord)}**` : messages['draw.claim.someWord'](),
        deadline: relativeTime(winner.claim.deadline),
      });
    case 'claimed':
      return messages['draw.claim.claimed']();
    case 'forfeited':
      return messages['draw.claim.forfeited']();
  }
}

/**
 * Earlier holders, oldest first: a reroll says who held the slot; an unclaimed redraw also says who
 * got the slot next (the following holder of that position, or its current one).
 */
function replacedLinesOf(raffle: RaffleView, messages: Messages): string[] {
  return raffle.replaced.map((holder, index) => {
    if (holder.reason !== 'unclaimed') {
      return messages['draw.replacedLine']({
        position: holder.position,
        login: `~~${neutralize(holder.login)}~~`,
      });
    }
    const next =
      raffle.replaced.slice(index + 1).find((later) => later.position === holder.position) ??
      raffle.winners.find((winner) => winner.position === holder.position);
    return messages['draw.unclaimedLine']({
      position: holder.position,
      login: neutralize(`@${holder.login}`),
      next: next ? neutralize(`@${next.login}`) : '—',
    });
  });
}

/** "Draw again" for each slot still in play: a forfeited slot's prize went back to stock. */
function rerollButtons(raffle: RaffleView, messages: Messages): ActionRowBuilder<ButtonBuilder>[] {
  const inPlay = raffle.winners.filter((winner) => winner.claim?.state !== 'forfeited');
  const slots = inPlay.slice(0, DISCORD_LIMITS.buttonsPerRow * DISCORD_LIMITS.rowsPerMessage);
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

import { EmbedBuilder } from 'discord.js';
import type { RaffleView, Recipient } from '../api-types.ts';
import type { CommandReply } from '../commands/command.ts';
import type { Messages } from '../messages/index.ts';
import { slotButtons } from './announcement-buttons.ts';
import { drandRound } from './beacon-announcement.ts';
import { DISCORD_LIMITS, fitLines } from './discord-limits.ts';
import { neutralize, shortCommitment, truncate } from './escape.ts';
import { relativeTime } from './time.ts';

export { parseRerollButtonId, rerollButtonId } from './announcement-buttons.ts';

const ANNOUNCEMENT_COLOR = 0x9146ff;
// Description and the replaced field share the 6000 characters of a message with title and fields.
const DESCRIPTION_BUDGET = 3500;

export interface AnnouncementOptions {
  /** Set when this announces the redraw of one slot. */
  readonly rerolledPosition?: number | null;
  /** What a winner types in Twitch chat to claim (the channel's `claimWord`); null when unknown. */
  readonly claimWord?: string | null;
  /** The raffle's holders who linked their Discord account, to mention (SPEC §2.8). */
  readonly recipients?: readonly Recipient[];
}

type Winner = RaffleView['winners'][number];

/**
 * The draw announcement (SPEC §2.3, §2.6, §2.8): winners and prizes, each slot's claim state (a live
 * countdown to its deadline while it awaits the claim word, then claimed or forfeited), which prizes
 * carry a code and where to collect it, who was replaced and why, raffle id, short commitment, the
 * drand round (public randomness, SPEC §4.1), the proof link, and the slots' buttons
 * (announcement-buttons.ts). Linked winners are mentioned in the content, the only place a mention
 * pings, and only they may be pinged. Logins and prize names are neutralized; long lists are cut to
 * Discord's limits.
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
  // With public randomness (SPEC §4.1), the drand round the winners depend on.
  if (raffle.beacon) {
    embed.addFields({
      name: messages['draw.field.beacon'](),
      value: drandRound(raffle.beacon),
      inline: true,
    });
  }
  const replacedLines = replacedLinesOf(raffle, messages);
  if (replacedLines.length > 0) {
    embed.addFields({
      name: messages['draw.field.replaced'](),
      value: fitLines(replacedLines, DISCORD_LIMITS.embedFieldValue, (count) =>
        messages['items.more']({ count }),
      ),
    });
  }
  const coded = raffle.winners.some((winner) => winner.hasCode && winner.claim?.state !== 'forfeited');
  if (coded) {
    embed.addFields({
      name: messages['draw.field.code'](),
      value: messages['draw.collectCode']({ url: raffle.claimPageUrl }),
    });
  }
  embed.addFields({
    name: messages['draw.field.proof'](),
    value: `[${messages['draw.proofLink']()}](${raffle.proofPageUrl})`,
  });
  const recipients = options.recipients ?? [];
  const mentions = mentionedUsers(raffle, recipients);
  return {
    ...(mentions.length > 0 && {
      content: messages['draw.mentions']({ mentions: mentions.map((id) => `<@${id}>`).join(' ') }),
      mentions,
    }),
    embeds: [embed],
    components: slotButtons(raffle, messages),
    shows: {
      raffleId: raffle.raffleId,
      rerolledPosition: options.rerolledPosition ?? null,
      ...(options.recipients && { recipients: options.recipients }),
    },
  };
}

/**
 * Discord notifies the users a message mentions when it is sent, never when it is edited: a result
 * that replaced a "waiting for drand round N" message (SPEC §4.1) mentions its linked winners without
 * pinging them. This short message, sent after that edit, pings them (null when it mentions nobody).
 */
export function mentionsFollowUp(result: CommandReply, messages: Messages): CommandReply | null {
  const mentions = result.mentions ?? [];
  if (mentions.length === 0 || !result.shows) return null;
  return {
    content: messages['draw.mentionsFollowUp']({
      mentions: mentions.map((id) => `<@${id}>`).join(' '),
      raffleId: result.shows.raffleId,
    }),
    mentions,
  };
}

/**
 * The Discord users to mention: linked holders who still hold their slot (a redraw or a forfeit
 * since the lookup takes them out), each once, within the content's 2000 characters.
 */
function mentionedUsers(raffle: RaffleView, recipients: readonly Recipient[]): string[] {
  const holding = recipients.filter((recipient) =>
    raffle.winners.some(
      (winner) =>
        winner.position === recipient.position &&
        winner.userId === recipient.userId &&
        winner.claim?.state !== 'forfeited',
    ),
  );
  // A mention is at most 23 characters: 60 of them leave room for the sentence around them.
  return [...new Set(holding.map((recipient) => recipient.discordUserId))].slice(0, 60);
}

/** One slot: position, holder, prize, and where its claim stands. */
function winnerLine(winner: Winner, messages: Messages, claimWord: string | null): string {
  const forfeited = winner.claim?.state === 'forfeited';
  const login = forfeited ? `~~${neutralize(winner.login)}~~` : neutralize(winner.login);
  const line =
    winner.itemName === null
      ? messages['draw.winnerNoPrize']({ position: winner.position, login })
      : messages['draw.winnerLine']({ position: winner.position, login, prize: neutralize(winner.itemName) });
  const parts = [line];
  if (winner.hasCode && !forfeited) parts.push(messages['draw.hasCode']());
  const claim = claimText(winner, messages, claimWord);
  if (claim) parts.push(claim);
  return parts.join(' · ');
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

import { ActionRowBuilder, ButtonBuilder, ButtonStyle } from 'discord.js';
import type { RaffleView } from '../api-types.ts';
import type { Messages } from '../messages/index.ts';
import { DISCORD_LIMITS } from './discord-limits.ts';

/** What a slot's button does: redraw it (managers), or claim it (its linked holder, SPEC §2.8). */
export type SlotAction = 'reroll' | 'claim';

/** A button id of one slot: `reroll:<raffleId>:<position>` or `claim:<raffleId>:<position>`. */
export function slotButtonId(action: SlotAction, raffleId: number, position: number): string {
  return `${action}:${raffleId}:${position}`;
}

/** The button id of "Sortear de novo" for one slot. */
export function rerollButtonId(raffleId: number, position: number): string {
  return slotButtonId('reroll', raffleId, position);
}

/** Reads a reroll button id back; null for any other id. */
export function parseRerollButtonId(customId: string): { raffleId: number; position: number } | null {
  return parseSlotButtonId('reroll', customId);
}

/** Reads a "Resgatar" button id back; null for any other id. */
export function parseClaimButtonId(customId: string): { raffleId: number; position: number } | null {
  return parseSlotButtonId('claim', customId);
}

function parseSlotButtonId(action: SlotAction, customId: string) {
  const match = /^(reroll|claim):(\d{1,15}):(\d{1,3})$/.exec(customId);
  return match && match[1] === action ? { raffleId: Number(match[2]), position: Number(match[3]) } : null;
}

/**
 * The slots' buttons: "Resgatar" while a slot awaits its claim (the holder may claim from Discord
 * instead of typing the word in Twitch chat), then "Sortear de novo" for each slot still in play (a
 * forfeited slot's prize went back to stock). Claimed or forfeited slots lose their "Resgatar" as the
 * message is edited. At most 25 buttons: 5 per row, 5 rows.
 */
export function slotButtons(raffle: RaffleView, messages: Messages): ActionRowBuilder<ButtonBuilder>[] {
  const buttons = raffle.winners
    .filter((winner) => winner.claim?.state !== 'forfeited')
    .flatMap((winner) => {
      const reroll = new ButtonBuilder()
        .setCustomId(rerollButtonId(raffle.raffleId, winner.position))
        .setLabel(messages['draw.rerollButton']({ position: winner.position }))
        .setStyle(ButtonStyle.Secondary);
      if (winner.claim?.state !== 'awaiting_claim') return [reroll];
      const claim = new ButtonBuilder()
        .setCustomId(slotButtonId('claim', raffle.raffleId, winner.position))
        .setLabel(messages['draw.claimButton']({ position: winner.position }))
        .setStyle(ButtonStyle.Success);
      return [claim, reroll];
    })
    .slice(0, DISCORD_LIMITS.buttonsPerRow * DISCORD_LIMITS.rowsPerMessage);
  const rows: ActionRowBuilder<ButtonBuilder>[] = [];
  for (let start = 0; start < buttons.length; start += DISCORD_LIMITS.buttonsPerRow) {
    rows.push(
      new ActionRowBuilder<ButtonBuilder>().addComponents(
        buttons.slice(start, start + DISCORD_LIMITS.buttonsPerRow),
      ),
    );
  }
  return rows;
}

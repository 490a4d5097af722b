import { ActionRowBuilder, ButtonBuilder, ButtonStyle } from 'discord.js';
import type { DiscordLink } from '../api-types.ts';
import type { CommandReply } from '../commands/command.ts';
import type { Messages } from '../messages/index.ts';
import { neutralize } from './escape.ts';

const CONNECT_PREFIX = 'connect';

/** What a confirmation button does: mint the link that may move the server, or drop the request. */
export type ConnectAction = 'move' | 'cancel';

/** The button id of a confirmation asked by `requesterId`: `connect:<action>:<requesterId>`. */
export function connectButtonId(action: ConnectAction, requesterId: string): string {
  return `${CONNECT_PREFIX}:${action}:${requesterId}`;
}

/** Reads a confirmation button id back; null for any other id. */
export function parseConnectButtonId(
  customId: string,
): { action: ConnectAction; requesterId: string } | null {
  const match = /^connect:(move|cancel):(\d{1,20})$/.exec(customId);
  return match ? { action: match[1] as ConnectAction, requesterId: match[2] ?? '' } : null;
}

/**
 * The question asked before minting a link for a server already linked to a channel: whoever opens
 * the link and authorizes becomes the server's channel, so moving it must be a decision, not a side
 * effect. Only `requesterId` may answer (the buttons carry their id).
 */
export function confirmMoveReply(link: DiscordLink, requesterId: string, messages: Messages): CommandReply {
  const buttons = new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder()
      .setCustomId(connectButtonId('move', requesterId))
      .setLabel(messages['connect.button.move']())
      .setStyle(ButtonStyle.Danger),
    new ButtonBuilder()
      .setCustomId(connectButtonId('cancel', requesterId))
      .setLabel(messages['connect.button.cancel']())
      .setStyle(ButtonStyle.Secondary),
  );
  return {
    content: messages['connect.confirmMove']({ channel: neutralize(link.displayName) }),
    components: [buttons],
  };
}

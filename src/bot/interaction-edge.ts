// Discord's objects, as discord.js hands them over, reduced once to what the bot's handlers need
// (SPEC habits: foreign data at the edge). Nothing past this file sees a discord.js interaction.
import {
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  DiscordAPIError,
  type Message,
  MessageFlags,
  type ModalSubmitInteraction,
  PermissionFlagsBits,
  RESTJSONErrorCodes,
  type User,
} from 'discord.js';
import type { ButtonClick } from './button-click.ts';
import type { CodesFormRequest, CodesFormSubmission } from './codes-form.ts';
import type { CommandReply } from './commands/command.ts';
import { NO_MENTIONS, toPayload } from './discord-payload.ts';
import type { Invocation } from './dispatch.ts';
import type { MemberAccess } from './preconditions.ts';
import type { DirectMessageOutcome } from './private-reply.ts';
import { CODES_INPUT_ID } from './render/codes-modal.ts';

/** A `!` command as the dispatcher sees it. */
export function messageInvocation(message: Message<true>): Invocation {
  // The bot's reply, once sent: a later send (the result after "waiting for round N") edits it.
  let replied: Message<true> | undefined;
  return {
    kind: 'message',
    id: message.id,
    guildId: message.guildId,
    channelId: message.channelId,
    userId: message.author.id,
    userName: message.author.username,
    member: {
      canManageServer: message.member?.permissions.has(PermissionFlagsBits.ManageGuild) ?? false,
      roleIds: message.member ? [...message.member.roles.cache.keys()] : [],
    },
    // Text commands have no 3-second limit; "typing…" shows the bot is on it.
    acknowledge: async () => {
      await message.channel.sendTyping().catch(() => undefined);
    },
    send: async (reply) => {
      replied = replied
        ? await replied.edit(toPayload(reply))
        : await message.reply({ ...toPayload(reply), failIfNotExists: false });
      return { channelId: replied.channelId, messageId: replied.id };
    },
    sendDirect: (reply) => sendDirect(message.author, reply),
    followUp: async (reply) => {
      await message.channel.send(toPayload(reply));
    },
  };
}

/** A slash command as the dispatcher sees it. */
export function slashInvocation(interaction: ChatInputCommandInteraction): Invocation {
  return {
    kind: 'interaction',
    id: interaction.id,
    guildId: interaction.guildId ?? '',
    channelId: interaction.channelId,
    userId: interaction.user.id,
    userName: interaction.user.username,
    member: interactionMember(interaction),
    acknowledge: async (ephemeral) => {
      await interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
    },
    send: async (reply) => {
      const sent = await interaction.editReply(toPayload(reply));
      return { channelId: sent.channelId, messageId: sent.id };
    },
    sendDirect: (reply) => sendDirect(interaction.user, reply),
    followUp: async (reply) => {
      await interaction.followUp(toPayload(reply));
    },
  };
}

/** `/itens codigos`, whose first response is the codes form. */
export function codesFormRequest(interaction: ChatInputCommandInteraction): CodesFormRequest {
  return {
    id: interaction.id,
    guildId: interaction.guildId ?? '',
    userId: interaction.user.id,
    member: interactionMember(interaction),
    itemName: interaction.options.getString('item') ?? '',
    showModal: async (modal) => {
      await interaction.showModal(modal);
    },
    refuse: async (content) => {
      await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
    },
  };
}

/** The codes form, submitted. */
export function codesFormSubmission(
  interaction: ModalSubmitInteraction,
  itemId: number,
): CodesFormSubmission {
  return {
    id: interaction.id,
    guildId: interaction.guildId ?? '',
    userId: interaction.user.id,
    member: interactionMember(interaction),
    itemId,
    text: interaction.fields.getTextInputValue(CODES_INPUT_ID),
    acknowledge: async () => {
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    },
    answer: async (content) => {
      await interaction.editReply({ content, allowedMentions: NO_MENTIONS });
    },
  };
}

/** A click on one of the bot's buttons. */
export function buttonClick(interaction: ButtonInteraction): ButtonClick {
  return {
    id: interaction.id,
    guildId: interaction.guildId ?? '',
    channelId: interaction.channelId,
    messageId: interaction.message.id,
    userId: interaction.user.id,
    member: interactionMember(interaction),
    acknowledge: async () => {
      await interaction.deferUpdate();
    },
    update: async (reply: CommandReply) => {
      await interaction.editReply(toPayload(reply));
    },
    tellPrivately: async (content: string) => {
      await interaction.followUp({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
    },
  };
}

/** Permissions as Discord computed them for this interaction, and the member's roles. */
function interactionMember(
  interaction: ChatInputCommandInteraction | ButtonInteraction | ModalSubmitInteraction,
): MemberAccess {
  const member = interaction.member;
  const roles = member?.roles;
  const roleIds = Array.isArray(roles) ? roles : roles ? [...roles.cache.keys()] : [];
  return {
    canManageServer: interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false,
    roleIds,
  };
}

/** A DM to `user`; 'refused' when Discord answers 50007 (their DMs are closed, or they blocked the bot). */
async function sendDirect(user: User, reply: CommandReply): Promise<DirectMessageOutcome> {
  try {
    await user.send(toPayload(reply));
    return 'sent';
  } catch (error) {
    if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.CannotSendMessagesToThisUser)
      return 'refused';
    throw error;
  }
}

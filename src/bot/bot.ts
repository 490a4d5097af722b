import {
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  type Message,
  MessageFlags,
  type ModalSubmitInteraction,
  PermissionFlagsBits,
  RESTJSONErrorCodes,
  type User,
} from 'discord.js';
import { handleClaimClick } from './claim-button.ts';
import {
  type CodesFormRequest,
  type CodesFormSubmission,
  openCodesForm,
  submitCodesForm,
} from './codes-form.ts';
import type { CommandReply } from './commands/command.ts';
import { COMMANDS, commandForSlash } from './commands/index.ts';
import { itemCodesCommand } from './commands/items-codes.ts';
import { handleConnectClick } from './connect-button.ts';
import { type BotServices, dispatch, type Invocation } from './dispatch.ts';
import { messagesFor } from './messages/index.ts';
import type { MemberAccess } from './preconditions.ts';
import type { DirectMessageOutcome } from './private-reply.ts';
import { parseClaimButtonId, parseRerollButtonId } from './render/announcement-buttons.ts';
import { CODES_INPUT_ID, parseCodesModalId } from './render/codes-modal.ts';
import { parseConnectButtonId } from './render/connect-confirmation.ts';
import { neutralize } from './render/escape.ts';
import { handleRerollClick } from './reroll-button.ts';
import { SeenIds } from './seen-ids.ts';
import { matchTextCommand } from './text-command-parser.ts';

/** No message of the bot ever pings anyone: user text may hold `@everyone` (SPEC §9). */
export const NO_MENTIONS = { parse: [] as [], repliedUser: false };

/**
 * The discord.js client: guild messages with their content for `!` commands (MessageContent is a
 * privileged intent, enabled in the Developer Portal), REST sent to DISCORD_API_URL when set.
 */
export function createDiscordClient(discordApiUrl: string | undefined): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent],
    allowedMentions: NO_MENTIONS,
    ...(discordApiUrl && { rest: { api: discordApiUrl } }),
  });
}

/**
 * Routes text commands, slash commands, the codes form, reroll and claim buttons and connect
 * confirmations to their handlers, each id at most once.
 */
export function attachCommandHandlers(client: Client, services: BotServices, seen = new SeenIds()): void {
  client.on(Events.MessageCreate, (message) => {
    if (message.author.bot || !message.inGuild()) return;
    const match = matchTextCommand(message.content, COMMANDS);
    if (!match || !seen.firstTime(`message:${message.id}`)) return;
    if (match.kind === 'unknown') {
      void answerUnknown(services, message, match.given, match.suggestion);
      return;
    }
    void dispatch(
      services,
      match.command,
      () => match.command.parseText(match.rest),
      messageInvocation(message),
    );
  });
  client.on(Events.InteractionCreate, (interaction) => {
    if (!interaction.inGuild()) return;
    if (interaction.isChatInputCommand()) {
      const command = commandForSlash(interaction.commandName, interaction.options.getSubcommand(false));
      if (!command || !seen.firstTime(`interaction:${interaction.id}`)) return;
      // Its first response is a form, not a deferred reply: it skips the dispatcher.
      if (command === itemCodesCommand) {
        void openCodesForm(services, codesFormRequest(interaction));
        return;
      }
      const options = {
        getString: (name: string) => interaction.options.getString(name),
        getInteger: (name: string) => interaction.options.getInteger(name),
      };
      void dispatch(services, command, () => command.parseSlash(options), slashInvocation(interaction));
    } else if (interaction.isButton()) {
      const slot = parseRerollButtonId(interaction.customId);
      const claim = parseClaimButtonId(interaction.customId);
      const confirmation = parseConnectButtonId(interaction.customId);
      if (!(slot || claim || confirmation) || !seen.firstTime(`interaction:${interaction.id}`)) return;
      if (slot) void handleRerollClick(services, { ...slot, ...buttonClick(interaction) });
      if (claim) void handleClaimClick(services, { ...claim, ...buttonClick(interaction) });
      if (confirmation) void handleConnectClick(services, { ...confirmation, ...buttonClick(interaction) });
    } else if (interaction.isModalSubmit()) {
      const form = parseCodesModalId(interaction.customId);
      if (!form || !seen.firstTime(`interaction:${interaction.id}`)) return;
      void submitCodesForm(services, codesFormSubmission(interaction, form.itemId));
    }
  });
}

function messageInvocation(message: Message<true>): Invocation {
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
      const sent = await message.reply({ ...toPayload(reply), failIfNotExists: false });
      return { channelId: sent.channelId, messageId: sent.id };
    },
    sendDirect: (reply) => sendDirect(message.author, reply),
  };
}

function slashInvocation(interaction: ChatInputCommandInteraction): Invocation {
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
  };
}

function codesFormRequest(interaction: ChatInputCommandInteraction): CodesFormRequest {
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

function codesFormSubmission(interaction: ModalSubmitInteraction, itemId: number): CodesFormSubmission {
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

function buttonClick(interaction: ButtonInteraction) {
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

/**
 * A reply as discord.js sends it: every part set (an edit clears what is gone), mentions off but for
 * the users the reply names (linked winners), never roles, @everyone or @here.
 */
export function toPayload(reply: CommandReply) {
  const users = reply.mentions ?? [];
  return {
    content: reply.content ?? '',
    embeds: reply.embeds ?? [],
    components: reply.components ?? [],
    allowedMentions: users.length > 0 ? { ...NO_MENTIONS, users: [...users] } : NO_MENTIONS,
  };
}

async function answerUnknown(
  services: BotServices,
  message: Message<true>,
  given: string,
  suggestion: string,
): Promise<void> {
  const link = await services.links.get(message.guildId).catch(() => null);
  const content = messagesFor(link?.language)['error.unknown_command']({
    given: neutralize(given),
    suggestion,
  });
  await message
    .reply({ content, allowedMentions: NO_MENTIONS, failIfNotExists: false })
    .catch((error: unknown) => {
      services.logger.warn({ guildId: message.guildId, err: error }, 'could not answer an unknown command');
    });
}

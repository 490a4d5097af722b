import { Client, Events, GatewayIntentBits, type Message } from 'discord.js';
import { handleClaimClick } from './claim-button.ts';
import { openCodesForm, submitCodesForm } from './codes-form.ts';
import { COMMANDS, commandForSlash } from './commands/index.ts';
import { itemCodesCommand } from './commands/items-codes.ts';
import { handleConnectClick } from './connect-button.ts';
import { NO_MENTIONS } from './discord-payload.ts';
import { type BotServices, dispatch } from './dispatch.ts';
import {
  buttonClick,
  codesFormRequest,
  codesFormSubmission,
  messageInvocation,
  slashInvocation,
} from './interaction-edge.ts';
import { messagesFor } from './messages/index.ts';
import { parseClaimButtonId, parseRerollButtonId } from './render/announcement-buttons.ts';
import { parseCodesModalId } from './render/codes-modal.ts';
import { parseConnectButtonId } from './render/connect-confirmation.ts';
import { neutralize } from './render/escape.ts';
import { handleRerollClick } from './reroll-button.ts';
import { SeenIds } from './seen-ids.ts';
import { matchTextCommand } from './text-command-parser.ts';

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

// What a member does with the bot's interface: run a slash command, click a button.
import type { FakeContext } from './context.ts';
import {
  buttonData,
  commandData,
  interactionBase,
  type OptionValues,
} from './interaction-payloads.external.ts';
import { InteractionRecord } from './interactions.ts';
import type { DiscordJson } from './payloads.external.ts';
import { nextSnowflake, randomToken } from './snowflake.ts';
import type { GuildRecord } from './state.ts';

/** A slash command as a test describes it. */
export interface SlashCommandSpec {
  guildId: string;
  channelId: string;
  userId: string;
  name: string;
  subcommandGroup?: string;
  subcommand?: string;
  options?: OptionValues;
  id?: string;
  /** The user's client locale; `pt-BR` by default. */
  locale?: string;
}

/** A button click as a test describes it. */
export interface ButtonClickSpec {
  guildId: string;
  channelId: string;
  userId: string;
  messageId: string;
  customId: string;
  id?: string;
  locale?: string;
}

function place(context: FakeContext, guildId: string, channelId: string, userId: string) {
  const guild: GuildRecord = context.state.guild(guildId);
  const channel = guild.channels.find((candidate) => candidate.id === channelId);
  if (!channel) throw new Error(`fake Discord: no channel ${channelId} in ${guildId}`);
  if (!guild.members.has(userId)) throw new Error(`fake Discord: ${userId} is not a member of ${guildId}`);
  return { guild, channel };
}

/** Dispatches INTERACTION_CREATE type 2 for a chat-input command (registered or not). */
export function runSlashCommand(context: FakeContext, spec: SlashCommandSpec): InteractionRecord {
  const { guild, channel } = place(context, spec.guildId, spec.channelId, spec.userId);
  const definition = context.commands.find(guild.id, spec.name);
  const record = new InteractionRecord(
    spec.id ?? nextSnowflake(),
    randomToken(),
    { kind: 'command', guildId: guild.id, channelId: channel.id, userId: spec.userId },
    context.waiters,
  );
  const base = interactionBase(context.state, {
    id: record.id,
    token: record.token,
    type: 2,
    guild,
    channel,
    userId: spec.userId,
    locale: spec.locale ?? 'pt-BR',
  });
  const data = commandData(context.state, guild, {
    ...spec,
    commandId: definition?.id ?? nextSnowflake(),
    definition,
  });
  context.interactions.add(record);
  context.dispatcher.interactionCreate({ ...base, data });
  return record;
}

/** Dispatches INTERACTION_CREATE type 3 for a click on an enabled button of a message the bot posted. */
export function clickButton(context: FakeContext, spec: ButtonClickSpec): InteractionRecord {
  const { guild, channel } = place(context, spec.guildId, spec.channelId, spec.userId);
  const message = context.state.findMessage(channel.id, spec.messageId);
  if (!message || message.authorId !== context.state.botUser.id)
    throw new Error(`fake Discord: no message ${spec.messageId} of the bot in ${channel.id}`);
  const button = findButton(message.components, spec.customId);
  if (!button) throw new Error(`fake Discord: message ${message.id} has no button ${spec.customId}`);
  if (button.disabled)
    throw new Error(`fake Discord: button ${spec.customId} is disabled; nobody can click it`);
  const record = new InteractionRecord(
    spec.id ?? nextSnowflake(),
    randomToken(),
    {
      kind: 'component',
      guildId: guild.id,
      channelId: channel.id,
      userId: spec.userId,
      componentMessageId: message.id,
    },
    context.waiters,
  );
  const base = interactionBase(context.state, {
    id: record.id,
    token: record.token,
    type: 3,
    guild,
    channel,
    userId: spec.userId,
    locale: spec.locale ?? 'pt-BR',
  });
  context.interactions.add(record);
  context.dispatcher.interactionCreate({ ...base, ...buttonData(context.state, message, spec.customId) });
  return record;
}

function findButton(components: unknown[], customId: string): DiscordJson | undefined {
  for (const component of components as DiscordJson[]) {
    if (component?.type === 2 && component.custom_id === customId) return component;
    const nested = findButton(component?.components ?? [], customId);
    if (nested) return nested;
  }
  return undefined;
}

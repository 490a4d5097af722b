// INTERACTION_CREATE payloads (Discord's snake_case), for slash commands and button clicks.
// https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object

import type { InteractionRecord } from './interactions.ts';
import {
  channelPayload,
  type DiscordJson,
  memberPayload,
  messagePayload,
  rolePayload,
  userPayload,
} from './payloads.external.ts';
import type { ChannelRecord, FakeState, GuildRecord, MessageRecord } from './state.ts';

/** The option values a test gives for a slash command. */
export type OptionValues = Record<string, string | number | boolean>;

const OptionType = {
  Subcommand: 1,
  Group: 2,
  String: 3,
  Integer: 4,
  Boolean: 5,
  User: 6,
  Channel: 7,
  Role: 8,
  Mentionable: 9,
  Number: 10,
};

/** The fields every interaction in a guild carries. */
export function interactionBase(
  state: FakeState,
  input: {
    id: string;
    token: string;
    type: number;
    guild: GuildRecord;
    channel: ChannelRecord;
    userId: string;
    locale: string;
  },
): DiscordJson {
  const { guild, userId } = input;
  return {
    id: input.id,
    application_id: state.applicationId,
    type: input.type,
    token: input.token,
    version: 1,
    guild_id: guild.id,
    guild: { id: guild.id, locale: 'pt-BR', features: [] },
    channel_id: input.channel.id,
    channel: channelPayload(input.channel),
    member: {
      ...memberPayload(state, guild, userId),
      permissions: state.permissionsOf(guild, userId).toString(),
    },
    app_permissions: state.permissionsOf(guild, state.botUser.id).toString(),
    locale: input.locale,
    guild_locale: 'pt-BR',
    entitlements: [],
    authorizing_integration_owners: { '0': guild.id },
    context: 0,
    attachment_size_limit: 10 * 1024 * 1024,
  };
}

/** `data` of a chat-input command: options nested under the subcommand group and subcommand. */
export function commandData(
  state: FakeState,
  guild: GuildRecord,
  input: {
    commandId: string;
    name: string;
    definition?: DiscordJson;
    subcommandGroup?: string;
    subcommand?: string;
    options?: OptionValues;
  },
): DiscordJson {
  let definitions: DiscordJson[] = input.definition?.options ?? [];
  const resolved: DiscordJson = {};
  const group = input.subcommandGroup
    ? definitions.find((option) => option.name === input.subcommandGroup)
    : undefined;
  if (input.subcommandGroup) definitions = group?.options ?? [];
  const subcommand = input.subcommand
    ? definitions.find((option) => option.name === input.subcommand)
    : undefined;
  if (input.subcommand) definitions = subcommand?.options ?? [];
  const leaves = Object.entries(input.options ?? {}).map(([name, value]) => {
    const type = definitions.find((option) => option.name === name)?.type ?? inferType(value);
    addResolved(state, guild, resolved, type, String(value));
    return { name, type, value };
  });
  let options: DiscordJson[] = leaves;
  if (input.subcommand) options = [{ name: input.subcommand, type: OptionType.Subcommand, options }];
  if (input.subcommandGroup) options = [{ name: input.subcommandGroup, type: OptionType.Group, options }];
  return {
    id: input.commandId,
    name: input.name,
    type: 1,
    guild_id: input.definition?.guild_id,
    options,
    ...(Object.keys(resolved).length > 0 && { resolved }),
  };
}

/** `data` and `message` of a button click. */
export function buttonData(state: FakeState, message: MessageRecord, customId: string): DiscordJson {
  return { data: { custom_id: customId, component_type: 2 }, message: messagePayload(state, message) };
}

/** The body of a callback sent with `?with_response=true` (discord.js `withResponse: true`). */
export function callbackResponsePayload(
  state: FakeState,
  interaction: InteractionRecord,
  callbackType: number,
  message: MessageRecord | undefined,
): DiscordJson {
  return {
    interaction: {
      id: interaction.id,
      type: { command: 2, component: 3, modal: 5 }[interaction.origin.kind],
      response_message_id: message?.id,
      response_message_loading: callbackType === 5,
      response_message_ephemeral: ((message?.flags ?? 0) & (1 << 6)) !== 0,
    },
    resource: { type: callbackType, ...(message && { message: messagePayload(state, message) }) },
  };
}

function inferType(value: string | number | boolean): number {
  if (typeof value === 'boolean') return OptionType.Boolean;
  if (typeof value === 'number') return Number.isInteger(value) ? OptionType.Integer : OptionType.Number;
  return OptionType.String;
}

// User, channel and role options carry ids; Discord sends the objects they point at in `resolved`.
function addResolved(
  state: FakeState,
  guild: GuildRecord,
  resolved: DiscordJson,
  type: number,
  id: string,
): void {
  const put = (kind: string, value: DiscordJson) => {
    resolved[kind] = { ...resolved[kind], [id]: value };
  };
  const user = state.users.get(id);
  if ((type === OptionType.User || type === OptionType.Mentionable) && user) {
    put('users', userPayload(user));
    if (guild.members.has(id))
      put('members', {
        ...memberPayload(state, guild, id, false),
        permissions: state.permissionsOf(guild, id).toString(),
      });
  }
  const role = guild.roles.find((candidate) => candidate.id === id);
  if ((type === OptionType.Role || type === OptionType.Mentionable) && role) put('roles', rolePayload(role));
  const channel = guild.channels.find((candidate) => candidate.id === id);
  if (type === OptionType.Channel && channel)
    put('channels', {
      ...channelPayload(channel),
      permissions: state.permissionsOf(guild, state.botUser.id).toString(),
    });
}

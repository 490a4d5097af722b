// Changes a test makes to the fake's world: guilds, roles, members, and what members type.
import type { FakeContext } from './context.ts';
import { BOT_ROLE_PERMISSIONS, DEFAULT_EVERYONE_PERMISSIONS, toPermissionBits } from './permissions.ts';
import { nextSnowflake } from './snowflake.ts';
import type { GuildRecord, MessageRecord, RoleRecord, UserRecord } from './state.ts';

/** What `addGuild` takes. */
export interface GuildSpec {
  name?: string;
  /** An existing user's id; a new member named "dono" by default. */
  ownerId?: string;
  /** Text channel names; `['geral']` by default. */
  channels?: string[];
  /** `[shard, count]`: an id whose events go to that shard of a bot sharded `count` ways. */
  onShard?: readonly [shard: number, count: number];
}

/** Creates a guild with @everyone, the bot's managed role, the owner and the bot as members. */
export function createGuild(context: FakeContext, spec: GuildSpec): GuildRecord {
  const { state } = context;
  const id = nextSnowflake(spec.onShard);
  const owner = spec.ownerId ? state.users.get(spec.ownerId) : state.addUser('dono');
  if (!owner) throw new Error(`fake Discord: owner ${spec.ownerId} is not a known user`);
  const botRole: RoleRecord = {
    id: nextSnowflake(),
    name: state.botUser.username,
    permissions: BOT_ROLE_PERMISSIONS,
    position: 1,
    botId: state.botUser.id,
  };
  const joinedAt = new Date().toISOString();
  const guild: GuildRecord = {
    id,
    name: spec.name ?? 'Servidor de teste',
    ownerId: owner.id,
    channels: (spec.channels ?? ['geral']).map((name, position) => ({
      id: nextSnowflake(),
      name,
      guildId: id,
      position,
    })),
    roles: [{ id, name: '@everyone', permissions: DEFAULT_EVERYONE_PERMISSIONS, position: 0 }, botRole],
    members: new Map([
      [owner.id, { userId: owner.id, roleIds: [], joinedAt }],
      [state.botUser.id, { userId: state.botUser.id, roleIds: [botRole.id], joinedAt }],
    ]),
  };
  state.guilds.set(id, guild);
  context.dispatcher.guildCreate(guild);
  return guild;
}

/** Adds a role at the top of the guild's hierarchy. */
export function createRole(
  context: FakeContext,
  guildId: string,
  spec: { name: string; permissions: bigint | string },
): RoleRecord {
  const guild = context.state.guild(guildId);
  const role: RoleRecord = {
    id: nextSnowflake(),
    name: spec.name,
    permissions: toPermissionBits(spec.permissions),
    position: guild.roles.length,
  };
  guild.roles.push(role);
  context.dispatcher.roleCreate(guild, role);
  return role;
}

/** Creates a user who joins the guild with these roles. */
export function createMember(
  context: FakeContext,
  guildId: string,
  spec: { username: string; roleIds?: string[] },
): UserRecord {
  const guild = context.state.guild(guildId);
  for (const roleId of spec.roleIds ?? [])
    if (!guild.roles.some((role) => role.id === roleId))
      throw new Error(`fake Discord: no role ${roleId} in ${guildId}`);
  const user = context.state.addUser(spec.username);
  guild.members.set(user.id, {
    userId: user.id,
    roleIds: [...(spec.roleIds ?? [])],
    joinedAt: new Date().toISOString(),
  });
  context.dispatcher.memberAdd(guild, user.id);
  return user;
}

/** A member types in a text channel; the same id again re-delivers that message. */
export function typeMessage(
  context: FakeContext,
  spec: { guildId: string; channelId: string; authorId: string; content: string; id?: string },
): MessageRecord {
  const { state } = context;
  const guild = state.guild(spec.guildId);
  if (!guild.channels.some((channel) => channel.id === spec.channelId))
    throw new Error(`fake Discord: no channel ${spec.channelId} in ${spec.guildId}`);
  if (!guild.members.has(spec.authorId))
    throw new Error(`fake Discord: ${spec.authorId} is not a member of ${spec.guildId}`);
  const existing = spec.id ? state.messages.get(spec.id) : undefined;
  const message: MessageRecord = existing ?? {
    id: spec.id ?? nextSnowflake(),
    channelId: spec.channelId,
    guildId: spec.guildId,
    authorId: spec.authorId,
    timestamp: new Date().toISOString(),
    content: spec.content,
    embeds: [],
    components: [],
    allowedMentions: undefined,
    editedAt: null,
    attachments: [],
    deleted: false,
  };
  state.messages.set(message.id, message);
  context.dispatcher.message('MESSAGE_CREATE', message);
  return message;
}

// Discord's own snake_case shapes (API v10), built from the fake's records. The only place for them.
// https://discord.com/developers/docs/resources/guild , .../resources/message , .../interactions/receiving-and-responding
import type {
  ChannelRecord,
  DirectChannelRecord,
  FakeState,
  GuildRecord,
  MessageRecord,
  RoleRecord,
  UserRecord,
} from './state.ts';

// biome-ignore lint/suspicious/noExplicitAny: Discord JSON as sent and received; tests read it freely.
export type DiscordJson = any;

/** A user object. */
export function userPayload(user: UserRecord): DiscordJson {
  return {
    id: user.id,
    username: user.username,
    global_name: user.bot ? null : user.username,
    discriminator: '0',
    avatar: null,
    bot: user.bot,
    system: false,
    public_flags: 0,
  };
}

/** A role object; permissions travel as a decimal string. */
export function rolePayload(role: RoleRecord): DiscordJson {
  return {
    id: role.id,
    name: role.name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position: role.position,
    permissions: role.permissions.toString(),
    managed: role.botId !== undefined,
    mentionable: false,
    flags: 0,
    ...(role.botId !== undefined && { tags: { bot_id: role.botId } }),
  };
}

/** A guild text channel (type 0). */
export function channelPayload(channel: ChannelRecord): DiscordJson {
  return {
    id: channel.id,
    type: 0,
    guild_id: channel.guildId,
    name: channel.name,
    position: channel.position,
    permission_overwrites: [],
    parent_id: null,
    topic: null,
    nsfw: false,
    last_message_id: null,
    rate_limit_per_user: 0,
    flags: 0,
  };
}

/** A DM channel (type 1) with its one recipient. https://discord.com/developers/docs/resources/channel#channel-object */
export function directChannelPayload(state: FakeState, channel: DirectChannelRecord): DiscordJson {
  const recipient = state.users.get(channel.recipientId);
  return {
    id: channel.id,
    type: 1,
    last_message_id: null,
    flags: 0,
    recipients: recipient ? [userPayload(recipient)] : [],
  };
}

/** A guild member; `withUser` false for MESSAGE_CREATE, whose member omits the user Discord already sent as author. */
export function memberPayload(
  state: FakeState,
  guild: GuildRecord,
  userId: string,
  withUser = true,
): DiscordJson {
  const member = guild.members.get(userId);
  const user = state.users.get(userId);
  if (!member || !user) throw new Error(`fake Discord: ${userId} is not a member of ${guild.id}`);
  return {
    ...(withUser && { user: userPayload(user) }),
    nick: null,
    avatar: null,
    banner: null,
    roles: [...member.roleIds],
    joined_at: member.joinedAt,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    communication_disabled_until: null,
  };
}

/** A guild as `GET /guilds/{id}` returns it. */
export function guildPayload(guild: GuildRecord): DiscordJson {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: guild.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    mfa_level: 0,
    nsfw_level: 0,
    premium_tier: 0,
    premium_subscription_count: 0,
    premium_progress_bar_enabled: false,
    system_channel_id: guild.channels[0]?.id ?? null,
    system_channel_flags: 0,
    rules_channel_id: null,
    public_updates_channel_id: null,
    safety_alerts_channel_id: null,
    preferred_locale: 'pt-BR',
    vanity_url_code: null,
    features: [],
    application_id: null,
    max_members: 500_000,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    widget_enabled: false,
    widget_channel_id: null,
    roles: guild.roles.map(rolePayload),
    emojis: [],
    stickers: [],
  };
}

/** A message object; `withMember` adds the author's member (as MESSAGE_CREATE carries it in guilds). */
export function messagePayload(state: FakeState, message: MessageRecord, withMember = false): DiscordJson {
  const author = state.users.get(message.authorId);
  if (!author) throw new Error(`fake Discord: unknown author ${message.authorId}`);
  const guild = message.guildId ? state.guilds.get(message.guildId) : undefined;
  const reference = message.messageReference as { message_id?: string } | undefined;
  const referenced = reference?.message_id ? state.messages.get(reference.message_id) : undefined;
  return {
    id: message.id,
    type: reference ? 19 : 0,
    channel_id: message.channelId,
    ...(message.guildId && { guild_id: message.guildId }),
    author: userPayload(author),
    ...(withMember &&
      guild?.members.has(author.id) && { member: memberPayload(state, guild, author.id, false) }),
    content: message.content,
    timestamp: message.timestamp,
    edited_timestamp: message.editedAt,
    tts: false,
    mention_everyone: false,
    mentions: mentionedUsers(state, guild, message.content),
    mention_roles: unique(message.content, /<@&(\d+)>/g),
    attachments: message.attachments.map(({ id, filename }) => ({
      id,
      filename,
      size: 0,
      url: '',
      proxy_url: '',
    })),
    embeds: message.embeds.map((embed) => ({ type: 'rich', ...(embed as object) })),
    components: message.components,
    pinned: false,
    flags: message.flags ?? 0,
    ...(reference && { message_reference: { type: 0, channel_id: message.channelId, ...reference } }),
    ...(referenced && { referenced_message: messagePayload(state, referenced) }),
    ...(message.interactionId && { application_id: state.applicationId, webhook_id: state.applicationId }),
  };
}

function unique(content: string, pattern: RegExp): string[] {
  return [...new Set([...content.matchAll(pattern)].map((match) => match[1] ?? ''))];
}

// Discord resolves `<@id>` in the content into `mentions`, each with its member in a guild.
function mentionedUsers(state: FakeState, guild: GuildRecord | undefined, content: string): DiscordJson[] {
  return unique(content, /<@!?(\d+)>/g).flatMap((userId) => {
    const user = state.users.get(userId);
    if (!user) return [];
    const member = guild?.members.has(userId) ? memberPayload(state, guild, userId, false) : undefined;
    return [{ ...userPayload(user), ...(member && { member }) }];
  });
}

import { ApplicationFlags } from 'discord.js';
import { memberPermissions } from './permissions.ts';
import { nextSnowflake } from './snowflake.ts';

/** A Discord user (a member, or the bot itself). */
export interface UserRecord {
  readonly id: string;
  readonly username: string;
  readonly bot: boolean;
}

/** A role of a guild; @everyone has the guild's id. */
export interface RoleRecord {
  readonly id: string;
  readonly name: string;
  permissions: bigint;
  readonly position: number;
  /** Set on the role Discord creates for a bot when it joins. */
  readonly botId?: string;
}

/** A text channel of a guild. */
export interface ChannelRecord {
  readonly id: string;
  readonly name: string;
  readonly guildId: string;
  readonly position: number;
}

/** A DM channel between the bot and one user (type 1). */
export interface DirectChannelRecord {
  readonly id: string;
  readonly recipientId: string;
}

/** A user's membership in a guild. */
export interface MemberRecord {
  readonly userId: string;
  readonly roleIds: string[];
  readonly joinedAt: string;
}

/** A guild with its channels, roles and members. */
export interface GuildRecord {
  readonly id: string;
  readonly name: string;
  readonly ownerId: string;
  readonly channels: ChannelRecord[];
  readonly roles: RoleRecord[];
  readonly members: Map<string, MemberRecord>;
}

/** Any message in a channel: typed by a member or posted by the bot. */
export interface MessageRecord {
  readonly id: string;
  readonly channelId: string;
  readonly guildId: string | null;
  readonly authorId: string;
  readonly timestamp: string;
  content: string;
  embeds: unknown[];
  components: unknown[];
  allowedMentions: unknown;
  flags?: number;
  editedAt: string | null;
  messageReference?: unknown;
  attachments: { id: string; filename: string }[];
  /** The interaction this message answers, for interaction responses and follow-ups. */
  interactionId?: string;
  /** In a DM channel: the user it was sent to. */
  recipientId?: string;
  deleted: boolean;
}

/** Everything the fake Discord knows; the gateway and the REST routes both read and change it. */
export class FakeState {
  readonly users = new Map<string, UserRecord>();
  readonly guilds = new Map<string, GuildRecord>();
  readonly messages = new Map<string, MessageRecord>();
  /** DM channels by id; Discord keeps one per user. */
  readonly directChannels = new Map<string, DirectChannelRecord>();
  /** Users whose privacy settings (or a block) refuse DMs from the bot. */
  readonly refusingDirectMessages = new Set<string>();

  /**
   * The application's flags (`GET /applications/@me`, READY): the Message Content intent switched on
   * (the "limited" flag of a bot in fewer than 100 servers) unless a test turns it off.
   */
  applicationFlags: number = ApplicationFlags.GatewayMessageContentLimited;

  constructor(
    readonly botUser: UserRecord,
    readonly applicationId: string,
  ) {
    this.users.set(botUser.id, botUser);
  }

  /** Creates a user that exists outside any guild until added as a member. */
  addUser(username: string): UserRecord {
    const user: UserRecord = { id: nextSnowflake(), username, bot: false };
    this.users.set(user.id, user);
    return user;
  }

  /** The guild, or an error naming it (a test asked for something that does not exist). */
  guild(guildId: string): GuildRecord {
    const guild = this.guilds.get(guildId);
    if (!guild) throw new Error(`fake Discord: no guild ${guildId}`);
    return guild;
  }

  /** The text channel with this id and its guild, if any. */
  findChannel(channelId: string): { guild: GuildRecord; channel: ChannelRecord } | undefined {
    for (const guild of this.guilds.values()) {
      const channel = guild.channels.find((candidate) => candidate.id === channelId);
      if (channel) return { guild, channel };
    }
    return undefined;
  }

  /** The bot's DM channel with a user, opened the first time it is asked for. */
  openDirectChannel(recipientId: string): DirectChannelRecord {
    for (const channel of this.directChannels.values())
      if (channel.recipientId === recipientId) return channel;
    const channel: DirectChannelRecord = { id: nextSnowflake(), recipientId };
    this.directChannels.set(channel.id, channel);
    return channel;
  }

  /** A message that was not deleted. */
  findMessage(channelId: string, messageId: string): MessageRecord | undefined {
    const message = this.messages.get(messageId);
    return message && !message.deleted && message.channelId === channelId ? message : undefined;
  }

  /** A member's guild-level permissions (roles ORed with @everyone; owner and ADMINISTRATOR get all). */
  permissionsOf(guild: GuildRecord, userId: string): bigint {
    const member = guild.members.get(userId);
    const everyone = guild.roles.find((role) => role.id === guild.id)?.permissions ?? 0n;
    const roles = (member?.roleIds ?? []).map(
      (roleId) => guild.roles.find((role) => role.id === roleId)?.permissions ?? 0n,
    );
    return memberPermissions({ isOwner: guild.ownerId === userId, everyone, roles });
  }
}

// What tests see of the fake's records: plain objects, copied so a test cannot change the fake.
import type { DiscordJson } from './payloads.external.ts';
import type { GuildRecord, MessageRecord } from './state.ts';

/** A Discord user. */
export interface FakeUser {
  id: string;
  username: string;
}

/** A guild as the test created it (roles added later show up here too). */
export interface FakeGuild {
  id: string;
  name: string;
  ownerId: string;
  everyoneRoleId: string;
  channels: { id: string; name: string }[];
  roles: { id: string; name: string; permissions: string }[];
}

/** A message the bot posted: the JSON body as sent, plus ids. */
export interface FakeMessage {
  id: string;
  channelId: string;
  guildId: string | null;
  authorId: string;
  content: string;
  embeds: DiscordJson[];
  components: DiscordJson[];
  allowedMentions: unknown;
  flags?: number;
  editedAt: string | null;
  messageReference?: unknown;
  /** Set on interaction responses and follow-ups. */
  interactionId?: string;
  /** Set on a DM: the user it was sent to. */
  recipientId?: string;
}

/** The test's view of a guild record. */
export function guildView(guild: GuildRecord): FakeGuild {
  return {
    id: guild.id,
    name: guild.name,
    ownerId: guild.ownerId,
    everyoneRoleId: guild.id,
    channels: guild.channels.map(({ id, name }) => ({ id, name })),
    roles: guild.roles.map(({ id, name, permissions }) => ({
      id,
      name,
      permissions: permissions.toString(),
    })),
  };
}

/** A copy of a message record as tests see it. */
export function messageView(message: MessageRecord): FakeMessage {
  const { id, channelId, guildId, authorId, content, embeds, components, allowedMentions, editedAt } =
    message;
  return {
    id,
    channelId,
    guildId,
    authorId,
    content,
    embeds: structuredClone(embeds),
    components: structuredClone(components),
    allowedMentions,
    ...(message.flags !== undefined && { flags: message.flags }),
    editedAt,
    ...(message.messageReference !== undefined && { messageReference: message.messageReference }),
    ...(message.interactionId !== undefined && { interactionId: message.interactionId }),
    ...(message.recipientId !== undefined && { recipientId: message.recipientId }),
  };
}

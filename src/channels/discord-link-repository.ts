import type { Kysely } from 'kysely';
import type { Language } from '../contract/languages.ts';
import type { Executor } from '../db/executor.ts';
import type { Tables } from '../db/tables.ts';

/** A Discord server linked to a Twitch channel (SPEC §2.1), with its bot preferences. */
export interface DiscordLink {
  readonly guildId: string;
  readonly channelId: number;
  /** Where the bot posts session draws and connection news. */
  readonly announcementChannelId: string | null;
  /** Members with this role may run state-changing commands, besides Manage Server. */
  readonly managerRoleId: string | null;
  readonly language: Language;
}

export type DiscordLinkChanges = Partial<
  Pick<DiscordLink, 'announcementChannelId' | 'managerRoleId' | 'language'>
>;

interface LinkRow {
  guild_id: string;
  channel_id: number;
  announcement_channel_id: string | null;
  manager_role_id: string | null;
  language: Language;
}

const toLink = (row: LinkRow): DiscordLink => ({
  guildId: row.guild_id,
  channelId: row.channel_id,
  announcementChannelId: row.announcement_channel_id,
  managerRoleId: row.manager_role_id,
  language: row.language,
});

const columns = ['guild_id', 'channel_id', 'announcement_channel_id', 'manager_role_id', 'language'] as const;

/** The Discord servers linked to channels. */
export class DiscordLinkRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  async find(guildId: string): Promise<DiscordLink | undefined> {
    const row = await this.db
      .selectFrom('discord_links')
      .select(columns)
      .where('guild_id', '=', guildId)
      .executeTakeFirst();
    return row && toLink(row);
  }

  async ofChannel(channelId: number): Promise<DiscordLink[]> {
    const rows = await this.db
      .selectFrom('discord_links')
      .select(columns)
      .where('channel_id', '=', channelId)
      .orderBy('linked_at')
      .execute();
    return rows.map(toLink);
  }

  /**
   * Links a Discord server to a channel, in the caller's transaction when given. A server links to one
   * channel: linking it again moves it (and takes the preferences carried by the new connect link).
   */
  async link(
    guildId: string,
    channelId: number,
    preferences: { announcementChannelId?: string; language?: Language } = {},
    executor: Executor = this.db,
  ): Promise<void> {
    const chosen = {
      ...(preferences.announcementChannelId && {
        announcement_channel_id: preferences.announcementChannelId,
      }),
      ...(preferences.language && { language: preferences.language }),
    };
    await executor
      .insertInto('discord_links')
      .values({ guild_id: guildId, channel_id: channelId, ...chosen })
      .onConflict((conflict) =>
        conflict.column('guild_id').doUpdateSet({ channel_id: channelId, linked_at: new Date(), ...chosen }),
      )
      .execute();
  }

  async update(guildId: string, changes: DiscordLinkChanges): Promise<DiscordLink | undefined> {
    const values = {
      ...(changes.announcementChannelId !== undefined && {
        announcement_channel_id: changes.announcementChannelId,
      }),
      ...(changes.managerRoleId !== undefined && { manager_role_id: changes.managerRoleId }),
      ...(changes.language !== undefined && { language: changes.language }),
    };
    if (Object.keys(values).length === 0) return this.find(guildId);
    const row = await this.db
      .updateTable('discord_links')
      .set(values)
      .where('guild_id', '=', guildId)
      .returning(columns)
      .executeTakeFirst();
    return row && toLink(row);
  }
}

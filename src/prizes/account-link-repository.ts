import type { Executor } from '../db/executor.ts';

/** A Discord user linked to a Twitch user (SPEC §2.8). */
export interface AccountLink {
  readonly discordUserId: string;
  readonly twitchUserId: string;
  readonly twitchLogin: string;
}

/** The account links (table account_links, migration 0009). Takes `db` or a transaction. */
export const accountLinkRepository = {
  /** Links the two accounts, replacing an earlier link of either one. */
  async link(db: Executor, link: AccountLink): Promise<void> {
    await db
      .deleteFrom('account_links')
      .where((eb) =>
        eb.or([eb('discord_user_id', '=', link.discordUserId), eb('twitch_user_id', '=', link.twitchUserId)]),
      )
      .execute();
    await db
      .insertInto('account_links')
      .values({
        discord_user_id: link.discordUserId,
        twitch_user_id: link.twitchUserId,
        twitch_login: link.twitchLogin,
      })
      .execute();
  },

  async unlink(db: Executor, discordUserId: string): Promise<boolean> {
    const result = await db
      .deleteFrom('account_links')
      .where('discord_user_id', '=', discordUserId)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  },

  async ofDiscordUser(db: Executor, discordUserId: string): Promise<AccountLink | undefined> {
    const row = await db
      .selectFrom('account_links')
      .select(['discord_user_id', 'twitch_user_id', 'twitch_login'])
      .where('discord_user_id', '=', discordUserId)
      .executeTakeFirst();
    return (
      row && {
        discordUserId: row.discord_user_id,
        twitchUserId: row.twitch_user_id,
        twitchLogin: row.twitch_login,
      }
    );
  },
};

import { sql } from 'kysely';
import type { ChannelSettings } from '../contract/settings.ts';
import type { Executor } from '../db/executor.ts';
import type { ChannelSettingsTable } from '../db/tables.ts';

export type { ChannelSettings };

type Column = Exclude<keyof ChannelSettingsTable, 'channel_id' | 'updated_at'>;

/** Each setting and its column: the one place the two spellings meet. */
export const SETTING_COLUMNS = {
  cooldownMinutes: 'cooldown_minutes',
  maxWinsPerSession: 'max_wins_per_session',
  excludeModerators: 'exclude_moderators',
  activeChattersMinutes: 'active_chatters_minutes',
  subscriberTier1Multiplier: 'subscriber_tier1_multiplier',
  subscriberTier2Multiplier: 'subscriber_tier2_multiplier',
  subscriberTier3Multiplier: 'subscriber_tier3_multiplier',
  vipMultiplier: 'vip_multiplier',
  sessionIntervalSeconds: 'session_interval_seconds',
  sessionChance: 'session_chance',
  sessionMaxDraws: 'session_max_draws',
  stopWhenOffline: 'stop_when_offline',
  claimEnabled: 'claim_enabled',
  claimWord: 'claim_word',
  claimSeconds: 'claim_seconds',
  claimMaxRedraws: 'claim_max_redraws',
  entryMode: 'entry_mode',
  entryKeyword: 'entry_keyword',
  entryRequiresPresence: 'entry_requires_presence',
  minAccountAgeDays: 'min_account_age_days',
  minFollowDays: 'min_follow_days',
  publicRandomness: 'public_randomness',
} as const satisfies Record<keyof ChannelSettings, Column>;

// numeric columns arrive as strings from PostgreSQL.
const NUMERIC: ReadonlySet<keyof ChannelSettings> = new Set([
  'subscriberTier1Multiplier',
  'subscriberTier2Multiplier',
  'subscriberTier3Multiplier',
  'vipMultiplier',
  'sessionChance',
]);

function toSettings(row: Record<string, unknown>): ChannelSettings {
  const settings: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(SETTING_COLUMNS)) {
    const value = row[column];
    settings[key] = NUMERIC.has(key as keyof ChannelSettings) ? Number(value) : value;
  }
  return settings as unknown as ChannelSettings;
}

/**
 * A channel's settings. Every channel has its row from the moment it is inserted (a database trigger
 * makes it with the column defaults, the one set of defaults), so reading never writes.
 */
export class SettingsRepository {
  constructor(private readonly db: Executor) {}

  async get(channelId: number): Promise<ChannelSettings> {
    const row = await this.db
      .selectFrom('channel_settings')
      .selectAll()
      .where('channel_id', '=', channelId)
      .executeTakeFirst();
    if (!row) throw new Error(`channel ${channelId} has no settings row (is the channel deleted?)`);
    return toSettings(row);
  }

  /** Changes the given settings only; the database's checks are the last line of defence. */
  async update(channelId: number, changes: Partial<ChannelSettings>): Promise<ChannelSettings> {
    const values: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(changes)) {
      if (value !== undefined) values[SETTING_COLUMNS[key as keyof ChannelSettings]] = value;
    }
    if (Object.keys(values).length > 0) {
      await this.db
        .updateTable('channel_settings')
        .set({ ...values, updated_at: sql`now()` })
        .where('channel_id', '=', channelId)
        .execute();
    }
    return this.get(channelId);
  }
}

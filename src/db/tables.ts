import type { ColumnType, Generated } from 'kysely';

/** A timestamp column: read as a Date, written as a Date or an ISO string, defaulted by the database. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface ChannelsTable {
  id: Generated<number>;
  login: string;
  twitch_user_id: string | null;
  display_name: string;
  language: Generated<'pt-BR' | 'en'>;
  connection_state: Generated<'not_connected' | 'connected' | 'reconnect_needed' | 'disconnected'>;
  overlay_key: Generated<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TwitchTokensTable {
  channel_id: number;
  access_token_encrypted: string;
  refresh_token_encrypted: string | null;
  scopes: Generated<string[]>;
  expires_at: NullableTimestamp;
  obtained_at: Timestamp;
  validated_at: NullableTimestamp;
  updated_at: Timestamp;
}

export interface DiscordLinksTable {
  guild_id: string;
  channel_id: number;
  announcement_channel_id: string | null;
  manager_role_id: string | null;
  language: Generated<'pt-BR' | 'en'>;
  linked_at: Timestamp;
}

export interface ChannelSettingsTable {
  channel_id: number;
  cooldown_minutes: Generated<number>;
  max_wins_per_session: number | null;
  exclude_moderators: Generated<boolean>;
  active_chatters_minutes: number | null;
  subscriber_tier1_multiplier: Generated<number>;
  subscriber_tier2_multiplier: Generated<number>;
  subscriber_tier3_multiplier: Generated<number>;
  vip_multiplier: Generated<number>;
  session_interval_seconds: Generated<number>;
  session_chance: Generated<number>;
  session_max_draws: number | null;
  stop_when_offline: Generated<boolean>;
  claim_enabled: Generated<boolean>;
  claim_word: Generated<string>;
  claim_seconds: Generated<number>;
  claim_max_redraws: Generated<number>;
  entry_mode: Generated<'chat' | 'keyword'>;
  entry_keyword: Generated<string>;
  entry_requires_presence: Generated<boolean>;
  min_account_age_days: Generated<number>;
  min_follow_days: Generated<number>;
  public_randomness: Generated<boolean>;
  updated_at: Timestamp;
}

export interface BlockedViewersTable {
  channel_id: number;
  login: string;
  user_id: string | null;
  created_at: Timestamp;
}

export interface ItemsTable {
  id: Generated<number>;
  channel_id: number;
  name: string;
  weight: number;
  quantity: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RaffleSessionsTable {
  id: Generated<number>;
  channel_id: number;
  status: Generated<'active' | 'stopped'>;
  interval_seconds: number;
  chance: Generated<number>;
  max_draws: number | null;
  ticks_done: Generated<number>;
  draws_done: Generated<number>;
  next_draw_at: Date | string;
  started_by: string | null;
  started_at: Timestamp;
  stopped_at: NullableTimestamp;
  stop_reason: string | null;
}

export interface RafflesTable {
  id: Generated<number>;
  channel_id: number;
  session_id: number | null;
  session_tick: number | null;
  /** When the session tick was due (migration 0010). */
  due_at: NullableTimestamp;
  /** When the chat list of the snapshot was read from Twitch (migration 0010). */
  roster_at: NullableTimestamp;
  seed: string;
  commitment: string;
  entrants_digest: string | null;
  winners_requested: number;
  status: Generated<'pending' | 'drawn' | 'void'>;
  void_reason: string | null;
  idempotency_key: string | null;
  created_at: Timestamp;
  snapshot_at: NullableTimestamp;
  drawn_at: NullableTimestamp;
  draw_attempt_at: NullableTimestamp;
  claim_seconds: number | null;
  claim_word: string | null;
  claim_max_redraws: number | null;
  /** The drand round of a draw of SPEC §4.1 and its chain (migration 0012); null for §4 draws. */
  beacon_chain_hash: string | null;
  beacon_round: number | null;
  /** When the round comes. */
  beacon_round_at: NullableTimestamp;
  /** The round's signature and randomness, stored once fetched and verified. */
  beacon_signature: string | null;
  beacon_randomness: string | null;
}

/** drand chains rounds came from, as their /info describes them (migration 0012). */
export interface BeaconChainsTable {
  chain_hash: string;
  public_key: string;
  scheme: string;
  period: number;
  genesis_time: number;
}

export interface RaffleEntrantsTable {
  raffle_id: number;
  user_id: string;
  login: string;
  weight: number;
  excluded_reason: string | null;
}

export interface RaffleItemsTable {
  raffle_id: number;
  item_id: number;
  name: string;
  weight: number;
  quantity: number | null;
}

export interface RaffleWinnersTable {
  raffle_id: number;
  position: number;
  user_id: string;
  login: string;
  item_id: number | null;
  item_name: string | null;
  channel_id: number;
  session_id: number | null;
  won_at: Timestamp;
  replaced_at: NullableTimestamp;
  replaced_seq: number | null;
  claim_state: 'awaiting_claim' | 'claimed' | 'forfeited' | null;
  claim_started_at: NullableTimestamp;
  claim_deadline: NullableTimestamp;
  claimed_at: NullableTimestamp;
  replaced_reason: 'reroll' | 'unclaimed' | null;
  first_message: string | null;
  first_message_at: NullableTimestamp;
}

export interface EntryWindowsTable {
  id: Generated<number>;
  channel_id: number;
  keyword: string;
  opened_at: Timestamp;
  closed_at: NullableTimestamp;
  opened_by: string | null;
}

export interface EntriesTable {
  window_id: number;
  user_id: string;
  login: string;
  entered_at: Timestamp;
  state: 'entered' | 'refused' | 'pending_check';
  reason: string | null;
  checked_at: NullableTimestamp;
}

export interface ApiInstancesTable {
  id: string;
  started_at: Timestamp;
  beat_at: Timestamp;
  stopped_at: NullableTimestamp;
}

export interface ChatActivityTable {
  channel_id: number;
  user_id: string;
  login: string;
  last_message_at: Date | string;
  message_count: Generated<number>;
}

export interface SpentNoncesTable {
  nonce: string;
  purpose: string;
  expires_at: Date | string;
}

export interface DashboardSessionsTable {
  token_hash: string;
  channel_id: number;
  created_at: Timestamp;
  expires_at: Date | string;
}

/** The database as Kysely sees it (migrations/ is the source of truth). */
export interface ItemCodesTable {
  id: Generated<number>;
  channel_id: number;
  item_id: number | null;
  fingerprint: string;
  /** The code, encrypted (src/prizes/code-cipher.ts); never selected except to hand it to its holder. */
  secret: string;
  added_at: Timestamp;
  raffle_id: number | null;
  position: number | null;
  assigned_at: NullableTimestamp;
  delivered_at: NullableTimestamp;
  delivered_via: 'page' | 'discord' | null;
  sending_until: NullableTimestamp;
}

export interface AccountLinksTable {
  discord_user_id: string;
  twitch_user_id: string;
  twitch_login: string;
  linked_at: Timestamp;
}

export interface Tables {
  channels: ChannelsTable;
  twitch_tokens: TwitchTokensTable;
  discord_links: DiscordLinksTable;
  channel_settings: ChannelSettingsTable;
  blocked_viewers: BlockedViewersTable;
  items: ItemsTable;
  raffle_sessions: RaffleSessionsTable;
  raffles: RafflesTable;
  beacon_chains: BeaconChainsTable;
  raffle_entrants: RaffleEntrantsTable;
  raffle_items: RaffleItemsTable;
  raffle_winners: RaffleWinnersTable;
  chat_activity: ChatActivityTable;
  spent_nonces: SpentNoncesTable;
  dashboard_sessions: DashboardSessionsTable;
  entry_windows: EntryWindowsTable;
  entries: EntriesTable;
  api_instances: ApiInstancesTable;
  item_codes: ItemCodesTable;
  account_links: AccountLinksTable;
}

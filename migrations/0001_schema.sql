-- KinoYu schema: every table the product needs (SPEC §2–§7). Forward-only: later changes are new files.
-- Text that the spec orders "in byte order" (Twitch user ids) is declared COLLATE "C", so indexes
-- and ORDER BY agree with the proof's byte order whatever the database's default collation is.

-- A streamer's channel. It exists before Twitch is connected (prizes can be set up first);
-- twitch_user_id is filled by the OAuth callback.
create table channels (
  id bigint generated always as identity primary key,
  login text not null unique check (login ~ '^[a-z0-9_]{1,25}$'),
  twitch_user_id text collate "C" unique,
  display_name text not null,
  language text not null default 'pt-BR' check (language in ('pt-BR', 'en')),
  connection_state text not null default 'not_connected'
    check (connection_state in ('not_connected', 'connected', 'reconnect_needed', 'disconnected')),
  -- Secret for the OBS overlay URL; gen_random_uuid() draws from the server's strong random source.
  overlay_key text not null default replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- Twitch tokens, AES-256-GCM encrypted by the application (TOKEN_ENCRYPTION_KEY) before they get here.
-- One row per channel, locked FOR UPDATE while refreshing so replicas never spend a refresh token twice.
create table twitch_tokens (
  channel_id bigint primary key references channels on delete cascade,
  access_token_encrypted text not null,
  refresh_token_encrypted text,
  scopes text[] not null default '{}',
  expires_at timestamptz,
  obtained_at timestamptz not null default now(),
  validated_at timestamptz,
  updated_at timestamptz not null default now()
);

-- A Discord server linked to one channel (a channel may be linked from several servers).
create table discord_links (
  guild_id text primary key,
  channel_id bigint not null references channels on delete cascade,
  announcement_channel_id text,
  manager_role_id text,
  language text not null default 'pt-BR' check (language in ('pt-BR', 'en')),
  linked_at timestamptz not null default now()
);
create index discord_links_channel on discord_links (channel_id);

-- The rules of SPEC §3 and the session defaults, one row per channel.
create table channel_settings (
  channel_id bigint primary key references channels on delete cascade,
  cooldown_minutes integer not null default 30 check (cooldown_minutes between 0 and 10080),
  max_wins_per_session integer check (max_wins_per_session between 1 and 1000),
  exclude_moderators boolean not null default false,
  active_chatters_minutes integer check (active_chatters_minutes between 1 and 1440),
  subscriber_tier1_multiplier numeric(4, 2) not null default 1 check (subscriber_tier1_multiplier between 1 and 10),
  subscriber_tier2_multiplier numeric(4, 2) not null default 1 check (subscriber_tier2_multiplier between 1 and 10),
  subscriber_tier3_multiplier numeric(4, 2) not null default 1 check (subscriber_tier3_multiplier between 1 and 10),
  vip_multiplier numeric(4, 2) not null default 1 check (vip_multiplier between 1 and 10),
  session_interval_seconds integer not null default 300 check (session_interval_seconds between 1 and 86400),
  session_chance numeric(5, 4) not null default 1 check (session_chance > 0 and session_chance <= 1),
  session_max_draws integer check (session_max_draws between 1 and 100000),
  stop_when_offline boolean not null default false,
  claim_enabled boolean not null default false,
  claim_word text not null default '!claim' check (char_length(claim_word) between 1 and 50),
  claim_seconds integer not null default 60 check (claim_seconds between 5 and 3600),
  claim_max_redraws integer not null default 3 check (claim_max_redraws between 0 and 20),
  updated_at timestamptz not null default now()
);

-- Viewers a channel never wants drawn (matched by login, or by user id once known).
create table blocked_viewers (
  channel_id bigint not null references channels on delete cascade,
  login text not null check (login ~ '^[a-z0-9_]{1,25}$'),
  user_id text collate "C",
  created_at timestamptz not null default now(),
  primary key (channel_id, login)
);

-- Prizes. weight is the relative chance; quantity null means unlimited and never goes below zero.
create table items (
  id bigint generated always as identity primary key,
  channel_id bigint not null references channels on delete cascade,
  name text not null check (char_length(name) between 1 and 100),
  weight integer not null check (weight between 1 and 1000000),
  quantity integer check (quantity >= 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index items_channel_name on items (channel_id, lower(name));

-- Automatic raffle sessions (SPEC §2.3). A tick is claimed with FOR UPDATE SKIP LOCKED by the scheduler.
create table raffle_sessions (
  id bigint generated always as identity primary key,
  channel_id bigint not null references channels on delete cascade,
  status text not null default 'active' check (status in ('active', 'stopped')),
  interval_seconds integer not null check (interval_seconds between 1 and 86400),
  chance numeric(5, 4) not null default 1 check (chance > 0 and chance <= 1),
  max_draws integer check (max_draws >= 1),
  ticks_done integer not null default 0,
  draws_done integer not null default 0,
  next_draw_at timestamptz not null,
  started_by text,
  started_at timestamptz not null default now(),
  stopped_at timestamptz,
  stop_reason text
);
create unique index raffle_sessions_one_active on raffle_sessions (channel_id) where status = 'active';
create index raffle_sessions_due on raffle_sessions (next_draw_at) where status = 'active';

-- A raffle: created 'pending' with its seed and commitment, then drawn once by make_raffle.
create table raffles (
  id bigint generated always as identity primary key,
  channel_id bigint not null references channels on delete cascade,
  session_id bigint references raffle_sessions on delete set null,
  session_tick integer,
  seed text not null check (seed ~ '^[0-9a-f]{64}$'),
  commitment text not null check (commitment ~ '^[0-9a-f]{64}$'),
  entrants_digest text,
  eligible_count integer,
  excluded_count integer,
  winners_requested integer not null check (winners_requested between 1 and 100),
  status text not null default 'pending' check (status in ('pending', 'drawn', 'void')),
  void_reason text,
  idempotency_key text check (char_length(idempotency_key) between 1 and 200),
  created_at timestamptz not null default now(),
  snapshot_at timestamptz,
  drawn_at timestamptz,
  unique (channel_id, idempotency_key),
  unique (session_id, session_tick)
);
create index raffles_channel_newest on raffles (channel_id, id desc);

-- The frozen entrant snapshot of a raffle, excluded viewers included (with the reason), as the proof
-- publishes both. The primary key's byte order is the order of the entrants digest and of the proof.
-- No foreign key to raffles: checking it once per row costs about a third of a 100,000-row COPY
-- (bench/RESULTS.md), and the snapshot is only ever written in the transaction that holds its raffle
-- row locked (RaffleRepository.snapshotAndDraw). Deleting a raffle deletes its snapshot by trigger.
create table raffle_entrants (
  raffle_id bigint not null,
  user_id text collate "C" not null check (user_id <> ''),
  login text not null,
  weight numeric(6, 2) not null check (weight > 0 and weight <= 1000),
  excluded_reason text,
  primary key (raffle_id, user_id)
);

create function delete_raffle_entrants() returns trigger
language plpgsql
as $$
begin
  delete from raffle_entrants where raffle_id = old.id;
  return old;
end
$$;
create trigger raffles_delete_entrants after delete on raffles
  for each row execute function delete_raffle_entrants();

-- The prizes as they stood just before the draw (the proof's `items`).
create table raffle_items (
  raffle_id bigint not null references raffles on delete cascade,
  item_id bigint not null,
  name text not null,
  weight integer not null,
  quantity integer,
  primary key (raffle_id, item_id)
);

-- Who holds each slot. A redraw marks the holder replaced (replaced_seq orders the redraws) and adds
-- the new holder; one user holds at most one slot of a raffle, ever.
create table raffle_winners (
  raffle_id bigint not null references raffles on delete cascade,
  position integer not null check (position >= 1),
  user_id text collate "C" not null,
  login text not null,
  item_id bigint,
  item_name text,
  channel_id bigint not null references channels on delete cascade,
  session_id bigint,
  won_at timestamptz not null default now(),
  replaced_at timestamptz,
  replaced_seq integer,
  primary key (raffle_id, user_id)
);
create unique index raffle_winners_current_holder on raffle_winners (raffle_id, position) where replaced_at is null;
-- Cooldown and max-wins lookups: recent current wins of a channel.
create index raffle_winners_recent on raffle_winners (channel_id, won_at desc) where replaced_at is null;

-- Who chatted when (EventSub channel.chat.message), for the "active chatters" mode and claim windows.
create table chat_activity (
  channel_id bigint not null references channels on delete cascade,
  user_id text collate "C" not null,
  login text not null,
  last_message_at timestamptz not null,
  primary key (channel_id, user_id)
);

-- Single-use tokens (OAuth state, Discord connect links): a nonce is spent by inserting it here.
create table spent_nonces (
  nonce text primary key,
  purpose text not null,
  expires_at timestamptz not null
);
create index spent_nonces_expiry on spent_nonces (expires_at);

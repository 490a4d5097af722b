-- Dashboard logins live on the server (SPEC §9): logging out, or disconnecting the channel from Twitch,
-- ends them at once. Until now the signed cookie alone was the session, so a copied cookie kept working
-- for its 7 days whatever happened.
--
-- The cookie carries a random 32-byte token; only its SHA-256 is stored here, so someone who reads this
-- table still cannot present a session. Each request with a cookie looks up one row by primary key.
create table dashboard_sessions (
  token_hash text collate "C" primary key,
  channel_id bigint not null references channels on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
-- Disconnecting a channel deletes all its sessions.
create index dashboard_sessions_channel on dashboard_sessions (channel_id);
-- The periodic purge deletes the expired ones.
create index dashboard_sessions_expiry on dashboard_sessions (expires_at);

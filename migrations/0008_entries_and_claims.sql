-- The viewers' side of a giveaway (SPEC §2.6, §2.7): entry windows opened by keyword, the anti-alt
-- rules checked at entry, and claim windows on every slot of a draw.

-- Settings of §2.7 (the claim window's settings of §2.6 were already in 0001).
alter table channel_settings
  add column entry_mode text not null default 'chat' check (entry_mode in ('chat', 'keyword')),
  add column entry_keyword text not null default '!participar' check (char_length(entry_keyword) between 1 and 50),
  add column entry_requires_presence boolean not null default true,
  add column min_account_age_days integer not null default 0 check (min_account_age_days between 0 and 3650),
  add column min_follow_days integer not null default 0 check (min_follow_days between 0 and 3650);

-- The claim rules a raffle was drawn with (settings may change while its windows run); claim_seconds
-- null = the raffle has no claim window.
alter table raffles
  add column claim_seconds integer check (claim_seconds between 5 and 3600),
  add column claim_word text check (char_length(claim_word) between 1 and 50),
  add column claim_max_redraws integer check (claim_max_redraws between 0 and 20);

-- A slot's claim window. claim_state is null without a window. A replaced holder keeps the state it
-- had; replaced_reason says why it was replaced ('reroll': a moderator; 'unclaimed': its window ran out).
alter table raffle_winners
  add column claim_state text check (claim_state in ('awaiting_claim', 'claimed', 'forfeited')),
  add column claim_started_at timestamptz,
  add column claim_deadline timestamptz,
  add column claimed_at timestamptz,
  add column replaced_reason text check (replaced_reason in ('reroll', 'unclaimed')),
  -- The holder's first chat message after the slot became theirs (moderators see they are there).
  add column first_message text check (char_length(first_message) <= 500),
  add column first_message_at timestamptz;

-- The expiry pass: current holders still waiting, by deadline.
create index raffle_winners_claim_deadline on raffle_winners (claim_deadline)
  where claim_state = 'awaiting_claim' and replaced_at is null;
-- A chat message looks up the sender's open windows in their channel.
create index raffle_winners_awaiting_holder on raffle_winners (channel_id, user_id)
  where claim_state is not null and replaced_at is null;

-- Entry windows (§2.7): at most one open per channel; a draw in keyword mode reads the open one, or
-- the last one closed.
create table entry_windows (
  id bigint generated always as identity primary key,
  channel_id bigint not null references channels on delete cascade,
  keyword text not null check (char_length(keyword) between 1 and 50),
  opened_at timestamptz not null default now(),
  closed_at timestamptz,
  opened_by text
);
create unique index entry_windows_one_open on entry_windows (channel_id) where closed_at is null;
create index entry_windows_latest on entry_windows (channel_id, id desc);

-- Who typed the keyword: once per window and viewer (repeats add nothing). 'pending_check': Twitch
-- could not be asked yet about the anti-alt rules; it is asked again before a draw.
create table entries (
  window_id bigint not null references entry_windows on delete cascade,
  user_id text collate "C" not null check (user_id <> ''),
  login text not null,
  entered_at timestamptz not null default now(),
  state text not null check (state in ('entered', 'refused', 'pending_check')),
  reason text,
  checked_at timestamptz,
  primary key (window_id, user_id)
);
create index entries_pending on entries (window_id) where state = 'pending_check';

-- Which API processes were alive when (each beats about every second): a claim window is only judged
-- over time when someone was listening to chat. A window with a gap in it starts again after the gap
-- (§2.6: "a window that ran while the API was down starts again after the restart").
create table api_instances (
  id text primary key,
  started_at timestamptz not null default clock_timestamp(),
  beat_at timestamptz not null default clock_timestamp(),
  stopped_at timestamptz
);
create index api_instances_beat on api_instances (beat_at);

-- The end of the last moment within [p_from, p_to] when no API process was alive, or null when one
-- always was. A process counts as alive from its start to 3 s after its last beat (or to its clean stop).
create function listening_gap_end(p_from timestamptz, p_to timestamptz) returns timestamptz
language plpgsql stable
as $$
declare
  v_cursor timestamptz := p_from;
  v_gap_end timestamptz;
  v_instance record;
begin
  for v_instance in
    select i.started_at, coalesce(i.stopped_at, i.beat_at + interval '3 seconds') as alive_until
      from api_instances i
     where coalesce(i.stopped_at, i.beat_at + interval '3 seconds') >= p_from and i.started_at <= p_to
     order by i.started_at
  loop
    if v_instance.started_at > v_cursor then
      v_gap_end := v_instance.started_at;
    end if;
    v_cursor := greatest(v_cursor, v_instance.alive_until);
    exit when v_cursor >= p_to;
  end loop;
  if v_cursor < p_to then
    -- Nobody was alive from v_cursor to the end: the gap lasted until the next process started (the
    -- caller at the latest).
    return coalesce((select min(i.started_at) from api_instances i where i.started_at >= v_cursor),
                    clock_timestamp());
  end if;
  return v_gap_end;
end
$$;

-- The draw and the redraw of 0002 become the core of make_raffle and reroll_raffle, which add the
-- claim windows around them: same signatures, same results, plus each slot's `claim`.
alter function make_raffle(bigint) rename to draw_raffle_core;
alter function reroll_raffle(bigint, integer) rename to redraw_slot_core;

-- raffle_result() with each holder's claim and the replaced holders (oldest first), as §4 and §7 show them.
create or replace function raffle_result(p_raffle_id bigint) returns jsonb
language sql stable
as $$
  select jsonb_build_object(
    'raffleId', r.id,
    'channelId', r.channel_id,
    'sessionId', r.session_id,
    'status', r.status,
    'reason', r.void_reason,
    'commitment', r.commitment,
    'entrantsDigest', r.entrants_digest,
    'seed', case when r.status = 'pending' or r.void_reason = 'interrupted' then null else r.seed end,
    'winnersRequested', r.winners_requested,
    'createdAt', r.created_at,
    'drawnAt', r.drawn_at,
    'eligibleCount', r.eligible_count,
    'excludedCount', r.excluded_count,
    'claimWord', r.claim_word,
    'claimSeconds', r.claim_seconds,
    'winners', coalesce((
      select jsonb_agg(jsonb_build_object(
               'position', w.position, 'userId', w.user_id, 'login', w.login,
               'itemId', w.item_id, 'itemName', w.item_name,
               'claim', case when w.claim_state is null then null else jsonb_build_object(
                 'state', w.claim_state, 'deadline', w.claim_deadline, 'claimedAt', w.claimed_at,
                 'firstMessage', w.first_message, 'firstMessageAt', w.first_message_at) end)
             order by w.position)
        from raffle_winners w
       where w.raffle_id = r.id and w.replaced_at is null), '[]'::jsonb),
    'replaced', coalesce((
      select jsonb_agg(jsonb_build_object(
               'position', w.position, 'userId', w.user_id, 'login', w.login,
               'reason', coalesce(w.replaced_reason, 'reroll'))
             order by w.replaced_seq)
        from raffle_winners w
       where w.raffle_id = r.id and w.replaced_at is not null), '[]'::jsonb))
  from raffles r
  where r.id = p_raffle_id
$$;

-- make_raffle (SPEC §4): the draw of 0002, then, for a raffle drawn by this call on a channel with
-- claims on, a window for every slot (§2.6) with the channel's claim rules frozen on the raffle.
create function make_raffle(p_raffle_id bigint) returns jsonb
language plpgsql
as $$
declare
  v_status text;
  v_result jsonb;
  v_settings channel_settings%rowtype;
begin
  -- The raffle row first, as draw_raffle_core does: a concurrent retry waits here, then sees it drawn.
  select status into v_status from raffles where id = p_raffle_id for update;
  v_result := draw_raffle_core(p_raffle_id);
  if v_status = 'pending' and v_result ->> 'status' = 'drawn' then
    select s.* into v_settings
      from channel_settings s join raffles r on r.channel_id = s.channel_id
     where r.id = p_raffle_id;
    if v_settings.claim_enabled then
      update raffles
         set claim_seconds = v_settings.claim_seconds, claim_word = v_settings.claim_word,
             claim_max_redraws = v_settings.claim_max_redraws
       where id = p_raffle_id;
      update raffle_winners
         set claim_state = 'awaiting_claim', claim_started_at = clock_timestamp(),
             claim_deadline = clock_timestamp() + make_interval(secs => v_settings.claim_seconds)
       where raffle_id = p_raffle_id and replaced_at is null;
      v_result := raffle_result(p_raffle_id);
    end if;
  end if;
  return v_result;
end
$$;

-- reroll_raffle (§2.4, §4): redraws a slot; `p_reason` 'unclaimed' when its claim window ran out. The
-- new holder gets a fresh window when the raffle has claims. A forfeited slot is not redrawn: its prize
-- unit already went back to stock.
create function reroll_raffle(p_raffle_id bigint, p_position integer, p_reason text default 'reroll')
returns jsonb
language plpgsql
as $$
declare
  v_raffle raffles%rowtype;
  v_result jsonb;
begin
  select * into v_raffle from raffles where id = p_raffle_id for update;
  if found and exists (
       select 1 from raffle_winners
        where raffle_id = p_raffle_id and position = p_position and replaced_at is null
          and claim_state = 'forfeited') then
    return raffle_result(p_raffle_id) || jsonb_build_object('status', 'forfeited');
  end if;
  v_result := redraw_slot_core(p_raffle_id, p_position);
  if v_result ->> 'status' <> 'rerolled' then
    return v_result;
  end if;
  update raffle_winners
     set replaced_reason = p_reason
   where raffle_id = p_raffle_id and user_id = v_result -> 'rerolled' ->> 'replacedUserId';
  if v_raffle.claim_seconds is not null then
    update raffle_winners
       set claim_state = 'awaiting_claim', claim_started_at = clock_timestamp(),
           claim_deadline = clock_timestamp() + make_interval(secs => v_raffle.claim_seconds)
     where raffle_id = p_raffle_id and position = p_position and replaced_at is null;
  end if;
  return raffle_result(p_raffle_id)
    || jsonb_build_object('status', 'rerolled', 'rerolled', v_result -> 'rerolled');
end
$$;

-- Handles a claim window whose deadline passed (§2.6), once whatever the number of replicas calling it
-- (the raffle row is locked; a slot no longer due is left alone). Outcomes:
--   'none'       not due (claimed meanwhile, redrawn by another process, or no such window);
--   'restarted'  nobody was listening to chat during part of the window: it starts again after the gap;
--   'redrawn'    the holder is replaced (reason 'unclaimed') and the new one gets a fresh window;
--   'forfeited'  after claim_max_redraws redraws (or with nobody left): the holder stays on record, the
--                prize unit goes back to stock.
create function expire_claim(p_raffle_id bigint, p_position integer) returns jsonb
language plpgsql
as $$
declare
  v_raffle raffles%rowtype;
  v_holder raffle_winners%rowtype;
  v_gap_end timestamptz;
  v_redraws integer;
  v_result jsonb;
begin
  select * into v_raffle from raffles where id = p_raffle_id for update;
  if not found or v_raffle.claim_seconds is null then
    return jsonb_build_object('outcome', 'none');
  end if;
  select * into v_holder from raffle_winners
   where raffle_id = p_raffle_id and position = p_position and replaced_at is null;
  if not found or v_holder.claim_state is distinct from 'awaiting_claim'
     or v_holder.claim_deadline > clock_timestamp() then
    return jsonb_build_object('outcome', 'none');
  end if;

  v_gap_end := listening_gap_end(v_holder.claim_started_at, v_holder.claim_deadline);
  if v_gap_end is not null then
    update raffle_winners
       set claim_started_at = v_gap_end,
           claim_deadline = v_gap_end + make_interval(secs => v_raffle.claim_seconds)
     where raffle_id = p_raffle_id and user_id = v_holder.user_id;
    if v_gap_end + make_interval(secs => v_raffle.claim_seconds) > clock_timestamp() then
      return raffle_result(p_raffle_id) || jsonb_build_object(
        'outcome', 'restarted', 'position', p_position, 'userId', v_holder.user_id, 'login', v_holder.login);
    end if;
    -- A whole window ran since the gap, with someone listening: judge it now.
  end if;

  select count(*) into v_redraws from raffle_winners
   where raffle_id = p_raffle_id and position = p_position and replaced_reason = 'unclaimed';
  if v_redraws < v_raffle.claim_max_redraws then
    v_result := reroll_raffle(p_raffle_id, p_position, 'unclaimed');
    if v_result ->> 'status' = 'rerolled' then
      return v_result || jsonb_build_object('outcome', 'redrawn', 'position', p_position);
    end if;
  end if;

  -- Forfeit. Lock order as everywhere: the raffle row, then the channel row, then the prize.
  perform 1 from channels where id = v_raffle.channel_id for no key update;
  update raffle_winners set claim_state = 'forfeited'
   where raffle_id = p_raffle_id and user_id = v_holder.user_id;
  if v_holder.item_id is not null then
    update items set quantity = quantity + 1, updated_at = now()
     where id = v_holder.item_id and quantity is not null;
  end if;
  return raffle_result(p_raffle_id) || jsonb_build_object(
    'outcome', 'forfeited', 'position', p_position, 'userId', v_holder.user_id, 'login', v_holder.login);
end
$$;

-- One chat message of a channel (EventSub channel.chat.message), in one round trip: the sender's first
-- message after winning is kept, a claim word from a slot's holder claims it (§2.6: only a message sent
-- while they hold it, before its deadline), and the keyword enters the open window once (§2.7).
-- `p_text` comes normalized by the caller (trimmed, spaces collapsed, invisible characters removed,
-- lower case); `p_refusal` is a reason the caller already knows (broadcaster, bot, app account).
-- Returns {claimed: [{raffleId, position, claimedAt}], entry: {windowId, state, reason} | null}.
create function chat_message_seen(
  p_channel_id bigint,
  p_user_id text,
  p_login text,
  p_text text,
  p_original text,
  p_at timestamptz,
  p_refusal text
) returns jsonb
language plpgsql
as $$
declare
  v_claimed jsonb;
  v_window entry_windows%rowtype;
  v_settings channel_settings%rowtype;
  v_state text;
  v_reason text;
  v_entry jsonb;
begin
  update raffle_winners
     set first_message = left(p_original, 500), first_message_at = p_at
   where channel_id = p_channel_id and user_id = p_user_id and replaced_at is null
     and claim_state is not null and first_message is null and claim_started_at <= p_at;

  with claimed as (
    update raffle_winners w
       set claim_state = 'claimed', claimed_at = p_at
      from raffles r
     where w.channel_id = p_channel_id and w.user_id = p_user_id and w.replaced_at is null
       and w.claim_state = 'awaiting_claim' and w.claim_started_at <= p_at and w.claim_deadline >= p_at
       and r.id = w.raffle_id and lower(regexp_replace(btrim(r.claim_word), '\s+', ' ', 'g')) = p_text
    returning w.raffle_id, w.position, w.claimed_at
  )
  select coalesce(jsonb_agg(jsonb_build_object('raffleId', raffle_id, 'position', position,
                                               'claimedAt', claimed_at)), '[]'::jsonb)
    into v_claimed from claimed;

  select * into v_window from entry_windows where channel_id = p_channel_id and closed_at is null;
  if found and lower(regexp_replace(btrim(v_window.keyword), '\s+', ' ', 'g')) = p_text then
    select * into v_settings from channel_settings where channel_id = p_channel_id;
    if p_refusal is not null then
      v_state := 'refused';
      v_reason := p_refusal;
    elsif exists (select 1 from blocked_viewers b
                   where b.channel_id = p_channel_id and (b.login = lower(p_login) or b.user_id = p_user_id)) then
      v_state := 'refused';
      v_reason := 'blocklist';
    elsif v_settings.min_account_age_days > 0 or v_settings.min_follow_days > 0 then
      v_state := 'pending_check';
    else
      v_state := 'entered';
    end if;
    insert into entries (window_id, user_id, login, entered_at, state, reason)
    values (v_window.id, p_user_id, lower(p_login), p_at, v_state, v_reason)
    on conflict (window_id, user_id) do nothing;
    if found then
      v_entry := jsonb_build_object('windowId', v_window.id, 'state', v_state, 'reason', v_reason);
    end if;
  end if;

  return jsonb_build_object('claimed', v_claimed, 'entry', v_entry);
end
$$;

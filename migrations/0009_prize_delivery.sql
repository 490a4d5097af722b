-- The prize reaches the winner (SPEC §2.8): secret codes of a prize, given with the slots that win it,
-- revealed to their holder only; the Twitch ↔ Discord account links.

-- One secret code (a game key, a gift card) is one unit of its prize. `secret` is the code encrypted
-- with AES-256-GCM under its own key (src/prizes/code-cipher.ts); `fingerprint` is an HMAC of the code
-- under another key, so a duplicate is found without the code ever being stored or compared in clear.
-- A code is unused (no raffle), assigned to a slot (raffle_id, position) when the slot is drawn, and
-- delivered once its holder saw it (claim page or Discord DM). It follows its slot through redraws and
-- goes back to the unused ones when the slot is forfeited.
create table item_codes (
  id bigint generated always as identity primary key,
  channel_id bigint not null references channels on delete cascade,
  -- Null once the prize was deleted: a code already given stays with its winner.
  item_id bigint references items on delete set null,
  fingerprint text not null check (char_length(fingerprint) = 43),
  secret text not null,
  added_at timestamptz not null default now(),
  raffle_id bigint references raffles on delete set null,
  position integer,
  assigned_at timestamptz,
  delivered_at timestamptz,
  delivered_via text check (delivered_via in ('page', 'discord')),
  -- A bot process is sending it by DM until then (one sender at a time, across replicas).
  sending_until timestamptz,
  check ((raffle_id is null) = (position is null)),
  check (delivered_at is null or raffle_id is not null)
);
create unique index item_codes_fingerprint on item_codes (item_id, fingerprint);
create index item_codes_unused on item_codes (item_id, id) where raffle_id is null;
create unique index item_codes_slot on item_codes (raffle_id, position) where raffle_id is not null;

-- A slot drawn with a prize that has codes takes the oldest unused one. The draw already took one unit
-- off the prize's quantity, which is its number of unused codes, so there is always one to take. A
-- redraw inserts a new holder for the same slot: the slot keeps its code.
create function assign_prize_code() returns trigger
language plpgsql
as $$
begin
  if new.item_id is null or new.replaced_at is not null then
    return null;
  end if;
  if exists (select 1 from item_codes where raffle_id = new.raffle_id and position = new.position) then
    return null;
  end if;
  update item_codes
     set raffle_id = new.raffle_id, position = new.position, assigned_at = clock_timestamp()
   where id = (select id from item_codes
                where item_id = new.item_id and raffle_id is null
                order by id limit 1
                for update);
  return null;
end
$$;
create trigger raffle_winners_assign_code after insert on raffle_winners
  for each row execute function assign_prize_code();

-- A forfeited slot's code goes back to the unused ones (expire_claim already put the unit back in the
-- prize's quantity); if the prize is gone, so is the code.
create function release_prize_code() returns trigger
language plpgsql
as $$
begin
  if new.claim_state = 'forfeited' and old.claim_state is distinct from 'forfeited' then
    delete from item_codes
     where raffle_id = new.raffle_id and position = new.position and item_id is null;
    update item_codes
       set raffle_id = null, position = null, assigned_at = null, sending_until = null
     where raffle_id = new.raffle_id and position = new.position and delivered_at is null;
  end if;
  return null;
end
$$;
create trigger raffle_winners_release_code after update of claim_state on raffle_winners
  for each row execute function release_prize_code();

-- A slot whose code its holder already saw cannot be redrawn: the prize reached someone. Raised with
-- SQLSTATE KY001, which the API answers as 409 `prize_delivered`.
create function keep_delivered_slot() returns trigger
language plpgsql
as $$
begin
  if old.replaced_at is null and new.replaced_at is not null and exists (
       select 1 from item_codes
        where raffle_id = new.raffle_id and position = new.position and delivered_at is not null) then
    raise exception 'the prize of raffle % position % was already delivered', new.raffle_id, new.position
      using errcode = 'KY001';
  end if;
  return new;
end
$$;
create trigger raffle_winners_keep_delivered before update of replaced_at on raffle_winners
  for each row execute function keep_delivered_slot();

-- A deleted prize takes its unused codes with it; the ones already given stay with their winners.
create function drop_unused_codes() returns trigger
language plpgsql
as $$
begin
  delete from item_codes where item_id = old.id and raffle_id is null;
  return old;
end
$$;
create trigger items_drop_unused_codes before delete on items
  for each row execute function drop_unused_codes();

-- raffle_result() with `hasCode` on each holder (a secret code goes with the slot; never the code).
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
               'hasCode', exists (select 1 from item_codes c
                                   where c.raffle_id = w.raffle_id and c.position = w.position),
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

-- A viewer's Discord account linked to their Twitch account (§2.8): one link each way; linking again
-- replaces the earlier link of either side.
create table account_links (
  discord_user_id text primary key check (discord_user_id ~ '^[0-9]{17,20}$'),
  twitch_user_id text collate "C" not null unique,
  twitch_login text not null,
  linked_at timestamptz not null default now()
);

-- The claim page lists a viewer's wins in every channel.
create index raffle_winners_by_user on raffle_winners (user_id, won_at desc) where replaced_at is null;

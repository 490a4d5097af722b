-- Public randomness (SPEC §4.1, algorithm kinoyu-es-sha256-drand-v1): the database side. A raffle may be
-- anchored to a round of a drand chain: its snapshot is frozen first (digest and snapshotAt published),
-- then the round is chosen and, once fetched and verified outside, its signature and randomness are
-- stored; only then does make_raffle draw, with drawSeed = SHA-256(seed ":" randomness) wherever §4
-- reads the seed. Choosing, fetching and checking the round is the API's (src/drand/, src/raffles/).

-- The chains rounds came from, as their /info describes them: a proof repeats these.
create table beacon_chains (
  chain_hash text primary key check (chain_hash ~ '^[0-9a-f]{64}$'),
  public_key text not null check (public_key ~ '^([0-9a-f]{2})+$'),
  scheme text not null check (char_length(scheme) between 1 and 100),
  period integer not null check (period between 1 and 3600),
  genesis_time bigint not null check (genesis_time > 0)
);

alter table raffles
  add column beacon_chain_hash text references beacon_chains,
  add column beacon_round bigint check (beacon_round >= 1),
  -- When the round comes (genesis + (round − 1) × period): a raffle still waiting 2 minutes after it is
  -- void, reason 'beacon_unavailable'.
  add column beacon_round_at timestamptz,
  add column beacon_signature text check (beacon_signature ~ '^([0-9a-f]{2})+$'),
  add column beacon_randomness text check (beacon_randomness ~ '^[0-9a-f]{64}$'),
  add constraint raffles_beacon_whole check (
    (beacon_round is null) = (beacon_chain_hash is null)
    and (beacon_round is null) = (beacon_round_at is null)
    and (beacon_signature is null) = (beacon_randomness is null)
    and (beacon_randomness is null or beacon_round is not null));

-- Raffles waiting for their round, by when it comes (the waiter's pass and the 2-minute limit).
create index raffles_awaiting_beacon on raffles (beacon_round_at)
  where status = 'pending' and beacon_round is not null and beacon_randomness is null;

-- Steps 2 and 3 of a draw (§4): the exclusions the database decides, then the entrants digest and the
-- counts, stored with the snapshot time cut to whole milliseconds (the time the proof publishes, from
-- which §4.1 chooses the beacon round, so both sides compute the same round). The caller holds the raffle
-- and channel locks. Done once: a frozen snapshot keeps its digest.
create function freeze_snapshot_locked(p_raffle_id bigint, p_channel_id bigint, p_session_id bigint)
returns void
language plpgsql
as $$
declare
  v_settings channel_settings%rowtype;
  v_digest text;
  v_eligible integer;
  v_excluded integer;
begin
  select * into v_settings from channel_settings where channel_id = p_channel_id;
  if not found then
    -- A channel that never saved settings draws with the defaults of the table.
    insert into channel_settings (channel_id) values (p_channel_id) on conflict (channel_id) do nothing;
    select * into v_settings from channel_settings where channel_id = p_channel_id;
  end if;

  -- 2. Exclusions the database is the authority on, decided under the lock (§3).
  --    Blocklist: matched by login (what moderators type) or by user id. Skipped when empty, as it
  --    would otherwise scan the whole snapshot for nothing.
  if exists (select 1 from blocked_viewers b where b.channel_id = p_channel_id) then
  update raffle_entrants e
     set excluded_reason = 'blocklist'
   where e.raffle_id = p_raffle_id and e.excluded_reason is null
     and (e.login in (select b.login from blocked_viewers b where b.channel_id = p_channel_id)
          or e.user_id in (select b.user_id from blocked_viewers b
                            where b.channel_id = p_channel_id and b.user_id is not null));
  end if;

  --    Cooldown: anyone holding a prize of this channel won within the last cooldown_minutes.
  if v_settings.cooldown_minutes > 0 then
    update raffle_entrants e
       set excluded_reason = 'cooldown'
     where e.raffle_id = p_raffle_id and e.excluded_reason is null
       and e.user_id in (select w.user_id from raffle_winners w
                          where w.channel_id = p_channel_id and w.replaced_at is null
                            and w.won_at > now() - make_interval(mins => v_settings.cooldown_minutes));
  end if;

  --    Max wins per session: only session draws count against it.
  if p_session_id is not null and v_settings.max_wins_per_session is not null then
    update raffle_entrants e
       set excluded_reason = 'max_wins'
     where e.raffle_id = p_raffle_id and e.excluded_reason is null
       and e.user_id in (select w.user_id from raffle_winners w
                          where w.session_id = p_session_id and w.replaced_at is null
                          group by w.user_id
                         having count(*) >= v_settings.max_wins_per_session);
  end if;

  -- 3. The entrants digest: SHA-256 of "userId \t weight \n" per eligible entrant in byte order
  --    (user_id is COLLATE "C"); trim_scale writes 1.50 as 1.5. Fixed now, published in the proof,
  --    so a list edited afterwards no longer matches.
  --    The lines come from the primary key's order (raffle_id, user_id COLLATE "C"), already sorted:
  --    an ordered aggregate would sort them again (PostgreSQL 15 does not use presorted input for
  --    it), which took half of the digest's time at 100,000 entrants.
  select encode(sha256(convert_to(coalesce(
           string_agg(lines.line, '') filter (where lines.excluded_reason is null), ''),
           'UTF8')), 'hex'),
         count(*) filter (where lines.excluded_reason is null),
         count(*) filter (where lines.excluded_reason is not null)
    into v_digest, v_eligible, v_excluded
    from (select e.user_id || E'\t' || trim_scale(e.weight)::text || E'\n' as line, e.excluded_reason
            from raffle_entrants e
           where e.raffle_id = p_raffle_id
           order by e.user_id) lines;

  update raffles
     set entrants_digest = v_digest, eligible_count = v_eligible, excluded_count = v_excluded,
         snapshot_at = date_trunc('milliseconds', coalesce(snapshot_at, now()))
   where id = p_raffle_id;
end
$$;

-- Freezes a pending raffle's snapshot without drawing (§4.1 step 1: the digest and snapshotAt are fixed
-- and published before the beacon round is chosen). Returns raffle_result(). Nothing for a raffle that
-- is not pending or was frozen already.
create function freeze_raffle(p_raffle_id bigint) returns jsonb
language plpgsql
set work_mem = '64MB'
as $$
declare
  v_raffle raffles%rowtype;
begin
  select * into v_raffle from raffles where id = p_raffle_id for update;
  if not found then
    return jsonb_build_object('raffleId', p_raffle_id, 'status', 'not_found');
  end if;
  if v_raffle.status = 'pending' and v_raffle.entrants_digest is null then
    perform 1 from channels where id = v_raffle.channel_id for no key update;
    perform freeze_snapshot_locked(p_raffle_id, v_raffle.channel_id, v_raffle.session_id);
  end if;
  return raffle_result(p_raffle_id);
end
$$;

-- The draw of 0002 (renamed draw_raffle_core in 0008), with:
-- - the snapshot frozen by freeze_snapshot_locked (unless frozen already), whose digest reads the primary
--   key's order instead of sorting again;
-- - for a raffle with a beacon round, drawSeed in place of the seed, and nothing drawn before the round;
-- - the key pass serial below 50,000 eligible entrants, draw_ranked_entrants_wide above (0011);
-- - `drawn_at` the moment the draw was made (clock_timestamp()), not its transaction's start: the snapshot
--   of a big chat takes a while before it, and a session tick's lateness is measured to it.
-- Without a beacon round the results are those of 0002: same digest, same keys, same order.
create or replace function draw_raffle_core(p_raffle_id bigint) returns jsonb
language plpgsql
-- Enough memory for a million-entrant snapshot's sorts to stay off disk.
set work_mem = '64MB'
as $$
declare
  v_raffle raffles%rowtype;
  v_digest text;
  v_eligible integer;
  v_excluded integer;
  v_channel_item_count integer;
  v_winner_ids text[];
  v_winner_logins text[];
  v_item_ids bigint[];
  v_item_names text[];
  v_item_weights integer[];
  v_item_left integer[];
  v_prize_ids bigint[] := '{}';
  v_prize_names text[] := '{}';
  v_total bigint;
  v_running bigint;
  v_r numeric;
  v_chosen integer;
  v_seed text;
begin
  -- 1. Serialize. The raffle row first (a retry of the same raffle waits, then sees it drawn),
  --    then the channel row, so two draws of one channel never interleave: cooldowns see the
  --    previous draw's winners and quantities are decremented one draw at a time.
  select * into v_raffle from raffles where id = p_raffle_id for update;
  if not found then
    return jsonb_build_object('raffleId', p_raffle_id, 'status', 'not_found');
  end if;
  if v_raffle.status <> 'pending' then
    return raffle_result(p_raffle_id);
  end if;
  perform 1 from channels where id = v_raffle.channel_id for no key update;

  -- 2–3. Exclusions and the entrants digest, unless the snapshot was frozen already (a draw with a
  --    beacon round freezes it first, §4.1), then the counts as frozen.
  if v_raffle.entrants_digest is null then
    perform freeze_snapshot_locked(p_raffle_id, v_raffle.channel_id, v_raffle.session_id);
  end if;
  select * into v_raffle from raffles where id = p_raffle_id;
  v_digest := v_raffle.entrants_digest;
  v_eligible := v_raffle.eligible_count;
  v_excluded := v_raffle.excluded_count;

  --    A draw anchored to a beacon round waits for the round's randomness: never drawn without it.
  if v_raffle.beacon_round is not null and v_raffle.beacon_randomness is null then
    return raffle_result(p_raffle_id);
  end if;
  --    §4.1 step 3: with a round, every x52 reads drawSeed = SHA-256(seed ":" randomness) in place of the seed.
  v_seed := case when v_raffle.beacon_randomness is null then v_raffle.seed
                 else encode(sha256(convert_to(v_raffle.seed || ':' || v_raffle.beacon_randomness, 'UTF8')), 'hex')
            end;

  -- 4. The prizes as they stand, locked so a concurrent PATCH cannot change a quantity mid-draw.
  --    A channel with prizes but none left has nothing to give: that is "nothing to draw".
  --    A channel without any prize draws winners only.
  perform 1 from items where channel_id = v_raffle.channel_id for update;
  select count(*) into v_channel_item_count from items where channel_id = v_raffle.channel_id;
  insert into raffle_items (raffle_id, item_id, name, weight, quantity)
  select p_raffle_id, i.id, i.name, i.weight, i.quantity
    from items i
   where i.channel_id = v_raffle.channel_id and (i.quantity is null or i.quantity > 0);

  if v_eligible = 0 or (v_channel_item_count > 0 and not exists (
       select 1 from raffle_items where raffle_id = p_raffle_id)) then
    update raffles
       set status = 'void',
           void_reason = case when v_eligible = 0 then 'no_eligible_entrants' else 'no_prizes_left' end,
           entrants_digest = v_digest, eligible_count = v_eligible, excluded_count = v_excluded,
           snapshot_at = coalesce(snapshot_at, now()), drawn_at = clock_timestamp()
     where id = p_raffle_id;
    return raffle_result(p_raffle_id);
  end if;

  -- 5. Winners: the k smallest Efraimidis–Spirakis keys, ties broken by user id in byte order.
  --    One pass over the snapshot with a top-k sort;
  --    k may exceed the eligible count.
  --    Parallel workers only from 50,000 eligible entrants up (see draw_ranked_entrants_wide).
  if v_eligible >= 50000 then
    select array_agg(ranked.user_id order by ranked.key, ranked.user_id collate "C"),
           array_agg(ranked.login order by ranked.key, ranked.user_id collate "C")
      into v_winner_ids, v_winner_logins
      from draw_ranked_entrants_wide(p_raffle_id, v_seed, v_raffle.winners_requested) ranked;
  else
    select array_agg(ranked.user_id order by ranked.key, ranked.user_id collate "C"),
           array_agg(ranked.login order by ranked.key, ranked.user_id collate "C")
      into v_winner_ids, v_winner_logins
      from draw_ranked_entrants(p_raffle_id, v_seed, v_raffle.winners_requested) ranked;
  end if;

  -- 6. A prize for each position, by integer weight among the prizes still in stock, ascending id.
  --    r = floor(x52("item:" i) * W / 2^52) in numeric: x52 * W can pass 2^63 when W > 2048.
  select coalesce(array_agg(ri.item_id order by ri.item_id), '{}'),
         coalesce(array_agg(ri.name order by ri.item_id), '{}'),
         coalesce(array_agg(ri.weight order by ri.item_id), '{}'),
         coalesce(array_agg(ri.quantity order by ri.item_id), '{}')
    into v_item_ids, v_item_names, v_item_weights, v_item_left
    from raffle_items ri
   where ri.raffle_id = p_raffle_id;

  for v_position in 1 .. cardinality(v_winner_ids) loop
    v_total := 0;
    for j in 1 .. cardinality(v_item_ids) loop
      if v_item_left[j] is null or v_item_left[j] > 0 then
        v_total := v_total + v_item_weights[j];
      end if;
    end loop;

    v_chosen := null;
    if v_total > 0 then
      v_r := div(draw_x52(v_seed, 'item:' || v_position)::numeric * v_total, 4503599627370496);
      v_running := 0;
      for j in 1 .. cardinality(v_item_ids) loop
        if v_item_left[j] is null or v_item_left[j] > 0 then
          v_running := v_running + v_item_weights[j];
          if v_running > v_r then
            v_chosen := j;
            exit;
          end if;
        end if;
      end loop;
      -- The quantity drops before the next position is served.
      if v_item_left[v_chosen] is not null then
        v_item_left[v_chosen] := v_item_left[v_chosen] - 1;
      end if;
    end if;

    v_prize_ids := v_prize_ids || case when v_chosen is null then null else v_item_ids[v_chosen] end;
    v_prize_names := v_prize_names || case when v_chosen is null then null else v_item_names[v_chosen] end;
  end loop;

  -- 7. Record: stock first (never below zero: the check constraint would refuse it), then the winners.
  update items i
     set quantity = left_over.quantity, updated_at = now()
    from unnest(v_item_ids, v_item_left) as left_over(item_id, quantity)
   where i.id = left_over.item_id and i.quantity is not null and i.quantity <> left_over.quantity;

  insert into raffle_winners (raffle_id, position, user_id, login, item_id, item_name, channel_id, session_id)
  select p_raffle_id, slot.position, slot.user_id, slot.login, slot.item_id, slot.item_name,
         v_raffle.channel_id, v_raffle.session_id
    from unnest(v_winner_ids, v_winner_logins, v_prize_ids, v_prize_names)
         with ordinality as slot(user_id, login, item_id, item_name, position);

  update raffles
     set status = 'drawn', entrants_digest = v_digest, eligible_count = v_eligible, excluded_count = v_excluded,
         snapshot_at = coalesce(snapshot_at, now()), drawn_at = clock_timestamp()
   where id = p_raffle_id;

  return raffle_result(p_raffle_id);
end
$$;

-- The redraw of a slot (0002, renamed in 0008) with drawSeed for a raffle drawn with a beacon round.
create or replace function redraw_slot_core(p_raffle_id bigint, p_position integer) returns jsonb
language plpgsql
as $$
declare
  v_raffle raffles%rowtype;
  v_holder raffle_winners%rowtype;
  v_next_user text;
  v_next_login text;
begin
  select * into v_raffle from raffles where id = p_raffle_id for update;
  if not found then
    return jsonb_build_object('raffleId', p_raffle_id, 'status', 'not_found');
  end if;
  if v_raffle.status <> 'drawn' then
    return raffle_result(p_raffle_id) || jsonb_build_object('status', 'not_drawn');
  end if;
  perform 1 from channels where id = v_raffle.channel_id for no key update;

  select * into v_holder from raffle_winners
   where raffle_id = p_raffle_id and position = p_position and replaced_at is null;
  if not found then
    return raffle_result(p_raffle_id) || jsonb_build_object('status', 'no_such_position');
  end if;

  select ranked.user_id, ranked.login into v_next_user, v_next_login
    from draw_ranked_entrants(
           p_raffle_id,
           case when v_raffle.beacon_randomness is null then v_raffle.seed
                else encode(sha256(convert_to(v_raffle.seed || ':' || v_raffle.beacon_randomness, 'UTF8')), 'hex')
           end,
           1, p_skip_holders => true) ranked;
  if v_next_user is null then
    return raffle_result(p_raffle_id) || jsonb_build_object('status', 'nobody_left');
  end if;

  update raffle_winners
     set replaced_at = now(),
         replaced_seq = (select coalesce(max(replaced_seq), 0) + 1 from raffle_winners where raffle_id = p_raffle_id)
   where raffle_id = p_raffle_id and user_id = v_holder.user_id;

  insert into raffle_winners (raffle_id, position, user_id, login, item_id, item_name, channel_id, session_id)
  values (p_raffle_id, p_position, v_next_user, v_next_login, v_holder.item_id, v_holder.item_name,
          v_holder.channel_id, v_holder.session_id);

  return raffle_result(p_raffle_id) || jsonb_build_object(
    'status', 'rerolled',
    'rerolled', jsonb_build_object('position', p_position,
                                   'replacedUserId', v_holder.user_id, 'replacedLogin', v_holder.login,
                                   'userId', v_next_user, 'login', v_next_login));
end
$$;

-- raffle_result() with the snapshot time and the beacon round; the seed of a raffle void for want of its
-- round is never revealed (it was never drawn).
create or replace function raffle_result(p_raffle_id bigint) returns jsonb
language sql stable
as $$
  select jsonb_build_object(
    'raffleId', r.id,
    'channelId', r.channel_id,
    'sessionId', r.session_id,
    'sessionTick', r.session_tick,
    'dueAt', r.due_at,
    'status', r.status,
    'reason', r.void_reason,
    'commitment', r.commitment,
    'entrantsDigest', r.entrants_digest,
    'seed', case when r.status = 'pending' or r.void_reason in ('interrupted', 'beacon_unavailable') then null
                 else r.seed end,
    'snapshotAt', r.snapshot_at,
    'beacon', case when r.beacon_round is null then null else jsonb_build_object(
      'chainHash', r.beacon_chain_hash, 'round', r.beacon_round, 'roundAt', r.beacon_round_at,
      'signature', r.beacon_signature, 'randomness', r.beacon_randomness) end,
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

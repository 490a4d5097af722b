-- The draw engine of SPEC §4. Every draw, one-off or from a session, goes through make_raffle so that
-- the rules, the randomness and the records cannot drift apart between callers. The public proof lets
-- anyone recompute the result with an independent implementation (src/raffles/verify.ts, the proof page).
--
-- Lock order, always the same to rule out deadlocks: the raffle row, then the channel row.

-- x52(label) of §4: the first 7 bytes of SHA-256(seed ":" label), big-endian, shifted right by 4,
-- so 0 <= x52 < 2^52 and (x52 + 0.5) / 2^52 is exactly representable as a double.
-- Going through bit(56) is about four times faster than parsing 13 hex characters
-- (shared/reference/measured.md). A plain SQL function the planner inlines into the query: it is
-- declared STABLE, not IMMUTABLE, because convert_to() is STABLE and PostgreSQL refuses to inline a
-- function whose body is more volatile than declared (inlined, the key pass runs about twice as fast,
-- bench/RESULTS.md). Not STRICT either, which would also prevent inlining; no argument is ever null.
create function draw_x52(p_seed text, p_label text) returns bigint
language sql stable parallel safe
as $$
  select ('x' || encode(substring(sha256(convert_to(p_seed || ':' || p_label, 'UTF8')) from 1 for 7), 'hex'))
           ::bit(56)::bigint >> 4
$$;

-- The Efraimidis–Spirakis key of an entrant: -ln(u) / w with u = (x52 + 0.5) / 2^52 in (0, 1).
-- The k smallest keys are a weighted sample without replacement.
create function draw_entrant_key(p_seed text, p_user_id text, p_weight numeric) returns double precision
language sql stable parallel safe
as $$
  select -ln((draw_x52(p_seed, 'entrant:' || p_user_id)::double precision + 0.5) / 4503599627370496.0)
         / p_weight::double precision
$$;

-- The eligible entrants of a raffle in draw order: ascending key, ties by user id in byte order.
-- `p_skip_holders` leaves out anyone who ever held a slot of the raffle (for redraws).
-- The key pass hashes every entrant: CPU-bound work that splits well across cores. Two things keep
-- PostgreSQL from using parallel workers for it inside make_raffle: a SELECT INTO runs with a row
-- limit, which disables parallel plans, and a fresh snapshot has no statistics (the planner guesses
-- about 1,000 rows for 100,000), so at default costs it never starts workers. RETURN QUERY runs
-- without a row limit, and the costs set here, for this function only, let it (the key pass is about
-- 1.6 times faster on 2 cores, bench/RESULTS.md). PGlite has no workers: there it changes nothing.
create function draw_ranked_entrants(
  p_raffle_id bigint,
  p_seed text,
  p_limit integer,
  p_skip_holders boolean default false
) returns table (user_id text, login text, key double precision)
language plpgsql stable
set parallel_setup_cost = 0
set parallel_tuple_cost = 0
set min_parallel_table_scan_size = 0
as $$
begin
  return query
    select e.user_id::text, e.login, draw_entrant_key(p_seed, e.user_id, e.weight) as key
      from raffle_entrants e
     where e.raffle_id = p_raffle_id and e.excluded_reason is null
       and (not p_skip_holders or not exists (
             select 1 from raffle_winners w where w.raffle_id = p_raffle_id and w.user_id = e.user_id))
     order by key, e.user_id
     limit p_limit;
end
$$;

-- The result every caller receives: the raffle, its state, and the current slot holders.
-- The seed is only revealed once the raffle is no longer pending (commit, then reveal).
create function raffle_result(p_raffle_id bigint) returns jsonb
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
    'seed', case when r.status = 'pending' then null else r.seed end,
    'winnersRequested', r.winners_requested,
    'createdAt', r.created_at,
    'drawnAt', r.drawn_at,
    'eligibleCount', r.eligible_count,
    'excludedCount', r.excluded_count,
    'winners', coalesce((
      select jsonb_agg(jsonb_build_object(
               'position', w.position, 'userId', w.user_id, 'login', w.login,
               'itemId', w.item_id, 'itemName', w.item_name) order by w.position)
        from raffle_winners w
       where w.raffle_id = r.id and w.replaced_at is null), '[]'::jsonb))
  from raffles r
  where r.id = p_raffle_id
$$;

-- make_raffle: draws a pending raffle (SPEC §4) over its frozen entrant snapshot.
-- The snapshot (raffle_entrants, excluded viewers included with their reason, as the proof lists them)
-- is bulk-loaded with COPY in the same transaction just before (src/raffles/raffle-repository.ts);
-- a raffle drawn without one has no entrants and is void. Returns raffle_result(): status 'drawn', or 'void' with a reason ('no_eligible_entrants',
-- 'no_prizes_left') when there is nothing to draw, or 'not_found'. Calling it again on a raffle
-- that was already drawn returns the same result and draws nothing (idempotent retries).
create function make_raffle(p_raffle_id bigint) returns jsonb
language plpgsql
-- Enough memory for the digest's sort of a million user ids to stay off disk.
set work_mem = '64MB'
as $$
declare
  v_raffle raffles%rowtype;
  v_settings channel_settings%rowtype;
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

  select * into v_settings from channel_settings where channel_id = v_raffle.channel_id;
  if not found then
    -- A channel that never saved settings draws with the defaults of the table.
    insert into channel_settings (channel_id) values (v_raffle.channel_id)
    on conflict (channel_id) do nothing;
    select * into v_settings from channel_settings where channel_id = v_raffle.channel_id;
  end if;

  -- 2. Exclusions the database is the authority on, decided under the lock (§3).
  --    Blocklist: matched by login (what moderators type) or by user id. Skipped when empty, as it
  --    would otherwise scan the whole snapshot for nothing.
  if exists (select 1 from blocked_viewers b where b.channel_id = v_raffle.channel_id) then
  update raffle_entrants e
     set excluded_reason = 'blocklist'
   where e.raffle_id = p_raffle_id and e.excluded_reason is null
     and (e.login in (select b.login from blocked_viewers b where b.channel_id = v_raffle.channel_id)
          or e.user_id in (select b.user_id from blocked_viewers b
                            where b.channel_id = v_raffle.channel_id and b.user_id is not null));
  end if;

  --    Cooldown: anyone holding a prize of this channel won within the last cooldown_minutes.
  if v_settings.cooldown_minutes > 0 then
    update raffle_entrants e
       set excluded_reason = 'cooldown'
     where e.raffle_id = p_raffle_id and e.excluded_reason is null
       and e.user_id in (select w.user_id from raffle_winners w
                          where w.channel_id = v_raffle.channel_id and w.replaced_at is null
                            and w.won_at > now() - make_interval(mins => v_settings.cooldown_minutes));
  end if;

  --    Max wins per session: only session draws count against it.
  if v_raffle.session_id is not null and v_settings.max_wins_per_session is not null then
    update raffle_entrants e
       set excluded_reason = 'max_wins'
     where e.raffle_id = p_raffle_id and e.excluded_reason is null
       and e.user_id in (select w.user_id from raffle_winners w
                          where w.session_id = v_raffle.session_id and w.replaced_at is null
                          group by w.user_id
                         having count(*) >= v_settings.max_wins_per_session);
  end if;

  -- 3. The entrants digest: SHA-256 of "userId \t weight \n" per eligible entrant in byte order
  --    (user_id is COLLATE "C"); trim_scale writes 1.50 as 1.5. Fixed now, published in the proof,
  --    so a list edited afterwards no longer matches.
  select encode(sha256(convert_to(coalesce(
           string_agg(e.user_id || E'\t' || trim_scale(e.weight)::text || E'\n', '' order by e.user_id)
             filter (where e.excluded_reason is null), ''),
           'UTF8')), 'hex'),
         count(*) filter (where e.excluded_reason is null),
         count(*) filter (where e.excluded_reason is not null)
    into v_digest, v_eligible, v_excluded
    from raffle_entrants e
   where e.raffle_id = p_raffle_id;

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
           snapshot_at = coalesce(snapshot_at, now()), drawn_at = now()
     where id = p_raffle_id;
    return raffle_result(p_raffle_id);
  end if;

  -- 5. Winners: the k smallest Efraimidis–Spirakis keys, ties broken by user id in byte order.
  --    One pass over the snapshot with a top-k sort (draw_ranked_entrants, parallel on PostgreSQL);
  --    k may exceed the eligible count.
  select array_agg(ranked.user_id order by ranked.key, ranked.user_id collate "C"),
         array_agg(ranked.login order by ranked.key, ranked.user_id collate "C")
    into v_winner_ids, v_winner_logins
    from draw_ranked_entrants(p_raffle_id, v_raffle.seed, v_raffle.winners_requested) ranked;

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
      v_r := div(draw_x52(v_raffle.seed, 'item:' || v_position)::numeric * v_total, 4503599627370496);
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
         snapshot_at = coalesce(snapshot_at, now()), drawn_at = now()
   where id = p_raffle_id;

  return raffle_result(p_raffle_id);
end
$$;

-- Redraws one slot of a drawn raffle (the "Sortear de novo" button, §2.4 and §4): the slot keeps its
-- prize and the same keys, and goes to the entrant with the smallest key among those who never held
-- any slot of this raffle. Returns raffle_result() plus 'rerolled', or a status saying why not:
-- 'not_found', 'not_drawn', 'no_such_position', 'nobody_left'.
create function reroll_raffle(p_raffle_id bigint, p_position integer) returns jsonb
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
    from draw_ranked_entrants(p_raffle_id, v_raffle.seed, 1, p_skip_holders => true) ranked;
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

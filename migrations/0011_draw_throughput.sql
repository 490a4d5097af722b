-- Draw throughput (SPEC §8: many channels, and make_raffle at 100,000 entrants).
--
-- 1. Parallel workers only where they pay.
--
-- 0002 let every draw's key pass start parallel workers (its costs set to zero). Starting them costs
-- about 30 ms here, whatever the size: a draw of 20 chatters took 38 ms instead of 1 ms, and with
-- hundreds of channels drawing every few seconds the draws queued for PostgreSQL's 8 worker slots
-- (bench:scale, 200 channels: tick lateness p95 6.8 s, against 107 ms with parallel workers off). Measured
-- on this 2-core machine, the key pass alone: 5,000 entrants 7 ms serial / 40 ms parallel; 20,000
-- 26 / 45 ms; 50,000 62 / 67 ms; 100,000 130 / 88-106 ms. So draw_ranked_entrants runs serial, and
-- draw_raffle_core calls draw_ranked_entrants_wide, which allows workers, from 50,000 eligible up.
-- Redraws (one slot, rare) stay serial.

-- The eligible entrants of a raffle in draw order, as in 0002, serial.
create or replace function draw_ranked_entrants(
  p_raffle_id bigint,
  p_seed text,
  p_limit integer,
  p_skip_holders boolean default false
) returns table (user_id text, login text, key double precision)
language plpgsql stable
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

-- The same ranking, allowed to use parallel workers: the costs set here, for this call only, make the
-- planner start them (a fresh snapshot has no statistics, so at default costs it never would). The
-- settings hold for the nested query of draw_ranked_entrants too. PGlite has no workers: there it
-- changes nothing. How many workers: PostgreSQL's max_parallel_workers_per_gather (docs/production.md).
create function draw_ranked_entrants_wide(
  p_raffle_id bigint,
  p_seed text,
  p_limit integer
) returns table (user_id text, login text, key double precision)
language plpgsql stable
set parallel_setup_cost = 0
set parallel_tuple_cost = 0
set min_parallel_table_scan_size = 0
as $$
begin
  return query select * from draw_ranked_entrants(p_raffle_id, p_seed, p_limit);
end
$$;

-- The draw of 0002 (renamed draw_raffle_core in 0008) with the digest read in index order and the key
-- pass serial below 50,000 eligible entrants. Results are identical: same digest, same keys, same order.
-- `drawn_at` is now when the draw was made (clock_timestamp()), not when its transaction began: the
-- snapshot of a big chat takes a while before it, and a session tick's lateness is measured to it.
create or replace function draw_raffle_core(p_raffle_id bigint) returns jsonb
language plpgsql
-- Enough memory for a million-entrant snapshot's sorts to stay off disk.
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
      from draw_ranked_entrants_wide(p_raffle_id, v_raffle.seed, v_raffle.winners_requested) ranked;
  else
    select array_agg(ranked.user_id order by ranked.key, ranked.user_id collate "C"),
           array_agg(ranked.login order by ranked.key, ranked.user_id collate "C")
      into v_winner_ids, v_winner_logins
      from draw_ranked_entrants(p_raffle_id, v_raffle.seed, v_raffle.winners_requested) ranked;
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
         snapshot_at = coalesce(snapshot_at, now()), drawn_at = clock_timestamp()
   where id = p_raffle_id;

  return raffle_result(p_raffle_id);
end
$$;

-- 2. One round trip for a small snapshot.
--
-- A session tick's snapshot is small (a chat of a few dozen to a few hundred viewers) and there are
-- hundreds of them a minute on a busy host: freezing it and drawing in one statement takes one round
-- trip to the database instead of six (begin, lock, COPY, update, make_raffle, commit), and holds a
-- pooled connection that much shorter. The caller sends the entrants as JSON
-- ([{"u": userId, "l": login, "w": weight, "r": excludedReason | null}], logins in lower case) and
-- keeps COPY for big snapshots. Same rules as the COPY path: the snapshot is taken once (a raffle that
-- has one keeps it), and only the call that found the raffle pending drew it (`drewNow`).
create function snapshot_and_draw(p_raffle_id bigint, p_entrants jsonb, p_roster_at timestamptz)
returns jsonb
language plpgsql
as $$
declare
  v_status text;
  v_snapshot_at timestamptz;
begin
  select status, snapshot_at into v_status, v_snapshot_at from raffles where id = p_raffle_id for update;
  if v_status = 'pending' and v_snapshot_at is null then
    insert into raffle_entrants (raffle_id, user_id, login, weight, excluded_reason)
    select p_raffle_id, e.u, e.l, e.w, e.r
      from jsonb_to_recordset(p_entrants) as e(u text, l text, w numeric, r text);
    update raffles set snapshot_at = now(), roster_at = p_roster_at where id = p_raffle_id;
  end if;
  return jsonb_build_object('drewNow', coalesce(v_status = 'pending', false),
                            'result', make_raffle(p_raffle_id));
end
$$;

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
-- the draw (draw_raffle_core, redefined in 0012) calls draw_ranked_entrants_wide, which allows workers,
-- from 50,000 eligible up. Redraws (one slot, rare) stay serial.

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

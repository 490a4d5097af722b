-- 1. The entrants digest (§4 step 3) writes most lines faster: a weight of 1, what nearly every viewer
--    has, is written "1" directly instead of through trim_scale(numeric)::text, which took a quarter of
--    the digest's time at 100,000 entrants (bench/RESULTS.md). The text hashed is byte for byte the same.
-- 2. The cooldown and max-wins exclusions look each excluded viewer up in the snapshot by primary key,
--    instead of looking every entrant up among the winners. A fresh snapshot has no statistics, so the
--    planner expected one entrant and chose, for each of them, an index probe into raffle_winners: with
--    the default 30-minute cooldown and 70 recent winners, 100,000 entrants took 1.47 s to exclude (psql,
--    EXPLAIN ANALYZE); a join the other way round, planned on the same wrong estimate, took 4 s.
-- 3. snapshot_and_draw (0011) and snapshot_and_freeze (0014) write a small snapshot through one helper.

-- Marks the given viewers of a snapshot excluded (those not excluded already). A few thousand viewers
-- (every cooldown list in practice) are updated one by one through the primary key, whatever the
-- planner thinks of the snapshot's size; a bigger list is joined with nested loops off, so no plan can
-- multiply the two sizes.
create function exclude_entrants(p_raffle_id bigint, p_user_ids text[], p_reason text)
returns void
language plpgsql
set enable_nestloop = off
as $$
declare
  v_user text;
begin
  if cardinality(p_user_ids) <= 2000 then
    foreach v_user in array p_user_ids loop
      update raffle_entrants
         set excluded_reason = p_reason
       where raffle_id = p_raffle_id and user_id = v_user collate "C" and excluded_reason is null;
    end loop;
  else
    update raffle_entrants e
       set excluded_reason = p_reason
      from unnest(p_user_ids) as excluded(user_id)
     where e.raffle_id = p_raffle_id and e.user_id = excluded.user_id collate "C" and e.excluded_reason is null;
  end if;
end
$$;

create or replace function freeze_snapshot_locked(p_raffle_id bigint, p_channel_id bigint, p_session_id bigint)
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
    perform exclude_entrants(p_raffle_id, array(
      select distinct w.user_id from raffle_winners w
       where w.channel_id = p_channel_id and w.replaced_at is null
         and w.won_at > now() - make_interval(mins => v_settings.cooldown_minutes)), 'cooldown');
  end if;

  --    Max wins per session: only session draws count against it.
  if p_session_id is not null and v_settings.max_wins_per_session is not null then
    perform exclude_entrants(p_raffle_id, array(
      select w.user_id from raffle_winners w
       where w.session_id = p_session_id and w.replaced_at is null
       group by w.user_id
      having count(*) >= v_settings.max_wins_per_session), 'max_wins');
  end if;

  -- 3. The entrants digest: SHA-256 of "userId \t weight \n" per eligible entrant in byte order
  --    (user_id is COLLATE "C"); trim_scale writes 1.50 as 1.5, and a weight of 1 is written "1" without
  --    it. Fixed now, published in the proof, so a list edited afterwards no longer matches.
  --    The lines come from the primary key's order (raffle_id, user_id COLLATE "C"), already sorted:
  --    an ordered aggregate would sort them again (PostgreSQL 15 does not use presorted input for it).
  select encode(sha256(convert_to(coalesce(
           string_agg(lines.line, '') filter (where lines.excluded_reason is null), ''),
           'UTF8')), 'hex'),
         count(*) filter (where lines.excluded_reason is null),
         count(*) filter (where lines.excluded_reason is not null)
    into v_digest, v_eligible, v_excluded
    from (select e.user_id || case when e.weight = 1 then E'\t1\n'
                                   else E'\t' || trim_scale(e.weight)::text || E'\n' end as line,
                 e.excluded_reason
            from raffle_entrants e
           where e.raffle_id = p_raffle_id
           order by e.user_id) lines;

  update raffles
     set entrants_digest = v_digest, eligible_count = v_eligible, excluded_count = v_excluded,
         snapshot_at = date_trunc('milliseconds', coalesce(snapshot_at, now()))
   where id = p_raffle_id;
end
$$;

-- Locks a raffle and, when it is pending without a snapshot, writes its entrants (JSON rows:
-- [{"u": userId, "l": login, "w": weight, "r": excludedReason | null}]) and the snapshot and roster
-- times. Returns the status it found (null: no such raffle). The snapshot is taken once: a raffle that
-- has one keeps it.
create function write_small_snapshot(p_raffle_id bigint, p_entrants jsonb, p_roster_at timestamptz)
returns text
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
  return v_status;
end
$$;

create or replace function snapshot_and_draw(p_raffle_id bigint, p_entrants jsonb, p_roster_at timestamptz)
returns jsonb
language plpgsql
as $$
declare
  v_status text := write_small_snapshot(p_raffle_id, p_entrants, p_roster_at);
begin
  return jsonb_build_object('drewNow', coalesce(v_status = 'pending', false),
                            'result', make_raffle(p_raffle_id));
end
$$;

create or replace function snapshot_and_freeze(p_raffle_id bigint, p_entrants jsonb, p_roster_at timestamptz)
returns jsonb
language plpgsql
as $$
begin
  perform write_small_snapshot(p_raffle_id, p_entrants, p_roster_at);
  return freeze_raffle(p_raffle_id);
end
$$;

-- The steps of a draw with public randomness (0012) in one round trip each, as snapshot_and_draw (0011)
-- does for a draw without: a session tick with a drand round was three transactions of several
-- statements each (snapshot + freeze, anchor, draw with the round), which made 400 channels of 5-second
-- sessions CPU-bound on a 2-core machine.

-- §4.1 step 1 for a small snapshot: the entrants (JSON rows, as snapshot_and_draw takes them) written
-- once and frozen, without drawing. Returns raffle_result().
create function snapshot_and_freeze(p_raffle_id bigint, p_entrants jsonb, p_roster_at timestamptz)
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
  return freeze_raffle(p_raffle_id);
end
$$;

-- §4.1 step 3: stores the round (fetched and verified by the API) and draws with it, under the raffle's
-- row lock. A round other than the one the raffle is anchored to changes nothing. `drewNow` says
-- whether this call made the draw (only that call announces it).
create function draw_with_round(p_raffle_id bigint, p_round bigint, p_signature text, p_randomness text)
returns jsonb
language plpgsql
as $$
declare
  v_status text;
  v_result jsonb;
begin
  select status into v_status from raffles where id = p_raffle_id for update;
  update raffles set beacon_signature = p_signature, beacon_randomness = p_randomness
   where id = p_raffle_id and status = 'pending' and beacon_round = p_round and beacon_randomness is null;
  v_result := make_raffle(p_raffle_id);
  return jsonb_build_object(
    'drewNow', coalesce(v_status = 'pending', false) and v_result->>'status' <> 'pending',
    'result', v_result);
end
$$;

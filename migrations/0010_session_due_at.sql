-- When a session tick was due (SPEC §5: session draws carry `sessionTick` and `dueAt`), stored with the
-- tick's pending raffle when the scheduler claims it, so a tick's lateness is its draw time minus this.
alter table raffles add column due_at timestamptz;

-- When the Twitch chat list a draw's snapshot comes from was read (a warm roster may be a few seconds
-- old): the proof says it (`rosterAt`).
alter table raffles add column roster_at timestamptz;

-- raffle_result() with the tick and its due time of a session draw (null for a one-off draw).
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

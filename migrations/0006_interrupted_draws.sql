-- A one-off draw stores its pending raffle (seed committed) before it gathers the entrants and draws.
-- A process that dies in between used to leave that raffle pending for ever, in the history and on its
-- proof page. Now a pending one-off raffle older than a lease is made void with reason 'interrupted'
-- (RaffleRepository.voidInterrupted, run by every API process's scheduler loop).
--
-- The seed of an interrupted raffle is never revealed: nobody saw a draw, and revealing the seed
-- afterwards would let whoever can retry pick a moment, or an entrant list, knowing the outcome. So
-- raffle_result() reveals the seed only of raffles that were drawn or voided by make_raffle itself.
create index raffles_pending_one_off on raffles (created_at)
  where status = 'pending' and session_id is null;

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
    'winners', coalesce((
      select jsonb_agg(jsonb_build_object(
               'position', w.position, 'userId', w.user_id, 'login', w.login,
               'itemId', w.item_id, 'itemName', w.item_name) order by w.position)
        from raffle_winners w
       where w.raffle_id = r.id and w.replaced_at is null), '[]'::jsonb))
  from raffles r
  where r.id = p_raffle_id
$$;

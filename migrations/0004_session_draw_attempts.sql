-- Session draws happen in two steps: a short transaction claims the tick and stores the pending raffle
-- (seed committed before any entrant is known), then the chatters are fetched and the raffle is drawn.
-- draw_attempt_at is when a scheduler last took that pending raffle in hand: a process that dies in
-- between leaves it pending, and another (or the restarted one) takes it over once the attempt is stale.
-- Drawing twice is impossible anyway (make_raffle is idempotent under the raffle's row lock); the lease
-- only keeps two replicas from fetching the same chatter list at once.
alter table raffles add column draw_attempt_at timestamptz;
create index raffles_pending_session_draws on raffles (draw_attempt_at)
  where status = 'pending' and session_id is not null;

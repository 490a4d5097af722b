-- When a session tick was due (SPEC §5: session draws carry `sessionTick` and `dueAt`), stored with the
-- tick's pending raffle when the scheduler claims it, so a tick's lateness is its draw time minus this.
alter table raffles add column due_at timestamptz;

-- The key pass of a big draw (SPEC §8: make_raffle at 100,000 entrants ≤ 150 ms on PostgreSQL).
--
-- 1. One parallel worker beside the leader, not PostgreSQL's default of two.
--
-- draw_ranked_entrants_wide (0011) lets the key pass of 50,000 eligible entrants or more run in parallel
-- workers, as many as max_parallel_workers_per_gather (default 2). The leader works too, so two workers
-- make three processes hashing: on a 2-core host they share two cores and the key pass gets slower,
-- not faster. Measured here, make_raffle on a frozen 100,000-entrant snapshot (psql, median of 9,
-- rolled back each time): 99 ms with 2 workers, 83 ms with 1; freezing in the same call 124 / 112 ms.
-- One worker already halves the pass on any host with two free cores, and leaves the other cores of a
-- bigger one to the other channels' draws. To give big draws more on a host with cores to spare:
--   ALTER FUNCTION draw_ranked_entrants_wide(bigint, text, integer) SET max_parallel_workers_per_gather = 3;
-- (docs/production.md; a later migration that replaces the function would reset it).
alter function draw_ranked_entrants_wide(bigint, text, integer)
  set max_parallel_workers_per_gather = 1;

-- 2. No numeric-to-double conversion for a weight of 1.
--
-- PostgreSQL 15 converts numeric to double precision through its text form, about 0.1 µs a row, and 85 %
-- of a typical chat has weight 1 (bench/entrants.ts). Dividing by 1.0 is exact in IEEE arithmetic, so the
-- key is the same double either way (SPEC §4: key = -ln(u) / w); the frozen draw above gains about 4 ms.
create or replace function draw_entrant_key(p_seed text, p_user_id text, p_weight numeric)
returns double precision
language sql stable parallel safe
as $$
  select case when p_weight = 1
              then -ln((draw_x52(p_seed, 'entrant:' || p_user_id)::double precision + 0.5) / 4503599627370496.0)
              else -ln((draw_x52(p_seed, 'entrant:' || p_user_id)::double precision + 0.5) / 4503599627370496.0)
                   / p_weight::double precision
         end
$$;

-- The entrants digest (§4 step 3) reads the snapshot in primary-key order instead of sorting it.
--
-- The digest hashes one line per eligible entrant in user-id byte order, which is the primary key's order
-- (raffle_id, user_id COLLATE "C"). A fresh snapshot has no statistics, so the planner chose a bitmap
-- scan and then sorted the 100,000 lines again: 87 ms of make_raffle's 205 ms (psql, auto_explain). The
-- snapshot is now written in user-id order (RaffleRepository sorts it before COPY, and the warm roster
-- keeps its chatters sorted), so an index scan reads the heap in order: the same digest in 37 ms. On a
-- snapshot written in another order the index scan still gives the right order, only slower (57 ms at
-- 100,000, still below the sort's 87). Nothing else in the freeze sorts: the cooldown and max-wins lists
-- are hashed, and the exclusions are primary-key updates.
alter function freeze_snapshot_locked(bigint, bigint, bigint)
  set enable_sort = off;
alter function freeze_snapshot_locked(bigint, bigint, bigint)
  set enable_bitmapscan = off;

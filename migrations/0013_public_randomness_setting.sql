-- The channel setting of SPEC §4.1: draws anchored to a drand round. On by default: a viewer can then
-- check that not even whoever runs the server shaped the entrant list after learning the seed, and the
-- sandbox's local beacon keeps it working with no network.
alter table channel_settings add column public_randomness boolean not null default true;

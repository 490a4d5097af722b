-- Every channel has its settings row from the moment it exists, so reading a channel's rules is a plain
-- SELECT that never writes: the defaults stay in one place, the column defaults of channel_settings.
-- The row is made by the database itself when a channel is inserted, whoever inserts it.
create function channel_settings_row() returns trigger language plpgsql as $$
begin
  insert into channel_settings (channel_id) values (new.id) on conflict (channel_id) do nothing;
  return new;
end;
$$;

create trigger channels_settings_row after insert on channels
  for each row execute function channel_settings_row();

-- Channels created before this migration get their row now.
insert into channel_settings (channel_id) select id from channels on conflict (channel_id) do nothing;

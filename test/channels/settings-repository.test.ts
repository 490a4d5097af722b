import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { ChannelRepository } from '../../src/channels/channel-repository.ts';
import { SettingsRepository } from '../../src/channels/settings-repository.ts';
import { useWorld } from '../helpers/world.ts';

describe('channel settings', () => {
  const world = useWorld();

  it('gives every new channel its settings row with the schema defaults', async () => {
    const channel = await new ChannelRepository(world.database.db).ensure('settings_new');
    const settings = await new SettingsRepository(world.database.db).get(channel.id);
    expect(settings).toMatchObject({ cooldownMinutes: 30, vipMultiplier: 1, claimWord: '!claim' });
  });

  it('reads inside a read-only transaction, so a read never writes', async () => {
    const channel = await new ChannelRepository(world.database.db).ensure('settings_read_only');
    const settings = await world.database.db.transaction().execute(async (transaction) => {
      await sql`set transaction read only`.execute(transaction);
      return new SettingsRepository(transaction).get(channel.id);
    });
    expect(settings.cooldownMinutes).toBe(30);
  });

  it('changes only the given settings', async () => {
    const channel = await new ChannelRepository(world.database.db).ensure('settings_update');
    const repository = new SettingsRepository(world.database.db);
    const updated = await repository.update(channel.id, { cooldownMinutes: 5 });
    expect(updated).toMatchObject({ cooldownMinutes: 5, vipMultiplier: 1, sessionIntervalSeconds: 300 });
  });
});

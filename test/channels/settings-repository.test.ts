import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelRepository } from '../../src/channels/channel-repository.ts';
import { SettingsRepository } from '../../src/channels/settings-repository.ts';
import { openTestDatabase, type TestDatabase } from '../helpers/database.ts';

describe('channel settings', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database?.destroy());

  it('gives every new channel its settings row with the schema defaults', async () => {
    const channel = await new ChannelRepository(database.db).ensure('settings_new');
    const settings = await new SettingsRepository(database.db).get(channel.id);
    expect(settings).toMatchObject({ cooldownMinutes: 30, vipMultiplier: 1, claimWord: '!claim' });
  });

  it('reads inside a read-only transaction, so a read never writes', async () => {
    const channel = await new ChannelRepository(database.db).ensure('settings_read_only');
    const settings = await database.db.transaction().execute(async (transaction) => {
      await sql`set transaction read only`.execute(transaction);
      return new SettingsRepository(transaction).get(channel.id);
    });
    expect(settings.cooldownMinutes).toBe(30);
  });

  it('changes only the given settings', async () => {
    const channel = await new ChannelRepository(database.db).ensure('settings_update');
    const repository = new SettingsRepository(database.db);
    const updated = await repository.update(channel.id, { cooldownMinutes: 5 });
    expect(updated).toMatchObject({ cooldownMinutes: 5, vipMultiplier: 1, sessionIntervalSeconds: 300 });
  });
});

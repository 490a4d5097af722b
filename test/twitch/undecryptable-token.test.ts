import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.ts';
import { createServices } from '../../src/api/services.ts';
import { type FakeTwitch, SANDBOX_CHANNEL, startFakeTwitch } from '../../src/sandbox/twitch/index.ts';
import { TokenCipher } from '../../src/security/token-cipher.ts';
import { TwitchTokenStore } from '../../src/twitch/token-store.ts';
import { setUpTwitch } from '../../src/twitch/twitch-setup.ts';
import { asService, testConfig } from '../helpers/app.ts';
import { openTestDatabase, type TestDatabase } from '../helpers/database.ts';

// A token stored under another TOKEN_ENCRYPTION_KEY (a rotated key, a restored backup) cannot be
// decrypted: the channel must reconnect, and nothing crashes — not a request, not the hourly check.
describe('a stored token that no longer decrypts', () => {
  let database: TestDatabase;
  let fake: FakeTwitch;

  beforeAll(async () => {
    database = await openTestDatabase();
    fake = await startFakeTwitch();
  });
  afterAll(async () => {
    await fake?.close();
    await database?.destroy();
  });

  it('marks the channel "reconnect needed" and answers 409, without crashing', async () => {
    const config = testConfig({
      TWITCH_MOCK_URL: fake.url,
      TWITCH_CLIENT_ID: fake.clientId,
      TWITCH_CLIENT_SECRET: fake.clientSecret,
    });
    const logger = pino({ level: 'silent' });
    const twitch = await setUpTwitch(config, logger, () => Promise.reject(new Error('no sandbox')));
    const services = createServices(config, database, logger, twitch);
    const channel = await services.channels.connect(
      SANDBOX_CHANNEL.id ?? '',
      SANDBOX_CHANNEL.login,
      SANDBOX_CHANNEL.login,
    );
    // Saved under a key this server does not have.
    const otherKey = new TwitchTokenStore(database.db, new TokenCipher(Buffer.alloc(32, 42)));
    await otherKey.save(channel.id, fake.issueUserToken());

    const app = await buildApp(services, logger);
    await app.ready();
    try {
      const events: string[] = [];
      services.events.subscribe((event) => events.push(event.type));
      const chatters = await app.inject({
        method: 'GET',
        url: `/api/v1/channels/${SANDBOX_CHANNEL.login}/chatters`,
        headers: asService,
      });
      expect(chatters.statusCode).toBe(409);
      expect(chatters.json().code).toBe('twitch_reconnect_needed');
      expect((await services.channels.findById(channel.id))?.connectionState).toBe('reconnect_needed');
      expect(events).toContain('channel.reconnect_needed');
      // The hourly validation skips it (no longer connected) instead of throwing.
      await expect(services.tokenValidator?.validateAll()).resolves.toBeInstanceOf(Map);
    } finally {
      await app.close();
      await twitch.close();
    }
  });
});

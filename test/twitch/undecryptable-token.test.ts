import { describe, expect, it } from 'vitest';
import { SANDBOX_CHANNEL } from '../../src/sandbox/twitch/index.ts';
import { TokenCipher } from '../../src/security/token-cipher.ts';
import { TwitchTokenStore } from '../../src/twitch/token-store.ts';
import { asService } from '../helpers/app.ts';
import { useWorld } from '../helpers/world.ts';

// A token stored under another TOKEN_ENCRYPTION_KEY (a rotated key, a restored backup) cannot be
// decrypted: the channel must reconnect, and nothing crashes — not a request, not the hourly check.
describe('a stored token that no longer decrypts', () => {
  const world = useWorld({ twitch: true, app: true, events: true });

  it('marks the channel "reconnect needed" and answers 409, without crashing', async () => {
    const { services } = world;
    const channel = await services.channels.connect(
      SANDBOX_CHANNEL.id ?? '',
      SANDBOX_CHANNEL.login,
      SANDBOX_CHANNEL.login,
    );
    // Saved under a key this server does not have.
    const otherKey = new TwitchTokenStore(world.database.db, new TokenCipher(Buffer.alloc(32, 42)));
    await otherKey.save(channel.id, world.twitch.issueUserToken());

    const chatters = await world.app.inject({
      method: 'GET',
      url: `/api/v1/channels/${SANDBOX_CHANNEL.login}/chatters`,
      headers: asService,
    });
    expect(chatters.statusCode).toBe(409);
    expect(chatters.json().code).toBe('twitch_reconnect_needed');
    expect((await services.channels.findById(channel.id))?.connectionState).toBe('reconnect_needed');
    expect(world.events.map((event) => event.type)).toContain('channel.reconnect_needed');
    // The hourly validation skips it (no longer connected) instead of throwing.
    await expect(services.tokenValidator?.validateAll()).resolves.toBeInstanceOf(Map);
  });
});

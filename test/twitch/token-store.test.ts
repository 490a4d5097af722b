import type { AccessToken } from '@twurple/auth';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import { TokenCipher } from '../../src/security/token-cipher.ts';
import { TwitchTokenStore } from '../../src/twitch/token-store.ts';
import { useWorld } from '../helpers/world.ts';

const cipher = new TokenCipher(Buffer.alloc(32, 9));

function token(label: string, obtainmentTimestamp = Date.now()): AccessToken {
  return {
    accessToken: `access-${label}`,
    refreshToken: `refresh-${label}`,
    scope: ['moderator:read:chatters'],
    expiresIn: 14_124,
    obtainmentTimestamp,
  };
}

describe('Twitch token store', () => {
  const world = useWorld();
  let store: TwitchTokenStore;

  beforeAll(() => {
    store = new TwitchTokenStore(world.database.db, cipher);
  });

  it('keeps tokens encrypted at rest and gives them back whole', async () => {
    const channel = await world.given.channel();
    const original = token('secret-value-123', 1_700_000_000_000);
    await store.save(channel.id, original);
    expect(await store.load(channel.id)).toEqual(original);
    const row = await world.database.db
      .selectFrom('twitch_tokens')
      .selectAll()
      .where('channel_id', '=', channel.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain('secret-value-123');
  });

  it('refuses a token row copied to another channel', async () => {
    const [first, second] = [await world.given.channel(), await world.given.channel()];
    await store.save(first.id, token('first'));
    const row = await world.database.db
      .selectFrom('twitch_tokens')
      .selectAll()
      .where('channel_id', '=', first.id)
      .executeTakeFirstOrThrow();
    await world.database.db
      .insertInto('twitch_tokens')
      .values({ ...row, channel_id: second.id })
      .execute();
    await expect(store.load(second.id)).rejects.toThrow(/could not be decrypted/);
  });

  it('refreshes once when 20 requests race on an expired token', async () => {
    const channel = await world.given.channel();
    const stale = token('stale', Date.now() - 5 * 3600_000);
    await store.save(channel.id, stale);
    let refreshes = 0;
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        store.refreshOnce(channel.id, stale.obtainmentTimestamp, async (refreshToken) => {
          refreshes += 1;
          expect(refreshToken).toBe('refresh-stale');
          await new Promise((resolve) => setTimeout(resolve, 20));
          return token(`fresh-${refreshes}`);
        }),
      ),
    );
    expect(refreshes).toBe(1);
    expect(new Set(results.map((result) => result.accessToken))).toEqual(new Set(['access-fresh-1']));
    expect((await store.load(channel.id))?.refreshToken).toBe('refresh-fresh-1');
  });

  // PGlite is one process by construction: this race needs a server, so it runs in the PostgreSQL suite.
  it.runIf(Boolean(process.env.TEST_DATABASE_URL))(
    'refreshes once across two connection pools (two API processes)',
    async () => {
      const other = await openDatabase({ databaseUrl: world.database.url });
      try {
        const otherStore = new TwitchTokenStore(other.db, cipher);
        const channel = await world.given.channel();
        const stale = token('stale2', Date.now() - 5 * 3600_000);
        await store.save(channel.id, stale);
        let refreshes = 0;
        const refresh = async () => {
          refreshes += 1;
          await new Promise((resolve) => setTimeout(resolve, 30));
          return token(`fresh2-${refreshes}`);
        };
        await Promise.all(
          Array.from({ length: 10 }, (_, index) =>
            (index % 2 ? otherStore : store).refreshOnce(channel.id, stale.obtainmentTimestamp, refresh),
          ),
        );
        expect(refreshes).toBe(1);
      } finally {
        await other.close();
      }
    },
  );
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../src/api/services.ts';
import type { Channel } from '../../src/channels/channel-repository.ts';
import { type LocalBeacon, startLocalBeacon } from '../../src/sandbox/drand/index.ts';
import { type FakeTwitch, SANDBOX_CHANNEL, startFakeTwitch } from '../../src/sandbox/twitch/index.ts';
import { asService, TEST_API_TOKEN } from '../helpers/app.ts';
import { openTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { freePort, type RunningProcess, startKinoYu, waitForOk } from '../helpers/process.ts';
import { resetSettings } from '../helpers/settings.ts';
import { servicesWithFakeTwitch } from '../helpers/twitch.ts';

const REQUESTS_PER_PROCESS = 5;

// Two API replicas on one PostgreSQL, each a real `src/main.ts --only=api` process, against a fake
// Twitch whose refresh tokens work once: a token that needs refreshing is refreshed by exactly one of
// them (the row lock of TwitchTokenStore.refreshOnce), and both go on with the new token.
// PostgreSQL only: PGlite is one process's embedded database by nature; the PostgreSQL suite runs in CI.
describe.runIf(process.env.TEST_DATABASE_URL)('two API processes sharing one PostgreSQL', () => {
  let database: TestDatabase;
  let fake: FakeTwitch;
  let services: Services;
  let channel: Channel;
  let dataDir: string;
  let beacon: LocalBeacon;
  const replicas: { running: RunningProcess; base: string }[] = [];

  beforeAll(async () => {
    database = await openTestDatabase();
    fake = await startFakeTwitch({ singleUseRefreshTokens: true });
    services = await servicesWithFakeTwitch(database, fake);
    channel = await services.channels.connect(
      SANDBOX_CHANNEL.id ?? '',
      SANDBOX_CHANNEL.login,
      SANDBOX_CHANNEL.login,
    );
    await resetSettings(database.db, channel.id);
    await services.tokenStore.save(channel.id, fake.issueUserToken());
    dataDir = await mkdtemp(path.join(tmpdir(), 'kinoyu-replicas-'));
    // Their drand relay: with a Twitch app configured they would otherwise read drand's public relays.
    beacon = await startLocalBeacon();
    for (const name of ['a', 'b']) {
      const port = await freePort();
      const running = startKinoYu(
        {
          PORT: String(port),
          DATA_DIR: path.join(dataDir, name),
          DATABASE_URL: database.url ?? '',
          TWITCH_MOCK_URL: fake.url,
          TWITCH_CLIENT_ID: fake.clientId,
          TWITCH_CLIENT_SECRET: fake.clientSecret,
          DRAND_URLS: beacon.url,
          DRAND_CHAIN_HASH: beacon.chainHash,
          API_TOKEN: TEST_API_TOKEN,
          // The key the test's own services encrypted the token with (testConfig).
          TOKEN_ENCRYPTION_KEY: services.config.tokenEncryptionKey.toString('base64'),
          SESSION_SECRET: 'test-session-secret-0123456789abcdef',
          LOG_LEVEL: 'warn',
        },
        ['--only=api'],
      );
      replicas.push({ running, base: `http://127.0.0.1:${port}` });
    }
    await Promise.all(replicas.map(({ running, base }) => waitForOk(`${base}/readyz`, running)));
  }, 180_000);

  afterAll(async () => {
    for (const { running } of replicas) running.child.kill('SIGKILL');
    await Promise.all(replicas.map(({ running }) => running.exited));
    await fake?.close();
    await beacon?.close();
    await database?.destroy();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  /** Both replicas ask for the chatter list at once, several times each. */
  async function raceBothReplicas(): Promise<number[]> {
    const responses = await Promise.all(
      replicas.flatMap(({ base }) =>
        Array.from({ length: REQUESTS_PER_PROCESS }, () =>
          fetch(`${base}/api/v1/channels/${SANDBOX_CHANNEL.login}/chatters`, { headers: asService }),
        ),
      ),
    );
    const bodies = await Promise.all(responses.map((response) => response.json()));
    for (const body of bodies) expect(body.total).toBe(fake.channel().chatterIds.length);
    return responses.map((response) => response.status);
  }

  it('refreshes once when Twitch refuses the access token in both processes (401)', async () => {
    fake.expireAllAccessTokens();
    const refreshesBefore = fake.requestCount('/auth/token', 'POST');
    const statuses = await raceBothReplicas();
    expect(statuses).toEqual(Array(2 * REQUESTS_PER_PROCESS).fill(200));
    expect(fake.requestCount('/auth/token', 'POST') - refreshesBefore).toBe(1);
    expect((await services.channels.findById(channel.id))?.connectionState).toBe('connected');
  }, 60_000);

  it('refreshes once when the stored token has expired (refresh before use)', async () => {
    await database.db
      .updateTable('twitch_tokens')
      .set({
        obtained_at: sql<Date>`now() - interval '5 hours'`,
        expires_at: sql<Date>`now() - interval '1 hour'`,
      })
      .where('channel_id', '=', channel.id)
      .execute();
    const refreshesBefore = fake.requestCount('/auth/token', 'POST');
    const statuses = await raceBothReplicas();
    expect(statuses).toEqual(Array(2 * REQUESTS_PER_PROCESS).fill(200));
    expect(fake.requestCount('/auth/token', 'POST') - refreshesBefore).toBe(1);
    expect((await services.channels.findById(channel.id))?.connectionState).toBe('connected');
  }, 60_000);
});

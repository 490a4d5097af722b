import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../src/api/services.ts';
import { type FakeTwitch, SANDBOX_CHANNEL, startFakeTwitch } from '../../src/sandbox/twitch/index.ts';
import { openTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { servicesWithFakeTwitch } from '../helpers/twitch.ts';

// Twitch requires /oauth2/validate at start-up and hourly: a token that fails it, and cannot be
// refreshed, marks the channel "reconnect needed" instead of crashing or retrying forever.
describe('validating stored Twitch tokens', () => {
  let database: TestDatabase;
  let fake: FakeTwitch;
  let services: Services;
  const broadcasterId = SANDBOX_CHANNEL.id ?? '';
  const events: string[] = [];

  beforeAll(async () => {
    database = await openTestDatabase();
    fake = await startFakeTwitch();
    services = await servicesWithFakeTwitch(database, fake);
    services.events.subscribe((event) => events.push(event.type));
  });
  afterAll(async () => {
    await fake?.close();
    await database?.destroy();
  });

  async function connectedChannel() {
    const channel = await services.channels.connect(
      broadcasterId,
      SANDBOX_CHANNEL.login,
      SANDBOX_CHANNEL.login,
    );
    await services.tokenStore.save(channel.id, fake.issueUserToken());
    return channel;
  }

  it('validates a good token and records when', async () => {
    const channel = await connectedChannel();
    const validationsBefore = fake.requestCount('/auth/validate');
    const outcomes = await services.tokenValidator?.validateAll();
    expect(outcomes?.get(channel.id)).toBe('valid');
    expect(fake.requestCount('/auth/validate')).toBeGreaterThan(validationsBefore);
    const row = await database.db
      .selectFrom('twitch_tokens')
      .select('validated_at')
      .executeTakeFirstOrThrow();
    expect(row.validated_at).toBeInstanceOf(Date);
  });

  it('refreshes a token that expired and keeps the channel connected', async () => {
    const channel = await connectedChannel();
    fake.expireAllAccessTokens();
    expect(await services.tokenValidator?.validate(channel.id, broadcasterId)).toBe('valid');
    expect((await services.channels.findById(channel.id))?.connectionState).toBe('connected');
  });

  it('marks the channel "reconnect needed" when the streamer disconnected the app on Twitch', async () => {
    const channel = await connectedChannel();
    events.length = 0;
    fake.revokeUserTokens(broadcasterId);
    expect(await services.tokenValidator?.validate(channel.id, broadcasterId)).toBe('reconnect_needed');
    expect((await services.channels.findById(channel.id))?.connectionState).toBe('reconnect_needed');
    expect(events).toEqual(['channel.reconnect_needed']);
    // The next hourly round leaves it alone: no calls to Twitch for a channel that must reconnect.
    const calls = fake.requests.length;
    const outcomes = await services.tokenValidator?.validateAll();
    expect(outcomes?.has(channel.id)).toBe(false);
    expect(fake.requests.length).toBe(calls);
  });

  it('changes nothing when Twitch does not answer', async () => {
    const channel = await connectedChannel();
    fake.failNext('/auth/validate', 10, { status: 503 });
    const outcome = await services.tokenValidator?.validate(channel.id, broadcasterId);
    fake.clearFaults();
    expect(outcome).toBe('unreachable');
    expect((await services.channels.findById(channel.id))?.connectionState).toBe('connected');
  });
});

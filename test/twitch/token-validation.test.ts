import { beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_CHANNEL } from '../../src/sandbox/twitch/index.ts';
import { useWorld } from '../helpers/world.ts';

// Twitch requires /oauth2/validate at start-up and hourly: a token that fails it, and cannot be
// refreshed, marks the channel "reconnect needed" instead of crashing or retrying forever.
describe('validating stored Twitch tokens', () => {
  const world = useWorld({ twitch: true });
  const broadcasterId = SANDBOX_CHANNEL.id ?? '';
  const events: string[] = [];

  beforeAll(() => {
    world.services.events.subscribe((event) => events.push(event.type));
  });

  async function connectedChannel() {
    const channel = await world.services.channels.connect(
      broadcasterId,
      SANDBOX_CHANNEL.login,
      SANDBOX_CHANNEL.login,
    );
    await world.services.tokenStore.save(channel.id, world.twitch.issueUserToken());
    return channel;
  }

  it('validates a good token and records when', async () => {
    const channel = await connectedChannel();
    const validationsBefore = world.twitch.requestCount('/auth/validate');
    const outcomes = await world.services.tokenValidator?.validateAll();
    expect(outcomes?.get(channel.id)).toBe('valid');
    expect(world.twitch.requestCount('/auth/validate')).toBeGreaterThan(validationsBefore);
    const row = await world.database.db
      .selectFrom('twitch_tokens')
      .select('validated_at')
      .executeTakeFirstOrThrow();
    expect(row.validated_at).toBeInstanceOf(Date);
  });

  it('refreshes a token that expired and keeps the channel connected', async () => {
    const channel = await connectedChannel();
    world.twitch.expireAllAccessTokens();
    expect(await world.services.tokenValidator?.validate(channel.id, broadcasterId)).toBe('valid');
    expect((await world.services.channels.findById(channel.id))?.connectionState).toBe('connected');
  });

  it('marks the channel "reconnect needed" when the streamer disconnected the world.app on Twitch', async () => {
    const channel = await connectedChannel();
    events.length = 0;
    world.twitch.revokeUserTokens(broadcasterId);
    expect(await world.services.tokenValidator?.validate(channel.id, broadcasterId)).toBe('reconnect_needed');
    expect((await world.services.channels.findById(channel.id))?.connectionState).toBe('reconnect_needed');
    expect(events).toEqual(['channel.reconnect_needed']);
    // The next hourly round leaves it alone: no calls to Twitch for a channel that must reconnect.
    const calls = world.twitch.requests.length;
    const outcomes = await world.services.tokenValidator?.validateAll();
    expect(outcomes?.has(channel.id)).toBe(false);
    expect(world.twitch.requests.length).toBe(calls);
  });

  it('changes nothing when Twitch does not answer', async () => {
    const channel = await connectedChannel();
    world.twitch.failNext('/auth/validate', 10, { status: 503 });
    const outcome = await world.services.tokenValidator?.validate(channel.id, broadcasterId);
    world.twitch.clearFaults();
    expect(outcome).toBe('unreachable');
    expect((await world.services.channels.findById(channel.id))?.connectionState).toBe('connected');
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_CHANNEL } from '../../src/sandbox/twitch/index.ts';
import { openEventStream } from '../events/sse-client.ts';
import { asService } from '../helpers/app.ts';
import { type DashboardBrowser, logInToDashboard } from '../helpers/dashboard-login.ts';
import { useWorld } from '../helpers/world.ts';

// The overlay URL's key (SPEC §5, §7): the dashboard shows it and can replace it; the old one stops
// opening the channel's event stream at once. The stream also opens with the dashboard cookie.
describe('overlay key', () => {
  const world = useWorld({ twitch: true, app: 'listen' });
  let streamer: DashboardBrowser;
  const login = SANDBOX_CHANNEL.login;

  beforeAll(async () => {
    streamer = await logInToDashboard(world.app, world.twitch);
  });

  const streamStatus = async (url: string, headers: Record<string, string> = {}) => {
    const stream = await openEventStream(url, headers);
    stream.close();
    return stream.status;
  };

  it('shows the overlay URL to the streamer, and replacing the key shuts the old URL out', async () => {
    const shown = await world.app.inject({
      method: 'GET',
      url: `/api/v1/channels/${login}/overlay-key`,
      headers: { cookie: streamer.cookie },
    });
    expect(shown.statusCode).toBe(200);
    const old = shown.json();
    expect(old.url).toBe(`http://kinoyu.test/overlay/${login}?key=${old.key}`);
    const eventsWith = (key: string) => `${world.baseUrl}/api/v1/channels/${login}/events?key=${key}`;
    expect(await streamStatus(eventsWith(old.key))).toBe(200);

    const replaced = await world.app.inject({
      method: 'POST',
      url: `/api/v1/channels/${login}/overlay-key`,
      headers: { cookie: streamer.cookie, 'x-csrf-token': streamer.csrfToken },
    });
    expect(replaced.statusCode).toBe(200);
    const fresh = replaced.json();
    expect(fresh.key).toMatch(/^[0-9a-f]{64}$/);
    expect(fresh.key).not.toBe(old.key);

    const refused = await openEventStream(eventsWith(old.key));
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: 'invalid_overlay_key' });
    expect(await streamStatus(eventsWith(fresh.key))).toBe(200);
  });

  it('replaces the key with the service token too', async () => {
    const before = (
      await world.app.inject({
        method: 'GET',
        url: `/api/v1/channels/${login}/overlay-key`,
        headers: asService,
      })
    ).json().key;
    const replaced = await world.app.inject({
      method: 'POST',
      url: `/api/v1/channels/${login}/overlay-key`,
      headers: asService,
    });
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json().key).not.toBe(before);
  });

  it("opens the channel's event stream with the dashboard cookie, live", async () => {
    const stream = await openEventStream(`${world.baseUrl}/api/v1/channels/${login}/events`, {
      cookie: streamer.cookie,
    });
    expect(stream.status).toBe(200);
    const channel = await world.services.channels.findByLogin(login);
    world.services.events.publish({
      type: 'channel.reconnect_needed',
      channel: login,
      channelId: channel?.id ?? 0,
      reason: 'test',
    });
    const event = await stream.nextEvent();
    stream.close();
    expect(event.event).toBe('channel.reconnect_needed');
  });
});

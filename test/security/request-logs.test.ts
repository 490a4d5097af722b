import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { urlForLog } from '../../src/logger.ts';
import { asService } from '../helpers/app.ts';
import { consentOnFakeTwitch } from '../helpers/twitch-consent.ts';
import { useWorld } from '../helpers/world.ts';

// SPEC §9: logs never carry credentials — link tokens, OAuth code and state, overlay keys. Query strings
// carry all of them, so the API's request serializer writes no query value, on any route.
const lines: string[] = [];
const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });

describe('request log lines', () => {
  const world = useWorld({
    twitch: { redirectUris: ['http://kinoyu.test/auth/twitch/callback'] },
    app: true,
    logger,
  });

  it('redacts every query value, and only the values', () => {
    expect(urlForLog('/auth/twitch/callback?code=abc&state=def')).toBe(
      '/auth/twitch/callback?code=[redacted]&state=[redacted]',
    );
    expect(urlForLog('/x?a=1&b&c=')).toBe('/x?a=[redacted]&b&c=[redacted]');
    expect(urlForLog('/r/42')).toBe('/r/42');
  });

  it('never writes a connect link, an OAuth code or state, or an overlay key', async () => {
    const linked = await world.app.inject({
      method: 'POST',
      url: '/api/v1/discord/123456789012345678/link',
      headers: asService,
      payload: {},
    });
    expect(linked.statusCode).toBe(201);
    const link = new URL(linked.json().url).searchParams.get('link') ?? '';
    lines.length = 0;
    const callback = await consentOnFakeTwitch(world.app, world.twitch, `/auth/twitch/login?link=${link}`);
    const connected = await world.app.inject({ method: 'GET', url: callback });
    expect(connected.body).toContain('data-outcome="connected"');
    const secrets = [link, ...new URL(callback, 'http://kinoyu.test').searchParams.values()];
    expect(secrets.length).toBeGreaterThanOrEqual(3);
    const overlayKey = 'f'.repeat(64);
    for (const url of [
      `/overlay/someone?key=${overlayKey}`,
      `/api/v1/channels/someone/events?key=${overlayKey}`,
      `/api/v1/events?key=${overlayKey}`,
      `/nowhere?key=${overlayKey}`,
    ]) {
      await world.app.inject({ method: 'GET', url });
    }
    const written = lines.join('');
    expect(written).toContain('[redacted]');
    for (const secret of [...secrets, overlayKey].filter((value) => value.length >= 8)) {
      expect(written).not.toContain(secret);
    }
  });
});

import { Writable } from 'node:stream';
import pino from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_CHANNEL } from '../../src/sandbox/twitch/index.ts';
import { connectSandboxChannel } from '../../src/twitch/sandbox-connection.ts';
import { BROADCASTER_SCOPES } from '../../src/twitch/scopes.ts';
import { useWorld } from '../helpers/world.ts';

// With no credentials, npm start connects the sandbox channel by itself (main.ts); this is that step
// against the real app and the fake Twitch, the same round trip as a browser login.
const world = useWorld({ twitch: true, app: true, events: true });
let lines: { level: number; msg: string }[] = [];

beforeEach(() => {
  lines = [];
  world.twitch.clearFaults();
  world.twitch.clearRequestLog();
});

function connect(carriedOverScopes?: readonly string[]) {
  const logger = pino(
    { level: 'debug' },
    new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(String(chunk)));
        done();
      },
    }),
  );
  return connectSandboxChannel({
    channels: world.services.channels,
    login: SANDBOX_CHANNEL.login,
    carriedOverScopes,
    browse: async (path) => {
      const answer = await world.app.inject({ method: 'GET', url: path });
      const location = answer.headers.location;
      return { statusCode: answer.statusCode, location: typeof location === 'string' ? location : undefined };
    },
    approve: (authorizeUrl) => world.twitch.approveConsent(authorizeUrl),
    logger,
  });
}

const state = async () => (await world.services.channels.findByLogin(SANDBOX_CHANNEL.login))?.connectionState;

describe('connecting the sandbox channel at start', () => {
  it('logs a warning and changes nothing when the round trip fails', async () => {
    world.twitch.failNext('/auth/token', 10, { status: 503 });
    expect(await connect()).toBe('failed');
    expect(await state()).not.toBe('connected');
    expect(lines.map((line) => line.msg)).toEqual([
      expect.stringContaining('TWITCH SANDBOX: could not connect kinoyu_sandbox'),
    ]);
    expect(lines[0]?.level).toBe(40);
  });

  it('connects it through login, consent and callback, with every scope the app asks, and says so once', async () => {
    expect(await connect()).toBe('connected');
    expect(await state()).toBe('connected');
    const channel = await world.services.channels.findByLogin(SANDBOX_CHANNEL.login);
    const token = await world.services.tokenStore.load(channel?.id ?? 0);
    expect(token?.scope).toEqual([...BROADCASTER_SCOPES]);
    expect(world.twitch.requests.map((entry) => `${entry.method} ${entry.path}`)).toEqual(
      expect.arrayContaining(['POST /auth/token', 'GET /auth/validate']),
    );
    // The code was exchanged by the app's callback, for the redirect URI a browser login uses.
    expect(world.twitch.requests.find((entry) => entry.path === '/auth/token')?.query).toMatchObject({
      grant_type: 'authorization_code',
      redirect_uri: 'http://kinoyu.test/auth/twitch/callback',
    });
    expect(world.events.filter((event) => event.type === 'channel.connected')).toHaveLength(1);
    expect(lines.filter((line) => line.level >= 30).map((line) => line.msg)).toEqual([
      'TWITCH SANDBOX: connected the sandbox channel kinoyu_sandbox (no login needed: the API can draw on it now)',
    ]);
    // The connection is a real one: the chatter list answers.
    const chatters = await world.app.inject({
      method: 'GET',
      url: '/api/v1/channels/kinoyu_sandbox/chatters',
      headers: { authorization: `Bearer ${world.services.config.apiToken}` },
    });
    expect(chatters.statusCode).toBe(200);
  });

  it('keeps a connected channel whose carried-over token has every scope, asking Twitch nothing', async () => {
    expect(await connect([...BROADCASTER_SCOPES])).toBe('kept');
    expect(world.twitch.requests).toEqual([]);
    expect(lines.filter((line) => line.level >= 30)).toEqual([]);
  });

  it('connects again when no token was carried over, or the carried one lacks a scope the app asks', async () => {
    expect(await connect(BROADCASTER_SCOPES.slice(1))).toBe('connected');
    expect(await connect()).toBe('connected');
    expect(world.events.filter((event) => event.type === 'channel.connected')).toHaveLength(3);
  });
});

import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.ts';
import { createServices } from '../../src/api/services.ts';
import { SETTINGS_EXAMPLE } from '../../src/contract/settings.ts';
import { startFakeTwitch } from '../../src/sandbox/twitch/index.ts';
import { setUpTwitch } from '../../src/twitch/twitch-setup.ts';
import { testConfig } from '../helpers/app.ts';
import { type DashboardBrowser, logInToDashboard } from '../helpers/dashboard-login.ts';
import { useWorld } from '../helpers/world.ts';

const HOSTILE = 'Evil<script>alert(1)</script>';

// GET /: the welcome page for a visitor, the dashboard for a logged-in streamer (SPEC §5).
describe('the dashboard page', () => {
  const world = useWorld({
    twitch: { channels: [{ id: '91000001', login: 'evil_streamer', displayName: HOSTILE }] },
    app: true,
  });
  let streamer: DashboardBrowser;

  beforeAll(async () => {
    streamer = await logInToDashboard(world.app, world.twitch);
    // The display name Twitch gave, hostile on purpose: the page must show it as text.
    await world.database.db.updateTable('channels').set({ display_name: HOSTILE }).execute();
  });

  it('welcomes a visitor with "Entrar com a Twitch", and says when Twitch is a stand-in', async () => {
    const response = await world.app.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.body).toContain('data-page="welcome"');
    expect(response.body).toContain('href="http://kinoyu.test/auth/twitch/login"');
    expect(response.body).toContain('Entrar com a Twitch');
    expect(response.body).toContain('TWITCH_MOCK_URL');
    const english = await world.app.inject({ method: 'GET', url: '/?lang=en' });
    expect(english.body).toContain('Log in with Twitch');
    expect(english.body).toContain('href="http://kinoyu.test/auth/twitch/login?lang=en"');
  });

  it('mentions the sandbox when the server has no Twitch credentials', async () => {
    const logger = pino({ level: 'silent' });
    const config = testConfig();
    const sandbox = await startFakeTwitch();
    // setUpTwitch points twurple at the sandbox through the environment: put it back afterwards.
    const mockPort = process.env.TWURPLE_MOCK_API_PORT;
    const twitch = await setUpTwitch(config, logger, async () => sandbox);
    const sandboxApp = await buildApp(createServices(config, world.database, logger, twitch), logger);
    try {
      const response = await sandboxApp.inject({ method: 'GET', url: '/' });
      expect(response.body).toContain('data-testid="sandbox-note"');
      expect(response.body).toContain('Modo sandbox');
    } finally {
      await sandboxApp.close();
      await twitch.close();
      process.env.TWURPLE_MOCK_API_PORT = mockPort;
    }
  });

  it("shows the logged-in streamer's own dashboard, with a CSRF token, never cached", async () => {
    const response = await world.app.inject({
      method: 'GET',
      url: '/',
      headers: { cookie: streamer.cookie },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).toContain('data-page="dashboard"');
    expect(response.body).toMatch(/<meta name="csrf-token" content="[^"]+">/);
    const data = JSON.parse(
      /<script type="application\/json" id="page-data">(.*?)<\/script>/s.exec(response.body)?.[1] ?? '{}',
    );
    expect(data).toMatchObject({ login: 'evil_streamer', language: 'pt-BR' });
    // The form shows every setting of the contract: the §3 rules, the claim window and the entry rules.
    for (const name of Object.keys(SETTINGS_EXAMPLE)) expect(response.body).toContain(`name="${name}"`);
    // The token in the page works for a change.
    const change = await world.app.inject({
      method: 'PATCH',
      url: '/api/v1/channels/evil_streamer/settings',
      headers: { cookie: streamer.cookie, 'x-csrf-token': data.csrfToken },
      payload: { cooldownMinutes: 4 },
    });
    expect(change.statusCode).toBe(200);
  });

  it('shows a hostile display name as text', async () => {
    const response = await world.app.inject({
      method: 'GET',
      url: '/',
      headers: { cookie: streamer.cookie },
    });
    expect(response.body).not.toContain('<script>alert(1)');
    expect(response.body).toContain('Evil&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

import type { FastifyInstance, InjectOptions } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../src/api/app.ts';
import { isLoopbackAddress } from '../../src/api/routes/metrics.ts';
import { createServices } from '../../src/api/services.ts';
import { CommandError } from '../../src/bot/command-error.ts';
import type { BotCommand } from '../../src/bot/commands/command.ts';
import { type BotServices, dispatch, type Invocation } from '../../src/bot/dispatch.ts';
import { SANDBOX_CHANNEL } from '../../src/sandbox/twitch/index.ts';
import { asService, testConfig } from '../helpers/app.ts';
import { resetSettings } from '../helpers/settings.ts';
import { useWorld } from '../helpers/world.ts';

const LOGIN = SANDBOX_CHANNEL.login;
const METRICS_TOKEN = 'metrics-token-0123456789abcdef';

type Scrape = Map<string, number>;

/** GET /metrics as a map of series (`name{labels}`) to value. */
async function scrape(app: FastifyInstance, options: Partial<InjectOptions> = {}): Promise<Scrape> {
  const response = await app.inject({ method: 'GET', url: '/metrics', ...options });
  expect(response.statusCode, response.body).toBe(200);
  const series: Scrape = new Map();
  for (const line of response.body.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    series.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return series;
}

/** How much each series grew between two scrapes. */
const grew = (before: Scrape, after: Scrape, series: string) =>
  (after.get(series) ?? 0) - (before.get(series) ?? 0);

// SPEC §5 "Operating it": GET /metrics in Prometheus text format, each metric recorded where its event
// happens — draws, session ticks, claim expiries, Twitch requests and refreshes, event streams, and the
// bot's commands — with the real services over the fake Twitch.
describe('GET /metrics', () => {
  const world = useWorld({ twitch: true, app: 'listen', sandboxChannel: true });

  const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    world.app.inject({ method, url: `/api/v1${url}`, headers: asService, payload });

  beforeAll(() => world.twitch.setChatterCount(30));
  beforeEach(async () => {
    await resetSettings(world.database.db, world.channel.id);
    await world.database.db.updateTable('raffle_sessions').set({ status: 'stopped' }).execute();
    await world.database.db.deleteFrom('items').execute();
    expect((await api('PATCH', `/channels/${LOGIN}/settings`, { cooldownMinutes: 0 })).statusCode).toBe(200);
    expect((await api('POST', `/channels/${LOGIN}/items`, { text: 'skin:1' })).statusCode).toBe(201);
  });

  it('answers in the Prometheus text format with every metric of SPEC §5 and the process metrics', async () => {
    const response = await world.app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const [name, type] of [
      ['kinoyu_draws_total', 'counter'],
      ['kinoyu_session_tick_lateness_seconds', 'histogram'],
      ['kinoyu_claim_expiry_lateness_seconds', 'histogram'],
      ['kinoyu_twitch_requests_total', 'counter'],
      ['kinoyu_token_refreshes_total', 'counter'],
      ['kinoyu_sse_clients', 'gauge'],
      ['kinoyu_discord_commands_total', 'counter'],
      ['kinoyu_discord_command_seconds', 'histogram'],
      ['kinoyu_process_resident_memory_bytes', 'gauge'],
      ['kinoyu_nodejs_eventloop_lag_seconds', 'gauge'],
    ]) {
      expect(response.body).toContain(`# TYPE ${name} ${type}\n`);
    }
  });

  it('counts draws by trigger and result, and the Helix requests they made', async () => {
    const before = await scrape(world.app);
    expect((await api('POST', `/channels/${LOGIN}/raffles`, { winners: 1 })).statusCode).toBe(201);
    const nobody = await api('POST', `/channels/${LOGIN}/raffles`, { winners: 1, entrants: [] });
    expect(nobody.json().code).toBe('no_eligible_entrants');
    expect((await api('POST', '/channels/nobody_here/raffles', { winners: 1 })).statusCode).toBe(404);
    const after = await scrape(world.app);

    expect(grew(before, after, 'kinoyu_draws_total{trigger="command",result="drawn"}')).toBe(1);
    expect(grew(before, after, 'kinoyu_draws_total{trigger="command",result="void"}')).toBe(1);
    expect(grew(before, after, 'kinoyu_draws_total{trigger="command",result="refused"}')).toBe(1);
    expect(
      grew(before, after, 'kinoyu_twitch_requests_total{endpoint="chat/chatters",status="200"}'),
    ).toBeGreaterThanOrEqual(1);
  });

  it('counts a replayed draw and a redraw apart', async () => {
    const first = await api('POST', `/channels/${LOGIN}/raffles`, {
      winners: 1,
      idempotencyKey: 'metrics-1',
    });
    expect(first.statusCode).toBe(201);
    const before = await scrape(world.app);
    const again = await api('POST', `/channels/${LOGIN}/raffles`, {
      winners: 1,
      idempotencyKey: 'metrics-1',
    });
    expect(again.statusCode).toBe(200);
    const reroll = await api('POST', `/raffles/${first.json().raffleId}/reroll`, { position: 1 });
    expect(reroll.statusCode, reroll.body).toBe(200);
    const after = await scrape(world.app);
    expect(grew(before, after, 'kinoyu_draws_total{trigger="command",result="replayed"}')).toBe(1);
    expect(grew(before, after, 'kinoyu_draws_total{trigger="reroll",result="drawn"}')).toBe(1);
  });

  it('records how late a session tick fired, in seconds, and counts its draw', async () => {
    expect((await api('POST', `/channels/${LOGIN}/session`, { intervalSeconds: 60 })).statusCode).toBe(201);
    const before = await scrape(world.app);
    // Due 1.5 s ago: the tick fires between 1.5 and 2 s late.
    await world.database.db
      .updateTable('raffle_sessions')
      .set({ next_draw_at: new Date(Date.now() - 1500) })
      .where('status', '=', 'active')
      .execute();
    expect(await world.services.scheduler.runOnce()).toBe(1);
    const after = await scrape(world.app);

    const bucket = (le: string) => `kinoyu_session_tick_lateness_seconds_bucket{le="${le}"}`;
    expect(grew(before, after, 'kinoyu_session_tick_lateness_seconds_count')).toBe(1);
    expect(grew(before, after, bucket('1'))).toBe(0);
    expect(grew(before, after, bucket('2'))).toBe(1);
    expect(grew(before, after, 'kinoyu_session_tick_lateness_seconds_sum')).toBeGreaterThanOrEqual(1.5);
    expect(grew(before, after, 'kinoyu_draws_total{trigger="session",result="drawn"}')).toBe(1);
  });

  it('records how long after its deadline a claim window was handled, and counts its redraw', async () => {
    const claims = { claimEnabled: true, claimWord: '!pegar', claimSeconds: 60, claimMaxRedraws: 2 };
    expect((await api('PATCH', `/channels/${LOGIN}/settings`, claims)).statusCode).toBe(200);
    const drawn = await api('POST', `/channels/${LOGIN}/raffles`, { winners: 1 });
    expect(drawn.statusCode).toBe(201);
    const before = await scrape(world.app);
    // Ran out 3 s ago: handled between 3 and 5 s after its deadline.
    await world.database.db
      .updateTable('raffle_winners')
      .set({ claim_deadline: new Date(Date.now() - 3000) })
      .where('raffle_id', '=', drawn.json().raffleId)
      .where('replaced_at', 'is', null)
      .execute();
    await world.services.claims.start();
    try {
      expect(await world.services.claims.runOnce()).toBe(1);
    } finally {
      await world.services.claims.stop();
    }
    const after = await scrape(world.app);

    const bucket = (le: string) => `kinoyu_claim_expiry_lateness_seconds_bucket{le="${le}"}`;
    expect(grew(before, after, 'kinoyu_claim_expiry_lateness_seconds_count')).toBe(1);
    expect(grew(before, after, bucket('2'))).toBe(0);
    expect(grew(before, after, bucket('5'))).toBe(1);
    expect(grew(before, after, 'kinoyu_draws_total{trigger="unclaimed",result="drawn"}')).toBe(1);
  });

  it('counts a token refresh made when Twitch says the access token expired', async () => {
    const before = await scrape(world.app);
    world.twitch.expireAllAccessTokens();
    expect((await api('POST', `/channels/${LOGIN}/raffles`, { winners: 1 })).statusCode).toBe(201);
    const after = await scrape(world.app);
    expect(grew(before, after, 'kinoyu_token_refreshes_total{result="ok"}')).toBe(1);
    expect(
      grew(before, after, 'kinoyu_twitch_requests_total{endpoint="chat/chatters",status="401"}'),
    ).toBeGreaterThanOrEqual(1);
  });

  it('shows the event streams open now', async () => {
    const before = (await scrape(world.app)).get('kinoyu_sse_clients') ?? 0;
    const streams = [new AbortController(), new AbortController()];
    for (const stream of streams) {
      const response = await fetch(`${world.baseUrl}/api/v1/events`, {
        headers: asService,
        signal: stream.signal,
      });
      expect(response.status).toBe(200);
    }
    expect((await scrape(world.app)).get('kinoyu_sse_clients')).toBe(before + 2);
    for (const stream of streams) stream.abort();
    await vi.waitFor(async () => expect((await scrape(world.app)).get('kinoyu_sse_clients')).toBe(before));
  });

  it("counts the bot's commands by command and result, with their duration", async () => {
    const services = {
      links: { get: async () => null, forget: () => undefined },
      logger: pino({ level: 'silent' }),
    } as unknown as BotServices;
    const invocation: Invocation = {
      kind: 'interaction',
      id: '1',
      guildId: '100000000000000001',
      channelId: '100000000000000002',
      userId: '100000000000000003',
      userName: 'moderator',
      member: { isOwner: true, permissions: [], roles: [] } as unknown as Invocation['member'],
      acknowledge: async () => undefined,
      send: async () => ({ channelId: '2', messageId: '3' }),
      sendDirect: async () => 'sent' as never,
      followUp: async () => undefined,
    };
    const command = (id: string, run: BotCommand['run']): BotCommand =>
      ({ id, preconditions: [], run }) as unknown as BotCommand;
    const before = await scrape(world.app);
    await dispatch(
      services,
      command('metrics_ok', async () => ({ content: 'ok' })),
      () => ({}),
      invocation,
    );
    await dispatch(
      services,
      command('metrics_ok', async () => {
        throw new CommandError('error.missing_permission');
      }),
      () => ({}),
      invocation,
    );
    const after = await scrape(world.app);
    expect(grew(before, after, 'kinoyu_discord_commands_total{command="metrics_ok",result="ok"}')).toBe(1);
    expect(grew(before, after, 'kinoyu_discord_commands_total{command="metrics_ok",result="refused"}')).toBe(
      1,
    );
    expect(grew(before, after, 'kinoyu_discord_command_seconds_count')).toBe(2);
  });
});

// SPEC §6: METRICS_TOKEN set, the bearer token is required; unset, only this machine may read them.
describe('who may read GET /metrics', () => {
  const world = useWorld();
  let withToken: FastifyInstance;
  let loopbackOnly: FastifyInstance;

  beforeAll(async () => {
    const logger = pino({ level: 'silent' });
    const build = (config: Record<string, string>) =>
      buildApp(createServices(testConfig(config), world.database, logger), logger);
    withToken = await build({ METRICS_TOKEN });
    loopbackOnly = await build({});
  });
  afterAll(async () => {
    await withToken?.close();
    await loopbackOnly?.close();
  });

  const get = (app: FastifyInstance, options: Partial<InjectOptions> = {}) =>
    app.inject({ method: 'GET', url: '/metrics', ...options });

  it('with METRICS_TOKEN: 401 without it or with another, 200 with it, even from loopback', async () => {
    const without = await get(withToken);
    expect(without.statusCode).toBe(401);
    expect(without.json().code).toBe('unauthorized');
    expect(without.body).not.toContain('kinoyu_');
    const wrong = await get(withToken, { headers: { authorization: `Bearer ${METRICS_TOKEN}x` } });
    expect(wrong.statusCode).toBe(401);
    const apiToken = await get(withToken, { headers: asService });
    expect(apiToken.statusCode).toBe(401);
    const right = await get(withToken, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
      remoteAddress: '203.0.113.7',
    });
    expect(right.statusCode).toBe(200);
    expect(right.body).toContain('# TYPE kinoyu_draws_total counter');
  });

  it('without METRICS_TOKEN: served to loopback clients only, never to a forwarded request', async () => {
    for (const address of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) {
      expect((await get(loopbackOnly, { remoteAddress: address })).statusCode, address).toBe(200);
    }
    for (const address of ['203.0.113.7', '10.0.0.5', '192.168.1.20', '::ffff:10.0.0.1', 'fe80::1']) {
      const refused = await get(loopbackOnly, { remoteAddress: address });
      expect(refused.statusCode, address).toBe(404);
      expect(refused.body).not.toContain('kinoyu_');
    }
    // A reverse proxy on the same machine connects from loopback: what it forwards is not local.
    const proxied = await get(loopbackOnly, {
      remoteAddress: '127.0.0.1',
      headers: { 'x-forwarded-for': '203.0.113.7' },
    });
    expect(proxied.statusCode).toBe(404);
    const forwarded = await get(loopbackOnly, {
      remoteAddress: '127.0.0.1',
      headers: { forwarded: 'for=1.2.3.4' },
    });
    expect(forwarded.statusCode).toBe(404);
  });

  it('keeps the scrapes out of the info log', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    const app = await buildApp(createServices(testConfig(), world.database, logger), logger);
    try {
      expect((await get(app)).statusCode).toBe(200);
      expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
    expect(lines.some((line) => line.includes('/healthz'))).toBe(true);
    expect(lines.some((line) => line.includes('/metrics'))).toBe(false);
  });

  it('counts a draw asked of a draining server as refused, answered 503 shutting_down', async () => {
    const logger = pino({ level: 'silent' });
    const services = createServices(testConfig(), world.database, logger);
    const app = await buildApp(services, logger);
    try {
      const before = await scrape(app);
      await services.draws.gate.close();
      const refused = await app.inject({
        method: 'POST',
        url: '/api/v1/channels/draining/raffles',
        headers: asService,
        payload: { winners: 1, entrants: [{ userId: '1', login: 'ana' }] },
      });
      expect(refused.statusCode).toBe(503);
      expect(refused.json()).toMatchObject({ code: 'shutting_down' });
      // Refused before anything was written: not even the channel the entrants would have created.
      expect(await services.channels.findByLogin('draining')).toBeUndefined();
      const ready = await app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json().code).toBe('shutting_down');
      const after = await scrape(app);
      expect(grew(before, after, 'kinoyu_draws_total{trigger="command",result="refused"}')).toBe(1);
    } finally {
      await app.close();
    }
  });

  it('tells loopback addresses from the others', () => {
    expect(isLoopbackAddress('127.0.0.1')).toBe(true);
    expect(isLoopbackAddress('127.255.255.254')).toBe(true);
    expect(isLoopbackAddress('::1')).toBe(true);
    expect(isLoopbackAddress('::ffff:127.0.0.2')).toBe(true);
    expect(isLoopbackAddress('128.0.0.1')).toBe(false);
    expect(isLoopbackAddress('127.example.com')).toBe(false);
    expect(isLoopbackAddress('::2')).toBe(false);
    expect(isLoopbackAddress(undefined)).toBe(false);
  });
});

import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICE_NODE_FLAGS, START_ENTRY, START_NODE_FLAGS } from '../../src/start-command.ts';
import { openTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { freePort, PROJECT_ROOT, type RunningProcess, startKinoYu, waitForOk } from '../helpers/process.ts';
import { answerConsentPage } from '../helpers/twitch-consent.ts';

// `npm start` on a fresh machine: no credentials, the embedded database (or, in the PostgreSQL run of
// CI, a fresh PostgreSQL database), and the data kept across a restart.
describe('npm start', () => {
  let dataDir: string;
  let postgres: TestDatabase | undefined;
  let port: number;
  let running: RunningProcess | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'kinoyu-start-'));
    if (process.env.TEST_DATABASE_URL) {
      postgres = await openTestDatabase();
      await postgres.close();
    }
    port = await freePort();
  });
  afterAll(async () => {
    running?.child.kill('SIGKILL');
    await postgres?.destroy().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
  });

  const environment = () => ({
    PORT: String(port),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    ...(postgres?.url && { DATABASE_URL: postgres.url }),
  });
  const base = () => `http://127.0.0.1:${port}`;

  async function start() {
    running = startKinoYu(environment());
    await waitForOk(`${base()}/readyz`, running);
    return running;
  }

  async function stop(process: RunningProcess) {
    process.child.kill('SIGTERM');
    expect(await process.exited).toBe(0);
  }

  it('serves health, docs, prizes and draws, and keeps its data across a restart', async () => {
    const first = await start();
    if (!postgres) expect(first.output()).toContain('creating the embedded database');
    expect(first.output()).toContain('bot disabled: no DISCORD_TOKEN');
    expect(first.output()).toContain('TWITCH SANDBOX');
    // With no credentials, the Twitch login goes to the built-in sandbox's consent page, on loopback.
    const login = await fetch(`${base()}/auth/twitch/login`, { redirect: 'manual' });
    expect(login.status).toBe(302);
    const consent = new URL(login.headers.get('location') ?? '');
    expect(consent.hostname).toBe('127.0.0.1');
    expect(await (await fetch(consent)).text()).toContain('Autorizar');
    // Authorize, as the streamer would, and follow Twitch's redirect back to KinoYu.
    const back = await answerConsentPage(consent.toString());
    const connected = await fetch(`${base()}${back.pathname}${back.search}`);
    expect(await connected.text()).toContain('data-outcome="connected"');
    const { apiToken } = JSON.parse(await readFile(path.join(dataDir, 'secrets.json'), 'utf8'));
    const headers = { authorization: `Bearer ${apiToken}`, 'content-type': 'application/json' };

    expect((await fetch(`${base()}/healthz`)).status).toBe(200);
    expect((await fetch(`${base()}/docs`)).status).toBe(200);
    const added = await fetch(`${base()}/api/v1/channels/streamer/items`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ text: 'skin dourada:50, chave:5x2' }),
    });
    expect(added.status).toBe(201);
    const drawn = await fetch(`${base()}/api/v1/channels/streamer/raffles`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        winners: 1,
        entrants: [
          { userId: '1', login: 'ana' },
          { userId: '2', login: 'bia' },
        ],
      }),
    });
    expect(drawn.status).toBe(201);
    const raffle = await drawn.json();
    await stop(first);

    // The bundle keeps its page assets beside itself, stamped with its own time and size: the next start
    // reads them instead of running esbuild again, and serves them at the same addresses.
    const bundle = await stat(path.join(PROJECT_ROOT, 'dist', 'kinoyu.mjs'));
    const cache = JSON.parse(await readFile(path.join(PROJECT_ROOT, 'dist', 'web-assets.json'), 'utf8'));
    expect(cache.stamp).toBe(`${bundle.mtimeMs}:${bundle.size}`);
    const css = cache.assets.find((asset: { name: string }) => asset.name === 'web.css');

    const second = await start();
    expect(second.output()).not.toContain('creating the embedded database');
    const served = await fetch(`${base()}${css.url}`);
    expect(served.status).toBe(200);
    expect(await served.text()).toBe(Buffer.from(css.body, 'base64').toString());
    const items = await (await fetch(`${base()}/api/v1/channels/streamer/items`, { headers })).json();
    expect(items.items.map((item: { name: string }) => item.name)).toEqual(['skin dourada', 'chave']);
    const proof = await (await fetch(`${base()}/api/v1/raffles/${raffle.raffleId}/proof`)).json();
    expect(proof.seed).toBe(raffle.seed);
    // The sandbox channel connected before the restart is still connected, and its chat still answers.
    const chatters = await fetch(`${base()}/api/v1/channels/kinoyu_sandbox/chatters`, { headers });
    expect(chatters.status).toBe(200);
    expect((await chatters.json()).chatters.length).toBeGreaterThan(100);
    await stop(second);
    // Two real starts, one of them creating the embedded database: minutes on a busy 2-core machine.
  }, 180_000);

  it('is started by the tests with the node flags package.json gives npm start, start:api and start:bot', async () => {
    const { scripts } = JSON.parse(await readFile(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(scripts.start).toBe(['node', ...START_NODE_FLAGS, START_ENTRY].join(' '));
    const service = ['node', ...SERVICE_NODE_FLAGS, START_ENTRY].join(' ');
    expect(scripts['start:api']).toBe(`${service} --only=api`);
    expect(scripts['start:bot']).toBe(`${service} --only=bot`);
  });

  it('stops with a message naming a malformed variable', async () => {
    const bad = startKinoYu({ ...environment(), PORT: 'eighty' });
    expect(await bad.exited).toBe(1);
    expect(bad.output()).toMatch(/PORT/);
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RaffleView } from '../../src/contract/raffle.ts';
import { openDatabase } from '../../src/db/database.ts';
import { nodeSha256 } from '../../src/raffles/sha256-node.ts';
import { verifyProof } from '../../src/raffles/verify.ts';
import { type FakeTwitch, SANDBOX_CHANNEL, startFakeTwitch } from '../../src/sandbox/twitch/index.ts';
import { openTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { freePort, type RunningProcess, startKinoYu, waitForOk } from '../helpers/process.ts';
import { answerConsentPage } from '../helpers/twitch-consent.ts';

const API_TOKEN = 'e2e-service-token-0123456789';
const LOGIN = SANDBOX_CHANNEL.login;

// SPEC §2.6 with real API processes: a claim window that ran while the API was down (SIGKILL) starts
// again after the restart, and two API processes on one PostgreSQL handle each expiry once.
describe('claim windows across process deaths and replicas', () => {
  let fake: FakeTwitch;
  let dataDir: string;
  let postgres: TestDatabase | undefined;
  const running: RunningProcess[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'kinoyu-claims-'));
    if (process.env.TEST_DATABASE_URL) {
      postgres = await openTestDatabase();
      await postgres.close();
    }
    fake = await startFakeTwitch({ redirectUris: [] });
    fake.setChatterCount(40);
  });
  afterAll(async () => {
    for (const process of running) process.child.kill('SIGKILL');
    await fake?.close();
    await postgres?.destroy().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
  });

  async function startApi(port: number): Promise<RunningProcess> {
    const child = startKinoYu(
      {
        PORT: String(port),
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        DATA_DIR: dataDir,
        LOG_LEVEL: 'info',
        API_TOKEN,
        TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'),
        SESSION_SECRET: 'e2e-session-secret-0123456789abcdef',
        TWITCH_CLIENT_ID: fake.clientId,
        TWITCH_CLIENT_SECRET: fake.clientSecret,
        TWITCH_MOCK_URL: fake.url,
        ...(postgres?.url && { DATABASE_URL: postgres.url }),
      },
      ['--only=api'],
    );
    running.push(child);
    await waitForOk(`http://127.0.0.1:${port}/readyz`, child);
    return child;
  }

  const api = async (port: number, method: string, route: string, body?: object) => {
    const response = await fetch(`http://127.0.0.1:${port}/api/v1${route}`, {
      method,
      headers: { authorization: `Bearer ${API_TOKEN}`, ...(body && { 'content-type': 'application/json' }) },
      body: body && JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  };
  const raffle = async (port: number, id: number) =>
    (await api(port, 'GET', `/raffles/${id}`)).json as unknown as RaffleView;

  async function connect(port: number): Promise<void> {
    const login = await fetch(`http://127.0.0.1:${port}/auth/twitch/login`, { redirect: 'manual' });
    const done = await fetch(await answerConsentPage(login.headers.get('location') ?? ''));
    expect(done.status).toBe(200);
  }

  /** Waits until the fake Twitch has more than `before` chat subscriptions, the newest enabled. */
  const listening = (before: number) =>
    vi.waitFor(
      () => {
        const subscriptions = fake.eventSubSubscriptions();
        expect(subscriptions.length).toBeGreaterThan(before);
        expect(subscriptions.at(-1)?.status).toBe('enabled');
      },
      { timeout: 30_000, interval: 100 },
    );

  async function database() {
    return openDatabase(postgres?.url ? { databaseUrl: postgres.url } : { pgliteDir: `${dataDir}/pglite` });
  }

  it('starts a window again after a restart when it ran while the API was down; nothing is doubled', async () => {
    const port = await freePort();
    const first = await startApi(port);
    await connect(port);
    await api(port, 'PATCH', `/channels/${LOGIN}/settings`, {
      cooldownMinutes: 0,
      claimEnabled: true,
      claimSeconds: 8,
      claimMaxRedraws: 2,
    });
    const drawn = await api(port, 'POST', `/channels/${LOGIN}/raffles`, { winners: 1 });
    expect(drawn.status).toBe(201);
    const view = drawn.json as unknown as RaffleView;
    const holder = view.winners[0];
    const deadline = Date.parse(holder?.claim?.deadline ?? '');
    expect(holder?.claim?.state).toBe('awaiting_claim');
    first.child.kill('SIGKILL');
    await first.exited;
    // The whole window runs out while nobody listens to chat.
    await vi.waitFor(() => expect(Date.now()).toBeGreaterThan(deadline + 4000), {
      timeout: 20_000,
      interval: 200,
    });

    const restartedAt = Date.now();
    const subscriptionsBefore = fake.eventSubSubscriptions().length;
    const second = await startApi(port);
    await vi.waitFor(
      async () => {
        const after = await raffle(port, view.raffleId);
        expect(after.winners[0]?.userId).toBe(holder?.userId);
        expect(Date.parse(after.winners[0]?.claim?.deadline ?? '')).toBeGreaterThan(restartedAt);
      },
      { timeout: 15_000, interval: 200 },
    );
    expect((await raffle(port, view.raffleId)).replaced).toEqual([]);
    // The holder claims in the new window.
    await listening(subscriptionsBefore);
    fake.pushChatMessage({ chatter: holder?.userId ?? '', text: '!claim' });
    await vi.waitFor(
      async () => expect((await raffle(port, view.raffleId)).winners[0]?.claim?.state).toBe('claimed'),
      {
        timeout: 15_000,
        interval: 200,
      },
    );
    const proof = await api(port, 'GET', `/raffles/${view.raffleId}/proof`);
    expect((await verifyProof(proof.json, nodeSha256)).ok).toBe(true);
    second.child.kill('SIGTERM');
    await second.exited;
    const db = await database();
    try {
      const rows = await db.db
        .selectFrom('raffle_winners')
        .select('user_id')
        .where('raffle_id', '=', view.raffleId)
        .execute();
      expect(rows).toHaveLength(1);
    } finally {
      await db.close();
    }
  }, 180_000);

  it.runIf(process.env.TEST_DATABASE_URL)(
    'handles each expiry once with two API processes on one PostgreSQL',
    async () => {
      const [portA, portB] = [await freePort(), await freePort()];
      const replicas = [await startApi(portA), await startApi(portB)];
      await api(portA, 'PATCH', `/channels/${LOGIN}/settings`, {
        cooldownMinutes: 0,
        claimEnabled: true,
        claimSeconds: 5,
        claimMaxRedraws: 1,
      });
      await api(portA, 'DELETE', `/channels/${LOGIN}/items`);
      expect(
        (await api(portA, 'POST', `/channels/${LOGIN}/items`, { name: 'chave', weight: 1, quantity: 20 }))
          .status,
      ).toBe(201);
      const sentBefore = fake.sentChatMessages.length;
      const raffles: number[] = [];
      for (const port of [portA, portB, portA]) {
        const drawn = await api(port, 'POST', `/channels/${LOGIN}/raffles`, { winners: 3 });
        expect(drawn.status).toBe(201);
        raffles.push(Number(drawn.json.raffleId));
      }
      // Nobody claims: every slot is redrawn once, then forfeited.
      await vi.waitFor(
        async () => {
          for (const id of raffles) {
            const view = await raffle(portB, id);
            expect(view.winners.map((winner) => winner.claim?.state)).toEqual([
              'forfeited',
              'forfeited',
              'forfeited',
            ]);
          }
        },
        { timeout: 60_000, interval: 500 },
      );
      for (const id of raffles) {
        const view = await raffle(portA, id);
        expect(view.replaced.map((holder) => `${holder.position}:${holder.reason}`).sort()).toEqual([
          '1:unclaimed',
          '2:unclaimed',
          '3:unclaimed',
        ]);
        const proof = await api(portA, 'GET', `/raffles/${id}/proof`);
        expect((await verifyProof(proof.json, nodeSha256)).ok).toBe(true);
      }
      // Every unit came back; each redraw and forfeit was announced in chat once.
      const items = (await api(portB, 'GET', `/channels/${LOGIN}/items`)).json as unknown as {
        items: { quantity: number | null }[];
      };
      expect(items.items[0]?.quantity).toBe(20);
      const lines = fake.sentChatMessages.slice(sentBefore).map((message) => message.text);
      expect(lines.filter((line) => line.includes('novo sorteio da vaga'))).toHaveLength(9);
      expect(lines.filter((line) => line.includes('voltou ao estoque'))).toHaveLength(9);
      for (const replica of replicas) {
        replica.child.kill('SIGTERM');
        await replica.exited;
      }
    },
    180_000,
  );
});

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RaffleView } from '../../src/contract/raffle.ts';
import { nodeSha256 } from '../../src/raffles/sha256-node.ts';
import { verifyProof } from '../../src/raffles/verify.ts';
import { type FakeTwitch, SANDBOX_CHANNEL } from '../../src/sandbox/twitch/index.ts';
import { ApiProcesses } from '../helpers/api-processes.ts';
import { freePort } from '../helpers/process.ts';

const LOGIN = SANDBOX_CHANNEL.login;

// SPEC §2.6 with real API processes: a claim window that ran while the API was down (SIGKILL) starts
// again after the restart, and two API processes on one PostgreSQL handle each expiry once.
describe('claim windows across process deaths and replicas', () => {
  let processes: ApiProcesses;
  let fake: FakeTwitch;

  beforeAll(async () => {
    processes = await ApiProcesses.create('kinoyu-claims-');
    fake = processes.fake;
  });
  afterAll(() => processes?.close());

  const startApi = (port: number) => processes.start(port);
  const api = (port: number, method: string, route: string, body?: object) =>
    processes.api(port, method, route, body);
  const connect = (port: number) => processes.connect(port);
  const raffle = async (port: number, id: number) =>
    (await api(port, 'GET', `/raffles/${id}`)).json as unknown as RaffleView;

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
    expect((await verifyProof(proof.json, nodeSha256, { trustedChains: [processes.beaconChain()] })).ok).toBe(
      true,
    );
    second.child.kill('SIGTERM');
    await second.exited;
    const db = await processes.database();
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
        expect(
          (await verifyProof(proof.json, nodeSha256, { trustedChains: [processes.beaconChain()] })).ok,
        ).toBe(true);
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

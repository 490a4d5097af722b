import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_CHANNEL } from '../../src/sandbox/twitch/index.ts';
import { openEventStream } from '../events/sse-client.ts';
import { ApiProcesses, E2E_API_TOKEN } from '../helpers/api-processes.ts';
import { freePort } from '../helpers/process.ts';

const LOGIN = SANDBOX_CHANNEL.login;

/** Polls `check` every 50 ms until it holds, or fails after `timeoutMs` saying `what`. */
async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// SPEC §5 "SIGTERM drains: no new draws, in-flight draws finish, session leases released, streams
// closed, exit 0 within 10 s", with a real API process (`--only=api`) and a slow fake Twitch.
describe('SIGTERM', () => {
  let processes: ApiProcesses;

  beforeAll(async () => {
    processes = await ApiProcesses.create('kinoyu-drain-');
  });
  afterAll(() => processes?.close());

  it('finishes the draw in flight, refuses new ones, releases a claimed tick and exits 0 within 10 s', async () => {
    const { fake } = processes;
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const api = (method: string, route: string, body?: object) => processes.api(port, method, route, body);
    const first = await processes.start(port);
    await processes.connect(port);
    expect(
      (await api('PATCH', `/channels/${LOGIN}/settings`, { cooldownMinutes: 0, stopWhenOffline: true }))
        .status,
    ).toBe(200);
    expect((await api('POST', `/channels/${LOGIN}/items`, { text: 'chave:1x*' })).status).toBe(201);
    const stream = await openEventStream(`${base}/api/v1/events`, {
      authorization: `Bearer ${E2E_API_TOKEN}`,
    });
    expect(stream.status).toBe(200);

    // Twitch turns slow: a session tick's live check and a draw's chatter list each take 3 s.
    fake.setLive(true);
    fake.setDelay(3000, '/mock/streams');
    fake.setDelay(3000, '/mock/chat/chatters');
    const started = await api('POST', `/channels/${LOGIN}/session`, { intervalSeconds: 1 });
    expect(started.status).toBe(201);
    const sessionId = Number(started.json.sessionId);
    // The scheduler has claimed the first tick once its live check reaches Twitch: claimed, not started.
    await until('the live check of the first tick', () => fake.requestCount('/mock/streams') > 0);
    // The session's roster is read in the background too (warm rosters): wait for that reading first,
    // so that the next chatter request is the one-off draw's.
    await until('the warm roster reading', () => fake.requestCount('/mock/chat/chatters') > 0);
    const readings = fake.requestCount('/mock/chat/chatters');
    const inFlight = api('POST', `/channels/${LOGIN}/raffles`, { winners: 1 });
    await until(
      'the chatter list of the one-off draw',
      () => fake.requestCount('/mock/chat/chatters') > readings,
    );

    const signalledAt = Date.now();
    first.child.kill('SIGTERM');
    await until('/readyz saying it is shutting down', async () => {
      const ready = await fetch(`${base}/readyz`);
      return ready.status === 503 && ((await ready.json()) as { code: string }).code === 'shutting_down';
    });
    const refused = await api('POST', `/channels/${LOGIN}/raffles`, { winners: 1 });
    expect(refused.status).toBe(503);
    expect(refused.json.code).toBe('shutting_down');

    const drawn = await inFlight;
    expect(drawn.status).toBe(201);
    expect(drawn.json.winners).toHaveLength(1);
    expect(await first.exited).toBe(0);
    const stopMs = Date.now() - signalledAt;
    expect(stopMs).toBeLessThan(10_000);
    expect(first.output()).toContain('draws in flight are done');

    // Announced before the stream closed; and the stream was closed by the server.
    await stream.ended;
    const announced = stream.frames
      .filter((frame) => frame.event === 'raffle.drawn')
      .map((frame) => (JSON.parse(frame.data ?? '{}') as { raffleId: number }).raffleId);
    expect(announced).toEqual([drawn.json.raffleId]);
    // …and in Twitch chat, a line sent in the background that the drain waited for.
    const chatLines = fake.chatMessages.filter((line) => line.via === 'helix').map((line) => line.text);
    expect(chatLines.some((line) => line.includes(`#${drawn.json.raffleId}`))).toBe(true);

    const database = await processes.database();
    try {
      const raffles = await database.db
        .selectFrom('raffles')
        .select(['id', 'status', 'session_id', 'session_tick', 'draw_attempt_at'])
        .orderBy('id')
        .execute();
      // Nothing half-done: the one-off draw drawn; the claimed tick pending with its lease given up.
      expect(raffles.filter((raffle) => raffle.session_id === null).map((raffle) => raffle.status)).toEqual([
        'drawn',
      ]);
      const ticks = raffles.filter((raffle) => raffle.session_id === sessionId);
      expect(ticks).toHaveLength(1);
      expect(ticks[0]).toMatchObject({ status: 'pending', session_tick: 1 });
      expect(new Date(ticks[0]?.draw_attempt_at ?? Date.now()).getTime()).toBe(0);
    } finally {
      await database.close();
    }

    // The next process takes the released tick over on its first pass, not after the 20 s lease.
    fake.clearFaults();
    const second = await processes.start(port);
    await until(
      'the released tick drawn by the next process',
      async () => Number((await api('GET', `/channels/${LOGIN}/session`)).json.drawsDone) >= 1,
      3000,
    );
    await api('DELETE', `/channels/${LOGIN}/session`);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    const after = await processes.database();
    try {
      const tick = await after.db
        .selectFrom('raffles')
        .select(['status'])
        .where('session_id', '=', sessionId)
        .where('session_tick', '=', 1)
        .executeTakeFirstOrThrow();
      expect(tick.status).toBe('drawn');
    } finally {
      await after.close();
    }
  }, 120_000);
});

// SPEC §8 for public randomness (§4.1): what a draw anchored to a drand round costs.
// - One-off draws: `drawNow` with `publicRandomness` on and off, alternated, on one channel of 1,000
//   chatters; the extra latency (median and p95 of on minus the median of off) against the bound of one
//   beacon period + 1.5 s. Measured with a local beacon of period 1 s (the sandbox's) and of 3 s
//   (quicknet's period; the relay on loopback, so a public relay's network time is not in it).
// - Session ticks: lateness (drawn_at − due_at) with a beacon of period 3 s, on and off, 5-second
//   sessions: §8 says a tick is not later with a beacon (its round is chosen ahead).
// Run alone with `npm run bench:beacon`.
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { DrandRelays } from '../src/drand/relay-client.ts';
import { startLocalBeacon } from '../src/sandbox/drand/index.ts';
import { SANDBOX_CHANNEL } from '../src/sandbox/twitch/index.ts';
import { type BenchApi, startBenchApi } from './bench-api.ts';
import { formatMs } from './format.ts';
import { percentile } from './statistics.ts';

const median = (values: readonly number[]) => percentile(values, 50);

const CHATTERS = 1000;
const SMOKE = process.env.BENCH_SCALE === 'smoke';
const DRAWS_EACH = SMOKE ? 3 : 15;
const SESSION_TICKS = SMOKE ? 2 : 8;
const SESSION_INTERVAL_S = 5;

interface DrawFigures {
  readonly period: number;
  readonly off: number[];
  readonly on: number[];
}

async function withBeaconApi<T>(
  databaseUrl: string | undefined,
  period: number,
  work: (api: BenchApi, channelId: number) => Promise<T>,
): Promise<T> {
  const beacon = await startLocalBeacon({ period });
  const relays = new DrandRelays({ urls: [beacon.url], chainHash: beacon.chainHash });
  const api = await startBenchApi(databaseUrl, { beacon: relays });
  try {
    const { services, twitch } = api;
    const channel = await services.channels.connect(
      SANDBOX_CHANNEL.id ?? '',
      SANDBOX_CHANNEL.login,
      SANDBOX_CHANNEL.login,
    );
    await services.tokenStore.save(channel.id, twitch.issueUserToken());
    twitch.setChatterCount(CHATTERS, { includeBots: false });
    twitch.setLive(true);
    await services.settings.update(channel.id, { cooldownMinutes: 0 });
    // PostgreSQL keeps the database from one measurement to the next.
    await api.database.db.deleteFrom('items').where('channel_id', '=', channel.id).execute();
    await services.items.add(channel.id, [{ name: 'skin', weight: 1, quantity: null }]);
    await relays.chain();
    return await work(api, channel.id);
  } finally {
    await api.services.scheduler.stop();
    await api.database.close();
    await api.twitch.close();
    await beacon.close();
  }
}

async function measureDraws(databaseUrl: string | undefined, period: number): Promise<DrawFigures> {
  return withBeaconApi(databaseUrl, period, async ({ services }, channelId) => {
    const channel = await services.channels.findById(channelId);
    if (!channel) throw new Error('no channel');
    const figures = { period, off: [] as number[], on: [] as number[] };
    for (let index = 0; index < DRAWS_EACH * 2 + 2; index++) {
      const on = index % 2 === 0;
      await services.settings.update(channelId, { publicRandomness: on });
      const started = performance.now();
      const outcome = await services.draws.drawNow({
        login: channel.login,
        channel,
        winners: 1,
        context: { trigger: 'command', requestedByGuild: null },
      });
      const elapsed = performance.now() - started;
      if (outcome.kind !== 'drawn') throw new Error(`no draw: ${outcome.kind}`);
      if (on !== (outcome.result.beacon !== null)) throw new Error('the draw did not follow the setting');
      if (index >= 2) (on ? figures.on : figures.off).push(elapsed);
      // Start each draw at a random point of the beacon's period, as a moderator's command would.
      await sleep(Math.random() * period * 1000);
    }
    return figures;
  });
}

/** Tick lateness in ms with and without a beacon of `period`, from the raffles' due_at and drawn_at. */
async function measureTicks(databaseUrl: string | undefined, period: number) {
  return withBeaconApi(databaseUrl, period, async ({ services, database }, channelId) => {
    const channel = await services.channels.findById(channelId);
    if (!channel) throw new Error('no channel');
    const lateness: Record<'on' | 'off', number[]> = { on: [], off: [] };
    services.scheduler.start();
    for (const mode of ['off', 'on'] as const) {
      await services.settings.update(channelId, { publicRandomness: mode === 'on' });
      const started = await services.sessions.start(channel, { intervalSeconds: SESSION_INTERVAL_S });
      const sessionId = started.sessionId ?? 0;
      const deadline = Date.now() + (SESSION_TICKS + 3) * SESSION_INTERVAL_S * 1000 + 10_000;
      let rows: { late: number }[] = [];
      while (rows.length < SESSION_TICKS && Date.now() < deadline) {
        await sleep(500);
        ({ rows } = await sql<{ late: number }>`
          select extract(epoch from drawn_at - due_at) * 1000 as late from raffles
           where session_id = ${sessionId} and status = 'drawn' order by session_tick`.execute(database.db));
      }
      await services.sessions.stopByUser(channel);
      lateness[mode] = rows.slice(0, SESSION_TICKS).map((row) => Number(row.late));
    }
    return lateness;
  });
}

const ms = (value: number) => `${formatMs(value)} ms`;

/** Measures and returns the Markdown section for bench/RESULTS.md. */
export async function measureBeaconDraws(databaseUrl?: string): Promise<string> {
  const lines = [
    '## Public randomness (drand)',
    '',
    `${databaseUrl ? 'PostgreSQL' : 'PGlite'}; the real API services; a local drand beacon on loopback; ${CHATTERS} chatters from the fake Twitch. One-off draws alternate \`publicRandomness\` on and off (${DRAWS_EACH} each), started at random points of the period. §8: a draw waits at most one period + 1.5 s longer with it; a session tick is not later.`,
    '',
    '| beacon period | draw without (median) | with (median / p95) | extra (median / p95) | bound | |',
    '|---|---|---|---|---|---|',
  ];
  for (const period of SMOKE ? [1] : [1, 3]) {
    console.log(`beacon draws, period ${period} s`);
    const figures = await measureDraws(databaseUrl, period);
    const base = median(figures.off);
    const extra50 = median(figures.on) - base;
    const extra95 = percentile(figures.on, 95) - base;
    const bound = period * 1000 + 1500;
    lines.push(
      `| ${period} s | ${ms(base)} | ${ms(median(figures.on))} / ${ms(percentile(figures.on, 95))} | ${ms(extra50)} / ${ms(extra95)} | ≤ ${ms(bound)} | ${extra95 <= bound ? '✅' : '❌ missed'} |`,
    );
  }
  const tickPeriod = SMOKE ? 1 : 3;
  console.log(`session ticks, beacon period ${tickPeriod} s`);
  const ticks = await measureTicks(databaseUrl, tickPeriod);
  lines.push(
    '',
    `Session ticks (${SESSION_INTERVAL_S}-second session, beacon period ${tickPeriod} s, ${SESSION_TICKS} ticks each; lateness = drawn_at − due_at):`,
    '',
    '| publicRandomness | lateness median | p95 | max |',
    '|---|---|---|---|',
  );
  for (const mode of ['off', 'on'] as const) {
    const values = ticks[mode];
    lines.push(
      values.length === 0
        ? `| ${mode} | no tick drawn | | |`
        : `| ${mode} | ${ms(median(values))} | ${ms(percentile(values, 95))} | ${ms(Math.max(...values))} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const section = await measureBeaconDraws(process.env.BENCH_DATABASE_URL);
  console.log(section);
  process.exit(0);
}

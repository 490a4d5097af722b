// SPEC §5 and §8, many channels: real API processes (`node scripts/launch.mjs --only=api`, what
// `npm run start:api` runs) on one PostgreSQL and one Redis, a fake Twitch serving many broadcasters,
// every channel connected through the OAuth flow and running an automatic session. Reports ticks
// expected / fired / doubled / lost, every `raffle.drawn` seen exactly once on each replica's event
// stream, tick lateness (draw committed minus the tick's due time) p50 / p95 / max, and CPU and memory
// per replica — steady (sessions started over one interval) and all started at once, and a run where
// one replica is SIGKILLed half-way (the others take its draws over within the lease).
// Run alone with `npm run bench:scale` (BENCH_SCALE=smoke for a short run, or a list such as
// "200,400s,1000,200b,200k": s steady (default), b all at once, k kill one replica).
import { type ChildProcess, spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { ChannelRepository } from '../src/channels/channel-repository.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrator.ts';
import { startLocalBeacon } from '../src/sandbox/drand/index.ts';
import { type FakeTwitch, startFakeTwitch } from '../src/sandbox/twitch/index.ts';
import { TokenCipher } from '../src/security/token-cipher.ts';
import { SERVICE_NODE_FLAGS, START_ENTRY } from '../src/start-command.ts';
import { TwitchTokenStore } from '../src/twitch/token-store.ts';
import { freePort } from '../test/helpers/process.ts';
import { formatMs } from './format.ts';
import { benchServerUrl } from './postgres-server.ts';
import { percentile } from './statistics.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const API_TOKEN = 'bench-scale-service-token-0123456789';
const REPLICAS = 3;
const INTERVAL_SECONDS = 5;
const CHATTERS = 50;
const LATENESS_TARGET_MS = 1000;
const SCALE_DATABASE = 'kinoyu_scale';
const CONNECT_CONCURRENCY = 8;
// Each replica's DATABASE_POOL_SIZE: 9 connections in all on this 2-core PostgreSQL.
const REPLICA_POOL_SIZE = 3;
// Stop requests the harness sends at once at the end of a scenario.
const STOP_CONCURRENCY = 32;
const TOKEN_KEY = Buffer.alloc(32, 5);
// The scheduler takes over a draw left pending by a dead process after this lease (session-scheduler.ts).
const LEASE_SECONDS = 20;

export interface ScaleScenario {
  readonly channels: number;
  /** `steady`: sessions started spread over one interval; `burst`: all at once. */
  readonly start: 'steady' | 'burst';
  /** SIGKILL one replica half-way. */
  readonly kill: boolean;
  readonly durationMs: number;
}

interface Figures {
  readonly scenario: ScaleScenario;
  readonly expected: number;
  readonly fired: number;
  readonly doubled: number;
  readonly lost: number;
  /** Due less than the lateness target before their session stopped, not drawn: the stop came first. */
  readonly cutByStop: number;
  /** Ticks due after their session stopped, drawn because their round was published before it. */
  readonly afterStop: number;
  readonly announcedOnce: number;
  readonly missedOnStream: number;
  readonly twiceOnStream: number;
  readonly lateness: readonly number[];
  /** Lateness of the ticks due before the first stop request: the sessions running, nothing else asked. */
  readonly latenessBeforeStops: readonly number[];
  readonly replicas: readonly { cpuPercent: number; rssMb: number; killed: boolean }[];
  readonly host: HostUsage;
}

export function scaleScenarios(setting = process.env.BENCH_SCALE): ScaleScenario[] {
  const minutes = Number(process.env.BENCH_SCALE_SECONDS ?? 120) * 1000;
  if (setting === 'smoke') return [{ channels: 10, start: 'steady', kill: false, durationMs: 15_000 }];
  const list = setting?.trim() || '200,400,1000,200b,400b,200k';
  return list.split(',').map((part) => {
    const match = /^(\d+)([sbk]?)$/.exec(part.trim());
    if (!match) throw new Error(`BENCH_SCALE: "${part}" is not a channel count followed by s, b or k`);
    const flag = match[2] || 's';
    return {
      channels: Number(match[1]),
      start: flag === 'b' ? 'burst' : 'steady',
      kill: flag === 'k',
      durationMs: minutes,
    };
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `work` over `items` with at most `limit` at a time. */
async function inBatches<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        await work(items[index] as T, index);
      }
    }),
  );
}

/** User and system CPU time (ms) in a /proc/<pid>/stat line: fields 14 and 15, in clock ticks of 10 ms on Linux. */
function cpuMsOfStat(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** The machine's CPU time so far (ms, all cores): busy (user, nice, system, irq) and steal, from /proc/stat. */
async function machineUsage(): Promise<{ busyMs: number; stealMs: number }> {
  const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0] ?? '';
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  const busy = (user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0);
  return { busyMs: busy * 10, stealMs: (steal ?? 0) * 10 };
}

/** CPU time so far (ms) of every process named `name` (e.g. all of PostgreSQL's back-ends). */
async function usageByName(name: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (comm.startsWith(name)) total += cpuMsOfStat(stat);
    } catch {
      // The process ended meanwhile.
    }
  }
  return total;
}

/** Where the machine's CPU went over a run (share of one core, %), to tell a saturated host from a slow program. */
interface HostUsage {
  readonly busyPercent: number;
  readonly stealPercent: number;
  readonly postgresPercent: number;
  readonly redisPercent: number;
  readonly harnessPercent: number;
}

async function hostSample() {
  const [machine, postgres, redis] = await Promise.all([
    machineUsage(),
    usageByName('postgres'),
    usageByName('redis-server'),
  ]);
  const own = process.cpuUsage();
  return { machine, postgres, redis, harnessMs: (own.user + own.system) / 1000 };
}

function hostUsage(
  before: Awaited<ReturnType<typeof hostSample>>,
  after: typeof before,
  elapsedMs: number,
): HostUsage {
  const share = (ms: number) => (ms / elapsedMs) * 100;
  return {
    busyPercent: share(after.machine.busyMs - before.machine.busyMs),
    stealPercent: share(after.machine.stealMs - before.machine.stealMs),
    postgresPercent: share(after.postgres - before.postgres),
    redisPercent: share(after.redis - before.redis),
    harnessPercent: share(after.harnessMs - before.harnessMs),
  };
}

/** User and system CPU time of a process so far (ms), and its resident memory (MB), from /proc. */
async function processUsage(pid: number): Promise<{ cpuMs: number; rssMb: number } | undefined> {
  try {
    const cpuMs = cpuMsOfStat(await readFile(`/proc/${pid}/stat`, 'utf8'));
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return { cpuMs, rssMb: rssKb / 1024 };
  } catch {
    return undefined;
  }
}

class Replica {
  readonly port: number;
  readonly child: ChildProcess;
  output = '';
  killed = false;
  /** raffle id → how many times this replica's event stream carried its `raffle.drawn`. */
  readonly drawnSeen = new Map<number, number>();
  /** From its log (warn lines): session draws it took over, and draws it announced for a dead replica. */
  readonly recovered = { takenOver: 0, announcedForDead: 0 };
  #partialLine = '';
  #stream: AbortController | undefined;

  constructor(port: number, env: Record<string, string>) {
    this.port = port;
    // BENCH_SCALE_NODE_ARGS: extra node flags for the replicas only (e.g. --cpu-prof to see where their time goes).
    const nodeArgs = process.env.BENCH_SCALE_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
    this.child = spawn(process.execPath, [...SERVICE_NODE_FLAGS, ...nodeArgs, START_ENTRY, '--only=api'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        ...env,
        PORT: String(port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk).slice(-20_000);
      const lines = (this.#partialLine + chunk).split('\n');
      this.#partialLine = lines.pop() ?? '';
      for (const line of lines) {
        if (line.includes('taking over a session draw')) this.recovered.takenOver += 1;
        if (line.includes('announced a draw whose process died')) this.recovered.announcedForDead += 1;
      }
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async ready(): Promise<void> {
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`replica exited:\n${this.output}`);
      try {
        if ((await fetch(`${this.url}/readyz`)).ok) return;
      } catch {
        // Not listening yet.
      }
      await sleep(200);
    }
    throw new Error(`replica on ${this.port} not ready:\n${this.output}`);
  }

  async api(method: string, route: string, body?: object): Promise<{ status: number; json: unknown }> {
    const response = await fetch(`${this.url}/api/v1${route}`, {
      method,
      headers: { authorization: `Bearer ${API_TOKEN}`, ...(body && { 'content-type': 'application/json' }) },
      body: body && JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, json: text ? JSON.parse(text) : null };
  }

  /** Listens to every channel's events (what the bot does) and counts each session draw. */
  async listen(): Promise<void> {
    this.#stream = new AbortController();
    const response = await fetch(`${this.url}/api/v1/events`, {
      headers: { authorization: `Bearer ${API_TOKEN}`, accept: 'text/event-stream' },
      signal: this.#stream.signal,
    });
    if (!response.ok || !response.body) throw new Error(`event stream answered ${response.status}`);
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    void (async () => {
      let buffer = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buffer += value;
          let end = buffer.indexOf('\n\n');
          while (end >= 0) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            end = buffer.indexOf('\n\n');
            if (!/^event: raffle\.drawn$/m.test(frame)) continue;
            const data = /^data: (.*)$/m.exec(frame)?.[1];
            if (!data) continue;
            const event = JSON.parse(data) as { trigger: string; raffle: { raffleId: number } };
            if (event.trigger !== 'session') continue;
            const id = event.raffle.raffleId;
            this.drawnSeen.set(id, (this.drawnSeen.get(id) ?? 0) + 1);
          }
        }
      } catch {
        // Closed by stop(), or the replica was killed.
      }
    })();
  }

  stopListening(): void {
    this.#stream?.abort();
  }

  kill(): void {
    this.killed = true;
    this.child.kill('SIGKILL');
  }
}

/**
 * Migrates the fresh database and connects every channel as the OAuth callback would (the channel row
 * and its encrypted token, issued by the fake Twitch for that broadcaster), with the app's own
 * repositories. The login route itself is rate-limited to 30 a minute per address (SPEC §9), which
 * would make connecting a thousand channels from one address take half an hour.
 */
async function connectChannels(databaseUrl: string, twitch: FakeTwitch): Promise<void> {
  const database = await openDatabase({ databaseUrl });
  try {
    await migrate(database);
    const channels = new ChannelRepository(database.db);
    const tokens = new TwitchTokenStore(database.db, new TokenCipher(TOKEN_KEY));
    await inBatches(twitch.world.channels, CONNECT_CONCURRENCY, async (channel) => {
      const { id, login, displayName } = channel.broadcaster;
      const connected = await channels.connect(id, login, displayName);
      await tokens.save(connected.id, twitch.issueUserToken({ userId: id }));
    });
  } finally {
    await database.close();
  }
}

async function freshDatabase(serverUrl: string): Promise<string> {
  const admin = new URL(serverUrl);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`drop database if exists ${SCALE_DATABASE} with (force)`);
    await client.query(`create database ${SCALE_DATABASE}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${SCALE_DATABASE}`;
  return url.toString();
}

async function dropDatabase(serverUrl: string): Promise<void> {
  const admin = new URL(serverUrl);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`drop database if exists ${SCALE_DATABASE} with (force)`).finally(() => client.end());
}

/** One scenario from a fresh database to the figures. */
async function runScenario(scenario: ScaleScenario, serverUrl: string, redisUrl: string): Promise<Figures> {
  const log = (line: string) => console.log(`[scale ${describe(scenario)}] ${line}`);
  const databaseUrl = await freshDatabase(serverUrl);
  const logins = Array.from(
    { length: scenario.channels },
    (_, index) => `scale_${String(index).padStart(4, '0')}`,
  );
  const twitch: FakeTwitch = await startFakeTwitch({
    channels: logins.map((login) => ({ login, chatters: CHATTERS })),
    onError: () => {},
  });
  // Draws with public randomness, the channels' default (SPEC §4.1): the replicas read rounds from a
  // local beacon of period 1 s (the sandbox's) instead of drand's public relays.
  const beacon = await startLocalBeacon();
  const replicas: Replica[] = [];
  const db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  try {
    const ports = await Promise.all(Array.from({ length: REPLICAS }, () => freePort()));
    const env = {
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      API_TOKEN,
      TOKEN_ENCRYPTION_KEY: TOKEN_KEY.toString('base64'),
      SESSION_SECRET: 'bench-scale-session-secret-0123456789',
      TWITCH_CLIENT_ID: twitch.clientId,
      TWITCH_CLIENT_SECRET: twitch.clientSecret,
      TWITCH_MOCK_URL: twitch.url,
      DRAND_URLS: beacon.url,
      DRAND_CHAIN_HASH: beacon.chainHash,
      LOG_LEVEL: process.env.BENCH_SCALE_LOG_LEVEL ?? 'warn',
      NODE_ENV: 'development',
      // docs/production.md: all replicas together about 2–4 connections per PostgreSQL core. The default
      // of 10 each (30 back-ends on this 2-core host) cost PostgreSQL about 20 % more CPU per tick.
      DATABASE_POOL_SIZE: String(REPLICA_POOL_SIZE),
    };
    log(`connecting ${scenario.channels} channels`);
    await connectChannels(databaseUrl, twitch);
    await Promise.all(
      ports.map(async (port) => {
        const replica = new Replica(port, { ...env, PUBLIC_URL: `http://127.0.0.1:${port}` });
        replicas.push(replica);
        await replica.ready();
      }),
    );
    log(`${REPLICAS} replicas ready; a prize and no cooldown on every channel`);
    const broadcasters = twitch.world.channels.map((channel) => channel.broadcaster);
    await inBatches(broadcasters, CONNECT_CONCURRENCY, async (broadcaster, index) => {
      const replica = replicas[index % REPLICAS] as Replica;
      const items = await replica.api('POST', `/channels/${broadcaster.login}/items`, {
        name: 'skin',
        weight: 1,
        quantity: null,
      });
      if (items.status !== 201) throw new Error(`prize for ${broadcaster.login}: ${items.status}`);
      const settings = await replica.api('PATCH', `/channels/${broadcaster.login}/settings`, {
        cooldownMinutes: 0,
      });
      if (settings.status !== 200) throw new Error(`settings of ${broadcaster.login}: ${settings.status}`);
    });
    for (const replica of replicas) await replica.listen();
    await sleep(500);

    log(`starting ${scenario.channels} sessions of ${INTERVAL_SECONDS} s (${scenario.start})`);
    const usageBefore = await Promise.all(replicas.map((replica) => processUsage(replica.child.pid ?? 0)));
    const hostBefore = await hostSample();
    const startedAt = Date.now();
    const spread = scenario.start === 'steady' ? (INTERVAL_SECONDS * 1000) / scenario.channels : 0;
    await inBatches(logins, scenario.start === 'steady' ? 1 : 64, async (login, index) => {
      if (spread > 0) await sleep(Math.max(0, startedAt + index * spread - Date.now()));
      const replica = replicas[index % REPLICAS] as Replica;
      const started = await replica.api('POST', `/channels/${login}/session`, {
        intervalSeconds: INTERVAL_SECONDS,
      });
      if (started.status !== 201 && started.status !== 200)
        throw new Error(`session of ${login}: ${started.status}`);
    });
    let rssPeak = replicas.map(() => 0);
    const sampler = setInterval(async () => {
      const usage = await Promise.all(replicas.map((replica) => processUsage(replica.child.pid ?? 0)));
      rssPeak = rssPeak.map((peak, index) => Math.max(peak, usage[index]?.rssMb ?? 0));
    }, 2000);
    if (scenario.kill) {
      await sleep(scenario.durationMs / 2);
      log('SIGKILL replica 3');
      (replicas[2] as Replica).kill();
      await sleep(scenario.durationMs / 2);
    } else {
      await sleep(scenario.durationMs);
    }
    const usageAfter = await Promise.all(replicas.map((replica) => processUsage(replica.child.pid ?? 0)));
    const elapsedMs = Date.now() - startedAt;
    const host = hostUsage(hostBefore, await hostSample(), elapsedMs);
    clearInterval(sampler);

    log('stopping the sessions');
    const alive = replicas.filter((replica) => !replica.killed);
    const stopsAt = Date.now();
    const stopMs: number[] = [];
    await inBatches(logins, STOP_CONCURRENCY, async (login, index) => {
      const sent = Date.now();
      await (alive[index % alive.length] as Replica).api('DELETE', `/channels/${login}/session`);
      stopMs.push(Date.now() - sent);
    });
    log(
      `stopped in ${formatMs(Date.now() - stopsAt)} ms (a DELETE p50 ${formatMs(percentile(stopMs, 50))} / p95 ${formatMs(percentile(stopMs, 95))} ms)`,
    );
    // Draws in flight (and, after a kill, those taken over after the lease) finish and are announced.
    const settleUntil = Date.now() + (scenario.kill ? (LEASE_SECONDS + 10) * 1000 : 10_000);
    while (Date.now() < settleUntil) {
      const { rows } = await db.query(
        `select count(*)::int as pending from raffles where session_id is not null and status = 'pending'`,
      );
      if (rows[0].pending === 0) break;
      await sleep(500);
    }
    await sleep(1500);
    for (const replica of replicas) replica.stopListening();
    if (scenario.kill) {
      const sum = (key: keyof Replica['recovered']) =>
        alive.reduce((total, { recovered }) => total + recovered[key], 0);
      log(
        `the surviving replicas took over ${sum('takenOver')} session draws and announced ${sum('announcedForDead')} that the killed one had drawn`,
      );
    }

    const { rows: sessions } = await db.query<{
      id: string;
      started_at: Date;
      stopped_at: Date | null;
      interval_seconds: number;
      ticks: number[];
    }>(
      `select s.id, s.started_at, s.stopped_at, s.interval_seconds,
              coalesce(array_agg(r.session_tick) filter (where r.status = 'drawn'), '{}') as ticks
         from raffle_sessions s left join raffles r on r.session_id = s.id
        group by s.id`,
    );
    // A session fires its first tick an interval after it starts, then every interval until stopped.
    // A tick that came due less than the lateness target before its session was stopped, and was not
    // drawn yet, is cut by the stop (a stopped session draws nothing more): not lost.
    // A tick made ready ahead of its due time and anchored to its drand round before the stop is still
    // drawn (its round was published): counted apart, "after the stop", not as fired or doubled.
    let expected = 0;
    let cutByStop = 0;
    let fired = 0;
    let afterStop = 0;
    for (const session of sessions) {
      const intervalMs = session.interval_seconds * 1000;
      const stoppedAt = (session.stopped_at ?? new Date()).getTime();
      const due = Math.floor((stoppedAt - session.started_at.getTime()) / intervalMs);
      expected += due;
      const drawnTicks = new Set(session.ticks.map(Number));
      for (const tick of drawnTicks) {
        if (tick <= due) fired += 1;
        else afterStop += 1;
      }
      for (let tick = 1; tick <= due; tick += 1) {
        const dueAt = session.started_at.getTime() + tick * intervalMs;
        if (!drawnTicks.has(tick) && stoppedAt - dueAt < LATENESS_TARGET_MS) cutByStop += 1;
      }
    }
    const { rows: ticks } = await db.query<{ raffles: number; drawn: number }>(
      `select count(*)::int as raffles, count(*) filter (where status = 'drawn')::int as drawn
         from raffles where session_id is not null group by session_id, session_tick`,
    );
    const doubled = ticks.filter((tick) => tick.raffles > 1 || tick.drawn > 1).length;
    const { rows: drawn } = await db.query<{ id: string; lateness_ms: number; due_ms: number }>(
      `select id, extract(epoch from (drawn_at - due_at)) * 1000 as lateness_ms,
              extract(epoch from due_at) * 1000 as due_ms
         from raffles where session_id is not null and status = 'drawn' and due_at is not null`,
    );
    if (process.env.BENCH_SCALE_OUTPUT) {
      const { rows: phases } = await db.query(
        `select percentile_cont(array[0.5, 0.95]) within group (order by extract(epoch from created_at - due_at)) as claim,
                percentile_cont(array[0.5, 0.95]) within group (order by extract(epoch from snapshot_at - created_at)) as gather,
                percentile_cont(array[0.5, 0.95]) within group (order by extract(epoch from drawn_at - snapshot_at)) as draw
           from raffles where session_id is not null and status = 'drawn'`,
      );
      console.log('phases (s, p50/p95):', JSON.stringify(phases[0]));
      const { rows: windows } = await db.query(
        `select floor(extract(epoch from due_at - $1::timestamptz) / 10)::int * 10 as from_s, count(*)::int as ticks,
                round(percentile_cont(0.95) within group (order by extract(epoch from drawn_at - due_at))::numeric, 2) as p95_s
           from raffles where session_id is not null and status = 'drawn' and due_at is not null
          group by 1 order by 1`,
        [new Date(startedAt)],
      );
      console.log(
        'lateness p95 by 10 s of due time:',
        windows.map((w) => `${w.from_s}s:${w.p95_s}(${w.ticks})`).join(' '),
      );
    }
    let missedOnStream = 0;
    let twiceOnStream = 0;
    let announcedOnce = 0;
    for (const row of drawn) {
      const id = Number(row.id);
      const counts = alive.map((replica) => replica.drawnSeen.get(id) ?? 0);
      if (counts.every((count) => count === 1)) announcedOnce += 1;
      missedOnStream += counts.filter((count) => count === 0).length;
      twiceOnStream += counts.filter((count) => count > 1).length;
    }
    return {
      scenario,
      expected,
      fired,
      doubled,
      lost: Math.max(0, expected - fired - cutByStop),
      cutByStop,
      afterStop,
      announcedOnce,
      missedOnStream,
      twiceOnStream,
      lateness: drawn.map((row) => Number(row.lateness_ms)),
      latenessBeforeStops: drawn
        .filter((row) => Number(row.due_ms) < stopsAt)
        .map((row) => Number(row.lateness_ms)),
      host,
      replicas: replicas.map((replica, index) => {
        const before = usageBefore[index];
        const after = usageAfter[index];
        return {
          cpuPercent: before && after ? ((after.cpuMs - before.cpuMs) / elapsedMs) * 100 : Number.NaN,
          rssMb: rssPeak[index] ?? Number.NaN,
          killed: replica.killed,
        };
      }),
    };
  } finally {
    if (process.env.BENCH_SCALE_OUTPUT)
      for (const replica of replicas) console.log(replica.output.slice(-4000));
    // SIGTERM first (the replicas drain and exit, writing a --cpu-prof profile), SIGKILL after 15 s.
    await Promise.all(
      replicas.map(async (replica) => {
        replica.stopListening();
        if (replica.child.exitCode !== null || replica.killed) return;
        const exited = new Promise((resolve) => replica.child.once('exit', resolve));
        replica.child.kill('SIGTERM');
        const timer = setTimeout(() => replica.child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }),
    );
    await db.end();
    await twitch.close();
    await beacon.close();
    await dropDatabase(serverUrl).catch(() => undefined);
  }
}

function describe(scenario: ScaleScenario): string {
  return `${scenario.channels} channels, ${scenario.kill ? 'one replica killed' : scenario.start === 'burst' ? 'all started at once' : 'steady'}`;
}

async function redisAnswers(url: string): Promise<boolean> {
  const { Redis } = await import('ioredis');
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/** Measures every scenario and returns the Markdown section for bench/RESULTS.md. */
export async function measureScale(serverUrl: string | undefined): Promise<string> {
  const heading = '## Many channels: 3 API replicas on one PostgreSQL + Redis (SPEC §5, §8)\n';
  const redisUrl = process.env.BENCH_REDIS_URL || process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  if (!serverUrl) return `${heading}\nNot measured: no PostgreSQL server answered.\n`;
  if (!(await redisAnswers(redisUrl)))
    return `${heading}\nNot measured: Redis does not answer at ${redisUrl}.\n`;
  const rows: string[] = [];
  for (const scenario of scaleScenarios()) {
    console.log(
      `\n== scale: ${describe(scenario)}, ${INTERVAL_SECONDS} s sessions for ${scenario.durationMs / 1000} s`,
    );
    try {
      const figures = await runScenario(scenario, serverUrl, redisUrl);
      const line = row(figures);
      console.log(line);
      rows.push(line);
    } catch (error) {
      const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
      console.log(`not measured: ${message}`);
      rows.push(`| ${describe(scenario)} | not measured: ${message} | | | | | | | | | |`);
    }
  }
  return `${heading}
Each channel: a fake Twitch chat of ${CHATTERS} viewers, one unlimited prize, no cooldown, a session of
${INTERVAL_SECONDS} s. Each replica runs with \`DATABASE_POOL_SIZE=${REPLICA_POOL_SIZE}\` (docs/production.md). Lateness = the draw committed (\`drawn_at\`) minus the tick's due time (\`due_at\`);
target p95 ≤ ${formatMs(LATENESS_TARGET_MS)} ms. "On every stream": each session draw's \`raffle.drawn\`
arrived exactly once on the \`/api/v1/events\` stream of every live replica (a bot on each).
"Lost": a tick due while its session ran and never drawn; a tick that came due less than
${formatMs(LATENESS_TARGET_MS)} ms before its session was stopped and was not drawn yet is counted apart,
"cut by the stop" (a stopped session draws nothing more). Draws use public randomness (a local beacon,
period 1 s), so ticks are made ready a period + 2 s ahead: a tick anchored to its round before the stop
is still drawn, counted "after the stop". "Before the stops": the ticks due before the harness sent the
first of its ${STOP_CONCURRENCY} concurrent \`DELETE …/session\` requests (how long stopping took is in
the log). CPU is the share of one core over the run (the host has 2 cores: 200 % is all of it); memory
the peak resident size. "Host CPU": the whole machine busy (steal apart: time the hypervisor gave to
other machines), of it PostgreSQL's processes, Redis and the harness (the fake Twitch, the local beacon and the three event-stream readers, one Node process).

| scenario | ticks expected | fired | doubled | lost | once on every stream | lateness p50 / p95 / max (ms) | p95 before the stops (ms) | CPU per replica | RSS per replica (MB) | host CPU: busy / steal; PostgreSQL, Redis, harness |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}
`;
}

function row(figures: Figures): string {
  const { lateness } = figures;
  const late =
    lateness.length === 0
      ? '—'
      : `${formatMs(percentile(lateness, 50))} / ${formatMs(percentile(lateness, 95))} / ${formatMs(Math.max(...lateness))}`;
  const before = figures.latenessBeforeStops;
  const steady = before.length === 0 ? '—' : formatMs(percentile(before, 95));
  const cpu = figures.replicas
    .map((replica) => (replica.killed ? 'killed' : `${Math.round(replica.cpuPercent)} %`))
    .join(', ');
  const rss = figures.replicas.map((replica) => Math.round(replica.rssMb)).join(', ');
  const drawnInAll = figures.fired + figures.afterStop;
  const stream =
    figures.missedOnStream + figures.twiceOnStream === 0
      ? `${figures.announcedOnce} of ${drawnInAll}`
      : `${figures.announcedOnce} of ${drawnInAll} (${figures.missedOnStream} missed, ${figures.twiceOnStream} twice)`;
  return `| ${describe(figures.scenario)} | ${figures.expected} | ${figures.fired}${figures.afterStop > 0 ? ` (+${figures.afterStop} after the stop)` : ''} | ${figures.doubled} | ${figures.lost}${figures.cutByStop > 0 ? ` (+${figures.cutByStop} cut by the stop)` : ''} | ${stream} | ${late} | ${steady} | ${cpu} | ${rss} | ${hostCell(figures.host)} |`;
}

function hostCell(host: HostUsage): string {
  const pct = (value: number) => `${Math.round(value)} %`;
  return `${pct(host.busyPercent)} / ${pct(host.stealPercent)}; ${pct(host.postgresPercent)}, ${pct(host.redisPercent)}, ${pct(host.harnessPercent)}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(await measureScale(benchServerUrl()));
  process.exit(0);
}

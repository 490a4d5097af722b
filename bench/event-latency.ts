// `npm run bench`, events part: from `publish` of a raffle.drawn to the frame parsed by an HTTP client
// reading the overlay's stream (target: the overlay receives a draw ≤ 100 ms after it commits), in
// process and across two API replicas through Redis.
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import pino from 'pino';
import { buildApp } from '../src/api/app.ts';
import { createServices, type Services } from '../src/api/services.ts';
import { OverlayKeyRepository } from '../src/channels/overlay-key-repository.ts';
import { loadConfig } from '../src/config/config.ts';
import { type Database, openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrator.ts';
import type { EventBus, KinoYuEvent } from '../src/events/event-bus.ts';
import { RedisEventBus } from '../src/events/redis-event-bus.ts';
import type { RaffleView } from '../src/raffles/raffle-view.ts';
import { formatMs } from './format.ts';

const EVENTS = 300;
const WARM_UP = 20;
const TARGET_MS = 100;
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

interface LatencyFigure {
  readonly path: string;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
}

const logger = pino({ level: 'silent' });

/** Measures both paths; returns the RESULTS.md section. */
export async function measureEventLatency(databaseUrl?: string): Promise<string> {
  const database: Database = await openDatabase({ databaseUrl });
  await migrate(database);
  const config = loadConfig({
    NODE_ENV: 'test',
    API_TOKEN: 'bench-service-token-0123456789',
    TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64'),
    SESSION_SECRET: 'bench-session-secret-0123456789abcdef',
    LOG_LEVEL: 'silent',
  });
  const figures: LatencyFigure[] = [];
  let redisNote = '';
  try {
    const services = createServices(config, database, logger);
    const channel = await services.channels.ensure('bench_overlay');
    const key = (await new OverlayKeyRepository(database.db).ofChannel(channel.id)) ?? '';
    const stream = `/api/v1/channels/${channel.login}/events?key=${key}`;

    console.log(`Events: ${EVENTS} draws in process`);
    figures.push(await measurePath('in process', services.events, services, stream, channel.id));

    const prefix = `kinoyu-bench:${process.pid}:${Date.now()}:`;
    const buses = [0, 1].map(() => new RedisEventBus({ url: REDIS_URL, logger, prefix }));
    try {
      if (await readyWithin(buses, 3000)) {
        console.log(`Events: ${EVENTS} draws through Redis, published on one replica, read on the other`);
        const [publisher, reader] = buses as [RedisEventBus, RedisEventBus];
        const replica = { ...services, events: reader };
        figures.push(await measurePath('through Redis (2 replicas)', publisher, replica, stream, channel.id));
      } else {
        redisNote = `Redis at ${new URL(REDIS_URL).host} did not answer: the Redis path was not measured.`;
      }
    } finally {
      await Promise.all(buses.map((bus) => bus.close()));
      await forgetSequence(prefix);
    }
  } finally {
    await database.close();
  }
  return renderEventLatency(figures, redisNote);
}

async function readyWithin(buses: RedisEventBus[], timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const ready = Promise.all(buses.map((bus) => bus.ready())).then(() => true as const);
  try {
    return await Promise.race([ready, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The bench's id sequence in Redis, deleted so a run leaves Redis as it found it. */
async function forgetSequence(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, retryStrategy: () => null });
  redis.on('error', () => {});
  await redis
    .connect()
    .then(() => redis.del(`${prefix}events:last-id`))
    .catch(() => undefined)
    .finally(() => redis.disconnect());
}

/** Publishes on `bus`, one draw at a time, and times each until a client of `reader`'s API has it. */
async function measurePath(
  path: string,
  bus: EventBus,
  reader: Services,
  stream: string,
  channelId: number,
): Promise<LatencyFigure> {
  const app = await buildApp(reader, logger);
  try {
    const baseUrl = await listen(app);
    const client = await openStream(`${baseUrl}${stream}`);
    const samples: number[] = [];
    try {
      for (let sequence = 1; sequence <= WARM_UP + EVENTS; sequence += 1) {
        const arrived = client.next();
        const started = performance.now();
        bus.publish(drawn(channelId, sequence));
        const raffleId = await arrived;
        if (raffleId !== sequence)
          throw new Error(`expected draw ${sequence}, the stream carried ${raffleId}`);
        if (sequence > WARM_UP) samples.push(performance.now() - started);
      }
    } finally {
      client.close();
    }
    samples.sort((a, b) => a - b);
    const at = (fraction: number) =>
      samples[Math.min(samples.length - 1, Math.floor(samples.length * fraction))] ?? 0;
    return { path, p50: at(0.5), p95: at(0.95), max: samples.at(-1) ?? 0 };
  } finally {
    await app.close();
  }
}

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return `http://127.0.0.1:${address.port}`;
}

/** A reader of the stream that resolves `next()` with the raffle id of the next raffle.drawn frame. */
async function openStream(url: string) {
  const abort = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream' }, signal: abort.signal });
  if (!response.ok || !response.body) throw new Error(`the event stream answered ${response.status}`);
  const waiting: ((raffleId: number) => void)[] = [];
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body ?? []) {
        buffer += decoder.decode(chunk, { stream: true });
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const data = buffer
            .slice(0, end)
            .split('\n')
            .find((line) => line.startsWith('data: '));
          buffer = buffer.slice(end + 2);
          if (data) waiting.shift()?.(JSON.parse(data.slice('data: '.length)).raffleId);
        }
      }
    } catch (error) {
      if (!abort.signal.aborted) throw error;
    }
  })();
  return {
    next: () => new Promise<number>((resolve) => waiting.push(resolve)),
    close: () => abort.abort(),
  };
}

/** A raffle.drawn of 10 winners, the size of a common draw. */
function drawn(channelId: number, raffleId: number): KinoYuEvent {
  const now = new Date().toISOString();
  const raffle: RaffleView = {
    raffleId,
    channel: 'bench_overlay',
    status: 'drawn',
    reason: null,
    commitment: 'c'.repeat(64),
    entrantsDigest: 'd'.repeat(64),
    seed: 's'.repeat(64),
    winnersRequested: 10,
    eligibleCount: 1000,
    excludedCount: 0,
    createdAt: now,
    drawnAt: now,
    sessionTick: null,
    dueAt: null,
    snapshotAt: null,
    beacon: null,
    winners: Array.from({ length: 10 }, (_, index) => ({
      position: index + 1,
      userId: String(1000 + index),
      login: `viewer_${index}`,
      itemId: 1,
      itemName: 'skin dourada',
      hasCode: false,
      claim: null,
    })),
    replaced: [],
    proofUrl: `http://localhost:3000/api/v1/raffles/${raffleId}/proof`,
    proofPageUrl: `http://localhost:3000/r/${raffleId}`,
    claimPageUrl: 'http://localhost:3000/resgatar',
  };
  return {
    type: 'raffle.drawn',
    replaced: null,
    channel: 'bench_overlay',
    channelId,
    raffleId,
    trigger: 'command',
    requestedByGuild: null,
    sessionId: null,
    position: null,
    raffle,
  };
}

function renderEventLatency(figures: readonly LatencyFigure[], note: string): string {
  const rows = figures.map(
    (figure) =>
      `| ${figure.path} | ${formatMs(figure.p50)} | ${formatMs(figure.p95)} | ${formatMs(figure.max)} | ≤ ${TARGET_MS} | ${
        figure.p95 <= TARGET_MS ? 'met' : 'missed'
      } |`,
  );
  return [
    '## Event → SSE client latency',
    '',
    `From \`publish\` of a raffle.drawn (10 winners) to the frame parsed by an HTTP client (Node's fetch) reading the overlay's stream \`/api/v1/channels/{login}/events?key=…\` on loopback; ${EVENTS} draws one at a time after ${WARM_UP} to warm up. Client and API share one process and its event loop. Through Redis: published on one replica, read from the other.`,
    '',
    '| path | p50 (ms) | p95 (ms) | max (ms) | target (ms) | p95 |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    ...(note ? ['', note] : []),
    '',
  ].join('\n');
}

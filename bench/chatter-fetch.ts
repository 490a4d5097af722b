// `npm run bench`, Twitch part: fetching every page of Get Chatters through the real client
// code (twurple + the database-backed auth provider) from the fake Twitch answering in 20 ms per page,
// then freezing the snapshot with COPY, beside the floor of pages × 20 ms. The fake runs in this
// process, so its own work per page (generating and serializing 1,000 viewers) is in the figure too.
import pino from 'pino';
import { createServices } from '../src/api/services.ts';
import { loadConfig } from '../src/config/config.ts';
import { type Database, openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrator.ts';
import { ENTRANT_COLUMNS, snapshotCopyChunks } from '../src/raffles/raffle-repository.ts';
import { normalizeEntrants } from '../src/raffles/raffle-service.ts';
import { SANDBOX_CHANNEL, startFakeTwitch } from '../src/sandbox/twitch/index.ts';
import { setUpTwitch } from '../src/twitch/twitch-setup.ts';
import { formatCount, formatMs } from './format.ts';

const PAGE_DELAY_MS = 20;
const PAGE_SIZE = 1000;

interface ChatterFetchFigure {
  readonly size: number;
  readonly fetchMs: number;
  readonly snapshotMs: number;
  readonly floorMs: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** Measures fetch + snapshot for each size on `databaseUrl` (PostgreSQL) or an in-memory PGlite. */
export async function measureChatterFetch(sizes: readonly number[], databaseUrl?: string): Promise<string> {
  const database: Database = await openDatabase({ databaseUrl });
  await migrate(database);
  const fake = await startFakeTwitch();
  const previousMockPort = process.env.TWURPLE_MOCK_API_PORT;
  try {
    const config = loadConfig({
      NODE_ENV: 'test',
      API_TOKEN: 'bench-service-token-0123456789',
      TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64'),
      SESSION_SECRET: 'bench-session-secret-0123456789abcdef',
      TWITCH_MOCK_URL: fake.url,
      TWITCH_CLIENT_ID: fake.clientId,
      TWITCH_CLIENT_SECRET: fake.clientSecret,
      LOG_LEVEL: 'silent',
    });
    const logger = pino({ level: 'silent' });
    const services = createServices(
      config,
      database,
      logger,
      await setUpTwitch(config, logger, () => Promise.reject()),
    );
    const channel = await services.channels.connect(
      SANDBOX_CHANNEL.id ?? '',
      SANDBOX_CHANNEL.login,
      SANDBOX_CHANNEL.login,
    );
    await services.tokenStore.save(channel.id, fake.issueUserToken());
    fake.setDelay(PAGE_DELAY_MS, '/mock/chat/chatters');
    const figures: ChatterFetchFigure[] = [];
    for (const size of sizes.filter((value) => value <= 100_000)) {
      fake.setChatterCount(size, { includeBots: false });
      const fetches: number[] = [];
      const snapshots: number[] = [];
      for (let repetition = 0; repetition < (size <= 10_000 ? 5 : 3); repetition += 1) {
        console.log(`Twitch chatters: ${formatCount(size)}, repetition ${repetition + 1}`);
        let started = performance.now();
        const roster = services.roster;
        if (!roster) throw new Error('the bench needs the Twitch roster');
        const entrants = normalizeEntrants(await roster.entrants(channel));
        fetches.push(performance.now() - started);
        const { id } = await services.raffleRepository.createPending({
          channelId: channel.id,
          winnersRequested: 1,
        });
        started = performance.now();
        await database.withRawTransaction((transaction) =>
          transaction.copyFrom('raffle_entrants', ENTRANT_COLUMNS, snapshotCopyChunks(id, entrants)),
        );
        snapshots.push(performance.now() - started);
      }
      figures.push({
        size,
        fetchMs: median(fetches),
        snapshotMs: median(snapshots),
        floorMs: Math.ceil(size / PAGE_SIZE) * PAGE_DELAY_MS,
      });
    }
    return renderChatterFetch(figures, database.engine);
  } finally {
    await fake.close();
    await database.close();
    if (previousMockPort === undefined) delete process.env.TWURPLE_MOCK_API_PORT;
    else process.env.TWURPLE_MOCK_API_PORT = previousMockPort;
  }
}

function renderChatterFetch(figures: readonly ChatterFetchFigure[], engine: string): string {
  const rows = figures.map(
    (figure) =>
      `| ${formatCount(figure.size)} | ${formatMs(figure.fetchMs)} | ${formatMs(figure.floorMs)} | ${(
        figure.fetchMs / figure.floorMs
      ).toFixed(2)}× | ${formatMs(figure.snapshotMs)} | ${formatMs(figure.fetchMs + figure.snapshotMs)} |`,
  );
  return [
    '## Twitch chatter list: fetch and snapshot',
    '',
    `Every page of Get Chatters (${PAGE_SIZE} per page) through twurple and the database-backed auth provider, from the fake Twitch answering in ${PAGE_DELAY_MS} ms per page, then the snapshot by COPY into ${engine === 'postgres' ? 'PostgreSQL' : 'PGlite'}. Medians; the floor is pages × ${PAGE_DELAY_MS} ms.`,
    '',
    '| chatters | fetch (ms) | floor (ms) | fetch / floor | snapshot (ms) | total (ms) |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

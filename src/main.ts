import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from './api/app.ts';
import { drainDraws } from './api/drain.ts';
import { createServices, type Services } from './api/services.ts';
import type { BotService } from './bot/shard-manager.ts';
import { type Config, ConfigError, loadConfig } from './config/config.ts';
import { type Database, openDatabase } from './db/database.ts';
import { migrate } from './db/migrator.ts';
import { setUpBeacon } from './drand/beacon-setup.ts';
import { createEventBus } from './events/create-event-bus.ts';
import { createLogger } from './logger.ts';
import type { FakeTwitch } from './sandbox/twitch/index.ts';
import { ExpiredRecordsPurge } from './security/expired-records-purge.ts';
import { TokenDecryptionError } from './security/token-cipher.ts';
import { RedisSeenMessages } from './twitch/chat-activity.ts';
import { connectSandboxChannel } from './twitch/sandbox-connection.ts';
import { SANDBOX_CLIENT, setUpTwitch } from './twitch/twitch-setup.ts';
import { RedisRosterStore } from './twitch/warm-rosters.ts';

type Part = 'api' | 'bot';

/** A stop that has not ended by then is cut short: SPEC §5 wants the process gone within 10 s. */
const STOP_DEADLINE_MS = 9_500;

/** Which parts this process runs: `--only=api` or `--only=bot`, else both (SPEC §5). */
function partsFromArguments(argv: string[]): Set<Part> {
  const only = argv.find((argument) => argument.startsWith('--only='))?.slice('--only='.length);
  if (only === 'api' || only === 'bot') return new Set([only]);
  if (only !== undefined) throw new ConfigError(`--only must be api or bot, not "${only}"`);
  return new Set(['api', 'bot']);
}

interface RunningApi {
  readonly app: FastifyInstance;
  readonly database: Database;
  /** Refuses new draws, stops the scheduler and the claim windows, and waits for the draws in flight. */
  drain(): Promise<boolean>;
}

async function startApi(config: Config, logger: Logger): Promise<RunningApi> {
  const startedAt = performance.now();
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    poolSize: config.databasePoolSize,
    pgliteDir: `${config.dataDir}/pglite`,
    logger,
  });
  await migrate(database, logger);
  let sandbox: FakeTwitch | undefined;
  // The sandboxes and the bot are loaded only by the configurations that use them: modules not
  // imported take neither start-up time nor memory (SPEC §8).
  const twitch = await setUpTwitch(config, logger, async () => {
    const { startFakeTwitch } = await import('./sandbox/twitch/index.ts');
    sandbox = await startFakeTwitch({
      sandbox: true,
      clientId: SANDBOX_CLIENT.clientId,
      clientSecret: SANDBOX_CLIENT.clientSecret,
    });
    return sandbox;
  });
  // drand rounds for draws with public randomness (SPEC §4.1): the sandbox runs its own beacon.
  const beacon = await setUpBeacon(config, logger, async (identity) => {
    const { startLocalBeacon } = await import('./sandbox/drand/index.ts');
    return startLocalBeacon(identity);
  });
  // Warm rosters and the chat messages already taken live in Redis when there is one, shared by every
  // replica (SPEC §5).
  const rosterRedis = config.redisUrl
    ? new (await import('ioredis')).Redis(config.redisUrl, { lazyConnect: true })
    : undefined;
  rosterRedis?.on('error', (error) => logger.warn({ err: error }, 'Redis (warm rosters, chat) failed'));
  const services = createServices(config, database, logger, twitch, {
    ...(rosterRedis && {
      rosterStore: new RedisRosterStore(rosterRedis),
      seenMessages: new RedisSeenMessages(rosterRedis, (error) =>
        logger.warn({ err: error }, 'Redis did not say whether a chat message was taken'),
      ),
    }),
    beacon: beacon.relays,
    events: await createEventBus(config, logger),
  });
  const carriedOver = sandbox ? await carryOverSandboxConnections(services, sandbox) : undefined;
  // The proof page checks a draw of this server's own drand chain (the sandbox's local beacon) with it.
  const relays = services.beacon;
  const app = await buildApp(services, logger, relays ? { beaconChain: () => relays.chain() } : {});
  const purge = new ExpiredRecordsPurge({
    db: database.db,
    dashboardSessions: services.dashboardSessions,
    logger,
  });
  app.addHook('onClose', async () => {
    purge.stop();
    services.warmRosters?.stop();
    await services.scheduler.stop();
    await services.claims.stop();
    rosterRedis?.disconnect();
    services.tokenValidator?.stop();
    services.chatListener?.stop();
    await twitch.close();
    await beacon.close();
    await services.events.close();
  });
  // Before the port opens, so that whatever answers finds the sandbox channel connected.
  if (sandbox) await connectSandboxOnFirstStart(app, services, sandbox, carriedOver, logger);
  await app.listen({ port: config.port, host: config.host });
  // Twitch requires validating stored tokens at start-up and hourly; it runs in the background.
  services.tokenValidator?.start();
  // Sessions live in the database: a restart resumes them where they were (SPEC §2.3).
  services.scheduler.start();
  // Claim windows: deadlines live in the database; every API process runs the expiry pass (SPEC §2.6).
  await services.claims.start();
  // The chat lists of running sessions are read in the background, so a tick never pages through Twitch.
  services.warmRosters?.start();
  // Spent nonces and ended logins would otherwise pile up for ever.
  purge.start();
  await listenToChat(services, logger);
  logger.info(
    {
      database: database.engine === 'pglite' ? `embedded (${config.dataDir}/pglite)` : 'PostgreSQL',
      startupMs: Math.round(performance.now() - startedAt),
    },
    `KinoYu API ready at ${config.publicUrl} (API docs: ${config.publicUrl}/docs)`,
  );
  return { app, database, drain: () => drainDraws(services, logger) };
}

/**
 * The sandbox starts empty each run: it is told the refresh tokens of channels connected before.
 * Returns the scopes of each token carried over, by Twitch user id.
 */
async function carryOverSandboxConnections(
  services: Services,
  sandbox: FakeTwitch,
): Promise<Map<string, readonly string[]>> {
  const carried = new Map<string, readonly string[]>();
  for (const channel of await services.channels.connectedWithTokens()) {
    // A token that no longer decrypts (another TOKEN_ENCRYPTION_KEY) is not carried over: the channel
    // is marked "reconnect needed" when it is first used, instead of stopping the start.
    const token = await services.tokenStore.load(channel.id).catch((error: unknown) => {
      if (error instanceof TokenDecryptionError) return undefined;
      throw error;
    });
    if (!token?.refreshToken) continue;
    sandbox.adoptRefreshToken(token.refreshToken, channel.twitchUserId, token.scope);
    carried.set(channel.twitchUserId, token.scope);
  }
  return carried;
}

/**
 * With no credentials at all, the sandbox channel is connected at start (once; later starts keep it),
 * through the same login round trip a browser makes, so the API's examples work before anyone logs in.
 */
async function connectSandboxOnFirstStart(
  app: FastifyInstance,
  services: Services,
  sandbox: FakeTwitch,
  carriedOver: ReadonlyMap<string, readonly string[]> | undefined,
  logger: Logger,
): Promise<void> {
  const { SANDBOX_CHANNEL } = await import('./sandbox/twitch/index.ts');
  const broadcaster = sandbox.world.channel(SANDBOX_CHANNEL.login).broadcaster;
  await connectSandboxChannel({
    channels: services.channels,
    login: broadcaster.login,
    carriedOverScopes: carriedOver?.get(broadcaster.id),
    browse: async (path) => {
      const answer = await app.inject({ method: 'GET', url: path });
      const location = answer.headers.location;
      return { statusCode: answer.statusCode, location: typeof location === 'string' ? location : undefined };
    },
    approve: (authorizeUrl) => sandbox.approveConsent(authorizeUrl),
    logger,
  });
}

/** Records chat activity of every connected channel, and of each channel connected from now on. */
async function listenToChat(services: Services, logger: Logger): Promise<void> {
  const listener = services.chatListener;
  if (!listener) return;
  services.events.subscribe((event) => {
    if (event.type !== 'channel.connected') return;
    void services.channels.findById(event.channelId).then((channel) => {
      if (channel?.twitchUserId) listener.listen(channel.id, channel.twitchUserId);
    });
  });
  try {
    for (const channel of await services.channels.connectedWithTokens())
      listener.listen(channel.id, channel.twitchUserId);
  } catch (error) {
    logger.warn({ err: error }, 'could not start listening to Twitch chat');
  }
}

async function startBotIfConfigured(
  config: Config,
  logger: Logger,
  apiRunsHere: boolean,
): Promise<BotService | undefined> {
  if (!config.discord.token) {
    logger.info('bot disabled: no DISCORD_TOKEN');
    return undefined;
  }
  try {
    // discord.js is loaded only when the bot runs.
    const { startBotService } = await import('./bot/shard-manager.ts');
    return await startBotService(config, logger);
  } catch (error) {
    // A refused token should not take the API and the dashboard down with it.
    if (!apiRunsHere) throw error;
    logger.error({ err: error }, 'the Discord bot could not start; the API keeps running without it');
    return undefined;
  }
}

async function main(): Promise<void> {
  // Whatever this process creates in DATA_DIR is its owner's only (SPEC §9).
  process.umask(0o077);
  let config: Config;
  let parts: Set<Part>;
  try {
    parts = partsFromArguments(process.argv.slice(2));
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`kinoyu: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const api = parts.has('api') ? await startApi(config, logger) : undefined;
  const bot = parts.has('bot') ? await startBotIfConfigured(config, logger, api !== undefined) : undefined;

  let stopping = false;
  // SIGTERM drains (SPEC §5): the draws finish and are announced before the streams and the bot close,
  // and the process is gone within 10 s whatever hangs.
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: draining');
    setTimeout(() => {
      logger.error('shutdown took longer than 9.5 s: exiting now');
      process.exit(1);
    }, STOP_DEADLINE_MS).unref();
    const drained = await api?.drain();
    await bot?.stop();
    const closing = api?.app.close();
    // A request still waiting for a draw past the budget would hold the close until the deadline.
    if (drained === false) api?.app.server.closeAllConnections();
    await closing;
    await api?.database.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `kinoyu: could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});

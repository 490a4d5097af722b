import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from './api/app.ts';
import { createServices, type Services } from './api/services.ts';
import { type Config, ConfigError, loadConfig } from './config/config.ts';
import { type Database, openDatabase } from './db/database.ts';
import { migrate } from './db/migrator.ts';
import { createLogger } from './logger.ts';
import { type FakeTwitch, startFakeTwitch } from './twitch/fake/index.ts';
import { SANDBOX_CLIENT, setUpTwitch } from './twitch/twitch-setup.ts';

type Part = 'api' | 'bot';

/** Which parts this process runs: `--only=api` or `--only=bot`, else both (SPEC §5). */
function partsFromArguments(argv: string[]): Set<Part> {
  const only = argv.find((argument) => argument.startsWith('--only='))?.slice('--only='.length);
  if (only === 'api' || only === 'bot') return new Set([only]);
  if (only !== undefined) throw new ConfigError(`--only must be api or bot, not "${only}"`);
  return new Set(['api', 'bot']);
}

async function startApi(
  config: Config,
  logger: Logger,
): Promise<{ app: FastifyInstance; database: Database }> {
  const startedAt = performance.now();
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    pgliteDir: `${config.dataDir}/pglite`,
    logger,
  });
  await migrate(database, logger);
  let sandbox: FakeTwitch | undefined;
  const twitch = await setUpTwitch(config, logger, async () => {
    sandbox = await startFakeTwitch({
      sandbox: true,
      clientId: SANDBOX_CLIENT.clientId,
      clientSecret: SANDBOX_CLIENT.clientSecret,
    });
    return sandbox;
  });
  const services = createServices(config, database, logger, twitch);
  if (sandbox) await carryOverSandboxConnections(services, sandbox);
  const app = await buildApp(services, logger);
  app.addHook('onClose', async () => {
    await services.scheduler.stop();
    services.tokenValidator?.stop();
    services.chatListener?.stop();
    await twitch.close();
    await services.events.close();
  });
  await app.listen({ port: config.port, host: config.host });
  // Twitch requires validating stored tokens at start-up and hourly; it runs in the background.
  services.tokenValidator?.start();
  // Sessions live in the database: a restart resumes them where they were (SPEC §2.3).
  services.scheduler.start();
  await listenToChat(services, logger);
  logger.info(
    {
      database: database.engine === 'pglite' ? `embedded (${config.dataDir}/pglite)` : 'PostgreSQL',
      startupMs: Math.round(performance.now() - startedAt),
    },
    `KinoYu API ready at ${config.publicUrl} (API docs: ${config.publicUrl}/docs)`,
  );
  return { app, database };
}

/** The sandbox starts empty each run: it is told the refresh tokens of channels connected before. */
async function carryOverSandboxConnections(services: Services, sandbox: FakeTwitch): Promise<void> {
  for (const channel of await services.channels.connectedWithTokens()) {
    const token = await services.tokenStore.load(channel.id);
    if (token?.refreshToken) sandbox.adoptRefreshToken(token.refreshToken, channel.twitchUserId, token.scope);
  }
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

function startBot(config: Config, logger: Logger): void {
  if (!config.discord.token) {
    logger.info('bot disabled: no DISCORD_TOKEN');
    return;
  }
  logger.warn('DISCORD_TOKEN is set, but the Discord bot is not part of this version yet');
}

async function main(): Promise<void> {
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
  if (parts.has('bot')) startBot(config, logger);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await api?.app.close();
    await api?.database.close();
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

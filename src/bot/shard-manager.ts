import path from 'node:path';
import { REST, type RESTGetAPIGatewayBotResult, Routes, type Shard, ShardingManager } from 'discord.js';
import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import { PACKAGE_ROOT } from '../package-root.ts';
import { startBot } from './start-bot.ts';

/** A running bot: one client in this process, or the manager of its shard processes. */
export interface BotService {
  stop(): Promise<void>;
}

// The shard processes run from the sources under tsx, also when the manager runs from the bundle of
// `npm start` (scripts/launch.mjs): a shard is a long-lived process, its start-up time counts for little.
const SHARD_ENTRY = path.join(PACKAGE_ROOT, 'src', 'bot', 'shard-process.ts');
// How long one shard may take to log in and receive its guilds.
const SHARD_READY_TIMEOUT_MS = 60_000;
const SHARD_EXIT_TIMEOUT_MS = 10_000;

/**
 * Starts the bot (SPEC §5): in this process, or with DISCORD_SHARDS under discord.js's
 * ShardingManager, one child process per shard.
 */
export function startBotService(config: Config, logger: Logger): Promise<BotService> {
  return config.discord.shards === undefined ? startBot(config, logger) : startBotShards(config, logger);
}

/**
 * One process per shard (shard-process.ts), spawned one after the other as discord.js does (Discord
 * lets a bot identify once per 5 s per concurrency bucket). `auto` takes the shard count Discord
 * recommends at `GET /gateway/bot`, asked here rather than by discord.js so that DISCORD_API_URL holds.
 */
export async function startBotShards(config: Config, parentLogger: Logger): Promise<BotService> {
  const token = config.discord.token;
  if (!token) throw new Error('bot shards need DISCORD_TOKEN');
  const logger = parentLogger.child({ part: 'bot' });
  const count =
    config.discord.shards === 'auto' ? await recommendedShardCount(config) : (config.discord.shards ?? 1);
  const manager = new ShardingManager(SHARD_ENTRY, {
    token,
    totalShards: count,
    mode: 'process',
    // The project runs its TypeScript through tsx (package.json scripts): each shard process too,
    // given as an absolute URL so the child resolves it from wherever it starts.
    execArgv: ['--import', import.meta.resolve('tsx')],
  });
  manager.on('shardCreate', (shard) => watch(shard, count, logger));
  logger.info({ shards: count, requested: config.discord.shards }, 'starting the Discord bot shards');
  try {
    await manager.spawn({ amount: count, timeout: SHARD_READY_TIMEOUT_MS });
  } catch (error) {
    await stopShards(manager);
    throw error;
  }
  logger.info({ shards: count }, 'every Discord bot shard is ready');
  return { stop: () => stopShards(manager) };
}

/** The shard count Discord recommends for this bot. */
async function recommendedShardCount(config: Config): Promise<number> {
  const api = config.discord.apiUrl;
  const rest = new REST({ ...(api && { api }) }).setToken(config.discord.token ?? '');
  const answer = (await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
  return Math.max(1, answer.shards);
}

function watch(shard: Shard, count: number, logger: Logger): void {
  const context = { shard: shard.id, shards: count };
  logger.info(context, 'bot shard process starting');
  shard.on('death', () => logger.warn(context, 'bot shard process exited; the manager starts it again'));
  shard.on('ready', () => logger.info(context, 'bot shard ready'));
}

/** Stops every shard process (SIGTERM: each closes its client) and waits for them to exit. */
async function stopShards(manager: ShardingManager): Promise<void> {
  const exits = [...manager.shards.values()].map((shard) => {
    const child = shard.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // kill() also stops the manager from starting it again.
    shard.kill();
    const late = new Promise<void>((resolve) => setTimeout(resolve, SHARD_EXIT_TIMEOUT_MS).unref());
    return Promise.race([exited, late]);
  });
  await Promise.all(exits);
}

// One shard of the bot, as a child process of the ShardingManager (shard-manager.ts). discord.js hands
// it its shard id and count in SHARDS and SHARD_COUNT, which its Client reads by itself.
import { ConfigError, loadConfig } from '../config/config.ts';
import { createLogger } from '../logger.ts';
import { startBot } from './start-bot.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  const bot = await startBot(config, createLogger(config.logLevel));
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await bot.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
  // The manager is gone (killed, crashed): a shard alone would post for nobody's control.
  process.once('disconnect', () => void stop());
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
  process.stderr.write(`kinoyu bot shard: could not start: ${message}\n`);
  process.exit(1);
});

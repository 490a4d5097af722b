import { pathToFileURL } from 'node:url';
import { REST, Routes } from 'discord.js';
import { ConfigError, loadConfig } from '../config/config.ts';
import { slashCommandBodies } from './commands/definitions.ts';

export interface DeployOptions {
  readonly token: string;
  readonly applicationId: string;
  /** DISCORD_API_URL (a local fake in tests); Discord's own when unset. */
  readonly apiUrl?: string;
  /** A guild updates at once (handy while developing); without one, the commands are global. */
  readonly guildId?: string;
}

/**
 * Registers the slash commands with one bulk overwrite (PUT): commands not in the list are removed.
 * A separate script, not run on start: Discord allows 200 command creations per guild per day.
 */
export async function deployCommands(options: DeployOptions): Promise<number> {
  const rest = new REST(options.apiUrl ? { api: options.apiUrl } : {}).setToken(options.token);
  const route = options.guildId
    ? Routes.applicationGuildCommands(options.applicationId, options.guildId)
    : Routes.applicationCommands(options.applicationId);
  const deployed = (await rest.put(route, { body: slashCommandBodies() })) as unknown[];
  return deployed.length;
}

async function main(argv: string[]): Promise<void> {
  const guildIndex = argv.indexOf('--guild');
  const guildId = guildIndex >= 0 ? argv[guildIndex + 1] : undefined;
  if (guildIndex >= 0 && !guildId) throw new ConfigError('--guild needs a server id');
  const config = loadConfig();
  const { token, applicationId, apiUrl } = config.discord;
  if (!token || !applicationId) {
    throw new ConfigError('DISCORD_TOKEN and DISCORD_APPLICATION_ID are needed to deploy the slash commands');
  }
  const count = await deployCommands({ token, applicationId, apiUrl, guildId });
  process.stdout.write(`deployed ${count} slash commands ${guildId ? `to server ${guildId}` : 'globally'}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`deploy-commands: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}

import { type Client, Events } from 'discord.js';
import type { Logger } from 'pino';
import { Agent } from 'undici';
import type { Config } from '../config/config.ts';
import { Announcer } from './announcer.ts';
import { ApiClient } from './api-client.ts';
import { attachCommandHandlers, createDiscordClient } from './bot.ts';
import type { BotServices } from './dispatch.ts';
import { DrawsInFlight } from './draws-in-flight.ts';
import { EchoGuard } from './echo-guard.ts';
import { type EventStreamOptions, listenToApiEvents } from './event-stream.ts';
import { GuildLinks } from './guild-links.ts';
import { PostedAnnouncements } from './posted-announcements.ts';

export interface RunningBot {
  readonly client: Client;
  readonly announcer: Announcer;
  stop(): Promise<void>;
}

/** Knobs for tests: a faster reconnect, a signal when the event stream opens. */
export interface BotOptions {
  readonly eventBackoff?: EventStreamOptions['backoff'];
  readonly onEventStreamOpen?: () => void;
}

/**
 * Starts the Discord bot (SPEC §5): logs in to Discord, answers commands by calling the API, and posts
 * the API's events in the linked servers. Needs `config.discord.token`; it holds no database.
 */
export async function startBot(
  config: Config,
  parentLogger: Logger,
  options: BotOptions = {},
): Promise<RunningBot> {
  const token = config.discord.token;
  if (!token) throw new Error('startBot needs DISCORD_TOKEN');
  const client = createDiscordClient(config.discord.apiUrl);
  // Under the ShardingManager (DISCORD_SHARDS) every line says which shard wrote it.
  const logger = parentLogger.child({ part: 'bot', ...(client.shard && { shard: client.shard.ids }) });
  // Its own pool, closed on stop: idle keep-alive sockets left in the global pool would hold the
  // API's server.close() (in the same process with `npm start`) for its whole keep-alive timeout.
  const dispatcher = new Agent({ keepAliveTimeout: 10_000 });
  const api = new ApiClient({ baseUrl: config.apiUrl, token: config.apiToken, logger, dispatcher });
  const services: BotServices = {
    api,
    links: new GuildLinks(api),
    echoes: new EchoGuard(),
    announcements: new PostedAnnouncements(),
    draws: new DrawsInFlight(),
    logger,
    publicUrl: config.publicUrl,
  };
  attachCommandHandlers(client, services);
  client.on(Events.Error, (error) => logger.error({ err: error }, 'Discord client error'));
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  try {
    await client.login(token);
    await ready;
  } catch (error) {
    await client.destroy();
    await dispatcher.close();
    throw error;
  }
  logger.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, 'Discord bot ready');

  const announcer = new Announcer(client, services);
  const events = listenToApiEvents({
    apiUrl: config.apiUrl,
    token: config.apiToken,
    logger,
    onEvent: (event) => announcer.handle(event),
    onOpen: options.onEventStreamOpen,
    backoff: options.eventBackoff,
    dispatcher,
  });
  return {
    client,
    announcer,
    async stop() {
      events.stop();
      await announcer.idle();
      await client.destroy();
      await dispatcher.close();
    },
  };
}

import { PermissionFlagsBits } from 'discord.js';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApp } from '../../src/api/app.ts';
import type { Services } from '../../src/api/services.ts';
import { deployCommands } from '../../src/bot/deploy-commands.ts';
import { type BotOptions, type RunningBot, startBot } from '../../src/bot/start-bot.ts';
import { DrandRelays } from '../../src/drand/relay-client.ts';
import {
  type FakeDiscord,
  type FakeGuild,
  type FakeMessage,
  type FakeUser,
  startFakeDiscord,
} from '../../src/sandbox/discord/index.ts';
import {
  type LocalBeacon,
  type LocalBeaconOptions,
  startLocalBeacon,
} from '../../src/sandbox/drand/index.ts';
import { type FakeTwitch, startFakeTwitch } from '../../src/sandbox/twitch/index.ts';
import { testConfig } from '../helpers/app.ts';
import { openTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { servicesWithFakeTwitch } from '../helpers/twitch.ts';
import { consentOnFakeTwitch } from '../helpers/twitch-consent.ts';

/**
 * Everything real but Discord and Twitch: the API over a test database listening on a loopback port,
 * the bot's real discord.js client against the fake Discord, the API's Twitch code against the fake
 * Twitch. One Discord server with a moderator (Manage Server through a role) and a plain viewer.
 */
export interface BotWorld {
  readonly database: TestDatabase;
  readonly twitch: FakeTwitch;
  readonly discord: FakeDiscord;
  readonly services: Services;
  /** The API as it listens now (replaced by restartApi). */
  readonly app: FastifyInstance;
  readonly apiUrl: string;
  readonly bot: RunningBot;
  readonly guild: FakeGuild;
  readonly channelId: string;
  readonly moderator: FakeUser;
  readonly viewer: FakeUser;
  /** The local drand beacon the API draws with, when the world was started with `beacon`. */
  readonly beacon: LocalBeacon | undefined;
  /** A member types `content`; resolves with the bot's reply to that message. */
  say(content: string, author?: FakeUser, id?: string): Promise<FakeMessage>;
  /** Completes the streamer's side of a connect link: Twitch consent, then the API's callback. */
  completeConnectLink(url: string): Promise<void>;
  /** The moderator types `!conectar`, gets the link by DM, and the streamer completes it. */
  connectFromDiscord(): Promise<void>;
  /** Closes the API's HTTP server and starts a new one on the same port (same database and services). */
  restartApi(): Promise<void>;
  close(): Promise<void>;
}

export async function startBotWorld(
  options: {
    chatters?: number;
    bot?: BotOptions;
    /** Collects every log line of the API and the bot (debug and up), to check what never is in one. */
    logLines?: string[];
    /** Draw with public randomness (SPEC §4.1) from a local drand beacon (period 1 s unless given). */
    beacon?: boolean | LocalBeaconOptions;
  } = {},
): Promise<BotWorld> {
  const lines = options.logLines;
  const logger = lines
    ? pino({ level: 'debug' }, { write: (line: string) => lines.push(line) })
    : pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const database = await openTestDatabase();
  const twitch = await startFakeTwitch({
    redirectUris: [
      'http://kinoyu.test/auth/twitch/callback',
      'http://kinoyu.test/auth/twitch/viewer/callback',
    ],
  });
  twitch.setChatterCount(options.chatters ?? 30);
  const beacon = options.beacon
    ? await startLocalBeacon(options.beacon === true ? {} : options.beacon)
    : undefined;
  const relays = beacon && new DrandRelays({ urls: [beacon.url], chainHash: beacon.chainHash, logger });
  const services = await servicesWithFakeTwitch(database, twitch, logger, relays ? { beacon: relays } : {});
  const listen = async (port: number) => {
    const api = await buildApp(services, logger);
    await api.listen({ port, host: '127.0.0.1' });
    return api;
  };
  let app = await listen(0);
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const apiUrl = `http://127.0.0.1:${port}`;

  const discord = await startFakeDiscord();
  const guild = discord.addGuild({ name: 'Servidor da Live', channels: ['geral', 'sorteios'] });
  const modRole = discord.addRole(guild.id, {
    name: 'Moderação',
    permissions: PermissionFlagsBits.ManageGuild,
  });
  const moderator = discord.addMember(guild.id, { username: 'moderadora', roleIds: [modRole.id] });
  const viewer = discord.addMember(guild.id, { username: 'espectador' });
  const config = testConfig({
    DISCORD_TOKEN: discord.token,
    DISCORD_APPLICATION_ID: discord.applicationId,
    DISCORD_API_URL: discord.apiUrl,
    API_URL: apiUrl,
  });
  await deployCommands({
    token: discord.token,
    applicationId: discord.applicationId,
    apiUrl: discord.apiUrl,
    guildId: guild.id,
  });
  const bot = await startBot(config, logger, { eventBackoff: { initialMs: 50, maxMs: 500 }, ...options.bot });
  const channelId = guild.channels[0]?.id ?? '';

  const world: BotWorld = {
    database,
    twitch,
    discord,
    services,
    get app() {
      return app;
    },
    apiUrl,
    bot,
    guild,
    channelId,
    moderator,
    viewer,
    beacon,
    async say(content, author = moderator, id) {
      const sent = discord.sendMessage({ guildId: guild.id, channelId, author, content, id });
      return discord.waitForMessage(
        (message) =>
          (message.messageReference as { message_id?: string } | undefined)?.message_id === sent.id,
        15_000,
      );
    },
    async completeConnectLink(url) {
      const link = new URL(url);
      const callback = await consentOnFakeTwitch(app, twitch, `${link.pathname}${link.search}`);
      const done = await app.inject({ method: 'GET', url: callback });
      if (done.statusCode !== 200) throw new Error(`callback answered ${done.statusCode}`);
    },
    async connectFromDiscord() {
      await world.say('!conectar');
      const direct = discord.directMessages(moderator.id).at(-1);
      const url = /https?:\/\/\S+/.exec(direct?.content ?? '')?.[0];
      if (!url) throw new Error('!conectar sent no link by DM');
      await world.completeConnectLink(url);
    },
    async restartApi() {
      await app.close();
      app = await listen(port);
    },
    async close() {
      await bot.stop();
      await services.scheduler.stop();
      await services.claims.stop();
      services.chatListener?.stop();
      await discord.close();
      await app.close();
      await twitch.close();
      await beacon?.close();
      await database.destroy();
    },
  };
  return world;
}

/** The embed text of a message (title, description, fields), for assertions. */
export function embedText(message: FakeMessage): string {
  return JSON.stringify(message.embeds);
}

/** The custom ids of a message's buttons. */
export function buttonIds(message: FakeMessage): string[] {
  return message.components.flatMap((row) =>
    ((row as { components?: { custom_id?: string }[] }).components ?? []).map(
      (button) => button.custom_id ?? '',
    ),
  );
}

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PermissionFlagsBits } from 'discord.js';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.ts';
import type { Services } from '../../src/api/services.ts';
import {
  type FakeDiscord,
  type FakeGuild,
  type FakeMessage,
  startFakeDiscord,
} from '../../src/sandbox/discord/index.ts';
import { type FakeTwitch, SANDBOX_CHANNEL, startFakeTwitch } from '../../src/sandbox/twitch/index.ts';
import { asService, TEST_API_TOKEN } from '../helpers/app.ts';
import { openTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { type RunningProcess, startKinoYu } from '../helpers/process.ts';
import { servicesWithFakeTwitch } from '../helpers/twitch.ts';
import { connectThroughTwitch } from '../helpers/twitch-consent.ts';

const LOGIN = SANDBOX_CHANNEL.login;

/** The JSON log lines a process printed that carry this message. */
function logLines(running: RunningProcess, msg: string): Record<string, unknown>[] {
  return running
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.msg === msg);
}

async function until(condition: () => boolean, what: string, running: RunningProcess, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (running.child.exitCode !== null)
      throw new Error(`the bot exited while waiting for ${what}:\n${running.output()}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${running.output()}`);
    await sleep(50);
  }
}

// `npm run start:bot` with DISCORD_SHARDS=auto (SPEC §5): discord.js's ShardingManager asks the fake
// Discord for its recommended count (2) and runs each shard in its own process; each shard gets only
// its servers' gateway events (guild_id >> 22 % 2) and posts the API's events only in its servers.
describe('bot shards', () => {
  let database: TestDatabase;
  let twitch: FakeTwitch;
  let services: Services;
  let app: FastifyInstance;
  let discord: FakeDiscord;
  let dataDir: string;
  let bot: RunningProcess | undefined;
  let guilds: [FakeGuild, FakeGuild];

  beforeAll(async () => {
    const logger = pino({ level: 'silent' });
    database = await openTestDatabase();
    twitch = await startFakeTwitch();
    services = await servicesWithFakeTwitch(database, twitch, logger);
    app = await buildApp(services, logger);
    await app.listen({ port: 0, host: '127.0.0.1' });
    expect((await connectThroughTwitch(app, twitch)).statusCode).toBe(200);
    const items = await app.inject({
      method: 'POST',
      url: `/api/v1/channels/${LOGIN}/items`,
      headers: asService,
      payload: { text: 'brinde:1x*' },
    });
    expect(items.statusCode).toBeLessThan(300);

    discord = await startFakeDiscord({ recommendedShards: 2 });
    guilds = [
      discord.addGuild({ name: 'servidor zero', onShard: [0, 2] }),
      discord.addGuild({ name: 'servidor um', onShard: [1, 2] }),
    ];
    // One Twitch channel announced in both servers, each in its first text channel.
    const channel = await services.channels.findByLogin(LOGIN);
    for (const guild of guilds) {
      await services.discordLinks.link(guild.id, channel?.id ?? 0, {
        announcementChannelId: guild.channels[0]?.id ?? '',
      });
    }
    dataDir = await mkdtemp(path.join(tmpdir(), 'kinoyu-shards-'));
  });
  afterAll(async () => {
    bot?.child.kill('SIGKILL');
    await discord?.close();
    await app?.close();
    await services?.scheduler.stop();
    await services?.claims.stop();
    await twitch?.close();
    await database?.destroy();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('runs one process per recommended shard; each server is answered and announced once, by its shard', async () => {
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    bot = startKinoYu(
      {
        NODE_ENV: 'test',
        LOG_LEVEL: 'info',
        DATA_DIR: dataDir,
        PUBLIC_URL: 'http://kinoyu.test',
        API_URL: `http://127.0.0.1:${port}`,
        API_TOKEN: TEST_API_TOKEN,
        TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
        SESSION_SECRET: 'test-session-secret-0123456789abcdef',
        DISCORD_TOKEN: discord.token,
        DISCORD_APPLICATION_ID: discord.applicationId,
        DISCORD_API_URL: discord.apiUrl,
        DISCORD_SHARDS: 'auto',
      },
      ['--only=bot'],
    );
    const running = bot;
    await until(
      () => logLines(running, 'API event stream open').length === 2,
      'both shards',
      running,
      120_000,
    );
    expect(logLines(running, 'starting the Discord bot shards')[0]).toMatchObject({
      shards: 2,
      requested: 'auto',
    });
    expect(discord.readyCount).toBe(2);
    expect(running.output()).not.toContain(discord.token);

    // A draw made on the dashboard is announced in both servers, once each.
    const draw = await app.inject({
      method: 'POST',
      url: `/api/v1/channels/${LOGIN}/raffles`,
      headers: asService,
      payload: { winners: 1 },
    });
    expect(draw.statusCode).toBe(201);
    const raffleId = draw.json().raffleId as number;
    const announces = (message: FakeMessage) =>
      JSON.stringify(message.components).includes(`"reroll:${raffleId}:1"`);
    const postedIn = (guild: FakeGuild) => discord.messages(guild.channels[0]?.id ?? '').filter(announces);
    await until(() => guilds.every((guild) => postedIn(guild).length > 0), 'the announcements', running);
    // Time for a second shard to post too, had it not known which servers it holds.
    await sleep(1500);
    expect(guilds.map((guild) => postedIn(guild).length)).toEqual([1, 1]);
    // The other shard does not even try: it would fetch a channel of a server it does not hold.
    expect(logLines(running, 'the announcement channel cannot receive messages')).toEqual([]);
    const announcedBy = new Map(
      logLines(running, 'announced in Discord')
        .filter((line) => line.raffleId === raffleId)
        .map((line) => [line.guildId, line.shard]),
    );
    expect(announcedBy).toEqual(
      new Map([
        [guilds[0].id, [0]],
        [guilds[1].id, [1]],
      ]),
    );

    // A command in the second server reaches its shard alone and is answered once.
    const role = discord.addRole(guilds[1].id, { name: 'mod', permissions: PermissionFlagsBits.ManageGuild });
    const moderator = discord.addMember(guilds[1].id, { username: 'mod', roleIds: [role.id] });
    const channelId = guilds[1].channels[0]?.id ?? '';
    const sent = discord.sendMessage({
      guildId: guilds[1].id,
      channelId,
      author: moderator,
      content: '!status',
    });
    const repliesTo = (message: FakeMessage) =>
      (message.messageReference as { message_id?: string } | undefined)?.message_id === sent.id;
    await discord.waitForMessage(repliesTo, 20_000);
    await sleep(1000);
    expect(discord.messages(channelId).filter(repliesTo)).toHaveLength(1);

    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
  }, 240_000);
});

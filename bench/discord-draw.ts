// `!sortear` → Discord announcement (target: p50 ≤ 300 ms at 1,000 chatters): the real bot (discord.js against the fake Discord on
// loopback) calls the real API (listening on loopback) that fetches 1,000 chatters from the fake Twitch
// answering in 20 ms per call, draws with make_raffle and answers; the clock stops when the fake Discord
// receives the announcement. Run alone with `npm run bench:discord`.
import { PermissionFlagsBits } from 'discord.js';
import pino from 'pino';
import { buildApp } from '../src/api/app.ts';
import { createServices } from '../src/api/services.ts';
import { startBot } from '../src/bot/start-bot.ts';
import { loadConfig } from '../src/config/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrator.ts';
import { parsePrizeText } from '../src/raffles/prize-rules.ts';
import { startFakeDiscord } from '../src/sandbox/discord/index.ts';
import { SANDBOX_CHANNEL, startFakeTwitch } from '../src/sandbox/twitch/index.ts';
import { setUpTwitch } from '../src/twitch/twitch-setup.ts';
import { formatMs } from './format.ts';
import { percentile } from './statistics.ts';

const CHATTERS = 1000;
const TWITCH_DELAY_MS = 20;
const WARM_UP = 3;
const ROUNDS = 30;
const TARGET_P50_MS = 300;
const OVERLAY_TARGET_MS = 100;

/** Measures the latency and returns the Markdown section for bench/RESULTS.md. */
export async function measureDiscordDrawLatency(databaseUrl?: string): Promise<string> {
  const database = await openDatabase({ databaseUrl });
  await migrate(database);
  const twitch = await startFakeTwitch();
  const discord = await startFakeDiscord();
  const logger = pino({ level: 'silent' });
  const base = {
    NODE_ENV: 'test',
    API_TOKEN: 'bench-service-token-0123456789',
    TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64'),
    SESSION_SECRET: 'bench-session-secret-0123456789abcdef',
    TWITCH_MOCK_URL: twitch.url,
    TWITCH_CLIENT_ID: twitch.clientId,
    TWITCH_CLIENT_SECRET: twitch.clientSecret,
    LOG_LEVEL: 'silent',
  };
  const apiConfig = loadConfig(base);
  const services = createServices(
    apiConfig,
    database,
    logger,
    await setUpTwitch(apiConfig, logger, () => Promise.reject()),
  );
  const app = await buildApp(services, logger);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const apiUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  let bot: Awaited<ReturnType<typeof startBot>> | undefined;
  let streamOpened = () => {};
  const streamOpen = new Promise<void>((resolve) => {
    streamOpened = resolve;
  });
  const publishedAt = new Map<number, number>();
  services.events.subscribe((event) => {
    if (event.type === 'raffle.drawn') publishedAt.set(event.raffleId, performance.now());
  });
  try {
    const channel = await services.channels.connect(
      SANDBOX_CHANNEL.id ?? '',
      SANDBOX_CHANNEL.login,
      SANDBOX_CHANNEL.login,
    );
    await services.tokenStore.save(channel.id, twitch.issueUserToken());
    await services.settings.update(channel.id, { cooldownMinutes: 0 });
    await services.items.add(channel.id, parsePrizeText('brinde:1x*'));
    const guild = discord.addGuild({ name: 'bench' });
    const channelId = guild.channels[0]?.id ?? '';
    await services.discordLinks.link(guild.id, channel.id, { announcementChannelId: channelId });
    const role = discord.addRole(guild.id, { name: 'mod', permissions: PermissionFlagsBits.ManageGuild });
    const moderator = discord.addMember(guild.id, { username: 'mod', roleIds: [role.id] });
    twitch.setChatterCount(CHATTERS, { includeBots: false });
    twitch.setDelay(TWITCH_DELAY_MS, '/mock/');
    bot = await startBot(
      loadConfig({
        ...base,
        DISCORD_TOKEN: discord.token,
        DISCORD_APPLICATION_ID: discord.applicationId,
        DISCORD_API_URL: discord.apiUrl,
        API_URL: apiUrl,
      }),
      logger,
      { onEventStreamOpen: () => streamOpened() },
    );
    await streamOpen;

    const samples: number[] = [];
    for (let round = 0; round < WARM_UP + ROUNDS; round++) {
      const startedAt = performance.now();
      const sent = discord.sendMessage({
        guildId: guild.id,
        channelId,
        author: moderator,
        content: '!sortear',
      });
      const reply = await discord.waitForMessage(
        (message) =>
          (message.messageReference as { message_id?: string } | undefined)?.message_id === sent.id,
        30_000,
      );
      if (!JSON.stringify(reply.components).includes('reroll:'))
        throw new Error(`not an announcement: ${reply.content}`);
      if (round >= WARM_UP) samples.push(performance.now() - startedAt);
    }
    // A draw made elsewhere (the dashboard): from the event's publication to the bot's post.
    const eventSamples: number[] = [];
    for (let round = 0; round < WARM_UP + ROUNDS; round++) {
      const response = await app.inject({
        method: 'POST',
        url: `/api/v1/channels/${SANDBOX_CHANNEL.login}/raffles`,
        headers: { authorization: `Bearer ${base.API_TOKEN}` },
        payload: { winners: 1 },
      });
      const raffleId = response.json().raffleId as number;
      await discord.waitForMessage(
        (message) =>
          !message.messageReference && JSON.stringify(message.components).includes(`"reroll:${raffleId}:1"`),
        30_000,
      );
      const published = publishedAt.get(raffleId);
      if (round >= WARM_UP && published !== undefined) eventSamples.push(performance.now() - published);
    }
    const p50 = percentile(samples, 50);
    const p95 = percentile(samples, 95);
    const eventP50 = percentile(eventSamples, 50);
    const eventP95 = percentile(eventSamples, 95);
    const lines = [
      '## Discord: `!sortear` to the announcement',
      '',
      `${ROUNDS} rounds after ${WARM_UP} warm-up, ${CHATTERS.toLocaleString('en')} chatters, the fake Twitch answering in ${TWITCH_DELAY_MS} ms per call, ${databaseUrl ? 'PostgreSQL' : 'PGlite (in memory)'}; real discord.js bot, real API on loopback, fake Discord.`,
      '',
      '| measure | p50 | p95 | target |',
      '|---|---|---|---|',
      `| \`!sortear\` → announcement | ${formatMs(p50)} ms | ${formatMs(p95)} ms | p50 ≤ ${TARGET_P50_MS} ms ${p50 <= TARGET_P50_MS ? '✅' : '❌'} |`,
      `| \`raffle.drawn\` event → bot's post (SSE, then Discord) | ${formatMs(eventP50)} ms | ${formatMs(eventP95)} ms | none for the bot; the overlay's is ≤ ${OVERLAY_TARGET_MS} ms ${eventP50 <= OVERLAY_TARGET_MS ? '✅' : '❌'} |`,
      '',
    ];
    return lines.join('\n');
  } finally {
    await bot?.stop();
    await discord.close();
    await app.close();
    await twitch.close();
    await database.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await measureDiscordDrawLatency(process.env.BENCH_DATABASE_URL));
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeMessage } from '../../src/sandbox/discord/index.ts';
import { SANDBOX_CHANNEL } from '../../src/sandbox/twitch/index.ts';
import { asService } from '../helpers/app.ts';
import { type BotWorld, embedText, startBotWorld } from './bot-world.ts';

const LOGIN = SANDBOX_CHANNEL.login;

async function until(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// API events become Discord messages in the linked server's announcement channel (SPEC §2, §5):
// through the real SSE stream, with the bot reconnecting after an API restart.
describe('announcements from API events', () => {
  let world: BotWorld;
  let streamOpens = 0;

  beforeAll(async () => {
    world = await startBotWorld({ bot: { onEventStreamOpen: () => streamOpens++ } });
    await until(() => streamOpens === 1, 'the event stream to open');
  });
  afterAll(async () => {
    await world?.close();
  });

  const posted = () => world.discord.messages(world.channelId).filter((message) => !message.messageReference);
  /** A message the bot posted by itself (not a reply) announcing that raffle, with its buttons. */
  const announcementOf = (raffleId: number) => (message: FakeMessage) =>
    !message.messageReference && JSON.stringify(message.components).includes(`"reroll:${raffleId}:1"`);
  const dashboardDraw = async () => {
    const response = await world.app.inject({
      method: 'POST',
      url: `/api/v1/channels/${LOGIN}/raffles`,
      headers: asService,
      payload: { winners: 1 },
    });
    expect(response.statusCode).toBe(201);
    return response.json().raffleId as number;
  };

  it('confirms the Twitch connection in the channel where !conectar was typed', async () => {
    await world.connectFromDiscord();
    const confirmation = await world.discord.waitForMessage(
      (message) => message.content.includes('Twitch conectada'),
      15_000,
    );
    expect(confirmation.channelId).toBe(world.channelId);
    expect(confirmation.content).toContain(LOGIN.replaceAll('_', '\\_'));
  });

  it('announces a draw made elsewhere (the dashboard), but not a second time where its own command answered', async () => {
    await world.say('!itens adicionar @everyone:10x*');
    const fromDashboard = await dashboardDraw();
    const announcement = await world.discord.waitForMessage(announcementOf(fromDashboard), 15_000);
    expect(embedText(announcement)).toContain(`#${fromDashboard}`);
    expect(embedText(announcement)).not.toContain('@everyone');
    expect(announcement.allowedMentions).toMatchObject({ parse: [] });

    const reply = await world.say('!sortear');
    const fromCommand = Number(/reroll:(\d+):1/.exec(JSON.stringify(reply.components))?.[1]);
    // Events are handled in order: once a later draw is announced, the command's event was handled.
    const marker = await dashboardDraw();
    await world.discord.waitForMessage(announcementOf(marker), 15_000);
    expect(posted().filter(announcementOf(fromCommand))).toEqual([]);
  });

  it('!iniciar 1s draws on each tick, announced here, and stops by itself when the prizes run out', async () => {
    await world.say('!itens limpar');
    await world.services.settings.update((await world.services.channels.findByLogin(LOGIN))?.id ?? 0, {
      cooldownMinutes: 0,
    });
    await world.say('!itens adicionar chave:1x3');
    const before = posted().length;
    const started = await world.say('!iniciar 1s');
    expect(started.content).toContain('a cada **1 s**');
    world.services.scheduler.start();
    const stopped = await world.discord.waitForMessage(
      (message) => message.content.includes('Sessão de sorteios encerrada'),
      20_000,
    );
    expect(stopped.content).toContain('os prêmios acabaram');
    expect(stopped.content).toContain('3 sorteio(s)');
    const during = posted().slice(before);
    const draws = during.filter((message) => embedText(message).includes('chave'));
    expect(draws).toHaveLength(3);
    // The command's own reply was the start notice; the event did not post a second one.
    expect(during.filter((message) => message.content.includes('Sessão de sorteios iniciada'))).toEqual([]);
  });

  it('warns when Twitch needs the streamer to reconnect', async () => {
    const channel = await world.services.channels.findByLogin(LOGIN);
    world.services.events.publish({
      type: 'channel.reconnect_needed',
      channel: LOGIN,
      channelId: channel?.id ?? 0,
      reason: 'refresh_refused',
    });
    const warning = await world.discord.waitForMessage((message) => message.content.includes('⚠️'), 15_000);
    expect(warning.content).toContain('!conectar');
  });

  it('says so when the streamer disconnects Twitch', async () => {
    const channel = await world.services.channels.findByLogin(LOGIN);
    world.services.events.publish({
      type: 'channel.disconnected',
      channel: LOGIN,
      channelId: channel?.id ?? 0,
    });
    const notice = await world.discord.waitForMessage((message) => message.content.includes('🔌'), 15_000);
    expect(notice.channelId).toBe(world.channelId);
    expect(notice.content).toContain('!conectar');
  });

  it('keeps announcing after the API restarts', async () => {
    await world.say('!itens adicionar brinde:1x*');
    await world.restartApi();
    await until(() => streamOpens === 2, 'the event stream to reopen');
    const raffleId = await dashboardDraw();
    await world.discord.waitForMessage(announcementOf(raffleId), 15_000);
  });
});

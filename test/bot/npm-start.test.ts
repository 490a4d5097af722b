import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeDiscord, startFakeDiscord } from '../../src/sandbox/discord/index.ts';
import { freePort, type RunningProcess, startKinoYu, waitForOk } from '../helpers/process.ts';

/** Answers the built-in sandbox's consent page like a streamer; returns where Twitch sends them back. */
async function consentInSandbox(loginUrl: string): Promise<string> {
  const login = await fetch(loginUrl, { redirect: 'manual' });
  const consentUrl = new URL(login.headers.get('location') ?? '');
  const page = await (await fetch(consentUrl)).text();
  const consent = /name="consent" value="([^"]+)"/.exec(page)?.[1] ?? '';
  const account = /name="account" value="([^"]+)"/.exec(page)?.[1] ?? '';
  const answer = await fetch(`${consentUrl.origin}/auth/authorize/decision`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ consent, account, decision: 'authorize', lang: 'pt-BR' }),
  });
  return answer.headers.get('location') ?? '';
}

// `npm start` with DISCORD_TOKEN: API and bot in one process (the bot still over HTTP), the real
// discord.js client talking to the fake Discord through DISCORD_API_URL, the built-in Twitch sandbox.
describe('npm start with the bot on', () => {
  let dataDir: string;
  let discord: FakeDiscord;
  let running: RunningProcess | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'kinoyu-bot-start-'));
    discord = await startFakeDiscord();
  });
  afterAll(async () => {
    running?.child.kill('SIGKILL');
    await discord?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('answers commands, confirms the connection from the event stream, and shuts down cleanly', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    running = startKinoYu({
      PORT: String(port),
      PUBLIC_URL: base,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      DISCORD_TOKEN: discord.token,
      DISCORD_APPLICATION_ID: discord.applicationId,
      DISCORD_API_URL: discord.apiUrl,
    });
    await waitForOk(`${base}/readyz`, running);
    await discord.waitForReady(1, 60_000);
    const deadline = Date.now() + 30_000;
    while (!running.output().includes('Discord bot ready') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(running.output()).toContain('Discord bot ready');
    expect(running.output()).not.toContain(discord.token);

    const guild = discord.addGuild({ name: 'live' });
    const channelId = guild.channels[0]?.id ?? '';
    const role = discord.addRole(guild.id, { name: 'mod', permissions: PermissionFlagsBits.ManageGuild });
    const moderator = discord.addMember(guild.id, { username: 'mod', roleIds: [role.id] });
    const say = async (content: string) => {
      const sent = discord.sendMessage({ guildId: guild.id, channelId, author: moderator, content });
      return discord.waitForMessage(
        (message) =>
          (message.messageReference as { message_id?: string } | undefined)?.message_id === sent.id,
        20_000,
      );
    };

    expect((await say('!conectar')).content).toContain('Enviei o link por mensagem direta');
    const direct = discord.directMessages(moderator.id).at(-1);
    const link = /https?:\/\/\S+/.exec(direct?.content ?? '')?.[0] ?? '';
    expect(link.startsWith(`${base}/auth/twitch/login?link=`)).toBe(true);
    const callback = await consentInSandbox(link);
    expect((await fetch(callback)).status).toBe(200);
    const confirmation = await discord.waitForMessage(
      (message) => message.content.includes('Twitch conectada'),
      20_000,
    );
    expect(confirmation.channelId).toBe(channelId);

    await say('!itens adicionar brinde:1x*');
    // The sandbox draws with its local drand beacon: the reply waits for the round, then is the result.
    const reply = await say('!sortear');
    const announcement = await discord.waitForMessage(
      (message) => message.id === reply.id && /reroll:\d+:1/.test(JSON.stringify(message.components)),
      20_000,
    );
    expect(JSON.stringify(announcement.embeds)).toContain('Rodada drand');

    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
  }, 180_000);
});

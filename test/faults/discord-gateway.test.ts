import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublishedEvent } from '../../src/events/event-bus.ts';
import type { FakeMessage } from '../../src/sandbox/discord/index.ts';
import { SANDBOX_CHANNEL } from '../../src/sandbox/twitch/index.ts';
import { type BotWorld, startBotWorld } from '../bot/bot-world.ts';
import { notAnnouncedOnce, readLedger, unverifiedProofs } from './draw-ledger.ts';

/** Gateway drops, in turn: 4000 keeps the session (discord.js RESUMEs and gets the replay), 4009 ends it. */
const DROPS = [4000, 4009, 4000, 4009, 4000] as const;
const BEFORE_DROP = 3;
const DURING_DROP = 2;

// SPEC §9 "Faults": the Discord gateway dropped and resumed (or re-identified) while moderators draw, and
// the same message delivered more than once. Every distinct !sortear draws once and is announced once.
describe('the Discord gateway dropped and resumed while moderators draw', () => {
  let world: BotWorld;
  const events: PublishedEvent[] = [];

  beforeAll(async () => {
    world = await startBotWorld();
    world.services.events.subscribe((event) => events.push(event));
    await world.connectFromDiscord();
    const channel = await world.services.channels.findByLogin(SANDBOX_CHANNEL.login);
    // Winners may win again: 30 chatters would otherwise run out before the commands do.
    await world.services.settings.update(channel?.id ?? 0, { cooldownMinutes: 0 });
    await world.say('!itens adicionar chave:1x500');
  });
  afterAll(async () => {
    await world?.close();
  });

  it('draws each distinct !sortear once and announces it once; repeated deliveries draw nothing', async () => {
    const firstId = 1_300_000_000_000_000_000n;
    const commands: string[] = [];
    let repeats = 0;
    let resumed = 0;
    /**
     * discord.js drops a MESSAGE_CREATE whose id it still caches; a repeat that comes after the message
     * left that cache (a busy channel, a restarted bot) reaches the bot's own seen-id memory and the
     * draw's idempotency key, the defences under test here.
     */
    const leaveClientCache = (id: string) => {
      const channel = world.bot.client.channels.cache.get(world.channelId);
      if (channel?.isTextBased()) channel.messages.cache.delete(id);
    };
    /** Sends !sortear as a new message (a fresh id), or again under the id of an earlier one. */
    const send = (id?: string) => {
      const messageId = id ?? String(firstId + BigInt(commands.length));
      if (id) {
        repeats += 1;
        leaveClientCache(id);
      } else {
        commands.push(messageId);
      }
      world.discord.sendMessage({
        guildId: world.guild.id,
        channelId: world.channelId,
        author: world.moderator,
        content: '!sortear',
        id: messageId,
      });
      return messageId;
    };
    const replyTo = (id: string) =>
      world.discord.waitForMessage(
        (message) => (message.messageReference as { message_id?: string } | undefined)?.message_id === id,
        15_000,
      );

    for (const code of DROPS) {
      const readyBefore = world.discord.readyCount;
      const sent = Array.from({ length: BEFORE_DROP }, () => send());
      if (code === 4000) {
        // Dropped with these still on the wire; what is sent meanwhile waits for the RESUME replay.
        world.discord.dropGateway(code);
      } else {
        // A session Discord ends forgets what was not delivered: draw first, then drop and wait for READY.
        await Promise.all(sent.map(replyTo));
        world.discord.dropGateway(code);
        await world.discord.waitForReady(readyBefore + 1, 15_000);
      }
      for (const id of sent) send(id);
      sent.push(...Array.from({ length: DURING_DROP }, () => send()));
      for (const id of sent.slice(0, 2)) send(id);
      await Promise.all(sent.map(replyTo));
      if (code === 4000 && world.discord.readyCount === readyBefore) resumed += 1;
    }
    // A last command after every repeat: its reply comes after theirs would have.
    await replyTo(send());

    const channel = await world.services.channels.findByLogin(SANDBOX_CHANNEL.login);
    const ledger = await readLedger(world.database.db, [channel?.id ?? 0]);
    const keysOf = (id: string) =>
      ledger.raffles.filter((raffle) => raffle.idempotencyKey === `discord-message-${id}`);
    const drawsPerCommand = commands.map((id) => `${id}×${keysOf(id).length}`);
    expect(drawsPerCommand.filter((entry) => !entry.endsWith('×1'))).toEqual([]);
    const commandRaffles = ledger.raffles.filter((raffle) => raffle.idempotencyKey?.startsWith('discord-'));
    expect(commandRaffles).toHaveLength(commands.length);
    expect(ledger.pendingIds).toEqual([]);
    expect(ledger.duplicateWinners).toEqual([]);

    const ids = commandRaffles.map((raffle) => raffle.id);
    const botMessages = world.discord.messages(world.channelId);
    const announcedInDiscord = (raffleId: number) =>
      botMessages.filter((message: FakeMessage) =>
        JSON.stringify(message.components).includes(`"reroll:${raffleId}:1"`),
      ).length;
    expect(
      ids.filter((id) => announcedInDiscord(id) !== 1).map((id) => `${id}×${announcedInDiscord(id)}`),
    ).toEqual([]);
    const replies = commands.map(
      (id) =>
        botMessages.filter(
          (message) => (message.messageReference as { message_id?: string } | undefined)?.message_id === id,
        ).length,
    );
    expect(replies.filter((count) => count !== 1)).toEqual([]);
    expect(notAnnouncedOnce(events, ids)).toEqual([]);
    expect(await unverifiedProofs(world.app, ids)).toEqual([]);
    expect(resumed).toBe(DROPS.filter((code) => code === 4000).length);

    console.log(
      `faults: discord — ${DROPS.length} gateway drops (${resumed} resumed with replay, ` +
        `${DROPS.length - resumed} re-identified) during ${commands.length} distinct !sortear and ${repeats} repeated ` +
        `deliveries: ${commandRaffles.length} drawn once each, 0 drawn by a repeat, ${ids.length} announced once in ` +
        `Discord and once on the event bus, ${ids.length} proofs verified, 0 lost, 0 doubled`,
    );
  }, 30_000);
});

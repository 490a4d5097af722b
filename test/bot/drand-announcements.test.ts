import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RaffleView } from '../../src/bot/api-types.ts';
import { QUICKNET_CHAIN_HASH } from '../../src/bot/render/beacon-announcement.ts';
import type { KinoYuEvent } from '../../src/contract/events.ts';
import type { FakeMessage } from '../../src/sandbox/discord/index.ts';
import { SANDBOX_CHANNEL } from '../../src/sandbox/twitch/index.ts';
import { type BotWorld, buttonIds, embedText, startBotWorld } from './bot-world.ts';

const LOGIN = SANDBOX_CHANNEL.login;
const LOCAL_CHAIN = 'f'.repeat(64);

type Event<T extends KinoYuEvent['type']> = Extract<KinoYuEvent, { type: T }>;

// Draws with public randomness in Discord (SPEC §4.1): the API's raffle.snapshot, raffle.drawn and
// raffle.voided events, published on the world's event bus, reach the real discord.js client through
// the real SSE stream. A one-off draw shows "waiting for drand round N" and that same message becomes
// the result (or "void"); session ticks go straight to their result.
describe('draws waiting for their drand round, in Discord', () => {
  let world: BotWorld;
  let channelId = 0;
  let nextRaffleId = 900_000;

  beforeAll(async () => {
    world = await startBotWorld();
    await world.connectFromDiscord();
    await world.discord.waitForMessage((message) => message.content.includes('Twitch conectada'), 15_000);
    channelId = (await world.services.channels.findByLogin(LOGIN))?.id ?? 0;
  });
  afterAll(async () => {
    await world?.close();
  });

  /** A raffle view as the API shows it: pending on its round, or drawn with `winners`. */
  function raffle(
    raffleId: number,
    options: { chainHash?: string; round?: number; winners?: string[]; trigger?: 'session' } = {},
  ): RaffleView {
    const roundAt = new Date(Date.now() + 3_000).toISOString();
    const drawn = options.winners !== undefined;
    return {
      raffleId,
      channel: LOGIN,
      status: drawn ? 'drawn' : 'pending',
      reason: null,
      commitment: 'ab'.repeat(32),
      entrantsDigest: '0123456789ab'.padEnd(64, 'c'),
      seed: drawn ? 'd'.repeat(64) : null,
      winnersRequested: 1,
      eligibleCount: 27,
      excludedCount: 0,
      createdAt: new Date().toISOString(),
      drawnAt: drawn ? new Date().toISOString() : null,
      sessionTick: options.trigger === 'session' ? 1 : null,
      dueAt: null,
      snapshotAt: new Date().toISOString(),
      beacon: {
        chainHash: options.chainHash ?? QUICKNET_CHAIN_HASH,
        round: options.round ?? 5_000_001,
        roundAt,
        randomness: drawn ? 'e'.repeat(64) : null,
      },
      winners: (options.winners ?? []).map((login, index) => ({
        position: index + 1,
        userId: String(7000 + index),
        login,
        itemId: null,
        itemName: null,
        hasCode: false,
        claim: null,
      })),
      replaced: [],
      proofUrl: `http://kinoyu.test/api/v1/raffles/${raffleId}/proof`,
      proofPageUrl: `http://kinoyu.test/r/${raffleId}`,
      claimPageUrl: 'http://kinoyu.test/resgatar',
    };
  }

  function snapshot(
    view: RaffleView,
    trigger: 'command' | 'dashboard' | 'session' = 'dashboard',
    requestedByGuild: string | null = null,
  ): Event<'raffle.snapshot'> {
    const beacon = view.beacon ?? { chainHash: QUICKNET_CHAIN_HASH, round: 1, roundAt: '' };
    return {
      type: 'raffle.snapshot',
      channel: LOGIN,
      channelId,
      raffleId: view.raffleId,
      entrantsDigest: view.entrantsDigest ?? '',
      snapshotAt: view.snapshotAt ?? '',
      round: beacon.round,
      chainHash: beacon.chainHash,
      roundAt: beacon.roundAt,
      trigger,
      requestedByGuild,
      sessionId: trigger === 'session' ? 1 : null,
      raffle: view,
    };
  }

  function drawn(
    view: RaffleView,
    trigger: 'command' | 'dashboard' | 'session' = 'dashboard',
    requestedByGuild: string | null = null,
  ): Event<'raffle.drawn'> {
    return {
      type: 'raffle.drawn',
      channel: LOGIN,
      channelId,
      raffleId: view.raffleId,
      trigger,
      requestedByGuild,
      sessionId: trigger === 'session' ? 1 : null,
      position: null,
      replaced: null,
      raffle: view,
    };
  }

  function voided(view: RaffleView): Event<'raffle.voided'> {
    return {
      type: 'raffle.voided',
      channel: LOGIN,
      channelId,
      raffleId: view.raffleId,
      reason: 'beacon_unavailable',
      sessionId: null,
      raffle: { ...view, status: 'void', reason: 'beacon_unavailable' },
    };
  }

  const publish = (event: KinoYuEvent) => world.services.events.publish(event);
  /** The bot's messages in the announcement channel that show this raffle (its id field). */
  const showing = (raffleId: number) =>
    world.discord
      .messages(world.channelId)
      .filter((message) => embedText(message).includes(`"#${raffleId}"`));
  const shown = (raffleId: number, text: string) =>
    world.discord.waitForMessage(
      (message) => embedText(message).includes(`"#${raffleId}"`) && embedText(message).includes(text),
      15_000,
    );
  const countdown = (iso: string | undefined) => `<t:${Math.floor(Date.parse(iso ?? '') / 1000)}:R>`;
  /** Publishes a marker draw and waits for it: every event published before it has been handled. */
  const settled = async () => {
    const marker = raffle(++nextRaffleId, { winners: ['marcador'] });
    publish(drawn(marker, 'session'));
    await shown(marker.raffleId, 'marcador');
  };

  it('a one-off draw shows the frozen list and the round it waits for, then that message becomes the result', async () => {
    const pending = raffle(++nextRaffleId);
    publish(snapshot(pending));
    const waiting = await shown(pending.raffleId, 'aguardando o drand');
    const text = embedText(waiting);
    expect(text).toContain('27 participante(s) elegível(is)');
    expect(text).toContain('`0123456789ab`');
    expect(text).toContain(`https://api.drand.sh/${QUICKNET_CHAIN_HASH}/public/5000001`);
    expect(text).toContain(countdown(pending.beacon?.roundAt));
    expect(text).toContain(countdown(pending.beacon?.roundAt).replace(':R>', ':T>'));
    expect(text).not.toContain('atrasada');
    expect(text).toContain(pending.proofPageUrl);
    expect(buttonIds(waiting)).toEqual([]);
    expect(waiting.allowedMentions).toMatchObject({ parse: [] });

    publish(drawn(raffle(pending.raffleId, { winners: ['anafa'] })));
    const result = await world.discord.waitForMessage(
      (message) => message.id === waiting.id && embedText(message).includes('anafa'),
      15_000,
    );
    expect(embedText(result)).toContain('🎉 Sorteio em');
    expect(embedText(result)).toContain('Rodada drand');
    expect(embedText(result)).toContain(`https://api.drand.sh/${QUICKNET_CHAIN_HASH}/public/5000001`);
    expect(embedText(result)).not.toContain('aguardando');
    expect(buttonIds(result)).toEqual([`reroll:${pending.raffleId}:1`]);
    await settled();
    expect(showing(pending.raffleId).map((message) => message.id)).toEqual([waiting.id]);
  });

  it('a draw whose round never came is edited into "void", and the seed is never revealed', async () => {
    const pending = raffle(++nextRaffleId, { round: 5_000_077 });
    publish(snapshot(pending, 'command', 'another-guild'));
    const waiting = await shown(pending.raffleId, 'aguardando o drand');
    publish(voided(pending));
    const void_ = await world.discord.waitForMessage(
      (message) => message.id === waiting.id && embedText(message).includes('🚫 Sorteio anulado'),
      15_000,
    );
    expect(embedText(void_)).toContain('nunca chegou');
    expect(embedText(void_)).toContain('a semente nunca será revelada');
    expect(embedText(void_)).toContain('5000077');
    expect(embedText(void_)).not.toContain('aguardando');
    await settled();
    expect(showing(pending.raffleId)).toHaveLength(1);
  });

  it('a session tick posts no waiting message: its result alone, with the round', async () => {
    const pending = raffle(++nextRaffleId, { trigger: 'session', round: 5_000_100 });
    publish(snapshot(pending, 'session'));
    publish(
      drawn(
        raffle(pending.raffleId, { winners: ['biafa'], trigger: 'session', round: 5_000_100 }),
        'session',
      ),
    );
    const result = await shown(pending.raffleId, 'biafa');
    expect(result.editedAt).toBeNull();
    expect(embedText(result)).toContain('5000100');
    await settled();
    expect(showing(pending.raffleId)).toHaveLength(1);
  });

  it('posts nothing in the server whose command caused the draw when that command is no longer waiting', async () => {
    const pending = raffle(++nextRaffleId);
    publish(snapshot(pending, 'command', world.guild.id));
    publish(drawn(raffle(pending.raffleId, { winners: ['caiofa'] }), 'command', world.guild.id));
    await settled();
    expect(showing(pending.raffleId)).toEqual([]);
  });

  it('speaks English when the server chose it, and names a round of another chain without a link', async () => {
    await world.say('!idioma en');
    try {
      const pending = raffle(++nextRaffleId, { chainHash: LOCAL_CHAIN, round: 42 });
      publish(snapshot(pending));
      const waiting = await shown(pending.raffleId, 'waiting for drand');
      expect(embedText(waiting)).toContain('The list of 27 eligible entrant(s) is frozen');
      expect(embedText(waiting)).toContain('drand round **42**');
      expect(embedText(waiting)).not.toContain('api.drand.sh');
      publish(drawn(raffle(pending.raffleId, { chainHash: LOCAL_CHAIN, round: 42, winners: ['davifa'] })));
      const result = await world.discord.waitForMessage(
        (message) => message.id === waiting.id && embedText(message).includes('davifa'),
        15_000,
      );
      expect(embedText(result)).toContain('drand round');
      expect(embedText(result)).toContain('"value":"42"');

      const lost = raffle(++nextRaffleId, { chainHash: LOCAL_CHAIN, round: 43 });
      publish(snapshot(lost));
      const second = await shown(lost.raffleId, 'waiting for drand');
      publish(voided(lost));
      const void_ = await world.discord.waitForMessage(
        (message) => message.id === second.id && embedText(message).includes('🚫 Raffle void'),
        15_000,
      );
      expect(embedText(void_)).toContain('drand round **43** never came');
      expect(embedText(void_)).toContain('the seed will never be revealed');
    } finally {
      await world.say('!idioma pt');
    }
  });

  it('!sortear shows the round it waits for in its own reply, then edits that reply into the result', async () => {
    await world.say('!itens adicionar chaveiro:1x*');
    // A slow Twitch holds the API's answer, as the wait for a drand round does.
    world.twitch.setDelay(1_500, '/mock/chat/chatters');
    try {
      const command = world.discord.sendMessage({
        guildId: world.guild.id,
        channelId: world.channelId,
        author: world.moderator,
        content: '!sortear',
      });
      const replyTo = (message: FakeMessage) =>
        (message.messageReference as { message_id?: string } | undefined)?.message_id === command.id;
      // The command registers itself once it calls the API: until then the event finds no one (and
      // is not posted in this server), so it is published until the reply shows it.
      const pending = raffle(++nextRaffleId, { round: 5_000_200 });
      const event = snapshot(pending, 'command', world.guild.id);
      const timer = setInterval(() => publish(event), 100);
      let waiting: FakeMessage;
      try {
        waiting = await world.discord.waitForMessage(
          (message) => replyTo(message) && embedText(message).includes('aguardando o drand'),
          15_000,
        );
      } finally {
        clearInterval(timer);
      }
      expect(embedText(waiting)).toContain('5000200');
      const result = await world.discord.waitForMessage(
        (message) => message.id === waiting.id && embedText(message).includes('chaveiro'),
        15_000,
      );
      expect(embedText(result)).toContain('🎉 Sorteio em');
      await settled();
      expect(world.discord.messages(world.channelId).filter(replyTo)).toHaveLength(1);
      expect(showing(pending.raffleId)).toEqual([]);
    } finally {
      world.twitch.setDelay(0, '/mock/chat/chatters');
    }
  });

  it('/sorteio sortear defers at once, shows the round it waits for, then the result in the same reply', async () => {
    world.twitch.setDelay(1_500, '/mock/chat/chatters');
    try {
      const interaction = world.discord.runSlashCommand({
        guildId: world.guild.id,
        channelId: world.channelId,
        user: world.moderator,
        name: 'sorteio',
        subcommand: 'sortear',
        options: {},
      });
      const pending = raffle(++nextRaffleId, { round: 5_000_300 });
      const event = snapshot(pending, 'command', world.guild.id);
      const timer = setInterval(() => publish(event), 100);
      try {
        await interaction.waitForResponse(
          (response) =>
            response.kind === 'edit_original' && JSON.stringify(response.body).includes('5000300'),
          15_000,
        );
      } finally {
        clearInterval(timer);
      }
      await interaction.waitForResponse(
        (response) => response.kind === 'edit_original' && JSON.stringify(response.body).includes('chaveiro'),
        15_000,
      );
      expect(interaction.responses[0]).toMatchObject({ kind: 'callback', type: 5 });
      expect(interaction.refused).toEqual([]);
      expect(interaction.responses.map((response) => response.kind)).toEqual([
        'callback',
        'edit_original',
        'edit_original',
      ]);
    } finally {
      world.twitch.setDelay(0, '/mock/chat/chatters');
    }
  });
});

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RaffleView } from '../../src/bot/api-types.ts';
import type { FakeMessage } from '../../src/sandbox/discord/index.ts';
import { SANDBOX_CHANNEL } from '../../src/sandbox/twitch/index.ts';
import { asService } from '../helpers/app.ts';
import { type BotWorld, buttonIds, embedText, startBotWorld } from './bot-world.ts';
import { linkAsViewer } from './viewer-link.ts';

const LOGIN = SANDBOX_CHANNEL.login;

// Public randomness end to end (SPEC §4.1): the real API drawing with a local drand beacon (one round
// a second), its events through the real SSE stream, the real discord.js client against the fake
// Discord. A draw's message shows the round it waits for, then becomes the result, in one message.
describe('draws with a drand round, from Discord to the beacon and back', () => {
  let world: BotWorld;

  beforeAll(async () => {
    world = await startBotWorld({ beacon: true });
    await world.connectFromDiscord();
    await world.discord.waitForMessage((message) => message.content.includes('Twitch conectada'), 15_000);
    const channel = await world.services.channels.findByLogin(LOGIN);
    await world.services.settings.update(channel?.id ?? 0, { cooldownMinutes: 0 });
    await world.say('!itens adicionar medalha:1x*');
  });
  afterAll(async () => {
    await world?.close();
  });

  const raffleIdOf = (message: FakeMessage) => Number(/"#(\d+)"/.exec(embedText(message))?.[1] ?? Number.NaN);
  const showing = (raffleId: number) =>
    world.discord
      .messages(world.channelId)
      .filter((message) => embedText(message).includes(`"#${raffleId}"`));
  const beacon = () => {
    if (!world.beacon) throw new Error('this world has no beacon');
    return world.beacon;
  };
  const waiter = () => {
    const { beaconWaiter } = world.services;
    if (!beaconWaiter) throw new Error('this world has no beacon waiter');
    return beaconWaiter;
  };
  /** A moderator types `!sortear`; resolves with its reply once it shows "waiting", and a way to match it. */
  async function drawFromDiscord() {
    const command = world.discord.sendMessage({
      guildId: world.guild.id,
      channelId: world.channelId,
      author: world.moderator,
      content: '!sortear',
    });
    const isReply = (message: FakeMessage) =>
      (message.messageReference as { message_id?: string } | undefined)?.message_id === command.id;
    const waiting = await world.discord.waitForMessage(
      (message) => isReply(message) && embedText(message).includes('aguardando o drand'),
      15_000,
    );
    return { waiting, isReply };
  }

  /** The reply once the API's 202 edited it (still waiting, the round late): the raffle view says so too. */
  async function answeredPending(waiting: FakeMessage): Promise<FakeMessage> {
    const answered = await world.discord.waitForMessage(
      (message) => message.id === waiting.id && embedText(message).includes('A rodada está atrasada'),
      15_000,
    );
    expect(embedText(answered)).toContain('aguardando o drand');
    expect(embedText(answered)).toContain('anulado');
    const view = (
      await world.app.inject({
        method: 'GET',
        url: `/api/v1/raffles/${raffleIdOf(waiting)}`,
        headers: asService,
      })
    ).json() as RaffleView;
    expect(view.status).toBe('pending');
    expect(view.beacon?.randomness).toBeNull();
    return answered;
  }

  it('!sortear shows the round it waits for, then that same reply becomes the result with the round', async () => {
    const { waiting, isReply } = await drawFromDiscord();
    const raffleId = raffleIdOf(waiting);
    const round = Number(/rodada \*\*(\d+)\*\*/.exec(embedText(waiting))?.[1]);
    expect(round).toBeGreaterThan(0);
    expect(embedText(waiting)).not.toContain('api.drand.sh'); // a local chain, not quicknet

    const result = await world.discord.waitForMessage(
      (message) => message.id === waiting.id && embedText(message).includes('medalha'),
      15_000,
    );
    expect(embedText(result)).toContain('Rodada drand');
    expect(embedText(result)).toContain(`"value":"${round}"`);
    expect(buttonIds(result)).toContain(`reroll:${raffleId}:1`);
    const proof = (
      await world.app.inject({ method: 'GET', url: `/api/v1/raffles/${raffleId}/proof` })
    ).json();
    expect(proof.beacon.round).toBe(round);
    // The command's reply is the announcement here: one message, not a second one from the event.
    await world.bot.announcer.idle();
    expect(world.discord.messages(world.channelId).filter(isReply)).toHaveLength(1);
    expect(showing(raffleId).map((message) => message.id)).toEqual([waiting.id]);
  });

  it('when the round is late (202), the reply waits, and the late draw edits it into the result', async () => {
    beacon().faults.wrongSignature = true;
    let waiting: FakeMessage;
    let isReply: (message: FakeMessage) => boolean;
    try {
      ({ waiting, isReply } = await drawFromDiscord());
      // The API gives up 2 s after the round's time and answers 202: the reply shows that answer.
      waiting = await answeredPending(waiting);
    } finally {
      beacon().faults.wrongSignature = false;
    }
    const raffleId = raffleIdOf(waiting);
    expect(embedText(waiting)).toContain('aguardando o drand');
    await vi.waitFor(
      () =>
        waiter()
          .runOnce()
          .then(({ drawn }) => expect(drawn).toBeGreaterThan(0)),
      {
        timeout: 15_000,
        interval: 300,
      },
    );
    const result = await world.discord.waitForMessage(
      (message) => message.id === waiting.id && embedText(message).includes('medalha'),
      15_000,
    );
    expect(embedText(result)).toContain('Rodada drand');
    await world.bot.announcer.idle();
    expect(world.discord.messages(world.channelId).filter(isReply)).toHaveLength(1);
    expect(showing(raffleId)).toHaveLength(1);
  });

  it('when the round never comes, the reply is edited to say the draw is void', async () => {
    beacon().faults.down = 'unavailable';
    try {
      const { waiting, isReply } = await drawFromDiscord();
      const raffleId = raffleIdOf(waiting);
      await answeredPending(waiting);
      // Two minutes pass (the round's time is moved back rather than waited for).
      await sql`update raffles set beacon_round_at = now() - interval '121 seconds'
                 where id = ${raffleId}`.execute(world.database.db);
      await vi.waitFor(
        () =>
          waiter()
            .runOnce()
            .then(({ voided }) => expect(voided).toBeGreaterThan(0)),
        {
          timeout: 15_000,
          interval: 300,
        },
      );
      const void_ = await world.discord.waitForMessage(
        (message) => message.id === waiting.id && embedText(message).includes('🚫 Sorteio anulado'),
        15_000,
      );
      expect(embedText(void_)).toContain('nunca chegou');
      await world.bot.announcer.idle();
      expect(world.discord.messages(world.channelId).filter(isReply)).toHaveLength(1);
      expect(showing(raffleId)).toHaveLength(1);
    } finally {
      beacon().faults.down = false;
    }
  });

  it('a draw from elsewhere is announced waiting for its round, then edited into the result', async () => {
    const announced = world.discord.waitForMessage(
      (message) => !message.messageReference && embedText(message).includes('aguardando o drand'),
      15_000,
    );
    const response = await world.app.inject({
      method: 'POST',
      url: `/api/v1/channels/${LOGIN}/raffles`,
      headers: asService,
      payload: { winners: 1 },
    });
    expect(response.statusCode).toBe(201);
    const { raffleId } = response.json() as RaffleView;
    const waiting = await announced;
    expect(raffleIdOf(waiting)).toBe(raffleId);
    await world.discord.waitForMessage(
      (message) => message.id === waiting.id && embedText(message).includes('medalha'),
      15_000,
    );
    await world.bot.announcer.idle();
    expect(showing(raffleId)).toHaveLength(1);
  });

  it('session ticks post no waiting message: each result is posted once, with its round', async () => {
    await world.say('!itens limpar');
    await world.say('!itens adicionar chave:1x2');
    const before = world.discord.messages(world.channelId).length;
    await world.say('!iniciar 1s');
    world.services.scheduler.start();
    const stopped = await world.discord.waitForMessage(
      (message) => message.content.includes('Sessão de sorteios encerrada'),
      30_000,
    );
    expect(stopped.content).toContain('os prêmios acabaram');
    await world.bot.announcer.idle();
    const posted = world.discord
      .messages(world.channelId)
      .slice(before)
      .filter((message) => !message.messageReference);
    const results = posted.filter((message) => embedText(message).includes('chave'));
    expect(results).toHaveLength(2);
    for (const result of results) {
      expect(embedText(result)).toContain('Rodada drand');
      expect(result.editedAt).toBeNull(); // posted as the result, not a waiting message edited
    }
    expect(posted.filter((message) => embedText(message).includes('aguardando'))).toEqual([]);
  });
  // Discord notifies the users a message mentions when it is sent, not when it is edited: a result that
  // replaced "waiting for drand round N" pings its linked winners with a short message below it.
  describe('a linked winner of a draw that waited for its round', () => {
    let linkedLogin = '';

    beforeAll(async () => {
      await world.say('!itens limpar');
      await world.say('!itens adicionar medalha:1x*');
      const channel = await world.services.channels.findByLogin(LOGIN);
      await world.services.settings.update(channel?.id ?? 0, {
        entryMode: 'keyword',
        entryRequiresPresence: false,
      });
      const listener = world.services.chatListener;
      if (!listener) throw new Error('no chat listener');
      const subscribed = listener.subscribed();
      listener.listen(channel?.id ?? 0, SANDBOX_CHANNEL.id ?? '');
      await subscribed;
      const before = world.discord.directMessages(world.viewer.id).length;
      await world.say('!vincular', world.viewer);
      const url = /https?:\/\/\S+/.exec(
        world.discord.directMessages(world.viewer.id)[before]?.content ?? '',
      )?.[0];
      linkedLogin = (await linkAsViewer(world.app, url ?? '')).login;
      // Entries only the linked viewer joins: every draw gives them the prize.
      await service('POST', `/api/v1/channels/${LOGIN}/entries`, { keyword: '!eu' });
      world.twitch.pushChatMessage({ chatter: linkedLogin, text: '!eu' });
      await vi.waitFor(
        async () =>
          expect(
            ((await service('GET', `/api/v1/channels/${LOGIN}/entries`)) as { count: number }).count,
          ).toBe(1),
        { timeout: 15_000, interval: 50 },
      );
      await service('DELETE', `/api/v1/channels/${LOGIN}/entries`);
    });

    async function service(method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) {
      const response = await world.app.inject({
        method,
        url,
        headers: asService,
        ...(payload && { payload }),
      });
      if (response.statusCode >= 300) throw new Error(`${method} ${url} answered ${response.statusCode}`);
      return response.body ? response.json() : undefined;
    }
    const mention = () => `<@${world.viewer.id}>`;
    /** Messages that ping the viewer and name the raffle, other than the result itself. */
    const pings = (raffleId: number, resultId: string) =>
      world.discord
        .messages(world.channelId)
        .filter(
          (message) =>
            message.id !== resultId &&
            message.content.includes(mention()) &&
            message.content.includes(`#${raffleId}`),
        );

    it('!sortear: the reply is edited into the result, and the winner is pinged once below it', async () => {
      const { waiting } = await drawFromDiscord();
      const raffleId = raffleIdOf(waiting);
      const result = await world.discord.waitForMessage(
        (message) => message.id === waiting.id && embedText(message).includes('medalha'),
        15_000,
      );
      expect(result.content).toContain(mention()); // shown in the edit, which pings nobody
      const ping = await world.discord.waitForMessage(
        (message) => message.id !== waiting.id && message.content.includes(`#${raffleId}`),
        15_000,
      );
      expect(ping.content).toContain(mention());
      expect(ping.content).toContain('está na mensagem acima');
      expect(ping.allowedMentions).toMatchObject({ parse: [], users: [world.viewer.id] });
      await world.bot.announcer.idle();
      expect(pings(raffleId, waiting.id)).toEqual([ping]);
    });

    it('a draw from the dashboard: the waiting message becomes the result, and the winner is pinged below it', async () => {
      const announced = world.discord.waitForMessage(
        (message) => !message.messageReference && embedText(message).includes('aguardando o drand'),
        15_000,
      );
      const { raffleId } = (await service('POST', `/api/v1/channels/${LOGIN}/raffles`, {
        winners: 1,
      })) as RaffleView;
      const waiting = await announced;
      const result = await world.discord.waitForMessage(
        (message) => message.id === waiting.id && embedText(message).includes('medalha'),
        15_000,
      );
      expect(result.content).toContain(mention());
      const ping = await world.discord.waitForMessage(
        (message) => message.id !== waiting.id && message.content.includes(`#${raffleId}`),
        15_000,
      );
      expect(ping.allowedMentions).toMatchObject({ parse: [], users: [world.viewer.id] });
      await world.bot.announcer.idle();
      expect(pings(raffleId, waiting.id)).toEqual([ping]);
    });
  });
});

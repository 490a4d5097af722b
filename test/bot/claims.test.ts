import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EntriesView, RaffleView } from '../../src/bot/api-types.ts';
import type { FakeInteraction, FakeMessage } from '../../src/sandbox/discord/index.ts';
import { SANDBOX_CHANNEL } from '../../src/sandbox/twitch/index.ts';
import { asService } from '../helpers/app.ts';
import { windowRanWhileNobodyListened } from '../helpers/claims.ts';
import { type BotWorld, buttonIds, embedText, startBotWorld } from './bot-world.ts';

const LOGIN = SANDBOX_CHANNEL.login;
const ENTRANTS = ['ana_fa', 'bia_fa', 'caio_fa'];

// Entries by keyword and claim windows in Discord (SPEC §2.6, §2.7), end to end: the real discord.js
// client against the fake Discord, the real API and its claim service, viewers typing in the fake
// Twitch's chat (delivered through EventSub to the API's chat listener).
describe('entries by keyword and claim windows, from Discord', () => {
  let world: BotWorld;
  let channelId = 0;

  beforeAll(async () => {
    world = await startBotWorld();
    await world.connectFromDiscord();
    await world.discord.waitForMessage((message) => message.content.includes('Twitch conectada'), 15_000);
    const channel = await world.services.channels.findByLogin(LOGIN);
    channelId = channel?.id ?? 0;
    await world.services.settings.update(channelId, {
      entryMode: 'keyword',
      claimEnabled: true,
      claimWord: '!claim',
      claimSeconds: 60,
      cooldownMinutes: 0,
    });
    await world.say('!itens adicionar chave:1x8');
    const listener = world.services.chatListener;
    if (!listener) throw new Error('no chat listener');
    const subscribed = listener.subscribed();
    listener.listen(channelId, SANDBOX_CHANNEL.id ?? '');
    await subscribed;
    // The heartbeat tells the expiry pass someone listens to chat; its timer also runs passes.
    await world.services.claims.start();
  });
  afterAll(async () => {
    await world?.close();
  });

  const api = async <T>(method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object): Promise<T> => {
    const response = await world.app.inject({ method, url, headers: asService, payload });
    expect(response.statusCode, `${method} ${url}`).toBeLessThan(300);
    return response.json() as T;
  };
  const raffleOf = (message: FakeMessage) =>
    Number(/reroll:(\d+):1/.exec(JSON.stringify(message.components))?.[1] ?? Number.NaN);
  /** The bot's messages in the channel that show this raffle (its id field), buttons or not. */
  const showing = (raffleId: number) =>
    world.discord
      .messages(world.channelId)
      .filter((message) => embedText(message).includes(`"#${raffleId}"`));
  const countdownOf = (deadline: string | null | undefined) =>
    `<t:${Math.floor(Date.parse(deadline ?? '') / 1000)}:R>`;
  /** The bot's message `id` once an edit made its embed say `text`. */
  const editedTo = (id: string, text: string) =>
    world.discord.waitForMessage((message) => message.id === id && embedText(message).includes(text), 15_000);
  /** Ends the current claim windows of a raffle now, as if their time had run out, and runs the pass. */
  const expireNow = async (raffleId: number) => {
    await world.database.db
      .updateTable('raffle_winners')
      .set({ claim_started_at: new Date(Date.now() - 1000), claim_deadline: new Date(Date.now() - 100) })
      .where('raffle_id', '=', raffleId)
      .where('replaced_at', 'is', null)
      .where('claim_state', '=', 'awaiting_claim')
      .execute();
    await world.services.claims.runOnce();
  };

  it('!abrir opens entries with its keyword; a second !abrir and a non-manager are refused', async () => {
    const opened = await world.say('!abrir !quero');
    expect(opened.content).toContain('Inscrições abertas');
    expect(opened.content).toContain('**!quero**');
    expect(opened.allowedMentions).toMatchObject({ parse: [] });
    const twice = await world.say('!abrir');
    expect(twice.content).toContain('As inscrições já estão abertas');
    const refused = await world.say('!fechar', world.viewer);
    expect(refused.content).toContain('Gerenciar servidor');
    expect((await api<EntriesView>('GET', `/api/v1/channels/${LOGIN}/entries`)).open).toBe(true);
    const help = embedText(await world.say('!ajuda'));
    expect(help).toContain('`!abrir [palavra]`');
    expect(help).toContain('`!fechar`');
  });

  it('viewers who type the keyword in Twitch chat enter, and !status shows the window', async () => {
    for (const login of ENTRANTS) world.twitch.pushChatMessage({ chatter: login, text: '!quero' });
    world.twitch.pushChatMessage({ chatter: 'so_conversa', text: 'quero muito' });
    await vi.waitFor(
      async () => expect((await api<EntriesView>('GET', `/api/v1/channels/${LOGIN}/entries`)).count).toBe(3),
      { timeout: 15_000, interval: 50 },
    );
    const status = await world.say('!status');
    const text = embedText(status);
    expect(text).toContain('Inscrições (modo palavra-chave)');
    expect(text).toContain('🟢 abertas');
    expect(text).toContain('**!quero**');
    expect(text).toContain('3 inscrito(s), 0 recusado(s)');
    expect(text).not.toContain('Elegíveis no chat');
  });

  it('!sortear shows the claim countdown; the winner types !claim and the reply is edited to claimed', async () => {
    const reply = await world.say('!sortear');
    const raffleId = raffleOf(reply);
    const raffle = await api<RaffleView>('GET', `/api/v1/raffles/${raffleId}`);
    const [winner] = raffle.winners;
    expect(ENTRANTS).toContain(winner?.login);
    expect(winner?.claim?.state).toBe('awaiting_claim');
    expect(embedText(reply)).toContain('digite **!claim** no chat da Twitch');
    expect(embedText(reply)).toContain(countdownOf(winner?.claim?.deadline));

    // Someone else's claim word claims nothing.
    const other = ENTRANTS.find((login) => login !== winner?.login) ?? '';
    world.twitch.pushChatMessage({ chatter: other, text: '!claim' });
    world.twitch.pushChatMessage({ chatter: winner?.login ?? '', text: '  !CLAIM ' });
    const claimed = await editedTo(reply.id, '✅ resgatado');
    expect(embedText(claimed)).not.toContain('<t:');
    expect(claimed.allowedMentions).toMatchObject({ parse: [] });
    expect((await api<RaffleView>('GET', `/api/v1/raffles/${raffleId}`)).winners[0]?.claim?.state).toBe(
      'claimed',
    );
    // Edited where it was, not announced again.
    expect(showing(raffleId).map((message) => message.id)).toEqual([reply.id]);
  });

  it('!fechar closes entries with the count; !fechar again says they are not open', async () => {
    const closed = await world.say('!fechar');
    expect(closed.content).toContain('Inscrições encerradas: 3 inscrito(s)');
    const again = await world.say('!fechar');
    expect(again.content).toContain('Não há inscrições abertas');
    expect(again.content).toContain('`!abrir [palavra]`');
  });

  it('nobody claims: the slot is redrawn among the entrants, then forfeited, each step an edit of the reply', async () => {
    await world.services.settings.update(channelId, { claimSeconds: 5, claimMaxRedraws: 1 });
    const stockBefore = (
      await api<{ items: { name: string; quantity: number }[] }>('GET', `/api/v1/channels/${LOGIN}/items`)
    ).items[0]?.quantity;
    const reply = await world.say('!sortear');
    const raffleId = raffleOf(reply);
    const first = (await api<RaffleView>('GET', `/api/v1/raffles/${raffleId}`)).winners[0];
    expect(embedText(reply)).toContain(countdownOf(first?.claim?.deadline));

    await expireNow(raffleId);
    const redrawn = await editedTo(reply.id, 'não resgatou — novo sorteio');
    const second = (await api<RaffleView>('GET', `/api/v1/raffles/${raffleId}`)).winners[0];
    expect(second?.login).not.toBe(first?.login);
    expect(ENTRANTS).toContain(second?.login);
    const escaped = (login = '') => login.replaceAll('_', '\\\\_');
    expect(embedText(redrawn)).toContain(
      `vaga 1: @${escaped(first?.login)} não resgatou — novo sorteio: @${escaped(second?.login)}`,
    );
    expect(embedText(redrawn)).toContain(countdownOf(second?.claim?.deadline));
    expect(buttonIds(redrawn)).toEqual([`claim:${raffleId}:1`, `reroll:${raffleId}:1`]);

    await expireNow(raffleId);
    const forfeited = await editedTo(reply.id, 'não resgatado — prêmio voltou ao estoque');
    expect(embedText(forfeited)).toContain(`~~${escaped(second?.login)}~~`);
    expect(embedText(forfeited)).not.toContain('<t:');
    expect(buttonIds(forfeited)).toEqual([]);
    const stockAfter = (
      await api<{ items: { quantity: number }[] }>('GET', `/api/v1/channels/${LOGIN}/items`)
    ).items[0]?.quantity;
    expect(stockAfter).toBe(stockBefore);
    expect(showing(raffleId).map((message) => message.id)).toEqual([reply.id]);
  });

  it('a window started again after API downtime edits the reply with the new countdown', async () => {
    await world.services.settings.update(channelId, { claimSeconds: 60, claimMaxRedraws: 1 });
    const reply = await world.say('!sortear');
    const raffleId = raffleOf(reply);
    const holder = (await api<RaffleView>('GET', `/api/v1/raffles/${raffleId}`)).winners[0];
    // The window ran out entirely before any API process that is alive now had started.
    await windowRanWhileNobodyListened(world.database.db, raffleId);
    await world.services.claims.runOnce();
    const after = (await api<RaffleView>('GET', `/api/v1/raffles/${raffleId}`)).winners[0];
    expect(after?.userId).toBe(holder?.userId);
    expect(after?.claim?.deadline).not.toBe(holder?.claim?.deadline);
    const edited = await editedTo(reply.id, countdownOf(after?.claim?.deadline));
    expect(embedText(edited)).not.toContain(countdownOf(holder?.claim?.deadline));
    expect(showing(raffleId).map((message) => message.id)).toEqual([reply.id]);
  });

  it('a claim of a raffle the bot never showed (after a restart) is posted as a new message', async () => {
    const reply = await world.say('!sortear');
    const raffleId = raffleOf(reply);
    const raffle = await api<RaffleView>('GET', `/api/v1/raffles/${raffleId}`);
    const unknownId = raffleId + 1_000_000;
    const slot = raffle.winners[0];
    world.services.events.publish({
      type: 'raffle.claimed',
      channel: LOGIN,
      channelId,
      raffleId: unknownId,
      position: 1,
      userId: slot?.userId ?? '',
      login: slot?.login ?? '',
      claimedAt: new Date().toISOString(),
      raffle: {
        ...raffle,
        raffleId: unknownId,
        winners: raffle.winners.map((winner) => ({
          ...winner,
          claim: winner.claim && { ...winner.claim, state: 'claimed' as const },
        })),
      },
    });
    const posted = await world.discord.waitForMessage(
      (message) => !message.messageReference && raffleOf(message) === unknownId,
      15_000,
    );
    expect(posted.channelId).toBe(world.channelId);
    expect(embedText(posted)).toContain('✅ resgatado');
  });

  it('entries opened and closed elsewhere (the dashboard) are announced; those of a command are not', async () => {
    await api('POST', `/api/v1/channels/${LOGIN}/entries`);
    const opened = await world.discord.waitForMessage(
      (message) => message.content.includes('Inscrições abertas: no chat da Twitch'),
      15_000,
    );
    expect(opened.messageReference).toBeUndefined();
    expect(opened.content).toContain('**!participar**');
    await api('DELETE', `/api/v1/channels/${LOGIN}/entries`);
    const closed = await world.discord.waitForMessage(
      (message) => message.content.includes('🔒 Inscrições encerradas com'),
      15_000,
    );
    expect(closed.content).toContain('0 inscrito(s)');
    // Events are handled in order: the command's earlier events were handled, and not posted.
    const notices = world.discord
      .messages(world.channelId)
      .filter((message) => /Inscrições (abertas: no chat|encerradas com)/.test(message.content));
    expect(notices.map((message) => message.id)).toEqual([opened.id, closed.id]);
  });

  describe('as slash commands', () => {
    const run = (subcommand: string, options: Record<string, string> = {}): FakeInteraction =>
      world.discord.runSlashCommand({
        guildId: world.guild.id,
        channelId: world.channelId,
        user: world.moderator,
        name: 'sorteio',
        subcommand,
        options,
      });
    const answer = async (interaction: FakeInteraction) => {
      const edit = await interaction.waitForResponse((response) => response.kind === 'edit_original', 15_000);
      // Deferred first: Discord's 3-second rule.
      expect(interaction.responses[0]).toMatchObject({ kind: 'callback', type: 5 });
      return (edit.body as { content: string }).content;
    };

    it('/sorteio abrir palavra opens entries, /sorteio fechar closes them, and again says not open', async () => {
      expect(await answer(run('abrir', { palavra: '!eu' }))).toContain('**!eu**');
      expect((await api<EntriesView>('GET', `/api/v1/channels/${LOGIN}/entries`)).keyword).toBe('!eu');
      expect(await answer(run('abrir'))).toContain('As inscrições já estão abertas');
      expect(await answer(run('fechar'))).toContain('Inscrições encerradas: 0 inscrito(s)');
      expect(await answer(run('fechar'))).toContain('Não há inscrições abertas');
    });

    it('/sorteio status shows the closed window in keyword mode', async () => {
      const interaction = run('status');
      const edit = await interaction.waitForResponse((response) => response.kind === 'edit_original', 15_000);
      const text = JSON.stringify(edit.body);
      expect(text).toContain('🔴 encerradas');
      expect(text).toContain('**!eu**');
    });

    it('/sorteio sortear shows the countdown, and the claim edits that reply', async () => {
      await world.services.settings.update(channelId, { claimSeconds: 60 });
      expect(await answer(run('abrir', { palavra: '!vou' }))).toContain('**!vou**');
      world.twitch.pushChatMessage({ chatter: 'dani_fa', text: '!vou' });
      world.twitch.pushChatMessage({ chatter: 'edu_fa', text: '!VOU' });
      await vi.waitFor(
        async () =>
          expect((await api<EntriesView>('GET', `/api/v1/channels/${LOGIN}/entries`)).count).toBe(2),
        { timeout: 15_000, interval: 50 },
      );
      const interaction = run('sortear');
      const edit = await interaction.waitForResponse((response) => response.kind === 'edit_original', 15_000);
      const raffleId = Number(/reroll:(\d+):1/.exec(JSON.stringify(edit.body))?.[1]);
      const [winner] = (await api<RaffleView>('GET', `/api/v1/raffles/${raffleId}`)).winners;
      expect(JSON.stringify(edit.body)).toContain(countdownOf(winner?.claim?.deadline));
      world.twitch.pushChatMessage({ chatter: winner?.login ?? '', text: '!claim' });
      const claimed = await editedTo(interaction.originalMessageId ?? '', '✅ resgatado');
      expect(claimed.interactionId).toBe(interaction.id);
      expect(showing(raffleId).map((message) => message.id)).toEqual([interaction.originalMessageId]);
      expect(await answer(run('fechar'))).toContain('2 inscrito(s)');
    });

    it('"Sortear de novo" on an awaiting slot names who was replaced and starts the new holder\'s countdown', async () => {
      // The last window (closed) still holds its two entrants.
      const reply = await world.say('!sortear');
      const raffleId = raffleOf(reply);
      const [before] = (await api<RaffleView>('GET', `/api/v1/raffles/${raffleId}`)).winners;
      const click = world.discord.clickButton({
        guildId: world.guild.id,
        channelId: world.channelId,
        user: world.moderator,
        messageId: reply.id,
        customId: `reroll:${raffleId}:1`,
      });
      await click.waitForResponse((response) => response.kind === 'edit_original', 15_000);
      const [after] = (await api<RaffleView>('GET', `/api/v1/raffles/${raffleId}`)).winners;
      expect(after?.login).not.toBe(before?.login);
      const updated = await editedTo(reply.id, countdownOf(after?.claim?.deadline));
      expect(embedText(updated)).toContain(`antes ~~${(before?.login ?? '').replaceAll('_', '\\\\_')}~~`);
      world.twitch.pushChatMessage({ chatter: after?.login ?? '', text: '!claim' });
      await editedTo(reply.id, '✅ resgatado');
      expect(showing(raffleId).map((message) => message.id)).toEqual([reply.id]);
    });

    it('a draw made on the dashboard is posted here, and its claim edits that post', async () => {
      const raffle = await api<RaffleView>('POST', `/api/v1/channels/${LOGIN}/raffles`, { winners: 1 });
      const posted = await world.discord.waitForMessage(
        (message) => !message.messageReference && raffleOf(message) === raffle.raffleId,
        15_000,
      );
      expect(embedText(posted)).toContain(countdownOf(raffle.winners[0]?.claim?.deadline));
      world.twitch.pushChatMessage({ chatter: raffle.winners[0]?.login ?? '', text: '!claim' });
      await editedTo(posted.id, '✅ resgatado');
      expect(showing(raffle.raffleId).map((message) => message.id)).toEqual([posted.id]);
    });

    it('!abrir in chat mode says the draws still use everyone in chat', async () => {
      await world.services.settings.update(channelId, { entryMode: 'chat' });
      const opened = await world.say('!abrir');
      expect(opened.content).toContain('**!participar**');
      expect(opened.content).toContain('modo de participação deste canal é **chat**');
      await world.say('!fechar');
      await world.services.settings.update(channelId, { entryMode: 'keyword' });
    });

    it('answers in English on an English server', async () => {
      await world.say('!idioma en');
      expect(await answer(run('fechar'))).toContain('Entries are not open');
      expect(await answer(run('abrir'))).toContain('Entries are open!');
      await world.say('!idioma pt');
    });
  });
});

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiClient } from '../../src/bot/api-client.ts';
import type { EntriesView, RaffleView } from '../../src/bot/api-types.ts';
import { RECIPIENTS_TIMEOUT_MS, recipientsToMention } from '../../src/bot/raffle-recipients.ts';
import type { ViewerPrizes } from '../../src/contract/prizes.ts';
import type { FakeInteraction, FakeMessage, FakeUser } from '../../src/sandbox/discord/index.ts';
import { SANDBOX_CHANNEL } from '../../src/sandbox/twitch/index.ts';
import { asService } from '../helpers/app.ts';
import { type BotWorld, buttonIds, startBotWorld } from './bot-world.ts';
import { linkAsViewer, type SignedInViewer } from './viewer-link.ts';

const LOGIN = SANDBOX_CHANNEL.login;
const EPHEMERAL = 1 << 6;
const PRIZE = 'chave steam';
const CODES = ['KEY-AAAA-0001', 'KEY-AAAA-0002', 'KEY-AAAA-0003', 'KEY-AAAA-0004', 'KEY-AAAA-0005'];

interface CodeList {
  unused: number;
  total: number;
  codes: { id: number; state: string; raffleId: number | null; position: number | null }[];
}

// The prize reaches the winner, from Discord (SPEC §2.8): the real discord.js client against the fake
// Discord, the real API, and a viewer who links their Discord account by signing in through the fake
// Twitch. Codes are pasted in a form, DMed to the linked winner, and never shown in a channel.
describe('prize codes, account links and their delivery, from Discord', () => {
  let world: BotWorld;
  let channelId = 0;
  let prizeId = 0;
  /** The Twitch account the Discord viewer linked (the one test that links sets it). */
  let linked: SignedInViewer | undefined;

  const logLines: string[] = [];

  beforeAll(async () => {
    world = await startBotWorld({ logLines });
    await world.connectFromDiscord();
    await world.discord.waitForMessage((message) => message.content.includes('Twitch conectada'), 15_000);
    channelId = (await world.services.channels.findByLogin(LOGIN))?.id ?? 0;
    await world.services.settings.update(channelId, {
      entryMode: 'keyword',
      entryRequiresPresence: false,
      cooldownMinutes: 0,
    });
    await world.say(`!itens adicionar ${PRIZE}:1`);
    const { items } = await api<{ items: { id: number; name: string }[] }>('GET', itemsPath());
    prizeId = items.find((item) => item.name === PRIZE)?.id ?? 0;
    const listener = world.services.chatListener;
    if (!listener) throw new Error('no chat listener');
    const subscribed = listener.subscribed();
    listener.listen(channelId, SANDBOX_CHANNEL.id ?? '');
    await subscribed;
  });
  afterAll(async () => {
    await world?.close();
  });

  function itemsPath(): string {
    return `/api/v1/channels/${LOGIN}/items`;
  }
  async function api<T>(method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object): Promise<T> {
    const response = await world.app.inject({ method, url, headers: asService, payload });
    expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300);
    return response.json() as T;
  }
  const codes = () => api<CodeList>('GET', `${itemsPath()}/${prizeId}/codes`);
  const slash = (
    name: 'sorteio' | 'itens',
    subcommand: string,
    user: FakeUser,
    options: Record<string, string> = {},
  ): FakeInteraction =>
    world.discord.runSlashCommand({
      guildId: world.guild.id,
      channelId: world.channelId,
      user,
      name,
      subcommand,
      options,
    });
  /** Every message the bot has in the server's channels (not DMs), as JSON. */
  const channelText = () =>
    world.guild.channels.map((channel) => JSON.stringify(world.discord.messages(channel.id))).join('\n');
  const contentOf = (response: { body: unknown }) =>
    (response.body as { content?: string; data?: { content?: string } }).content ??
    (response.body as { data?: { content?: string } }).data?.content ??
    '';
  const raffleOf = (message: FakeMessage) =>
    Number(/reroll:(\d+):1/.exec(JSON.stringify(message.components))?.[1] ?? Number.NaN);

  describe('/itens codigos', () => {
    it('is refused to a member who is not a manager, before any form opens', async () => {
      const interaction = slash('itens', 'codigos', world.viewer, { item: PRIZE });
      const answer = await interaction.waitForResponse();
      expect(answer).toMatchObject({ kind: 'callback', type: 4, body: { data: { flags: EPHEMERAL } } });
      expect(contentOf(answer)).toContain('Gerenciar servidor');
    });

    it('says at once that a prize does not exist', async () => {
      const interaction = slash('itens', 'codigos', world.moderator, { item: 'nada disso' });
      const answer = await interaction.waitForResponse();
      expect(answer).toMatchObject({ kind: 'callback', type: 4, body: { data: { flags: EPHEMERAL } } });
      expect(contentOf(answer)).toContain('Não há prêmio chamado **nada disso**');
    });

    it('opens a form; the pasted codes are stored, counted, and shown nowhere', async () => {
      const opener = slash('itens', 'codigos', world.moderator, { item: 'CHAVE  Steam' });
      const form = await opener.waitForResponse();
      // The form is the first response (it cannot follow a deferral), within the 3 seconds.
      expect(form).toMatchObject({ kind: 'callback', type: 9 });
      expect(opener.refused).toEqual([]);
      const pasted = `${CODES[0]}\n\n  ${CODES[1]}  \r\n${CODES.slice(2).join('\n')}\n`;
      const submit = world.discord.submitModal({ interaction: opener, fields: { codes: pasted } });
      const answer = await submit.waitForResponse((response) => response.kind === 'edit_original', 15_000);
      expect(submit.responses[0]).toMatchObject({
        kind: 'callback',
        type: 5,
        body: { data: { flags: EPHEMERAL } },
      });
      expect(contentOf(answer)).toContain('5 código(s) adicionado(s); 5 disponível(is)');
      expect(await codes()).toMatchObject({ unused: 5, total: 5 });
      const { items } = await api<{ items: { id: number; quantity: number }[] }>('GET', itemsPath());
      expect(items.find((item) => item.id === prizeId)?.quantity).toBe(5);
      for (const code of CODES) expect(channelText()).not.toContain(code);
    });

    it('refuses codes already stored, adding none', async () => {
      const opener = slash('itens', 'codigos', world.moderator, { item: PRIZE });
      await opener.waitForResponse();
      const submit = world.discord.submitModal({
        interaction: opener,
        fields: { codes: `KEY-BBBB-0001\n${CODES[0]}` },
      });
      const answer = await submit.waitForResponse((response) => response.kind === 'edit_original', 15_000);
      expect(contentOf(answer)).toContain('nada foi adicionado');
      expect(contentOf(answer)).not.toContain(CODES[0]);
      expect(await codes()).toMatchObject({ unused: 5, total: 5 });
    });

    it('refuses more than 1,000 codes at once (they fit in the form: 4,000 characters)', async () => {
      const opener = slash('itens', 'codigos', world.moderator, { item: PRIZE });
      await opener.waitForResponse();
      const many = Array.from({ length: 1001 }, (_, index) => index.toString(36)).join('\n');
      expect(many.length).toBeLessThanOrEqual(4000);
      const submit = world.discord.submitModal({ interaction: opener, fields: { codes: many } });
      const answer = await submit.waitForResponse((response) => response.kind === 'edit_original', 15_000);
      expect(contentOf(answer)).toContain('São 1001 códigos: cole no máximo 1000');
      expect(await codes()).toMatchObject({ total: 5 });
    });

    it('!itens codigos in the channel only points to the slash command', async () => {
      const reply = await world.say('!itens codigos KEY-CCCC-0001');
      expect(reply.content).toContain('/itens codigos item:<nome>');
      expect(reply.content).not.toContain('KEY-CCCC-0001');
      expect(await codes()).toMatchObject({ total: 5 });
    });
  });

  describe('account link', () => {
    it('is in !ajuda and registered as /sorteio vincular|desvincular and /itens codigos item:', async () => {
      const help = JSON.stringify((await world.say('!ajuda', world.viewer)).embeds);
      expect(help).toContain('`!vincular`');
      expect(help).toContain('`/itens codigos item:<nome>`');
      const commands = world.discord.commands({ guildId: world.guild.id });
      const options = (name: string) =>
        (commands.find((command) => command.name === name)?.options ?? []) as {
          name: string;
          name_localizations?: Record<string, string>;
          options?: { name: string; required?: boolean }[];
        }[];
      expect(options('sorteio').map((option) => option.name)).toEqual(
        expect.arrayContaining(['vincular', 'desvincular']),
      );
      const codesCommand = options('itens').find((option) => option.name === 'codigos');
      expect(codesCommand?.name_localizations).toMatchObject({ 'en-US': 'codes' });
      expect(codesCommand?.options).toEqual([expect.objectContaining({ name: 'item', required: true })]);
    });

    it('!vincular answers by DM only: the channel never sees the link', async () => {
      const before = world.discord.directMessages(world.viewer.id).length;
      const reply = await world.say('!vincular', world.viewer);
      expect(reply.content).toContain('Enviei o link');
      const direct = world.discord.directMessages(world.viewer.id).slice(before);
      expect(direct).toHaveLength(1);
      expect(direct[0]?.content).toMatch(/http:\/\/kinoyu\.test\/vincular\?link=\S+/);
      expect(channelText()).not.toContain('/vincular?link=');
    });

    it('!vincular with DMs closed asks to open them or use /sorteio vincular, without the link', async () => {
      world.discord.refuseDirectMessages(world.viewer.id);
      try {
        const reply = await world.say('!vincular', world.viewer);
        expect(reply.content).toContain('/sorteio vincular');
        expect(reply.content).not.toContain('http');
        expect(channelText()).not.toContain('/vincular?link=');
      } finally {
        world.discord.refuseDirectMessages(world.viewer.id, false);
      }
    });

    it('/sorteio vincular answers with the link only the member sees', async () => {
      const interaction = slash('sorteio', 'vincular', world.viewer);
      const edit = await interaction.waitForResponse((response) => response.kind === 'edit_original', 15_000);
      expect(interaction.responses[0]).toMatchObject({
        kind: 'callback',
        type: 5,
        body: { data: { flags: EPHEMERAL } },
      });
      expect(contentOf(edit)).toMatch(/http:\/\/kinoyu\.test\/vincular\?link=\S+/);
    });

    it('the link, signed in through the fake Twitch as a viewer, links that viewer', async () => {
      const before = world.discord.directMessages(world.viewer.id).length;
      await world.say('!vincular', world.viewer);
      const url = /https?:\/\/\S+/.exec(
        world.discord.directMessages(world.viewer.id)[before]?.content ?? '',
      )?.[0];
      linked = await linkAsViewer(world.app, url ?? '');
      expect(linked.login).not.toBe(LOGIN);
    });
  });

  describe('a draw the linked viewer wins', () => {
    /** Opens entries that only the linked viewer joins, so every draw gives them the prize. */
    async function onlyTheLinkedViewerEnters(): Promise<void> {
      await api('POST', `/api/v1/channels/${LOGIN}/entries`, { keyword: '!eu' });
      world.twitch.pushChatMessage({ chatter: linked?.login ?? '', text: '!eu' });
      await vi.waitFor(
        async () =>
          expect((await api<EntriesView>('GET', `/api/v1/channels/${LOGIN}/entries`)).count).toBe(1),
        { timeout: 15_000, interval: 50 },
      );
      await api('DELETE', `/api/v1/channels/${LOGIN}/entries`);
    }
    const codeOf = async (raffleId: number) =>
      (await codes()).codes.find((code) => code.raffleId === raffleId);

    beforeAll(async () => {
      if (!linked) throw new Error('the account link test did not link the viewer');
      await onlyTheLinkedViewerEnters();
    });

    it('mentions them in the content, pinging only them, and DMs them the code', async () => {
      const earlier = new Set(world.discord.directMessages(world.viewer.id).map((message) => message.id));
      const reply = await world.say('!sortear');
      const raffleId = raffleOf(reply);
      const raffle = await api<RaffleView>('GET', `/api/v1/raffles/${raffleId}`);
      expect(raffle.winners[0]?.userId).toBe(linked?.id);
      expect(reply.content).toContain(`<@${world.viewer.id}>`);
      expect(reply.allowedMentions).toEqual({ parse: [], users: [world.viewer.id], replied_user: false });
      expect(JSON.stringify(reply.embeds)).toContain('http://kinoyu.test/resgatar');

      const dm = await world.discord.waitForMessage(
        (message) => message.recipientId === world.viewer.id && !earlier.has(message.id),
        15_000,
      );
      const sent = CODES.find((code) => dm.content.includes(code));
      expect(sent).toBeDefined();
      expect(dm.content).toContain(`||${sent}||`);
      expect(dm.content).toContain(`#${raffleId}`);
      expect(dm.content).toContain('http://kinoyu.test/resgatar');
      await vi.waitFor(async () => expect((await codeOf(raffleId))?.state).toBe('delivered'), {
        timeout: 15_000,
        interval: 50,
      });
      for (const code of CODES) expect(channelText()).not.toContain(code);
    });

    it('a draw made on the dashboard is posted with the mention too', async () => {
      const raffle = await api<RaffleView>('POST', `/api/v1/channels/${LOGIN}/raffles`, { winners: 1 });
      const posted = await world.discord.waitForMessage(
        (message) => !message.messageReference && raffleOf(message) === raffle.raffleId,
        15_000,
      );
      expect(posted.content).toContain(`<@${world.viewer.id}>`);
      expect(posted.allowedMentions).toMatchObject({ parse: [], users: [world.viewer.id] });
      await vi.waitFor(async () => expect((await codeOf(raffle.raffleId))?.state).toBe('delivered'), {
        timeout: 15_000,
        interval: 50,
      });
    });

    it('with DMs closed (50007) no DM arrives, and the claim page still has the code', async () => {
      world.discord.refuseDirectMessages(world.viewer.id);
      try {
        const dmsBefore = world.discord.directMessages(world.viewer.id).length;
        const requestsBefore = world.discord.requests.length;
        const reply = await world.say('!sortear');
        const raffleId = raffleOf(reply);
        // The bot tried, Discord refused…
        await vi.waitFor(
          () =>
            expect(
              world.discord.requests
                .slice(requestsBefore)
                .some((request) => request.method === 'POST' && request.status === 403),
            ).toBe(true),
          { timeout: 15_000, interval: 50 },
        );
        // …and said so: the code went back to the claim page, where the signed-in winner sees it.
        await vi.waitFor(
          () =>
            expect(
              logLines.some(
                (line) => line.includes('does not accept DMs') && line.includes(`"raffleId":${raffleId}`),
              ),
            ).toBe(true),
          { timeout: 15_000, interval: 50 },
        );
        expect((await codeOf(raffleId))?.state).toBe('assigned');
        const session = linked?.session ?? { cookie: '', csrfToken: '' };
        const page = await world.app.inject({
          method: 'GET',
          url: '/api/v1/viewer/prizes',
          headers: { cookie: session.cookie },
        });
        const prize = (page.json() as ViewerPrizes).prizes.find(
          (candidate) => candidate.raffleId === raffleId,
        );
        expect(prize).toMatchObject({ hasCode: true, itemName: PRIZE });
        const reveal = await world.app.inject({
          method: 'POST',
          url: `/api/v1/viewer/prizes/${raffleId}/1/reveal`,
          headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken },
          payload: {},
        });
        expect(reveal.statusCode, reveal.body).toBe(200);
        expect(CODES).toContain((reveal.json() as { code: string }).code);
        expect((await codeOf(raffleId))?.state).toBe('delivered');
        expect(world.discord.directMessages(world.viewer.id)).toHaveLength(dmsBefore);
      } finally {
        world.discord.refuseDirectMessages(world.viewer.id, false);
      }
    });

    it('"Resgatar": refused to someone else, claims for the linked holder, then the code comes by DM', async () => {
      await world.services.settings.update(channelId, { claimEnabled: true, claimSeconds: 120 });
      const reply = await world.say('!sortear');
      const raffleId = raffleOf(reply);
      expect(buttonIds(reply)).toEqual([`claim:${raffleId}:1`, `reroll:${raffleId}:1`]);
      expect((await codeOf(raffleId))?.state).toBe('assigned');
      const click = (user: FakeUser) =>
        world.discord.clickButton({
          guildId: world.guild.id,
          channelId: world.channelId,
          user,
          messageId: reply.id,
          customId: `claim:${raffleId}:1`,
        });

      const stranger = click(world.moderator);
      const refusal = await stranger.waitForResponse((response) => response.kind === 'followup', 15_000);
      expect(refusal.body).toMatchObject({ flags: EPHEMERAL });
      expect(contentOf(refusal)).toContain('/sorteio vincular');

      // Linked, but to another Twitch account than the holder's.
      const linkReply = slash('sorteio', 'vincular', world.moderator);
      const linkEdit = await linkReply.waitForResponse(
        (response) => response.kind === 'edit_original',
        15_000,
      );
      await linkAsViewer(world.app, /https?:\/\/\S+/.exec(contentOf(linkEdit))?.[0] ?? '', 'outra_pessoa');
      const other = click(world.moderator);
      const notTheirs = await other.waitForResponse((response) => response.kind === 'followup', 15_000);
      expect(contentOf(notTheirs)).toContain('Essa vaga não é sua');
      expect((await api<RaffleView>('GET', `/api/v1/raffles/${raffleId}`)).winners[0]?.claim?.state).toBe(
        'awaiting_claim',
      );

      const dmsBefore = world.discord.directMessages(world.viewer.id).length;
      const holder = click(world.viewer);
      const done = await holder.waitForResponse((response) => response.kind === 'followup', 15_000);
      expect(done.body).toMatchObject({ flags: EPHEMERAL });
      expect(contentOf(done)).toContain('Resgatado');
      const raffle = await api<RaffleView>('GET', `/api/v1/raffles/${raffleId}`);
      expect(raffle.winners[0]?.claim?.state).toBe('claimed');
      // The claim's event edits the announcement: claimed, and no "Resgatar" any more.
      const edited = await world.discord.waitForMessage(
        (message) => message.id === reply.id && JSON.stringify(message.embeds).includes('✅ resgatado'),
        15_000,
      );
      expect(buttonIds(edited)).toEqual([`reroll:${raffleId}:1`]);
      // The edit keeps the mention of the winner (an edit pings nobody again).
      expect(edited.content).toContain(`<@${world.viewer.id}>`);
      await vi.waitFor(
        () => expect(world.discord.directMessages(world.viewer.id).length).toBeGreaterThan(dmsBefore),
        { timeout: 15_000, interval: 50 },
      );
      await vi.waitFor(async () => expect((await codeOf(raffleId))?.state).toBe('delivered'), {
        timeout: 15_000,
        interval: 50,
      });
      await world.services.settings.update(channelId, { claimEnabled: false });
    });
  });

  it('announces without mentions when the linked winners cannot be read (the API is unreachable)', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const warnings: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => warnings.push(line) });
    const unreachable = new ApiClient({ baseUrl: `http://127.0.0.1:${port}`, token: 'x', logger });
    const started = Date.now();
    expect(await recipientsToMention({ api: unreachable, logger }, world.guild.id, 1)).toEqual([]);
    expect(Date.now() - started).toBeLessThan(RECIPIENTS_TIMEOUT_MS + 1000);
    expect(warnings.join('\n')).toContain('announcing without mentions');
  });

  it('never wrote a code in a log line (API and bot)', () => {
    expect(logLines.length).toBeGreaterThan(0);
    for (const code of CODES) expect(logLines.join('\n')).not.toContain(code);
  });

  describe('unlinking', () => {
    it('!desvincular answers privately; once unlinked, it says there is no link', async () => {
      const before = world.discord.directMessages(world.viewer.id).length;
      const reply = await world.say('!desvincular', world.viewer);
      expect(reply.content).toContain('Respondi por mensagem direta');
      expect(world.discord.directMessages(world.viewer.id).at(before)?.content).toContain(
        'não está mais vinculada',
      );
      const again = slash('sorteio', 'desvincular', world.viewer);
      const edit = await again.waitForResponse((response) => response.kind === 'edit_original', 15_000);
      expect(again.responses[0]).toMatchObject({ body: { data: { flags: EPHEMERAL } } });
      expect(contentOf(edit)).toContain('não está vinculada');
    });

    it('a draw the unlinked viewer wins mentions nobody', async () => {
      const reply = await world.say('!sortear');
      expect(reply.content).toBe('');
      expect(reply.allowedMentions).toMatchObject({ parse: [] });
      expect((reply.allowedMentions as { users?: unknown }).users).toBeUndefined();
    });
  });
});

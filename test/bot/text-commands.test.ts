import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeSha256 } from '../../src/raffles/sha256-node.ts';
import { verifyProof } from '../../src/raffles/verify.ts';
import { SANDBOX_CHANNEL } from '../../src/sandbox/twitch/index.ts';
import { asService } from '../helpers/app.ts';
import { type BotWorld, buttonIds, embedText, startBotWorld } from './bot-world.ts';
import { clickableLinks } from './discord-links.ts';

const EPHEMERAL = 1 << 6;

// A moderator's day with text commands: the real discord.js client against the
// fake Discord, the real API on a loopback port, the fake Twitch behind it.
describe('the bot, driven by ! commands', () => {
  let world: BotWorld;
  let raffleId = 0;

  beforeAll(async () => {
    world = await startBotWorld();
  });
  afterAll(async () => {
    await world?.close();
  });

  /** Connect links the bot posted where everyone in the channel can read them. */
  function publicConnectLinks(): string[] {
    return world.discord
      .messages(world.channelId)
      .filter((message) => ((message.flags ?? 0) & EPHEMERAL) === 0)
      .flatMap((message) => [message.content, embedText(message)])
      .filter((text) => text.includes('/auth/twitch/login'));
  }

  it('asks to connect first; !conectar sends a single-use link by DM, never in the channel', async () => {
    const before = await world.say('!itens');
    expect(before.content).toContain('ainda não está conectado');

    world.discord.refuseDirectMessages(world.moderator.id);
    const refused = await world.say('!conectar');
    world.discord.refuseDirectMessages(world.moderator.id, false);
    expect(refused.content).toContain('Não consegui te mandar mensagem direta');
    expect(refused.content).toContain('`/sorteio conectar`');

    const reply = await world.say('!conectar');
    expect(reply.content).toContain('Enviei o link por mensagem direta');
    expect(reply.allowedMentions).toEqual({ parse: [], replied_user: false });
    const [direct] = world.discord.directMessages(world.moderator.id);
    const url = /https?:\/\/\S+/.exec(direct?.content ?? '')?.[0] ?? '';
    expect(url).toMatch(/^http:\/\/kinoyu\.test\/auth\/twitch\/login\?link=/);
    expect(direct?.content).toContain('uma única vez');
    expect(direct?.allowedMentions).toEqual({ parse: [], replied_user: false });
    expect(publicConnectLinks()).toEqual([]);

    await world.completeConnectLink(url);
    const link = await world.app.inject({
      method: 'GET',
      url: `/api/v1/discord/${world.guild.id}`,
      headers: { ...asService, 'x-discord-guild': world.guild.id },
    });
    expect(link.json()).toMatchObject({
      connectionState: 'connected',
      announcementChannelId: world.channelId,
    });
  });

  it('!conectar on a connected server asks first; only the member who asked can answer', async () => {
    const moderatorId = world.moderator.id;
    const question = await world.say('!conectar');
    expect(question.content).toContain('já está conectado ao canal');
    expect(buttonIds(question)).toEqual([`connect:move:${moderatorId}`, `connect:cancel:${moderatorId}`]);
    const click = (messageId: string, customId: string, user = world.moderator) =>
      world.discord.clickButton({
        guildId: world.guild.id,
        channelId: world.channelId,
        user,
        messageId,
        customId,
      });

    const intruder = click(question.id, `connect:move:${moderatorId}`, world.viewer);
    const refusal = await intruder.waitForResponse((response) => response.kind === 'followup', 15_000);
    expect(refusal.body).toMatchObject({ flags: EPHEMERAL });
    expect(refusal.body.content).toContain('Só quem pediu o link');

    const cancel = click(question.id, `connect:cancel:${moderatorId}`);
    await cancel.waitForResponse((response) => response.kind === 'edit_original', 15_000);
    const cancelled = world.discord.messages(world.channelId).find((message) => message.id === question.id);
    expect(cancelled?.content).toContain('Cancelado');
    expect(cancelled?.components).toEqual([]);

    const again = await world.say('!conectar');
    const confirm = click(again.id, `connect:move:${moderatorId}`);
    const privateLink = await confirm.waitForResponse((response) => response.kind === 'followup', 15_000);
    expect(privateLink.body).toMatchObject({ flags: EPHEMERAL });
    const url = /https?:\/\/\S+/.exec(privateLink.body.content)?.[0] ?? '';
    expect(url).toMatch(/^http:\/\/kinoyu\.test\/auth\/twitch\/login\?link=/);
    await confirm.waitForResponse((response) => response.kind === 'edit_original', 15_000);
    const answered = world.discord.messages(world.channelId).find((message) => message.id === again.id);
    expect(answered?.content).toContain('o link foi enviado só para quem confirmou');
    expect(answered?.components).toEqual([]);
    expect(publicConnectLinks()).toEqual([]);
    await world.completeConnectLink(url);
  });

  it('adds prizes all or nothing, and lists them with their chances', async () => {
    const bad = await world.say('!itens adicionar skin dourada:50, skin prata:abc');
    expect(bad.content).toContain('Lista de prêmios inválida');
    expect((await world.say('!itens')).embeds[0]?.description).toContain('Nenhum prêmio');

    const added = await world.say('!itens adicionar skin dourada:50, skin prata:30x2');
    expect(added.content).toContain('skin dourada');
    const list = (await world.say('!itens')).embeds[0]?.description ?? '';
    expect(list).toContain('**skin dourada** — 62,5% de chance · quantidade: 1');
    expect(list).toContain('**skin prata** — 37,5% de chance · quantidade: 2');
  });

  it('!sortear announces a real chatter with a prize, and "Sortear de novo" gives the slot to someone else', async () => {
    const announcement = await world.say('!sortear');
    const text = embedText(announcement);
    raffleId = Number(/reroll:(\d+):1/.exec(buttonIds(announcement).join(' '))?.[1]);
    expect(raffleId).toBeGreaterThan(0);
    const proof = (
      await world.app.inject({ method: 'GET', url: `/api/v1/raffles/${raffleId}/proof` })
    ).json();
    const first = proof.winners[0];
    const chatters = await world.app.inject({
      method: 'GET',
      url: `/api/v1/channels/${SANDBOX_CHANNEL.login}/chatters`,
      headers: asService,
    });
    expect(chatters.json().chatters.map((chatter: { login: string }) => chatter.login)).toContain(
      first.login,
    );
    expect(text).toContain(first.login.replaceAll('_', '\\\\_'));
    expect(text).toMatch(/skin (dourada|prata)/);
    expect(text).toContain(`http://kinoyu.test/r/${raffleId}`);
    expect(text).toContain(proof.commitment.slice(0, 12));

    const click = world.discord.clickButton({
      guildId: world.guild.id,
      channelId: world.channelId,
      user: world.moderator,
      messageId: announcement.id,
      customId: `reroll:${raffleId}:1`,
    });
    await click.waitForResponse((response) => response.kind === 'edit_original', 15_000);
    expect(click.responses[0]).toMatchObject({ kind: 'callback', type: 6 });
    const after = (
      await world.app.inject({ method: 'GET', url: `/api/v1/raffles/${raffleId}/proof` })
    ).json();
    expect(after.winners[0].login).not.toBe(first.login);
    expect(after.replaced).toEqual([expect.objectContaining({ position: 1, login: first.login })]);
    const edited = world.discord.messages(world.channelId).find((message) => message.id === announcement.id);
    expect(embedText(edited ?? announcement)).toContain(after.winners[0].login.replaceAll('_', '\\\\_'));
  });

  it('!status shows the connection, the session, the prizes left and the eligible chatters', async () => {
    const status = embedText(await world.say('!status'));
    expect(status).toContain('conectado');
    expect(status).toContain('nenhuma sessão');
    // Three units, one given away: whichever prize it was, two are left.
    expect(status).toMatch(/[12] tipo\(s\), 2 unidade\(s\)/);
    expect(status).toMatch(/"value":"\d+ \(\d+ fora/);
  });

  it('!verificar links a proof that verifies', async () => {
    const reply = await world.say(`!verificar ${raffleId}`);
    const url = /http:\/\/kinoyu\.test\/r\/(\d+)/.exec(reply.content);
    expect(url?.[1]).toBe(String(raffleId));
    const proof = (
      await world.app.inject({ method: 'GET', url: `/api/v1/raffles/${raffleId}/proof` })
    ).json();
    expect(reply.content).toContain(proof.commitment.slice(0, 12));
    const verdict = await verifyProof(proof, nodeSha256);
    expect(verdict.problems).toEqual([]);
    expect(verdict.ok).toBe(true);
  });

  it('!iniciar moves the announcements to the channel where it was typed; !parar stops the session', async () => {
    const other = world.guild.channels[1]?.id ?? '';
    const sent = world.discord.sendMessage({
      guildId: world.guild.id,
      channelId: other,
      author: world.moderator,
      content: '!iniciar 2m',
    });
    const started = await world.discord.waitForMessage(
      (message) => (message.messageReference as { message_id?: string } | undefined)?.message_id === sent.id,
      15_000,
    );
    expect(started.content).toContain('a cada **2 min**');
    const link = await world.app.inject({
      method: 'GET',
      url: `/api/v1/discord/${world.guild.id}`,
      headers: { ...asService, 'x-discord-guild': world.guild.id },
    });
    expect(link.json().announcementChannelId).toBe(other);
    expect(embedText(await world.say('!status'))).toContain('em andamento: a cada 2 min');
    expect((await world.say('!iniciar')).content).toContain('Já há uma sessão');
    expect((await world.say('!parar')).content).toContain('Sessão encerrada');
    expect((await world.say('!parar')).content).toContain('Não há sessão');
  });

  it('refuses a member without permission, and changes nothing', async () => {
    const refused = await world.say('!itens limpar', world.viewer);
    expect(refused.content).toContain('Gerenciar servidor');
    const items = await world.app.inject({
      method: 'GET',
      url: `/api/v1/channels/${SANDBOX_CHANNEL.login}/items`,
      headers: asService,
    });
    expect(items.json().items).toHaveLength(2);
    // Open commands stay open.
    expect((await world.say('!ajuda', world.viewer)).embeds[0]?.description).toContain('!sortear');
  });

  it('lets the configured manager role in, without Manage Server', async () => {
    const role = world.discord.addRole(world.guild.id, { name: 'KinoYu', permissions: 0n });
    const helper = world.discord.addMember(world.guild.id, { username: 'ajudante', roleIds: [role.id] });
    expect((await world.say('!idioma pt', helper)).content).toContain('Gerenciar servidor');
    const patched = await world.app.inject({
      method: 'PATCH',
      url: `/api/v1/discord/${world.guild.id}`,
      headers: { ...asService, 'x-discord-guild': world.guild.id },
      payload: { managerRoleId: role.id },
    });
    expect(patched.statusCode).toBe(200);
    expect((await world.say('!idioma pt', helper)).content).toContain('português');
  });

  it('says so when Twitch is down, and !status still shows what it can', async () => {
    world.twitch.failNext('/mock/chat/chatters', 20, { status: 503 });
    try {
      expect((await world.say('!sortear')).content).toContain('A Twitch não respondeu');
      const status = embedText(await world.say('!status'));
      expect(status).toContain('✅ conectado');
      expect(status).toContain('unidade(s)');
      expect(status).toContain('indisponível agora');
    } finally {
      world.twitch.clearFaults();
    }
  });

  it('draws once when the same message is delivered twice', async () => {
    const count = async () =>
      (
        await world.database.db
          .selectFrom('raffles')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirst()
      )?.n;
    const before = Number(await count());
    const id = '1299999999999999999';
    await world.say('!sortear', world.moderator, id);
    world.discord.sendMessage({
      guildId: world.guild.id,
      channelId: world.channelId,
      author: world.moderator,
      content: '!sortear',
      id,
    });
    await world.say('!ajuda');
    expect(Number(await count())).toBe(before + 1);
    const replies = world.discord
      .messages(world.channelId)
      .filter(
        (message) => (message.messageReference as { message_id?: string } | undefined)?.message_id === id,
      );
    expect(replies).toHaveLength(1);
  });

  it('keeps answering after Discord drops the gateway connection', async () => {
    world.discord.dropGateway(4000);
    expect((await world.say('!ajuda')).embeds[0]?.description).toContain('!sortear');
  });

  it('answers a typo with a suggestion, ignores chatter and other bots, and neutralizes @everyone', async () => {
    expect((await world.say('!sortearr')).content).toContain('`!sortear`');
    const added = await world.say('!itens adicionar @everyone:10, <@&1>:5');
    expect(added.content).not.toMatch(/@everyone|<@&/);
    const list = (await world.say('!itens')).embeds[0]?.description ?? '';
    expect(list).not.toMatch(/@everyone|<@&/);
    const before = world.discord.messages(world.channelId).length;
    world.discord.sendMessage({
      guildId: world.guild.id,
      channelId: world.channelId,
      author: world.viewer,
      content: 'bom dia! alguém viu o !rank?',
    });
    await world.say('!ajuda');
    expect(world.discord.messages(world.channelId).length).toBe(before + 1);
  });

  it('shows a prize named as a masked link or a URL as text, in the reply and in the list', async () => {
    const added = await world.say('!itens adicionar [Free Nitro](https://discord-gift.example/claim):10');
    expect(added.content).toContain('Free Nitro');
    expect(clickableLinks(added.content)).toEqual([]);
    await world.say('!itens adicionar brinde em https://evil.example/x:10');
    const list = (await world.say('!itens')).embeds[0];
    expect(list?.description).toContain('Free Nitro');
    expect(list?.description).toContain('evil.example');
    expect(clickableLinks(`${list?.title} ${list?.description}`)).toEqual([]);
  });
});

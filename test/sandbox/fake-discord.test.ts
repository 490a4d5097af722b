import { setTimeout as sleep } from 'node:timers/promises';
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  Client,
  type ClientEvents,
  DiscordAPIError,
  EmbedBuilder,
  Events,
  GatewayIntentBits,
  type Interaction,
  LabelBuilder,
  type Message,
  MessageFlags,
  ModalBuilder,
  PermissionFlagsBits,
  REST,
  Routes,
  SlashCommandBuilder,
  type TextChannel,
  TextInputBuilder,
  TextInputStyle,
} from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type FakeDiscord,
  type FakeGuild,
  type FakeUser,
  startFakeDiscord,
} from '../../src/sandbox/discord/index.ts';

// Short enough to keep the "too late" test fast, long enough for an immediate answer on a busy machine.
const DEADLINE_MS = 1500;
const INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent];

/** The slash command the interaction tests run (user and role options resolve only once registered). */
const command = new SlashCommandBuilder()
  .setName('sorteio')
  .setDescription('Sorteios')
  .addSubcommand((sub) =>
    sub
      .setName('criar')
      .setDescription('Cria um sorteio')
      .addStringOption((option) => option.setName('premio').setDescription('Prêmio').setRequired(true))
      .addIntegerOption((option) => option.setName('vencedores').setDescription('Quantos')),
  )
  .addSubcommand((sub) =>
    sub
      .setName('premiar')
      .setDescription('Premia alguém')
      .addUserOption((option) => option.setName('pessoa').setDescription('Quem').setRequired(true))
      .addRoleOption((option) => option.setName('cargo').setDescription('Cargo')),
  );

let fake: FakeDiscord;
let client: Client;
let guild: FakeGuild;
let channelId: string;
let moderatorRoleId: string;
let moderator: FakeUser;
let viewer: FakeUser;
/** Removes the listeners a test added. */
const cleanups: (() => void)[] = [];

/** Runs `handler` for interactions during one test (removed in afterEach). */
function onInteraction(handler: (interaction: Interaction) => Promise<void>): void {
  const listener = (interaction: Interaction) => {
    void handler(interaction);
  };
  client.on(Events.InteractionCreate, listener);
  cleanups.push(() => client.off(Events.InteractionCreate, listener));
}

/** The next event of `client` whose arguments satisfy `predicate`. */
function nextEvent<E extends keyof ClientEvents>(
  target: Client,
  event: E,
  predicate: (...args: ClientEvents[E]) => boolean = () => true,
  timeoutMs = 5000,
): Promise<ClientEvents[E]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      target.off(event, listener);
      reject(new Error(`no ${String(event)} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (...args: ClientEvents[E]) => {
      if (!predicate(...args)) return;
      clearTimeout(timer);
      target.off(event, listener);
      resolve(args);
    };
    target.on(event, listener);
  });
}

async function login(token: string, intents = INTENTS): Promise<Client> {
  const bot = new Client({
    intents,
    rest: { api: fake.apiUrl },
    // discord.js spaces IDENTIFYs 5 s apart for Discord's session start limit; the fake has none.
    ws: { buildIdentifyThrottler: () => ({ waitForIdentify: async () => {} }) },
  });
  const ready = nextEvent(bot, Events.ClientReady);
  await bot.login(token);
  await ready;
  return bot;
}

function textChannel(): TextChannel {
  return client.channels.cache.get(channelId) as TextChannel;
}

beforeAll(async () => {
  fake = await startFakeDiscord({ botUsername: 'KinoYu', interactionDeadlineMs: DEADLINE_MS });
  guild = fake.addGuild({ name: 'Canal do Kino', channels: ['geral', 'sorteios'] });
  channelId = guild.channels[0]?.id ?? '';
  moderatorRoleId = fake.addRole(guild.id, {
    name: 'Moderação',
    permissions: PermissionFlagsBits.ManageGuild,
  }).id;
  moderator = fake.addMember(guild.id, { username: 'moderadora', roleIds: [moderatorRoleId] });
  viewer = fake.addMember(guild.id, { username: 'espectador' });
  client = await login(fake.token);
});

afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

afterAll(async () => {
  await client?.destroy();
  await fake?.close();
});

describe('fake Discord with the real discord.js client', () => {
  it('logs the client in with the guild, its channels, roles and members cached', () => {
    const cached = client.guilds.cache.get(guild.id);
    expect(cached?.available).toBe(true);
    expect(cached?.name).toBe('Canal do Kino');
    expect(cached?.ownerId).toBe(guild.ownerId);
    expect(cached?.channels.cache.map((channel) => channel.name).sort()).toEqual(['geral', 'sorteios']);
    expect(cached?.roles.everyone.id).toBe(guild.id);
    expect(cached?.roles.cache.get(moderatorRoleId)?.permissions.has(PermissionFlagsBits.ManageGuild)).toBe(
      true,
    );
    expect(cached?.members.me?.id).toBe(fake.botUser.id);
    expect(client.user?.id).toBe(fake.botUser.id);
    expect(client.application?.id).toBe(fake.applicationId);
    const discovery = fake.requests.find((request) => request.path === '/gateway/bot');
    expect(discovery).toMatchObject({ method: 'GET', authorized: true, status: 200 });
  });

  it('delivers a typed message with its content, the member roles and computed permissions', async () => {
    const seen = new Map<string, Message>();
    const collect = (message: Message) => {
      if (!message.author.bot) seen.set(message.author.id, message);
    };
    client.on(Events.MessageCreate, collect);
    cleanups.push(() => client.off(Events.MessageCreate, collect));
    const bothArrived = nextEvent(client, Events.MessageCreate, (message) => message.author.id === viewer.id);
    fake.sendMessage({ guildId: guild.id, channelId, author: moderator, content: '!ping' });
    fake.sendMessage({ guildId: guild.id, channelId, author: viewer, content: '!ping' });
    await bothArrived;
    const fromModerator = seen.get(moderator.id);
    const fromViewer = seen.get(viewer.id);
    expect(fromModerator?.content).toBe('!ping');
    expect(fromModerator?.guildId).toBe(guild.id);
    expect(fromModerator?.member?.roles.cache.has(moderatorRoleId)).toBe(true);
    expect(fromModerator?.member?.permissions.has(PermissionFlagsBits.ManageGuild)).toBe(true);
    expect(fromViewer?.member?.roles.cache.has(moderatorRoleId)).toBe(false);
    expect(fromViewer?.member?.permissions.has(PermissionFlagsBits.ManageGuild)).toBe(false);
  });

  it('tells a connected client about guilds and roles added later', async () => {
    const joined = nextEvent(client, Events.GuildCreate, (created) => created.name === 'Outro servidor');
    const other = fake.addGuild({ name: 'Outro servidor' });
    await joined;
    const roleCached = nextEvent(client, Events.GuildRoleCreate, (role) => role.name === 'Sorteios');
    const role = fake.addRole(other.id, {
      name: 'Sorteios',
      permissions: PermissionFlagsBits.ManageGuild.toString(),
    });
    await roleCached;
    const member = fake.addMember(other.id, { username: 'nova', roleIds: [role.id] });
    const arrived = nextEvent(client, Events.MessageCreate, (message) => message.author.id === member.id);
    fake.sendMessage({
      guildId: other.id,
      channelId: other.channels[0]?.id ?? '',
      author: member,
      content: '!ping',
    });
    const [message] = await arrived;
    expect(message.member?.permissions.has(PermissionFlagsBits.ManageGuild)).toBe(true);
    expect(other.roles.map((each) => each.name)).toContain('Sorteios');
  });

  it('gives the owner every permission', async () => {
    const arrived = nextEvent(client, Events.MessageCreate, (message) => message.author.id === guild.ownerId);
    fake.sendMessage({
      guildId: guild.id,
      channelId,
      author: { id: guild.ownerId, username: 'dono' },
      content: 'oi',
    });
    const [message] = await arrived;
    expect(message.member?.permissions.has(PermissionFlagsBits.Administrator)).toBe(true);
  });

  it('stores what channel.send posted, embeds and buttons as sent', async () => {
    const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder().setCustomId('raffle:draw').setLabel('Sortear').setStyle(ButtonStyle.Primary),
    );
    const sent = await textChannel().send({
      embeds: [
        new EmbedBuilder().setTitle('Sorteio aberto').addFields({ name: 'Prêmio', value: 'Chave de jogo' }),
      ],
      components: [row],
    });
    const [stored] = fake.messages(channelId).filter((message) => message.id === sent.id);
    expect(stored?.authorId).toBe(fake.botUser.id);
    expect(stored?.embeds[0]).toMatchObject({
      title: 'Sorteio aberto',
      fields: [{ name: 'Prêmio', value: 'Chave de jogo' }],
    });
    expect(stored?.components[0].components[0]).toMatchObject({
      type: 2,
      custom_id: 'raffle:draw',
      label: 'Sortear',
    });
    expect(sent.embeds[0]?.title).toBe('Sorteio aberto');
    expect(sent.createdTimestamp).toBeGreaterThan(Date.now() - 60_000);
  });

  it('links a reply to the message it answers', async () => {
    const typed = nextEvent(client, Events.MessageCreate, (message) => message.content === '!iniciar');
    fake.sendMessage({ guildId: guild.id, channelId, author: moderator, content: '!iniciar' });
    const [message] = await typed;
    await message.reply({ content: 'Sorteio iniciado', allowedMentions: { repliedUser: false } });
    const reply = await fake.waitForMessage((posted) => posted.content === 'Sorteio iniciado');
    expect(reply.messageReference).toMatchObject({ message_id: message.id });
    expect(reply.allowedMentions).toMatchObject({ replied_user: false });
  });

  it('refuses a message over Discord limits that discord.js builders let through', async () => {
    const sixButtons = Array.from({ length: 6 }, (_, index) => ({
      type: 2,
      style: 1,
      label: `${index}`,
      custom_id: `b${index}`,
    }));
    const error = await textChannel()
      .send({ components: [{ type: 1, components: sixButtons }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect((error as DiscordAPIError).code).toBe(50035);
    const tooBig = Array.from({ length: 7 }, (_, index) => ({
      title: `${index}`,
      description: 'x'.repeat(1000),
    }));
    await expect(textChannel().send({ embeds: tooBig })).rejects.toMatchObject({ status: 400, code: 50035 });
  });

  it('registers guild commands through REST.put and keeps their ids on overwrite', async () => {
    const rest = new REST({ api: fake.apiUrl }).setToken(fake.token);
    const route = Routes.applicationGuildCommands(fake.applicationId, guild.id);
    const first = (await rest.put(route, { body: [command.toJSON()] })) as { id: string; name: string }[];
    expect(first.map((stored) => stored.name)).toEqual(['sorteio']);
    const second = (await rest.put(route, { body: [command.toJSON()] })) as { id: string }[];
    expect(second[0]?.id).toBe(first[0]?.id);
    expect(fake.commands({ guildId: guild.id })).toMatchObject([{ name: 'sorteio', guild_id: guild.id }]);
    expect(fake.commands({})).toEqual([]);
    expect(await rest.get(route)).toHaveLength(1);
    await expect(rest.put(route, { body: [{ name: 'Maiúscula', description: 'x' }] })).rejects.toMatchObject({
      status: 400,
    });
  });

  it('records deferReply then editReply of a slash command, in order', async () => {
    let permitted: boolean | undefined;
    onInteraction(async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      permitted = interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild);
      const sub = interaction.options.getSubcommand();
      const prize = interaction.options.getString('premio', true);
      const winners = interaction.options.getInteger('vencedores');
      await interaction.deferReply();
      await interaction.editReply({ content: `${sub}: ${prize} x${winners}` });
    });
    const interaction = fake.runSlashCommand({
      guildId: guild.id,
      channelId,
      user: moderator,
      name: 'sorteio',
      subcommand: 'criar',
      options: { premio: 'Chave', vencedores: 2 },
    });
    await interaction.waitForResponse((response) => response.kind === 'edit_original');
    expect(interaction.responses.map(({ kind, type }) => [kind, type])).toEqual([
      ['callback', 5],
      ['edit_original', undefined],
    ]);
    expect(interaction.responses[1]?.body).toMatchObject({ content: 'criar: Chave x2' });
    expect(permitted).toBe(true);
    const original = fake.messages(channelId).find((message) => message.id === interaction.originalMessageId);
    expect(original?.content).toBe('criar: Chave x2');
    const callback = fake.requests.find((request) =>
      request.path.startsWith(`/interactions/${interaction.id}/`),
    );
    expect(callback?.authorized).toBe(false);
  });

  it('refuses a first response after the deadline, and a second callback', async () => {
    const errors: unknown[] = [];
    onInteraction(async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      if (interaction.options.getSubcommand() === 'tarde') {
        await sleep(DEADLINE_MS + 200);
        await interaction.deferReply().catch((error: unknown) => errors.push(error));
        return;
      }
      await interaction.reply('primeira');
      const again = { type: 4, data: { content: 'segunda' } };
      await client.rest
        .post(Routes.interactionCallback(interaction.id, interaction.token), { body: again, auth: false })
        .catch((error: unknown) => errors.push(error));
    });
    const late = fake.runSlashCommand({
      guildId: guild.id,
      channelId,
      user: viewer,
      name: 'sorteio',
      subcommand: 'tarde',
    });
    const twice = fake.runSlashCommand({
      guildId: guild.id,
      channelId,
      user: viewer,
      name: 'sorteio',
      subcommand: 'duas',
    });
    await expect.poll(() => errors.length, { timeout: DEADLINE_MS + 3000 }).toBe(2);
    expect(late.responses).toEqual([]);
    expect(late.refused).toMatchObject([{ kind: 'callback', type: 5, status: 404, code: 10062 }]);
    expect(twice.responses).toMatchObject([
      { kind: 'callback', type: 4, body: { data: { content: 'primeira' } } },
    ]);
    expect(twice.refused).toMatchObject([{ kind: 'callback', type: 4, status: 400, code: 40060 }]);
    expect(errors.map((error) => (error as DiscordAPIError).code).sort()).toEqual([10062, 40060]);
  });

  it('sends a button click with its message and records update and deferUpdate', async () => {
    const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder().setCustomId('reroll:1').setLabel('Sortear de novo').setStyle(ButtonStyle.Secondary),
      new ButtonBuilder().setCustomId('close:1').setLabel('Encerrar').setStyle(ButtonStyle.Danger),
    );
    const posted = await textChannel().send({ content: 'Vencedor: fulano', components: [row] });
    onInteraction(async (interaction) => {
      if (!interaction.isButton()) return;
      expect(interaction.message.id).toBe(posted.id);
      if (interaction.customId === 'reroll:1') {
        await interaction.update({ content: 'Vencedor: ciclano' });
        return;
      }
      await interaction.deferUpdate();
      await interaction.editReply({ content: 'Encerrado', components: [] });
    });
    const reroll = fake.clickButton({
      guildId: guild.id,
      channelId,
      user: moderator,
      messageId: posted.id,
      customId: 'reroll:1',
    });
    await reroll.waitForResponse();
    expect(reroll.responses).toMatchObject([
      { kind: 'callback', type: 7, body: { data: { content: 'Vencedor: ciclano' } } },
    ]);
    const close = fake.clickButton({
      guildId: guild.id,
      channelId,
      user: moderator,
      messageId: posted.id,
      customId: 'close:1',
    });
    await close.waitForResponse((response) => response.kind === 'edit_original');
    expect(close.responses.map(({ kind, type }) => [kind, type])).toEqual([
      ['callback', 6],
      ['edit_original', undefined],
    ]);
    const message = fake.messages(channelId).find((candidate) => candidate.id === posted.id);
    expect(message).toMatchObject({ content: 'Encerrado', components: [] });
    expect(message?.editedAt).not.toBeNull();
    expect(() =>
      fake.clickButton({
        guildId: guild.id,
        channelId,
        user: moderator,
        messageId: posted.id,
        customId: 'close:1',
      }),
    ).toThrow(/no button/);
  });

  it('lets the client resume after the gateway drops, replaying what it missed', async () => {
    const identifies = fake.readyCount;
    const resumed = nextEvent(client, Events.ShardResume);
    const missed = nextEvent(client, Events.MessageCreate, (message) => message.content === 'enquanto caído');
    fake.dropGateway();
    fake.sendMessage({ guildId: guild.id, channelId, author: viewer, content: 'enquanto caído' });
    await resumed;
    await missed;
    const after = nextEvent(client, Events.MessageCreate, (message) => message.content === 'depois');
    fake.sendMessage({ guildId: guild.id, channelId, author: viewer, content: 'depois' });
    await after;
    expect(fake.readyCount).toBe(identifies);
  });

  it('makes the client identify again after a session-ending close (4009), with the guild still cached', async () => {
    const identifies = fake.readyCount;
    fake.dropGateway(4009);
    // discord.js first tries to RESUME, gets op 9, then identifies on a new connection.
    await fake.waitForReady(identifies + 1);
    const arrived = nextEvent(client, Events.MessageCreate, (message) => message.content === 'nova sessão');
    fake.sendMessage({ guildId: guild.id, channelId, author: viewer, content: 'nova sessão' });
    const [message] = await arrived;
    expect(message.member?.roles.cache.has(moderatorRoleId)).toBe(false);
    expect(client.guilds.cache.get(guild.id)?.available).toBe(true);
  });

  it('blanks message content for a client without the MessageContent intent, unless the bot is mentioned', async () => {
    const withoutContent = await login(fake.token, [
      GatewayIntentBits.Guilds,
      GatewayIntentBits.GuildMessages,
    ]);
    try {
      const plain = nextEvent(
        withoutContent,
        Events.MessageCreate,
        (message) => message.author.id === viewer.id,
      );
      fake.sendMessage({ guildId: guild.id, channelId, author: viewer, content: '!iniciar' });
      expect((await plain)[0].content).toBe('');
      const mention = `<@${fake.botUser.id}> !iniciar`;
      const mentioned = nextEvent(
        withoutContent,
        Events.MessageCreate,
        (message) => message.author.id === viewer.id,
      );
      fake.sendMessage({ guildId: guild.id, channelId, author: viewer, content: mention });
      const [message] = await mentioned;
      expect(message.content).toBe(mention);
      expect(message.mentions.users.has(fake.botUser.id)).toBe(true);
    } finally {
      await withoutContent.destroy();
    }
  });

  it('turns the first followUp after an ephemeral deferReply into the reply', async () => {
    onInteraction(async (interaction) => {
      if (!interaction.isChatInputCommand() || interaction.options.getSubcommand() !== 'privado') return;
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      await interaction.followUp({ content: 'só para você' });
      await interaction.followUp({ content: 'mais uma' });
    });
    const interaction = fake.runSlashCommand({
      guildId: guild.id,
      channelId,
      user: viewer,
      name: 'sorteio',
      subcommand: 'privado',
    });
    await interaction.waitForResponse((response) => response.body?.content === 'mais uma');
    expect(interaction.responses.map(({ kind }) => kind)).toEqual(['callback', 'followup', 'followup']);
    expect(interaction.responses[0]?.body).toEqual({ type: 5, data: { flags: MessageFlags.Ephemeral } });
    const answers = fake.messages(channelId).filter((message) => message.interactionId === interaction.id);
    expect(answers.map(({ content, flags }) => [content, flags])).toEqual([
      ['só para você', MessageFlags.Ephemeral],
      ['mais uma', undefined],
    ]);
    expect(answers[0]?.id).toBe(interaction.originalMessageId);
  });

  it('submits the modal the bot opened, with the typed values', async () => {
    onInteraction(async (interaction) => {
      if (interaction.isChatInputCommand() && interaction.options.getSubcommand() === 'formulario') {
        const prize = new TextInputBuilder().setCustomId('premio').setStyle(TextInputStyle.Short);
        const note = new TextInputBuilder()
          .setCustomId('nota')
          .setStyle(TextInputStyle.Paragraph)
          .setRequired(false);
        await interaction.showModal(
          new ModalBuilder()
            .setCustomId('prize-form')
            .setTitle('Novo sorteio')
            .addLabelComponents(
              new LabelBuilder().setLabel('Prêmio').setTextInputComponent(prize),
              new LabelBuilder().setLabel('Nota').setTextInputComponent(note),
            ),
        );
      }
      if (interaction.isModalSubmit() && interaction.customId === 'prize-form')
        await interaction.reply(`Prêmio: ${interaction.fields.getTextInputValue('premio')}`);
    });
    const opener = fake.runSlashCommand({
      guildId: guild.id,
      channelId,
      user: viewer,
      name: 'sorteio',
      subcommand: 'formulario',
    });
    await opener.waitForResponse();
    expect(opener.responses[0]).toMatchObject({ kind: 'callback', type: 9 });
    expect(() => fake.submitModal({ interaction: opener, fields: {} })).toThrow(/required field premio/);
    const submit = fake.submitModal({ interaction: opener, fields: { premio: 'Chave de jogo' } });
    const reply = await submit.waitForResponse();
    expect(reply).toMatchObject({ type: 4, body: { data: { content: 'Prêmio: Chave de jogo' } } });
  });

  it('resolves user and role options of a registered command', async () => {
    let resolved: [string | undefined, string | undefined, string | undefined] | undefined;
    onInteraction(async (interaction) => {
      if (!interaction.isChatInputCommand() || interaction.options.getSubcommand() !== 'premiar') return;
      const member = interaction.options.getMember('pessoa');
      resolved = [
        interaction.options.getUser('pessoa', true).username,
        member && 'displayName' in member ? member.displayName : undefined,
        interaction.options.getRole('cargo')?.name,
      ];
      await interaction.reply('ok');
    });
    const rest = new REST({ api: fake.apiUrl }).setToken(fake.token);
    await rest.put(Routes.applicationGuildCommands(fake.applicationId, guild.id), {
      body: [command.toJSON()],
    });
    const interaction = fake.runSlashCommand({
      guildId: guild.id,
      channelId,
      user: moderator,
      name: 'sorteio',
      subcommand: 'premiar',
      options: { pessoa: viewer.id, cargo: moderatorRoleId },
    });
    await interaction.waitForResponse();
    expect(resolved).toEqual(['espectador', 'espectador', 'Moderação']);
  });

  it('answers reply({ withResponse: true }) with the created message', async () => {
    let messageId: string | undefined;
    let permissions: [boolean | undefined, boolean] | undefined;
    onInteraction(async (interaction) => {
      if (!interaction.isChatInputCommand() || interaction.options.getSubcommand() !== 'resposta') return;
      permissions = [
        interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild),
        interaction.appPermissions.has(PermissionFlagsBits.SendMessages),
      ];
      const response = await interaction.reply({ content: 'olá', withResponse: true });
      messageId = response.resource?.message?.id;
    });
    const interaction = fake.runSlashCommand({
      guildId: guild.id,
      channelId,
      user: viewer,
      name: 'sorteio',
      subcommand: 'resposta',
    });
    await interaction.waitForResponse();
    await expect.poll(() => messageId).toBeDefined();
    expect(messageId).toBe(interaction.originalMessageId);
    // The viewer has no role granting ManageGuild; the bot's managed role lets it send messages.
    expect(permissions).toEqual([false, true]);
  });

  it('fails discord.js login with TokenInvalid on a wrong token', async () => {
    const intruder = new Client({ intents: INTENTS, rest: { api: fake.apiUrl } });
    await expect(intruder.login('not-the-token')).rejects.toMatchObject({ code: 'TokenInvalid' });
    await intruder.destroy();
    const refused = fake.requests.filter((request) => request.path === '/gateway/bot' && !request.authorized);
    expect(refused.at(-1)?.status).toBe(401);
  });

  it('injects a rate limit that discord.js waits out, and errors it gives up on', async () => {
    const path = `/channels/${channelId}/messages`;
    fake.failNext({ method: 'POST', pathPrefix: path, status: 429, retryAfterMs: 50 });
    const sent = await textChannel().send('depois do limite');
    const statuses = fake.requests
      .filter((request) => request.path === path)
      .map((request) => request.status);
    expect(statuses.slice(-2)).toEqual([429, 200]);
    expect(fake.messages(channelId).at(-1)?.id).toBe(sent.id);
    // discord.js retries a 5xx three times before giving up.
    fake.failNext({ method: 'POST', pathPrefix: path, status: 502, times: 4 });
    await expect(textChannel().send('fora do ar')).rejects.toMatchObject({ status: 502 });
    expect(fake.messages(channelId).some((message) => message.content === 'fora do ar')).toBe(false);
  });

  it('opens a DM channel with a member and delivers the message there, not in a guild channel', async () => {
    const sent = await client.users.send(moderator.id, 'por mensagem direta');
    expect(sent.channel.isDMBased()).toBe(true);
    expect(sent.guildId).toBeNull();
    const [delivered] = fake.directMessages(moderator.id);
    expect(delivered).toMatchObject({
      content: 'por mensagem direta',
      guildId: null,
      channelId: sent.channelId,
    });
    expect(fake.messages(channelId).some((message) => message.content === 'por mensagem direta')).toBe(false);
    // Discord keeps one DM channel per user.
    const again = await client.users.send(moderator.id, 'de novo');
    expect(again.channelId).toBe(sent.channelId);
    expect(fake.requests.filter((request) => request.path === '/users/@me/channels').at(-1)).toMatchObject({
      method: 'POST',
      body: { recipient_id: moderator.id },
      status: 200,
    });
  });

  it('refuses a DM to a user who does not accept them with 403, code 50007', async () => {
    fake.refuseDirectMessages(viewer.id);
    try {
      const error = await client.users.send(viewer.id, 'oi').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DiscordAPIError);
      expect(error).toMatchObject({ status: 403, code: 50007, message: 'Cannot send messages to this user' });
      expect(fake.directMessages(viewer.id)).toEqual([]);
    } finally {
      fake.refuseDirectMessages(viewer.id, false);
    }
    await client.users.send(viewer.id, 'agora sim');
    expect(fake.directMessages(viewer.id).map((message) => message.content)).toEqual(['agora sim']);
  });

  it('answers an unknown route with Discord 404 and logs it', async () => {
    const rest = new REST({ api: fake.apiUrl }).setToken(fake.token);
    await expect(rest.get('/nothing/here')).rejects.toMatchObject({ status: 404, code: 0 });
    expect(fake.requests.at(-1)).toMatchObject({ method: 'GET', path: '/nothing/here', status: 404 });
  });
});

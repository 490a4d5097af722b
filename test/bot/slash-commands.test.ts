import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeSha256 } from '../../src/raffles/sha256-node.ts';
import { verifyProof } from '../../src/raffles/verify.ts';
import type { FakeInteraction, FakeUser } from '../../src/sandbox/discord/index.ts';
import { SANDBOX_CHANNEL } from '../../src/sandbox/twitch/index.ts';
import { asService } from '../helpers/app.ts';
import { type BotWorld, startBotWorld } from './bot-world.ts';

const EPHEMERAL = 1 << 6;

// The same day with slash commands: each is deferred first (Discord's 3-second rule), then answered
// by editing the deferred reply.
describe('the bot, driven by slash commands', () => {
  let world: BotWorld;
  let raffleId = 0;

  beforeAll(async () => {
    world = await startBotWorld();
  });
  afterAll(async () => {
    await world?.close();
  });

  function run(
    name: 'sorteio' | 'itens',
    subcommand: string,
    options: Record<string, string | number> = {},
    user: FakeUser = world.moderator,
    id?: string,
  ): FakeInteraction {
    return world.discord.runSlashCommand({
      guildId: world.guild.id,
      channelId: world.channelId,
      user,
      name,
      subcommand,
      options,
      id,
    });
  }

  /** The deferred reply's final content (the edit of `@original`). */
  async function answer(interaction: FakeInteraction) {
    const edit = await interaction.waitForResponse((response) => response.kind === 'edit_original', 15_000);
    expect(interaction.responses[0]).toMatchObject({ kind: 'callback', type: 5 });
    expect(interaction.refused).toEqual([]);
    return edit.body as {
      content: string;
      embeds: { description?: string }[];
      components: { components: { custom_id: string }[] }[];
      allowed_mentions: unknown;
    };
  }

  it('registers /sorteio and /itens with English localizations', () => {
    const commands = world.discord.commands({ guildId: world.guild.id });
    expect(commands.map((command) => command.name).sort()).toEqual(['itens', 'sorteio']);
    const raffle = commands.find((command) => command.name === 'sorteio');
    expect(raffle?.name_localizations).toMatchObject({ 'en-US': 'raffle' });
    expect(raffle?.options?.map((option: { name: string }) => option.name)).toEqual(
      expect.arrayContaining([
        'conectar',
        'iniciar',
        'parar',
        'sortear',
        'abrir',
        'fechar',
        'status',
        'verificar',
        'ajuda',
        'idioma',
      ]),
    );
    const open = raffle?.options?.find((option: { name: string }) => option.name === 'abrir');
    expect(open?.name_localizations).toMatchObject({ 'en-US': 'open' });
    expect(open?.options?.[0]).toMatchObject({ name: 'palavra', max_length: 50, required: false });
  });

  it('/sorteio conectar answers privately with the link, which connects the channel', async () => {
    const interaction = run('sorteio', 'conectar');
    const body = await answer(interaction);
    const callback = interaction.responses[0]?.body as { data?: { flags?: number } } | undefined;
    expect(callback?.data?.flags).toBe(EPHEMERAL);
    const url = /https?:\/\/\S+/.exec(body.content)?.[0] ?? '';
    await world.completeConnectLink(url);
    const status = await answer(run('sorteio', 'status'));
    expect(JSON.stringify(status.embeds)).toContain('✅ conectado');
  });

  it('/sorteio conectar on a connected server asks privately first; "Sim, trocar" gives the link to the asker only', async () => {
    const interaction = run('sorteio', 'conectar');
    const question = await answer(interaction);
    expect(interaction.responses[0]?.body).toMatchObject({ data: { flags: EPHEMERAL } });
    expect(question.content).toContain('já está conectado ao canal');
    expect(question.content).not.toContain('/auth/twitch/login');
    const confirm = world.discord.clickButton({
      guildId: world.guild.id,
      channelId: world.channelId,
      user: world.moderator,
      messageId: interaction.originalMessageId ?? '',
      customId: `connect:move:${world.moderator.id}`,
    });
    const privateLink = await confirm.waitForResponse((response) => response.kind === 'followup', 15_000);
    expect(privateLink.body).toMatchObject({ flags: EPHEMERAL });
    const url = /https?:\/\/\S+/.exec(privateLink.body.content)?.[0] ?? '';
    await world.completeConnectLink(url);
    const status = await answer(run('sorteio', 'status'));
    expect(JSON.stringify(status.embeds)).toContain('✅ conectado');
  });

  it('/itens adicionar, /itens listar, and a malformed list changes nothing', async () => {
    const bad = await answer(run('itens', 'adicionar', { lista: 'skin dourada:0' }));
    expect(bad.content).toContain('Lista de prêmios inválida');
    await answer(run('itens', 'adicionar', { lista: 'skin dourada:50, skin prata:30x2' }));
    const list = await answer(run('itens', 'listar'));
    expect(list.embeds[0]?.description).toContain('62,5%');
    expect(list.embeds[0]?.description).toContain('37,5%');
  });

  it('/sorteio sortear draws two winners; the button redraws one slot', async () => {
    const interaction = run('sorteio', 'sortear', { vencedores: 2 });
    const body = await answer(interaction);
    const ids = body.components.flatMap((row) => row.components.map((button) => button.custom_id));
    expect(ids).toHaveLength(2);
    raffleId = Number(/^reroll:(\d+):1$/.exec(ids[0] ?? '')?.[1]);
    const before = (
      await world.app.inject({ method: 'GET', url: `/api/v1/raffles/${raffleId}/proof` })
    ).json();
    expect(before.winners).toHaveLength(2);
    expect(JSON.stringify(body.embeds)).toContain(before.winners[1].login.replaceAll('_', '\\\\_'));

    const click = world.discord.clickButton({
      guildId: world.guild.id,
      channelId: world.channelId,
      user: world.moderator,
      messageId: interaction.originalMessageId ?? '',
      customId: `reroll:${raffleId}:2`,
    });
    await click.waitForResponse((response) => response.kind === 'edit_original', 15_000);
    const after = (
      await world.app.inject({ method: 'GET', url: `/api/v1/raffles/${raffleId}/proof` })
    ).json();
    expect(after.winners[1].login).not.toBe(before.winners[1].login);
    expect(after.winners[0].login).toBe(before.winners[0].login);
  });

  it('a viewer clicking "Sortear de novo" is told privately and nothing changes', async () => {
    const before = (
      await world.app.inject({ method: 'GET', url: `/api/v1/raffles/${raffleId}/proof` })
    ).json();
    const click = world.discord.clickButton({
      guildId: world.guild.id,
      channelId: world.channelId,
      user: world.viewer,
      messageId: world.discord.messages(world.channelId).at(-1)?.id ?? '',
      customId: `reroll:${raffleId}:1`,
    });
    const followUp = await click.waitForResponse((response) => response.kind === 'followup', 15_000);
    expect(followUp.body).toMatchObject({ flags: EPHEMERAL });
    expect(JSON.stringify(followUp.body)).toContain('Gerenciar servidor');
    const after = (
      await world.app.inject({ method: 'GET', url: `/api/v1/raffles/${raffleId}/proof` })
    ).json();
    expect(after.winners).toEqual(before.winners);
  });

  it('/sorteio verificar links a proof that verifies', async () => {
    const body = await answer(run('sorteio', 'verificar', { id: raffleId }));
    expect(body.content).toContain(`http://kinoyu.test/r/${raffleId}`);
    const proof = (
      await world.app.inject({ method: 'GET', url: `/api/v1/raffles/${raffleId}/proof` })
    ).json();
    expect((await verifyProof(proof, nodeSha256)).ok).toBe(true);
  });

  it('refuses a member without permission', async () => {
    const body = await answer(run('itens', 'limpar', {}, world.viewer));
    expect(body.content).toContain('Gerenciar servidor');
    const items = await world.app.inject({
      method: 'GET',
      url: `/api/v1/channels/${SANDBOX_CHANNEL.login}/items`,
      headers: asService,
    });
    expect(items.json().items.length).toBeGreaterThan(0);
  });

  it('draws once when the same interaction is delivered twice', async () => {
    const count = async () =>
      Number(
        (
          await world.database.db
            .selectFrom('raffles')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirst()
        )?.n,
      );
    const before = await count();
    const id = '1288888888888888888';
    await answer(run('sorteio', 'sortear', {}, world.moderator, id));
    const again = run('sorteio', 'sortear', {}, world.moderator, id);
    await answer(run('sorteio', 'ajuda'));
    expect(again.responses).toEqual([]);
    expect(await count()).toBe(before + 1);
  });

  it('/sorteio idioma en switches the replies to English', async () => {
    expect((await answer(run('sorteio', 'idioma', { idioma: 'en' }))).content).toContain('English');
    const body = await answer(run('sorteio', 'verificar', { id: 999_999 }));
    expect(body.content).toBe('I could not find that raffle. Check the number.');
    expect((await answer(run('sorteio', 'idioma', { idioma: 'pt' }))).content).toContain('português');
  });
});

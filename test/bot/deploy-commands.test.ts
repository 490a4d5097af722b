import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slashCommandBodies } from '../../src/bot/commands/definitions.ts';
import { COMMANDS } from '../../src/bot/commands/index.ts';
import { deployCommands } from '../../src/bot/deploy-commands.ts';
import { type FakeDiscord, startFakeDiscord } from '../../src/sandbox/discord/index.ts';

describe('deploy-commands', () => {
  let discord: FakeDiscord;

  beforeAll(async () => {
    discord = await startFakeDiscord();
  });
  afterAll(async () => {
    await discord?.close();
  });

  const options = () => ({
    token: discord.token,
    applicationId: discord.applicationId,
    apiUrl: discord.apiUrl,
  });

  it('overwrites the global commands with one PUT of the definitions, as often as it runs', async () => {
    expect(await deployCommands(options())).toBe(2);
    expect(await deployCommands(options())).toBe(2);
    const puts = discord.requests.filter((request) => request.method === 'PUT');
    expect(puts).toHaveLength(2);
    expect(puts[0]?.path).toBe(`/applications/${discord.applicationId}/commands`);
    expect(puts[0]?.body).toEqual(JSON.parse(JSON.stringify(slashCommandBodies())));
    expect(
      discord
        .commands()
        .map((command) => command.name)
        .sort(),
    ).toEqual(['itens', 'sorteio']);
  });

  it('deploys to one server with --guild', async () => {
    const guild = discord.addGuild();
    await deployCommands({ ...options(), guildId: guild.id });
    expect(discord.commands({ guildId: guild.id })).toHaveLength(2);
  });

  it('defines a slash subcommand for every command, and every subcommand runs a command', () => {
    const defined = slashCommandBodies().flatMap((command) =>
      (command.options ?? []).map((option) => `${command.name} ${option.name}`),
    );
    const handled = COMMANDS.map((command) => `${command.slash.command} ${command.slash.subcommand}`);
    expect(defined.sort()).toEqual([...new Set(handled)].sort());
  });
});

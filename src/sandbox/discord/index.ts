/**
 * The fake Discord: REST under `${apiUrl}/v10` and the gateway on loopback, for running the real
 * discord.js client in tests.
 *
 * ```ts
 * const fake = await startFakeDiscord();
 * const guild = fake.addGuild({ channels: ['geral'] });
 * const client = new Client({ intents, rest: { api: fake.apiUrl } });
 * await client.login(fake.token);
 * fake.sendMessage({ guildId: guild.id, channelId: guild.channels[0].id, author: member, content: '!iniciar' });
 * await fake.waitForMessage((message) => message.embeds.length > 0);
 * // afterAll: destroy the clients first (they would keep reconnecting), then `await fake.close()`.
 * ```
 */
export type { FakeDiscordOptions } from './assembly.ts';
export { FakeDiscord, startFakeDiscord } from './fake-discord.ts';
export type { InjectedFailure } from './fault-switches.ts';
export type { FakeInteraction, InteractionResponse, RefusedInteractionResponse } from './interactions.ts';
export type { DiscordJson } from './payloads.external.ts';
export type { RecordedRequest } from './server.ts';
export type { FakeGuild, FakeMessage, FakeUser } from './views.ts';

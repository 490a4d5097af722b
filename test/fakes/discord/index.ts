// The fake Discord: REST + gateway on loopback, for running the real discord.js client in tests.
export {
  FakeDiscord,
  type FakeDiscordOptions,
  type FakeGuild,
  type FakeMessage,
  type FakeUser,
  startFakeDiscord,
} from './fake-discord.ts';
export type { FakeInteraction, InteractionResponse, RefusedInteractionResponse } from './interactions.ts';
export type { DiscordJson } from './payloads.external.ts';
export type { RecordedRequest } from './server.ts';

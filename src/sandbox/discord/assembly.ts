// Wires the fake's parts together and starts listening: state, gateway, dispatcher, REST server.
import { ApplicationFlags, GatewayIntentBits } from 'discord.js';
import { CommandRegistry } from './command-registry.ts';
import type { FakeContext } from './context.ts';
import { Dispatcher } from './dispatches.ts';
import { FaultSwitches } from './fault-switches.ts';
import { Gateway } from './gateway.ts';
import { membersChunkPayload, readyPayload } from './gateway-payloads.external.ts';
import { InteractionRegistry } from './interactions.ts';
import { listenOnLoopback, type RecordedRequest } from './server.ts';
import { shardHolds } from './shards.ts';
import { nextSnowflake, randomToken } from './snowflake.ts';
import { FakeState, type GuildRecord } from './state.ts';
import { ChangeWaiters } from './waiting.ts';

/** Options of `startFakeDiscord`. */
export interface FakeDiscordOptions {
  applicationId?: string;
  botUsername?: string;
  /** How long after dispatch an interaction's first response is accepted; Discord's 3 s by default. */
  interactionDeadlineMs?: number;
  /** The shard count `GET /gateway/bot` recommends (1 by default); sessions identify with `shard: [id, count]`. */
  recommendedShards?: number;
  /** Whether the application's Message Content intent is on (default); off, IDENTIFY asking for it gets 4014. */
  messageContentIntent?: boolean;
}

// Either flag lets a bot ask for the privileged intent (the "limited" one below 100 servers).
const MESSAGE_CONTENT =
  ApplicationFlags.GatewayMessageContent | ApplicationFlags.GatewayMessageContentLimited;

/** The running parts a `FakeDiscord` drives. */
export interface AssembledFake {
  readonly context: FakeContext;
  readonly gateway: Gateway;
  readonly faults: FaultSwitches;
  readonly requests: RecordedRequest[];
  readonly port: number;
  close(): Promise<void>;
}

/** Builds the parts and listens on a random loopback port. */
export async function assembleFakeDiscord(options: FakeDiscordOptions): Promise<AssembledFake> {
  const botUser = { id: nextSnowflake(), username: options.botUsername ?? 'KinoYu', bot: true };
  const applicationId = options.applicationId ?? botUser.id;
  const state = new FakeState(botUser, applicationId);
  if (options.messageContentIntent === false) state.applicationFlags = 0;
  const waiters = new ChangeWaiters();
  const token = `fake.${randomToken()}`;
  let port = 0;
  const gateway = new Gateway({
    token,
    readyPayload: (session) => readyPayload(state, session, `ws://127.0.0.1:${port}`),
    allowsIntents: (intents) =>
      (intents & GatewayIntentBits.MessageContent) === 0 || (state.applicationFlags & MESSAGE_CONTENT) !== 0,
    afterReady: (session) => {
      for (const guild of state.guilds.values())
        if (shardHolds(session.shard, guild.id)) dispatcher.guildCreate(guild, session);
      waiters.notify();
    },
    membersChunk: (request) => membersChunkPayload(state, request),
  });
  const dispatcher = new Dispatcher(gateway, state, joinedAtClock());
  const context: FakeContext = {
    state,
    dispatcher,
    interactions: new InteractionRegistry(),
    commands: new CommandRegistry(applicationId),
    waiters,
    token,
    applicationId,
    interactionDeadlineMs: options.interactionDeadlineMs ?? 3000,
    recommendedShards: options.recommendedShards ?? 1,
    gatewayUrl: () => `ws://127.0.0.1:${port}`,
  };
  const requests: RecordedRequest[] = [];
  const faults = new FaultSwitches();
  const onBug = (error: unknown) => console.error('fake Discord: a route failed', error);
  const server = await listenOnLoopback({ context, gateway, faults, requests, onBug });
  port = server.port;
  return { context, gateway, faults, requests, port, close: server.close };
}

// The bot "joined" a guild the first time a client heard of it; GUILD_CREATE keeps saying so.
function joinedAtClock(): (guild: GuildRecord) => string {
  const joinedAt = new Map<string, string>();
  return (guild) => {
    const known = joinedAt.get(guild.id) ?? new Date().toISOString();
    joinedAt.set(guild.id, known);
    return known;
  };
}

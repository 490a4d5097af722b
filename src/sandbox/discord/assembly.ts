// Wires the fake's parts together and starts listening: state, gateway, dispatcher, REST server.
import { CommandRegistry } from './command-registry.ts';
import type { FakeContext } from './context.ts';
import { Dispatcher } from './dispatches.ts';
import { FaultSwitches } from './fault-switches.ts';
import { Gateway } from './gateway.ts';
import { membersChunkPayload, readyPayload } from './gateway-payloads.external.ts';
import { InteractionRegistry } from './interactions.ts';
import { listenOnLoopback, type RecordedRequest } from './server.ts';
import { nextSnowflake, randomToken } from './snowflake.ts';
import { FakeState, type GuildRecord } from './state.ts';
import { ChangeWaiters } from './waiting.ts';

/** Options of `startFakeDiscord`. */
export interface FakeDiscordOptions {
  applicationId?: string;
  botUsername?: string;
  /** How long after dispatch an interaction's first response is accepted; Discord's 3 s by default. */
  interactionDeadlineMs?: number;
}

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
  const waiters = new ChangeWaiters();
  const token = `fake.${randomToken()}`;
  let port = 0;
  const gateway = new Gateway({
    token,
    readyPayload: (session) => readyPayload(state, session.id, `ws://127.0.0.1:${port}`),
    afterReady: (session) => {
      for (const guild of state.guilds.values()) dispatcher.guildCreate(guild, session);
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

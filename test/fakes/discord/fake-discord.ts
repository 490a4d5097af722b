import { CommandRegistry } from './command-registry.ts';
import type { FakeContext } from './context.ts';
import { Dispatcher } from './dispatches.ts';
import { Gateway } from './gateway.ts';
import { type FakeInteraction, InteractionRegistry } from './interactions.ts';
import { type DiscordJson, membersChunkPayload, userPayload } from './payloads.external.ts';
import { listenOnLoopback, type RecordedRequest } from './server.ts';
import { nextSnowflake, randomToken } from './snowflake.ts';
import { FakeState, type GuildRecord, type MessageRecord } from './state.ts';
import { type ButtonClickSpec, clickButton, runSlashCommand, type SlashCommandSpec } from './user-actions.ts';
import { ChangeWaiters } from './waiting.ts';
import { createGuild, createMember, createRole, type GuildSpec, typeMessage } from './world.ts';

/** Options of `startFakeDiscord`. */
export interface FakeDiscordOptions {
  applicationId?: string;
  botUsername?: string;
  /** How long after dispatch an interaction's first response is accepted; Discord's 3 s by default. */
  interactionDeadlineMs?: number;
}

/** A Discord user. */
export interface FakeUser {
  id: string;
  username: string;
}

/** A guild as the test created it (roles added later show up here too). */
export interface FakeGuild {
  id: string;
  name: string;
  ownerId: string;
  everyoneRoleId: string;
  channels: { id: string; name: string }[];
  roles: { id: string; name: string; permissions: string }[];
}

/** A message the bot posted: the JSON body as sent, plus ids. */
export interface FakeMessage {
  id: string;
  channelId: string;
  guildId: string | null;
  authorId: string;
  content: string;
  embeds: DiscordJson[];
  components: DiscordJson[];
  allowedMentions: unknown;
  flags?: number;
  editedAt: string | null;
  messageReference?: unknown;
  /** Set on interaction responses and follow-ups. */
  interactionId?: string;
}

const DEFAULT_WAIT_MS = 5000;

/** A local Discord (REST + gateway on 127.0.0.1) that the real discord.js client runs against. */
export class FakeDiscord {
  /** Every REST request: method, path after /api/v10, body, whether it carried the bot token. */
  readonly requests: RecordedRequest[];
  /** The only bot token accepted ("Authorization: Bot <token>"); any other gets 401. */
  readonly token: string;
  readonly apiUrl: string;
  readonly #context: FakeContext;
  readonly #gateway: Gateway;
  readonly #guildViews = new Map<string, FakeGuild>();
  readonly #closeServer: () => Promise<void>;

  private constructor(parts: {
    context: FakeContext;
    gateway: Gateway;
    requests: RecordedRequest[];
    port: number;
    close: () => Promise<void>;
  }) {
    this.#context = parts.context;
    this.token = parts.context.token;
    this.requests = parts.requests;
    this.#gateway = parts.gateway;
    this.apiUrl = `http://127.0.0.1:${parts.port}/api`;
    this.#closeServer = parts.close;
  }

  get applicationId(): string {
    return this.#context.applicationId;
  }

  get botUser(): FakeUser {
    const { id, username } = this.#context.state.botUser;
    return { id, username };
  }

  /** Creates a guild the bot is in (GUILD_CREATE goes to connected clients). */
  addGuild(spec: GuildSpec = {}): FakeGuild {
    const guild = createGuild(this.#context, spec);
    const view = guildView(guild);
    this.#guildViews.set(guild.id, view);
    return view;
  }

  /** Adds a role to a guild (GUILD_ROLE_CREATE). */
  addRole(
    guildId: string,
    spec: { name: string; permissions: bigint | string },
  ): { id: string; name: string } {
    const role = createRole(this.#context, guildId, spec);
    this.#guildViews
      .get(guildId)
      ?.roles.push({ id: role.id, name: role.name, permissions: role.permissions.toString() });
    return { id: role.id, name: role.name };
  }

  /** Adds a new user as a member of a guild, with these roles. */
  addMember(guildId: string, spec: { username: string; roleIds?: string[] }): FakeUser {
    const { id, username } = createMember(this.#context, guildId, spec);
    return { id, username };
  }

  /** A member types in a text channel: MESSAGE_CREATE with the member's roles. */
  sendMessage(spec: { guildId: string; channelId: string; author: FakeUser; content: string; id?: string }): {
    id: string;
  } {
    const message = typeMessage(this.#context, { ...spec, authorId: spec.author.id });
    return { id: message.id };
  }

  /** A member runs a slash command: INTERACTION_CREATE type 2. */
  runSlashCommand(spec: Omit<SlashCommandSpec, 'userId'> & { user: FakeUser }): FakeInteraction {
    return runSlashCommand(this.#context, { ...spec, userId: spec.user.id });
  }

  /** A member clicks a button of a message the bot posted: INTERACTION_CREATE type 3. */
  clickButton(spec: Omit<ButtonClickSpec, 'userId'> & { user: FakeUser }): FakeInteraction {
    return clickButton(this.#context, { ...spec, userId: spec.user.id });
  }

  /** Messages the bot posted in a channel (and did not delete), oldest first, as they are now. */
  messages(channelId: string): FakeMessage[] {
    return this.#botMessages().filter((message) => message.channelId === channelId);
  }

  /** The first bot message matching `predicate`, now or when it is posted or edited. */
  waitForMessage(
    predicate: (message: FakeMessage) => boolean,
    timeoutMs = DEFAULT_WAIT_MS,
  ): Promise<FakeMessage> {
    return this.#context.waiters.waitFor(
      () => this.#botMessages().find(predicate),
      timeoutMs,
      'matching bot message',
    );
  }

  /** Application commands registered through PUT/POST, globally or for one guild. */
  commands(scope: { guildId?: string } = {}): DiscordJson[] {
    return this.#context.commands.list(scope.guildId);
  }

  /** Resolves once `count` IDENTIFYs have been answered with READY. */
  waitForReady(count = 1, timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    return this.#context.waiters
      .waitFor(
        () => (this.#gateway.readyCount >= count ? true : undefined),
        timeoutMs,
        `READY number ${count}`,
      )
      .then(() => undefined);
  }

  /** How many IDENTIFYs were answered with READY so far. */
  get readyCount(): number {
    return this.#gateway.readyCount;
  }

  /**
   * Closes the gateway sockets with `code` (4000, resumable, by default) as Discord does now and then;
   * 4007 or 4009 also end the sessions, so the client must identify again.
   */
  dropGateway(code = 4000): void {
    this.#gateway.drop(code);
  }

  /** Stops the gateway and the HTTP server. */
  async close(): Promise<void> {
    await this.#gateway.close();
    await this.#closeServer();
  }

  #botMessages(): FakeMessage[] {
    const botId = this.#context.state.botUser.id;
    return [...this.#context.state.messages.values()]
      .filter((message) => message.authorId === botId && !message.deleted)
      .map(messageView);
  }

  /** Starts the fake on a random loopback port. */
  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const botUser = { id: nextSnowflake(), username: options.botUsername ?? 'KinoYu', bot: true };
    const applicationId = options.applicationId ?? botUser.id;
    const state = new FakeState(botUser, applicationId);
    const waiters = new ChangeWaiters();
    const joinedAt = new Map<string, string>();
    const token = `fake.${randomToken()}`;
    let port = 0;
    const gateway = new Gateway({
      token,
      readyPayload: (session) => ({
        v: 10,
        user: { ...userPayload(botUser), verified: true, mfa_enabled: false, flags: 0 },
        guilds: [...state.guilds.keys()].map((id) => ({ id, unavailable: true })),
        session_id: session.id,
        session_type: 'normal',
        resume_gateway_url: `ws://127.0.0.1:${port}`,
        application: { id: applicationId, flags: 0 },
        shard: [0, 1],
        private_channels: [],
        relationships: [],
        presences: [],
        guild_join_requests: [],
        geo_ordered_rtc_regions: [],
        user_settings: {},
        _trace: ['fake-discord'],
      }),
      afterReady: (session) => {
        for (const guild of state.guilds.values()) dispatcher.guildCreate(guild, session);
        waiters.notify();
      },
      membersChunk: (request) => membersChunkPayload(state, request),
    });
    const dispatcher = new Dispatcher(gateway, state, (guild: GuildRecord) => {
      if (!joinedAt.has(guild.id)) joinedAt.set(guild.id, new Date().toISOString());
      return joinedAt.get(guild.id) as string;
    });
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
    const server = await listenOnLoopback(context, gateway, requests, (error) => {
      console.error('fake Discord: a route failed', error);
    });
    port = server.port;
    return new FakeDiscord({ context, gateway, requests, port, close: server.close });
  }
}

function guildView(guild: GuildRecord): FakeGuild {
  return {
    id: guild.id,
    name: guild.name,
    ownerId: guild.ownerId,
    everyoneRoleId: guild.id,
    channels: guild.channels.map(({ id, name }) => ({ id, name })),
    roles: guild.roles.map(({ id, name, permissions }) => ({
      id,
      name,
      permissions: permissions.toString(),
    })),
  };
}

function messageView(message: MessageRecord): FakeMessage {
  const { id, channelId, guildId, authorId, content, embeds, components, allowedMentions, editedAt } =
    message;
  return {
    id,
    channelId,
    guildId,
    authorId,
    content,
    embeds: structuredClone(embeds),
    components: structuredClone(components),
    allowedMentions,
    ...(message.flags !== undefined && { flags: message.flags }),
    editedAt,
    ...(message.messageReference !== undefined && { messageReference: message.messageReference }),
    ...(message.interactionId !== undefined && { interactionId: message.interactionId }),
  };
}

/** Starts a fake Discord on a random loopback port. */
export function startFakeDiscord(options?: FakeDiscordOptions): Promise<FakeDiscord> {
  return FakeDiscord.start(options);
}

import { type AssembledFake, assembleFakeDiscord, type FakeDiscordOptions } from './assembly.ts';
import type { FakeContext } from './context.ts';
import type { FaultSwitches, InjectedFailure } from './fault-switches.ts';
import type { Gateway } from './gateway.ts';
import type { FakeInteraction } from './interactions.ts';
import { submitModal } from './modal-submit.ts';
import type { DiscordJson } from './payloads.external.ts';
import type { RecordedRequest } from './server.ts';
import { type ButtonClickSpec, clickButton, runSlashCommand, type SlashCommandSpec } from './user-actions.ts';
import { type FakeGuild, type FakeMessage, type FakeUser, guildView, messageView } from './views.ts';
import { createGuild, createMember, createRole, type GuildSpec, typeMessage } from './world.ts';

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
  readonly #faults: FaultSwitches;
  readonly #guildViews = new Map<string, FakeGuild>();
  readonly #closeServer: () => Promise<void>;

  /** Use `startFakeDiscord`. */
  constructor(parts: AssembledFake) {
    this.#context = parts.context;
    this.token = parts.context.token;
    this.requests = parts.requests;
    this.#faults = parts.faults;
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

  /** The member submits the modal the bot opened in answer to `interaction`: INTERACTION_CREATE type 5. */
  submitModal(spec: {
    interaction: FakeInteraction;
    fields: Record<string, string>;
    id?: string;
  }): FakeInteraction {
    return submitModal(this.#context, { openerId: spec.interaction.id, fields: spec.fields, id: spec.id });
  }

  /**
   * Makes the user refuse DMs from the bot (their "Allow direct messages from server members" setting
   * off, or the bot blocked): sending them a message then fails with 403, code 50007.
   */
  refuseDirectMessages(userId: string, refuse = true): void {
    if (refuse) this.#context.state.refusingDirectMessages.add(userId);
    else this.#context.state.refusingDirectMessages.delete(userId);
  }

  /** DMs the bot sent to a user, oldest first. */
  directMessages(userId: string): FakeMessage[] {
    return this.#botMessages().filter((message) => message.recipientId === userId);
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

  /** Makes the next matching REST request(s) fail: a 429 rate limit or any other status. */
  failNext(failure: InjectedFailure): void {
    this.#faults.add(failure);
  }

  /** Forgets failures not yet injected. */
  clearFailures(): void {
    this.#faults.clear();
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
}

/** Starts a fake Discord on a random loopback port. */
export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  return new FakeDiscord(await assembleFakeDiscord(options));
}

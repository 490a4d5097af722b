import { type ChatMessageInput, type ChatMessageRecord, ChatRoom } from './chat-room.ts';
import type { EventSubSubscriptionBody } from './eventsub-frames.external.ts';
import { EventSubHub } from './eventsub-hub.ts';
import type { EventSubSessionInfo } from './eventsub-sessions.ts';
import type { ChurnResult, FakeChannel, SetChattersOptions } from './fake-channel.ts';
import type { FakeClient, FakeContext } from './fake-context.ts';
import { type ChannelSeed, type DateInput, FakeWorld, SANDBOX_CHANNEL } from './fake-world.ts';
import { FaultSwitches, type InjectedFailure } from './fault-switches.ts';
import { OAuthGrants } from './oauth-grants.ts';
import { approveConsent } from './oauth-routes.ts';
import { randomToken } from './random.ts';
import { RateLimitBuckets } from './rate-limit.ts';
import { RequestLog, type RequestLogEntry } from './request-log.ts';
import { SandboxActivity, type SandboxActivityOptions } from './sandbox-activity.ts';
import { createListeners, type ListeningServers, listenOnLoopback } from './server.ts';
import type { FakeAccount } from './viewer-population.ts';
import { type ViewerReactionOptions, ViewerReactions } from './viewer-reactions.ts';

/** How to start a fake Twitch. Everything is optional: the defaults are the built-in sandbox. */
export interface FakeTwitchOptions {
  /** Port to listen on; 0 (default) takes a free one. */
  readonly port?: number;
  /** Listen on this single address instead of both loopback addresses (127.0.0.1 and ::1). */
  readonly host?: string;
  /** The registered app's client id (at least 30 characters); random by default. */
  readonly clientId?: string;
  /** The app's client secret; random by default. */
  readonly clientSecret?: string;
  /** The app name on the consent screen (default "KinoYu"). */
  readonly appName?: string;
  /** Redirect URIs the app registered (exact match); by default any http(s) URI is accepted. */
  readonly redirectUris?: readonly string[];
  /** The broadcasters and their channels; the first is the default channel. Default: the sandbox channel. */
  readonly channels?: readonly ChannelSeed[];
  /** Seed of the viewer population (default "kinoyu"): same seed, same viewers. */
  readonly seed?: string;
  /** Start the sandbox's life on timers (viewers coming, going and chatting). Off by default. */
  readonly sandbox?: boolean | SandboxActivityOptions;
  /**
   * Simulated viewers answer the app's chat lines (entries opening, claim calls) on timers. Default: on
   * with `sandbox`, off otherwise, so that tests stay deterministic unless they ask for it.
   */
  readonly viewerReactions?: boolean | ViewerReactionOptions;
  /** User access token lifetime (default 14,400 s, about what Twitch gives). */
  readonly userTokenLifetimeSeconds?: number;
  /** App access token lifetime (default 5,000,000 s, about 58 days). */
  readonly appTokenLifetimeSeconds?: number;
  /** Helix bucket size and refill per minute (default 800, Twitch's). */
  readonly rateLimitPerMinute?: number;
  /** The EventSub welcome's keepalive_timeout_seconds (default 10, Twitch's). */
  readonly keepaliveTimeoutSeconds?: number;
  /** Refuse a refresh token once it was used (default false). */
  readonly singleUseRefreshTokens?: boolean;
  /** Told about unexpected errors inside the fake (default: console.error). */
  readonly onError?: (error: unknown) => void;
}

/** A user token as twurple's `AccessToken` holds it, plus whose it is. */
export interface FakeUserToken {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly scope: string[];
  readonly expiresIn: number;
  readonly obtainmentTimestamp: number;
  readonly userId: string;
}

/** Every scope the fake checks somewhere: a token with these can call every endpoint it serves. */
export const FAKE_TWITCH_SCOPES: readonly string[] = [
  'moderator:read:chatters',
  'user:read:chat',
  'user:write:chat',
  'channel:read:subscriptions',
  'channel:read:vips',
  'moderation:read',
  'moderator:read:followers',
];

/** Helix endpoints a test can make fail by name (see `failHelix`). */
const HELIX_PATHS = {
  users: '/mock/users',
  followers: '/mock/channels/followers',
  chatters: '/mock/chat/chatters',
  'chat messages': '/mock/chat/messages',
} as const;

/**
 * A running fake Twitch (OAuth, Helix, EventSub over WebSocket) in the Twitch CLI mock layout that
 * twurple 8 targets when `TWURPLE_MOCK_API_PORT` is set, with the switches tests use to make it misbehave.
 */
export class FakeTwitch {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  readonly port: number;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly world: FakeWorld;
  readonly #context: FakeContext;
  readonly #grants: OAuthGrants;
  readonly #faults: FaultSwitches;
  readonly #log: RequestLog;
  readonly #activity: SandboxActivity;
  readonly #reactions: ViewerReactions;
  readonly #servers: ListeningServers;
  #closed = false;

  /** @internal Use startFakeTwitch. */
  constructor(parts: {
    context: FakeContext;
    grants: OAuthGrants;
    faults: FaultSwitches;
    log: RequestLog;
    activity: SandboxActivity;
    reactions: ViewerReactions;
    servers: ListeningServers;
  }) {
    this.#context = parts.context;
    this.#grants = parts.grants;
    this.#faults = parts.faults;
    this.#log = parts.log;
    this.#activity = parts.activity;
    this.#reactions = parts.reactions;
    this.#servers = parts.servers;
    this.port = parts.servers.port;
    this.url = `http://127.0.0.1:${this.port}`;
    this.clientId = parts.context.client.id;
    this.clientSecret = parts.context.client.secret;
    this.world = parts.context.world;
  }

  // --- OAuth --------------------------------------------------------------------------------------

  /** A code as if the user (default: the default channel's broadcaster) had clicked "Autorizar". */
  issueAuthorizationCode(options: {
    redirectUri: string;
    scopes?: readonly string[];
    userId?: string;
  }): string {
    const userId = options.userId ?? this.world.defaultChannel.broadcaster.id;
    return this.#grants.issueCode(
      this.clientId,
      userId,
      options.scopes ?? FAKE_TWITCH_SCOPES,
      options.redirectUri,
    );
  }

  /** A user token without the browser dance (default: the default channel's broadcaster, every scope). */
  issueUserToken(options: { scopes?: readonly string[]; userId?: string } = {}): FakeUserToken {
    const userId = options.userId ?? this.world.defaultChannel.broadcaster.id;
    const issued = this.#grants.issueUserToken(this.clientId, userId, options.scopes ?? FAKE_TWITCH_SCOPES);
    return {
      accessToken: issued.accessToken,
      refreshToken: issued.refreshToken ?? '',
      scope: [...issued.scopes],
      expiresIn: issued.expiresIn,
      obtainmentTimestamp: Date.now(),
      userId,
    };
  }

  /** Makes every access token issued so far expire now; refresh tokens keep working. */
  expireAllAccessTokens(): void {
    this.#grants.expireAllAccessTokens();
  }

  /** Refuses a refresh token once it was used (400 "Invalid refresh token"), or stops doing so. */
  setSingleUseRefreshTokens(enabled: boolean): void {
    this.#grants.singleUseRefreshTokens = enabled;
  }

  /**
   * Lets a refresh token from an earlier run of the sandbox work again, so a channel connected before a
   * restart stays connected: its access token fails validation, and the refresh renews it.
   */
  adoptRefreshToken(refreshToken: string, userId: string, scopes: readonly string[]): void {
    this.#grants.adoptRefreshToken(refreshToken, this.clientId, userId, scopes);
  }

  /**
   * Presses "Autorizar" on the consent page of this authorize URL (an app's redirect to
   * `/auth/authorize`) as the default channel's broadcaster, without a browser; returns where the fake
   * sends the browser back (the app's redirect URI with code, scope and state). Throws when the
   * request is one the consent page would refuse.
   */
  approveConsent(authorizeUrl: string): string {
    return approveConsent(this.#context, authorizeUrl);
  }

  /** Kills every token of a user, as when they disconnect the app on Twitch: validate and refresh fail. */
  revokeUserTokens(userId: string): void {
    this.#grants.revokeUser(userId);
  }

  // --- Faults and the request log ------------------------------------------------------------------

  /** The next `count` requests under `pathPrefix` answer `failure` (429 with an empty bucket, or a 5xx). */
  failNext(pathPrefix: string, count: number, failure: InjectedFailure = { status: 429 }): void {
    this.#faults.failNext(pathPrefix, count, failure);
  }

  /**
   * Makes one Helix endpoint fail with a 5xx (503 by default): the next `count` calls, or every call
   * until `clearFaults()` when no count is given. twurple retries a 5xx a few times, so a test that
   * wants the app to see the failure leaves the count out.
   */
  failHelix(endpoint: keyof typeof HELIX_PATHS, options: { count?: number; status?: number } = {}): void {
    const failure = { status: options.status ?? 503 };
    if (failure.status < 500) throw new Error(`failHelix injects a 5xx, not ${failure.status}`);
    if (options.count === undefined) this.#faults.failEvery(HELIX_PATHS[endpoint], 1, failure);
    else this.#faults.failNext(HELIX_PATHS[endpoint], options.count, failure);
  }

  /**
   * Every `every`-th request under `pathPrefix` answers `failure` until the faults are cleared: with
   * `failEvery('/mock/', 3)`, every third Helix call is a 429 with an empty bucket that resets in 1 s.
   */
  failEvery(pathPrefix: string, every: number, failure: InjectedFailure = { status: 429 }): void {
    this.#faults.failEvery(pathPrefix, every, failure);
  }

  /** Every request under `pathPrefix` (default all) waits `ms` before its answer; 0 removes the delay. */
  setDelay(ms: number, pathPrefix = '/'): void {
    this.#faults.setDelay(ms, pathPrefix);
  }

  /** Disarms every injected failure and delay. */
  clearFaults(): void {
    this.#faults.clear();
  }

  /** Every request received, in order (WebSocket upgrades included, with status 101). */
  get requests(): readonly RequestLogEntry[] {
    return this.#log.entries;
  }

  /** How many requests had a path under `pathPrefix` (and this method, when given). */
  requestCount(pathPrefix: string, method?: string): number {
    return this.#log.count(pathPrefix, method);
  }

  /** Requests per `METHOD path`. */
  requestCounters(): Record<string, number> {
    return this.#log.counters();
  }

  /** Forgets the request log. */
  clearRequestLog(): void {
    this.#log.clear();
  }

  // --- The world -----------------------------------------------------------------------------------

  /** A channel by broadcaster id or login; the default (sandbox) channel when none is given. */
  channel(broadcaster?: string): FakeChannel {
    return this.world.channel(broadcaster);
  }

  /** Sets the exact number of chat list entries of a channel (e.g. 100,000), optionally with empty ones. */
  setChatterCount(count: number, options: SetChattersOptions & { broadcaster?: string } = {}): void {
    this.world.channel(options.broadcaster).setChatters(count, options);
  }

  /** One step of viewers joining and leaving, as the sandbox timer does. */
  churnChatters(broadcaster?: string): ChurnResult {
    return this.#activity.churn(broadcaster);
  }

  /** A random viewer says something, as the sandbox timer does. */
  simulateChatter(broadcaster?: string): ChatMessageRecord | undefined {
    return this.#activity.chatter(broadcaster);
  }

  /** Starts the sandbox timers (churn and chat). */
  startSandboxActivity(options?: SandboxActivityOptions): void {
    this.#activity.start(options);
  }

  /** Stops the sandbox timers. */
  stopSandboxActivity(): void {
    this.#activity.stop();
  }

  /** Test hook: the account (id or login; an unknown login becomes a new one) was made at this time. */
  setAccountCreatedAt(user: string, createdAt: DateInput): FakeAccount {
    return this.world.setAccountCreatedAt(user, createdAt);
  }

  /** Test hook: a viewer (id or login) follows a channel since this time, or (null) does not follow it. */
  setFollow(broadcaster: string, viewer: string, followedAt: DateInput | null): void {
    this.world.setFollow(broadcaster, viewer, followedAt);
  }

  /** Starts or ends a channel's broadcast (Get Streams answers an empty list when offline). */
  setLive(live: boolean, broadcaster?: string): void {
    this.world.channel(broadcaster).setLive(live);
  }

  // --- Chat and EventSub ---------------------------------------------------------------------------

  /** A viewer says something: recorded and delivered to the subscribed sockets (`deliveries` times). */
  pushChatMessage(input: ChatMessageInput): ChatMessageRecord {
    return this.#context.chat.say(input);
  }

  /** A viewer (id or login; an unknown login becomes a new account) types `text` in a channel's chat. */
  typeInChat(broadcaster: string, viewer: string, text: string): ChatMessageRecord {
    return this.#context.chat.say({ broadcaster, chatter: viewer, text });
  }

  /**
   * Simulated viewers start answering the app's chat lines (entries opening, claim calls); with a
   * `schedule` of its own a test decides when each answer is typed.
   */
  startViewerReactions(options?: ViewerReactionOptions): void {
    this.#reactions.start(options);
  }

  /** Simulated viewers stop answering the app; answers not typed yet are dropped. */
  stopViewerReactions(): void {
    this.#reactions.stop();
  }

  /** Answers to the app waiting on the default timers. */
  get pendingViewerReactions(): number {
    return this.#reactions.pending;
  }

  /** Delivers an earlier chat message again, same message ids; returns the frames sent. */
  redeliverChatMessage(messageId: string): number {
    return this.#context.eventSub.redeliver(messageId);
  }

  /** Every message said in the fake chats, Send Chat Message included (the latest 10,000). */
  get chatMessages(): readonly ChatMessageRecord[] {
    return this.#context.chat.messages;
  }

  /** The messages apps sent through Send Chat Message. */
  get sentChatMessages(): readonly ChatMessageRecord[] {
    return this.#context.chat.messages.filter((message) => message.via === 'helix');
  }

  /** The open EventSub WebSocket sessions. */
  eventSubSessions(): EventSubSessionInfo[] {
    return this.#context.eventSub.sessions.list();
  }

  /** Every EventSub subscription. */
  eventSubSubscriptions(): EventSubSubscriptionBody[] {
    return this.#context.eventSub.subscriptions();
  }

  /** Sends `session_reconnect` to one session (all when none is given); returns the session ids. */
  sendReconnect(sessionId?: string): string[] {
    return this.#context.eventSub.sessions.requestReconnect(sessionId);
  }

  /** Closes a session's socket with a close code (Twitch's are 4000-4007); its subscriptions end. */
  closeEventSubSocket(sessionId: string, code: number, reason?: string): void {
    this.#context.eventSub.sessions.close(sessionId, code, reason);
  }

  /** Stops timers, closes sockets and servers. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#activity.stop();
    this.#reactions.stop();
    this.#context.eventSub.sessions.closeAll();
    await this.#servers.close();
  }
}

/** Starts a fake Twitch on a loopback port; with no options it is the built-in sandbox (timers off). */
export async function startFakeTwitch(options: FakeTwitchOptions = {}): Promise<FakeTwitch> {
  const client: FakeClient = {
    id: options.clientId ?? randomToken(30),
    secret: options.clientSecret ?? randomToken(30),
    name: options.appName ?? 'KinoYu',
    redirectUris: options.redirectUris ?? [],
  };
  if (client.id.length < 30) throw new Error('the fake Twitch client id must have at least 30 characters');
  const rateLimitPerMinute = options.rateLimitPerMinute ?? 800;
  const grants = new OAuthGrants({
    userSeconds: options.userTokenLifetimeSeconds ?? 14_400,
    appSeconds: options.appTokenLifetimeSeconds ?? 5_000_000,
  });
  grants.singleUseRefreshTokens = options.singleUseRefreshTokens ?? false;
  const world = new FakeWorld(options.seed ?? 'kinoyu', options.channels ?? [SANDBOX_CHANNEL]);
  let port = 0;
  const eventSub = new EventSubHub(() => `ws://127.0.0.1:${port}`, options.keepaliveTimeoutSeconds ?? 10);
  const chat = new ChatRoom(world, eventSub);
  const context: FakeContext = {
    client,
    world,
    grants,
    buckets: new RateLimitBuckets(rateLimitPerMinute),
    eventSub,
    chat,
    baseUrl: () => `http://127.0.0.1:${port}`,
  };
  const faults = new FaultSwitches();
  const log = new RequestLog();
  const onError =
    options.onError ?? ((error: unknown) => console.error('fake Twitch: unexpected error', error));
  const listeners = createListeners({ context, faults, log, rateLimitPerMinute, onError });
  const servers = await listenOnLoopback(listeners, options.port ?? 0, options.host);
  port = servers.port;
  const activity = new SandboxActivity(world, chat);
  if (options.sandbox) activity.start(options.sandbox === true ? {} : options.sandbox);
  const reactions = new ViewerReactions(world, chat, onError);
  const reactionOptions = options.viewerReactions ?? Boolean(options.sandbox);
  if (reactionOptions) reactions.start(reactionOptions === true ? {} : reactionOptions);
  return new FakeTwitch({ context, grants, faults, log, activity, reactions, servers });
}

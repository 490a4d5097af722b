import type { Logger } from 'pino';
import { ChannelRepository } from '../channels/channel-repository.ts';
import { ChatActivityRepository } from '../channels/chat-activity-repository.ts';
import { DashboardSessionRepository } from '../channels/dashboard-session-repository.ts';
import { DiscordLinkRepository } from '../channels/discord-link-repository.ts';
import { OverlayKeyRepository } from '../channels/overlay-key-repository.ts';
import { SettingsRepository } from '../channels/settings-repository.ts';
import type { Config } from '../config/config.ts';
import type { Database } from '../db/database.ts';
import type { DrandRelays } from '../drand/relay-client.ts';
import { EntryRepository } from '../entries/entry-repository.ts';
import { EntryService } from '../entries/entry-service.ts';
import { EventBus } from '../events/event-bus.ts';
import { AccountLinkService } from '../prizes/account-link-service.ts';
import { CodeCipher } from '../prizes/code-cipher.ts';
import { PrizeService } from '../prizes/prize-service.ts';
import { BeaconDraws } from '../raffles/beacon-draws.ts';
import { BeaconWaiter } from '../raffles/beacon-waiter.ts';
import { ClaimRepository } from '../raffles/claim-repository.ts';
import { ClaimService, type ClaimServiceOptions } from '../raffles/claim-service.ts';
import { DrawAnnouncer } from '../raffles/draw-announcer.ts';
import { DrawPipeline } from '../raffles/draw-pipeline.ts';
import { ItemService } from '../raffles/item-service.ts';
import { RaffleRepository } from '../raffles/raffle-repository.ts';
import { RaffleService } from '../raffles/raffle-service.ts';
import { SessionRepository } from '../raffles/session-repository.ts';
import { SessionScheduler, type SessionSchedulerOptions } from '../raffles/session-scheduler.ts';
import { SessionService } from '../raffles/session-service.ts';
import { SignedTokens } from '../security/signed-token.ts';
import { TokenCipher } from '../security/token-cipher.ts';
import { AntiAltChecker } from '../twitch/anti-alt.ts';
import { ChannelAuthProvider } from '../twitch/auth-provider.ts';
import { ChatActivity, type SeenMessages } from '../twitch/chat-activity.ts';
import { TwitchChatAnnouncer } from '../twitch/chat-announcer.ts';
import { ChatListener } from '../twitch/chat-listener.ts';
import { ChatterRoster } from '../twitch/chatter-roster.ts';
import { TwitchConnectService } from '../twitch/connect-service.ts';
import { TwitchDisconnectService } from '../twitch/disconnect-service.ts';
import { HelixClient } from '../twitch/helix.ts';
import { TwitchTokenStore } from '../twitch/token-store.ts';
import { TokenValidator } from '../twitch/token-validator.ts';
import type { TwitchSetup } from '../twitch/twitch-setup.ts';
import { ViewerChat } from '../twitch/viewer-chat.ts';
import { ViewerLogin } from '../twitch/viewer-login.ts';
import { MemoryRosterStore, type RosterStore, WarmRosters } from '../twitch/warm-rosters.ts';

/** Everything the routes call: built once by the composition root (or a test) and handed to the app. */
export interface Services {
  readonly config: Config;
  readonly database: Database;
  readonly channels: ChannelRepository;
  readonly settings: SettingsRepository;
  readonly discordLinks: DiscordLinkRepository;
  /** The overlay keys of the channels. */
  readonly overlayKeys: OverlayKeyRepository;
  /** The dashboard logins kept on the server (logout and disconnect end them). */
  readonly dashboardSessions: DashboardSessionRepository;
  readonly items: ItemService;
  readonly raffleRepository: RaffleRepository;
  readonly raffles: RaffleService;
  /** The one way a draw happens (commands and session ticks): gather, snapshot + make_raffle, announce. */
  readonly draws: DrawPipeline;
  readonly events: EventBus;
  /** Publishes a committed draw (event + Twitch chat); only the code that drew calls it. */
  readonly announcer: DrawAnnouncer;
  /** Says draws and claims in Twitch chat; absent without Twitch. A draining process waits for it. */
  readonly chat: TwitchChatAnnouncer | undefined;
  readonly sessions: SessionService;
  /** Fires session ticks; started by main.ts (and by tests that need it). */
  readonly scheduler: SessionScheduler;
  readonly tokenStore: TwitchTokenStore;
  /** The Twitch connect flow; absent when the process runs without Twitch (some tests). */
  readonly twitchConnect: TwitchConnectService | undefined;
  /** The live chatter list; absent without Twitch. */
  readonly roster: ChatterRoster | undefined;
  /** Validates stored tokens at start and hourly; absent without Twitch. */
  readonly tokenValidator: TokenValidator | undefined;
  /** Who chatted when (EventSub channel.chat.message). */
  readonly chatActivity: ChatActivity;
  /** The EventSub chat listener; absent without Twitch. */
  readonly chatListener: ChatListener | undefined;
  /** Disconnects a channel (revokes its token); absent without Twitch. */
  readonly twitchDisconnect: TwitchDisconnectService | undefined;
  /** Entry windows by keyword and their anti-alt checks (SPEC §2.7). */
  readonly entries: EntryService;
  /** Claim windows: claims announced, expiry pass and heartbeat; started by main.ts (SPEC §2.6). */
  readonly claims: ClaimService;
  /** What a viewer's chat message does (activity, claim, entry); the chat listener feeds it. */
  readonly viewerChat: ViewerChat;
  /** Signs and checks OAuth states, links and the viewer session cookie (one key per purpose). */
  readonly signedTokens: SignedTokens;
  /** Secret codes, the prize ledger, the claim page's reveal and the bot's deliveries (SPEC §2.8). */
  readonly prizes: PrizeService;
  /** Twitch ↔ Discord account links (SPEC §2.8). */
  readonly accountLinks: AccountLinkService;
  /** The viewers' Twitch sign-in of the claim and account-link pages; absent without Twitch. */
  readonly viewerLogin: ViewerLogin | undefined;
  /** Keeps the chat lists of running sessions warm; started by main.ts; absent without Twitch. */
  readonly warmRosters: WarmRosters | undefined;
  /** The drand relays of SPEC §4.1 (the sandbox's local beacon in sandbox mode); absent when not given. */
  readonly beacon: DrandRelays | undefined;
  /** Finishes draws whose drand round came late, and voids those it never came for; absent without relays. */
  readonly beaconWaiter: BeaconWaiter | undefined;
}

/** Wires the services over an open database. */
export function createServices(
  config: Config,
  database: Database,
  logger: Logger,
  twitch?: TwitchSetup,
  options: {
    scheduler?: SessionSchedulerOptions;
    claims?: ClaimServiceOptions;
    /** Where warm rosters live (Redis in main.ts when REDIS_URL is set); in this process by default. */
    rosterStore?: RosterStore;
    /** Chat messages taken across replicas (Redis in main.ts when REDIS_URL is set); per process by default. */
    seenMessages?: SeenMessages;
    /** Where drand rounds come from (main.ts: src/drand/beacon-setup.ts); none by default. */
    beacon?: DrandRelays;
    /** The event bus (main.ts: createEventBus, through Redis when REDIS_URL is set); in process by default. */
    events?: EventBus;
  } = {},
): Services {
  const raffleRepository = new RaffleRepository(database);
  const channels = new ChannelRepository(database.db);
  const discordLinks = new DiscordLinkRepository(database.db);
  const dashboardSessions = new DashboardSessionRepository(database.db);
  if (config.redisUrl && !options.events) {
    // Events published here would never reach the other replicas.
    throw new Error('REDIS_URL is set: pass the Redis event bus of createEventBus as options.events');
  }
  const events = options.events ?? new EventBus({ logger });
  const signedTokens = new SignedTokens(config.sessionSecret);
  const tokenStore = new TwitchTokenStore(database.db, new TokenCipher(config.tokenEncryptionKey));
  const twitchConnect =
    twitch &&
    new TwitchConnectService({
      db: database.db,
      application: twitch.application,
      publicUrl: config.publicUrl,
      tokens: signedTokens,
      channels,
      discordLinks,
      tokenStore,
      events,
      logger,
    });
  const twitchAuth =
    twitch &&
    new ChannelAuthProvider({
      clientId: twitch.application.clientId,
      clientSecret: twitch.application.clientSecret,
      store: tokenStore,
      channelOfUser: async (twitchUserId) => (await channels.findByTwitchUserId(twitchUserId))?.id,
      onReconnectNeeded: async (channelId, error) => {
        await channels.setConnectionState(channelId, 'reconnect_needed');
        const channel = await channels.findById(channelId);
        logger.warn({ channelId, err: error }, 'Twitch refused the token: the channel must reconnect');
        events.publish({
          type: 'channel.reconnect_needed',
          channel: channel?.login ?? '',
          channelId,
          reason: 'token_refused',
        });
      },
    });
  const helix = twitchAuth && new HelixClient(twitchAuth);
  const settings = new SettingsRepository(database.db);
  const chatActivity = new ChatActivity(new ChatActivityRepository(database.db), options.seenMessages);
  const chatAnnouncer = helix && new TwitchChatAnnouncer(helix, logger);
  const entries = new EntryService({
    entries: new EntryRepository(database.db),
    settings,
    events,
    chat: chatAnnouncer,
    antiAlt: helix && new AntiAltChecker(helix, logger),
    logger,
  });
  let sessionRepository: SessionRepository | undefined;
  const warmRosters =
    helix &&
    new WarmRosters({
      helix,
      store: options.rosterStore ?? new MemoryRosterStore(),
      channels: () => sessionRepository?.activeRosterChannels() ?? Promise.resolve([]),
      logger,
    });
  const roster = helix && new ChatterRoster(helix, settings, chatActivity, logger, entries, warmRosters);
  let viewerChat: ViewerChat | undefined;
  const chatListener =
    helix &&
    new ChatListener(helix.api, (message) => viewerChat?.handle(message) ?? Promise.resolve(), logger);
  const twitchDisconnect =
    twitch &&
    new TwitchDisconnectService({
      clientId: twitch.application.clientId,
      channels,
      dashboardSessions,
      tokenStore,
      chatListener,
      events,
      logger,
    });
  const tokenValidator =
    twitch &&
    twitchAuth &&
    new TokenValidator({
      clientId: twitch.application.clientId,
      provider: twitchAuth,
      channels,
      store: tokenStore,
      connectedChannels: () => channels.connectedWithTokens(),
      logger,
    });
  const items = new ItemService(database.db);
  const announcer = new DrawAnnouncer({
    events,
    chat: chatAnnouncer,
    publicUrl: config.publicUrl,
    logger,
  });
  const claimRepository = new ClaimRepository(database.db);
  const claims = new ClaimService(
    {
      claims: claimRepository,
      raffles: raffleRepository,
      channels,
      announcer,
      events,
      chat: chatAnnouncer,
      publicUrl: config.publicUrl,
      logger,
    },
    options.claims,
  );
  viewerChat = new ViewerChat({
    activity: chatActivity,
    claims: claimRepository,
    claimService: claims,
    entries,
    channels,
    logger,
  });
  const raffles = new RaffleService(raffleRepository, logger);
  const beaconDraws =
    options.beacon && new BeaconDraws({ relays: options.beacon, raffles: raffleRepository, logger });
  const draws = new DrawPipeline({
    channels,
    raffles,
    raffleRepository,
    announcer,
    entrants: roster,
    settings,
    beacon: beaconDraws,
    publicUrl: config.publicUrl,
    logger,
  });
  const beaconWaiter =
    beaconDraws &&
    new BeaconWaiter({
      raffles: raffleRepository,
      channels,
      beacon: beaconDraws,
      draws,
      announcer,
      onSessionDraw: (channel, sessionId) => scheduler?.settleDraw(channel, sessionId) ?? Promise.resolve(),
      logger,
    });
  sessionRepository = new SessionRepository(database.db, raffleRepository);
  let scheduler: SessionScheduler | undefined;
  const sessions = new SessionService({
    sessions: sessionRepository,
    settings,
    items,
    events,
    logger,
    onStarted: () => scheduler?.wake(),
  });
  scheduler = new SessionScheduler(
    {
      sessions: sessionRepository,
      sessionService: sessions,
      raffles: raffleRepository,
      channels,
      draws,
      beaconWaiter,
      twitch: roster &&
        helix && {
          isLive: (channel) =>
            channel.twitchUserId ? helix.isLive(channel.twitchUserId) : Promise.resolve(false),
        },
      logger,
    },
    options.scheduler,
  );
  const prizes = new PrizeService({
    db: database.db,
    cipher: new CodeCipher(config.tokenEncryptionKey),
    channels,
    claims,
    publicUrl: config.publicUrl,
    logger,
  });
  const accountLinks = new AccountLinkService({
    db: database.db,
    tokens: signedTokens,
    publicUrl: config.publicUrl,
    logger,
  });
  const viewerLogin =
    twitch &&
    new ViewerLogin({
      db: database.db,
      application: twitch.application,
      publicUrl: config.publicUrl,
      tokens: signedTokens,
      logger,
    });
  return {
    config,
    database,
    channels,
    settings,
    discordLinks,
    overlayKeys: new OverlayKeyRepository(database.db),
    dashboardSessions,
    events,
    announcer,
    chat: chatAnnouncer,
    sessions,
    scheduler,
    tokenStore,
    twitchConnect,
    roster,
    tokenValidator,
    chatActivity,
    chatListener,
    twitchDisconnect,
    items,
    raffleRepository,
    raffles,
    draws,
    entries,
    claims,
    viewerChat,
    signedTokens,
    prizes,
    accountLinks,
    viewerLogin,
    warmRosters,
    beacon: options.beacon,
    beaconWaiter,
  };
}

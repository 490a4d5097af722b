import { FakeChannel } from './fake-channel.ts';
import { FollowBook } from './follows.ts';
import { hashString, unitHash } from './random.ts';
import {
  accountCreatedAt,
  type FakeAccount,
  twitchTimestamp,
  ViewerPopulation,
} from './viewer-population.ts';

/** A broadcaster account to create, with its channel. */
export interface ChannelSeed {
  /** Twitch user id; derived from the login when absent. */
  readonly id?: string;
  readonly login: string;
  readonly displayName?: string;
  /** Viewers in chat at start, not counting the bots (default 300). */
  readonly chatters?: number;
  /** Whether the channel is live at start (default true). */
  readonly live?: boolean;
}

/** The channel the sandbox and tests get when they configure none. */
export const SANDBOX_CHANNEL: ChannelSeed = {
  id: '71092938',
  login: 'kinoyu_sandbox',
  displayName: 'KinoYu_Sandbox',
  chatters: 300,
  live: true,
};

// The usual bots, with their real Twitch ids; they sit in every chat as moderators.
const BOTS: readonly FakeAccount[] = [
  { id: '19264788', login: 'nightbot', displayName: 'Nightbot', createdAt: '2011-01-01T00:00:00Z' },
  {
    id: '100135110',
    login: 'streamelements',
    displayName: 'StreamElements',
    createdAt: '2015-07-29T00:00:00Z',
  },
].map((bot) => ({ ...bot, broadcasterType: '', description: 'Chat bot' }));

/** A follower of a channel, as Get Channel Followers lists them. */
export interface FakeFollower {
  readonly account: FakeAccount;
  /** Epoch ms. */
  readonly followedAt: number;
}

/** A date a test gives: a Date, epoch ms or an ISO string. */
export type DateInput = Date | number | string;

/**
 * Everyone the fake Twitch knows: broadcasters with their channels, the bots, a deterministic viewer
 * population, accounts made up on the fly (a test pushing a message from a new login), and who follows
 * which channel since when.
 */
export class FakeWorld {
  readonly population: ViewerPopulation;
  readonly bots = BOTS;
  /** When this world began (epoch ms): recent accounts and follows date back from it. */
  readonly startedAt = Date.now();
  readonly follows: FollowBook;
  readonly #channels = new Map<string, FakeChannel>();
  readonly #extraAccounts = new Map<string, FakeAccount>();
  readonly #createdAtOverrides = new Map<string, string>();
  readonly #followerCache = new Map<string, { key: string; followers: FakeFollower[] }>();
  #createdAtVersion = 0;
  #nextExtraId = 1_000_000_000;

  constructor(
    private readonly seed: string,
    channels: readonly ChannelSeed[],
  ) {
    const broadcasters = channels.map(toBroadcaster);
    this.follows = new FollowBook(seed, this.startedAt);
    this.population = new ViewerPopulation(
      seed,
      {
        ids: [...broadcasters, ...BOTS].map((account) => account.id),
        logins: [...broadcasters, ...BOTS].map((account) => account.login),
      },
      this.startedAt,
    );
    channels.forEach((seedChannel, index) => {
      const broadcaster = broadcasters[index] as FakeAccount;
      if (this.#channels.has(broadcaster.id)) throw new Error(`two channels with id ${broadcaster.id}`);
      const channel = new FakeChannel(broadcaster, this.population, BOTS, seedChannel.chatters ?? 300);
      channel.setLive(seedChannel.live ?? true);
      this.#channels.set(broadcaster.id, channel);
    });
  }

  /** Every channel, in the order they were configured. */
  get channels(): FakeChannel[] {
    return [...this.#channels.values()];
  }

  /** The first configured channel: the sandbox channel by default. */
  get defaultChannel(): FakeChannel {
    const first = this.#channels.values().next().value;
    if (!first) throw new Error('the fake Twitch has no channel');
    return first;
  }

  /** A channel by broadcaster id or login. */
  findChannel(idOrLogin: string): FakeChannel | undefined {
    return this.#channels.get(idOrLogin) ?? this.channels.find((c) => c.broadcaster.login === idOrLogin);
  }

  /** A channel by broadcaster id or login (the default channel when none is given); throws when unknown. */
  channel(idOrLogin?: string): FakeChannel {
    if (idOrLogin === undefined) return this.defaultChannel;
    const channel = this.findChannel(idOrLogin);
    if (!channel) throw new Error(`the fake Twitch has no channel ${idOrLogin}`);
    return channel;
  }

  /** Any known account by user id. */
  findById(id: string): FakeAccount | undefined {
    return this.#withOverrides(
      this.#channels.get(id)?.broadcaster ??
        BOTS.find((bot) => bot.id === id) ??
        this.population.findById(id) ??
        this.#extraAccounts.get(id),
    );
  }

  /** Any known account by login (case-insensitive, as Helix treats logins). */
  findByLogin(login: string): FakeAccount | undefined {
    const wanted = login.toLowerCase();
    return this.#withOverrides(
      this.channels.find((c) => c.broadcaster.login === wanted)?.broadcaster ??
        BOTS.find((bot) => bot.login === wanted) ??
        this.population.findByLogin(wanted) ??
        [...this.#extraAccounts.values()].find((account) => account.login === wanted),
    );
  }

  /** Test hook: the account (id or login; an unknown login becomes a new account) was made at this time. */
  setAccountCreatedAt(user: string, createdAt: DateInput): FakeAccount {
    const account = this.ensureAccount(user);
    this.#createdAtOverrides.set(account.id, twitchTimestamp(toEpochMs(createdAt)));
    this.#createdAtVersion++;
    return this.findById(account.id) as FakeAccount;
  }

  /** When a viewer (id or login) followed a channel (epoch ms), or null when they do not follow it. */
  followedAt(broadcaster: string, viewer: string): number | null {
    const channel = this.channel(broadcaster);
    const account = this.findById(viewer) ?? this.findByLogin(viewer);
    if (!account) return null;
    const regular =
      channel.visitors.has(account.id) ||
      (this.population.indexOf(account.id) ?? Number.POSITIVE_INFINITY) < channel.audienceSize;
    return this.follows.followedAt(channel.broadcaster.id, account.id, {
      regular,
      accountCreatedMs: Date.parse(account.createdAt),
    });
  }

  /**
   * Test hook: a viewer (id or login; an unknown login becomes a new account) follows a channel since
   * this time, or (null) does not follow it.
   */
  setFollow(broadcaster: string, viewer: string, followedAt: DateInput | null): void {
    const channel = this.channel(broadcaster);
    const account = this.ensureAccount(viewer);
    this.follows.set(channel.broadcaster.id, account.id, followedAt === null ? null : toEpochMs(followedAt));
  }

  /**
   * The followers of a channel, most recent first (as Helix lists them): those of its audience who
   * follow, everyone who came to its chat, and whoever a test made follow it.
   */
  followersOf(broadcaster: string): readonly FakeFollower[] {
    const channel = this.channel(broadcaster);
    const id = channel.broadcaster.id;
    const key = `${channel.audienceSize}:${channel.visitors.size}:${this.follows.version}:${this.#createdAtVersion}`;
    const cached = this.#followerCache.get(id);
    if (cached?.key === key) return cached.followers;
    const candidates = new Set<string>();
    for (let index = 0; index < channel.audienceSize; index++) candidates.add(this.population.at(index).id);
    for (const visitor of channel.visitors) candidates.add(visitor);
    for (const viewer of this.follows.explicitViewers(id)) candidates.add(viewer);
    const followers: FakeFollower[] = [];
    for (const candidate of candidates) {
      const account = this.findById(candidate);
      const followedAt = account && this.followedAt(id, account.id);
      if (account && followedAt != null) followers.push({ account, followedAt });
    }
    followers.sort((a, b) => b.followedAt - a.followedAt || a.account.id.localeCompare(b.account.id));
    this.#followerCache.set(id, { key, followers });
    return followers;
  }

  /** The account with this id or login, creating a new viewer account for an unknown login. */
  ensureAccount(idOrLogin: string): FakeAccount {
    const known = this.findById(idOrLogin) ?? this.findByLogin(idOrLogin);
    if (known) return known;
    if (!/^[a-z0-9][a-z0-9_]{1,24}$/i.test(idOrLogin)) throw new Error(`not a Twitch login: ${idOrLogin}`);
    // Ten-digit ids, like accounts made in recent years: outside the population's nine-digit range.
    const login = idOrLogin.toLowerCase();
    const account: FakeAccount = {
      id: String(this.#nextExtraId++),
      login,
      displayName: idOrLogin,
      // Dated like the population's accounts, by the login, so the same made-up viewer is as old every run.
      createdAt: accountCreatedAt(
        unitHash(`created:${login}:${this.seed}`),
        unitHash(`new-account:${login}:${this.seed}`),
        this.startedAt,
      ),
      broadcasterType: '',
      description: '',
    };
    this.#extraAccounts.set(account.id, account);
    return account;
  }

  #withOverrides(account: FakeAccount | undefined): FakeAccount | undefined {
    const createdAt = account && this.#createdAtOverrides.get(account.id);
    return createdAt === undefined || !account ? account : { ...account, createdAt };
  }
}

function toEpochMs(date: DateInput): number {
  const ms = date instanceof Date ? date.getTime() : typeof date === 'number' ? date : Date.parse(date);
  if (!Number.isFinite(ms)) throw new Error(`not a date: ${String(date)}`);
  return ms;
}

function toBroadcaster(seed: ChannelSeed): FakeAccount {
  const login = seed.login.toLowerCase();
  return {
    // Eight digits: below the viewers' nine-digit range, so the two never collide.
    id: seed.id ?? String(10_000_000 + (hashString(login) % 89_999_999)),
    login,
    displayName: seed.displayName ?? seed.login,
    createdAt: '2016-03-14T12:00:00Z',
    broadcasterType: 'affiliate',
    description: 'Canal do sandbox do KinoYu',
  };
}

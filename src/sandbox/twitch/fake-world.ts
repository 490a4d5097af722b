import { FakeChannel } from './fake-channel.ts';
import { hashString } from './random.ts';
import { type FakeAccount, ViewerPopulation } from './viewer-population.ts';

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

/**
 * Everyone the fake Twitch knows: broadcasters with their channels, the bots, a deterministic viewer
 * population, and accounts made up on the fly (a test pushing a message from a new login).
 */
export class FakeWorld {
  readonly population: ViewerPopulation;
  readonly bots = BOTS;
  readonly #channels = new Map<string, FakeChannel>();
  readonly #extraAccounts = new Map<string, FakeAccount>();
  #nextExtraId = 1_000_000_000;

  constructor(seed: string, channels: readonly ChannelSeed[]) {
    const broadcasters = channels.map(toBroadcaster);
    this.population = new ViewerPopulation(seed, {
      ids: [...broadcasters, ...BOTS].map((account) => account.id),
      logins: [...broadcasters, ...BOTS].map((account) => account.login),
    });
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
    return (
      this.#channels.get(id)?.broadcaster ??
      BOTS.find((bot) => bot.id === id) ??
      this.population.findById(id) ??
      this.#extraAccounts.get(id)
    );
  }

  /** Any known account by login (case-insensitive, as Helix treats logins). */
  findByLogin(login: string): FakeAccount | undefined {
    const wanted = login.toLowerCase();
    return (
      this.channels.find((c) => c.broadcaster.login === wanted)?.broadcaster ??
      BOTS.find((bot) => bot.login === wanted) ??
      this.population.findByLogin(wanted) ??
      [...this.#extraAccounts.values()].find((account) => account.login === wanted)
    );
  }

  /** The account with this id or login, creating a new viewer account for an unknown login. */
  ensureAccount(idOrLogin: string): FakeAccount {
    const known = this.findById(idOrLogin) ?? this.findByLogin(idOrLogin);
    if (known) return known;
    if (!/^[a-z0-9][a-z0-9_]{1,24}$/i.test(idOrLogin)) throw new Error(`not a Twitch login: ${idOrLogin}`);
    // Ten-digit ids, like accounts made in recent years: outside the population's nine-digit range.
    const account: FakeAccount = {
      id: String(this.#nextExtraId++),
      login: idOrLogin.toLowerCase(),
      displayName: idOrLogin,
      createdAt: new Date().toISOString(),
      broadcasterType: '',
      description: '',
    };
    this.#extraAccounts.set(account.id, account);
    return account;
  }
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

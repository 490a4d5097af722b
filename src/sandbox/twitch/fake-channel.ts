import { type SeededRandom, seededRandom, unitHash } from './random.ts';
import type { FakeAccount, ViewerPopulation } from './viewer-population.ts';

/** A subscription tier as Helix writes it. */
export type SubscriptionTier = '1000' | '2000' | '3000';

/** A viewer's subscription to a channel. */
export interface FakeSubscription {
  readonly userId: string;
  readonly tier: SubscriptionTier;
  readonly gifterId: string | null;
}

/** A live broadcast; a channel without one is offline. */
export interface FakeStream {
  readonly id: string;
  readonly title: string;
  readonly gameId: string;
  readonly gameName: string;
  readonly language: string;
  readonly tags: readonly string[];
  readonly startedAt: string;
}

/** How `setChatters` fills the list. */
export interface SetChattersOptions {
  /** Entries with an empty user_id, login and name (the old Twitch bug, twitchdev/issues#757). */
  readonly emptyUserIds?: number;
  /** Put the well-known bots at the head of the list (they count towards the total). */
  readonly includeBots?: boolean;
}

/** What one churn step changed. */
export interface ChurnResult {
  readonly joined: readonly string[];
  readonly left: readonly string[];
}

const SUBSCRIBER_SHARE = 0.17;
const VIP_SHARE = 0.02;
const MODERATING_REGULARS = 3;

/**
 * One Twitch channel of the fake world: its broadcaster, the viewers connected to chat (in join order,
 * with '' standing for an empty entry), and its subscribers, VIPs and moderators. Viewers are drawn from
 * an "audience" (the first n accounts of the population) whose roles are fixed by a hash, so the same
 * viewer is a tier-2 subscriber every run.
 */
export class FakeChannel {
  readonly subscriptions = new Map<string, FakeSubscription>();
  readonly vips = new Set<string>();
  readonly moderators = new Set<string>();
  stream: FakeStream | null = null;
  readonly #chatters: string[] = [];
  readonly #present = new Set<string>();
  /** Everyone who joined this chat one by one (a test's made-up viewer too), not only the audience. */
  readonly #visitors = new Set<string>();
  readonly #random: SeededRandom;
  #audience = 0;
  #targetSize: number;

  constructor(
    readonly broadcaster: FakeAccount,
    private readonly population: ViewerPopulation,
    private readonly bots: readonly FakeAccount[],
    initialChatters: number,
  ) {
    this.#random = seededRandom(`channel:${broadcaster.id}`);
    this.#targetSize = initialChatters;
    for (const bot of bots) this.moderators.add(bot.id);
    this.setChatters(initialChatters + bots.length, { includeBots: true });
    this.#ensureAudience(Math.ceil(initialChatters * 1.5));
  }

  /** The chat list as Helix would page through it ('' = an entry with an empty user id). */
  get chatterIds(): readonly string[] {
    return this.#chatters;
  }

  /** How many viewers of the population make up this channel's audience (its first n accounts). */
  get audienceSize(): number {
    return this.#audience;
  }

  /** Everyone who ever joined this chat one at a time, in the order they first came. */
  get visitors(): ReadonlySet<string> {
    return this.#visitors;
  }

  /** Whether this user is one of the channel's bots. */
  isBot(userId: string): boolean {
    return this.bots.some((bot) => bot.id === userId);
  }

  /** Whether a user is connected to this chat. */
  isPresent(userId: string): boolean {
    return this.#present.has(userId);
  }

  /** Replaces the chat list with exactly `count` entries: the first viewers of the audience, in order. */
  setChatters(count: number, options: SetChattersOptions = {}): void {
    const empty = Math.min(count, options.emptyUserIds ?? 0);
    const ids: string[] = options.includeBots ? this.bots.map((bot) => bot.id).slice(0, count - empty) : [];
    const viewers = count - empty - ids.length;
    this.#ensureAudience(viewers);
    for (let index = 0; index < viewers; index++) ids.push(this.population.at(index).id);
    // Spread the empty entries through the list, as Twitch did, rather than bunching them at one end.
    for (let k = empty; k >= 1; k--) ids.splice(Math.floor((k * ids.length) / (empty + 1)), 0, '');
    this.#chatters.length = 0;
    this.#chatters.push(...ids);
    this.#present.clear();
    for (const id of ids) if (id !== '') this.#present.add(id);
    this.#targetSize = count;
  }

  /** Connects a user to chat (no-op when already there). */
  join(userId: string): void {
    if (this.#present.has(userId) || userId === '') return;
    this.#present.add(userId);
    this.#visitors.add(userId);
    this.#chatters.push(userId);
  }

  /** Disconnects a user from chat (no-op when absent). */
  leave(userId: string): void {
    if (!this.#present.delete(userId)) return;
    this.#chatters.splice(this.#chatters.indexOf(userId), 1);
  }

  /** One step of viewers coming and going, pulled towards the size the list was set to. */
  churn(): ChurnResult {
    const size = this.#present.size;
    const drift = size > this.#targetSize * 1.1 ? -1 : size < this.#targetSize * 0.9 ? 1 : 0;
    const joins = Math.floor(this.#random() * 4) + (drift > 0 ? 2 : 0) - (drift < 0 ? 2 : 0);
    const leaves = Math.floor(this.#random() * 4) + (drift < 0 ? 2 : 0) - (drift > 0 ? 2 : 0);
    const left: string[] = [];
    for (let i = 0; i < leaves; i++) {
      const leaving = this.randomChatter();
      if (leaving === undefined) break;
      this.leave(leaving);
      left.push(leaving);
    }
    const joined: string[] = [];
    for (let i = 0; i < joins; i++) {
      const newcomer = this.#pickAbsentViewer();
      this.join(newcomer);
      joined.push(newcomer);
    }
    return { joined, left };
  }

  /** A random connected viewer (never a bot nor an empty entry), or undefined in an empty chat. */
  randomChatter(): string | undefined {
    const botIds = new Set(this.bots.map((bot) => bot.id));
    for (let attempt = 0; attempt < 20 && this.#chatters.length > 0; attempt++) {
      const id = this.#chatters[Math.floor(this.#random() * this.#chatters.length)];
      if (id && !botIds.has(id)) return id;
    }
    return this.#chatters.find((id) => id !== '' && !botIds.has(id));
  }

  /** Starts or ends the broadcast. */
  setLive(live: boolean, title = 'Sorteios ao vivo! !sorteio'): void {
    if (!live) {
      this.stream = null;
      return;
    }
    this.stream ??= {
      id: String(40_000_000_000 + Math.floor(this.#random() * 9_000_000_000)),
      title,
      gameId: '509658',
      gameName: 'Just Chatting',
      language: 'pt',
      tags: ['Português', 'Sorteio'],
      startedAt: new Date().toISOString(),
    };
  }

  // Mostly regulars who were away; now and then someone new (the audience grows by one).
  #pickAbsentViewer(): string {
    for (let attempt = 0; attempt < 10 && this.#random() < 0.8; attempt++) {
      const candidate = this.population.at(Math.floor(this.#random() * this.#audience)).id;
      if (!this.#present.has(candidate)) return candidate;
    }
    this.#ensureAudience(this.#audience + 1);
    return this.population.at(this.#audience - 1).id;
  }

  #ensureAudience(size: number): void {
    for (; this.#audience < size; this.#audience++) {
      const viewer = this.population.at(this.#audience);
      const key = `${this.broadcaster.id}:${viewer.id}`;
      const roll = unitHash(`sub:${key}`);
      if (roll < SUBSCRIBER_SHARE) {
        const tier: SubscriptionTier = roll < 0.12 ? '1000' : roll < 0.15 ? '2000' : '3000';
        const gifted = this.#audience > 0 && unitHash(`gift:${key}`) < 0.25;
        const gifter = gifted
          ? this.population.at(Math.floor(unitHash(`gifter:${key}`) * this.#audience)).id
          : null;
        this.subscriptions.set(viewer.id, { userId: viewer.id, tier, gifterId: gifter });
      }
      if (unitHash(`vip:${key}`) < VIP_SHARE) this.vips.add(viewer.id);
      if (this.#audience < MODERATING_REGULARS) this.moderators.add(viewer.id);
    }
  }
}

import type { Logger } from 'pino';
import type { HelixClient } from './helix.ts';

export interface FollowerCacheOptions {
  /** Channels with more followers than this are asked one viewer at a time instead. */
  readonly maxFollowers?: number;
  /** A channel's list is read again from scratch after this long (unfollows show up then). */
  readonly ttlMs?: number;
  /** Looking for new follows (the head of the list) happens at most this often per channel. */
  readonly refreshEveryMs?: number;
}

interface ChannelFollowers {
  readonly followers: Map<string, Date>;
  readonly readAt: number;
  /** When the current (or last) look at the head of the list started, and its promise. */
  refresh: { startedAt: number; done: Promise<void> } | undefined;
}

/**
 * Since when viewers follow a channel, for the follow-age rule of entries (SPEC §2.7), within the Helix
 * budget: a burst of 1,000 entries checked one viewer a request would spend more than Twitch's 800
 * points a minute. The channel's follower list is read once (100 a page, newest first); a viewer not in
 * it may have followed since, so a miss reads the head of the list again (only the new follows, at most
 * every `refreshEveryMs`, shared by the misses waiting for it) before it counts as not following.
 * Channels with very many followers fall back to one request per viewer.
 */
export class FollowerCache {
  readonly #channels = new Map<string, Promise<ChannelFollowers | undefined>>();
  readonly #maxFollowers: number;
  readonly #ttlMs: number;
  readonly #refreshEveryMs: number;

  constructor(
    private readonly helix: HelixClient,
    private readonly logger: Logger,
    options: FollowerCacheOptions = {},
  ) {
    this.#maxFollowers = options.maxFollowers ?? 10_000;
    this.#ttlMs = options.ttlMs ?? 10 * 60_000;
    this.#refreshEveryMs = options.refreshEveryMs ?? 150;
  }

  /** Since when `userId` follows the broadcaster, or null when they do not. Throws when Twitch fails. */
  async followedSince(broadcasterId: string, userId: string): Promise<Date | null> {
    const askedAt = Date.now();
    const channel = await this.#channel(broadcasterId);
    if (!channel) return this.helix.followedSince(broadcasterId, userId);
    const known = channel.followers.get(userId);
    if (known) return known;
    await this.#refreshAfter(broadcasterId, channel, askedAt);
    return channel.followers.get(userId) ?? null;
  }

  #channel(broadcasterId: string): Promise<ChannelFollowers | undefined> {
    const cached = this.#channels.get(broadcasterId);
    if (cached) {
      return cached.then((channel) => {
        if (channel && Date.now() - channel.readAt < this.#ttlMs) return channel;
        if (!channel && this.#channels.get(broadcasterId) === cached) return undefined;
        this.#channels.delete(broadcasterId);
        return this.#channel(broadcasterId);
      });
    }
    const reading = this.#read(broadcasterId);
    this.#channels.set(broadcasterId, reading);
    // A failed read is not kept: the next check tries again.
    reading.catch(() => this.#channels.delete(broadcasterId));
    return reading;
  }

  async #read(broadcasterId: string): Promise<ChannelFollowers | undefined> {
    const started = Date.now();
    const first = await this.helix.followersPage(broadcasterId);
    if (first.total > this.#maxFollowers) return undefined;
    const followers = new Map(first.followers.map((follower) => [follower.userId, follower.followedAt]));
    let cursor = first.cursor;
    while (cursor) {
      const page = await this.helix.followersPage(broadcasterId, cursor);
      for (const follower of page.followers) followers.set(follower.userId, follower.followedAt);
      cursor = page.followers.length > 0 ? page.cursor : undefined;
    }
    this.logger.info(
      { broadcasterId, followers: followers.size, ms: Date.now() - started },
      'follower list read for the follow-age rule',
    );
    return { followers, readAt: started, refresh: undefined };
  }

  /** Makes sure the head of the list was read after `askedAt` (new follows since the list was read). */
  async #refreshAfter(broadcasterId: string, channel: ChannelFollowers, askedAt: number): Promise<void> {
    for (;;) {
      const current = channel.refresh;
      if (current && current.startedAt >= askedAt) return current.done;
      if (current) {
        await current.done.catch(() => undefined);
        if (channel.refresh !== current) continue;
      }
      const wait = current ? Math.max(0, current.startedAt + this.#refreshEveryMs - Date.now()) : 0;
      const startedAt = Date.now() + wait;
      const done = new Promise<void>((resolve) => setTimeout(resolve, wait)).then(() =>
        this.#readHead(broadcasterId, channel),
      );
      channel.refresh = { startedAt, done };
      return done;
    }
  }

  async #readHead(broadcasterId: string, channel: ChannelFollowers): Promise<void> {
    let cursor: string | undefined;
    // Newest first: stop at the first page holding a follow already known.
    for (let pages = 0; pages < 10; pages++) {
      const page = await this.helix.followersPage(broadcasterId, cursor);
      let reachedKnown = false;
      for (const follower of page.followers) {
        if (channel.followers.has(follower.userId)) reachedKnown = true;
        else channel.followers.set(follower.userId, follower.followedAt);
      }
      if (reachedKnown || !page.cursor || page.followers.length === 0) return;
      cursor = page.cursor;
    }
  }
}

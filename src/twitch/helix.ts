import type { ApiClient } from '@twurple/api';
import type { AuthProvider } from '@twurple/auth';
import { fetchAllChatters } from './helix-chatters.external.ts';
import { HelixRateLimiter, RateLimitedApiClient } from './helix-rate-limiter.ts';

/** A chatter as KinoYu sees one: Twitch's user id and login. */
export interface Chatter {
  readonly userId: string;
  readonly login: string;
}

/** The viewer roles that change weights and exclusions (SPEC §3). */
export interface ChannelRoles {
  readonly subscriberTiers: ReadonlyMap<string, '1000' | '2000' | '3000'>;
  readonly vips: ReadonlySet<string>;
  readonly moderators: ReadonlySet<string>;
}

export interface HelixClientOptions {
  /** How long one Helix request may take before it is aborted and retried (default 10 s). */
  readonly timeoutMs?: number;
  /** How long a request may wait out 429s before it fails (default RATE_LIMIT_DEADLINE_MS, 30 s). */
  readonly rateLimitDeadlineMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * The Helix calls KinoYu makes, through twurple (pinned at 8.1.4): pagination and the retries of a
 * request that failed with a 5xx, a timeout or a network error (3 more tries, 0.5 s, 1 s and 2 s apart)
 * are twurple's; the per-request timeout and the rate limiting (429s waited out within a deadline) are
 * HelixRateLimiter's; tokens come from
 * the database through ChannelAuthProvider. Twitch's shapes stay in twurple's objects and are mapped
 * here, once.
 */
export class HelixClient {
  readonly api: ApiClient;

  constructor(authProvider: AuthProvider, options: HelixClientOptions = {}) {
    const limiter = new HelixRateLimiter({
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      rateLimitDeadlineMs: options.rateLimitDeadlineMs,
    });
    this.api = new RateLimitedApiClient({ authProvider }, limiter);
  }

  /**
   * Everyone in the broadcaster's chat: all pages of Get Chatters, 1,000 at a time, without the
   * entries with an empty id (see fetchAllChatters).
   */
  chatters(broadcasterId: string): Promise<Chatter[]> {
    return fetchAllChatters(this.api, broadcasterId);
  }

  /** Subscribers (with their tier), VIPs and moderators of the broadcaster's channel. */
  async roles(
    broadcasterId: string,
    wanted: { moderators: boolean; weights: boolean },
  ): Promise<ChannelRoles> {
    const [subscriptions, vips, moderators] = await Promise.all([
      wanted.weights ? this.api.subscriptions.getSubscriptionsPaginated(broadcasterId).getAll() : [],
      wanted.weights ? this.api.channels.getVipsPaginated(broadcasterId).getAll() : [],
      wanted.moderators ? this.api.moderation.getModeratorsPaginated(broadcasterId).getAll() : [],
    ]);
    return {
      subscriberTiers: new Map(
        subscriptions.map((subscription) => [subscription.userId, subscription.tier as '1000']),
      ),
      vips: new Set(vips.map((vip) => vip.id)),
      moderators: new Set(moderators.map((moderator) => moderator.userId)),
    };
  }

  /** Whether the broadcaster is live (Get Streams lists only live channels). */
  async isLive(broadcasterId: string): Promise<boolean> {
    return (await this.api.streams.getStreamByUserId(broadcasterId)) !== null;
  }

  /**
   * When each account was created (Get Users, 100 ids a request). Ids Twitch does not know are left
   * out of the map (a deleted or suspended account).
   */
  async accountCreatedAt(userIds: readonly string[]): Promise<Map<string, Date>> {
    const created = new Map<string, Date>();
    for (let start = 0; start < userIds.length; start += 100) {
      const users = await this.api.users.getUsersByIds(userIds.slice(start, start + 100));
      for (const user of users) created.set(user.id, user.creationDate);
    }
    return created;
  }

  /**
   * Since when `userId` follows the broadcaster, or null when they do not (Get Channel Followers with
   * `user_id`, as the broadcaster: scope moderator:read:followers).
   */
  async followedSince(broadcasterId: string, userId: string): Promise<Date | null> {
    const page = await this.api.asUser(broadcasterId, (context) =>
      context.channels.getChannelFollowers(broadcasterId, userId),
    );
    return page.data[0]?.followDate ?? null;
  }

  /**
   * One page (up to 100, newest follow first) of the broadcaster's followers, with the total and the
   * cursor of the next page (Get Channel Followers, as the broadcaster).
   */
  async followersPage(
    broadcasterId: string,
    after?: string,
  ): Promise<{
    followers: { userId: string; followedAt: Date }[];
    total: number;
    cursor: string | undefined;
  }> {
    const page = await this.api.asUser(broadcasterId, (context) =>
      context.channels.getChannelFollowers(broadcasterId, undefined, { limit: 100, ...(after && { after }) }),
    );
    return {
      followers: page.data.map((follower) => ({ userId: follower.userId, followedAt: follower.followDate })),
      total: page.total,
      cursor: page.cursor,
    };
  }

  /** Sends a message to the broadcaster's chat as the broadcaster (Send Chat Message). */
  async sendChatMessage(broadcasterId: string, message: string): Promise<void> {
    await this.api.asUser(broadcasterId, (context) => context.chat.sendChatMessage(broadcasterId, message));
  }
}

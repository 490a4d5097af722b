import { unitHash } from './random.ts';

const DAY_MS = 86_400_000;
/** Most viewers of a channel follow it. */
const FOLLOW_SHARE = 0.75;
/** Of those, some followed in the last few days: the "follow to enter" crowd a follow-age rule refuses. */
const RECENT_FOLLOW_SHARE = 0.08;
const RECENT_FOLLOW_DAYS = 5;
const LONGEST_FOLLOW_DAYS = 3 * 365;

/**
 * Who follows which channel and since when. Each (broadcaster, viewer) pair is decided by a hash of the
 * world's seed, so the same viewer follows the same channel since the same day every run; tests set a
 * pair explicitly to get exact dates.
 */
export class FollowBook {
  readonly #overrides = new Map<string, Map<string, number | null>>();
  #version = 0;

  /** `now` is when the world began: follow dates count back from it. */
  constructor(
    private readonly seed: string,
    private readonly now: number,
  ) {}

  /** Grows with every explicit change, so a cached follower list knows when it is stale. */
  get version(): number {
    return this.#version;
  }

  /**
   * When `viewerId` followed `broadcasterId` (epoch ms), or null when they do not follow. Only a
   * `regular` of the channel (one of its audience, or someone who came to its chat) follows it, unless a
   * test said otherwise. Nobody follows before their account exists, so `accountCreatedMs` bounds the
   * date of a young account.
   */
  followedAt(
    broadcasterId: string,
    viewerId: string,
    viewer: { readonly regular: boolean; readonly accountCreatedMs: number },
  ): number | null {
    const override = this.#overrides.get(broadcasterId)?.get(viewerId);
    if (override !== undefined) return override;
    if (!viewer.regular || broadcasterId === viewerId) return null;
    const { accountCreatedMs } = viewer;
    const pair = `${viewerId}:${broadcasterId}:${this.seed}`;
    if (unitHash(`follows:${pair}`) >= FOLLOW_SHARE) return null;
    const roll = unitHash(`followed-at:${pair}`);
    const daysAgo =
      roll < RECENT_FOLLOW_SHARE
        ? (roll / RECENT_FOLLOW_SHARE) * RECENT_FOLLOW_DAYS
        : RECENT_FOLLOW_DAYS +
          ((roll - RECENT_FOLLOW_SHARE) / (1 - RECENT_FOLLOW_SHARE)) *
            (LONGEST_FOLLOW_DAYS - RECENT_FOLLOW_DAYS);
    const followedAt = this.now - daysAgo * DAY_MS;
    if (followedAt >= accountCreatedMs) return Math.round(followedAt);
    return Math.round(accountCreatedMs + (this.now - accountCreatedMs) * unitHash(`followed-late:${pair}`));
  }

  /** Sets when a viewer followed a channel (epoch ms), or that they do not follow it (null). */
  set(broadcasterId: string, viewerId: string, followedAt: number | null): void {
    let channel = this.#overrides.get(broadcasterId);
    if (!channel) {
      channel = new Map();
      this.#overrides.set(broadcasterId, channel);
    }
    channel.set(viewerId, followedAt);
    this.#version++;
  }

  /** The viewers whose follow of this channel a test set explicitly. */
  explicitViewers(broadcasterId: string): Iterable<string> {
    return this.#overrides.get(broadcasterId)?.keys() ?? [];
  }
}

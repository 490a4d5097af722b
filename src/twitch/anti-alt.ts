import type { Logger } from 'pino';
import { FollowerCache, type FollowerCacheOptions } from './follower-cache.ts';
import type { HelixClient } from './helix.ts';

/** The anti-alt rules of SPEC §2.7 (0 = off). */
export interface AntiAltRules {
  readonly minAccountAgeDays: number;
  readonly minFollowDays: number;
}

/** What the checks say about one viewer: admitted, or refused with the §2.7 reason. */
export type AntiAltVerdict =
  | { readonly state: 'entered'; readonly reason: null }
  | {
      readonly state: 'refused';
      readonly reason: 'account_too_new' | 'not_following' | 'follow_too_recent';
    };

const DAY_MS = 86_400_000;
// Follow lookups are one request per viewer: a few at a time keeps a burst of entries within the
// Helix budget while 1,000 entries still get checked in seconds.
const FOLLOW_CONCURRENCY = 8;

export const antiAltRulesOn = (rules: AntiAltRules) => rules.minAccountAgeDays > 0 || rules.minFollowDays > 0;

/**
 * Checks entrants against the anti-alt rules through Helix: account age from Get Users (100 ids a
 * request), following and its age from Get Channel Followers (the channel's list, kept by
 * FollowerCache). A viewer Twitch
 * could not be asked about is left out of the answer (the caller keeps the entry pending); when both
 * rules fail, the reason is the account-age one.
 */
export class AntiAltChecker {
  readonly #followers: FollowerCache;

  constructor(
    private readonly helix: HelixClient,
    private readonly logger: Logger,
    options: FollowerCacheOptions = {},
  ) {
    this.#followers = new FollowerCache(helix, logger, options);
  }

  async check(
    broadcasterId: string,
    userIds: readonly string[],
    rules: AntiAltRules,
    now: number = Date.now(),
  ): Promise<Map<string, AntiAltVerdict>> {
    const verdicts = new Map<string, AntiAltVerdict>();
    let passedAge: readonly string[] = userIds;
    if (rules.minAccountAgeDays > 0) {
      let created: Map<string, Date>;
      try {
        created = await this.helix.accountCreatedAt(userIds);
      } catch (error) {
        this.logger.warn(
          { err: error, entries: userIds.length },
          'Twitch did not answer Get Users: entries stay pending',
        );
        return verdicts;
      }
      const passing: string[] = [];
      for (const userId of userIds) {
        const at = created.get(userId);
        // An account Twitch no longer knows (deleted, suspended) cannot show its age.
        if (!at || now - at.getTime() < rules.minAccountAgeDays * DAY_MS) {
          verdicts.set(userId, { state: 'refused', reason: 'account_too_new' });
        } else {
          passing.push(userId);
        }
      }
      passedAge = passing;
    }
    if (rules.minFollowDays <= 0) {
      for (const userId of passedAge) verdicts.set(userId, { state: 'entered', reason: null });
      return verdicts;
    }
    let next = 0;
    const worker = async () => {
      while (next < passedAge.length) {
        const userId = passedAge[next++] as string;
        try {
          const since = await this.#followers.followedSince(broadcasterId, userId);
          verdicts.set(
            userId,
            since === null
              ? { state: 'refused', reason: 'not_following' }
              : now - since.getTime() < rules.minFollowDays * DAY_MS
                ? { state: 'refused', reason: 'follow_too_recent' }
                : { state: 'entered', reason: null },
          );
        } catch (error) {
          this.logger.warn(
            { err: error, userId },
            'Twitch did not answer Get Channel Followers: entry stays pending',
          );
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(FOLLOW_CONCURRENCY, passedAge.length) }, worker));
    return verdicts;
  }
}

import type { EntrantInput } from '../raffles/raffle-service.ts';
import type { ChannelRoles, Chatter } from './helix.ts';

/** Chat bots that sit in most chats and must never win (SPEC §3), by login. */
export const KNOWN_BOTS: ReadonlySet<string> = new Set([
  'nightbot',
  'streamelements',
  'streamlabs',
  'moobot',
  'fossabot',
  'wizebot',
  'botisimo',
  'soundalerts',
  'sery_bot',
  'kofistreambot',
  'pokemoncommunitygame',
  'commanderroot',
  'blerp',
  'botrixoficial',
  'lolrankbot',
  'streamstickers',
  'own3d',
]);

/** The weight and eligibility rules of SPEC §3, from channel_settings. */
export interface WeightRules {
  readonly excludeModerators: boolean;
  /** "Active chatters" mode: only who chatted in the last N minutes may win; null = off. */
  readonly activeChattersMinutes: number | null;
  readonly tierMultipliers: Readonly<Record<'1000' | '2000' | '3000', number>>;
  readonly vipMultiplier: number;
}

/** Who is in the chat, and what is known about them besides. */
export interface ChatPresence {
  readonly chatters: readonly Chatter[];
  readonly roles: ChannelRoles;
  /** User ids who chatted within the active-chatters window; undefined when the mode is off. */
  readonly activeChatters?: ReadonlySet<string> | undefined;
}

/**
 * Turns the chatter list into the entrants of a draw: excluded viewers keep their reason (the proof
 * lists them), everyone else gets weight 1 times their subscriber and VIP multipliers. In the "active
 * chatters" mode, whoever did not chat within the window is excluded as `inactive`. The blocklist,
 * cooldowns and session limits are applied inside make_raffle, under the draw's lock.
 */
export function chattersToEntrants(
  presence: ChatPresence,
  broadcasterId: string,
  rules: WeightRules,
  appAccounts: ReadonlySet<string> = new Set(),
): EntrantInput[] {
  const { chatters, roles, activeChatters } = presence;
  return chatters.map((chatter) => {
    const excludedReason =
      chatter.userId === broadcasterId
        ? 'broadcaster'
        : appAccounts.has(chatter.login)
          ? 'app_account'
          : KNOWN_BOTS.has(chatter.login)
            ? 'bot'
            : rules.excludeModerators && roles.moderators.has(chatter.userId)
              ? 'moderator'
              : activeChatters && !activeChatters.has(chatter.userId)
                ? 'inactive'
                : null;
    const tier = roles.subscriberTiers.get(chatter.userId);
    const weight =
      (tier ? rules.tierMultipliers[tier] : 1) * (roles.vips.has(chatter.userId) ? rules.vipMultiplier : 1);
    return {
      userId: chatter.userId,
      login: chatter.login,
      weight: Math.round(weight * 100) / 100,
      excludedReason,
    };
  });
}

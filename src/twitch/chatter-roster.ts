import type { Logger } from 'pino';
import type { Channel } from '../channels/channel-repository.ts';
import type { ChannelSettings, SettingsRepository } from '../channels/settings-repository.ts';
import type { ExclusionReason } from '../contract/raffles.ts';
import type { EntryService } from '../entries/entry-service.ts';
import { AppError, conflict } from '../errors.ts';
import type { EntrantInput } from '../raffles/raffle-service.ts';
import { ReconnectNeededError } from './auth-provider.ts';
import type { ChatActivity } from './chat-activity.ts';
import { chattersToEntrants, type WeightRules } from './entrants.ts';
import type { ChannelRoles, Chatter, HelixClient } from './helix.ts';
import type { WarmRosters } from './warm-rosters.ts';

/**
 * What a keyword-mode draw adds to the §3 reasons and the refusals kept from entry time: an entry
 * Twitch still could not check, and an entrant no longer in the chat list (SPEC §2.7).
 */
export const KEYWORD_DRAW_EXCLUSIONS = {
  unchecked: 'unchecked',
  notPresent: 'not_present',
} as const satisfies Record<string, ExclusionReason>;

/** The entrants of a draw and when the chat list they come from was read from Twitch. */
export interface GatheredEntrants {
  readonly entrants: EntrantInput[];
  /** When the chat list was read (a warm roster's reading time); null when no chat list was needed. */
  readonly rosterAt: Date | null;
}

/** The eligible-or-not chatters of a channel right now, with their weights (SPEC §3). */
export class ChatterRoster {
  constructor(
    private readonly helix: HelixClient,
    private readonly settings: SettingsRepository,
    private readonly activity: ChatActivity,
    private readonly logger: Logger,
    private readonly entries?: EntryService,
    private readonly warm?: WarmRosters,
  ) {}

  /** The entrants of a draw now (see {@link gather}). */
  async entrants(channel: Channel): Promise<EntrantInput[]> {
    return (await this.gather(channel)).entrants;
  }

  /**
   * Fetches every page of the chat list and the roles, then applies exclusions and multipliers. In
   * keyword mode (SPEC §2.7) the entrants are the entry window's instead: refused entries keep their
   * reason, entries Twitch still could not check are `unchecked`, and with `entryRequiresPresence`
   * whoever left the chat is `not_present`.
   */
  async gather(channel: Channel, known?: ChannelSettings): Promise<GatheredEntrants> {
    const broadcasterId = channel.twitchUserId;
    const state = channel.connectionState;
    if (!broadcasterId || state === 'not_connected' || state === 'disconnected') {
      throw conflict('channel_not_connected', `The channel "${channel.login}" is not connected to Twitch.`);
    }
    if (state !== 'connected') {
      throw conflict(
        'twitch_reconnect_needed',
        `The Twitch connection of "${channel.login}" must be renewed: the streamer has to connect again.`,
      );
    }
    // The caller may have just read them (a session tick reads them to decide whether to draw at all).
    const settings = known ?? (await this.settings.get(channel.id));
    const rules = weightRules(settings);
    const keyword =
      settings.entryMode === 'keyword' && this.entries ? await this.entries.forDraw(channel) : undefined;
    const activeChatters = await this.#activeChatters(channel.id, rules.activeChattersMinutes);
    const weighted =
      rules.vipMultiplier > 1 || Object.values(rules.tierMultipliers).some((value) => value > 1);
    const started = performance.now();
    try {
      const wanted = { moderators: rules.excludeModerators, weights: weighted };
      const needChatters = !keyword || settings.entryRequiresPresence;
      const { chatters, roles, rosterAt, warm } = await this.#read(broadcasterId, wanted, needChatters);
      this.logger.info(
        {
          channel: channel.login,
          chatters: chatters?.length,
          entries: keyword?.entries.length,
          warm,
          ms: Math.round(performance.now() - started),
        },
        'entrants gathered',
      );
      if (!keyword) {
        return {
          entrants: chattersToEntrants(
            { chatters: chatters ?? [], roles, activeChatters },
            broadcasterId,
            rules,
          ),
          rosterAt,
        };
      }
      const present = chatters && new Set(chatters.map((chatter) => chatter.userId));
      const entries = keyword.entries;
      const entrants = chattersToEntrants({ chatters: entries, roles, activeChatters }, broadcasterId, rules);
      const marked = entrants.map((entrant, index) => {
        const entry = entries[index];
        const excludedReason: ExclusionReason | null =
          entry?.state === 'refused'
            ? ((entry.reason ?? 'blocklist') as ExclusionReason)
            : (entrant.excludedReason ??
              (entry?.state === 'pending_check'
                ? KEYWORD_DRAW_EXCLUSIONS.unchecked
                : present && !present.has(entrant.userId)
                  ? KEYWORD_DRAW_EXCLUSIONS.notPresent
                  : null));
        return { ...entrant, excludedReason };
      });
      return { entrants: marked, rosterAt };
    } catch (error) {
      if (error instanceof ReconnectNeededError) {
        throw conflict(
          'twitch_reconnect_needed',
          `The Twitch connection of "${channel.login}" must be renewed: the streamer has to connect again.`,
        );
      }
      this.logger.warn({ err: error, channel: channel.login }, 'Twitch did not answer the chatter list');
      throw new AppError(
        503,
        'twitch_unavailable',
        'Twitch is not answering right now; try again in a moment.',
      );
    }
  }

  /**
   * The chat list and roles: a warm roster when one is fresh enough (kept warm while the channel runs a
   * session, warm-rosters.ts), else read from Twitch now. A channel that runs no session has no warm
   * roster: the last one read stays usable at most two refresh intervals after its session ended.
   */
  async #read(
    broadcasterId: string,
    wanted: { moderators: boolean; weights: boolean },
    needChatters: boolean,
  ): Promise<{ chatters: Chatter[] | undefined; roles: ChannelRoles; rosterAt: Date | null; warm: boolean }> {
    if (this.warm && needChatters) {
      const fresh = await this.warm.fresh(broadcasterId, wanted);
      if (fresh) {
        return {
          chatters: [...fresh.chatters],
          roles: fresh.roles,
          rosterAt: new Date(fresh.readAt),
          warm: true,
        };
      }
    }
    const readAt = new Date();
    const [chatters, roles] = await Promise.all([
      needChatters ? this.helix.chatters(broadcasterId) : undefined,
      this.helix.roles(broadcasterId, wanted),
    ]);
    return { chatters, roles, rosterAt: needChatters ? readAt : null, warm: false };
  }

  /** Who chatted within the window of the "active chatters" mode (recorded from EventSub); undefined when off. */
  async #activeChatters(channelId: number, minutes: number | null): Promise<Set<string> | undefined> {
    if (minutes === null) return undefined;
    return this.activity.activeSince(channelId, new Date(Date.now() - minutes * 60_000));
  }
}

/** The part of a channel's settings that decides who is eligible and with what weight. */
function weightRules(settings: ChannelSettings): WeightRules {
  return {
    excludeModerators: settings.excludeModerators,
    activeChattersMinutes: settings.activeChattersMinutes,
    tierMultipliers: {
      '1000': settings.subscriberTier1Multiplier,
      '2000': settings.subscriberTier2Multiplier,
      '3000': settings.subscriberTier3Multiplier,
    },
    vipMultiplier: settings.vipMultiplier,
  };
}

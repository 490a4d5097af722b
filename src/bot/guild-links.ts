import { LRUCache } from 'lru-cache';
import type { ApiClient } from './api-client.ts';
import type { DiscordLink } from './api-types.ts';

/**
 * Each Discord server's link to its Twitch channel (`GET /api/v1/discord/{guildId}`), kept briefly so
 * a burst of commands costs one lookup. Forgotten on `channel.connected` / `channel.reconnect_needed`
 * events and replaced by the answer of every PATCH, so a change shows at once.
 */
export class GuildLinks {
  readonly #entries: LRUCache<string, DiscordLink>;

  constructor(
    private readonly api: ApiClient,
    ttlMs = 30_000,
    now: () => number = Date.now,
  ) {
    // Bounded so a bot in very many servers keeps the busy ones, not all of them.
    this.#entries = new LRUCache({ max: 10_000, ttl: ttlMs, ttlResolution: 0, perf: { now } });
  }

  /** The server's link, or null when it never connected. */
  async get(guildId: string): Promise<DiscordLink | null> {
    const cached = this.#entries.get(guildId);
    if (cached) return cached;
    const link = await this.api.discordLink(guildId);
    // "Not linked yet" is not kept: the streamer may complete the connect link any second now.
    if (link) this.remember(guildId, link);
    return link;
  }

  remember(guildId: string, link: DiscordLink): void {
    this.#entries.set(guildId, link);
  }

  forget(guildId: string): void {
    this.#entries.delete(guildId);
  }

  /** Forgets every server linked to `channel` (its connection state changed). */
  forgetChannel(channel: string): void {
    const linked = [...this.#entries.entries()].filter(([, link]) => link.channel === channel);
    for (const [guildId] of linked) this.#entries.delete(guildId);
  }
}

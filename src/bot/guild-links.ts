import type { ApiClient } from './api-client.ts';
import type { DiscordLink } from './api-types.ts';

interface Entry {
  readonly link: DiscordLink;
  readonly until: number;
}

/**
 * Each Discord server's link to its Twitch channel (`GET /api/v1/discord/{guildId}`), kept briefly so
 * a burst of commands costs one lookup. Forgotten on `channel.connected` / `channel.reconnect_needed`
 * events and replaced by the answer of every PATCH, so a change shows at once.
 */
export class GuildLinks {
  readonly #entries = new Map<string, Entry>();

  constructor(
    private readonly api: ApiClient,
    private readonly ttlMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The server's link, or null when it never connected. */
  async get(guildId: string): Promise<DiscordLink | null> {
    const cached = this.#entries.get(guildId);
    if (cached && cached.until > this.now()) return cached.link;
    const link = await this.api.discordLink(guildId);
    // "Not linked yet" is not kept: the streamer may complete the connect link any second now.
    if (link) this.remember(guildId, link);
    return link;
  }

  remember(guildId: string, link: DiscordLink): void {
    this.#entries.set(guildId, { link, until: this.now() + this.ttlMs });
  }

  forget(guildId: string): void {
    this.#entries.delete(guildId);
  }

  /** Forgets every server linked to `channel` (its connection state changed). */
  forgetChannel(channel: string): void {
    for (const [guildId, entry] of this.#entries) {
      if (entry.link.channel === channel) this.#entries.delete(guildId);
    }
  }
}

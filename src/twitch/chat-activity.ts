import type { ChatActivityRepository, ChatMessage } from '../channels/chat-activity-repository.ts';

export type { ChatMessage } from '../channels/chat-activity-repository.ts';

// EventSub delivers at least once; a redelivery comes within minutes (twurple keeps 10 minutes too).
const DEDUPE_WINDOW_MS = 10 * 60 * 1000;

/**
 * Records who chatted when (for the "active chatters" mode and the claim window), once per Twitch
 * message id however many times EventSub delivers it.
 */
export class ChatActivity {
  readonly #seen = new Map<string, number>();

  constructor(private readonly repository: ChatActivityRepository) {}

  /** Records a message; false when this message id was already recorded. */
  async record(message: ChatMessage): Promise<boolean> {
    const now = Date.now();
    for (const [id, at] of this.#seen) {
      if (now - at <= DEDUPE_WINDOW_MS) break;
      this.#seen.delete(id);
    }
    if (this.#seen.has(message.messageId)) return false;
    this.#seen.set(message.messageId, now);
    await this.repository.record(message);
    return true;
  }

  /** User ids of a channel's viewers who chatted since `since`. */
  activeSince(channelId: number, since: Date): Promise<Set<string>> {
    return this.repository.activeSince(channelId, since);
  }
}

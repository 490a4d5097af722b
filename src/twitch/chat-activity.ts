import type { Redis } from 'ioredis';
import type { ChatActivityRepository, ChatMessage } from '../channels/chat-activity-repository.ts';

export type { ChatMessage } from '../channels/chat-activity-repository.ts';

// EventSub delivers at least once; a redelivery comes within minutes (twurple keeps 10 minutes too).
const DEDUPE_WINDOW_MS = 10 * 60 * 1000;

/**
 * Which chat messages were already taken, by Twitch message id. Every API replica listens to chat, so
 * each message reaches each replica: with Redis, the first replica to take it handles it and the others
 * skip it (the database would make claims and entries happen once anyway; this saves the others the
 * writes). A replica that dies between taking a message and writing it loses that one message.
 */
export interface SeenMessages {
  /** True for the first sight of `messageId` (in this process, or across replicas with Redis). */
  firstSight(messageId: string): Promise<boolean>;
}

/** Shared across replicas through Redis (SET NX with the dedupe window as its expiry). */
export class RedisSeenMessages implements SeenMessages {
  constructor(
    private readonly redis: Redis,
    private readonly onError: (error: unknown) => void,
  ) {}

  async firstSight(messageId: string): Promise<boolean> {
    try {
      const set = await this.redis.set(`kinoyu:chat-seen:${messageId}`, '1', 'PX', DEDUPE_WINDOW_MS, 'NX');
      return set === 'OK';
    } catch (error) {
      // Handling a message twice is harmless (the database keeps claims and entries once); losing it is not.
      this.onError(error);
      return true;
    }
  }
}

/**
 * Records who chatted when (for the "active chatters" mode and the claim window), once per Twitch
 * message id however many times EventSub delivers it — and, given shared `seen` messages, once across
 * replicas.
 */
export class ChatActivity {
  readonly #seen = new Map<string, number>();

  constructor(
    private readonly repository: ChatActivityRepository,
    private readonly shared?: SeenMessages,
  ) {}

  /** Records a message; false when this message id was already recorded (here or by another replica). */
  async record(message: ChatMessage): Promise<boolean> {
    const now = Date.now();
    for (const [id, at] of this.#seen) {
      if (now - at <= DEDUPE_WINDOW_MS) break;
      this.#seen.delete(id);
    }
    if (this.#seen.has(message.messageId)) return false;
    this.#seen.set(message.messageId, now);
    if (this.shared && !(await this.shared.firstSight(message.messageId))) return false;
    await this.repository.record(message);
    return true;
  }

  /** User ids of a channel's viewers who chatted since `since`. */
  activeSince(channelId: number, since: Date): Promise<Set<string>> {
    return this.repository.activeSince(channelId, since);
  }
}

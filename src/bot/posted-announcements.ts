import { LRUCache } from 'lru-cache';
import type { Recipient } from './api-types.ts';

/** A message the bot posted (or answered a command with) showing one raffle. */
export interface PostedAnnouncement {
  readonly guildId: string;
  readonly channelId: string;
  readonly messageId: string;
  /** Set when the message announced the redraw of that slot (its title says so). */
  readonly rerolledPosition: number | null;
  /** The linked holders it mentions (SPEC §2.8): an edit keeps those still holding their slot. */
  readonly recipients?: readonly Recipient[];
}

// A raffle is shown in at most a few messages per server (the draw, a redraw posted elsewhere).
const MAX_MESSAGES_PER_RAFFLE = 20;

/**
 * Where each recent raffle was shown in Discord, so a claim, an unclaimed redraw or a forfeit edits
 * those messages instead of posting new ones (SPEC §2.6). Held in memory and bounded: after a restart,
 * or for a raffle long gone from it, the bot posts a new message instead.
 */
export class PostedAnnouncements {
  readonly #byRaffle: LRUCache<number, PostedAnnouncement[]>;

  constructor(maxRaffles = 5_000) {
    this.#byRaffle = new LRUCache({ max: maxRaffles });
  }

  remember(raffleId: number, posted: PostedAnnouncement): void {
    const known = (this.#byRaffle.get(raffleId) ?? []).filter(
      (candidate) => candidate.messageId !== posted.messageId,
    );
    this.#byRaffle.set(raffleId, [...known, posted].slice(-MAX_MESSAGES_PER_RAFFLE));
  }

  /** The messages showing `raffleId` in one server, oldest first. */
  inGuild(raffleId: number, guildId: string): PostedAnnouncement[] {
    return (this.#byRaffle.get(raffleId) ?? []).filter((posted) => posted.guildId === guildId);
  }

  /** The message with this id, if it shows `raffleId`. */
  find(raffleId: number, messageId: string): PostedAnnouncement | undefined {
    return this.#byRaffle.get(raffleId)?.find((posted) => posted.messageId === messageId);
  }

  /** Forgets a message that is gone (deleted, or its channel removed). */
  forget(raffleId: number, messageId: string): void {
    const left = (this.#byRaffle.get(raffleId) ?? []).filter((posted) => posted.messageId !== messageId);
    if (left.length > 0) this.#byRaffle.set(raffleId, left);
    else this.#byRaffle.delete(raffleId);
  }
}

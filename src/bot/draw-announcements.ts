import type { AnnouncementChannel } from './announcement-channel.ts';
import type { DiscordLink, PublishedEvent } from './api-types.ts';
import type { CommandReply } from './commands/command.ts';
import type { BotServices } from './dispatch.ts';
import { messagesFor } from './messages/index.ts';
import type { PostedAnnouncement } from './posted-announcements.ts';
import { recipientsToMention } from './raffle-recipients.ts';
import { voidedAnnouncement, waitingAnnouncement } from './render/beacon-announcement.ts';
import { mentionsFollowUp, raffleAnnouncement } from './render/raffle-announcement.ts';

type EventOf<T extends PublishedEvent['type']> = Extract<PublishedEvent, { type: T }>;
type SnapshotEvent = EventOf<'raffle.snapshot'>;
type DrawnEvent = EventOf<'raffle.drawn'>;
type VoidedEvent = EventOf<'raffle.voided'>;

/** Draw triggers that make a new raffle (not a redraw of one slot). */
const NEW_DRAW_TRIGGERS: readonly DrawnEvent['trigger'][] = ['command', 'dashboard', 'session'];

/** A `raffle.drawn` with this trigger announces a new raffle (not the redraw of one slot). */
export function isNewDraw(trigger: DrawnEvent['trigger']): boolean {
  return NEW_DRAW_TRIGGERS.includes(trigger);
}

/**
 * The life of a new draw in one server's announcement channel, with public randomness (SPEC §4.1):
 * a one-off draw first shows "waiting for drand round N" (`raffle.snapshot`), and that same message
 * is then edited into the result (`raffle.drawn`) or into "void" (`raffle.voided`), so the result
 * appears once per server. Session ticks (which can come every few seconds) get no waiting message:
 * their result is posted directly. Where no waiting message is known (its post failed, the bot
 * restarted, public randomness is off) the result is posted.
 *
 * In the server whose command caused the draw (`requestedByGuild`), the command's own reply plays the
 * announcement: it shows the waiting round and then the result (commands/draw.ts), so nothing is
 * posted there. When the API answered 202 (the round was late), the reply stays "waiting" and the
 * later `raffle.drawn` (requestedByGuild null) or `raffle.voided` edits it like any waiting message;
 * an event that arrives before that reply is sent waits for it (draws-in-flight.ts).
 */
export class DrawAnnouncements {
  constructor(
    private readonly services: BotServices,
    private readonly channel: AnnouncementChannel,
    /** Queues work behind the events being handled (the announcer's queue), for held events. */
    private readonly later: (work: () => Promise<void>) => void,
  ) {}

  /** A one-off draw froze its list and waits for its round: "waiting" in each server but the requester's. */
  async snapshot(event: SnapshotEvent, links: readonly DiscordLink[]): Promise<void> {
    if (event.trigger !== 'command' && event.trigger !== 'dashboard') return;
    const beacon = { chainHash: event.chainHash, round: event.round, roundAt: event.roundAt };
    for (const link of links) {
      if (link.guildId === event.requestedByGuild) continue; // the command's reply shows it there
      const reply = waitingAnnouncement(
        event.raffle,
        beacon,
        event.entrantsDigest,
        messagesFor(link.language),
      );
      await this.channel.post(link, reply, logContextOf(event));
    }
  }

  /** A new raffle was drawn: its waiting message is edited into the result, or the result is posted. */
  async drawn(event: DrawnEvent, link: DiscordLink, claimWord: string): Promise<void> {
    if (event.requestedByGuild === link.guildId) return; // the command's reply is the announcement
    if (this.#heldForCommand(event, link, () => this.drawn(event, link, claimWord))) return;
    const recipients = await recipientsToMention(this.services, link.guildId, event.raffleId);
    const reply = raffleAnnouncement(event.raffle, messagesFor(link.language), { claimWord, recipients });
    await this.#editOrPost(event, link, reply);
  }

  /** A raffle announced as waiting ended without a draw: its message says so. */
  async voided(event: VoidedEvent, link: DiscordLink): Promise<void> {
    if (this.#heldForCommand(event, link, () => this.voided(event, link))) return;
    const reply = voidedAnnouncement(event.raffle, event.reason, messagesFor(link.language));
    await this.#editOrPost(event, link, reply);
  }

  /** Edits every message showing the raffle in that server; posts `reply` when none could be edited. */
  async #editOrPost(event: DrawnEvent | VoidedEvent, link: DiscordLink, reply: CommandReply): Promise<void> {
    const context = logContextOf(event);
    const edited: PostedAnnouncement[] = [];
    for (const posted of this.services.announcements.inGuild(event.raffleId, link.guildId)) {
      if (!(await this.channel.edit(posted, event.raffleId, reply, context))) continue;
      // Now it shows the result: later claims edit it and keep the mentions it carries.
      this.channel.remember(reply, posted);
      edited.push(posted);
    }
    const [first] = edited;
    if (!first) {
      await this.channel.post(link, reply, context);
      return;
    }
    // An edit notifies nobody: the winners it mentions are pinged below it, once.
    const ping = mentionsFollowUp(reply, messagesFor(link.language));
    if (ping) await this.channel.followUp(first, ping, context);
  }

  /** True when a draw command in that server has not answered yet: `retry` runs once it has. */
  #heldForCommand(event: DrawnEvent | VoidedEvent, link: DiscordLink, retry: () => Promise<void>): boolean {
    return this.services.draws.holdUntilAnswered(link.guildId, event.channel, event.raffleId, () =>
      this.later(retry),
    );
  }
}

function logContextOf(event: SnapshotEvent | DrawnEvent | VoidedEvent) {
  return { channel: event.channel, type: event.type, raffleId: event.raffleId };
}

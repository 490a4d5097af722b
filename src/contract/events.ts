import { z } from 'zod';
import type { EventType } from './event-types.ts';
import { raffleSchema } from './raffle.ts';
import { DRAW_TRIGGERS } from './raffles.ts';
import { sessionSchema } from './sessions.ts';

// The events of the API's streams (SSE and the bot's): every event names its channel (login) and
// channel id. The schemas describe the payloads; the event bus, the bot and the browser scripts use
// the inferred types.

const channelFields = { channel: z.string(), channelId: z.number() };

/** The Twitch connection works; `guildId` is the Discord server that asked for it, if any. */
export const channelConnectedEventSchema = z.object({
  type: z.literal('channel.connected'),
  ...channelFields,
  guildId: z.string().nullable(),
});

/** Twitch refused the stored tokens: the streamer must connect again. */
export const channelReconnectNeededEventSchema = z.object({
  type: z.literal('channel.reconnect_needed'),
  ...channelFields,
  reason: z.string(),
});

/** The streamer disconnected the channel from Twitch. */
export const channelDisconnectedEventSchema = z.object({
  type: z.literal('channel.disconnected'),
  ...channelFields,
});

/**
 * A draw committed (one-off, session tick, or a slot redrawn: `trigger`). `requestedByGuild` is the
 * Discord server whose command caused it (the bot already answered there).
 */
export const raffleDrawnEventSchema = z.object({
  type: z.literal('raffle.drawn'),
  ...channelFields,
  raffleId: z.number(),
  trigger: z.enum(DRAW_TRIGGERS),
  requestedByGuild: z.string().nullable(),
  sessionId: z.number().nullable(),
  /** The slot that was redrawn, for `trigger: 'reroll'` and `'unclaimed'`. */
  position: z.number().nullable(),
  /** Who held that slot before (`trigger: 'reroll'` and `'unclaimed'`). */
  replaced: z.object({ userId: z.string(), login: z.string() }).nullable(),
  raffle: raffleSchema,
});

/**
 * SPEC §4.1 step 2: a draw's entrant list is frozen (`entrantsDigest`, `snapshotAt`) and it waits for
 * drand round `round` of chain `chainHash` (the first at least 1 s after `snapshotAt`), which comes at
 * `roundAt` (not in SPEC's payload list: when to expect it). `requestedByGuild` as in `raffle.drawn`.
 */
export const raffleSnapshotEventSchema = z.object({
  type: z.literal('raffle.snapshot'),
  ...channelFields,
  raffleId: z.number(),
  entrantsDigest: z.string(),
  snapshotAt: z.string(),
  round: z.number(),
  chainHash: z.string(),
  roundAt: z.string(),
  trigger: z.enum(DRAW_TRIGGERS),
  requestedByGuild: z.string().nullable(),
  sessionId: z.number().nullable(),
  raffle: raffleSchema,
});

/**
 * A raffle announced by `raffle.snapshot` ended without a draw (not in SPEC §7's list): its beacon round
 * never came (`reason: 'beacon_unavailable'`, 2 minutes after the round's time; the seed stays secret).
 */
export const raffleVoidedEventSchema = z.object({
  type: z.literal('raffle.voided'),
  ...channelFields,
  raffleId: z.number(),
  reason: z.string(),
  sessionId: z.number().nullable(),
  raffle: raffleSchema,
});

/** A slot's holder typed the claim word in time (SPEC §2.6). */
export const raffleClaimedEventSchema = z.object({
  type: z.literal('raffle.claimed'),
  ...channelFields,
  raffleId: z.number(),
  position: z.number(),
  userId: z.string(),
  login: z.string(),
  claimedAt: z.string(),
  raffle: raffleSchema,
});

/** A slot's last claim window ran out: its prize unit went back to stock (SPEC §2.6). */
export const raffleForfeitedEventSchema = z.object({
  type: z.literal('raffle.forfeited'),
  ...channelFields,
  raffleId: z.number(),
  position: z.number(),
  userId: z.string(),
  login: z.string(),
  raffle: raffleSchema,
});

/**
 * A claim window started again (not in SPEC §7's list): nobody was listening to chat during part of
 * it (the API was down), so the holder gets a full window from the end of that gap (SPEC §2.6).
 */
export const raffleClaimRestartedEventSchema = z.object({
  type: z.literal('raffle.claim_restarted'),
  ...channelFields,
  raffleId: z.number(),
  position: z.number(),
  userId: z.string(),
  login: z.string(),
  deadline: z.string(),
  raffle: raffleSchema,
});

/** An entry window opened (SPEC §2.7): viewers type `keyword` to enter. */
export const entriesOpenedEventSchema = z.object({
  type: z.literal('entries.opened'),
  ...channelFields,
  keyword: z.string(),
  openedAt: z.string(),
  requestedByGuild: z.string().nullable(),
});

/** The entry window closed with `count` entrants. */
export const entriesClosedEventSchema = z.object({
  type: z.literal('entries.closed'),
  ...channelFields,
  count: z.number(),
  closedAt: z.string(),
  requestedByGuild: z.string().nullable(),
});

/**
 * The running count of an open window (not in SPEC §7's list: the overlay and the dashboard show it
 * live). Published at most about once a second per channel.
 */
export const entriesUpdatedEventSchema = z.object({
  type: z.literal('entries.updated'),
  ...channelFields,
  count: z.number(),
  refusedCount: z.number(),
});

/**
 * The automatic session started or stopped, with its state after the change. `requestedByGuild` is
 * the Discord server whose command started or stopped it (the bot already answered there).
 */
export const sessionChangedEventSchema = z.object({
  type: z.enum(['session.started', 'session.stopped']),
  ...channelFields,
  sessionId: z.number(),
  requestedByGuild: z.string().nullable(),
  session: sessionSchema,
});

/** Any event of the streams, told apart by `type`. */
export const kinoYuEventSchema = z.union([
  channelConnectedEventSchema,
  channelReconnectNeededEventSchema,
  channelDisconnectedEventSchema,
  raffleSnapshotEventSchema,
  raffleDrawnEventSchema,
  raffleVoidedEventSchema,
  raffleClaimedEventSchema,
  raffleForfeitedEventSchema,
  raffleClaimRestartedEventSchema,
  entriesOpenedEventSchema,
  entriesClosedEventSchema,
  entriesUpdatedEventSchema,
  sessionChangedEventSchema,
]);

export type KinoYuEvent = z.infer<typeof kinoYuEventSchema>;

export type RaffleDrawnEvent = z.infer<typeof raffleDrawnEventSchema>;
export type RaffleSnapshotEvent = z.infer<typeof raffleSnapshotEventSchema>;
export type RaffleVoidedEvent = z.infer<typeof raffleVoidedEventSchema>;

/** The type names of the events. */
export type KinoYuEventType = KinoYuEvent['type'];

/**
 * True only while EVENT_TYPES and the schemas above name the same events: an event added to one and
 * not the other fails the typecheck here (and an SSE client would otherwise never hear it).
 */
export const EVENT_TYPES_MATCH_SCHEMAS: [KinoYuEventType] extends [EventType]
  ? [EventType] extends [KinoYuEventType]
    ? true
    : false
  : false = true;

/** An event as delivered: with the time it was published. */
export type PublishedEvent = KinoYuEvent & { at: string };

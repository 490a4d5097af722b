/**
 * The shapes of the API v1 responses the bot reads (src/contract/). The raffle and
 * session views and the events are the API's own types, imported as types only: the bot holds no
 * database and shares no code with the API at run time.
 */
import type { ConnectionState } from '../contract/channels.ts';
import type { ErrorCode } from '../contract/codes.ts';
import type { EntriesView } from '../contract/entries.ts';
import type { PublishedEvent } from '../contract/events.ts';
import type { Language } from '../contract/languages.ts';
import type { Recipients } from '../contract/prizes.ts';
import type { RaffleView } from '../contract/raffle.ts';
import type { ExclusionReason } from '../contract/raffles.ts';
import type { SessionView, StopReason } from '../contract/sessions.ts';
import type { ChannelSettings } from '../contract/settings.ts';

export type {
  ChannelSettings,
  ConnectionState,
  EntriesView,
  ErrorCode,
  ExclusionReason,
  Language,
  PublishedEvent,
  RaffleView,
  Recipients,
  SessionView,
  StopReason,
};

/** A holder of a raffle slot who linked their Discord account (SPEC §2.8). */
export type Recipient = Recipients['recipients'][number];

/** A Discord server linked to a Twitch channel. */
export interface DiscordLink {
  readonly guildId: string;
  readonly channel: string;
  readonly displayName: string;
  readonly connectionState: ConnectionState;
  readonly announcementChannelId: string | null;
  readonly managerRoleId: string | null;
  readonly language: Language;
}

/** `GET /api/v1/channels/{login}` (the parts the bot reads). */
export interface ChannelView {
  readonly login: string;
  readonly displayName: string;
  readonly connectionState: ConnectionState;
  /** The channel's rules: the entry mode and the claim word are what the bot reads. */
  readonly settings: ChannelSettings;
  readonly discord: DiscordLink[];
}

export interface Prize {
  readonly id: number;
  readonly name: string;
  readonly weight: number;
  /** null = unlimited. */
  readonly quantity: number | null;
  /** Percent chance of being the next prize. */
  readonly chance: number;
  /** Secret codes of the prize (SPEC §2.8), never the codes themselves; null when it has none. */
  readonly codes?: { readonly unused: number; readonly total: number } | null;
}

/** What adding secret codes answers: how many were stored, and the prize's unused count (its quantity). */
export interface CodesAdded {
  readonly added: number;
  readonly unused: number;
  readonly quantity: number;
}

/** A code the bot took to DM to a slot's linked holder (SPEC §2.8); never logged. */
export interface Delivery {
  readonly discordUserId: string;
  readonly code: string;
}

/** What the bot reports after trying to DM a code: a refused DM releases it for the claim page. */
export interface DeliveryOutcome {
  readonly delivered: boolean;
  readonly discordError?: number;
}

export interface ChatterList {
  readonly chatters: { userId: string; login: string; weight: number }[];
  readonly excluded: { userId: string; login: string; reason: string }[];
  readonly total: number;
}

/** The parts of the public proof (SPEC §4) the bot shows. */
export interface ProofSummary {
  readonly raffleId: number;
  readonly channel: string;
  readonly commitment: string;
  readonly seed: string | null;
  readonly winners: { position: number; userId: string; login: string; itemName: string | null }[];
  readonly replaced: { position: number; userId: string; login: string }[];
}

/** A signed single-use link (connect link, account link) and when it expires. */
export interface ConnectLink {
  readonly url: string;
  readonly expiresAt: string;
}

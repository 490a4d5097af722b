// The API's shapes the dashboard reads, as parts of the contract's types (type-only imports: nothing
// of the server enters the bundle).
import type { ConnectionState, DiscordLinkView } from '../../../../contract/channels.ts';
import type { EntriesView } from '../../../../contract/entries.ts';
import type { PublishedEvent } from '../../../../contract/events.ts';
import type { LedgerEntry } from '../../../../contract/prizes.ts';
import type { RaffleView } from '../../../../contract/raffle.ts';
import type { SessionView } from '../../../../contract/sessions.ts';
import type { ChannelSettingsView } from '../../../../contract/settings.ts';

export interface Item {
  readonly id: number;
  readonly name: string;
  readonly weight: number;
  readonly quantity: number | null;
  readonly chance: number;
  /** The prize's secret codes, when it has any (SPEC §2.8): its quantity is then `unused`. */
  readonly codes?: { readonly unused: number; readonly total: number } | null;
}

/** `GET …/prizes-given`: a page of the prize ledger, newest first. */
export interface Ledger {
  readonly prizes: readonly LedgerEntry[];
  readonly nextBefore: number | null;
}

export type Settings = Readonly<ChannelSettingsView> & { readonly [rule: string]: unknown };

export type DiscordLink = Pick<DiscordLinkView, 'guildId' | 'announcementChannelId' | 'language'>;

export interface ChannelView {
  readonly login: string;
  readonly displayName: string;
  readonly connectionState: ConnectionState;
  readonly settings: Settings;
  readonly discord: readonly DiscordLink[];
}

export type Session = Pick<
  SessionView,
  'active' | 'intervalSeconds' | 'drawsDone' | 'nextDrawAt' | 'stopReason'
>;

export type Winner = Pick<
  RaffleView['winners'][number],
  'position' | 'userId' | 'login' | 'itemName' | 'claim'
>;

export type Raffle = Pick<
  RaffleView,
  | 'raffleId'
  | 'status'
  | 'reason'
  | 'beacon'
  | 'dueAt'
  | 'createdAt'
  | 'drawnAt'
  | 'proofPageUrl'
  | 'replaced'
> & {
  readonly winners: readonly Winner[];
};

/** `GET …/entries`: the open (or last) entry window and a page of its entries. */
export type Entries = EntriesView;

export interface Chatters {
  readonly chatters: readonly { readonly login: string; readonly weight: number }[];
  readonly total: number;
}

/** An event of the channel's stream (every type the contract lists). */
export type ChannelEvent = PublishedEvent;

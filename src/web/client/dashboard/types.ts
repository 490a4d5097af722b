// The API's shapes the dashboard reads (see the OpenAPI document at /docs).

export interface Item {
  readonly id: number;
  readonly name: string;
  readonly weight: number;
  readonly quantity: number | null;
  readonly chance: number;
}

export interface Settings {
  readonly subscriberTier1Multiplier: number;
  readonly subscriberTier2Multiplier: number;
  readonly subscriberTier3Multiplier: number;
  readonly vipMultiplier: number;
  readonly sessionIntervalSeconds: number;
  readonly sessionChance: number;
  readonly sessionMaxDraws: number | null;
  readonly [rule: string]: unknown;
}

export interface DiscordLink {
  readonly guildId: string;
  readonly announcementChannelId: string | null;
  readonly language: string;
}

export interface ChannelView {
  readonly login: string;
  readonly displayName: string;
  readonly connectionState: string;
  readonly settings: Settings;
  readonly discord: readonly DiscordLink[];
}

export interface Session {
  readonly active: boolean;
  readonly intervalSeconds: number | null;
  readonly drawsDone: number;
  readonly nextDrawAt: string | null;
  readonly stopReason: string | null;
}

export interface Winner {
  readonly position: number;
  readonly login: string;
  readonly itemName: string | null;
}

export interface Raffle {
  readonly raffleId: number;
  readonly status: string;
  readonly createdAt: string;
  readonly drawnAt: string | null;
  readonly winners: readonly Winner[];
  readonly proofPageUrl: string;
}

export interface Chatters {
  readonly chatters: readonly { readonly login: string; readonly weight: number }[];
  readonly total: number;
}

/** The events of the channel's stream the dashboard acts on (src/events/event-bus.ts). */
export type ChannelEvent =
  | { readonly type: 'raffle.drawn'; readonly trigger: string; readonly raffle: Raffle }
  | { readonly type: 'session.started' | 'session.stopped'; readonly session: Session }
  | { readonly type: 'channel.connected' | 'channel.reconnect_needed' };

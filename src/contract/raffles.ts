/**
 * Why a viewer in chat was left out of a draw. The Twitch side (chattersToEntrants) sets
 * `broadcaster`, `app_account`, `bot`, `moderator` and `inactive`; make_raffle adds `blocklist`,
 * `cooldown` and `max_wins` under the draw's lock. The proof lists each excluded viewer with one.
 */
export const EXCLUSION_REASONS = [
  'broadcaster',
  'app_account',
  'bot',
  'moderator',
  'inactive',
  'blocklist',
  'cooldown',
  'max_wins',
  // Entries by keyword (SPEC §2.7): refused at entry by an anti-alt rule, an entry Twitch could not
  // check, and an entrant no longer in the chat list at draw time.
  'account_too_new',
  'not_following',
  'follow_too_recent',
  'unchecked',
  'not_present',
] as const;

export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

/** The status of a raffle: committed but not drawn yet, drawn, or void (nothing given). */
export const RAFFLE_STATUSES = ['pending', 'drawn', 'void'] as const;

export type RaffleStatus = (typeof RAFFLE_STATUSES)[number];

/**
 * Why a raffle gave nothing: nobody could win, every prize is gone, or (`interrupted`) the process
 * drawing a one-off raffle stopped between its commitment and its draw (its seed is never revealed).
 */
export const VOID_REASONS = [
  'no_eligible_entrants',
  'no_prizes_left',
  'interrupted',
  'beacon_unavailable',
] as const;

export type VoidReason = (typeof VOID_REASONS)[number];

/**
 * What caused a draw: a one-off command (Discord or the API), a one-off draw from the dashboard, a
 * session tick, a slot redrawn by a moderator (`reroll`) or because its holder did not claim in time
 * (`unclaimed`, SPEC §2.6).
 */
export const DRAW_TRIGGERS = ['command', 'dashboard', 'session', 'reroll', 'unclaimed'] as const;

export type DrawTrigger = (typeof DRAW_TRIGGERS)[number];

/**
 * A slot's claim window (SPEC §2.6): waiting for its holder's claim word, claimed, or forfeited after
 * its last window ran out (the prize unit went back to stock).
 */
export const CLAIM_STATES = ['awaiting_claim', 'claimed', 'forfeited'] as const;

export type ClaimState = (typeof CLAIM_STATES)[number];

/** Why a slot's holder was replaced: a moderator's redraw, or a claim window that ran out. */
export const REPLACED_REASONS = ['reroll', 'unclaimed'] as const;

export type ReplacedReason = (typeof REPLACED_REASONS)[number];

/** How a draw finds its entrants: everyone in the chat list, or who typed the keyword (SPEC §2.7). */
export const ENTRY_MODES = ['chat', 'keyword'] as const;

export type EntryMode = (typeof ENTRY_MODES)[number];

/** An entry of a keyword window: counted, refused (with a reason), or waiting for Twitch to check it. */
export const ENTRY_STATES = ['entered', 'refused', 'pending_check'] as const;

export type EntryState = (typeof ENTRY_STATES)[number];

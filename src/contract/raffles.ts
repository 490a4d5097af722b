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
] as const;

export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

/** The status of a raffle: committed but not drawn yet, drawn, or void (nothing given). */
export const RAFFLE_STATUSES = ['pending', 'drawn', 'void'] as const;

export type RaffleStatus = (typeof RAFFLE_STATUSES)[number];

/**
 * Why a raffle gave nothing: nobody could win, every prize is gone, or (`interrupted`) the process
 * drawing a one-off raffle stopped between its commitment and its draw (its seed is never revealed).
 */
export const VOID_REASONS = ['no_eligible_entrants', 'no_prizes_left', 'interrupted'] as const;

export type VoidReason = (typeof VOID_REASONS)[number];

/** What caused a draw: a one-off command, a session tick, or a slot redrawn. */
export const DRAW_TRIGGERS = ['command', 'session', 'reroll'] as const;

export type DrawTrigger = (typeof DRAW_TRIGGERS)[number];

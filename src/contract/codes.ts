/** Why a signed link or sign-in state (connect link, OAuth state) was refused. */
export const SIGNED_TOKEN_ERROR_CODES = [
  'malformed',
  'bad_signature',
  'wrong_purpose',
  'expired',
  'replayed',
] as const;

export type SignedTokenErrorCode = (typeof SIGNED_TOKEN_ERROR_CODES)[number];

/** A request the API could not take as sent, rendered by the central error handler. */
export const REQUEST_ERROR_CODES = [
  'invalid_request',
  'invalid_json',
  'unsupported_media_type',
  'body_too_large',
  'uri_too_long',
  'not_acceptable',
  'route_not_found',
  'rate_limited',
  'internal_error',
] as const;

/** The service cannot serve: `GET /readyz`'s answers, and any draw asked of a server shutting down. */
export const HEALTH_ERROR_CODES = ['database_unavailable', 'migrations_pending', 'shutting_down'] as const;

/**
 * Every `code` the API can put in a problem+json answer. An `AppError` can only carry one of these,
 * and each message catalogue is checked against this list, so adding a code here is the one place a
 * new failure is declared (its messages then fail the typecheck until they exist).
 */
export const ERROR_CODES = [
  ...REQUEST_ERROR_CODES,
  // Access: service token, dashboard session, CSRF, Discord server, overlay key.
  'unauthorized',
  'not_logged_in',
  'csrf_invalid',
  'forbidden_channel',
  'invalid_guild',
  'guild_not_linked',
  'guild_forbidden',
  'invalid_overlay_key',
  ...SIGNED_TOKEN_ERROR_CODES,
  // Channels and their Twitch connection.
  'channel_not_found',
  'channel_not_connected',
  'twitch_not_configured',
  'twitch_reconnect_needed',
  'twitch_unavailable',
  // Prizes.
  'invalid_prize_name',
  'invalid_prize_weight',
  'invalid_prize_quantity',
  'invalid_prize_list',
  'duplicate_prize',
  'prize_exists',
  'prize_not_found',
  // Draws.
  'invalid_entrant',
  'too_many_entrants',
  'invalid_winner_count',
  'no_prizes_left',
  'no_eligible_entrants',
  'raffle_not_found',
  'raffle_not_drawn',
  'position_not_found',
  'nobody_left',
  // Public randomness (SPEC §4.1): no drand relay gave the chain, so no round could be chosen.
  'beacon_unavailable',
  // Sessions.
  'session_already_active',
  'no_active_session',
  // Entries by keyword and the anti-alt rules (SPEC §2.7).
  'entries_already_open',
  'entries_not_open',
  'no_entry_window',
  'reconnect_for_follow_rules',
  'slot_forfeited',
  // The prize reaches the winner: codes, the claim page, the account link (SPEC §2.8).
  'duplicate_codes',
  'prize_has_codes',
  'prize_delivered',
  'not_deliverable',
  'not_linked',
  'not_slot_holder',
  'claim_closed',
  'viewer_not_logged_in',
  ...HEALTH_ERROR_CODES,
] as const;

/** A stable error code of the API. */
export type ErrorCode = (typeof ERROR_CODES)[number];

const ERROR_CODE_SET: ReadonlySet<string> = new Set(ERROR_CODES);

/** Whether `code` is one of the API's error codes (for clients reading an answer). */
export function isErrorCode(code: string): code is ErrorCode {
  return ERROR_CODE_SET.has(code);
}

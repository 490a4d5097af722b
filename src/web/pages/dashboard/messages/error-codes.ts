import {
  type ErrorCode,
  HEALTH_ERROR_CODES,
  REQUEST_ERROR_CODES,
  SIGNED_TOKEN_ERROR_CODES,
} from '../../../../contract/codes.ts';

/**
 * The error codes the dashboard shows with the API's own message (inside `failed`): request-shape and
 * signed-link refusals (a new code of those groups joins here with its group), prize-list and
 * draw-input refusals whose API message names the bad value, and codes no dashboard action can
 * receive (bot-only access, health). Every other code is one a dashboard action can
 * receive and must have a sentence of its own in each language: `DashboardErrorTexts` requires it,
 * so a new code fails the typecheck until it is either given texts or listed here.
 */
export const CODES_SHOWN_WITH_API_MESSAGE = [
  ...REQUEST_ERROR_CODES,
  ...SIGNED_TOKEN_ERROR_CODES,
  ...HEALTH_ERROR_CODES,
  'not_logged_in',
  'forbidden_channel',
  'invalid_guild',
  'guild_not_linked',
  'guild_forbidden',
  'invalid_overlay_key',
  'channel_not_found',
  'twitch_not_configured',
  'invalid_prize_name',
  'invalid_prize_weight',
  'invalid_prize_quantity',
  'invalid_prize_list',
  'duplicate_prize',
  'prize_not_found',
  'invalid_entrant',
  'too_many_entrants',
  'invalid_winner_count',
  'raffle_not_found',
  'raffle_not_drawn',
  'position_not_found',
  'nobody_left',
  // The winner's side of a prize (SPEC §2.8): the claim page, the account link and the bot's delivery.
  'not_deliverable',
  'not_linked',
  'not_slot_holder',
  'claim_closed',
  'viewer_not_logged_in',
] as const satisfies readonly ErrorCode[];

/** The dashboard's own sentence for each code it does not show with the API's message. */
export type DashboardErrorTexts = Record<
  Exclude<ErrorCode, (typeof CODES_SHOWN_WITH_API_MESSAGE)[number]>,
  string
>;

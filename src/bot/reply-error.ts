import type { Logger } from 'pino';
import { type ErrorCode, isErrorCode } from '../contract/codes.ts';
import { ApiError, TRANSPORT_CODES } from './api-error.ts';
import { CommandError } from './command-error.ts';
import type { Messages } from './messages/index.ts';
import { neutralize, truncate } from './render/escape.ts';

type Reply = (messages: Messages, error: ApiError) => string;

/** Prize-list problems show the API's own explanation of the bad part. */
const prizeList: Reply = (m, e) => m['error.invalid_prize_list']({ detail: apiDetail(e) });

/**
 * The bot's reply to each API error code, keyed by the contract's list so a new code fails the
 * typecheck until it is decided here. `null`: the bot has no sentence of its own; a refusal (4xx)
 * shows the API's message, anything else (and `unauthorized`, a deployment fault) the generic reply.
 */
const API_REPLIES = {
  invalid_request: null,
  invalid_json: null,
  unsupported_media_type: null,
  body_too_large: null,
  uri_too_long: null,
  not_acceptable: null,
  route_not_found: null,
  rate_limited: null,
  internal_error: null,
  unauthorized: null,
  not_logged_in: null,
  csrf_invalid: null,
  forbidden_channel: null,
  invalid_guild: null,
  guild_not_linked: (m) => m['error.guild_not_linked'](),
  guild_forbidden: (m) => m['error.guild_forbidden'](),
  invalid_overlay_key: null,
  malformed: null,
  bad_signature: null,
  wrong_purpose: null,
  expired: null,
  replayed: null,
  channel_not_found: (m) => m['error.guild_not_linked'](),
  channel_not_connected: (m) => m['error.channel_not_connected'](),
  twitch_not_configured: (m) => m['error.twitch_not_configured'](),
  twitch_reconnect_needed: (m) => m['error.reconnect_needed'](),
  twitch_unavailable: (m) => m['error.twitch_unavailable'](),
  invalid_prize_name: prizeList,
  invalid_prize_weight: prizeList,
  invalid_prize_quantity: prizeList,
  invalid_prize_list: prizeList,
  duplicate_prize: prizeList,
  prize_exists: (m, e) => m['error.prize_exists']({ detail: apiDetail(e) }),
  prize_not_found: null,
  invalid_entrant: null,
  too_many_entrants: null,
  invalid_winner_count: null,
  no_prizes_left: (m) => m['error.no_prizes_left'](),
  no_eligible_entrants: (m) => m['error.no_eligible_entrants'](),
  raffle_not_found: (m) => m['error.raffle_not_found'](),
  raffle_not_drawn: null,
  position_not_found: (m) => m['error.raffle_not_found'](),
  nobody_left: (m) => m['error.nobody_left'](),
  beacon_unavailable: (m) => m['error.beacon_unavailable'](),
  session_already_active: (m) => m['error.session_already_active'](),
  no_active_session: (m) => m['error.no_active_session'](),
  entries_already_open: (m) => m['error.entries_already_open'](),
  entries_not_open: (m) => m['error.entries_not_open'](),
  no_entry_window: (m) => m['error.no_entry_window'](),
  reconnect_for_follow_rules: (m) => m['error.reconnect_for_follow_rules'](),
  slot_forfeited: (m) => m['error.slot_forfeited'](),
  // Codes and the claim page (SPEC §2.8). The API's message is not echoed for these: a duplicate
  // refusal may quote the code, and a code never goes further than the member who pasted it.
  duplicate_codes: (m) => m['error.duplicate_codes'](),
  prize_has_codes: (m) => m['error.prize_has_codes'](),
  prize_delivered: (m) => m['error.prize_delivered'](),
  not_deliverable: (m) => m['error.not_deliverable'](),
  not_linked: (m) => m['error.not_linked'](),
  not_slot_holder: (m) => m['error.not_slot_holder'](),
  claim_closed: (m) => m['error.claim_closed'](),
  viewer_not_logged_in: null,
  database_unavailable: null,
  migrations_pending: null,
  // The API replica is draining (SIGTERM): as if it were unreachable, try again in a moment.
  shutting_down: (m) => m['error.api_unavailable'](),
} satisfies Record<ErrorCode, Reply | null>;

/** Failures that never reached an API answer. */
const TRANSPORT_REPLIES: Readonly<Record<string, Reply>> = {
  [TRANSPORT_CODES.unreachable]: (m) => m['error.api_unavailable'](),
  [TRANSPORT_CODES.timeout]: (m) => m['error.api_unavailable'](),
};

function knownReply(code: string): Reply | null | undefined {
  return isErrorCode(code) ? API_REPLIES[code] : TRANSPORT_REPLIES[code];
}

/**
 * The one place where a failed command becomes a reply in the server's language: the bot's own user
 * errors, the API's known codes, a malformed prize list with the API's message; anything else is
 * logged with its context and answered with the generic message — never a stack trace, never silence.
 */
export function replyForError(
  error: unknown,
  messages: Messages,
  logger: Logger,
  context: Record<string, unknown>,
): string {
  if (error instanceof CommandError) return error.render(messages);
  if (error instanceof ApiError) {
    const known = knownReply(error.code);
    if (known) return known(messages, error);
    if (error.status >= 400 && error.status < 500 && error.code !== 'unauthorized') {
      // A refusal the bot has no sentence for: the API's message is written for people.
      logger.warn({ ...context, status: error.status, code: error.code }, 'API refused a command');
      return messages['error.invalid_input']({ detail: apiDetail(error) });
    }
    logger.error(
      { ...context, status: error.status, code: error.code, apiMessage: error.message },
      'API call failed',
    );
    return messages['error.generic']();
  }
  logger.error({ ...context, err: error }, 'command failed');
  return messages['error.generic']();
}

/** The API's message, made safe to echo (it may quote a prize name a user typed). */
function apiDetail(error: ApiError): string {
  return truncate(neutralize(error.message), 500);
}

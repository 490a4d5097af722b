import type { Logger } from 'pino';
import { ApiError, TRANSPORT_CODES } from './api-error.ts';
import { CommandError } from './command-error.ts';
import type { Messages } from './messages/index.ts';
import { neutralize, truncate } from './render/escape.ts';

type Reply = (messages: Messages, error: ApiError) => string;

/** The API's error codes that users can act on, each with its reply (SPEC §2, issue part 5). */
const API_REPLIES: Record<string, Reply> = {
  guild_not_linked: (m) => m['error.guild_not_linked'](),
  channel_not_found: (m) => m['error.guild_not_linked'](),
  channel_not_connected: (m) => m['error.channel_not_connected'](),
  twitch_reconnect_needed: (m) => m['error.reconnect_needed'](),
  twitch_unavailable: (m) => m['error.twitch_unavailable'](),
  twitch_not_configured: (m) => m['error.twitch_not_configured'](),
  no_prizes_left: (m) => m['error.no_prizes_left'](),
  no_eligible_entrants: (m) => m['error.no_eligible_entrants'](),
  nobody_left: (m) => m['error.nobody_left'](),
  session_already_active: (m) => m['error.session_already_active'](),
  no_active_session: (m) => m['error.no_active_session'](),
  raffle_not_found: (m) => m['error.raffle_not_found'](),
  position_not_found: (m) => m['error.raffle_not_found'](),
  guild_forbidden: (m) => m['error.guild_forbidden'](),
  prize_exists: (m, e) => m['error.prize_exists']({ detail: apiDetail(e) }),
  duplicate_item: (m, e) => m['error.prize_exists']({ detail: apiDetail(e) }),
  [TRANSPORT_CODES.unreachable]: (m) => m['error.api_unavailable'](),
  [TRANSPORT_CODES.timeout]: (m) => m['error.api_unavailable'](),
};

/** Prize-list problems show the API's own explanation of the bad part. */
const PRIZE_LIST = /^(invalid_prize|duplicate_prize)/;

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
    const known = API_REPLIES[error.code];
    if (known) return known(messages, error);
    if (PRIZE_LIST.test(error.code))
      return messages['error.invalid_prize_list']({ detail: apiDetail(error) });
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

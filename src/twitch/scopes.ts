/**
 * The scopes KinoYu asks a broadcaster for (SPEC §2.1): the chatter list, chat (EventSub and
 * Send Chat Message), subscriber and VIP multipliers, and the moderator exclusion.
 * https://dev.twitch.tv/docs/authentication/scopes/
 */
export const BROADCASTER_SCOPES = [
  'moderator:read:chatters',
  'user:read:chat',
  'user:write:chat',
  'channel:read:subscriptions',
  'channel:read:vips',
  'moderation:read',
] as const;

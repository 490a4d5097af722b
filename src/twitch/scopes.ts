/**
 * The scopes KinoYu asks a broadcaster for (SPEC §2.1): the chatter list, chat (EventSub and
 * Send Chat Message), subscriber and VIP multipliers, the moderator exclusion, and the follow-age
 * rule of entries (SPEC §2.7).
 * https://dev.twitch.tv/docs/authentication/scopes/
 */
export const BROADCASTER_SCOPES = [
  'moderator:read:chatters',
  'user:read:chat',
  'user:write:chat',
  'channel:read:subscriptions',
  'channel:read:vips',
  'moderation:read',
  'moderator:read:followers',
] as const;

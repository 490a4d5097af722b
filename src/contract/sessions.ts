/** Why a session ended, as events and `GET …/session` say it. */
export const STOP_REASONS = [
  'stopped_by_user',
  'no_prizes_left',
  'max_draws_reached',
  'stream_offline',
  'channel_not_connected',
  'twitch_reconnect_needed',
] as const;

export type StopReason = (typeof STOP_REASONS)[number];

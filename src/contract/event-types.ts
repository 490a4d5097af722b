// The names of the stream events, in a file of its own without zod, so a browser script can import the
// list as a value without pulling the schemas into its bundle. events.ts checks that this list and the
// event schemas name the same events.

/** Every `event:` name of the SSE streams (SPEC §7); an SSE client subscribes to each by name. */
export const EVENT_TYPES = [
  'channel.connected',
  'channel.reconnect_needed',
  'channel.disconnected',
  'raffle.snapshot',
  'raffle.drawn',
  'raffle.voided',
  'raffle.claimed',
  'raffle.forfeited',
  'raffle.claim_restarted',
  'entries.opened',
  'entries.closed',
  'entries.updated',
  'session.started',
  'session.stopped',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

/** How a Twitch connection attempt ended, as the streamer is told (the connect pages of SPEC §2.1). */
export type ConnectOutcome = 'connected' | 'denied' | 'invalid_link' | 'exchange_failed';

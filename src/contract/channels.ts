/** The state of a channel's Twitch connection, as the API and the dashboard show it. */
export const CONNECTION_STATES = ['not_connected', 'connected', 'reconnect_needed', 'disconnected'] as const;

export type ConnectionState = (typeof CONNECTION_STATES)[number];

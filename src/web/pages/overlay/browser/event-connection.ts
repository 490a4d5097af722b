/** The state of the connection to the event stream, shown on the page as `body[data-connection]`. */
export type ConnectionState = 'connecting' | 'live' | 'reconnecting';

export interface EventConnectionOptions {
  readonly url: string;
  /** The event types to listen to (`raffle.drawn`…). */
  readonly types: readonly string[];
  readonly onEvent: (type: string, data: unknown) => void;
  readonly onState: (state: ConnectionState) => void;
}

const FIRST_RETRY_MS = 1000;
const LAST_RETRY_MS = 30_000;

/**
 * Follows a server-sent event stream for as long as the page lives. EventSource reconnects by itself after
 * a dropped connection (with Last-Event-ID, so nothing is missed); but an HTTP error answer (a server
 * restarting behind a proxy, a 503) closes it for good, so then a new one is opened, backing off to 30 s.
 */
export function followEvents(options: EventConnectionOptions): void {
  let retryMs = FIRST_RETRY_MS;
  const seen = new Set<string>();

  const open = () => {
    options.onState('connecting');
    const source = new EventSource(options.url);
    source.addEventListener('open', () => {
      retryMs = FIRST_RETRY_MS;
      options.onState('live');
    });
    for (const type of options.types) {
      source.addEventListener(type, (message) => {
        // A replay after a reconnect may repeat an event this page already showed.
        if (message.lastEventId) {
          if (seen.has(message.lastEventId)) return;
          seen.add(message.lastEventId);
        }
        options.onEvent(type, JSON.parse(message.data));
      });
    }
    source.addEventListener('error', () => {
      options.onState('reconnecting');
      if (source.readyState !== EventSource.CLOSED) return;
      source.close();
      setTimeout(open, retryMs);
      retryMs = Math.min(retryMs * 2, LAST_RETRY_MS);
    });
  };
  open();
}

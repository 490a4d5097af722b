import { EventSource } from 'eventsource';
import type { Logger } from 'pino';
import type { Dispatcher } from 'undici';
import { EVENT_TYPES } from '../contract/event-types.ts';
import type { PublishedEvent } from './api-types.ts';

export interface EventStreamOptions {
  /** The API base URL (config.apiUrl); the stream is `GET {apiUrl}/api/v1/events`. */
  readonly apiUrl: string;
  readonly token: string;
  readonly logger: Logger;
  readonly onEvent: (event: PublishedEvent) => void;
  /** Called each time the stream is (re)opened. */
  readonly onOpen?: () => void;
  readonly backoff?: { readonly initialMs: number; readonly maxMs: number };
  /** The bot's own connection pool (see start-bot.ts). */
  readonly dispatcher?: Dispatcher;
}

export interface EventStream {
  stop(): void;
}

/**
 * Listens to the API's event stream (server-sent events, with the service token) and keeps listening:
 * when the API restarts or answers with an error, it reconnects with exponential backoff and jitter,
 * sending `Last-Event-ID` so the API can replay what was missed (best effort on its side).
 */
export function listenToApiEvents(options: EventStreamOptions): EventStream {
  const { initialMs, maxMs } = options.backoff ?? { initialMs: 500, maxMs: 30_000 };
  const url = `${options.apiUrl}/api/v1/events`;
  let source: EventSource | undefined;
  let lastEventId: string | undefined;
  let failures = 0;
  let retryTimer: NodeJS.Timeout | undefined;
  let stopped = false;

  const open = () => {
    source = new EventSource(url, {
      fetch: (input, init) =>
        fetch(input, {
          ...init,
          headers: {
            ...init.headers,
            authorization: `Bearer ${options.token}`,
            ...(lastEventId && { 'Last-Event-ID': lastEventId }),
          },
          ...(options.dispatcher && { dispatcher: options.dispatcher }),
        } as RequestInit),
    });
    source.onopen = () => {
      options.logger.info({ url }, failures > 0 ? 'API event stream reconnected' : 'API event stream open');
      failures = 0;
      options.onOpen?.();
    };
    for (const type of EVENT_TYPES) {
      source.addEventListener(type, (message) => {
        if (message.lastEventId) lastEventId = message.lastEventId;
        try {
          options.onEvent(JSON.parse(message.data) as PublishedEvent);
        } catch (error) {
          options.logger.warn({ type, err: error }, 'an API event could not be read');
        }
      });
    }
    // The library retries network errors at a fixed pace and gives up on HTTP errors; the bot takes
    // over both, so an API that is down for a while is retried ever more gently, and never given up.
    source.onerror = (error) => {
      source?.close();
      if (stopped) return;
      const delay = Math.min(maxMs, initialMs * 2 ** failures) * (0.75 + Math.random() * 0.5);
      failures++;
      options.logger.warn(
        { url, attempt: failures, retryInMs: Math.round(delay), reason: error.message ?? error.code },
        'API event stream lost; reconnecting',
      );
      retryTimer = setTimeout(open, delay);
    };
  };

  open();
  return {
    stop() {
      stopped = true;
      clearTimeout(retryTimer);
      source?.close();
    },
  };
}

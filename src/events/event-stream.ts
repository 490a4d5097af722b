import type { SSEReplyInterface } from '@fastify/sse';
import type { FastifyBaseLogger } from 'fastify';
import type { EventBus, PublishedEvent } from './event-bus.ts';

export interface EventStreamOptions {
  /** Which events this stream carries (a channel's stream: that channel's only). */
  readonly includes: (event: PublishedEvent) => boolean;
  /** The client's `Last-Event-ID` header: buffered events after it are sent first. */
  readonly lastEventId: string | null;
  /** The reconnection delay the client is told (`retry:`), in milliseconds. */
  readonly retryMs: number;
  /**
   * Frames that may wait for a client that does not read. Past it the stream is closed: the client
   * reconnects with its Last-Event-ID instead of this process buffering without bound.
   */
  readonly maxQueuedFrames: number;
  readonly log: FastifyBaseLogger;
}

/**
 * Streams bus events onto an SSE reply until the client goes: first the `retry:` hint (which also sends
 * the headers), then the buffered events after `Last-Event-ID`, then live events, in id order. The bus
 * subscription ends when the connection closes, whoever closes it.
 */
export async function streamEvents(bus: EventBus, sse: SSEReplyInterface, options: EventStreamOptions) {
  sse.keepAlive();
  // A frame with no data dispatches no event; it only sets the client's reconnection delay. The live
  // frames queue behind it, so the subscription below starts now: an event published while this
  // first frame is written is not lost.
  let writes: Promise<unknown> = sse
    .send({ data: undefined, retry: options.retryMs })
    .catch((error: unknown) =>
      options.log.debug({ err: error }, 'event stream client left before the first frame'),
    );

  let queued = 0;
  const write = (event: PublishedEvent, id: number) => {
    if (!options.includes(event) || !sse.isConnected) return;
    if (queued >= options.maxQueuedFrames) {
      options.log.warn({ queued }, 'event stream closed: the client is not reading');
      sse.close();
      return;
    }
    queued += 1;
    writes = writes
      .then(() => sse.send({ id: String(id), event: event.type, data: event }))
      // A client that went away mid-write: the close handler below already unsubscribed.
      .catch((error: unknown) => options.log.debug({ err: error }, 'event frame not written'))
      .finally(() => {
        queued -= 1;
      });
  };

  // Replay and subscription in one synchronous step: no event can fall between the two.
  const lastId = Number(options.lastEventId);
  const missed = options.lastEventId && Number.isSafeInteger(lastId) ? bus.eventsAfter(lastId) : [];
  for (const { id, event } of missed) write(event, id);
  const unsubscribe = bus.subscribe(write);
  sse.onClose(unsubscribe);
  // The client may have gone while the first frame was written, before onClose was registered.
  if (!sse.isConnected) unsubscribe();
}

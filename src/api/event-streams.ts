// Server-sent event streams (SPEC §7), shared by the two stream routes. Built on @fastify/sse, the
// Fastify team's own plugin, written for Fastify 5: it unsubscribes us through `onClose` when the client
// disconnects (the raw response's `close`), awaits `drain` when the socket is full, and writes the
// heartbeat. fastify-sse-v2 was the
// other candidate: it still depends on fastify-plugin 4 and the it-pushable 1 era, hijacks the reply
// (errors then bypass our problem+json handler), and queues without bound behind a client that stops
// reading. On top of the plugin, event-stream.ts bounds that queue and replays after Last-Event-ID.
import fastifySSE, { type SSEPluginOptions, type SSEReplyInterface } from '@fastify/sse';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { problemSchema } from '../contract/common.ts';
import type { EventBus, PublishedEvent } from '../events/event-bus.ts';
import { streamEvents } from '../events/event-stream.ts';
import { openSseClient } from '../metrics/metrics.ts';

// The package is CommonJS: its module.exports is the fastify-plugin-wrapped plugin (it must not be
// encapsulated, or its onRoute hook would miss our routes), but its types call that the module object.
const ssePlugin = fastifySSE as unknown as FastifyPluginAsync<SSEPluginOptions>;

export interface EventRouteOptions {
  /** Milliseconds between heartbeat comments, which keep proxies from closing an idle stream. */
  readonly heartbeatMs?: number;
  /** The reconnection delay clients are told (`retry:`). */
  readonly retryMs?: number;
  /** Frames that may wait behind a client that does not read before its stream is closed. */
  readonly maxQueuedFrames?: number;
}

/** The frame format, as the OpenAPI description of both stream routes tells it. */
export const FRAME_FORMAT = `Server-sent events (text/event-stream). Each event is one frame:

    id: 1764050400123
    event: raffle.drawn
    data: {"type":"raffle.drawn","channel":"loja","channelId":1,…,"at":"2026-11-25T06:00:00.123Z"}

\`event\` is the type and \`data\` the whole event as JSON, with \`at\` (when it was published). Types:
\`raffle.drawn\` (a draw committed: one-off, session tick or redraw, with the raffle as GET …/raffles
returns it), \`session.started\` / \`session.stopped\` (the automatic session and its state),
\`channel.connected\` / \`channel.reconnect_needed\` (the Twitch connection). Ids increase; after a
reconnect, \`Last-Event-ID\` replays the events this server still holds (best effort: the last 1,000,
in memory). The stream starts with a \`retry:\` hint and carries a \`: heartbeat\` comment every 15 s.`;

/** The OpenAPI answers both stream routes share. */
export const streamResponse = {
  200: {
    description: 'The event stream (never ends by itself)',
    content: {
      'text/event-stream': {
        schema: z.string().meta({
          example:
            'retry: 3000\n\nid: 1764050400123\nevent: channel.connected\ndata: {"type":"channel.connected","channel":"loja","channelId":1,"guildId":null,"at":"2026-11-25T06:00:00.123Z"}\n\n',
        }),
      },
    },
  },
  401: problemSchema,
};

/** How a route answers with a stream: the events `includes` lets through, until the client leaves. */
export type ServeEvents = (
  request: FastifyRequest,
  reply: FastifyReply,
  includes: (event: PublishedEvent) => boolean,
) => Promise<void>;

/**
 * Readies a route plugin for event streams: registers @fastify/sse in it, ends its open streams when the
 * app closes, and returns how its routes serve one. Shared by GET /api/v1/events and
 * GET /api/v1/channels/{login}/events.
 */
export async function eventStreams(
  app: FastifyInstance,
  events: EventBus,
  options: EventRouteOptions = {},
): Promise<ServeEvents> {
  await app.register(ssePlugin, { heartbeatInterval: options.heartbeatMs ?? 15_000 });
  const open = new Set<SSEReplyInterface>();
  // Open streams never finish by themselves: end them, or app.close() would wait for the clients.
  app.addHook('preClose', async () => {
    for (const sse of open) sse.close();
  });
  return async (request, reply, includes) => {
    const sse = reply.sse;
    open.add(sse);
    const counted = openSseClient();
    sse.onClose(() => {
      open.delete(sse);
      counted();
    });
    await streamEvents(events, sse, {
      includes,
      lastEventId: sse.lastEventId,
      retryMs: options.retryMs ?? 3000,
      maxQueuedFrames: options.maxQueuedFrames ?? 1000,
      log: request.log,
    });
  };
}

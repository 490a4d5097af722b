// Server-sent event streams (SPEC §7). Built on @fastify/sse, the Fastify team's own plugin, written for
// Fastify 5: it unsubscribes us through `onClose` when the client disconnects (the raw response's
// `close`), awaits `drain` when the socket is full, and writes the heartbeat. fastify-sse-v2 was the
// other candidate: it still depends on fastify-plugin 4 and the it-pushable 1 era, hijacks the reply
// (errors then bypass our problem+json handler), and queues without bound behind a client that stops
// reading. On top of the plugin, event-stream.ts bounds that queue and replays after Last-Event-ID.
import fastifySSE, { type SSEPluginOptions, type SSEReplyInterface } from '@fastify/sse';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { bearer, channelParams, problemSchema } from '../../contract/common.ts';
import type { PublishedEvent } from '../../events/event-bus.ts';
import { streamEvents } from '../../events/event-stream.ts';
import { channelOf } from '../plugins/access.ts';
import type { Services } from '../services.ts';

// The package is CommonJS: its module.exports is the fastify-plugin-wrapped plugin (it must not be
// encapsulated, or its onRoute hook would miss our routes), but its types call that the module object.
const ssePlugin = fastifySSE as unknown as FastifyPluginAsync<SSEPluginOptions>;

/** The request as log lines show it, with the value of `key=` in the URL replaced (SPEC §9). */
function requestWithoutKey(request: FastifyRequest) {
  return {
    method: request.method,
    url: request.url.replace(/([?&]key=)[^&]*/g, '$1[redacted]'),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

export interface EventRouteOptions {
  /** Milliseconds between heartbeat comments, which keep proxies from closing an idle stream. */
  readonly heartbeatMs?: number;
  /** The reconnection delay clients are told (`retry:`). */
  readonly retryMs?: number;
  /** Frames that may wait behind a client that does not read before its stream is closed. */
  readonly maxQueuedFrames?: number;
}

const FRAME_FORMAT = `Server-sent events (text/event-stream). Each event is one frame:

    id: 1764050400123
    event: raffle.drawn
    data: {"type":"raffle.drawn","channel":"loja","channelId":1,…,"at":"2026-11-25T06:00:00.123Z"}

\`event\` is the type and \`data\` the whole event as JSON, with \`at\` (when it was published). Types:
\`raffle.drawn\` (a draw committed: one-off, session tick or redraw, with the raffle as GET …/raffles
returns it), \`session.started\` / \`session.stopped\` (the automatic session and its state),
\`channel.connected\` / \`channel.reconnect_needed\` (the Twitch connection). Ids increase; after a
reconnect, \`Last-Event-ID\` replays the events this server still holds (best effort: the last 1,000,
in memory). The stream starts with a \`retry:\` hint and carries a \`: heartbeat\` comment every 15 s.`;

const streamResponse = {
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

/** `GET /events` (service token, every channel) and `GET /channels/{login}/events` (SPEC §7). */
export function eventRoutes(services: Services, options: EventRouteOptions = {}): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(ssePlugin, { heartbeatInterval: options.heartbeatMs ?? 15_000 });
    const open = new Set<SSEReplyInterface>();
    // Open streams never finish by themselves: end them, or app.close() would wait for the clients.
    app.addHook('preClose', async () => {
      for (const sse of open) sse.close();
    });

    const serve = async (
      request: FastifyRequest,
      reply: FastifyReply,
      includes: (event: PublishedEvent) => boolean,
    ) => {
      const sse = reply.sse;
      open.add(sse);
      sse.onClose(() => open.delete(sse));
      await streamEvents(services.events, sse, {
        includes,
        lastEventId: sse.lastEventId,
        retryMs: options.retryMs ?? 3000,
        maxQueuedFrames: options.maxQueuedFrames ?? 1000,
        log: request.log,
      });
    };

    app.get(
      '/events',
      {
        sse: 'only',
        config: { access: 'service' },
        schema: {
          tags: ['events'],
          summary: "Every channel's events (the bot listens here)",
          description: FRAME_FORMAT,
          security: bearer,
          response: streamResponse,
        },
      },
      (request, reply) => serve(request, reply, () => true),
    );

    app.get(
      '/channels/:login/events',
      {
        sse: 'only',
        config: { access: 'stream' },
        // The overlay key rides in the URL (OBS opens a plain URL): request log lines must not carry it.
        logSerializers: { req: requestWithoutKey },
        schema: {
          tags: ['events'],
          summary: "One channel's events (the overlay listens here with ?key=)",
          description: `Open with the service token or with the channel's overlay key (\`?key=…\`).\n\n${FRAME_FORMAT}`,
          security: [...bearer, {}],
          params: channelParams,
          querystring: z.object({
            key: z.string().max(200).optional().meta({ description: "the channel's overlay key" }),
          }),
          response: { ...streamResponse, 403: problemSchema, 404: problemSchema },
        },
      },
      async (request, reply) => {
        const channel = channelOf(request);
        await serve(request, reply, (event) => event.channelId === channel.id);
      },
    );
  };
}

import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../src/api/services.ts';
import { TEST_API_TOKEN } from '../helpers/app.ts';

let nextEventId = 0;

/**
 * `GET /api/v1/events` as the API contract describes it (SSE frames `id`/`event`/`data` of the event
 * bus, service token), registered only while the API itself does not serve that route yet — once it
 * does, the bot's tests run against the real one.
 */
export function serveEventsIfMissing(app: FastifyInstance, services: Services): void {
  if (app.hasRoute({ method: 'GET', url: '/api/v1/events' })) return;
  const streams = new Set<ServerResponse>();
  app.addHook('preClose', async () => {
    for (const stream of streams) stream.destroy();
  });
  app.get('/api/v1/events', async (request, reply) => {
    if (request.headers.authorization !== `Bearer ${TEST_API_TOKEN}`) {
      return reply.status(401).send({ code: 'unauthorized', message: 'service token required' });
    }
    reply.hijack();
    const stream = reply.raw;
    stream.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    stream.write(': connected\n\n');
    streams.add(stream);
    const unsubscribe = services.events.subscribe((event) => {
      stream.write(`id: ${++nextEventId}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    });
    request.raw.on('close', () => {
      unsubscribe();
      streams.delete(stream);
    });
  });
}

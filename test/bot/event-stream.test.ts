import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { PublishedEvent } from '../../src/bot/api-types.ts';
import { type EventStream, listenToApiEvents } from '../../src/bot/event-stream.ts';

/** A stand-in for the API's `GET /api/v1/events`: records who connected, sends frames on demand. */
class EventServer {
  readonly connections: IncomingHttpHeaders[] = [];
  readonly #open = new Set<ServerResponse>();
  #server: Server | undefined;
  port = 0;
  /** Answer the next connections with this status instead of a stream. */
  refuseWith: number | undefined;

  async start(port = 0): Promise<void> {
    const server = createServer((request, response) => {
      if (request.url !== '/api/v1/events') return void response.writeHead(404).end();
      this.connections.push(request.headers);
      if (this.refuseWith) return void response.writeHead(this.refuseWith).end();
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      response.write(': connected\n\n');
      this.#open.add(response);
      response.on('close', () => this.#open.delete(response));
    });
    this.#server = server;
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
  }

  send(id: number, event: PublishedEvent): void {
    for (const response of this.#open) {
      response.write(`id: ${id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    }
  }

  get listeners(): number {
    return this.#open.size;
  }

  async stop(): Promise<void> {
    for (const response of this.#open) response.destroy();
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()));
  }
}

const connected = (channel: string, guildId: string): PublishedEvent => ({
  type: 'channel.connected',
  channel,
  channelId: 1,
  guildId,
  at: new Date().toISOString(),
});

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('the API event stream listener', () => {
  let server: EventServer;
  let stream: EventStream | undefined;

  afterEach(async () => {
    stream?.stop();
    await server?.stop();
  });

  function listen(received: PublishedEvent[]) {
    let opened = 0;
    stream = listenToApiEvents({
      apiUrl: `http://127.0.0.1:${server.port}`,
      token: 'service-token-0123456789',
      logger: pino({ level: 'silent' }),
      onEvent: (event) => received.push(event),
      onOpen: () => opened++,
      backoff: { initialMs: 20, maxMs: 200 },
    });
    return { opens: () => opened };
  }

  it('receives events with the service token', async () => {
    server = new EventServer();
    await server.start();
    const received: PublishedEvent[] = [];
    const { opens } = listen(received);
    await until(() => opens() === 1 && server.listeners === 1, 'the stream to open');
    expect(server.connections[0]?.authorization).toBe('Bearer service-token-0123456789');
    server.send(1, connected('ana', '10'));
    await until(() => received.length === 1, 'the event');
    expect(received[0]).toMatchObject({ type: 'channel.connected', channel: 'ana', guildId: '10' });
  });

  it('resumes after the API restarts, and after it answered with errors meanwhile', async () => {
    server = new EventServer();
    await server.start();
    const received: PublishedEvent[] = [];
    const { opens } = listen(received);
    await until(() => opens() === 1 && server.listeners === 1, 'the stream to open');
    server.send(7, connected('ana', '10'));
    await until(() => received.length === 1, 'the first event');

    const port = server.port;
    await server.stop();
    // Down for a while: connection refused, several attempts.
    await new Promise((resolve) => setTimeout(resolve, 300));
    server = new EventServer();
    server.refuseWith = 502;
    await server.start(port);
    await until(() => server.connections.length >= 2, 'retries through the 502s');
    server.refuseWith = undefined;
    // The server counts the stream before the client has read its headers: wait for both sides.
    await until(() => server.listeners === 1 && opens() === 2, 'the stream to reopen');
    expect(server.connections.at(-1)?.['last-event-id']).toBe('7');

    server.send(8, connected('bruno', '11'));
    await until(() => received.length === 2, 'an event after the restart');
    expect(received[1]).toMatchObject({ channel: 'bruno' });
  });

  it('stops for good when asked', async () => {
    server = new EventServer();
    await server.start();
    const { opens } = listen([]);
    await until(() => opens() === 1, 'the stream to open');
    stream?.stop();
    await until(() => server.listeners === 0, 'the stream to close');
    const connections = server.connections.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(server.connections.length).toBe(connections);
  });
});

import { connect, type Socket } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.ts';
import { isErrorCode } from '../../src/contract/index.ts';
import { asService } from '../helpers/app.ts';
import { logInToDashboard } from '../helpers/dashboard-login.ts';
import { useWorld } from '../helpers/world.ts';

// SPEC §9: access is decided before a request body is read (401/403 at once, whatever the body's size),
// a body not received within the timeout is cut off, and every refusal is problem+json with a code.

/** Sends raw bytes on a new connection; resolves with what the server answered until it closed. */
function rawRequest(port: number, head: string, body = ''): { socket: Socket; answer: Promise<string> } {
  const socket = connect(port, '127.0.0.1');
  socket.write(head + body);
  const answer = new Promise<string>((resolve, reject) => {
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
    });
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
  });
  return { socket, answer };
}

/** Resolves with the first status line the server sends on `socket`. */
function statusLine(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    socket.once('data', (chunk) => resolve(chunk.toString('latin1').split('\r\n')[0] ?? ''));
  });
}

describe('request limits', () => {
  const world = useWorld({ twitch: true, app: 'listen', sandboxChannel: true });
  const port = () => Number(new URL(world.baseUrl).port);

  it('refuses a request without credentials before reading its 60 MB body', async () => {
    const head =
      'POST /api/v1/channels/kinoyu_sandbox/raffles HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
      `Content-Length: ${60 * 1024 * 1024}\r\n\r\n`;
    const { socket } = rawRequest(port(), head, '{"winners":1,"entrants":[');
    // Only the headers and a few bytes were sent: the answer cannot be waiting for the body.
    const line = await statusLine(socket);
    socket.destroy();
    expect(line).toBe('HTTP/1.1 401 Unauthorized');
  });

  it("holds a dashboard login to the shared body limit on the draw route that takes the service token's large bodies", async () => {
    const streamer = await logInToDashboard(world.app, world.twitch);
    const entrants = Array.from({ length: 6000 }, (_, index) => ({
      userId: String(100_000 + index),
      login: `viewer_${index}_with_a_longer_login`,
    }));
    const body = JSON.stringify({ winners: 1, entrants });
    expect(body.length).toBeGreaterThan(256 * 1024);
    const asDashboard = await world.app.inject({
      method: 'POST',
      url: '/api/v1/channels/kinoyu_sandbox/raffles',
      headers: {
        cookie: streamer.cookie,
        'x-csrf-token': streamer.csrfToken,
        'content-type': 'application/json',
      },
      payload: body,
    });
    expect(asDashboard.statusCode).toBe(413);
    expect(asDashboard.json().code).toBe('body_too_large');
    const asServiceToken = await world.app.inject({
      method: 'POST',
      url: '/api/v1/channels/kinoyu_sandbox/raffles',
      headers: { ...asService, 'content-type': 'application/json' },
      payload: body,
    });
    expect(asServiceToken.statusCode).toBe(201);
  });

  it('answers a too-long URL part (414) and a refused media type (406) as problem+json', async () => {
    const long = await world.app.inject({
      method: 'GET',
      url: `/api/v1/channels/${'a'.repeat(300)}/items`,
      headers: asService,
    });
    expect(long.statusCode).toBe(414);
    expect(long.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(long.json()).toMatchObject({ status: 414, code: 'uri_too_long' });
    const refused = await world.app.inject({
      method: 'GET',
      url: '/api/v1/events',
      headers: { ...asService, accept: 'application/json' },
    });
    expect(refused.statusCode).toBe(406);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(isErrorCode(refused.json().code)).toBe(true);
  });

  it('takes raffle ids in digits only', async () => {
    for (const id of ['%201', '1e3', '0x10', '-1', '1.0', '01', '99999999999999999']) {
      const response = await world.app.inject({ method: 'GET', url: `/api/v1/raffles/${id}/proof` });
      expect(response.statusCode, id).toBe(400);
      expect(response.json().code, id).toBe('invalid_request');
    }
  });

  describe('a client that sends its body too slowly', () => {
    let app: Awaited<ReturnType<typeof buildApp>>;
    let slowPort = 0;
    beforeAll(async () => {
      app = await buildApp(world.services, pino({ level: 'silent' }), { requestTimeoutMs: 1000 });
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.server.address();
      slowPort = typeof address === 'object' && address ? address.port : 0;
    });
    afterAll(() => app?.close());

    it('is cut off once the request timeout has passed, credentials or not', async () => {
      const head =
        'POST /api/v1/channels/kinoyu_sandbox/items HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
        `Authorization: ${asService.authorization}\r\nContent-Length: 100\r\n\r\n`;
      const started = Date.now();
      const { answer } = rawRequest(slowPort, head, '{"te');
      const received = await answer;
      // Node answers 408 and closes; the body never arrived, so nothing was added.
      expect(received.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    });
  });

  it('does not let a client still sending its body hold up the shutdown', async () => {
    // A request timeout longer than this test's own: if close() waited for the slow client, it would
    // never finish in time.
    const slowApp = await buildApp(world.services, pino({ level: 'silent' }), { requestTimeoutMs: 120_000 });
    await slowApp.listen({ port: 0, host: '127.0.0.1' });
    const address = slowApp.server.address();
    const head =
      'POST /api/v1/channels/kinoyu_sandbox/items HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
      `Authorization: ${asService.authorization}\r\nContent-Length: 100\r\n\r\n`;
    const { answer } = rawRequest(typeof address === 'object' && address ? address.port : 0, head, '{"te');
    await new Promise((resolve) => slowApp.server.once('request', resolve));
    await slowApp.close();
    await answer;
  }, 20_000);
});

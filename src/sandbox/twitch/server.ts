import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { renderAvatar } from './consent-page.ts';
import type { FakeContext } from './fake-context.ts';
import type { FaultSwitches, InjectedFailure } from './fault-switches.ts';
import { handleHelix } from './helix-routes.ts';
import { type FakeRequest, readBody, sendError, TwitchHttpError } from './http-io.ts';
import { handleOAuth } from './oauth-routes.ts';
import type { RequestLog } from './request-log.ts';

/** What the HTTP layer needs besides the routes' context. */
export interface ServerParts {
  readonly context: FakeContext;
  readonly faults: FaultSwitches;
  readonly log: RequestLog;
  readonly rateLimitPerMinute: number;
  /** Told about a route that threw something other than a Twitch error (a bug in the fake). */
  readonly onError: (error: unknown) => void;
}

/** The listening servers, one per address, all on one port. */
export interface ListeningServers {
  readonly port: number;
  close(): Promise<void>;
}

/** Builds the request and upgrade listeners shared by every listening address. */
export function createListeners(parts: ServerParts) {
  const onRequest = (request: IncomingMessage, response: ServerResponse) => {
    void serve(parts, request, response);
  };
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://fake');
    parts.log.record('GET', url.pathname, url.searchParams).status = 101;
    if (url.pathname === '/ws')
      parts.context.eventSub.sessions.handleUpgrade(request, socket, head, url.searchParams);
    else socket.destroy();
  };
  return { onRequest, onUpgrade };
}

async function serve(parts: ServerParts, incoming: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(incoming.url ?? '/', 'http://fake');
  const method = incoming.method ?? 'GET';
  const entry = parts.log.record(method, url.pathname, url.searchParams);
  response.on('finish', () => {
    entry.status = response.statusCode;
  });
  try {
    const request: FakeRequest = {
      method,
      path: url.pathname,
      query: url.searchParams,
      headers: incoming.headers,
      body: await readBody(incoming),
    };
    const delay = parts.faults.delayFor(request.path);
    if (delay > 0) await sleep(delay);
    await route(parts, request, response);
  } catch (error) {
    if (!(error instanceof TwitchHttpError)) parts.onError(error);
    if (response.headersSent) response.destroy();
    else
      sendError(
        response,
        error instanceof TwitchHttpError ? error : new TwitchHttpError(500, 'fake Twitch failed'),
      );
  }
}

async function route(parts: ServerParts, request: FakeRequest, response: ServerResponse): Promise<void> {
  const failure = parts.faults.takeFailure(request.path);
  if (failure) sendInjectedFailure(response, failure, parts.rateLimitPerMinute);
  else if (await handleOAuth(parts.context, request, response)) return;
  else if (handleHelix(parts.context, request, response)) return;
  else if (request.method === 'GET' && /^\/avatars\/[a-z0-9_]+\.svg$/.test(request.path))
    sendAvatar(response, request.path);
  else throw new TwitchHttpError(404, `${request.method} ${request.path} is not served by the fake Twitch`);
}

// A 429 carries an empty bucket and its reset time, which is what twurple waits for before retrying.
function sendInjectedFailure(response: ServerResponse, failure: InjectedFailure, limit: number): void {
  if (failure.status === 429) {
    response.setHeader('Ratelimit-Limit', limit);
    response.setHeader('Ratelimit-Remaining', 0);
    response.setHeader('Ratelimit-Reset', Math.ceil((Date.now() + (failure.resetAfterMs ?? 1000)) / 1000));
  }
  sendError(response, new TwitchHttpError(failure.status, 'injected by the fake Twitch'));
}

function sendAvatar(response: ServerResponse, path: string): void {
  const svg = renderAvatar(path.slice('/avatars/'.length, -'.svg'.length));
  response.writeHead(200, { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'max-age=86400' });
  response.end(svg);
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * Listens on one port of both loopback addresses: twurple's HTTP calls go to `localhost` (which may be
 * ::1) and its WebSocket to 127.0.0.1. Loopback only, so the sandbox is not reachable from the network;
 * `host` overrides this with one address (e.g. '::' for every interface).
 */
export async function listenOnLoopback(
  listeners: ReturnType<typeof createListeners>,
  port: number,
  host?: string,
): Promise<ListeningServers> {
  const make = () => createServer(listeners.onRequest).on('upgrade', listeners.onUpgrade);
  const servers = (list: [Server, ...Server[]]): ListeningServers => ({
    port: (list[0].address() as AddressInfo).port,
    close: async () => {
      await Promise.all(list.map(closeServer));
    },
  });
  if (host !== undefined) {
    const only = make();
    await listen(only, port, host);
    return servers([only]);
  }
  for (let attempt = 0; ; attempt++) {
    const ipv4 = make();
    await listen(ipv4, port, '127.0.0.1');
    const ipv6 = make();
    try {
      await listen(ipv6, (ipv4.address() as AddressInfo).port, '::1');
      return servers([ipv4, ipv6]);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // No IPv6 on this machine: IPv4 alone will do.
      if (code === 'EADDRNOTAVAIL' || code === 'EAFNOSUPPORT') return servers([ipv4]);
      await closeServer(ipv4);
      // A random port free on 127.0.0.1 but taken on ::1: try another one.
      if (code !== 'EADDRINUSE' || port !== 0 || attempt >= 10) throw error;
    }
  }
}

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { FakeContext } from './context.ts';
import type { FaultSwitches } from './fault-switches.ts';
import type { Gateway } from './gateway.ts';
import { DiscordHttpError, readRestBody, sendError, sendJson, sendNoContent } from './http-io.ts';
import { handleRest } from './rest-routes.ts';

const API_PREFIX = '/api/v10';

/** One REST request the fake received. */
export interface RecordedRequest {
  method: string;
  /** The decoded path after `/api/v10` (`@original`, not `%40original`). */
  path: string;
  body: unknown;
  /** Whether it carried `Authorization: Bot <the fake's token>`. */
  authorized: boolean;
  at: number;
  /** The status answered; undefined while in flight. */
  status?: number;
}

/** The HTTP server: REST under `/api/v10`, and the gateway on any WebSocket upgrade. */
export async function listenOnLoopback(parts: HttpParts): Promise<{ port: number; close(): Promise<void> }> {
  const server = createServer((request, response) => {
    void serve(parts, request, response);
  });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) =>
    parts.gateway.handleUpgrade(request, socket, head),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** What the HTTP server serves from. */
export interface HttpParts {
  readonly context: FakeContext;
  readonly gateway: Gateway;
  readonly faults: FaultSwitches;
  /** Where every request is recorded. */
  readonly requests: RecordedRequest[];
  /** Told about a route that threw something other than a Discord error (a bug in the fake). */
  readonly onBug: (error: unknown) => void;
}

async function serve(parts: HttpParts, incoming: IncomingMessage, response: ServerResponse): Promise<void> {
  const { context, requests, onBug } = parts;
  const url = new URL(incoming.url ?? '/', 'http://fake');
  const method = incoming.method ?? 'GET';
  const path = decodePath(
    url.pathname.startsWith(`${API_PREFIX}/`) ? url.pathname.slice(API_PREFIX.length) : url.pathname,
  );
  const authorized = incoming.headers.authorization === `Bot ${context.token}`;
  const entry: RecordedRequest = { method, path, body: undefined, authorized, at: Date.now() };
  requests.push(entry);
  response.on('finish', () => {
    entry.status = response.statusCode;
  });
  try {
    const { body, files } = await readRestBody(incoming);
    entry.body = body;
    if (!url.pathname.startsWith(`${API_PREFIX}/`)) throw new DiscordHttpError(404, 0, '404: Not Found');
    const injected = parts.faults.take(method, path);
    if (injected) throw injected;
    const result = await handleRest(
      context,
      { method, path, query: url.searchParams, body, files },
      authorized,
    );
    if (result.status === 204) sendNoContent(response);
    else sendJson(response, result.status, 'body' in result ? result.body : null);
  } catch (error) {
    if (!(error instanceof DiscordHttpError)) onBug(error);
    sendError(
      response,
      error instanceof DiscordHttpError ? error : new DiscordHttpError(500, 0, '500: Internal Server Error'),
    );
  }
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    // A malformed escape is routed as it came, and ends in a 404 like any unknown path.
    return path;
  }
}

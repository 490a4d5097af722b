import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DiscordJson } from './payloads.external.ts';

/** Thrown by a route to answer with Discord's error shape `{message, code, errors?}`. */
export class DiscordHttpError extends Error {
  override name = 'DiscordHttpError';

  constructor(
    readonly status: number,
    /** Discord's JSON error code, e.g. 10003 Unknown Channel. https://discord.com/developers/docs/topics/opcodes-and-status-codes#json */
    readonly code: number,
    message: string,
    readonly errors?: DiscordJson,
    /** Extra response headers and body fields (a 429's Retry-After and retry_after). */
    readonly extra: { headers?: Record<string, string>; body?: Record<string, unknown> } = {},
  ) {
    super(message);
  }
}

/** The 404 Discord answers for a route it does not have. */
export const notFound = () => new DiscordHttpError(404, 0, '404: Not Found');

/** A REST request as routes see it: path after `/api/v10`, query, and the parsed body. */
export interface RestRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: DiscordJson;
  /** File names sent as multipart parts next to `payload_json`. */
  readonly files: string[];
}

/** Reads a JSON or multipart (`payload_json` + files, as discord.js sends attachments) body. */
export async function readRestBody(
  request: IncomingMessage,
): Promise<{ body: DiscordJson; files: string[] }> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  if (raw.length === 0) return { body: undefined, files: [] };
  const type = request.headers['content-type'] ?? '';
  if (type.startsWith('multipart/form-data')) {
    const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
    const files: string[] = [];
    for (const value of form.values()) if (typeof value !== 'string') files.push(value.name);
    const payload = form.get('payload_json');
    return { body: typeof payload === 'string' ? JSON.parse(payload) : {}, files };
  }
  try {
    return { body: JSON.parse(raw.toString('utf8')), files: [] };
  } catch {
    throw new DiscordHttpError(400, 50109, 'The request body contains invalid JSON.');
  }
}

/** Answers JSON. */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  });
  response.end(text);
}

/** Answers 204 with no content type: @discordjs/rest would try to parse a JSON one (reference §7.7). */
export function sendNoContent(response: ServerResponse): void {
  response.writeHead(204);
  response.end();
}

/** Answers an error in Discord's shape. */
export function sendError(response: ServerResponse, error: DiscordHttpError): void {
  const body = {
    message: error.message,
    code: error.code,
    ...(error.errors !== undefined && { errors: error.errors }),
    ...error.extra.body,
  };
  sendJson(response, error.status, body, error.extra.headers);
}

import { type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';

/** A request as the fake's routes see it: parsed URL and the whole body. */
export interface FakeRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/** Thrown by a route to answer with an error in the Twitch shape `{error, status, message}`. */
export class TwitchHttpError extends Error {
  override name = 'TwitchHttpError';

  constructor(
    readonly status: number,
    message: string,
    /** Auth endpoints answer `{status, message}` without `error`. */
    readonly withErrorField = true,
  ) {
    super(message);
  }
}

const MAX_BODY_BYTES = 1024 * 1024;

/** Reads the request body (up to 1 MiB) as text. */
export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new TwitchHttpError(413, 'request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Query parameters merged with an x-www-form-urlencoded body, as Twitch's OAuth endpoints accept both. */
export function formParams(request: FakeRequest): URLSearchParams {
  const params = new URLSearchParams(request.query);
  const type = request.headers['content-type'] ?? '';
  if (request.body && type.startsWith('application/x-www-form-urlencoded')) {
    for (const [key, value] of new URLSearchParams(request.body))
      if (!params.has(key)) params.append(key, value);
  }
  return params;
}

/** The JSON body of a request, or a 400 when it is not a JSON object. */
export function jsonBody(request: FakeRequest): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(request.body);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // Falls through to the 400 below: Twitch answers a malformed body the same way as a wrong one.
  }
  throw new TwitchHttpError(400, 'Malformed request body');
}

/** Answers JSON with `Content-Type: application/json` exactly (twurple compares the header verbatim). */
export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  });
  response.end(text);
}

/** Answers an error in the Twitch shape. */
export function sendError(response: ServerResponse, error: TwitchHttpError): void {
  const { status, message } = error;
  sendJson(
    response,
    status,
    error.withErrorField ? { error: STATUS_CODES[status], status, message } : { status, message },
  );
}

/** Answers an HTML page. */
export function sendHtml(response: ServerResponse, status: number, html: string): void {
  response.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
    // The consent page needs no script and no outside resource; say so to the browser.
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action *",
  });
  response.end(html);
}

/** Answers a 302 to `location`. */
export function redirect(response: ServerResponse, location: string): void {
  response.writeHead(302, { Location: location, 'Content-Length': 0 });
  response.end();
}

/** Answers 204 without a body (and without a content type, so clients do not try to parse one). */
export function sendNoContent(response: ServerResponse): void {
  response.writeHead(204);
  response.end();
}
